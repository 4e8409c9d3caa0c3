import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as h,d as r,g as v}from"./chunk-3VSXQTMQ.js";import{a as d,b as u,c as p,d as m,e as f,f as l,g,h as w,i as y}from"./chunk-G2XTQ5TV.js";import{a as c}from"./chunk-GJH2KO6N.js";import"./chunk-HAIHGSXD.js";import{resolve as I}from"node:path";async function H(e){let O=I(process.env.GITHUB_WORKSPACE??process.cwd(),e.config),{config:$}=await c(O),b=d.connect({...e.kubeconfig?{kubeconfig:e.kubeconfig}:{},...e.context?{context:e.context}:{}}),s=e["dry-run"],{report:t,failure:a}=await y(b,$,{dryRun:s,allowNamespaceDeletion:e["allow-namespace-deletion"],onProgress:o=>v(o)});r("tenants",JSON.stringify(f(t))),r("rings",JSON.stringify(l(t))),r("changes",g(t)),r("drift",w(t));let i=m(t),n=h.addHeading(`cutover provision-iac${s?" (dry run: nothing applied)":""}`,3).addTable([u.map(o=>({data:o,header:!0})),...p(t)]);if(t.removed.length>0&&n.addList(t.removed.map(o=>`namespace \`${o.namespace}\` of removed tenant \`${o.unit}\` ${s?"would be":"was"} deleted`)),i.length>0&&n.addDetails("Changed by hand, and corrected",`

\`\`\`
${i.join(`
`)}
\`\`\`
`),n.addRaw(`API requests: ${t.stats.reads} reads, ${t.stats.dryRuns} dry runs, ${t.stats.writes} writes.`,!0),await n.write(),a)throw a}export{H as run};
