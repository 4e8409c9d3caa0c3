import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as i}from"./chunk-7AQIPBPV.js";import{a as t}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{j as m}from"./chunk-SI33GAZQ.js";import"./chunk-NYRTOUVY.js";async function s(r){let e=r.values;return await t(m,{...i(e),weight:e.weight??"",image:e.image},r),0}export{s as run};
