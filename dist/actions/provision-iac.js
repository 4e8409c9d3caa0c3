import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as i}from"../chunks/chunk-25YTPNW5.js";import"../chunks/chunk-JREESTVO.js";import{d as o}from"../chunks/chunk-73FGKGX7.js";import"../chunks/chunk-6VBTOLTU.js";import"../chunks/chunk-NYRTOUVY.js";await i(o);
