import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{c as m}from"./chunk-YU4JQEOO.js";import"./chunk-NYRTOUVY.js";async function a(r){return await o(m,{config:r.values.config},r),0}export{a as run};
