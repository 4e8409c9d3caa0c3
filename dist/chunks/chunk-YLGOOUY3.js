import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{b as o}from"./chunk-3ZLTZF7W.js";async function a(s,p,t){let u=!!t.values.json,e=o({out:t.out,err:t.err,json:u}),n=await s.load();try{await n.run(p,e)}finally{u&&t.out(JSON.stringify(e.outputs,null,2))}return e.outputs}export{a};
