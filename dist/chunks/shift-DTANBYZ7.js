import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o}from"./chunk-JRY3RT3W.js";import{a as m}from"./chunk-YLGOOUY3.js";import"./chunk-3ZLTZF7W.js";import{j as e}from"./chunk-YU4JQEOO.js";import"./chunk-NYRTOUVY.js";async function s(r){let t=r.values;return await m(e,{...o(t),weight:t.weight??""},r),0}export{s as run};
