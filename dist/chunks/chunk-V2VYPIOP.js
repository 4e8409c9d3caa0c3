import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
function c(t,n){let s=[t,...n],o=t.map((u,i)=>Math.max(...s.map(a=>[...a[i]??""].length))),e=u=>u.map((i,a)=>i.padEnd(o[a])).join("  ").trimEnd(),r=o.map(u=>"\u2500".repeat(u)).join("  ");return[e(t),r,...n.map(e)].join(`
`)}function l(t){let n={},s=t.json?t.err:t.out,o=0;return{workspace:t.cwd??process.cwd(),outputs:n,setOutput(e,r){n[e]=r},progress:e=>t.err(e),warning(e,r){let u=r?`${r.file}${r.line?`:${r.line}`:""}${r.column?`:${r.column}`:""}: `:"";t.err(`warning: ${u}${e}`)},report(...e){for(let r of e)s(`${o++>0?`
`:""}${m(r)}`)}}}var p=t=>t.replace(/`([^`]*)`/g,"$1");function m(t){switch(t.kind){case"heading":return p(t.text);case"text":return p(t.text);case"table":return c(t.headers,t.rows);case"list":return t.items.map(n=>`- ${p(n)}`).join(`
`);case"details":return[`${p(t.label)}:`,...t.lines].join(`
`)}}async function S(t,n,s){let o=!!s.values.json,e=l({out:s.out,err:s.err,json:o}),r=await t.load();try{await r.run(n,e)}finally{o&&s.out(JSON.stringify(e.outputs,null,2))}return e.outputs}export{S as a};
