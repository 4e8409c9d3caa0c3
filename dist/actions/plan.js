import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as r}from"../chunks/chunk-WATD5PRZ.js";import"../chunks/chunk-3FZQTMSN.js";import{f as o}from"../chunks/chunk-SI33GAZQ.js";import"../chunks/chunk-34IZLDS3.js";import"../chunks/chunk-2RLBI3VL.js";import"../chunks/chunk-NYRTOUVY.js";await r(o);
