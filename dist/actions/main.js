import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as r,b as a,c as o,g as i,h as e}from"../chunks/chunk-HH3U25JP.js";import"../chunks/chunk-DGPOHVHB.js";import"../chunks/chunk-GD7AHOJ4.js";try{let{stage:t}=a({stage:e});await o(i(t))}catch(t){await r(t)}
