import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as a}from"../chunks/chunk-25YTPNW5.js";import"../chunks/chunk-JREESTVO.js";import{b as t}from"../chunks/chunk-73FGKGX7.js";import"../chunks/chunk-6VBTOLTU.js";import"../chunks/chunk-NYRTOUVY.js";await a(t);
