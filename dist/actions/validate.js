import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as t,d as a}from"../chunks/chunk-6AY6AHYH.js";import"../chunks/chunk-3VSXQTMQ.js";import"../chunks/chunk-HAIHGSXD.js";await t(a);
