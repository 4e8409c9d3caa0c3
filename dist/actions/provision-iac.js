import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as o,f as i}from"../chunks/chunk-447WLESI.js";import"../chunks/chunk-DGPOHVHB.js";import"../chunks/chunk-HAIHGSXD.js";await o(i);
