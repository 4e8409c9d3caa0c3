import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as o,b as i}from"../chunks/chunk-DRDMS7J2.js";import"../chunks/chunk-NYRTOUVY.js";import{join as c}from"node:path";var[e,n,...r]=process.argv.slice(2);(e!=="host"&&e!=="netns"||!n||r.length===0)&&(process.stderr.write(`usage: bridge-main.ts host|netns <socket dir> <port>...
`),process.exit(2));await Promise.all(r.map(Number).map(s=>{let t=c(n,String(s));return e==="host"?o(s,t):i(t,s)}));process.stdout.write(`${new Date().toISOString()} bridge ${e} ready: ${r.join(" ")}
`);
