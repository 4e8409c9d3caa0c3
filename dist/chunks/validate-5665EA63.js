import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-CM6FY6C3.js";import"./chunk-FJJ26FGP.js";import{a as m}from"./chunk-BLTBX6RO.js";import"./chunk-NYRTOUVY.js";async function a(r){return await o(m,{config:r.values.config},r),0}export{a as run};
