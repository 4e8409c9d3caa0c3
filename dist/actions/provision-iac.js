import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as o,f as i}from"../chunks/chunk-N7MZH5MH.js";import"../chunks/chunk-3VSXQTMQ.js";import"../chunks/chunk-HAIHGSXD.js";await o(i);
