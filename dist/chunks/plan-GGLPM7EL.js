import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as m}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{f as r}from"./chunk-SI33GAZQ.js";import"./chunk-NYRTOUVY.js";async function g(n){let{config:o,environment:t,image:i}=n.values;return await m(r,{config:o,environment:t,image:i},n),0}export{g as run};
