import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-XPNNQIT3.js";import"./chunk-WYIJUNRF.js";import{b as m}from"./chunk-73FGKGX7.js";import"./chunk-NYRTOUVY.js";async function a(r){return await o(m,{config:r.values.config},r),0}export{a as run};
