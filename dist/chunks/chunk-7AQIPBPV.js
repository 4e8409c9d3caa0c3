import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function e(n){return{config:n.config,environment:n.environment,kubeconfig:void 0,kubeconfigFile:n.kubeconfig,context:n.context,tenants:n.tenants??"all",ring:n.ring}}export{e as a};
