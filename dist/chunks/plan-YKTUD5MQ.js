import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r}from"./chunk-XPNNQIT3.js";import"./chunk-WYIJUNRF.js";import{c as n}from"./chunk-73FGKGX7.js";import"./chunk-NYRTOUVY.js";async function e(m){let{config:o,image:t}=m.values;return await r(n,{config:o,image:t},m),0}export{e as run};
