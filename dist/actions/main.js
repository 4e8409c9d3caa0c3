import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o,b as i,c as e}from"../chunks/chunk-25YTPNW5.js";import"../chunks/chunk-JREESTVO.js";import{i as r,j as a}from"../chunks/chunk-73FGKGX7.js";import"../chunks/chunk-6VBTOLTU.js";import"../chunks/chunk-NYRTOUVY.js";try{let{stage:t}=i({stage:a});await e(r(t))}catch(t){await o(t)}
