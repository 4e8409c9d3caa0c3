import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
var r=t=>({kind:"heading",text:t}),i=t=>({kind:"text",text:t}),o=(t,e)=>({kind:"table",headers:t,rows:e}),s=t=>({kind:"list",items:t}),a=(t,e,n)=>({kind:"details",label:t,lines:e,...n?{language:n}:{}}),l=t=>({kind:"chart",...t});export{r as a,i as b,o as c,s as d,a as e,l as f};
