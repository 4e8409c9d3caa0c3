import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
var n=t=>({kind:"heading",text:t}),i=t=>({kind:"text",text:t}),o=(t,e)=>({kind:"table",headers:t,rows:e}),s=t=>({kind:"list",items:t}),l=(t,e,r)=>({kind:"details",label:t,lines:e,...r?{language:r}:{}}),a=t=>({kind:"chart",...t});export{n as a,i as b,o as c,s as d,l as e,a as f};
