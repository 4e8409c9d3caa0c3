import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{e as p}from"./chunk-HAIHGSXD.js";import{mkdirSync as we,readFileSync as Je,renameSync as xt,rmSync as G,writeFileSync as z}from"node:fs";import{join as y}from"node:path";import{spawn as Xe}from"node:child_process";import{createHash as Ze}from"node:crypto";import{accessSync as et,constants as tt,existsSync as rt,readdirSync as nt,readFileSync as le,statSync as ue}from"node:fs";import{join as v}from"node:path";import{createInterface as Oe}from"node:readline";import{existsSync as ze}from"node:fs";import{homedir as Ge}from"node:os";import{dirname as Ne,join as oe,resolve as He}from"node:path";import{fileURLToPath as Ye}from"node:url";function T(e=process.env){return e.CUTOVER_CACHE_DIR||oe(Ge(),".cache","cutover")}function se(e){if(!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(e))throw new p("LOCAL_CLUSTER",`invalid local cluster name ${JSON.stringify(e)}`,{hint:'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit'});return e}function ie(e,t=process.env){return oe(T(t),"local",se(e))}function ae(e){let t=e?[e]:[Ne(Ye(import.meta.url)),process.cwd()];for(let r of t){let n=He(r);for(;;){if(ze(oe(n,"k8s","kubernetes","go.mod")))return n;let s=Ne(n);if(s===n)break;n=s}}}var ot=["etcd","kube-apiserver","kube-controller-manager","kube-scheduler","kwok"],de={kubernetes:{dir:"kubernetes",module:"k8s.io/kubernetes"},etcd:{dir:"etcd",module:"go.etcd.io/etcd/server/v3"},kwok:{dir:"kwok",module:"sigs.k8s.io/kwok"}},ce="run scripts/k8s-build.sh (15-30 minutes the first time, cached after)";function st(e,t){for(let r of e.split(`
`)){let n=r.trim().split(/\s+/),s=n[0]==="require"?1:0;if(n[s]===t&&n[s+1]?.startsWith("v"))return n[s+1]}}function it(e){let t=le(v(e,"scripts","k8s-build.sh"),"utf8"),r=/^RECIPE=(\S+)$/m.exec(t)?.[1];if(!r)throw new p("LOCAL_CLUSTER","scripts/k8s-build.sh has no RECIPE= line");let n={};for(let[s,o]of Object.entries(de)){let i=le(v(e,"k8s",o.dir,"go.mod"),"utf8"),l=st(i,o.module);if(!l)throw new p("LOCAL_CLUSTER",`k8s/${o.dir}/go.mod does not require ${o.module}`);let a=Ze("sha256").update(`recipe=${r}
`).update(i).digest("hex").slice(0,16);n[s]={version:l,key:a}}return n}function at(e){try{return et(e,tt.X_OK),ue(e).isFile()}catch{return!1}}function U(e){let t;try{t=JSON.parse(le(v(e,"manifest.json"),"utf8"))}catch{return{ok:!1,problem:`no build in ${e} (manifest.json missing)`}}let r={};for(let n of ot)if(r[n]=v(e,n),!at(r[n]))return{ok:!1,problem:`${r[n]} is missing`};return{ok:!0,bins:{dir:e,paths:r,manifest:t}}}function ct(e){let t=T(e);return rt(t)?nt(t).filter(n=>n.startsWith("k8s-")).map(n=>v(t,n,"bin")).filter(n=>U(n).ok).sort((n,s)=>ue(v(s,"manifest.json")).mtimeMs-ue(v(n,"manifest.json")).mtimeMs)[0]:void 0}async function pe(e={}){let t=e.env??process.env,r=e.binDir??t.CUTOVER_K8S_BIN_DIR;if(r){let a=U(r);if(!a.ok)throw new p("LOCAL_CLUSTER",a.problem,{hint:ce});return a.bins}let n=ae();if(!n){let a=ct(t);if(!a)throw new p("LOCAL_CLUSTER",`no control plane binaries under ${T(t)}`,{hint:`${ce} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`});return U(a).bins}let s=it(n),o=v(T(t),`k8s-${s.kubernetes.version}`,"bin"),i=()=>{let a=U(o);if(!a.ok)return a.problem;for(let c of Object.keys(de))if(a.bins.manifest[c]?.key!==s[c].key)return`the ${c} build in ${o} is stale (k8s/${de[c].dir}/go.mod changed since)`},l=i();if(l&&e.build&&(e.onProgress?.(`${l}: building with scripts/k8s-build.sh`),await Ee(n,t,e.onProgress),l=i()),l)throw new p("LOCAL_CLUSTER",l,{hint:ce});return U(o).bins}function Ee(e,t=process.env,r){let n=v(e,"scripts","k8s-build.sh");return new Promise((s,o)=>{let i=Xe("bash",[n],{cwd:e,env:t,stdio:["ignore","pipe","pipe"]}),l="",a=[];Oe({input:i.stdout}).on("line",c=>l=c.trim()||l),Oe({input:i.stderr}).on("line",c=>{a.push(c),a.length>30&&a.shift(),r?.(c)}),i.on("error",c=>o(new p("LOCAL_CLUSTER",`cannot run ${n}: ${c.message}`,{cause:c}))),i.on("close",c=>{c===0?s(l):o(new p("LOCAL_CLUSTER",`scripts/k8s-build.sh failed (exit ${c})
${a.join(`
`)}`,{hint:"read the go build output above; run the script by hand to retry"}))})})}var fe="kwok.x-k8s.io/node",me="fake",ge="cutover.dev/local-ready",lt=e=>`
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
      {{ end }}`,Re=e=>`
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${lt(e)}
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
      {{ end }}`,Te=e=>`
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
        systemUUID: {{ or $info.systemUUID "" | Quote }}`:""}`;function L(e,t,r){return`apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${e}
