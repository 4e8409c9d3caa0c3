import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as O,d as r,g as $}from"./chunk-DGPOHVHB.js";import{a as u,b as p,c as f,d as m,e as l,f as g,g as w,h as y,i as h,j as v}from"./chunk-4M33RWZI.js";import{b as d}from"./chunk-7JRWV5BV.js";import"./chunk-HAIHGSXD.js";import{resolve as C}from"node:path";async function S(e){let b=C(process.env.GITHUB_WORKSPACE??process.cwd(),e.config),a=await d(b),I=u.connect({...e.kubeconfig?{kubeconfig:e.kubeconfig}:{},...e.context?{context:e.context}:{}}),s=e["dry-run"],{config:x}=a,{report:t,failure:i}=await h(I,x,{manifestsDir:v(a),dryRun:s,allowNamespaceDeletion:e["allow-namespace-deletion"],onProgress:o=>$(o)});r("tenants",JSON.stringify(l(t))),r("rings",JSON.stringify(g(t))),r("changes",w(t)),r("drift",y(t));let c=m(t),n=O.addHeading(`cutover provision-iac${s?" (dry run: nothing applied)":""}`,3).addTable([p.map(o=>({data:o,header:!0})),...f(t)]);if(t.removed.length>0&&n.addList(t.removed.map(o=>`namespace \`${o.namespace}\` of removed tenant \`${o.unit}\` ${s?"would be":"was"} deleted`)),c.length>0&&n.addDetails("Changed by hand, and corrected",`

\`\`\`
${c.join(`
`)}
\`\`\`
`),n.addRaw(`API requests: ${t.stats.reads} reads, ${t.stats.dryRuns} dry runs, ${t.stats.writes} writes.`,!0),await n.write(),i)throw i}export{S as run};
