import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{b as t}from"./chunk-PWN3L5A2.js";import"./chunk-GD7AHOJ4.js";async function e({values:i,out:r}){let o=i.config,{config:n}=await t(o),a=n.rings.map(m=>m.name).join(" \u2192 ");return r(`${o}: valid. App ${n.app.name}, ${n.tenants.length} tenants in rings ${a}.`),0}export{e as run};
