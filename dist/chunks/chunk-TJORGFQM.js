import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{h as n}from"./chunk-CKOUKQYZ.js";function c(e){return n.connect({...e.kubeconfig?{kubeconfig:e.kubeconfig}:{},...e.kubeconfigFile?{kubeconfigPath:e.kubeconfigFile}:{},...e.context?{context:e.context}:{}})}export{c as a};
