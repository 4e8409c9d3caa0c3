import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as a}from"../chunks/chunk-RVCJBPSF.js";import{a as t}from"../chunks/chunk-EH7QCWHY.js";import"../chunks/chunk-UQF77LZQ.js";import"../chunks/chunk-NYRTOUVY.js";await a(t);
