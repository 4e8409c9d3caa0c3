import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o,b as i,c as e}from"../chunks/chunk-RVCJBPSF.js";import{d as r,e as a}from"../chunks/chunk-EH7QCWHY.js";import"../chunks/chunk-UQF77LZQ.js";import"../chunks/chunk-NYRTOUVY.js";try{let{stage:t}=i({stage:a});await e(r(t))}catch(t){await o(t)}
