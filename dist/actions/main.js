import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r,b as o,c as a,g as e,h as i}from"../chunks/chunk-IZBLMSWM.js";import"../chunks/chunk-DGPOHVHB.js";import"../chunks/chunk-HAIHGSXD.js";try{let{stage:t}=o({stage:i});await a(e(t))}catch(t){r(t)}
