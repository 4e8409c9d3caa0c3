import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as r}from"../chunks/chunk-RVCJBPSF.js";import{b as o}from"../chunks/chunk-EH7QCWHY.js";import"../chunks/chunk-UQF77LZQ.js";import"../chunks/chunk-NYRTOUVY.js";await r(o);
