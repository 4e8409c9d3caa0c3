import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function c(t,n){let u=[t,...n],o=t.map((s,a)=>Math.max(...u.map(p=>[...p[a]??""].length))),r=s=>s.map((a,p)=>a.padEnd(o[p])).join("  ").trimEnd(),e=o.map(s=>"\u2500".repeat(s)).join("  ");return[r(t),e,...n.map(r)].join(`
`)}function m(t){let n={},u=t.json?t.err:t.out,o=0;return{workspace:t.cwd??process.cwd(),outputs:n,setOutput(r,e){n[r]=e},progress:r=>t.err(r),warning(r,e){let s=e?`${e.file}${e.line?`:${e.line}`:""}${e.column?`:${e.column}`:""}: `:"";t.err(`warning: ${s}${r}`)},report(...r){for(let e of r)u(`${o++>0?`
`:""}${l(e)}`)}}}var i=t=>t.replace(/`([^`]*)`/g,"$1");function l(t){switch(t.kind){case"heading":return i(t.text);case"text":return i(t.text);case"table":return c(t.headers,t.rows);case"list":return t.items.map(n=>`- ${i(n)}`).join(`
`);case"details":return[`${i(t.label)}:`,...t.lines].join(`
`)}}export{c as a,m as b};
