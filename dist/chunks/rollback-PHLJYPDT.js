import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as m}from"./chunk-JRY3RT3W.js";import{a as t}from"./chunk-V2VYPIOP.js";import{f as o}from"./chunk-KCZYEVI7.js";import"./chunk-NYRTOUVY.js";async function i(e){let r=e.values;return await t(o,{...m(r),reason:r.reason??"rollback requested",timeout:r.timeout??"5m"},e),0}export{i as run};
