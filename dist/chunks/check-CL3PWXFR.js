import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{d as o}from"./chunk-SI33GAZQ.js";import"./chunk-NYRTOUVY.js";async function m(t){let n=t.values;return(await r(o,{config:n.config??"cutover.yaml","working-directory":n["working-directory"]},t)).passed?0:1}export{m as run};
