import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as n}from"./chunk-JRY3RT3W.js";import{a as m}from"./chunk-V2VYPIOP.js";import{d as r}from"./chunk-KCZYEVI7.js";import"./chunk-NYRTOUVY.js";async function s(e){let o=e.values;return await m(r,{...n(o),image:o.image,workload:o.workload,timeout:o.timeout??"5m"},e),0}export{s as run};
