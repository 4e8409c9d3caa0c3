import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{f as n}from"./chunk-YU4JQEOO.js";import"./chunk-NYRTOUVY.js";async function e(m){let{config:o,image:t}=m.values;return await r(n,{config:o,image:t},m),0}export{e as run};
