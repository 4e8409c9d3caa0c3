import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function c(t,n){let s=[t,...n],a=t.map((o,u)=>Math.max(...s.map(p=>[...p[u]??""].length))),r=o=>o.map((u,p)=>u.padEnd(a[p])).join("  ").trimEnd(),e=a.map(o=>"\u2500".repeat(o)).join("  ");return[r(t),e,...n.map(r)].join(`
`)}function d(t){let n={},s=t.json?t.err:t.out,a=0;return{workspace:t.cwd??process.cwd(),outputs:n,setOutput(r,e){n[r]=e},progress:r=>t.err(r),warning(r,e){let o=e?`${e.file}${e.line?`:${e.line}`:""}${e.column?`:${e.column}`:""}: `:"";t.err(`warning: ${o}${r}`)},report(...r){for(let e of r)s(`${a++>0?`
`:""}${l(e)}`)}}}var i=t=>t.replace(/`([^`]*)`/g,"$1");function l(t){switch(t.kind){case"heading":return i(t.text);case"text":return i(t.text);case"table":return c(t.headers,t.rows);case"list":return t.items.map(n=>`- ${i(n)}`).join(`
`);case"details":return[`${i(t.label)}:`,...t.lines].join(`
`);case"chart":return[`${i(t.title)} (${t.x.join(" ")}):`,...t.series.map(n=>`  ${n.name}: ${n.values.map(s=>s===null?"-":String(s)).join(" ")}`)].join(`
`)}}export{c as a,d as b};
