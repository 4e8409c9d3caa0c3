import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
var n=t=>({kind:"heading",text:t}),r=t=>({kind:"text",text:t}),o=(t,e)=>({kind:"table",headers:t,rows:e}),s=t=>({kind:"list",items:t}),g=(t,e,i)=>({kind:"details",label:t,lines:e,...i?{language:i}:{}});export{n as a,r as b,o as c,s as d,g as e};
