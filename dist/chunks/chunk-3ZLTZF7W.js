import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function l(t,n){let o=[t,...n],s=t.map((a,u)=>Math.max(...o.map(c=>[...c[u]??""].length))),e=a=>a.map((u,c)=>u.padEnd(s[c])).join("  ").trimEnd(),r=s.map(a=>"\u2500".repeat(a)).join("  ");return[e(t),r,...n.map(e)].join(`
`)}function $(t){let n={},o=t.json?t.err:t.out,s=0;return{workspace:t.cwd??process.cwd(),outputs:n,setOutput(e,r){n[e]=r},progress:e=>t.err(e),warning(e,r){t.err(`warning: ${p(r)}${e}`)},annotate(e){let r=e.title?`${e.title}: `:"";t.err(`${p(e.location)}${e.level}: ${r}${e.message}`)},mask:()=>{},verbatim:e=>e(),report(...e){for(let r of e)o(`${s++>0?`
`:""}${m(r)}`)}}}var p=t=>t?`${t.file}${t.line?`:${t.line}`:""}${t.column?`:${t.column}`:""}: `:"",i=t=>t.replace(/`([^`]*)`/g,"$1");function m(t){switch(t.kind){case"heading":return i(t.text);case"text":return i(t.text);case"table":return l(t.headers,t.rows);case"list":return t.items.map(n=>`- ${i(n)}`).join(`
`);case"details":return[`${i(t.label)}:`,...t.lines].join(`
`);case"chart":return[`${i(t.title)} (${t.x.join(" ")}):`,...t.series.map(n=>`  ${n.name}: ${n.values.map(o=>o===null?"-":String(o)).join(" ")}`)].join(`
`)}}export{l as a,$ as b};
