import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{e as d}from"./chunk-HAIHGSXD.js";import{existsSync as Nt,mkdirSync as q,readFileSync as $e,renameSync as Et,rmSync as F,writeFileSync as K}from"node:fs";import{join as g}from"node:path";import{spawn as et}from"node:child_process";import{createHash as tt}from"node:crypto";import{accessSync as rt,constants as nt,existsSync as ot,readdirSync as st,readFileSync as ue,statSync as le}from"node:fs";import{join as $}from"node:path";import{createInterface as Oe}from"node:readline";import{existsSync as qe}from"node:fs";import{homedir as Ye}from"node:os";import{dirname as Le,join as oe,resolve as Xe}from"node:path";import{fileURLToPath as Ze}from"node:url";function O(e=process.env){return e.CUTOVER_CACHE_DIR||oe(Ye(),".cache","cutover")}function se(e){if(!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(e))throw new d("LOCAL_CLUSTER",`invalid local cluster name ${JSON.stringify(e)}`,{hint:'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit'});return e}function ie(e,t=process.env){return oe(O(t),"local",se(e))}function ae(e){let t=e?[e]:[Le(Ze(import.meta.url)),process.cwd()];for(let r of t){let n=Xe(r);for(;;){if(qe(oe(n,"k8s","kubernetes","go.mod")))return n;let o=Le(n);if(o===n)break;n=o}}}var it=["etcd","kube-apiserver","kube-controller-manager","kube-scheduler","kwok"],de={kubernetes:{dir:"kubernetes",module:"k8s.io/kubernetes"},etcd:{dir:"etcd",module:"go.etcd.io/etcd/server/v3"},kwok:{dir:"kwok",module:"sigs.k8s.io/kwok"}},ce="run scripts/k8s-build.sh (15-30 minutes the first time, cached after)";function at(e,t){for(let r of e.split(`
`)){let n=r.trim().split(/\s+/),o=n[0]==="require"?1:0;if(n[o]===t&&n[o+1]?.startsWith("v"))return n[o+1]}}function ct(e){let t=ue($(e,"scripts","k8s-build.sh"),"utf8"),r=/^RECIPE=(\S+)$/m.exec(t)?.[1];if(!r)throw new d("LOCAL_CLUSTER","scripts/k8s-build.sh has no RECIPE= line");let n={};for(let[o,s]of Object.entries(de)){let i=ue($(e,"k8s",s.dir,"go.mod"),"utf8"),u=at(i,s.module);if(!u)throw new d("LOCAL_CLUSTER",`k8s/${s.dir}/go.mod does not require ${s.module}`);let a=tt("sha256").update(`recipe=${r}
`).update(i).digest("hex").slice(0,16);n[o]={version:u,key:a}}return n}function ut(e){try{return rt(e,nt.X_OK),le(e).isFile()}catch{return!1}}function U(e){let t;try{t=JSON.parse(ue($(e,"manifest.json"),"utf8"))}catch{return{ok:!1,problem:`no build in ${e} (manifest.json missing)`}}let r={};for(let n of it)if(r[n]=$(e,n),!ut(r[n]))return{ok:!1,problem:`${r[n]} is missing`};return{ok:!0,bins:{dir:e,paths:r,manifest:t}}}function lt(e){let t=O(e);return ot(t)?st(t).filter(n=>n.startsWith("k8s-")).map(n=>$(t,n,"bin")).filter(n=>U(n).ok).sort((n,o)=>le($(o,"manifest.json")).mtimeMs-le($(n,"manifest.json")).mtimeMs)[0]:void 0}async function pe(e={}){let t=e.env??process.env,r=e.binDir??t.CUTOVER_K8S_BIN_DIR;if(r){let a=U(r);if(!a.ok)throw new d("LOCAL_CLUSTER",a.problem,{hint:ce});return a.bins}let n=ae();if(!n){let a=lt(t);if(!a)throw new d("LOCAL_CLUSTER",`no control plane binaries under ${O(t)}`,{hint:`${ce} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`});return U(a).bins}let o=ct(n),s=$(O(t),`k8s-${o.kubernetes.version}`,"bin"),i=()=>{let a=U(s);if(!a.ok)return a.problem;for(let c of Object.keys(de))if(a.bins.manifest[c]?.key!==o[c].key)return`the ${c} build in ${s} is stale (k8s/${de[c].dir}/go.mod changed since)`},u=i();if(u&&e.build&&(e.onProgress?.(`${u}: building with scripts/k8s-build.sh`),await Re(n,t,e.onProgress),u=i()),u)throw new d("LOCAL_CLUSTER",u,{hint:ce});return U(s).bins}function Re(e,t=process.env,r){let n=$(e,"scripts","k8s-build.sh");return new Promise((o,s)=>{let i=et("bash",[n],{cwd:e,env:t,stdio:["ignore","pipe","pipe"]}),u="",a=[];Oe({input:i.stdout}).on("line",c=>u=c.trim()||u),Oe({input:i.stderr}).on("line",c=>{a.push(c),a.length>30&&a.shift(),r?.(c)}),i.on("error",c=>s(new d("LOCAL_CLUSTER",`cannot run ${n}: ${c.message}`,{cause:c}))),i.on("close",c=>{c===0?o(u):s(new d("LOCAL_CLUSTER",`scripts/k8s-build.sh failed (exit ${c})
${a.join(`
`)}`,{hint:"read the go build output above; run the script by hand to retry"}))})})}var me="kwok.x-k8s.io/node",ge="fake",fe="cutover.dev/local-ready",dt=e=>`
      conditions:
      - type: PodScheduled
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: Initialized
        status: "True"
        lastTransitionTime: {{ $now | Quote }}
      - type: ContainersReady
        status: "${e?"True":"False"}"
        lastTransitionTime: {{ $now | Quote }}${e?"":`
        reason: ContainersNotReady`}
      - type: Ready
        status: "${e?"True":"False"}"
        lastTransitionTime: {{ $now | Quote }}${e?"":`
        reason: ContainersNotReady`}
      {{ range .spec.readinessGates }}
      - type: {{ .conditionType | Quote }}
        status: "${e?"True":"False"}"
        lastTransitionTime: {{ $now | Quote }}
      {{ end }}`,Te=e=>`
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${dt(e)}
      initContainerStatuses:
      {{ range .spec.initContainers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        restartCount: 0
        {{ if eq .restartPolicy "Always" }}
        ready: ${e}
        started: true
        state:
          running:
            startedAt: {{ $now | Quote }}
        {{ else }}
        ready: true
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
        {{ end }}
      {{ end }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: ${e}
        started: true
        restartCount: 0
        state:
          running:
            startedAt: {{ $now | Quote }}
      {{ end }}`,Ae=e=>`
      {{ $now := Now }}
      {{ $since := or .metadata.creationTimestamp $now }}
      phase: Running
      conditions:
      {{ range NodeConditions }}
      - type: {{ .type | Quote }}
        status: {{ .status | Quote }}
        reason: {{ .reason | Quote }}
        message: {{ .message | Quote }}
        lastHeartbeatTime: {{ $now | Quote }}
        lastTransitionTime: {{ $since | Quote }}
      {{ end }}
      addresses:
      {{ with .status.addresses }}
      {{ YAML . 1 }}
      {{ else }}
      - type: Hostname
        address: {{ .metadata.name | Quote }}
      {{ end }}${e?`
      capacity:
      {{ with .status.capacity }}
      {{ YAML . 1 }}
      {{ else }}
        cpu: "32"
        memory: 256Gi
        pods: "110"
      {{ end }}
      allocatable:
      {{ with .status.allocatable }}
      {{ YAML . 1 }}
      {{ else }}
        cpu: "32"
        memory: 256Gi
        pods: "110"
      {{ end }}
      {{ $info := .status.nodeInfo }}
      nodeInfo:
        architecture: {{ or $info.architecture "amd64" }}
        operatingSystem: {{ or $info.operatingSystem "linux" }}
        kubeletVersion: {{ or $info.kubeletVersion (printf "kwok-%s" Version) }}
        containerRuntimeVersion: {{ or $info.containerRuntimeVersion (printf "kwok-%s" Version) }}
        kernelVersion: {{ or $info.kernelVersion (printf "kwok-%s" Version) }}
        osImage: {{ or $info.osImage "cutover local (kwok)" }}
        bootID: {{ or $info.bootID "" | Quote }}
        machineID: {{ or $info.machineID "" | Quote }}
        systemUUID: {{ or $info.systemUUID "" | Quote }}`:""}`;function R(e,t,r){return`apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${e}
spec:
  resourceRef:
    apiGroup: v1
    kind: ${t}
${r.replace(/^\n/,"")}`}function De(e){let t=`    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;return[`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${e.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${me}=${ge}
  nodeLeaseDurationSeconds: ${e.nodeLeaseSeconds}
`,R("node-ready","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${Ae(!0)}
`),R("node-refresh","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 240000
    jitterDurationMilliseconds: 300000
  next:
    statusTemplate: |${Ae(!1)}
`),R("pod-ready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${fe}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${Te(!0)}
`),R("pod-unready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${fe}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${Te(!1)}
`),R("pod-succeed","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.phase'
      operator: In
      values: ['Running']
    - key: '.metadata.ownerReferences.[].kind'
      operator: In
      values: ['Job']
  next:
    statusTemplate: |
      {{ $now := Now }}
      phase: Succeeded
      conditions:
      - type: Ready
        status: "False"
        reason: PodCompleted
        lastTransitionTime: {{ $now | Quote }}
      - type: ContainersReady
        status: "False"
        reason: PodCompleted
        lastTransitionTime: {{ $now | Quote }}
      containerStatuses:
      {{ range .spec.containers }}
      - name: {{ .name | Quote }}
        image: {{ .image | Quote }}
        ready: false
        started: false
        restartCount: 0
        state:
          terminated:
            exitCode: 0
            reason: Completed
            startedAt: {{ $now | Quote }}
            finishedAt: {{ $now | Quote }}
      {{ end }}
`),R("pod-remove","Pod",`
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`)].join(`---
`)}import{readFileSync as ye}from"node:fs";import{request as pt}from"node:https";function Ie(e,t,r,n){return{server:e,ca:ye(t,"utf8"),cert:ye(r,"utf8"),key:ye(n,"utf8")}}function T(e,t,r,n,o=1e4){return new Promise((s,i)=>{let u=new URL(r,e.server),a=n===void 0?void 0:JSON.stringify(n),c=pt(u,{method:t,ca:e.ca,cert:e.cert,key:e.key,timeout:o,headers:{accept:"application/json",...a===void 0?{}:{"content-type":"application/json","content-length":Buffer.byteLength(a)}}},f=>{let y=[];f.on("data",v=>y.push(v)),f.on("end",()=>s({status:f.statusCode??0,body:Buffer.concat(y).toString("utf8")})),f.on("error",i)});c.on("timeout",()=>c.destroy(new Error(`${t} ${r} timed out after ${o}ms`))),c.on("error",i),a!==void 0&&c.write(a),c.end()})}import{execFile as ft}from"node:child_process";import{generateKeyPairSync as mt}from"node:crypto";import{mkdirSync as gt,writeFileSync as _e}from"node:fs";import{join as A}from"node:path";import{promisify as yt}from"node:util";var kt=yt(ft);async function Me(e){try{await kt("openssl",e,{timeout:3e4})}catch(t){let r=t;throw r.code==="ENOENT"?new d("LOCAL_CLUSTER","openssl is not on PATH",{hint:"install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)",cause:t}):new d("LOCAL_CLUSTER",`openssl ${e[0]} failed: ${r.stderr??r.message}`,{hint:"the local cluster needs OpenSSL 3.0 or later (openssl version)",cause:t})}}var Be=["-newkey","ec","-pkeyopt","ec_paramgen_curve:P-256","-nodes"];async function Q(e,t,r,n,o){let s={cert:A(e,`${r}.crt`),key:A(e,`${r}.key`)},u=["-addext","basicConstraints=critical,CA:FALSE","-addext","keyUsage=critical,digitalSignature,keyEncipherment","-addext",`extendedKeyUsage=${[o.serverNames?"serverAuth":"",o.client?"clientAuth":""].filter(Boolean).join(",")}`];if(o.serverNames){let a=[...o.serverNames.ips.map(c=>`IP:${c}`),...o.serverNames.dns.map(c=>`DNS:${c}`)];u.push("-addext",`subjectAltName=${a.join(",")}`)}return await Me(["req","-x509",...Be,"-keyout",s.key,"-out",s.cert,"-CA",t.cert,"-CAkey",t.key,"-days","365","-subj",n,...u]),s}async function Ue(e,t){gt(e,{recursive:!0,mode:448});let r={cert:A(e,"ca.crt"),key:A(e,"ca.key")};await Me(["req","-x509",...Be,"-keyout",r.key,"-out",r.cert,"-days","3650","-subj",`/CN=cutover-local-ca-${t.clusterName}`,"-addext","basicConstraints=critical,CA:TRUE","-addext","keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]);let n=["localhost","kubernetes","kubernetes.default","kubernetes.default.svc","kubernetes.default.svc.cluster.local",...t.dnsNames??[]],[o,s,i,u,a]=await Promise.all([Q(e,r,"apiserver","/CN=kube-apiserver",{serverNames:{ips:t.ips,dns:n}}),Q(e,r,"admin","/O=system:masters/CN=cutover-admin",{client:!0}),Q(e,r,"controller-manager","/CN=system:kube-controller-manager",{client:!0}),Q(e,r,"scheduler","/CN=system:kube-scheduler",{client:!0}),Q(e,r,"kwok","/O=system:masters/CN=kwok-controller",{client:!0})]),{privateKey:c,publicKey:f}=mt("ec",{namedCurve:"P-256"}),y=A(e,"sa.key"),v=A(e,"sa.pub");return _e(y,c.export({type:"pkcs8",format:"pem"}),{mode:384}),_e(v,f.export({type:"spki",format:"pem"})),{dir:e,ca:r,apiserver:o,admin:s,controllerManager:i,scheduler:u,kwok:a,saKey:y,saPub:v}}import{spawn as ht}from"node:child_process";import{closeSync as wt,existsSync as bt,openSync as $t,readFileSync as ke}from"node:fs";import{createServer as vt}from"node:net";function Fe(e,t,r,n){let o=$t(n.log,"a"),s;try{s=ht(t,r,{detached:!0,stdio:["ignore",o,o],env:n.env??process.env,cwd:n.cwd})}finally{wt(o)}if(s.pid===void 0)throw new Error(`could not start ${e} (${t})`);s.unref();let i={record:{name:e,pid:s.pid,binary:t,log:n.log},child:s,exit:void 0};return s.on("exit",(u,a)=>i.exit={code:u,signal:a}),s.on("error",()=>i.exit??={code:null,signal:null}),i}function S(e){if(!Number.isInteger(e.pid)||e.pid<=1)return!1;try{process.kill(e.pid,0)}catch(r){if(r.code!=="EPERM")return!1}let t=`/proc/${e.pid}`;if(!bt("/proc/self"))return!0;try{let r=ke(`${t}/stat`,"utf8"),n=r.slice(r.lastIndexOf(")")+2,r.lastIndexOf(")")+3);return n==="Z"||n==="X"?!1:ke(`${t}/cmdline`,"utf8").split("\0")[0]===e.binary}catch{return!1}}function Qe(e,t){for(let r of[-e.pid,e.pid])try{process.kill(r,t)}catch{}}var Ke=e=>new Promise(t=>setTimeout(t,e));async function he(e,t=1e4){let r=e.filter(S);for(let i of r)Qe(i,"SIGTERM");let n=Date.now()+t;for(;r.some(S)&&Date.now()<n;)await Ke(50);let o=r.filter(S);for(let i of o)Qe(i,"SIGKILL");let s=Date.now()+5e3;for(;o.some(S)&&Date.now()<s;)await Ke(50);return r.map(i=>i.name)}function we(e,t=15){try{return ke(e,"utf8").split(`
`).filter(Boolean).slice(-t).join(`
`)}catch{return"(no log)"}}async function je(e){let t=await Promise.all(Array.from({length:e},()=>new Promise((n,o)=>{let s=vt();s.unref(),s.on("error",o),s.listen(0,"127.0.0.1",()=>n(s))}))),r=t.map(n=>{let o=n.address();if(o===null||typeof o=="string")throw new Error("no port");return o.port});return await Promise.all(t.map(n=>new Promise(o=>n.close(o)))),r}import{spawn as Pt}from"node:child_process";import{closeSync as St,openSync as xt}from"node:fs";var Ct=String.raw`
const fs = require('node:fs');
const [stateFile, ownerArg, mode, logFile] = process.argv.slice(1);
const owner = Number(ownerArg);
const log = (m) => { try { fs.appendFileSync(logFile, new Date().toISOString() + ' watchdog ' + process.pid + ': ' + m + '\n'); } catch {} };
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const alive = (pid) => { try { process.kill(pid, 0); return true; } catch (e) { return e.code === 'EPERM'; } };
const running = (p) => {
  if (!alive(p.pid)) return false;
  try {
    const stat = fs.readFileSync('/proc/' + p.pid + '/stat', 'utf8');
    const st = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    if (st === 'Z' || st === 'X') return false;
    return fs.readFileSync('/proc/' + p.pid + '/cmdline', 'utf8').split('\0')[0] === p.binary;
  } catch { return !fs.existsSync('/proc/self'); }
};
const kill = (p, sig) => { for (const t of [-p.pid, p.pid]) { try { process.kill(t, sig); } catch {} } };
const read = () => { try { return JSON.parse(fs.readFileSync(stateFile, 'utf8')); } catch (e) { return e.code === 'ENOENT' ? null : undefined; } };
async function teardown(state) {
  // Newest first, one at a time: the API server stops cleanly only while etcd runs.
  const procs = (state.processes || []).filter(running).reverse();
  log('owner ' + owner + ' is gone; stopping ' + procs.map((p) => p.name).join(', '));
  for (const p of procs) {
    kill(p, 'SIGTERM');
    const deadline = Date.now() + 10000;
    while (running(p) && Date.now() < deadline) await sleep(50);
    if (running(p)) kill(p, 'SIGKILL');
  }
  const now = read();
  if (now && now.watchdogPid === process.pid) { try { fs.rmSync(stateFile, { force: true }); } catch {} }
  log('stopped');
}
(async () => {
  log('watching owner ' + owner + ' (' + mode + ')');
  for (;;) {
    const state = read();
    if (state === null) { log('state removed; exiting'); return; }
    if (state !== undefined) {
      if (state.watchdogPid !== undefined && state.watchdogPid !== process.pid) { log('replaced; exiting'); return; }
      if (mode === 'startup' && state.phase === 'ready') { log('cluster ready; exiting'); return; }
      if (!alive(owner)) { await teardown(state); return; }
    }
    await sleep(500);
  }
})();
`;function Je(e,t,r,n){let o=xt(n,"a");try{let s=Pt(process.execPath,["-e",Ct,e,String(t),r,n],{detached:!0,stdio:["ignore",o,o],env:{...process.env,NODE_OPTIONS:""}});if(s.pid===void 0)throw new Error("could not start the watchdog");return s.unref(),s.pid}finally{St(o)}}var Lt="10.96.0.0/16",Ot="10.96.0.1",Rt="10.244.0.1/16",Tt="https://kubernetes.default.svc.cluster.local";function j(e){let t=se(e.name??"default");return{name:t,stateDir:e.stateDir??ie(t),progress:e.onProgress??(()=>{})}}var I=e=>g(e,"state.json");function ve(e){try{return JSON.parse($e(I(e),"utf8"))}catch{return}}function H(e,t){let r=`${I(e)}.${process.pid}.tmp`;K(r,`${JSON.stringify(t,null,2)}
`),Et(r,I(e))}function ze(e,t){q(t,{recursive:!0,mode:448});let r=g(t,"lock");for(let n=0;n<3;n++){try{return K(r,String(process.pid),{flag:"wx"}),()=>F(r,{force:!0})}catch(s){if(s.code!=="EEXIST")throw s}let o=0;try{o=Number($e(r,"utf8"))}catch{continue}if(At(o))throw new d("LOCAL_CLUSTER",`another cutover local command is starting or stopping "${e}" (pid ${o})`,{hint:`wait for it to finish; if pid ${o} is not cutover, remove ${r}`});F(r,{force:!0})}throw new d("LOCAL_CLUSTER",`cannot lock ${r}`)}function At(e){if(!Number.isInteger(e)||e<=0)return!1;try{return process.kill(e,0),!0}catch(t){return t.code==="EPERM"}}function be(e){return e.processes.map(t=>({name:t.name,pid:t.pid,log:t.log,running:S(t)}))}var Dt=e=>new Promise(t=>setTimeout(t,e)),It=e=>$e(e).toString("base64");function Ve(e){let[t,r,n]=e.embed?["certificate-authority-data","client-certificate-data","client-key-data"]:["certificate-authority","client-certificate","client-key"],o=s=>e.embed?It(s):JSON.stringify(s);return`apiVersion: v1
kind: Config
clusters:
- name: ${e.cluster}
  cluster:
    server: ${e.server}
    ${t}: ${o(e.ca)}
users:
- name: ${e.user}
  user:
    ${r}: ${o(e.cert)}
    ${n}: ${o(e.key)}
contexts:
- name: ${e.cluster}
  context:
    cluster: ${e.cluster}
    user: ${e.user}
current-context: ${e.cluster}
`}function _t(e){let t=e.exit?.signal?`signal ${e.exit.signal}`:`exit code ${e.exit?.code}`;return new d("LOCAL_CLUSTER",`${e.record.name} exited during start (${t}); its log is ${e.record.log}
${we(e.record.log)}`,{hint:`read ${e.record.log}; a port taken by another program or a stale build are the usual causes`})}async function D(e,t,r){let n=Date.now(),o=n,s=!1,i="";for(;;){for(let a of r.watch)if(a.exit)throw _t(a);try{if(s=await t(),s===!0)return}catch(a){i=a.message}let u=Date.now();if(u-n>r.timeoutMs){let a=typeof s=="string"?s:i,c=r.logOf?.record.log;throw new d("LOCAL_CLUSTER",`timed out after ${Math.round(r.timeoutMs/1e3)}s waiting for ${e}${a?` (${a})`:""}`+(c?`; the log of ${r.logOf?.record.name} is ${c}
${we(c)}`:""),{hint:c?`read ${c}`:"read the logs in the state directory"})}if(u-o>=5e3){o=u;let a=typeof s=="string"?`: ${s}`:"";r.progress(`  still waiting for ${e} (${Math.round((u-n)/1e3)}s)${a}`)}await Dt(r.intervalMs??200)}}async function We(e,t){let r=await T({...e,server:`https://127.0.0.1:${t}`},"GET","/healthz",void 0,3e3);return r.status===200?!0:`HTTP ${r.status} ${r.body.slice(0,200)}`}function Mt(e,t){let r={cpu:"32",memory:"256Gi",pods:"110","ephemeral-storage":"1Ti"};return{apiVersion:"v1",kind:"Node",metadata:{name:e,labels:{"kubernetes.io/hostname":e,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node.kubernetes.io/instance-type":"kwok","topology.kubernetes.io/zone":`zone-${String.fromCharCode(97+t%3)}`,type:"kwok"},annotations:{[me]:ge,"node.alpha.kubernetes.io/ttl":"0"}},spec:{},status:{capacity:r,allocatable:r,addresses:[{type:"InternalIP",address:`10.240.0.${t+10}`},{type:"Hostname",address:e}]}}}async function Pe(e={}){let{name:t,stateDir:r}=j(e),n=ze(t,r);try{return await Bt(e)}finally{n()}}async function Bt(e){let t=Date.now(),r={},n=p=>{r[p]=Date.now()-t},{name:o,stateDir:s,progress:i}=j(e),u=e.timeoutMs??18e4,a=t+u,c=()=>Math.max(1e3,a-Date.now()),f=ve(s);if(f){let p=be(f);if(f.phase==="ready"&&p.length>0&&p.every(w=>w.running)&&e.reuse!==!1)return i(`local cluster "${o}" is already running (${f.server})`),{name:o,stateDir:s,kubeconfig:f.kubeconfig,server:f.server,context:f.context,nodes:f.nodes,versions:f.versions,processes:p,reused:!0,startMs:Date.now()-t,timings:{}};i(`cleaning up the previous run of "${o}"`),await Y({name:o,stateDir:s})}let y=await pe({binDir:e.binDir,build:e.build,onProgress:i});a=Date.now()+u;let v=y.manifest,_={kubernetes:v.kubernetes.version,etcd:v.etcd.version,kwok:v.kwok.version};i(`starting local cluster "${o}": kubernetes ${_.kubernetes}, etcd ${_.etcd}, kwok ${_.kwok}`),q(s,{recursive:!0,mode:448});for(let p of["etcd","pki","logs","kwok"])F(g(s,p),{recursive:!0,force:!0});let J=g(s,"logs");q(J,{recursive:!0});let[x,V,X,Z,ee]=await je(5),C=`https://127.0.0.1:${X}`,N=`cutover-local-${o}`,l=await Ue(g(s,"pki"),{ips:["127.0.0.1",Ot],clusterName:o}),W=g(s,"kubeconfig");K(W,Ve({cluster:N,user:`${N}-admin`,server:C,ca:l.ca.cert,...l.admin,embed:!0}),{mode:384});let te=(p,P)=>{let w=g(s,"pki",`${p}.kubeconfig`);return K(w,Ve({cluster:N,user:p,server:C,ca:l.ca.cert,...P,embed:!1}),{mode:384}),w},M=e.nodes??3,re=Array.from({length:M},(p,P)=>`kwok-node-${P}`),k={version:1,name:o,phase:"starting",createdAt:new Date().toISOString(),kubeconfig:W,server:C,context:N,ports:{etcd:x,etcdPeer:V,apiserver:X,controllerManager:Z,scheduler:ee},nodes:re,versions:_,processes:[]};e.ownerPid!==void 0&&(k.ownerPid=e.ownerPid),H(s,k);let Ce=e.ownerPid!==void 0?"owner":"startup";k.watchdogMode=Ce,k.watchdogBinary=process.execPath,k.watchdogPid=Je(I(s),e.ownerPid??process.pid,Ce,g(J,"watchdog.log")),H(s,k);let z=[],B=(p,P,w,ne)=>{let L=Fe(p,P,w,{log:g(J,`${p}.log`),env:ne,cwd:s});return z.push(L),k.processes.push(L.record),H(s,k),L},E=Ie(C,l.ca.cert,l.admin.cert,l.admin.key);try{n("prepare"),i(`starting etcd on 127.0.0.1:${x}`);let p=B("etcd",y.paths.etcd,["--name=cutover",`--data-dir=${g(s,"etcd")}`,`--listen-client-urls=http://127.0.0.1:${x}`,`--advertise-client-urls=http://127.0.0.1:${x}`,`--listen-peer-urls=http://127.0.0.1:${V}`,`--initial-advertise-peer-urls=http://127.0.0.1:${V}`,`--initial-cluster=cutover=http://127.0.0.1:${V}`,"--initial-cluster-state=new","--unsafe-no-fsync","--log-level=warn"]);await D("etcd to be healthy",async()=>{let m=await fetch(`http://127.0.0.1:${x}/health`,{signal:AbortSignal.timeout(2e3)}),b=await m.text();return m.ok&&b.includes('"health":"true"')?!0:`HTTP ${m.status} ${b.slice(0,200)}`},{timeoutMs:Math.min(3e4,c()),watch:z,logOf:p,progress:i}),n("etcd"),i(`starting kube-apiserver on ${C}`);let P=B("kube-apiserver",y.paths["kube-apiserver"],[`--etcd-servers=http://127.0.0.1:${x}`,"--bind-address=127.0.0.1","--advertise-address=127.0.0.1",`--secure-port=${X}`,`--cert-dir=${g(s,"pki")}`,`--tls-cert-file=${l.apiserver.cert}`,`--tls-private-key-file=${l.apiserver.key}`,`--client-ca-file=${l.ca.cert}`,"--authorization-mode=Node,RBAC","--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota","--allow-privileged=true",`--service-cluster-ip-range=${Lt}`,`--service-account-issuer=${Tt}`,`--service-account-key-file=${l.saPub}`,`--service-account-signing-key-file=${l.saKey}`,"--endpoint-reconciler-type=none","--profiling=false"]);await D("kube-apiserver /readyz",async()=>{let m=await T(E,"GET","/readyz",void 0,3e3);if(m.status===200)return!0;let b=m.body.split(`
`).filter(h=>h.startsWith("[-]")).map(h=>h.slice(3).split(" ")[0]).join(", ");return`HTTP ${m.status}${b?`, not ready: ${b}`:""}`},{timeoutMs:Math.min(9e4,c()),watch:z,logOf:P,progress:i}),n("apiserver"),i("starting kube-controller-manager, kube-scheduler and kwok");let w=B("kube-controller-manager",y.paths["kube-controller-manager"],[`--kubeconfig=${te("controller-manager",l.controllerManager)}`,"--bind-address=127.0.0.1",`--secure-port=${Z}`,`--tls-cert-file=${l.apiserver.cert}`,`--tls-private-key-file=${l.apiserver.key}`,"--leader-elect=false",`--cluster-name=${N}`,"--controllers=*",`--service-account-private-key-file=${l.saKey}`,`--root-ca-file=${l.ca.cert}`,"--use-service-account-credentials=true","--kube-api-qps=200","--kube-api-burst=400",`--cluster-signing-cert-file=${l.ca.cert}`,`--cluster-signing-key-file=${l.ca.key}`,"--allocate-node-cidrs=false","--profiling=false"]),ne=B("kube-scheduler",y.paths["kube-scheduler"],[`--kubeconfig=${te("scheduler",l.scheduler)}`,"--bind-address=127.0.0.1",`--secure-port=${ee}`,`--tls-cert-file=${l.apiserver.cert}`,`--tls-private-key-file=${l.apiserver.key}`,"--leader-elect=false","--profiling=false"]),L=g(s,"kwok","kwok.yaml");q(g(s,"kwok"),{recursive:!0}),K(L,De({podCidr:Rt,nodeLeaseSeconds:40}));let Ge=B("kwok",y.paths.kwok,[`--kubeconfig=${te("kwok",l.kwok)}`,`--config=${L}`],{...process.env,KWOK_WORKDIR:g(s,"kwok")});i(`creating ${M} fake nodes`);for(let[m,b]of re.entries()){let h=await T(E,"POST","/api/v1/nodes",Mt(b,m));if(h.status!==201&&h.status!==409)throw new d("LOCAL_CLUSTER",`creating node ${b} failed: HTTP ${h.status} ${h.body.slice(0,300)}`)}let G={timeoutMs:Math.min(6e4,c()),watch:z,progress:i};await Promise.all([D("kube-controller-manager /healthz",()=>We(E,Z),{...G,logOf:w}),D("kube-scheduler /healthz",()=>We(E,ee),{...G,logOf:ne})]),n("components"),i("waiting for the nodes to be Ready"),await D(`${M} Ready nodes`,async()=>{let m=await T(E,"GET","/api/v1/nodes");if(m.status!==200)return`HTTP ${m.status}`;let h=JSON.parse(m.body).items.filter(He=>He.status?.conditions?.some(Ee=>Ee.type==="Ready"&&Ee.status==="True")).length;return h>=M?!0:`${h}/${M} Ready`},{...G,timeoutMs:Math.min(6e4,c()),logOf:Ge}),n("nodes"),await D("the default ServiceAccount (controller-manager)",async()=>{let m=await T(E,"GET","/api/v1/namespaces/default/serviceaccounts/default");return m.status===200?!0:`HTTP ${m.status}`},{...G,timeoutMs:Math.min(6e4,c()),logOf:w}),n("controllers"),k.phase="ready",H(s,k)}catch(p){throw i(`start failed; stopping what was started (logs stay in ${J})`),await Y({name:o,stateDir:s}),p}let Ne=Date.now()-t;return i(`local cluster "${o}" is ready in ${(Ne/1e3).toFixed(1)}s; kubeconfig: ${W}`),{name:o,stateDir:s,kubeconfig:W,server:C,context:N,nodes:re,versions:_,processes:be(k),reused:!1,startMs:Ne,timings:r}}async function Se(e={}){let{name:t,stateDir:r}=j(e);if(!Nt(r))return Y(e);let n=ze(t,r);try{return await Y(e)}finally{n()}}async function Y(e){let{name:t,stateDir:r,progress:n}=j(e),o=ve(r),s=[];if(o){let i=[...o.processes].reverse();if(o.watchdogPid!==void 0){let a=o.watchdogBinary??process.execPath;await he([{name:"watchdog",pid:o.watchdogPid,binary:a,log:""}],2e3)}let u=i.filter(S).map(a=>a.name);u.length&&n(`stopping ${u.join(", ")}`);for(let a of i)s.push(...await he([a]));F(I(r),{force:!0})}return e.purge&&F(r,{recursive:!0,force:!0}),n(s.length?`local cluster "${t}" stopped`:`local cluster "${t}" was not running`),{name:t,stateDir:r,stopped:s}}function xe(e={}){let{name:t,stateDir:r}=j(e),n=ve(r);if(!n)throw new d("LOCAL_CLUSTER",`local cluster "${t}" is not running (no ${I(r)})`,{hint:`start it with: cutover local up${t==="default"?"":` --name ${t}`}`});let o=n.phase==="ready"&&be(n).every(s=>s.running);return{name:t,kubeconfig:n.kubeconfig,running:o,exports:`export KUBECONFIG=${Ut(n.kubeconfig)}
`}}function Ut(e){return/^[\w@%+=:,./-]+$/.test(e)?e:`'${e.replace(/'/g,"'\\''")}'`}async function _r({values:e,positionals:t,out:r,err:n}){let o=e.name,s=i=>n(i);switch(t[0]){case"up":{let i=await Pe({name:o,nodes:Number(e.nodes),build:!!e.build,onProgress:s});return n(`${i.reused?"already running":`ready in ${(i.startMs/1e3).toFixed(1)} s`}: Kubernetes ${i.versions.kubernetes} at ${i.server}, nodes ${i.nodes.join(", ")}`),r(i.kubeconfig),0}case"down":{let i=await Se({name:o,purge:!!e.purge,onProgress:s});return n(i.stopped.length?`stopped ${i.stopped.join(", ")}`:`cluster ${o} was not running`),0}default:{let i=xe({name:o});return r(i.exports),i.running||n(`cluster ${o} is not running: \`cutover local up --name ${o}\` starts it`),i.running?0:1}}}export{_r as run};