spec:
  resourceRef:
    apiGroup: v1
    kind: ${t}
${r.replace(/^\n/,"")}`}function Le(e){let t=`    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;return[`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${e.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${fe}=${me}
  nodeLeaseDurationSeconds: ${e.nodeLeaseSeconds}
`,L("node-ready","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${Te(!0)}
`),L("node-refresh","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 240000
    jitterDurationMilliseconds: 300000
  next:
    statusTemplate: |${Te(!1)}
`),L("pod-ready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${ge}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${Re(!0)}
`),L("pod-unready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${ge}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${Re(!1)}
`),L("pod-succeed","Pod",`
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
`),L("pod-remove","Pod",`
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`)].join(`---
`)}import{readFileSync as ye}from"node:fs";import{request as ut}from"node:https";function Ae(e,t,r,n){return{server:e,ca:ye(t,"utf8"),cert:ye(r,"utf8"),key:ye(n,"utf8")}}function A(e,t,r,n,s=1e4){return new Promise((o,i)=>{let l=new URL(r,e.server),a=n===void 0?void 0:JSON.stringify(n),c=ut(l,{method:t,ca:e.ca,cert:e.cert,key:e.key,timeout:s,headers:{accept:"application/json",...a===void 0?{}:{"content-type":"application/json","content-length":Buffer.byteLength(a)}}},g=>{let k=[];g.on("data",P=>k.push(P)),g.on("end",()=>o({status:g.statusCode??0,body:Buffer.concat(k).toString("utf8")})),g.on("error",i)});c.on("timeout",()=>c.destroy(new Error(`${t} ${r} timed out after ${s}ms`))),c.on("error",i),a!==void 0&&c.write(a),c.end()})}import{execFile as dt}from"node:child_process";import{generateKeyPairSync as pt}from"node:crypto";import{mkdirSync as gt,writeFileSync as Ie}from"node:fs";import{join as I}from"node:path";import{promisify as ft}from"node:util";var mt=ft(dt);async function De(e){try{await mt("openssl",e,{timeout:3e4})}catch(t){let r=t;throw r.code==="ENOENT"?new p("LOCAL_CLUSTER","openssl is not on PATH",{hint:"install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)",cause:t}):new p("LOCAL_CLUSTER",`openssl ${e[0]} failed: ${r.stderr??r.message}`,{hint:"the local cluster needs OpenSSL 3.0 or later (openssl version)",cause:t})}}var _e=["-newkey","ec","-pkeyopt","ec_paramgen_curve:P-256","-nodes"];async function Q(e,t,r,n,s){let o={cert:I(e,`${r}.crt`),key:I(e,`${r}.key`)},l=["-addext","basicConstraints=critical,CA:FALSE","-addext","keyUsage=critical,digitalSignature,keyEncipherment","-addext",`extendedKeyUsage=${[s.serverNames?"serverAuth":"",s.client?"clientAuth":""].filter(Boolean).join(",")}`];if(s.serverNames){let a=[...s.serverNames.ips.map(c=>`IP:${c}`),...s.serverNames.dns.map(c=>`DNS:${c}`)];l.push("-addext",`subjectAltName=${a.join(",")}`)}return await De(["req","-x509",..._e,"-keyout",o.key,"-out",o.cert,"-CA",t.cert,"-CAkey",t.key,"-days","365","-subj",n,...l]),o}async function Me(e,t){gt(e,{recursive:!0,mode:448});let r={cert:I(e,"ca.crt"),key:I(e,"ca.key")};await De(["req","-x509",..._e,"-keyout",r.key,"-out",r.cert,"-days","3650","-subj",`/CN=cutover-local-ca-${t.clusterName}`,"-addext","basicConstraints=critical,CA:TRUE","-addext","keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]);let n=["localhost","kubernetes","kubernetes.default","kubernetes.default.svc","kubernetes.default.svc.cluster.local",...t.dnsNames??[]],[s,o,i,l,a]=await Promise.all([Q(e,r,"apiserver","/CN=kube-apiserver",{serverNames:{ips:t.ips,dns:n}}),Q(e,r,"admin","/O=system:masters/CN=cutover-admin",{client:!0}),Q(e,r,"controller-manager","/CN=system:kube-controller-manager",{client:!0}),Q(e,r,"scheduler","/CN=system:kube-scheduler",{client:!0}),Q(e,r,"kwok","/O=system:masters/CN=kwok-controller",{client:!0})]),{privateKey:c,publicKey:g}=pt("ec",{namedCurve:"P-256"}),k=I(e,"sa.key"),P=I(e,"sa.pub");return Ie(k,c.export({type:"pkcs8",format:"pem"}),{mode:384}),Ie(P,g.export({type:"spki",format:"pem"})),{dir:e,ca:r,apiserver:s,admin:o,controllerManager:i,scheduler:l,kwok:a,saKey:k,saPub:P}}import{spawn as yt}from"node:child_process";import{closeSync as kt,existsSync as ht,openSync as wt,readFileSync as ke}from"node:fs";import{createServer as bt}from"node:net";function Qe(e,t,r,n){let s=wt(n.log,"a"),o;try{o=yt(t,r,{detached:!0,stdio:["ignore",s,s],env:n.env??process.env,cwd:n.cwd})}finally{kt(s)}if(o.pid===void 0)throw new Error(`could not start ${e} (${t})`);o.unref();let i={record:{name:e,pid:o.pid,binary:t,log:n.log},child:o,exit:void 0};return o.on("exit",(l,a)=>i.exit={code:l,signal:a}),o.on("error",()=>i.exit??={code:null,signal:null}),i}function S(e){if(!Number.isInteger(e.pid)||e.pid<=1)return!1;try{process.kill(e.pid,0)}catch(r){if(r.code!=="EPERM")return!1}let t=`/proc/${e.pid}`;if(!ht("/proc/self"))return!0;try{let r=ke(`${t}/stat`,"utf8"),n=r.slice(r.lastIndexOf(")")+2,r.lastIndexOf(")")+3);return n==="Z"||n==="X"?!1:ke(`${t}/cmdline`,"utf8").split("\0")[0]===e.binary}catch{return!1}}function Be(e,t){for(let r of[-e.pid,e.pid])try{process.kill(r,t)}catch{}}var Ue=e=>new Promise(t=>setTimeout(t,e));async function W(e,t=1e4){let r=e.filter(S);for(let i of r)Be(i,"SIGTERM");let n=Date.now()+t;for(;r.some(S)&&Date.now()<n;)await Ue(50);let s=r.filter(S);for(let i of s)Be(i,"SIGKILL");let o=Date.now()+5e3;for(;s.some(S)&&Date.now()<o;)await Ue(50);return r.map(i=>i.name)}function he(e,t=15){try{return ke(e,"utf8").split(`
`).filter(Boolean).slice(-t).join(`
`)}catch{return"(no log)"}}async function Ke(e){let t=await Promise.all(Array.from({length:e},()=>new Promise((n,s)=>{let o=bt();o.unref(),o.on("error",s),o.listen(0,"127.0.0.1",()=>n(o))}))),r=t.map(n=>{let s=n.address();if(s===null||typeof s=="string")throw new Error("no port");return s.port});return await Promise.all(t.map(n=>new Promise(s=>n.close(s)))),r}import{spawn as $t}from"node:child_process";import{closeSync as vt,openSync as Pt}from"node:fs";var St=String.raw`
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
`;function Fe(e,t,r,n){let s=Pt(n,"a");try{let o=$t(process.execPath,["-e",St,e,String(t),r,n],{detached:!0,stdio:["ignore",s,s],env:{...process.env,NODE_OPTIONS:""}});if(o.pid===void 0)throw new Error("could not start the watchdog");return o.unref(),o.pid}finally{vt(s)}}var Ct="10.96.0.0/16",Nt="10.96.0.1",Ot="10.244.0.1/16",Et="https://kubernetes.default.svc.cluster.local";function $e(e){let t=se(e.name??"default");return{name:t,stateDir:e.stateDir??ie(t),progress:e.onProgress??(()=>{})}}var x=e=>y(e,"state.json");function H(e){try{return JSON.parse(Je(x(e),"utf8"))}catch{return}}function q(e,t){let r=`${x(e)}.${process.pid}.tmp`;z(r,`${JSON.stringify(t,null,2)}
`),xt(r,x(e))}function be(e){return e.processes.map(t=>({name:t.name,pid:t.pid,log:t.log,running:S(t)}))}var Rt=e=>new Promise(t=>setTimeout(t,e)),Tt=e=>Je(e).toString("base64");function je(e){let[t,r,n]=e.embed?["certificate-authority-data","client-certificate-data","client-key-data"]:["certificate-authority","client-certificate","client-key"],s=o=>e.embed?Tt(o):JSON.stringify(o);return`apiVersion: v1
kind: Config
clusters:
- name: ${e.cluster}
  cluster:
    server: ${e.server}
    ${t}: ${s(e.ca)}
users:
- name: ${e.user}
  user:
    ${r}: ${s(e.cert)}
    ${n}: ${s(e.key)}
contexts:
- name: ${e.cluster}
  context:
    cluster: ${e.cluster}
    user: ${e.user}
current-context: ${e.cluster}
`}function Lt(e){let t=e.exit?.signal?`signal ${e.exit.signal}`:`exit code ${e.exit?.code}`;return new p("LOCAL_CLUSTER",`${e.record.name} exited during start (${t}); its log is ${e.record.log}
${he(e.record.log)}`,{hint:`read ${e.record.log}; a port taken by another program or a stale build are the usual causes`})}async function D(e,t,r){let n=Date.now(),s=n,o=!1,i="";for(;;){for(let a of r.watch)if(a.exit)throw Lt(a);try{if(o=await t(),o===!0)return}catch(a){i=a.message}let l=Date.now();if(l-n>r.timeoutMs){let a=typeof o=="string"?o:i,c=r.logOf?.record.log;throw new p("LOCAL_CLUSTER",`timed out after ${Math.round(r.timeoutMs/1e3)}s waiting for ${e}${a?` (${a})`:""}`+(c?`; the log of ${r.logOf?.record.name} is ${c}
${he(c)}`:""),{hint:c?`read ${c}`:"read the logs in the state directory"})}if(l-s>=5e3){s=l;let a=typeof o=="string"?`: ${o}`:"";r.progress(`  still waiting for ${e} (${Math.round((l-n)/1e3)}s)${a}`)}await Rt(r.intervalMs??200)}}async function Ve(e,t){let r=await A({...e,server:`https://127.0.0.1:${t}`},"GET","/healthz",void 0,3e3);return r.status===200?!0:`HTTP ${r.status} ${r.body.slice(0,200)}`}function At(e,t){let r={cpu:"32",memory:"256Gi",pods:"110","ephemeral-storage":"1Ti"};return{apiVersion:"v1",kind:"Node",metadata:{name:e,labels:{"kubernetes.io/hostname":e,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node.kubernetes.io/instance-type":"kwok","topology.kubernetes.io/zone":`zone-${String.fromCharCode(97+t%3)}`,type:"kwok"},annotations:{[fe]:me,"node.alpha.kubernetes.io/ttl":"0"}},spec:{},status:{capacity:r,allocatable:r,addresses:[{type:"InternalIP",address:`10.240.0.${t+10}`},{type:"Hostname",address:e}]}}}async function ve(e={}){let t=Date.now(),r={},n=d=>{r[d]=Date.now()-t},{name:s,stateDir:o,progress:i}=$e(e),l=e.timeoutMs??18e4,a=t+l,c=()=>Math.max(1e3,a-Date.now()),g=H(o);if(g){let d=be(g);if(g.phase==="ready"&&d.length>0&&d.every(h=>h.running)&&e.reuse!==!1)return i(`local cluster "${s}" is already running (${g.server})`),{name:s,stateDir:o,kubeconfig:g.kubeconfig,server:g.server,context:g.context,nodes:g.nodes,versions:g.versions,processes:d,reused:!0,startMs:Date.now()-t,timings:{}};i(`cleaning up the previous run of "${s}"`),await Y({name:s,stateDir:o})}let k=await pe({binDir:e.binDir,build:e.build,onProgress:i}),P=k.manifest,_={kubernetes:P.kubernetes.version,etcd:P.etcd.version,kwok:P.kwok.version};i(`starting local cluster "${s}": kubernetes ${_.kubernetes}, etcd ${_.etcd}, kwok ${_.kwok}`),we(o,{recursive:!0,mode:448});for(let d of["etcd","pki","logs","kwok"])G(y(o,d),{recursive:!0,force:!0});let K=y(o,"logs");we(K,{recursive:!0});let[C,F,X,Z,ee]=await Ke(5),N=`https://127.0.0.1:${X}`,O=`cutover-local-${s}`,u=await Me(y(o,"pki"),{ips:["127.0.0.1",Nt],clusterName:s}),j=y(o,"kubeconfig");z(j,je({cluster:O,user:`${O}-admin`,server:N,ca:u.ca.cert,...u.admin,embed:!0}),{mode:384});let te=(d,b)=>{let h=y(o,"pki",`${d}.kubeconfig`);return z(h,je({cluster:O,user:d,server:N,ca:u.ca.cert,...b,embed:!1}),{mode:384}),h},M=e.nodes??3,re=Array.from({length:M},(d,b)=>`kwok-node-${b}`),m={version:1,name:s,phase:"starting",createdAt:new Date().toISOString(),kubeconfig:j,server:N,context:O,ports:{etcd:C,etcdPeer:F,apiserver:X,controllerManager:Z,scheduler:ee},nodes:re,versions:_,processes:[]};e.ownerPid!==void 0&&(m.ownerPid=e.ownerPid),q(o,m);let Se=e.ownerPid!==void 0?"owner":"startup";m.watchdogMode=Se,m.watchdogBinary=process.execPath,m.watchdogPid=Fe(x(o),e.ownerPid??process.pid,Se,y(K,"watchdog.log")),q(o,m);let V=[],B=(d,b,h,ne)=>{let R=Qe(d,b,h,{log:y(K,`${d}.log`),env:ne,cwd:o});return V.push(R),m.processes.push(R.record),q(o,m),R},E=Ae(N,u.ca.cert,u.admin.cert,u.admin.key);try{n("prepare"),i(`starting etcd on 127.0.0.1:${C}`);let d=B("etcd",k.paths.etcd,["--name=cutover",`--data-dir=${y(o,"etcd")}`,`--listen-client-urls=http://127.0.0.1:${C}`,`--advertise-client-urls=http://127.0.0.1:${C}`,`--listen-peer-urls=http://127.0.0.1:${F}`,`--initial-advertise-peer-urls=http://127.0.0.1:${F}`,`--initial-cluster=cutover=http://127.0.0.1:${F}`,"--initial-cluster-state=new","--unsafe-no-fsync","--log-level=warn"]);await D("etcd to be healthy",async()=>{let f=await fetch(`http://127.0.0.1:${C}/health`,{signal:AbortSignal.timeout(2e3)}),$=await f.text();return f.ok&&$.includes('"health":"true"')?!0:`HTTP ${f.status} ${$.slice(0,200)}`},{timeoutMs:Math.min(3e4,c()),watch:V,logOf:d,progress:i}),n("etcd"),i(`starting kube-apiserver on ${N}`);let b=B("kube-apiserver",k.paths["kube-apiserver"],[`--etcd-servers=http://127.0.0.1:${C}`,"--bind-address=127.0.0.1","--advertise-address=127.0.0.1",`--secure-port=${X}`,`--cert-dir=${y(o,"pki")}`,`--tls-cert-file=${u.apiserver.cert}`,`--tls-private-key-file=${u.apiserver.key}`,`--client-ca-file=${u.ca.cert}`,"--authorization-mode=Node,RBAC","--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota","--allow-privileged=true",`--service-cluster-ip-range=${Ct}`,`--service-account-issuer=${Et}`,`--service-account-key-file=${u.saPub}`,`--service-account-signing-key-file=${u.saKey}`,"--endpoint-reconciler-type=none","--profiling=false"]);await D("kube-apiserver /readyz",async()=>{let f=await A(E,"GET","/readyz",void 0,3e3);if(f.status===200)return!0;let $=f.body.split(`
`).filter(w=>w.startsWith("[-]")).map(w=>w.slice(3).split(" ")[0]).join(", ");return`HTTP ${f.status}${$?`, not ready: ${$}`:""}`},{timeoutMs:Math.min(9e4,c()),watch:V,logOf:b,progress:i}),n("apiserver"),i("starting kube-controller-manager, kube-scheduler and kwok");let h=B("kube-controller-manager",k.paths["kube-controller-manager"],[`--kubeconfig=${te("controller-manager",u.controllerManager)}`,"--bind-address=127.0.0.1",`--secure-port=${Z}`,`--tls-cert-file=${u.apiserver.cert}`,`--tls-private-key-file=${u.apiserver.key}`,"--leader-elect=false",`--cluster-name=${O}`,"--controllers=*,-persistentvolume-attach-detach-controller,-persistentvolume-binder-controller,-persistentvolume-expander-controller,-persistentvolume-protection-controller,-persistentvolumeclaim-protection-controller,-ephemeral-volume-controller,-volumeattributesclass-protection-controller,-certificatesigningrequest-approving-controller,-certificatesigningrequest-cleaner-controller,-certificatesigningrequest-signing-controller,-resourceclaim-controller,-replicationcontroller-controller,-storage-version-migrator-controller,-legacy-serviceaccount-token-cleaner-controller,-node-ipam-controller",`--service-account-private-key-file=${u.saKey}`,`--root-ca-file=${u.ca.cert}`,"--use-service-account-credentials=true",`--cluster-signing-cert-file=${u.ca.cert}`,`--cluster-signing-key-file=${u.ca.key}`,"--allocate-node-cidrs=false","--profiling=false"]),ne=B("kube-scheduler",k.paths["kube-scheduler"],[`--kubeconfig=${te("scheduler",u.scheduler)}`,"--bind-address=127.0.0.1",`--secure-port=${ee}`,`--tls-cert-file=${u.apiserver.cert}`,`--tls-private-key-file=${u.apiserver.key}`,"--leader-elect=false","--profiling=false"]),R=y(o,"kwok","kwok.yaml");we(y(o,"kwok"),{recursive:!0}),z(R,Le({podCidr:Ot,nodeLeaseSeconds:40}));let We=B("kwok",k.paths.kwok,[`--kubeconfig=${te("kwok",u.kwok)}`,`--config=${R}`],{...process.env,KWOK_WORKDIR:y(o,"kwok")});i(`creating ${M} fake nodes`);for(let[f,$]of re.entries()){let w=await A(E,"POST","/api/v1/nodes",At($,f));if(w.status!==201&&w.status!==409)throw new p("LOCAL_CLUSTER",`creating node ${$} failed: HTTP ${w.status} ${w.body.slice(0,300)}`)}let J={timeoutMs:Math.min(6e4,c()),watch:V,progress:i};await Promise.all([D("kube-controller-manager /healthz",()=>Ve(E,Z),{...J,logOf:h}),D("kube-scheduler /healthz",()=>Ve(E,ee),{...J,logOf:ne})]),n("components"),i("waiting for the nodes to be Ready"),await D(`${M} Ready nodes`,async()=>{let f=await A(E,"GET","/api/v1/nodes");if(f.status!==200)return`HTTP ${f.status}`;let w=JSON.parse(f.body).items.filter(qe=>qe.status?.conditions?.some(Ce=>Ce.type==="Ready"&&Ce.status==="True")).length;return w>=M?!0:`${w}/${M} Ready`},{...J,timeoutMs:Math.min(6e4,c()),logOf:We}),n("nodes"),await D("the default ServiceAccount (controller-manager)",async()=>{let f=await A(E,"GET","/api/v1/namespaces/default/serviceaccounts/default");return f.status===200?!0:`HTTP ${f.status}`},{...J,timeoutMs:Math.min(6e4,c()),logOf:h}),n("controllers"),m.phase="ready",q(o,m)}catch(d){i(`start failed; stopping what was started (logs stay in ${K})`);for(let h of[...m.processes].reverse())await W([h]);throw H(o)?.watchdogPid===m.watchdogPid&&G(x(o),{force:!0}),d}let xe=Date.now()-t;return i(`local cluster "${s}" is ready in ${(xe/1e3).toFixed(1)}s; kubeconfig: ${j}`),{name:s,stateDir:o,kubeconfig:j,server:N,context:O,nodes:re,versions:_,processes:be(m),reused:!1,startMs:xe,timings:r}}async function Y(e={}){let{name:t,stateDir:r,progress:n}=$e(e),s=H(r),o=[];if(s){let i=[...s.processes].reverse();if(s.watchdogPid!==void 0){let a=s.watchdogBinary??process.execPath;await W([{name:"watchdog",pid:s.watchdogPid,binary:a,log:""}],2e3)}let l=i.filter(S).map(a=>a.name);l.length&&n(`stopping ${l.join(", ")}`);for(let a of i)o.push(...await W([a]));G(x(r),{force:!0})}return e.purge&&G(r,{recursive:!0,force:!0}),n(o.length?`local cluster "${t}" stopped`:`local cluster "${t}" was not running`),{name:t,stateDir:r,stopped:o}}function Pe(e={}){let{name:t,stateDir:r}=$e(e),n=H(r);if(!n)throw new p("LOCAL_CLUSTER",`local cluster "${t}" is not running (no ${x(r)})`,{hint:`start it with: cutover local up${t==="default"?"":` --name ${t}`}`});let s=n.phase==="ready"&&be(n).every(o=>o.running);return{name:t,kubeconfig:n.kubeconfig,running:s,exports:`export KUBECONFIG=${It(n.kubeconfig)}
`}}function It(e){return/^[\w@%+=:,./-]+$/.test(e)?e:`'${e.replace(/'/g,"'\\''")}'`}async function Tr({values:e,positionals:t,out:r,err:n}){let s=e.name,o=i=>n(i);switch(t[0]){case"up":{let i=await ve({name:s,nodes:Number(e.nodes),build:!!e.build,onProgress:o});return n(`${i.reused?"already running":`ready in ${(i.startMs/1e3).toFixed(1)} s`}: Kubernetes ${i.versions.kubernetes} at ${i.server}, nodes ${i.nodes.join(", ")}`),r(i.kubeconfig),0}case"down":{let i=await Y({name:s,purge:!!e.purge,onProgress:o});return n(i.stopped.length?`stopped ${i.stopped.join(", ")}`:`cluster ${s} was not running`),0}default:{let i=Pe({name:s});return r(i.exports),i.running||n(`cluster ${s} is not running: \`cutover local up --name ${s}\` starts it`),i.running?0:1}}}export{Tr as run};
