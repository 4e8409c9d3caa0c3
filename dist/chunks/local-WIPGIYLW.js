import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{a as ue,b as le,f as de}from"./chunk-7Y3PD63T.js";import{a as tt}from"./chunk-UC56CWMX.js";import{a as l}from"./chunk-WCVK6NJQ.js";import{d as et}from"./chunk-NYRTOUVY.js";import{existsSync as Xt,mkdirSync as Je,rmSync as ne}from"node:fs";import{join as D}from"node:path";import{spawn as it}from"node:child_process";import{createHash as at}from"node:crypto";import{accessSync as ct,constants as ut,existsSync as lt,readdirSync as dt,readFileSync as Q,statSync as W}from"node:fs";import{join as h}from"node:path";import{createInterface as me}from"node:readline";import{existsSync as rt}from"node:fs";import{homedir as ot}from"node:os";import{dirname as pe,join as B,resolve as nt}from"node:path";import{fileURLToPath as st}from"node:url";function C(e=process.env){return e.CUTOVER_CACHE_DIR||B(ot(),".cache","cutover")}function K(e){if(!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(e))throw new l("LOCAL_CLUSTER",`invalid local cluster name ${JSON.stringify(e)}`,{hint:'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit'});return e}function F(e,t=process.env){return B(C(t),"local",K(e))}function U(e){let t=e?[e]:[pe(st(import.meta.url)),process.cwd()];for(let r of t){let o=nt(r);for(;;){if(rt(B(o,"k8s","kubernetes","go.mod")))return o;let n=pe(o);if(n===o)break;o=n}}}var pt=["etcd","kube-apiserver","kube-controller-manager","kube-scheduler","kwok"],V={kubernetes:{dir:"kubernetes",module:"k8s.io/kubernetes"},etcd:{dir:"etcd",module:"go.etcd.io/etcd/server/v3"},kwok:{dir:"kwok",module:"sigs.k8s.io/kwok"}},j="run scripts/k8s-build.sh (15-30 minutes the first time, cached after)";function mt(e,t){for(let r of e.split(`
`)){let o=r.trim().split(/\s+/),n=o[0]==="require"?1:0;if(o[n]===t&&o[n+1]?.startsWith("v"))return o[n+1]}}function ft(e){let t=Q(h(e,"scripts","k8s-build.sh"),"utf8"),r=/^RECIPE=(\S+)$/m.exec(t)?.[1];if(!r)throw new l("LOCAL_CLUSTER","scripts/k8s-build.sh has no RECIPE= line");let o={};for(let[n,s]of Object.entries(V)){let i=Q(h(e,"k8s",s.dir,"go.mod"),"utf8"),c=mt(i,s.module);if(!c)throw new l("LOCAL_CLUSTER",`k8s/${s.dir}/go.mod does not require ${s.module}`);let a=at("sha256").update(`recipe=${r}
`).update(i).digest("hex").slice(0,16);o[n]={version:c,key:a}}return o}function gt(e){try{return ct(e,ut.X_OK),W(e).isFile()}catch{return!1}}function R(e){let t;try{t=JSON.parse(Q(h(e,"manifest.json"),"utf8"))}catch{return{ok:!1,problem:`no build in ${e} (manifest.json missing)`}}let r={};for(let o of pt)if(r[o]=h(e,o),!gt(r[o]))return{ok:!1,problem:`${r[o]} is missing`};return{ok:!0,bins:{dir:e,paths:r,manifest:t}}}function yt(e){let t=C(e);return lt(t)?dt(t).filter(o=>o.startsWith("k8s-")).map(o=>h(t,o,"bin")).filter(o=>R(o).ok).sort((o,n)=>W(h(n,"manifest.json")).mtimeMs-W(h(o,"manifest.json")).mtimeMs)[0]:void 0}async function J(e={}){let t=e.env??process.env,r=e.binDir??t.CUTOVER_K8S_BIN_DIR;if(r){let a=R(r);if(!a.ok)throw new l("LOCAL_CLUSTER",a.problem,{hint:j});return a.bins}let o=U();if(!o){let a=yt(t);if(!a)throw new l("LOCAL_CLUSTER",`no control plane binaries under ${C(t)}`,{hint:`${j} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`});return R(a).bins}let n=ft(o),s=h(C(t),`k8s-${n.kubernetes.version}`,"bin"),i=()=>{let a=R(s);if(!a.ok)return a.problem;for(let u of Object.keys(V))if(a.bins.manifest[u]?.key!==n[u].key)return`the ${u} build in ${s} is stale (k8s/${V[u].dir}/go.mod changed since)`},c=i();if(c&&e.build&&(e.onProgress?.(`${c}: building with scripts/k8s-build.sh`),await fe(o,t,e.onProgress),c=i()),c)throw new l("LOCAL_CLUSTER",c,{hint:j});return R(s).bins}function fe(e,t=process.env,r){let o=h(e,"scripts","k8s-build.sh");return new Promise((n,s)=>{let i=it("bash",[o],{cwd:e,env:t,stdio:["ignore","pipe","pipe"]}),c="",a=[];me({input:i.stdout}).on("line",u=>c=u.trim()||c),me({input:i.stderr}).on("line",u=>{a.push(u),a.length>30&&a.shift(),r?.(u)}),i.on("error",u=>s(new l("LOCAL_CLUSTER",`cannot run ${o}: ${u.message}`,{cause:u}))),i.on("close",u=>{u===0?n(c):s(new l("LOCAL_CLUSTER",`scripts/k8s-build.sh failed (exit ${u})
${a.join(`
`)}`,{hint:"read the go build output above; run the script by hand to retry"}))})})}import{mkdirSync as Tt,writeFileSync as Ot}from"node:fs";import{join as _}from"node:path";import{readFileSync as ht,writeFileSync as wt}from"node:fs";import{join as kt}from"node:path";function ge(e,t,r){he(e,t,`${t.context}-admin`,r,!0)}function ye(e,t,r,o){let n=kt(e,`${r}.kubeconfig`);return he(n,t,r,o,!1),n}function he(e,t,r,o,n){wt(e,$t({cluster:t.context,user:r,server:t.server,ca:t.ca,...o,embed:n}),{mode:384})}var bt=e=>ht(e).toString("base64");function $t(e){let[t,r,o]=e.embed?["certificate-authority-data","client-certificate-data","client-key-data"]:["certificate-authority","client-certificate","client-key"],n=s=>e.embed?bt(s):JSON.stringify(s);return`apiVersion: v1
kind: Config
clusters:
- name: ${e.cluster}
  cluster:
    server: ${e.server}
    ${t}: ${n(e.ca)}
users:
- name: ${e.user}
  user:
    ${r}: ${n(e.cert)}
    ${o}: ${n(e.key)}
contexts:
- name: ${e.cluster}
  context:
    cluster: ${e.cluster}
    user: ${e.user}
current-context: ${e.cluster}
`}import{readFileSync as G}from"node:fs";function we(e,t,r,o){return{server:e,ca:G(t,"utf8"),cert:G(r,"utf8"),key:G(o,"utf8")}}function w(e,t){return new le(ue(e)).send({timeoutMs:1e4,...t})}var z="kwok.x-k8s.io/node",q="fake",H="cutover.dev/local-ready",vt=e=>`
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
      {{ end }}`,ke=e=>`
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${vt(e)}
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
      {{ end }}`,be=e=>`
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
        systemUUID: {{ or $info.systemUUID "" | Quote }}`:""}`;function S(e,t,r){return`apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${e}
