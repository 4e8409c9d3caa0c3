import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{c as r}from"./chunk-SI33GAZQ.js";import"./chunk-NYRTOUVY.js";async function a(n){let{config:t,environment:m}=n.values;return await o(r,{config:t,environment:m},n),0}export{a as run};
