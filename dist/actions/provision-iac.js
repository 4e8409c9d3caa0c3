import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as o,f as i}from"../chunks/chunk-HH3U25JP.js";import"../chunks/chunk-DGPOHVHB.js";import"../chunks/chunk-GD7AHOJ4.js";await o(i);
