import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function l(t,r){let m=[t,...r],o=t.map((n,i)=>Math.max(...m.map(a=>[...a[i]??""].length))),p=n=>n.map((i,a)=>i.padEnd(o[a])).join("  ").trimEnd(),e=o.map(n=>"\u2500".repeat(n)).join("  ");return[p(t),e,...r.map(p)].join(`
`)}export{l as a};
