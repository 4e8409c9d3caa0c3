import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as i}from"../chunks/chunk-RVCJBPSF.js";import{c as o}from"../chunks/chunk-EH7QCWHY.js";import"../chunks/chunk-UQF77LZQ.js";import"../chunks/chunk-NYRTOUVY.js";await i(o);
