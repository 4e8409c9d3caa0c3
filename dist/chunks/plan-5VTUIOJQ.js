import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r}from"./chunk-CM6FY6C3.js";import"./chunk-FJJ26FGP.js";import{b as n}from"./chunk-BLTBX6RO.js";import"./chunk-NYRTOUVY.js";async function e(m){let{config:o,image:t}=m.values;return await r(n,{config:o,image:t},m),0}export{e as run};