spec:
  resourceRef:
    apiGroup: v1
    kind: ${t}
${r.replace(/^\n/,"")}`}function $e(e){let t=`    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;return[`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${e.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${z}=${q}
  nodeLeaseDurationSeconds: ${e.nodeLeaseSeconds}
`,S("node-ready","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${be(!0)}
`),S("node-refresh","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 240000
    jitterDurationMilliseconds: 300000
  next:
    statusTemplate: |${be(!1)}
`),S("pod-ready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${H}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${ke(!0)}
`),S("pod-unready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${H}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${ke(!1)}
`),S("pod-succeed","Pod",`
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
`),S("pod-remove","Pod",`
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`)].join(`---
`)}import{spawn as Ct}from"node:child_process";import{closeSync as St,existsSync as Pt,openSync as xt,readFileSync as Y}from"node:fs";import{createServer as Nt}from"node:net";function Se(e,t,r,o){let n=xt(o.log,"a"),s;try{s=Ct(t,r,{detached:!0,stdio:["ignore",n,n],env:o.env??process.env,cwd:o.cwd})}finally{St(n)}if(s.pid===void 0)throw new Error(`could not start ${e} (${t})`);s.unref();let i={record:{name:e,pid:s.pid,binary:t,log:o.log},child:s,exit:void 0};return s.on("exit",(c,a)=>i.exit={code:c,signal:a}),s.on("error",()=>i.exit??={code:null,signal:null}),i}function k(e){if(!Number.isInteger(e.pid)||e.pid<=1)return!1;try{process.kill(e.pid,0)}catch(r){if(r.code!=="EPERM")return!1}let t=`/proc/${e.pid}`;if(!Pt("/proc/self"))return!0;try{let r=Y(`${t}/stat`,"utf8"),o=r.slice(r.lastIndexOf(")")+2,r.lastIndexOf(")")+3);return o==="Z"||o==="X"?!1:Y(`${t}/cmdline`,"utf8").split("\0")[0]===e.binary}catch{return!1}}function ve(e,t){for(let r of[-e.pid,e.pid])try{process.kill(r,t)}catch{}}var Ce=e=>new Promise(t=>setTimeout(t,e));async function X(e,t=1e4){let r=e.filter(k);for(let i of r)ve(i,"SIGTERM");let o=Date.now()+t;for(;r.some(k)&&Date.now()<o;)await Ce(50);let n=r.filter(k);for(let i of n)ve(i,"SIGKILL");let s=Date.now()+5e3;for(;n.some(k)&&Date.now()<s;)await Ce(50);return r.map(i=>i.name)}function Z(e,t=15){try{return Y(e,"utf8").split(`
`).filter(Boolean).slice(-t).join(`
`)}catch{return"(no log)"}}async function Pe(e){let t=await Promise.all(Array.from({length:e},()=>new Promise((o,n)=>{let s=Nt();s.unref(),s.on("error",n),s.listen(0,"127.0.0.1",()=>o(s))}))),r=t.map(o=>{let n=o.address();if(n===null||typeof n=="string")throw new Error("no port");return n.port});return await Promise.all(t.map(o=>new Promise(n=>o.close(n)))),r}function xe(e){let t=Date.now()+e;return{cap:r=>Math.min(r,Math.max(1e3,t-Date.now()))}}var Rt=e=>new Promise(t=>setTimeout(t,e));function Et(e){let t=e.exit?.signal?`signal ${e.exit.signal}`:`exit code ${e.exit?.code}`;return new l("LOCAL_CLUSTER",`${e.record.name} exited during start (${t}); its log is ${e.record.log}
${Z(e.record.log)}`,{hint:`read ${e.record.log}; a port taken by another program or a stale build are the usual causes`})}async function f(e,t,r){let o=Date.now(),n=o,s=!1,i="";for(;;){for(let a of r.watch)if(a.exit)throw Et(a);try{if(s=await t(),s===!0)return}catch(a){i=a.message}let c=Date.now();if(c-o>r.timeoutMs){let a=typeof s=="string"?s:i,u=r.logOf?.record.log;throw new l("LOCAL_CLUSTER",`timed out after ${Math.round(r.timeoutMs/1e3)}s waiting for ${e}${a?` (${a})`:""}`+(u?`; the log of ${r.logOf?.record.name} is ${u}
${Z(u)}`:""),{hint:u?`read ${u}`:"read the logs in the state directory"})}if(c-n>=5e3){n=c;let a=typeof s=="string"?`: ${s}`:"";r.progress(`  still waiting for ${e} (${Math.round((c-o)/1e3)}s)${a}`)}await Rt(r.intervalMs??200)}}async function ee(e,t){let r=await w({...e,server:`https://127.0.0.1:${t}`},{method:"GET",path:"/healthz",timeoutMs:3e3});return r.status===200?!0:`HTTP ${r.status} ${r.text.slice(0,200)}`}var Ne="10.96.0.1",Lt="10.96.0.0/16",At="10.244.0.1/16",Dt="https://kubernetes.default.svc.cluster.local";async function Re(){let[e,t,r,o,n]=await Pe(5);return{etcd:e,etcdPeer:t,apiserver:r,controllerManager:o,scheduler:n}}function P(e,t,r){return{timeoutMs:e.budget.cap(t),watch:e.started,logOf:r,progress:e.progress}}function E(e,t,r,o,n){let s=Se(t,r,o,{log:_(e.logs,`${t}.log`),env:n,cwd:e.stateDir});return e.started.push(s),e.record(s.record),s}var te=(e,t,r)=>ye(e.pki.dir,{context:e.context,server:e.server,ca:e.pki.ca.cert},t,r);async function Ee(e){let{etcd:t,etcdPeer:r}=e.ports;e.progress(`starting etcd on 127.0.0.1:${t}`);let o=E(e,"etcd",e.bins.paths.etcd,["--name=cutover",`--data-dir=${_(e.stateDir,"etcd")}`,`--listen-client-urls=http://127.0.0.1:${t}`,`--advertise-client-urls=http://127.0.0.1:${t}`,`--listen-peer-urls=http://127.0.0.1:${r}`,`--initial-advertise-peer-urls=http://127.0.0.1:${r}`,`--initial-cluster=cutover=http://127.0.0.1:${r}`,"--initial-cluster-state=new","--unsafe-no-fsync","--log-level=warn"]);await f("etcd to be healthy",async()=>{let n=await fetch(`http://127.0.0.1:${t}/health`,{signal:AbortSignal.timeout(2e3)}),s=await n.text();return n.ok&&s.includes('"health":"true"')?!0:`HTTP ${n.status} ${s.slice(0,200)}`},P(e,3e4,o))}async function Te(e){let{pki:t}=e;e.progress(`starting kube-apiserver on ${e.server}`);let r=E(e,"kube-apiserver",e.bins.paths["kube-apiserver"],[`--etcd-servers=http://127.0.0.1:${e.ports.etcd}`,"--bind-address=127.0.0.1","--advertise-address=127.0.0.1",`--secure-port=${e.ports.apiserver}`,`--cert-dir=${t.dir}`,`--tls-cert-file=${t.apiserver.cert}`,`--tls-private-key-file=${t.apiserver.key}`,`--client-ca-file=${t.ca.cert}`,"--authorization-mode=Node,RBAC","--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota","--allow-privileged=true",`--service-cluster-ip-range=${Lt}`,`--service-account-issuer=${Dt}`,`--service-account-key-file=${t.saPub}`,`--service-account-signing-key-file=${t.saKey}`,"--endpoint-reconciler-type=none","--profiling=false"]);await f("kube-apiserver /readyz",async()=>{let o=await w(e.admin,{method:"GET",path:"/readyz",timeoutMs:3e3});if(o.status===200)return!0;let n=o.text.split(`
`).filter(s=>s.startsWith("[-]")).map(s=>s.slice(3).split(" ")[0]).join(", ");return`HTTP ${o.status}${n?`, not ready: ${n}`:""}`},P(e,9e4,r))}function Oe(e){return e.progress("starting kube-controller-manager, kube-scheduler and kwok"),{controllerManager:It(e),scheduler:_t(e),kwok:Mt(e)}}function Le(e,t,r){return[`--kubeconfig=${t}`,"--bind-address=127.0.0.1",`--secure-port=${r}`,`--tls-cert-file=${e.pki.apiserver.cert}`,`--tls-private-key-file=${e.pki.apiserver.key}`,"--leader-elect=false"]}function It(e){let{pki:t}=e;return E(e,"kube-controller-manager",e.bins.paths["kube-controller-manager"],[...Le(e,te(e,"controller-manager",t.controllerManager),e.ports.controllerManager),`--cluster-name=${e.context}`,"--controllers=*",`--service-account-private-key-file=${t.saKey}`,`--root-ca-file=${t.ca.cert}`,"--use-service-account-credentials=true","--kube-api-qps=200","--kube-api-burst=400",`--cluster-signing-cert-file=${t.ca.cert}`,`--cluster-signing-key-file=${t.ca.key}`,"--allocate-node-cidrs=false","--profiling=false"])}function _t(e){return E(e,"kube-scheduler",e.bins.paths["kube-scheduler"],[...Le(e,te(e,"scheduler",e.pki.scheduler),e.ports.scheduler),"--profiling=false"])}function Mt(e){let t=_(e.stateDir,"kwok"),r=_(t,"kwok.yaml");return Tt(t,{recursive:!0}),Ot(r,$e({podCidr:At,nodeLeaseSeconds:40})),E(e,"kwok",e.bins.paths.kwok,[`--kubeconfig=${te(e,"kwok",e.pki.kwok)}`,`--config=${r}`],{...process.env,KWOK_WORKDIR:t})}async function Ae(e,t){let r=P(e,6e4,t.controllerManager);await Promise.all([f("kube-controller-manager /healthz",()=>ee(e.admin,e.ports.controllerManager),r),f("kube-scheduler /healthz",()=>ee(e.admin,e.ports.scheduler),{...r,logOf:t.scheduler})])}async function De(e,t){await f("the default ServiceAccount (controller-manager)",async()=>{let r=await w(e.admin,{method:"GET",path:"/api/v1/namespaces/default/serviceaccounts/default"});return r.status===200?!0:`HTTP ${r.status}`},P(e,6e4,t.controllerManager))}function re(e){return Array.from({length:e},(t,r)=>`kwok-node-${r}`)}async function Ie(e,t){e.progress(`creating ${t} fake nodes`);for(let[r,o]of re(t).entries()){let n=await w(e.admin,{method:"POST",path:"/api/v1/nodes",body:Bt(o,r)});if(n.status!==201&&n.status!==409)throw new l("LOCAL_CLUSTER",`creating node ${o} failed: HTTP ${n.status} ${n.text.slice(0,300)}`)}}async function _e(e,t,r){e.progress("waiting for the nodes to be Ready"),await f(`${t} Ready nodes`,async()=>{let o=await w(e.admin,{method:"GET",path:"/api/v1/nodes"});if(o.status!==200)return`HTTP ${o.status}`;let s=JSON.parse(o.text).items.filter(i=>i.status?.conditions?.some(c=>c.type==="Ready"&&c.status==="True")).length;return s>=t?!0:`${s}/${t} Ready`},P(e,6e4,r))}function Bt(e,t){let r={cpu:"32",memory:"256Gi",pods:"110","ephemeral-storage":"1Ti"};return{apiVersion:"v1",kind:"Node",metadata:{name:e,labels:{"kubernetes.io/hostname":e,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node.kubernetes.io/instance-type":"kwok","topology.kubernetes.io/zone":`zone-${String.fromCharCode(97+t%3)}`,type:"kwok"},annotations:{[z]:q,"node.alpha.kubernetes.io/ttl":"0"}},spec:{},status:{capacity:r,allocatable:r,addresses:[{type:"InternalIP",address:`10.240.0.${t+10}`},{type:"Hostname",address:e}]}}}import{execFile as Kt}from"node:child_process";import{generateKeyPairSync as Ft}from"node:crypto";import{mkdirSync as Ut,writeFileSync as Me}from"node:fs";import{join as x}from"node:path";import{promisify as jt}from"node:util";var Qt=jt(Kt);async function Be(e){try{await Qt("openssl",e,{timeout:3e4})}catch(t){let r=t;throw r.code==="ENOENT"?new l("LOCAL_CLUSTER","openssl is not on PATH",{hint:"install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)",cause:t}):new l("LOCAL_CLUSTER",`openssl ${e[0]} failed: ${r.stderr??r.message}`,{hint:"the local cluster needs OpenSSL 3.0 or later (openssl version)",cause:t})}}var Ke=["-newkey","ec","-pkeyopt","ec_paramgen_curve:P-256","-nodes"];async function T(e,t,r,o,n){let s={cert:x(e,`${r}.crt`),key:x(e,`${r}.key`)},c=["-addext","basicConstraints=critical,CA:FALSE","-addext","keyUsage=critical,digitalSignature,keyEncipherment","-addext",`extendedKeyUsage=${[n.serverNames?"serverAuth":"",n.client?"clientAuth":""].filter(Boolean).join(",")}`];if(n.serverNames){let a=[...n.serverNames.ips.map(u=>`IP:${u}`),...n.serverNames.dns.map(u=>`DNS:${u}`)];c.push("-addext",`subjectAltName=${a.join(",")}`)}return await Be(["req","-x509",...Ke,"-keyout",s.key,"-out",s.cert,"-CA",t.cert,"-CAkey",t.key,"-days","365","-subj",o,...c]),s}async function Fe(e,t){Ut(e,{recursive:!0,mode:448});let r={cert:x(e,"ca.crt"),key:x(e,"ca.key")};await Be(["req","-x509",...Ke,"-keyout",r.key,"-out",r.cert,"-days","3650","-subj",`/CN=cutover-local-ca-${t.clusterName}`,"-addext","basicConstraints=critical,CA:TRUE","-addext","keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]);let o=["localhost","kubernetes","kubernetes.default","kubernetes.default.svc","kubernetes.default.svc.cluster.local",...t.dnsNames??[]],[n,s,i,c,a]=await Promise.all([T(e,r,"apiserver","/CN=kube-apiserver",{serverNames:{ips:t.ips,dns:o}}),T(e,r,"admin","/O=system:masters/CN=cutover-admin",{client:!0}),T(e,r,"controller-manager","/CN=system:kube-controller-manager",{client:!0}),T(e,r,"scheduler","/CN=system:kube-scheduler",{client:!0}),T(e,r,"kwok","/O=system:masters/CN=kwok-controller",{client:!0})]),{privateKey:u,publicKey:$}=Ft("ec",{namedCurve:"P-256"}),p=x(e,"sa.key"),d=x(e,"sa.pub");return Me(p,u.export({type:"pkcs8",format:"pem"}),{mode:384}),Me(d,$.export({type:"spki",format:"pem"})),{dir:e,ca:r,apiserver:n,admin:s,controllerManager:i,scheduler:c,kwok:a,saKey:p,saPub:d}}import{mkdirSync as Wt,readFileSync as je,renameSync as Vt,rmSync as Ue,writeFileSync as Qe}from"node:fs";import{join as We}from"node:path";var b=e=>We(e,"state.json");function O(e){try{return JSON.parse(je(b(e),"utf8"))}catch{return}}function L(e,t){let r=`${b(e)}.${process.pid}.tmp`;Qe(r,`${JSON.stringify(t,null,2)}
`),Vt(r,b(e))}async function oe(e,t,r){let o=Jt(e,t);try{return await r()}finally{o()}}function Jt(e,t){Wt(t,{recursive:!0,mode:448});let r=We(t,"lock");for(let o=0;o<3;o++){try{return Qe(r,String(process.pid),{flag:"wx"}),()=>Ue(r,{force:!0})}catch(s){if(s.code!=="EEXIST")throw s}let n=0;try{n=Number(je(r,"utf8"))}catch{continue}if(Gt(n))throw new l("LOCAL_CLUSTER",`another cutover local command is starting or stopping "${e}" (pid ${n})`,{hint:`wait for it to finish; if pid ${n} is not cutover, remove ${r}`});Ue(r,{force:!0})}throw new l("LOCAL_CLUSTER",`cannot lock ${r}`)}function Gt(e){if(!Number.isInteger(e)||e<=0)return!1;try{return process.kill(e,0),!0}catch(t){return t.code==="EPERM"}}function A(e){return e.processes.map(t=>({name:t.name,pid:t.pid,log:t.log,running:k(t)}))}import{spawn as Ht}from"node:child_process";import{closeSync as zt,openSync as qt}from"node:fs";var Yt=String.raw`
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
`;function Ve(e,t,r,o){let n=qt(o,"a");try{let s=Ht(process.execPath,["-e",Yt,e,String(t),r,o],{detached:!0,stdio:["ignore",n,n],env:{...process.env,NODE_OPTIONS:""}});if(s.pid===void 0)throw new Error("could not start the watchdog");return s.unref(),s.pid}finally{zt(n)}}function N(e){let t=K(e.name??"default");return{name:t,stateDir:e.stateDir??F(t),progress:e.onProgress??(()=>{})}}async function se(e={}){let{name:t,stateDir:r}=N(e);return oe(t,r,()=>Zt(e))}async function Zt(e){let t=Date.now(),r={},o=m=>{r[m]=Date.now()-t},n=N(e),{name:s,stateDir:i,progress:c}=n,a=await er(n,e.reuse!==!1,t);if(a)return a;let u=await J({binDir:e.binDir,build:e.build,onProgress:c}),$=xe(e.timeoutMs??18e4),p=e.nodes??3,{cp:d,state:g}=await tr(n,e.ownerPid,p,u,$);try{o("prepare"),await Ee(d),o("etcd"),await Te(d),o("apiserver");let m=Oe(d);await Ie(d,p),await Ae(d,m),o("components"),await _e(d,p,m.kwok),o("nodes"),await De(d,m),o("controllers"),g.phase="ready",L(i,g)}catch(m){throw c(`start failed; stopping what was started (logs stay in ${d.logs})`),await M({name:s,stateDir:i}),m}let y=Date.now()-t;return c(`local cluster "${s}" is ready in ${(y/1e3).toFixed(1)}s; kubeconfig: ${g.kubeconfig}`),Ge(n,g,{processes:A(g),reused:!1,startMs:y,timings:r})}async function er(e,t,r){let{name:o,stateDir:n,progress:s}=e,i=O(n);if(!i)return;let c=A(i);if(i.phase==="ready"&&c.length>0&&c.every(u=>u.running)&&t)return s(`local cluster "${o}" is already running (${i.server})`),Ge(e,i,{processes:c,reused:!0,startMs:Date.now()-r,timings:{}});s(`cleaning up the previous run of "${o}"`),await M({name:o,stateDir:n})}async function tr(e,t,r,o,n){let{name:s,stateDir:i,progress:c}=e,a=o.manifest,u={kubernetes:a.kubernetes.version,etcd:a.etcd.version,kwok:a.kwok.version};c(`starting local cluster "${s}": kubernetes ${u.kubernetes}, etcd ${u.etcd}, kwok ${u.kwok}`);let $=rr(i),p=await Re(),d=`https://127.0.0.1:${p.apiserver}`,g=`cutover-local-${s}`,y=await Fe(D(i,"pki"),{ips:["127.0.0.1",Ne],clusterName:s}),m=D(i,"kubeconfig");ge(m,{context:g,server:d,ca:y.ca.cert},y.admin);let v={version:1,name:s,phase:"starting",createdAt:new Date().toISOString(),kubeconfig:m,server:d,context:g,ports:{...p},nodes:re(r),versions:u,processes:[]};return t!==void 0&&(v.ownerPid=t),L(i,v),or(i,v,t,$),{cp:{stateDir:i,logs:$,bins:o,ports:p,server:d,context:g,pki:y,admin:we(d,y.ca.cert,y.admin.cert,y.admin.key),progress:c,budget:n,started:[],record:Ze=>{v.processes.push(Ze),L(i,v)}},state:v}}function rr(e){Je(e,{recursive:!0,mode:448});for(let r of["etcd","pki","logs","kwok"])ne(D(e,r),{recursive:!0,force:!0});let t=D(e,"logs");return Je(t,{recursive:!0}),t}function or(e,t,r,o){let n=r!==void 0?"owner":"startup";t.watchdogMode=n,t.watchdogBinary=process.execPath,t.watchdogPid=Ve(b(e),r??process.pid,n,D(o,"watchdog.log")),L(e,t)}function Ge({name:e,stateDir:t},r,o){return{name:e,stateDir:t,kubeconfig:r.kubeconfig,server:r.server,context:r.context,nodes:r.nodes,versions:r.versions,...o}}async function ie(e={}){let{name:t,stateDir:r}=N(e);return Xt(r)?oe(t,r,()=>M(e)):M(e)}async function M(e){let{name:t,stateDir:r,progress:o}=N(e),n=O(r),s=[];if(n){let i=[...n.processes].reverse();if(n.watchdogPid!==void 0){let a=n.watchdogBinary??process.execPath;await X([{name:"watchdog",pid:n.watchdogPid,binary:a,log:""}],2e3)}let c=i.filter(k).map(a=>a.name);c.length&&o(`stopping ${c.join(", ")}`);for(let a of i)s.push(...await X([a]));ne(b(r),{force:!0})}return e.purge&&ne(r,{recursive:!0,force:!0}),o(s.length?`local cluster "${t}" stopped`:`local cluster "${t}" was not running`),{name:t,stateDir:r,stopped:s}}function ae(e={}){let{name:t,stateDir:r}=N(e),o=O(r);if(!o)throw new l("LOCAL_CLUSTER",`local cluster "${t}" is not running (no ${b(r)})`,{hint:`start it with: cutover local up${t==="default"?"":` --name ${t}`}`});let n=o.phase==="ready"&&A(o).every(s=>s.running);return{name:t,kubeconfig:o.kubeconfig,running:n,exports:`export KUBECONFIG=${nr(o.kubeconfig)}
`}}function ce(e={}){let{name:t,stateDir:r}=N(e),o=O(r);if(o)return{name:t,stateDir:r,phase:o.phase,server:o.server,kubeconfig:o.kubeconfig,processes:A(o)}}function nr(e){return/^[\w@%+=:,./-]+$/.test(e)?e:`'${e.replace(/'/g,"'\\''")}'`}var ze=et(tt());import{execFile as sr}from"node:child_process";import{readdir as ir,readFile as ar}from"node:fs/promises";import{join as He}from"node:path";import{promisify as cr}from"node:util";var I={"gateway-api":{module:"sigs.k8s.io/gateway-api",version:"v1.4.1",path:"config/crd/standard",probe:{apiVersion:"gateway.networking.k8s.io/v1",kind:"HTTPRoute"}},istio:{module:"istio.io/api",version:"v1.32.0",path:"kubernetes/customresourcedefinitions.gen.yaml",probe:{apiVersion:"networking.istio.io/v1",kind:"VirtualService"}}};function qe(e){return Object.hasOwn(I,e)}async function ur(e){let t=I[e],r=`${t.module}@${t.version}`,o;try{let{stdout:c}=await cr(sr)("go",["mod","download","-json",r],{maxBuffer:1048576});o=JSON.parse(c).Dir}catch(c){let a=c;throw new l("LOCAL_CLUSTER",`cannot fetch the ${e} CRDs (${r})`,{hint:a.code==="ENOENT"?"Go is needed to fetch CRDs from their modules: source scripts/setup.sh":`go mod download said: ${(a.stdout??a.message).trim().slice(0,300)}`})}let n=He(o,t.path),s=n.endsWith(".yaml")?[n]:(await ir(n)).filter(c=>c.endsWith(".yaml")).sort().map(c=>He(n,c));return(await Promise.all(s.map(c=>ar(c,"utf8")))).flatMap(c=>(0,ze.parseAllDocuments)(c).map(a=>a.toJS()).filter(a=>a?.kind==="CustomResourceDefinition"))}async function Ye(e,t,r=()=>{}){let o=await ur(t),n=I[t];r(`applying ${o.length} ${t} CRDs (${n.module} ${n.version})`);for(let s of o)await e.apply(s);return await f(`${n.probe.kind} (${n.probe.apiVersion}) to be served`,()=>e.serves(n.probe.apiVersion,n.probe.kind),{timeoutMs:3e4,watch:[],logOf:void 0,progress:r}),o.map(s=>s.metadata.name)}function Xe(e){if(typeof e!="string"||e==="")return[];let t=e.split(",").map(o=>o.trim()),r=t.filter(o=>!qe(o));if(r.length>0)throw new l("USAGE",`--crds: unknown CRD set ${r.join(", ")}`,{hint:`known sets: ${Object.keys(I).join(", ")}`});return t}async function Ho({values:e,positionals:t,out:r,err:o}){let n=e.name,s=i=>o(i);switch(t[0]){case"up":{Xe(e.crds);let i=await se({name:n,nodes:Number(e.nodes),build:!!e.build,onProgress:s});o(`${i.reused?"already running":`ready in ${(i.startMs/1e3).toFixed(1)} s`}: Kubernetes ${i.versions.kubernetes} at ${i.server}, nodes ${i.nodes.join(", ")}`);for(let c of Xe(e.crds)){let a=await Ye(de.connect({kubeconfigPath:i.kubeconfig}),c,s);o(`${c} CRDs installed: ${a.join(", ")}`)}return r(i.kubeconfig),0}case"down":{let i=await ie({name:n,purge:!!e.purge,onProgress:s});return o(i.stopped.length?`stopped ${i.stopped.join(", ")}`:`cluster ${n} was not running`),0}case"status":{let i=ce({name:n});if(!i)return r(`cluster ${n}: not started (\`cutover local up --name ${n}\` starts it)`),1;let c=i.processes.filter(a=>!a.running);r(`cluster ${n}: ${c.length?"degraded":i.phase} at ${i.server}`);for(let a of i.processes)r(`  ${a.name.padEnd(24)} ${a.running?`running (pid ${a.pid})`:"stopped"}  log: ${a.log}`);return r(`  kubeconfig: ${i.kubeconfig}`),i.phase==="ready"&&c.length===0?0:1}default:{let i=ae({name:n});return r(i.exports),i.running||o(`cluster ${n} is not running: \`cutover local up --name ${n}\` starts it`),i.running?0:1}}}export{Ho as run};
