import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{c as a}from"../chunks/chunk-OVSHTV26.js";import"../chunks/chunk-Q7UZDEGQ.js";import{c as t}from"../chunks/chunk-YU4JQEOO.js";import"../chunks/chunk-34IZLDS3.js";import"../chunks/chunk-2M3474YL.js";import"../chunks/chunk-NYRTOUVY.js";await a(t);
