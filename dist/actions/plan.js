import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as r}from"../chunks/chunk-25YTPNW5.js";import"../chunks/chunk-JREESTVO.js";import{c as o}from"../chunks/chunk-73FGKGX7.js";import"../chunks/chunk-6VBTOLTU.js";import"../chunks/chunk-NYRTOUVY.js";await r(o);
