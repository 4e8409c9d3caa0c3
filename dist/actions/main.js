import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o,b as i,c as e}from"../chunks/chunk-76J6CF6O.js";import{g as r,h as a}from"../chunks/chunk-BLTBX6RO.js";import"../chunks/chunk-WCVK6NJQ.js";import"../chunks/chunk-NYRTOUVY.js";try{let{stage:t}=i({stage:a});await e(r(t))}catch(t){await o(t)}
