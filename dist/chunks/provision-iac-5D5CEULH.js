import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as O,d as r,g as $}from"./chunk-DGPOHVHB.js";import{a as u,b as p,c as f,d as m,e as l,f as g,g as w,h,i as y,j as v}from"./chunk-U7CFVBUF.js";import"./chunk-76MAGWUZ.js";import{b as d}from"./chunk-PWN3L5A2.js";import"./chunk-GD7AHOJ4.js";import{resolve as C}from"node:path";async function S(o){let b=C(process.env.GITHUB_WORKSPACE??process.cwd(),o.config),a=await d(b),I=u.connect({...o.kubeconfig?{kubeconfig:o.kubeconfig}:{},...o.context?{context:o.context}:{}}),n=o["dry-run"],{config:x}=a,{report:e,failure:i}=await y(I,x,{manifestsDir:v(a),dryRun:n,allowNamespaceDeletion:o["allow-namespace-deletion"],onProgress:t=>$(t)});r("tenants",JSON.stringify(l(e))),r("rings",JSON.stringify(g(e))),r("changes",w(e)),r("drift",h(e));let c=m(e),s=O.addHeading(`cutover provision-iac${n?" (dry run: nothing applied)":""}`,3).addTable([p.map(t=>({data:t,header:!0})),...f(e)]);if(e.removed.length>0&&s.addList(e.removed.map(t=>`namespace \`${t.namespace}\` of removed tenant \`${t.unit}\` ${n?"would be":"was"} deleted`)),c.length>0){let t=`${n?"Would change":"Changed"}: + create, ~ update (fields), - delete`;s.addDetails(t,`

\`\`\`diff
${c.join(`
`)}
\`\`\`
`)}if(s.addRaw(`API requests: ${e.stats.reads} reads, ${e.stats.dryRuns} dry runs, ${e.stats.writes} writes.`,!0),await s.write(),i)throw i}export{S as run};
