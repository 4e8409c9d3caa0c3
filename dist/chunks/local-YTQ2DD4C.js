import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import{b as ce,e as ue}from"./chunk-RYG4IV7B.js";import{a as l}from"./chunk-UQF77LZQ.js";import"./chunk-NYRTOUVY.js";import{existsSync as jt,mkdirSync as We,rmSync as ne}from"node:fs";import{join as I}from"node:path";import{spawn as Ye}from"node:child_process";import{createHash as Xe}from"node:crypto";import{accessSync as Ze,constants as et,existsSync as tt,readdirSync as rt,readFileSync as Q,statSync as j}from"node:fs";import{join as y}from"node:path";import{createInterface as de}from"node:readline";import{existsSync as ze}from"node:fs";import{homedir as He}from"node:os";import{dirname as le,join as M,resolve as qe}from"node:path";import{fileURLToPath as Ge}from"node:url";function P(e=process.env){return e.CUTOVER_CACHE_DIR||M(He(),".cache","cutover")}function B(e){if(!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(e))throw new l("LOCAL_CLUSTER",`invalid local cluster name ${JSON.stringify(e)}`,{hint:'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit'});return e}function K(e,t=process.env){return M(P(t),"local",B(e))}function U(e){let t=e?[e]:[le(Ge(import.meta.url)),process.cwd()];for(let r of t){let n=qe(r);for(;;){if(ze(M(n,"k8s","kubernetes","go.mod")))return n;let o=le(n);if(o===n)break;n=o}}}var nt=["etcd","kube-apiserver","kube-controller-manager","kube-scheduler","kwok"],W={kubernetes:{dir:"kubernetes",module:"k8s.io/kubernetes"},etcd:{dir:"etcd",module:"go.etcd.io/etcd/server/v3"},kwok:{dir:"kwok",module:"sigs.k8s.io/kwok"}},F="run scripts/k8s-build.sh (15-30 minutes the first time, cached after)";function ot(e,t){for(let r of e.split(`
`)){let n=r.trim().split(/\s+/),o=n[0]==="require"?1:0;if(n[o]===t&&n[o+1]?.startsWith("v"))return n[o+1]}}function st(e){let t=Q(y(e,"scripts","k8s-build.sh"),"utf8"),r=/^RECIPE=(\S+)$/m.exec(t)?.[1];if(!r)throw new l("LOCAL_CLUSTER","scripts/k8s-build.sh has no RECIPE= line");let n={};for(let[o,s]of Object.entries(W)){let i=Q(y(e,"k8s",s.dir,"go.mod"),"utf8"),c=ot(i,s.module);if(!c)throw new l("LOCAL_CLUSTER",`k8s/${s.dir}/go.mod does not require ${s.module}`);let a=Xe("sha256").update(`recipe=${r}
`).update(i).digest("hex").slice(0,16);n[o]={version:c,key:a}}return n}function it(e){try{return Ze(e,et.X_OK),j(e).isFile()}catch{return!1}}function R(e){let t;try{t=JSON.parse(Q(y(e,"manifest.json"),"utf8"))}catch{return{ok:!1,problem:`no build in ${e} (manifest.json missing)`}}let r={};for(let n of nt)if(r[n]=y(e,n),!it(r[n]))return{ok:!1,problem:`${r[n]} is missing`};return{ok:!0,bins:{dir:e,paths:r,manifest:t}}}function at(e){let t=P(e);return tt(t)?rt(t).filter(n=>n.startsWith("k8s-")).map(n=>y(t,n,"bin")).filter(n=>R(n).ok).sort((n,o)=>j(y(o,"manifest.json")).mtimeMs-j(y(n,"manifest.json")).mtimeMs)[0]:void 0}async function V(e={}){let t=e.env??process.env,r=e.binDir??t.CUTOVER_K8S_BIN_DIR;if(r){let a=R(r);if(!a.ok)throw new l("LOCAL_CLUSTER",a.problem,{hint:F});return a.bins}let n=U();if(!n){let a=at(t);if(!a)throw new l("LOCAL_CLUSTER",`no control plane binaries under ${P(t)}`,{hint:`${F} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`});return R(a).bins}let o=st(n),s=y(P(t),`k8s-${o.kubernetes.version}`,"bin"),i=()=>{let a=R(s);if(!a.ok)return a.problem;for(let u of Object.keys(W))if(a.bins.manifest[u]?.key!==o[u].key)return`the ${u} build in ${s} is stale (k8s/${W[u].dir}/go.mod changed since)`},c=i();if(c&&e.build&&(e.onProgress?.(`${c}: building with scripts/k8s-build.sh`),await pe(n,t,e.onProgress),c=i()),c)throw new l("LOCAL_CLUSTER",c,{hint:F});return R(s).bins}function pe(e,t=process.env,r){let n=y(e,"scripts","k8s-build.sh");return new Promise((o,s)=>{let i=Ye("bash",[n],{cwd:e,env:t,stdio:["ignore","pipe","pipe"]}),c="",a=[];de({input:i.stdout}).on("line",u=>c=u.trim()||c),de({input:i.stderr}).on("line",u=>{a.push(u),a.length>30&&a.shift(),r?.(u)}),i.on("error",u=>s(new l("LOCAL_CLUSTER",`cannot run ${n}: ${u.message}`,{cause:u}))),i.on("close",u=>{u===0?o(c):s(new l("LOCAL_CLUSTER",`scripts/k8s-build.sh failed (exit ${u})
${a.join(`
`)}`,{hint:"read the go build output above; run the script by hand to retry"}))})})}import{mkdirSync as $t,writeFileSync as vt}from"node:fs";import{join as D}from"node:path";import{readFileSync as ct,writeFileSync as ut}from"node:fs";import{join as lt}from"node:path";function me(e,t,r){ge(e,t,`${t.context}-admin`,r,!0)}function fe(e,t,r,n){let o=lt(e,`${r}.kubeconfig`);return ge(o,t,r,n,!1),o}function ge(e,t,r,n,o){ut(e,pt({cluster:t.context,user:r,server:t.server,ca:t.ca,...n,embed:o}),{mode:384})}var dt=e=>ct(e).toString("base64");function pt(e){let[t,r,n]=e.embed?["certificate-authority-data","client-certificate-data","client-key-data"]:["certificate-authority","client-certificate","client-key"],o=s=>e.embed?dt(s):JSON.stringify(s);return`apiVersion: v1
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
`}import{readFileSync as J}from"node:fs";function ye(e,t,r,n){return{server:e,ca:J(t,"utf8"),cert:J(r,"utf8"),key:J(n,"utf8")}}function h(e,t){return new ue(ce(e)).send({timeoutMs:1e4,...t})}var H="kwok.x-k8s.io/node",q="fake",z="cutover.dev/local-ready",mt=e=>`
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
      {{ end }}`,he=e=>`
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${mt(e)}
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
      {{ end }}`,ke=e=>`
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
${r.replace(/^\n/,"")}`}function we(e){let t=`    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;return[`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${e.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${H}=${q}
  nodeLeaseDurationSeconds: ${e.nodeLeaseSeconds}
`,S("node-ready","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${ke(!0)}
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
    statusTemplate: |${ke(!1)}
`),S("pod-ready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${z}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${he(!0)}
`),S("pod-unready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${z}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${he(!1)}
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
`)}import{spawn as ft}from"node:child_process";import{closeSync as gt,existsSync as yt,openSync as ht,readFileSync as G}from"node:fs";import{createServer as kt}from"node:net";function ve(e,t,r,n){let o=ht(n.log,"a"),s;try{s=ft(t,r,{detached:!0,stdio:["ignore",o,o],env:n.env??process.env,cwd:n.cwd})}finally{gt(o)}if(s.pid===void 0)throw new Error(`could not start ${e} (${t})`);s.unref();let i={record:{name:e,pid:s.pid,binary:t,log:n.log},child:s,exit:void 0};return s.on("exit",(c,a)=>i.exit={code:c,signal:a}),s.on("error",()=>i.exit??={code:null,signal:null}),i}function k(e){if(!Number.isInteger(e.pid)||e.pid<=1)return!1;try{process.kill(e.pid,0)}catch(r){if(r.code!=="EPERM")return!1}let t=`/proc/${e.pid}`;if(!yt("/proc/self"))return!0;try{let r=G(`${t}/stat`,"utf8"),n=r.slice(r.lastIndexOf(")")+2,r.lastIndexOf(")")+3);return n==="Z"||n==="X"?!1:G(`${t}/cmdline`,"utf8").split("\0")[0]===e.binary}catch{return!1}}function be(e,t){for(let r of[-e.pid,e.pid])try{process.kill(r,t)}catch{}}var $e=e=>new Promise(t=>setTimeout(t,e));async function Y(e,t=1e4){let r=e.filter(k);for(let i of r)be(i,"SIGTERM");let n=Date.now()+t;for(;r.some(k)&&Date.now()<n;)await $e(50);let o=r.filter(k);for(let i of o)be(i,"SIGKILL");let s=Date.now()+5e3;for(;o.some(k)&&Date.now()<s;)await $e(50);return r.map(i=>i.name)}function X(e,t=15){try{return G(e,"utf8").split(`
`).filter(Boolean).slice(-t).join(`
`)}catch{return"(no log)"}}async function Pe(e){let t=await Promise.all(Array.from({length:e},()=>new Promise((n,o)=>{let s=kt();s.unref(),s.on("error",o),s.listen(0,"127.0.0.1",()=>n(s))}))),r=t.map(n=>{let o=n.address();if(o===null||typeof o=="string")throw new Error("no port");return o.port});return await Promise.all(t.map(n=>new Promise(o=>n.close(o)))),r}function Se(e){let t=Date.now()+e;return{cap:r=>Math.min(r,Math.max(1e3,t-Date.now()))}}var wt=e=>new Promise(t=>setTimeout(t,e));function bt(e){let t=e.exit?.signal?`signal ${e.exit.signal}`:`exit code ${e.exit?.code}`;return new l("LOCAL_CLUSTER",`${e.record.name} exited during start (${t}); its log is ${e.record.log}
${X(e.record.log)}`,{hint:`read ${e.record.log}; a port taken by another program or a stale build are the usual causes`})}async function w(e,t,r){let n=Date.now(),o=n,s=!1,i="";for(;;){for(let a of r.watch)if(a.exit)throw bt(a);try{if(s=await t(),s===!0)return}catch(a){i=a.message}let c=Date.now();if(c-n>r.timeoutMs){let a=typeof s=="string"?s:i,u=r.logOf?.record.log;throw new l("LOCAL_CLUSTER",`timed out after ${Math.round(r.timeoutMs/1e3)}s waiting for ${e}${a?` (${a})`:""}`+(u?`; the log of ${r.logOf?.record.name} is ${u}
${X(u)}`:""),{hint:u?`read ${u}`:"read the logs in the state directory"})}if(c-o>=5e3){o=c;let a=typeof s=="string"?`: ${s}`:"";r.progress(`  still waiting for ${e} (${Math.round((c-n)/1e3)}s)${a}`)}await wt(r.intervalMs??200)}}async function Z(e,t){let r=await h({...e,server:`https://127.0.0.1:${t}`},{method:"GET",path:"/healthz",timeoutMs:3e3});return r.status===200?!0:`HTTP ${r.status} ${r.text.slice(0,200)}`}var Ce="10.96.0.1",Pt="10.96.0.0/16",St="10.244.0.1/16",Ct="https://kubernetes.default.svc.cluster.local";async function xe(){let[e,t,r,n,o]=await Pe(5);return{etcd:e,etcdPeer:t,apiserver:r,controllerManager:n,scheduler:o}}function C(e,t,r){return{timeoutMs:e.budget.cap(t),watch:e.started,logOf:r,progress:e.progress}}function E(e,t,r,n,o){let s=ve(t,r,n,{log:D(e.logs,`${t}.log`),env:o,cwd:e.stateDir});return e.started.push(s),e.record(s.record),s}var ee=(e,t,r)=>fe(e.pki.dir,{context:e.context,server:e.server,ca:e.pki.ca.cert},t,r);async function Ne(e){let{etcd:t,etcdPeer:r}=e.ports;e.progress(`starting etcd on 127.0.0.1:${t}`);let n=E(e,"etcd",e.bins.paths.etcd,["--name=cutover",`--data-dir=${D(e.stateDir,"etcd")}`,`--listen-client-urls=http://127.0.0.1:${t}`,`--advertise-client-urls=http://127.0.0.1:${t}`,`--listen-peer-urls=http://127.0.0.1:${r}`,`--initial-advertise-peer-urls=http://127.0.0.1:${r}`,`--initial-cluster=cutover=http://127.0.0.1:${r}`,"--initial-cluster-state=new","--unsafe-no-fsync","--log-level=warn"]);await w("etcd to be healthy",async()=>{let o=await fetch(`http://127.0.0.1:${t}/health`,{signal:AbortSignal.timeout(2e3)}),s=await o.text();return o.ok&&s.includes('"health":"true"')?!0:`HTTP ${o.status} ${s.slice(0,200)}`},C(e,3e4,n))}async function Re(e){let{pki:t}=e;e.progress(`starting kube-apiserver on ${e.server}`);let r=E(e,"kube-apiserver",e.bins.paths["kube-apiserver"],[`--etcd-servers=http://127.0.0.1:${e.ports.etcd}`,"--bind-address=127.0.0.1","--advertise-address=127.0.0.1",`--secure-port=${e.ports.apiserver}`,`--cert-dir=${t.dir}`,`--tls-cert-file=${t.apiserver.cert}`,`--tls-private-key-file=${t.apiserver.key}`,`--client-ca-file=${t.ca.cert}`,"--authorization-mode=Node,RBAC","--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota","--allow-privileged=true",`--service-cluster-ip-range=${Pt}`,`--service-account-issuer=${Ct}`,`--service-account-key-file=${t.saPub}`,`--service-account-signing-key-file=${t.saKey}`,"--endpoint-reconciler-type=none","--profiling=false"]);await w("kube-apiserver /readyz",async()=>{let n=await h(e.admin,{method:"GET",path:"/readyz",timeoutMs:3e3});if(n.status===200)return!0;let o=n.text.split(`
`).filter(s=>s.startsWith("[-]")).map(s=>s.slice(3).split(" ")[0]).join(", ");return`HTTP ${n.status}${o?`, not ready: ${o}`:""}`},C(e,9e4,r))}function Ee(e){return e.progress("starting kube-controller-manager, kube-scheduler and kwok"),{controllerManager:xt(e),scheduler:Nt(e),kwok:Rt(e)}}function Le(e,t,r){return[`--kubeconfig=${t}`,"--bind-address=127.0.0.1",`--secure-port=${r}`,`--tls-cert-file=${e.pki.apiserver.cert}`,`--tls-private-key-file=${e.pki.apiserver.key}`,"--leader-elect=false"]}function xt(e){let{pki:t}=e;return E(e,"kube-controller-manager",e.bins.paths["kube-controller-manager"],[...Le(e,ee(e,"controller-manager",t.controllerManager),e.ports.controllerManager),`--cluster-name=${e.context}`,"--controllers=*",`--service-account-private-key-file=${t.saKey}`,`--root-ca-file=${t.ca.cert}`,"--use-service-account-credentials=true","--kube-api-qps=200","--kube-api-burst=400",`--cluster-signing-cert-file=${t.ca.cert}`,`--cluster-signing-key-file=${t.ca.key}`,"--allocate-node-cidrs=false","--profiling=false"])}function Nt(e){return E(e,"kube-scheduler",e.bins.paths["kube-scheduler"],[...Le(e,ee(e,"scheduler",e.pki.scheduler),e.ports.scheduler),"--profiling=false"])}function Rt(e){let t=D(e.stateDir,"kwok"),r=D(t,"kwok.yaml");return $t(t,{recursive:!0}),vt(r,we({podCidr:St,nodeLeaseSeconds:40})),E(e,"kwok",e.bins.paths.kwok,[`--kubeconfig=${ee(e,"kwok",e.pki.kwok)}`,`--config=${r}`],{...process.env,KWOK_WORKDIR:t})}async function Te(e,t){let r=C(e,6e4,t.controllerManager);await Promise.all([w("kube-controller-manager /healthz",()=>Z(e.admin,e.ports.controllerManager),r),w("kube-scheduler /healthz",()=>Z(e.admin,e.ports.scheduler),{...r,logOf:t.scheduler})])}async function Oe(e,t){await w("the default ServiceAccount (controller-manager)",async()=>{let r=await h(e.admin,{method:"GET",path:"/api/v1/namespaces/default/serviceaccounts/default"});return r.status===200?!0:`HTTP ${r.status}`},C(e,6e4,t.controllerManager))}function te(e){return Array.from({length:e},(t,r)=>`kwok-node-${r}`)}async function Ae(e,t){e.progress(`creating ${t} fake nodes`);for(let[r,n]of te(t).entries()){let o=await h(e.admin,{method:"POST",path:"/api/v1/nodes",body:Et(n,r)});if(o.status!==201&&o.status!==409)throw new l("LOCAL_CLUSTER",`creating node ${n} failed: HTTP ${o.status} ${o.text.slice(0,300)}`)}}async function Ie(e,t,r){e.progress("waiting for the nodes to be Ready"),await w(`${t} Ready nodes`,async()=>{let n=await h(e.admin,{method:"GET",path:"/api/v1/nodes"});if(n.status!==200)return`HTTP ${n.status}`;let s=JSON.parse(n.text).items.filter(i=>i.status?.conditions?.some(c=>c.type==="Ready"&&c.status==="True")).length;return s>=t?!0:`${s}/${t} Ready`},C(e,6e4,r))}function Et(e,t){let r={cpu:"32",memory:"256Gi",pods:"110","ephemeral-storage":"1Ti"};return{apiVersion:"v1",kind:"Node",metadata:{name:e,labels:{"kubernetes.io/hostname":e,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node.kubernetes.io/instance-type":"kwok","topology.kubernetes.io/zone":`zone-${String.fromCharCode(97+t%3)}`,type:"kwok"},annotations:{[H]:q,"node.alpha.kubernetes.io/ttl":"0"}},spec:{},status:{capacity:r,allocatable:r,addresses:[{type:"InternalIP",address:`10.240.0.${t+10}`},{type:"Hostname",address:e}]}}}import{execFile as Lt}from"node:child_process";import{generateKeyPairSync as Tt}from"node:crypto";import{mkdirSync as Ot,writeFileSync as De}from"node:fs";import{join as x}from"node:path";import{promisify as At}from"node:util";var It=At(Lt);async function _e(e){try{await It("openssl",e,{timeout:3e4})}catch(t){let r=t;throw r.code==="ENOENT"?new l("LOCAL_CLUSTER","openssl is not on PATH",{hint:"install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)",cause:t}):new l("LOCAL_CLUSTER",`openssl ${e[0]} failed: ${r.stderr??r.message}`,{hint:"the local cluster needs OpenSSL 3.0 or later (openssl version)",cause:t})}}var Me=["-newkey","ec","-pkeyopt","ec_paramgen_curve:P-256","-nodes"];async function L(e,t,r,n,o){let s={cert:x(e,`${r}.crt`),key:x(e,`${r}.key`)},c=["-addext","basicConstraints=critical,CA:FALSE","-addext","keyUsage=critical,digitalSignature,keyEncipherment","-addext",`extendedKeyUsage=${[o.serverNames?"serverAuth":"",o.client?"clientAuth":""].filter(Boolean).join(",")}`];if(o.serverNames){let a=[...o.serverNames.ips.map(u=>`IP:${u}`),...o.serverNames.dns.map(u=>`DNS:${u}`)];c.push("-addext",`subjectAltName=${a.join(",")}`)}return await _e(["req","-x509",...Me,"-keyout",s.key,"-out",s.cert,"-CA",t.cert,"-CAkey",t.key,"-days","365","-subj",n,...c]),s}async function Be(e,t){Ot(e,{recursive:!0,mode:448});let r={cert:x(e,"ca.crt"),key:x(e,"ca.key")};await _e(["req","-x509",...Me,"-keyout",r.key,"-out",r.cert,"-days","3650","-subj",`/CN=cutover-local-ca-${t.clusterName}`,"-addext","basicConstraints=critical,CA:TRUE","-addext","keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]);let n=["localhost","kubernetes","kubernetes.default","kubernetes.default.svc","kubernetes.default.svc.cluster.local",...t.dnsNames??[]],[o,s,i,c,a]=await Promise.all([L(e,r,"apiserver","/CN=kube-apiserver",{serverNames:{ips:t.ips,dns:n}}),L(e,r,"admin","/O=system:masters/CN=cutover-admin",{client:!0}),L(e,r,"controller-manager","/CN=system:kube-controller-manager",{client:!0}),L(e,r,"scheduler","/CN=system:kube-scheduler",{client:!0}),L(e,r,"kwok","/O=system:masters/CN=kwok-controller",{client:!0})]),{privateKey:u,publicKey:$}=Tt("ec",{namedCurve:"P-256"}),p=x(e,"sa.key"),d=x(e,"sa.pub");return De(p,u.export({type:"pkcs8",format:"pem"}),{mode:384}),De(d,$.export({type:"spki",format:"pem"})),{dir:e,ca:r,apiserver:o,admin:s,controllerManager:i,scheduler:c,kwok:a,saKey:p,saPub:d}}import{mkdirSync as Dt,readFileSync as Ue,renameSync as _t,rmSync as Ke,writeFileSync as Fe}from"node:fs";import{join as Qe}from"node:path";var b=e=>Qe(e,"state.json");function T(e){try{return JSON.parse(Ue(b(e),"utf8"))}catch{return}}function O(e,t){let r=`${b(e)}.${process.pid}.tmp`;Fe(r,`${JSON.stringify(t,null,2)}
`),_t(r,b(e))}async function re(e,t,r){let n=Mt(e,t);try{return await r()}finally{n()}}function Mt(e,t){Dt(t,{recursive:!0,mode:448});let r=Qe(t,"lock");for(let n=0;n<3;n++){try{return Fe(r,String(process.pid),{flag:"wx"}),()=>Ke(r,{force:!0})}catch(s){if(s.code!=="EEXIST")throw s}let o=0;try{o=Number(Ue(r,"utf8"))}catch{continue}if(Bt(o))throw new l("LOCAL_CLUSTER",`another cutover local command is starting or stopping "${e}" (pid ${o})`,{hint:`wait for it to finish; if pid ${o} is not cutover, remove ${r}`});Ke(r,{force:!0})}throw new l("LOCAL_CLUSTER",`cannot lock ${r}`)}function Bt(e){if(!Number.isInteger(e)||e<=0)return!1;try{return process.kill(e,0),!0}catch(t){return t.code==="EPERM"}}function A(e){return e.processes.map(t=>({name:t.name,pid:t.pid,log:t.log,running:k(t)}))}import{spawn as Kt}from"node:child_process";import{closeSync as Ut,openSync as Ft}from"node:fs";var Qt=String.raw`
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
`;function je(e,t,r,n){let o=Ft(n,"a");try{let s=Kt(process.execPath,["-e",Qt,e,String(t),r,n],{detached:!0,stdio:["ignore",o,o],env:{...process.env,NODE_OPTIONS:""}});if(s.pid===void 0)throw new Error("could not start the watchdog");return s.unref(),s.pid}finally{Ut(o)}}function N(e){let t=B(e.name??"default");return{name:t,stateDir:e.stateDir??K(t),progress:e.onProgress??(()=>{})}}async function oe(e={}){let{name:t,stateDir:r}=N(e);return re(t,r,()=>Wt(e))}async function Wt(e){let t=Date.now(),r={},n=m=>{r[m]=Date.now()-t},o=N(e),{name:s,stateDir:i,progress:c}=o,a=await Vt(o,e.reuse!==!1,t);if(a)return a;let u=await V({binDir:e.binDir,build:e.build,onProgress:c}),$=Se(e.timeoutMs??18e4),p=e.nodes??3,{cp:d,state:f}=await Jt(o,e.ownerPid,p,u,$);try{n("prepare"),await Ne(d),n("etcd"),await Re(d),n("apiserver");let m=Ee(d);await Ae(d,p),await Te(d,m),n("components"),await Ie(d,p,m.kwok),n("nodes"),await Oe(d,m),n("controllers"),f.phase="ready",O(i,f)}catch(m){throw c(`start failed; stopping what was started (logs stay in ${d.logs})`),await _({name:s,stateDir:i}),m}let g=Date.now()-t;return c(`local cluster "${s}" is ready in ${(g/1e3).toFixed(1)}s; kubeconfig: ${f.kubeconfig}`),Ve(o,f,{processes:A(f),reused:!1,startMs:g,timings:r})}async function Vt(e,t,r){let{name:n,stateDir:o,progress:s}=e,i=T(o);if(!i)return;let c=A(i);if(i.phase==="ready"&&c.length>0&&c.every(u=>u.running)&&t)return s(`local cluster "${n}" is already running (${i.server})`),Ve(e,i,{processes:c,reused:!0,startMs:Date.now()-r,timings:{}});s(`cleaning up the previous run of "${n}"`),await _({name:n,stateDir:o})}async function Jt(e,t,r,n,o){let{name:s,stateDir:i,progress:c}=e,a=n.manifest,u={kubernetes:a.kubernetes.version,etcd:a.etcd.version,kwok:a.kwok.version};c(`starting local cluster "${s}": kubernetes ${u.kubernetes}, etcd ${u.etcd}, kwok ${u.kwok}`);let $=zt(i),p=await xe(),d=`https://127.0.0.1:${p.apiserver}`,f=`cutover-local-${s}`,g=await Be(I(i,"pki"),{ips:["127.0.0.1",Ce],clusterName:s}),m=I(i,"kubeconfig");me(m,{context:f,server:d,ca:g.ca.cert},g.admin);let v={version:1,name:s,phase:"starting",createdAt:new Date().toISOString(),kubeconfig:m,server:d,context:f,ports:{...p},nodes:te(r),versions:u,processes:[]};return t!==void 0&&(v.ownerPid=t),O(i,v),Ht(i,v,t,$),{cp:{stateDir:i,logs:$,bins:n,ports:p,server:d,context:f,pki:g,admin:ye(d,g.ca.cert,g.admin.cert,g.admin.key),progress:c,budget:o,started:[],record:Je=>{v.processes.push(Je),O(i,v)}},state:v}}function zt(e){We(e,{recursive:!0,mode:448});for(let r of["etcd","pki","logs","kwok"])ne(I(e,r),{recursive:!0,force:!0});let t=I(e,"logs");return We(t,{recursive:!0}),t}function Ht(e,t,r,n){let o=r!==void 0?"owner":"startup";t.watchdogMode=o,t.watchdogBinary=process.execPath,t.watchdogPid=je(b(e),r??process.pid,o,I(n,"watchdog.log")),O(e,t)}function Ve({name:e,stateDir:t},r,n){return{name:e,stateDir:t,kubeconfig:r.kubeconfig,server:r.server,context:r.context,nodes:r.nodes,versions:r.versions,...n}}async function se(e={}){let{name:t,stateDir:r}=N(e);return jt(r)?re(t,r,()=>_(e)):_(e)}async function _(e){let{name:t,stateDir:r,progress:n}=N(e),o=T(r),s=[];if(o){let i=[...o.processes].reverse();if(o.watchdogPid!==void 0){let a=o.watchdogBinary??process.execPath;await Y([{name:"watchdog",pid:o.watchdogPid,binary:a,log:""}],2e3)}let c=i.filter(k).map(a=>a.name);c.length&&n(`stopping ${c.join(", ")}`);for(let a of i)s.push(...await Y([a]));ne(b(r),{force:!0})}return e.purge&&ne(r,{recursive:!0,force:!0}),n(s.length?`local cluster "${t}" stopped`:`local cluster "${t}" was not running`),{name:t,stateDir:r,stopped:s}}function ie(e={}){let{name:t,stateDir:r}=N(e),n=T(r);if(!n)throw new l("LOCAL_CLUSTER",`local cluster "${t}" is not running (no ${b(r)})`,{hint:`start it with: cutover local up${t==="default"?"":` --name ${t}`}`});let o=n.phase==="ready"&&A(n).every(s=>s.running);return{name:t,kubeconfig:n.kubeconfig,running:o,exports:`export KUBECONFIG=${qt(n.kubeconfig)}
`}}function ae(e={}){let{name:t,stateDir:r}=N(e),n=T(r);if(n)return{name:t,stateDir:r,phase:n.phase,server:n.server,kubeconfig:n.kubeconfig,processes:A(n)}}function qt(e){return/^[\w@%+=:,./-]+$/.test(e)?e:`'${e.replace(/'/g,"'\\''")}'`}async function Sn({values:e,positionals:t,out:r,err:n}){let o=e.name,s=i=>n(i);switch(t[0]){case"up":{let i=await oe({name:o,nodes:Number(e.nodes),build:!!e.build,onProgress:s});return n(`${i.reused?"already running":`ready in ${(i.startMs/1e3).toFixed(1)} s`}: Kubernetes ${i.versions.kubernetes} at ${i.server}, nodes ${i.nodes.join(", ")}`),r(i.kubeconfig),0}case"down":{let i=await se({name:o,purge:!!e.purge,onProgress:s});return n(i.stopped.length?`stopped ${i.stopped.join(", ")}`:`cluster ${o} was not running`),0}case"status":{let i=ae({name:o});if(!i)return r(`cluster ${o}: not started (\`cutover local up --name ${o}\` starts it)`),1;let c=i.processes.filter(a=>!a.running);r(`cluster ${o}: ${c.length?"degraded":i.phase} at ${i.server}`);for(let a of i.processes)r(`  ${a.name.padEnd(24)} ${a.running?`running (pid ${a.pid})`:"stopped"}  log: ${a.log}`);return r(`  kubeconfig: ${i.kubeconfig}`),i.phase==="ready"&&c.length===0?0:1}default:{let i=ie({name:o});return r(i.exports),i.running||n(`cluster ${o} is not running: \`cutover local up --name ${o}\` starts it`),i.running?0:1}}}export{Sn as run};
