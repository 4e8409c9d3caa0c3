import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as r}from"../chunks/chunk-76J6CF6O.js";import{b as o}from"../chunks/chunk-BLTBX6RO.js";import"../chunks/chunk-WCVK6NJQ.js";import"../chunks/chunk-NYRTOUVY.js";await r(o);
