import{createRequire as __cr}from'node:module';const require=__cr(import.meta.url);
import"./chunk-OFQEFLXP.js";import{a as Oe,b as Le,h as G}from"./chunk-NE6YFIFK.js";import"./chunk-5JEM7C4U.js";import{a as Re}from"./chunk-UC56CWMX.js";import{c as z}from"./chunk-DRDMS7J2.js";import"./chunk-EDCLVGI5.js";import{a as u}from"./chunk-2RLBI3VL.js";import{d as Ne}from"./chunk-NYRTOUVY.js";import{existsSync as an,mkdirSync as Rt,rmSync as Se}from"node:fs";import{join as V}from"node:path";import{spawn as Mt}from"node:child_process";import{createHash as Ft}from"node:crypto";import{accessSync as Kt,constants as jt,existsSync as Vt,readdirSync as Gt,readFileSync as re,statSync as ne}from"node:fs";import{join as b}from"node:path";import{createInterface as _e}from"node:readline";import{existsSync as It}from"node:fs";import{homedir as Dt}from"node:os";import{dirname as Ae,join as X,resolve as Bt}from"node:path";import{fileURLToPath as Ut}from"node:url";function $(e=process.env){return e.CUTOVER_CACHE_DIR||X(Dt(),".cache","cutover")}function Z(e){if(!/^[a-z0-9][a-z0-9._-]{0,62}$/.test(e))throw new u("LOCAL_CLUSTER",`invalid local cluster name ${JSON.stringify(e)}`,{hint:'use 1-63 characters of a-z, 0-9, ".", "_" or "-", starting with a letter or digit'});return e}function ee(e,t=process.env){return X($(t),"local",Z(e))}function A(e){let t=e?[e]:[Ae(Ut(import.meta.url)),process.cwd()];for(let r of t){let n=Bt(r);for(;;){if(It(X(n,"k8s","kubernetes","go.mod")))return n;let o=Ae(n);if(o===n)break;n=o}}}var Qt=["etcd","kube-apiserver","kube-controller-manager","kube-scheduler","kwok"],oe={kubernetes:{dir:"kubernetes",module:"k8s.io/kubernetes"},etcd:{dir:"etcd",module:"go.etcd.io/etcd/server/v3"},kwok:{dir:"kwok",module:"sigs.k8s.io/kwok"}},te="run scripts/k8s-build.sh (15-30 minutes the first time, cached after)";function se(e,t){for(let r of e.split(`
`)){let n=r.trim().split(/\s+/),o=n[0]==="require"?1:0;if(n[o]===t&&n[o+1]?.startsWith("v"))return n[o+1]}}function Wt(e){let t=re(b(e,"scripts","k8s-build.sh"),"utf8"),r=/^RECIPE=(\S+)$/m.exec(t)?.[1];if(!r)throw new u("LOCAL_CLUSTER","scripts/k8s-build.sh has no RECIPE= line");let n={};for(let[o,s]of Object.entries(oe)){let i=re(b(e,"k8s",s.dir,"go.mod"),"utf8"),a=se(i,s.module);if(!a)throw new u("LOCAL_CLUSTER",`k8s/${s.dir}/go.mod does not require ${s.module}`);let c=Ft("sha256").update(`recipe=${r}
`).update(i).digest("hex").slice(0,16);n[o]={version:a,key:c}}return n}function Jt(e){try{return Kt(e,jt.X_OK),ne(e).isFile()}catch{return!1}}function _(e){let t;try{t=JSON.parse(re(b(e,"manifest.json"),"utf8"))}catch{return{ok:!1,problem:`no build in ${e} (manifest.json missing)`}}let r={};for(let n of Qt)if(r[n]=b(e,n),!Jt(r[n]))return{ok:!1,problem:`${r[n]} is missing`};return{ok:!0,bins:{dir:e,paths:r,manifest:t}}}function Ht(e){let t=$(e);return Vt(t)?Gt(t).filter(n=>n.startsWith("k8s-")).map(n=>b(t,n,"bin")).filter(n=>_(n).ok).sort((n,o)=>ne(b(o,"manifest.json")).mtimeMs-ne(b(n,"manifest.json")).mtimeMs)[0]:void 0}async function ie(e={}){let t=e.env??process.env,r=e.binDir??t.CUTOVER_K8S_BIN_DIR;if(r){let c=_(r);if(!c.ok)throw new u("LOCAL_CLUSTER",c.problem,{hint:te});return c.bins}let n=A();if(!n){let c=Ht(t);if(!c)throw new u("LOCAL_CLUSTER",`no control plane binaries under ${$(t)}`,{hint:`${te} in a checkout of cutover, or set CUTOVER_K8S_BIN_DIR`});return _(c).bins}let o=Wt(n),s=b($(t),`k8s-${o.kubernetes.version}`,"bin"),i=()=>{let c=_(s);if(!c.ok)return c.problem;for(let l of Object.keys(oe))if(c.bins.manifest[l]?.key!==o[l].key)return`the ${l} build in ${s} is stale (k8s/${oe[l].dir}/go.mod changed since)`},a=i();if(a&&e.build&&(e.onProgress?.(`${a}: building with scripts/k8s-build.sh`),await Q(n,t,e.onProgress),a=i()),a)throw new u("LOCAL_CLUSTER",a,{hint:te});return _(s).bins}function Q(e,t=process.env,r,n="k8s-build.sh"){let o=b(e,"scripts",n);return new Promise((s,i)=>{let a=Mt("bash",[o],{cwd:e,env:t,stdio:["ignore","pipe","pipe"]}),c="",l=[];_e({input:a.stdout}).on("line",d=>c=d.trim()||c),_e({input:a.stderr}).on("line",d=>{l.push(d),l.length>30&&l.shift(),r?.(d)}),a.on("error",d=>i(new u("LOCAL_CLUSTER",`cannot run ${o}: ${d.message}`,{cause:d}))),a.on("close",d=>{d===0?s(c):i(new u("LOCAL_CLUSTER",`scripts/${n} failed (exit ${d})
${l.join(`
`)}`,{hint:"read the go build output above; run the script by hand to retry"}))})})}import{mkdirSync as fr,writeFileSync as mr}from"node:fs";import{join as J}from"node:path";import{readFileSync as Yt,writeFileSync as qt}from"node:fs";import{join as zt}from"node:path";function Ie(e,t,r){Be(e,t,`${t.context}-admin`,r,!0)}function De(e,t,r,n){let o=zt(e,`${r}.kubeconfig`);return Be(o,t,r,n,!1),o}function Be(e,t,r,n,o){qt(e,Zt({cluster:t.context,user:r,server:t.server,ca:t.ca,...n,embed:o}),{mode:384})}var Xt=e=>Yt(e).toString("base64");function Zt(e){let[t,r,n]=e.embed?["certificate-authority-data","client-certificate-data","client-key-data"]:["certificate-authority","client-certificate","client-key"],o=s=>e.embed?Xt(s):JSON.stringify(s);return`apiVersion: v1
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
`}import{readFileSync as ae}from"node:fs";function Ue(e,t,r,n){return{server:e,ca:ae(t,"utf8"),cert:ae(r,"utf8"),key:ae(n,"utf8")}}function v(e,t){return new Le(Oe(e)).send({timeoutMs:1e4,...t})}var ue="kwok.x-k8s.io/node",le="fake",ce="cutover.dev/local-ready",er=e=>`
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
      {{ end }}`,Me=e=>`
      {{ $now := Now }}
      phase: Running
      startTime: {{ $now | Quote }}
      hostIP: {{ NodeIPWith .spec.nodeName | Quote }}
      podIP: {{ PodIPWith .spec.nodeName ( or .spec.hostNetwork false ) ( or .metadata.uid "" ) ( or .metadata.name "" ) ( or .metadata.namespace "" ) | Quote }}${er(e)}
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
      {{ end }}`,Fe=e=>`
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
        systemUUID: {{ or $info.systemUUID "" | Quote }}`:""}`;function N(e,t,r){return`apiVersion: kwok.x-k8s.io/v1alpha1
kind: Stage
metadata:
  name: ${e}
spec:
  resourceRef:
    apiGroup: v1
    kind: ${t}
${r.replace(/^\n/,"")}`}function Ke(e){let t=`    - key: '.metadata.deletionTimestamp'
      operator: DoesNotExist`;return[`apiVersion: config.kwok.x-k8s.io/v1alpha1
kind: KwokConfiguration
options:
  cidr: ${e.podCidr}
  manageAllNodes: false
  manageNodesWithAnnotationSelector: ${ue}=${le}
  nodeLeaseDurationSeconds: ${e.nodeLeaseSeconds}
`,N("node-ready","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: NotIn
      values: ['True']
  next:
    statusTemplate: |${Fe(!0)}
`),N("node-refresh","Node",`
  selector:
    matchExpressions:
    - key: '.status.conditions.[] | select( .type == "Ready" ) | .status'
      operator: In
      values: ['True']
  delay:
    durationMilliseconds: 240000
    jitterDurationMilliseconds: 300000
  next:
    statusTemplate: |${Fe(!1)}
`),N("pod-ready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${ce}"]'
      operator: NotIn
      values: ['false']
  next:
    statusTemplate: |${Me(!0)}
`),N("pod-unready","Pod",`
  selector:
    matchExpressions:
${t}
    - key: '.status.podIP'
      operator: DoesNotExist
    - key: '.metadata.annotations["${ce}"]'
      operator: In
      values: ['false']
  next:
    statusTemplate: |${Me(!1)}
`),N("pod-succeed","Pod",`
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
`),N("pod-remove","Pod",`
  selector:
    matchExpressions:
    - key: '.metadata.deletionTimestamp'
      operator: Exists
  next:
    finalizers:
      empty: true
    delete: true
`)].join(`---
`)}import{spawn as ir}from"node:child_process";import{closeSync as ar,existsSync as cr,openSync as ur,readFileSync as de}from"node:fs";import{createServer as lr}from"node:net";import{execFile as tr}from"node:child_process";import{existsSync as rr}from"node:fs";import{promisify as nr}from"node:util";var je=nr(tr),or="10.244.0.0/16",D=e=>`cutover-${e}`,sr=e=>rr(`/run/netns/${e}`);function Ve(e,t,r){return["ip",["netns","exec",e,t,...r]]}async function W(e){await je("ip",e,{timeout:1e4})}function B(){if(process.platform!=="linux")return"network namespaces need Linux";if(typeof process.getuid=="function"&&process.getuid()!==0)return"creating a network namespace needs root (CAP_SYS_ADMIN)"}async function Ge(e){await I(e);try{await W(["netns","add",e]),await W(["-n",e,"link","set","lo","up"]),await W(["-n",e,"route","add","local",or,"dev","lo"])}catch(t){await I(e).catch(()=>{});let r=t;throw new u("LOCAL_CLUSTER",`cannot create the network namespace ${e}: ${r.code==="ENOENT"?"the ip command (iproute2) is not installed":(r.stderr??r.message).trim()}`,{hint:r.code==="ENOENT"?"install iproute2 (apt-get install iproute2)":"run as root, or inside `unshare --user --net --map-root-user`"})}}async function I(e){if(sr(e)){try{let{stdout:t}=await je("ip",["netns","pids",e],{timeout:1e4});for(let r of t.split(/\s+/).filter(Boolean).map(Number))try{process.kill(r,"SIGKILL")}catch{}}catch{}await W(["netns","del",e])}}function Je(e,t,r,n){let o=ur(n.log,"a"),s,[i,a]=n.netns?Ve(n.netns,t,r):[t,r];try{s=ir(i,a,{detached:!0,stdio:["ignore",o,o],env:n.env??process.env,cwd:n.cwd})}finally{ar(o)}if(s.pid===void 0)throw new Error(`could not start ${e} (${t})`);s.unref();let c={record:{name:e,pid:s.pid,binary:t,log:n.log},child:s,exit:void 0};return s.on("exit",(l,d)=>c.exit={code:l,signal:d}),s.on("error",()=>c.exit??={code:null,signal:null}),c}function C(e){if(!Number.isInteger(e.pid)||e.pid<=1)return!1;try{process.kill(e.pid,0)}catch(r){if(r.code!=="EPERM")return!1}let t=`/proc/${e.pid}`;if(!cr("/proc/self"))return!0;try{let r=de(`${t}/stat`,"utf8"),n=r.slice(r.lastIndexOf(")")+2,r.lastIndexOf(")")+3);return n==="Z"||n==="X"?!1:de(`${t}/cmdline`,"utf8").split("\0")[0]===e.binary}catch{return!1}}function Qe(e,t){for(let r of[-e.pid,e.pid])try{process.kill(r,t)}catch{}}var We=e=>new Promise(t=>setTimeout(t,e));async function pe(e,t=1e4){let r=e.filter(C);for(let i of r)Qe(i,"SIGTERM");let n=Date.now()+t;for(;r.some(C)&&Date.now()<n;)await We(50);let o=r.filter(C);for(let i of o)Qe(i,"SIGKILL");let s=Date.now()+5e3;for(;o.some(C)&&Date.now()<s;)await We(50);return r.map(i=>i.name)}function fe(e,t=15){try{return de(e,"utf8").split(`
`).filter(Boolean).slice(-t).join(`
`)}catch{return"(no log)"}}async function He(e){let t=await Promise.all(Array.from({length:e},()=>new Promise((n,o)=>{let s=lr();s.unref(),s.on("error",o),s.listen(0,"127.0.0.1",()=>n(s))}))),r=t.map(n=>{let o=n.address();if(o===null||typeof o=="string")throw new Error("no port");return o.port});return await Promise.all(t.map(n=>new Promise(o=>n.close(o)))),r}function Ye(e){let t=Date.now()+e;return{cap:r=>Math.min(r,Math.max(1e3,t-Date.now()))}}var dr=e=>new Promise(t=>setTimeout(t,e));function pr(e){let t=e.exit?.signal?`signal ${e.exit.signal}`:`exit code ${e.exit?.code}`;return new u("LOCAL_CLUSTER",`${e.record.name} exited during start (${t}); its log is ${e.record.log}
${fe(e.record.log)}`,{hint:`read ${e.record.log}; a port taken by another program or a stale build are the usual causes`})}async function m(e,t,r){let n=Date.now(),o=n,s=!1,i="";for(;;){for(let c of r.watch)if(c.exit)throw pr(c);try{if(s=await t(),s===!0)return}catch(c){i=c.message}let a=Date.now();if(a-n>r.timeoutMs){let c=typeof s=="string"?s:i,l=r.logOf?.record.log;throw new u("LOCAL_CLUSTER",`timed out after ${Math.round(r.timeoutMs/1e3)}s waiting for ${e}${c?` (${c})`:""}`+(l?`; the log of ${r.logOf?.record.name} is ${l}
${fe(l)}`:""),{hint:l?`read ${l}`:"read the logs in the state directory"})}if(a-o>=5e3){o=a;let c=typeof s=="string"?`: ${s}`:"";r.progress(`  still waiting for ${e} (${Math.round((a-n)/1e3)}s)${c}`)}await dr(r.intervalMs??200)}}async function me(e,t){let r=await v({...e,server:`https://127.0.0.1:${t}`},{method:"GET",path:"/healthz",timeoutMs:3e3});return r.status===200?!0:`HTTP ${r.status} ${r.text.slice(0,200)}`}var qe="10.96.0.1",gr="10.96.0.0/16",yr="10.244.0.1/16",wr="https://kubernetes.default.svc.cluster.local";async function ze(e=!1){let[t,r,n,o,s,i]=await He(e?6:5),a={etcd:t,etcdPeer:r,apiserver:n,controllerManager:o,scheduler:s};return i!==void 0&&(a.traffic=i),a}var Xe=e=>[e.etcd,e.apiserver,e.controllerManager,e.scheduler,e.traffic].filter(t=>t!==void 0);function h(e,t,r){return{timeoutMs:e.budget.cap(t),watch:e.started,logOf:r,progress:e.progress}}function g(e,t,r,n,o){let s=Je(t,r,n,{log:J(e.logs,`${t}.log`),env:o,cwd:e.stateDir,netns:e.netns});return e.started.push(s),e.record(s.record),s}var ge=(e,t,r)=>De(e.pki.dir,{context:e.context,server:e.server,ca:e.pki.ca.cert},t,r);async function Ze(e){let{etcd:t,etcdPeer:r}=e.ports;e.progress(`starting etcd on 127.0.0.1:${t}`);let n=g(e,"etcd",e.bins.paths.etcd,["--name=cutover",`--data-dir=${J(e.stateDir,"etcd")}`,`--listen-client-urls=http://127.0.0.1:${t}`,`--advertise-client-urls=http://127.0.0.1:${t}`,`--listen-peer-urls=http://127.0.0.1:${r}`,`--initial-advertise-peer-urls=http://127.0.0.1:${r}`,`--initial-cluster=cutover=http://127.0.0.1:${r}`,"--initial-cluster-state=new","--unsafe-no-fsync","--log-level=warn"]);await m("etcd to be healthy",async()=>{let o=await fetch(`http://127.0.0.1:${t}/health`,{signal:AbortSignal.timeout(2e3)}),s=await o.text();return o.ok&&s.includes('"health":"true"')?!0:`HTTP ${o.status} ${s.slice(0,200)}`},h(e,3e4,n))}async function et(e){let{pki:t}=e;e.progress(`starting kube-apiserver on ${e.server}`);let r=g(e,"kube-apiserver",e.bins.paths["kube-apiserver"],[`--etcd-servers=http://127.0.0.1:${e.ports.etcd}`,"--bind-address=127.0.0.1","--advertise-address=127.0.0.1",`--secure-port=${e.ports.apiserver}`,`--cert-dir=${t.dir}`,`--tls-cert-file=${t.apiserver.cert}`,`--tls-private-key-file=${t.apiserver.key}`,`--client-ca-file=${t.ca.cert}`,"--authorization-mode=Node,RBAC","--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,NodeRestriction,PodSecurity,ResourceQuota","--allow-privileged=true",`--service-cluster-ip-range=${gr}`,`--service-account-issuer=${wr}`,`--service-account-key-file=${t.saPub}`,`--service-account-signing-key-file=${t.saKey}`,"--endpoint-reconciler-type=none","--profiling=false"]);await m("kube-apiserver /readyz",async()=>{let n=await v(e.admin,{method:"GET",path:"/readyz",timeoutMs:3e3});if(n.status===200)return!0;let o=n.text.split(`
`).filter(s=>s.startsWith("[-]")).map(s=>s.slice(3).split(" ")[0]).join(", ");return`HTTP ${n.status}${o?`, not ready: ${o}`:""}`},h(e,9e4,r))}function tt(e){return e.progress("starting kube-controller-manager, kube-scheduler and kwok"),{controllerManager:hr(e),scheduler:kr(e),kwok:br(e)}}function rt(e,t,r){return[`--kubeconfig=${t}`,"--bind-address=127.0.0.1",`--secure-port=${r}`,`--tls-cert-file=${e.pki.apiserver.cert}`,`--tls-private-key-file=${e.pki.apiserver.key}`,"--leader-elect=false"]}function hr(e){let{pki:t}=e;return g(e,"kube-controller-manager",e.bins.paths["kube-controller-manager"],[...rt(e,ge(e,"controller-manager",t.controllerManager),e.ports.controllerManager),`--cluster-name=${e.context}`,"--controllers=*",`--service-account-private-key-file=${t.saKey}`,`--root-ca-file=${t.ca.cert}`,"--use-service-account-credentials=true","--kube-api-qps=200","--kube-api-burst=400",`--cluster-signing-cert-file=${t.ca.cert}`,`--cluster-signing-key-file=${t.ca.key}`,"--allocate-node-cidrs=false","--profiling=false"])}function kr(e){return g(e,"kube-scheduler",e.bins.paths["kube-scheduler"],[...rt(e,ge(e,"scheduler",e.pki.scheduler),e.ports.scheduler),"--profiling=false"])}function br(e){let t=J(e.stateDir,"kwok"),r=J(t,"kwok.yaml");return fr(t,{recursive:!0}),mr(r,Ke({podCidr:yr,nodeLeaseSeconds:40})),g(e,"kwok",e.bins.paths.kwok,[`--kubeconfig=${ge(e,"kwok",e.pki.kwok)}`,`--config=${r}`],{...process.env,KWOK_WORKDIR:t})}async function nt(e,t){let r=h(e,6e4,t.controllerManager);await Promise.all([m("kube-controller-manager /healthz",()=>me(e.admin,e.ports.controllerManager),r),m("kube-scheduler /healthz",()=>me(e.admin,e.ports.scheduler),{...r,logOf:t.scheduler})])}async function ot(e,t){await m("the default ServiceAccount (controller-manager)",async()=>{let r=await v(e.admin,{method:"GET",path:"/api/v1/namespaces/default/serviceaccounts/default"});return r.status===200?!0:`HTTP ${r.status}`},h(e,6e4,t.controllerManager))}function ye(e){return Array.from({length:e},(t,r)=>`kwok-node-${r}`)}async function st(e,t){e.progress(`creating ${t} fake nodes`);for(let[r,n]of ye(t).entries()){let o=await v(e.admin,{method:"POST",path:"/api/v1/nodes",body:$r(n,r)});if(o.status!==201&&o.status!==409)throw new u("LOCAL_CLUSTER",`creating node ${n} failed: HTTP ${o.status} ${o.text.slice(0,300)}`)}}async function it(e,t,r){e.progress("waiting for the nodes to be Ready"),await m(`${t} Ready nodes`,async()=>{let n=await v(e.admin,{method:"GET",path:"/api/v1/nodes"});if(n.status!==200)return`HTTP ${n.status}`;let s=JSON.parse(n.text).items.filter(i=>i.status?.conditions?.some(a=>a.type==="Ready"&&a.status==="True")).length;return s>=t?!0:`${s}/${t} Ready`},h(e,6e4,r))}function $r(e,t){let r={cpu:"32",memory:"256Gi",pods:"110","ephemeral-storage":"1Ti"};return{apiVersion:"v1",kind:"Node",metadata:{name:e,labels:{"kubernetes.io/hostname":e,"kubernetes.io/os":"linux","kubernetes.io/arch":"amd64","node.kubernetes.io/instance-type":"kwok","topology.kubernetes.io/zone":`zone-${String.fromCharCode(97+t%3)}`,type:"kwok"},annotations:{[ue]:le,"node.alpha.kubernetes.io/ttl":"0"}},spec:{},status:{capacity:r,allocatable:r,addresses:[{type:"InternalIP",address:`10.240.0.${t+10}`},{type:"Hostname",address:e}]}}}import{execFile as vr}from"node:child_process";import{generateKeyPairSync as Cr}from"node:crypto";import{mkdirSync as Sr,writeFileSync as at}from"node:fs";import{join as R}from"node:path";import{promisify as Pr}from"node:util";var xr=Pr(vr);async function ct(e){try{await xr("openssl",e,{timeout:3e4})}catch(t){let r=t;throw r.code==="ENOENT"?new u("LOCAL_CLUSTER","openssl is not on PATH",{hint:"install OpenSSL 3 (Debian/Ubuntu: apt-get install openssl)",cause:t}):new u("LOCAL_CLUSTER",`openssl ${e[0]} failed: ${r.stderr??r.message}`,{hint:"the local cluster needs OpenSSL 3.0 or later (openssl version)",cause:t})}}var ut=["-newkey","ec","-pkeyopt","ec_paramgen_curve:P-256","-nodes"];async function U(e,t,r,n,o){let s={cert:R(e,`${r}.crt`),key:R(e,`${r}.key`)},a=["-addext","basicConstraints=critical,CA:FALSE","-addext","keyUsage=critical,digitalSignature,keyEncipherment","-addext",`extendedKeyUsage=${[o.serverNames?"serverAuth":"",o.client?"clientAuth":""].filter(Boolean).join(",")}`];if(o.serverNames){let c=[...o.serverNames.ips.map(l=>`IP:${l}`),...o.serverNames.dns.map(l=>`DNS:${l}`)];a.push("-addext",`subjectAltName=${c.join(",")}`)}return await ct(["req","-x509",...ut,"-keyout",s.key,"-out",s.cert,"-CA",t.cert,"-CAkey",t.key,"-days","365","-subj",n,...a]),s}async function lt(e,t){Sr(e,{recursive:!0,mode:448});let r={cert:R(e,"ca.crt"),key:R(e,"ca.key")};await ct(["req","-x509",...ut,"-keyout",r.key,"-out",r.cert,"-days","3650","-subj",`/CN=cutover-local-ca-${t.clusterName}`,"-addext","basicConstraints=critical,CA:TRUE","-addext","keyUsage=critical,keyCertSign,cRLSign,digitalSignature"]);let n=["localhost","kubernetes","kubernetes.default","kubernetes.default.svc","kubernetes.default.svc.cluster.local",...t.dnsNames??[]],[o,s,i,a,c]=await Promise.all([U(e,r,"apiserver","/CN=kube-apiserver",{serverNames:{ips:t.ips,dns:n}}),U(e,r,"admin","/O=system:masters/CN=cutover-admin",{client:!0}),U(e,r,"controller-manager","/CN=system:kube-controller-manager",{client:!0}),U(e,r,"scheduler","/CN=system:kube-scheduler",{client:!0}),U(e,r,"kwok","/O=system:masters/CN=kwok-controller",{client:!0})]),{privateKey:l,publicKey:d}=Cr("ec",{namedCurve:"P-256"}),x=R(e,"sa.key"),y=R(e,"sa.pub");return at(x,l.export({type:"pkcs8",format:"pem"}),{mode:384}),at(y,d.export({type:"spki",format:"pem"})),{dir:e,ca:r,apiserver:o,admin:s,controllerManager:i,scheduler:a,kwok:c,saKey:x,saPub:y}}import{mkdirSync as Er,readFileSync as pt,renameSync as Tr,rmSync as dt,writeFileSync as ft}from"node:fs";import{join as mt}from"node:path";var E=e=>mt(e,"state.json");function M(e){try{return JSON.parse(pt(E(e),"utf8"))}catch{return}}function O(e,t){let r=`${E(e)}.${process.pid}.tmp`;ft(r,`${JSON.stringify(t,null,2)}
`),Tr(r,E(e))}async function we(e,t,r){let n=Nr(e,t);try{return await r()}finally{n()}}function Nr(e,t){Er(t,{recursive:!0,mode:448});let r=mt(t,"lock");for(let n=0;n<3;n++){try{return ft(r,String(process.pid),{flag:"wx"}),()=>dt(r,{force:!0})}catch(s){if(s.code!=="EEXIST")throw s}let o=0;try{o=Number(pt(r,"utf8"))}catch{continue}if(Rr(o))throw new u("LOCAL_CLUSTER",`another cutover local command is starting or stopping "${e}" (pid ${o})`,{hint:`wait for it to finish; if pid ${o} is not cutover, remove ${r}`});dt(r,{force:!0})}throw new u("LOCAL_CLUSTER",`cannot lock ${r}`)}function Rr(e){if(!Number.isInteger(e)||e<=0)return!1;try{return process.kill(e,0),!0}catch(t){return t.code==="EPERM"}}function F(e){return e.processes.map(t=>({name:t.name,pid:t.pid,log:t.log,running:C(t)}))}var wt=Ne(Re());import{createHash as Or}from"node:crypto";import{accessSync as Lr,constants as Ar,existsSync as _r,mkdirSync as Ir,readFileSync as ke,writeFileSync as Dr}from"node:fs";import{join as S}from"node:path";var gt="github.com/traefik/traefik/v3",ht="traefik.io/gateway-controller",Br="web",he="run scripts/traefik-build.sh (about 5 minutes and 3.3 GB of memory the first time, cached after), or pass --build";function Ur(e){let t=ke(S(e,"k8s","traefik","go.mod"),"utf8"),r=ke(S(e,"scripts","traefik-build.sh"),"utf8"),n=se(t,gt),o=/^RECIPE=(\S+)$/m.exec(r)?.[1];if(!n||!o)throw new u("LOCAL_CLUSTER",`k8s/traefik/go.mod does not require ${gt}`);let s=Or("sha256").update(`recipe=${o}
`).update(t).digest("hex").slice(0,16);return{version:n,key:s}}function yt(e){try{return Lr(e,Ar.X_OK),!0}catch{return!1}}async function kt(e){let t=e.env??process.env;if(t.CUTOVER_TRAEFIK_BIN){if(!yt(t.CUTOVER_TRAEFIK_BIN))throw new u("LOCAL_CLUSTER",`CUTOVER_TRAEFIK_BIN=${t.CUTOVER_TRAEFIK_BIN} is not an executable`,{hint:he});return{path:t.CUTOVER_TRAEFIK_BIN,version:"unknown"}}let r=A();if(!r)throw new u("LOCAL_CLUSTER","no checkout of cutover to find the Traefik build of",{hint:`${he} in a checkout, or set CUTOVER_TRAEFIK_BIN`});let n=Ur(r),o=S($(t),`traefik-${n.version}`,"bin"),s=S(o,"traefik"),i=()=>yt(s)?(_r(S(o,".key"))?ke(S(o,".key"),"utf8").trim():"")===n.key?void 0:`the Traefik build in ${o} is stale (k8s/traefik/go.mod changed since)`:`the Traefik binary ${s} is missing`,a=i();if(a&&e.build&&(e.onProgress?.(`${a}: building it with scripts/traefik-build.sh (about 5 minutes cold)`),await Q(r,t,e.onProgress,"traefik-build.sh"),a=i()),a)throw new u("LOCAL_CLUSTER",a,{hint:he});return{path:s,version:n.version}}function Mr(e){return(0,wt.stringify)({global:{checkNewVersion:!1,sendAnonymousUsage:!1},entryPoints:{[Br]:{address:`127.0.0.1:${e}`}},providers:{kubernetesGateway:{throttleDuration:"200ms"}},log:{level:"INFO",noColor:!0}})}function bt(e,t,r){let n=e.ports.traffic;if(n===void 0)throw new Error("startTraefik: no traffic port was picked");let o=S(e.stateDir,"traefik");Ir(o,{recursive:!0});let s=S(o,"traefik.yaml");Dr(s,Mr(n)),e.progress(`starting Traefik ${t.version} (Gateway API) on 127.0.0.1:${n} in ${e.netns}`);let i={...process.env,KUBECONFIG:r};return delete i.KUBERNETES_SERVICE_HOST,delete i.KUBERNETES_SERVICE_PORT,g(e,"traefik",t.path,[`--configFile=${s}`],i)}import{existsSync as Yr,mkdirSync as qr,writeFileSync as zr}from"node:fs";import{createConnection as Xr}from"node:net";import{join as j}from"node:path";var vt=Ne(Re());import{execFile as Fr}from"node:child_process";import{readdir as Kr,readFile as jr}from"node:fs/promises";import{join as $t}from"node:path";import{promisify as Vr}from"node:util";var K={"gateway-api":{module:"sigs.k8s.io/gateway-api",version:"v1.4.1",path:"config/crd/standard",probe:{apiVersion:"gateway.networking.k8s.io/v1",kind:"HTTPRoute"}},istio:{module:"istio.io/api",version:"v1.32.0",path:"kubernetes/customresourcedefinitions.gen.yaml",probe:{apiVersion:"networking.istio.io/v1",kind:"VirtualService"}},"prometheus-operator":{module:"github.com/prometheus-operator/prometheus-operator",version:"v0.85.0",path:"example/prometheus-operator-crd",probe:{apiVersion:"monitoring.coreos.com/v1",kind:"PrometheusRule"}}};function Ct(e){return Object.hasOwn(K,e)}async function Gr(e){let t=K[e],r=`${t.module}@${t.version}`,n;try{let{stdout:a}=await Vr(Fr)("go",["mod","download","-json",r],{maxBuffer:1048576});n=JSON.parse(a).Dir}catch(a){let c=a;throw new u("LOCAL_CLUSTER",`cannot fetch the ${e} CRDs (${r})`,{hint:c.code==="ENOENT"?"Go is needed to fetch CRDs from their modules: source scripts/setup.sh":`go mod download said: ${(c.stdout??c.message).trim().slice(0,300)}`})}let o=$t(n,t.path),s=o.endsWith(".yaml")?[o]:(await Kr(o)).filter(a=>a.endsWith(".yaml")).sort().map(a=>$t(o,a));return(await Promise.all(s.map(a=>jr(a,"utf8")))).flatMap(a=>(0,vt.parseAllDocuments)(a).map(c=>c.toJS()).filter(c=>c?.kind==="CustomResourceDefinition"))}async function H(e,t,r=()=>{}){let n=await Gr(t),o=K[t];r(`applying ${n.length} ${t} CRDs (${o.module} ${o.version})`);for(let s of n)await e.apply(s);return await m(`${o.probe.kind} (${o.probe.apiVersion}) to be served`,()=>e.serves(o.probe.apiVersion,o.probe.kind),{timeoutMs:3e4,watch:[],logOf:void 0,progress:r}),n.map(s=>s.metadata.name)}import{existsSync as Qr}from"node:fs";import{dirname as Wr,join as be}from"node:path";import{fileURLToPath as Jr}from"node:url";function $e(e){let t=Jr(import.meta.url),r=Wr(t),n=t.endsWith(".ts")?[be(r,`${e}.ts`)]:[be(r,"local",`${e}.js`),be(r,"..","local",`${e}.js`)],o=n.find(s=>Qr(s));if(!o)throw new u("LOCAL_CLUSTER",`the ${e} entry is missing (${n[0]})`,{hint:"rebuild dist/ with npm run build"});return o}var P={name:"cutover-local",namespace:"gateway-system"},St="cutover-local-traefik",ve="gateway.networking.k8s.io/v1";function Hr(e){return[{apiVersion:"v1",kind:"Namespace",metadata:{name:P.namespace}},{apiVersion:ve,kind:"GatewayClass",metadata:{name:St},spec:{controllerName:ht}},{apiVersion:ve,kind:"Gateway",metadata:{...P},spec:{gatewayClassName:St,listeners:[{name:"http",protocol:"HTTP",port:e,allowedRoutes:{namespaces:{from:"All"}}}]}}]}async function Pt(e,t,r){let n=e.ports.traffic;if(n===void 0)throw new Error("applyLocalGateway: no traffic port was picked");for(let o of Hr(n))await t.apply(o);await m(`Gateway ${P.namespace}/${P.name} to be Programmed by Traefik`,async()=>{let s=(await t.get({apiVersion:ve,kind:"Gateway",...P}))?.status?.conditions?.find(i=>i.type==="Programmed");return s?.status==="True"?!0:s?`${s.reason}: ${s.message}`:"no status yet"},h(e,6e4,r))}function Y(e){return`traffic: ${e}; the cluster runs without a data plane (objects only: routes are stored, no request flows). For real traffic run as root, or inside \`unshare --user --net --map-root-user\``}async function xt(e,t){let r=B();if(r){t(Y(r));return}let n=D(e);try{await Ge(n)}catch(o){t(Y(o.message));return}return t(`traffic: network namespace ${n} (pod addresses 10.244.0.0/16 live there)`),n}var Zr=e=>j(e,"sock"),Ce=()=>({...process.env,NODE_OPTIONS:""});function en(e){return new Promise(t=>{let r=Xr({port:e,host:"127.0.0.1"});r.once("connect",()=>{r.destroy(),t(!0)}),r.once("error",()=>t(!1))})}async function Et(e){let t=Zr(e.stateDir),r=Xe(e.ports).map(String),n=j(t,"65535");if(n.length>z)throw new u("LOCAL_CLUSTER",`the state directory ${e.stateDir} is too long for the bridge's unix sockets (${n.length} > ${z} characters)`,{hint:"use a shorter --state-dir (or CUTOVER_CACHE_DIR)"});qr(t,{recursive:!0,mode:448});let o=$e("bridge-main");e.progress(`traffic: bridging 127.0.0.1 ports ${r.join(", ")} into ${e.netns}`);let s=g(e,"bridge-netns",process.execPath,[o,"netns",t,...r],Ce());g({...e,netns:void 0},"bridge-host",process.execPath,[o,"host",t,...r],Ce()),await m("the bridge into the network namespace",async()=>{let i=r.filter(a=>!Yr(j(t,a)));return i.length?`no socket yet for ${i.join(", ")}`:await en(e.ports.apiserver)||"the host side does not listen yet"},h(e,15e3,s))}function tn(e){let t=j(e.stateDir,"responders.json");return zr(t,JSON.stringify({server:e.server,ca:e.pki.ca.cert,cert:e.pki.admin.cert,key:e.pki.admin.key,log:j(e.logs,"responders-pods.log")})),e.progress("traffic: starting the pod responders (an HTTP server per Running pod and port)"),g(e,"responders",process.execPath,[$e("responder-main"),t],Ce())}async function Tt(e,t,r){let n=e.ports.traffic;if(n===void 0)throw new Error("startDataPlane: no traffic port was picked");let o=G.connect({kubeconfigPath:t});await H(o,"gateway-api",e.progress),tn(e);let s=bt(e,r,t);return await Pt(e,o,s),{url:`http://127.0.0.1:${n}`,gateway:{...P}}}import{spawn as rn}from"node:child_process";import{closeSync as nn,openSync as on}from"node:fs";var sn=String.raw`
const fs = require('node:fs');
const { execFileSync } = require('node:child_process');
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
  if (state.netns) {
    // What still runs in the namespace goes with it (netns.ts's deleteNetns, in short).
    try {
      const pids = execFileSync('ip', ['netns', 'pids', state.netns], { encoding: 'utf8' }).split(/\s+/).filter(Boolean);
      for (const pid of pids) { try { process.kill(Number(pid), 'SIGKILL'); } catch {} }
      execFileSync('ip', ['netns', 'del', state.netns]);
      log('deleted network namespace ' + state.netns);
    } catch (e) { log('could not delete network namespace ' + state.netns + ': ' + e.message); }
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
`;function Nt(e,t,r,n){let o=on(n,"a");try{let s=rn(process.execPath,["-e",sn,e,String(t),r,n],{detached:!0,stdio:["ignore",o,o],env:{...process.env,NODE_OPTIONS:""}});if(s.pid===void 0)throw new Error("could not start the watchdog");return s.unref(),s.pid}finally{nn(o)}}function L(e){let t=Z(e.name??"default");return{name:t,stateDir:e.stateDir??ee(t),progress:e.onProgress??(()=>{})}}async function Pe(e={}){let{name:t,stateDir:r}=L(e);return we(t,r,()=>cn(e))}async function cn(e){let t=Date.now(),r={},n=w=>{r[w]=Date.now()-t},o=L(e),{name:s,stateDir:i,progress:a}=o,c=await ln(o,e,t);if(c)return c;let l=await ie({binDir:e.binDir,build:e.build,onProgress:a}),d=e.traffic?await un(e,a):void 0,x=Ye(e.timeoutMs??18e4),y=e.nodes??3,{cp:p,state:f}=await dn(o,e.ownerPid,y,l,x,d!==void 0);try{n("prepare"),d&&(p.netns=await xt(s,a),p.netns?(f.netns=p.netns,O(i,f),await Et(p)):d=void 0,n("network")),await Ze(p),n("etcd"),await et(p),n("apiserver");let w=tt(p);await st(p,y),await nt(p,w),n("components"),await it(p,y,w.kwok),n("nodes"),await ot(p,w),n("controllers"),d&&(f.traffic=await Tt(p,f.kubeconfig,d),n("traffic")),f.phase="ready",O(i,f)}catch(w){throw a(`start failed; stopping what was started (logs stay in ${p.logs})`),await q({name:s,stateDir:i}),w}let k=Date.now()-t;return a(`local cluster "${s}" is ready in ${(k/1e3).toFixed(1)}s; kubeconfig: ${f.kubeconfig}`),f.traffic&&a(`traffic enters at ${f.traffic.url} (Gateway ${f.traffic.gateway.namespace}/${f.traffic.gateway.name})`),Lt(o,f,{processes:F(f),reused:!1,startMs:k,timings:r})}async function un(e,t){let r=B();if(r){t(Y(r));return}return kt({build:e.build,onProgress:t})}async function ln(e,t,r){let{name:n,stateDir:o,progress:s}=e,i=M(o);if(!i){await I(D(n));return}let a=F(i),c=i.phase==="ready"&&a.length>0&&a.every(d=>d.running),l=t.traffic===!0&&!i.traffic&&!B();if(c&&t.reuse!==!1&&!l)return s(`local cluster "${n}" is already running (${i.server})`),Lt(e,i,{processes:a,reused:!0,startMs:Date.now()-r,timings:{}});s(`cleaning up the previous run of "${n}"`),await q({name:n,stateDir:o})}async function dn(e,t,r,n,o,s){let{name:i,stateDir:a,progress:c}=e,l=n.manifest,d={kubernetes:l.kubernetes.version,etcd:l.etcd.version,kwok:l.kwok.version};c(`starting local cluster "${i}": kubernetes ${d.kubernetes}, etcd ${d.etcd}, kwok ${d.kwok}`);let x=pn(a),y=await ze(s),p=`https://127.0.0.1:${y.apiserver}`,f=`cutover-local-${i}`,k=await lt(V(a,"pki"),{ips:["127.0.0.1",qe],clusterName:i}),w=V(a,"kubeconfig");Ie(w,{context:f,server:p,ca:k.ca.cert},k.admin);let T={version:1,name:i,phase:"starting",createdAt:new Date().toISOString(),kubeconfig:w,server:p,context:f,ports:{...y},nodes:ye(r),versions:d,processes:[]};return t!==void 0&&(T.ownerPid=t),O(a,T),fn(a,T,t,x),{cp:{stateDir:a,logs:x,bins:n,ports:y,server:p,context:f,pki:k,admin:Ue(p,k.ca.cert,k.admin.cert,k.admin.key),progress:c,budget:o,started:[],record:_t=>{T.processes.push(_t),O(a,T)}},state:T}}function pn(e){Rt(e,{recursive:!0,mode:448});for(let r of["etcd","pki","logs","kwok","sock","traefik"])Se(V(e,r),{recursive:!0,force:!0});let t=V(e,"logs");return Rt(t,{recursive:!0}),t}function fn(e,t,r,n){let o=r!==void 0?"owner":"startup";t.watchdogMode=o,t.watchdogBinary=process.execPath,t.watchdogPid=Nt(E(e),r??process.pid,o,V(n,"watchdog.log")),O(e,t)}function Lt({name:e,stateDir:t},r,n){return{name:e,stateDir:t,kubeconfig:r.kubeconfig,server:r.server,context:r.context,nodes:r.nodes,versions:r.versions,...n,...r.traffic?{traffic:r.traffic}:{}}}async function xe(e={}){let{name:t,stateDir:r}=L(e);return an(r)?we(t,r,()=>q(e)):q(e)}async function q(e){let{name:t,stateDir:r,progress:n}=L(e),o=M(r),s=[];if(o){let i=[...o.processes].reverse();if(o.watchdogPid!==void 0){let c=o.watchdogBinary??process.execPath;await pe([{name:"watchdog",pid:o.watchdogPid,binary:c,log:""}],2e3)}let a=i.filter(C).map(c=>c.name);a.length&&n(`stopping ${a.join(", ")}`);for(let c of i)s.push(...await pe([c]))}return await I(o?.netns??D(t)),o&&Se(E(r),{force:!0}),e.purge&&Se(r,{recursive:!0,force:!0}),n(s.length?`local cluster "${t}" stopped`:`local cluster "${t}" was not running`),{name:t,stateDir:r,stopped:s}}function Ee(e={}){let{name:t,stateDir:r}=L(e),n=M(r);if(!n)throw new u("LOCAL_CLUSTER",`local cluster "${t}" is not running (no ${E(r)})`,{hint:`start it with: cutover local up${t==="default"?"":` --name ${t}`}`});let o=n.phase==="ready"&&F(n).every(i=>i.running),s=n.traffic?`export CUTOVER_TRAFFIC_URL=${Ot(n.traffic.url)}
`:"";return{name:t,kubeconfig:n.kubeconfig,running:o,exports:`export KUBECONFIG=${Ot(n.kubeconfig)}
${s}`,...n.traffic?{traffic:n.traffic}:{}}}function Te(e={}){let{name:t,stateDir:r}=L(e),n=M(r);if(n)return{name:t,stateDir:r,phase:n.phase,server:n.server,kubeconfig:n.kubeconfig,processes:F(n),...n.traffic?{traffic:n.traffic}:{},...n.netns?{netns:n.netns}:{}}}function Ot(e){return/^[\w@%+=:,./-]+$/.test(e)?e:`'${e.replace(/'/g,"'\\''")}'`}function At(e){if(typeof e!="string"||e==="")return[];let t=e.split(",").map(n=>n.trim()),r=t.filter(n=>!Ct(n));if(r.length>0)throw new u("USAGE",`--crds: unknown CRD set ${r.join(", ")}`,{hint:`known sets: ${Object.keys(K).join(", ")}`});return t}async function Gs({values:e,positionals:t,out:r,err:n}){let o=e.name,s=i=>n(i);switch(t[0]){case"up":{At(e.crds);let i=await Pe({name:o,nodes:Number(e.nodes),build:!!e.build,traffic:!!e.traffic,onProgress:s});n(`${i.reused?"already running":`ready in ${(i.startMs/1e3).toFixed(1)} s`}: Kubernetes ${i.versions.kubernetes} at ${i.server}, nodes ${i.nodes.join(", ")}`),i.traffic&&n(`traffic: ${i.traffic.url} (Gateway ${i.traffic.gateway.namespace}/${i.traffic.gateway.name}; try: curl -H 'Host: <a route hostname>' ${i.traffic.url}/)`);for(let a of At(e.crds)){let c=await H(G.connect({kubeconfigPath:i.kubeconfig}),a,s);n(`${a} CRDs installed: ${c.join(", ")}`)}return r(i.kubeconfig),0}case"down":{let i=await xe({name:o,purge:!!e.purge,onProgress:s});return n(i.stopped.length?`stopped ${i.stopped.join(", ")}`:`cluster ${o} was not running`),0}case"status":{let i=Te({name:o});if(!i)return r(`cluster ${o}: not started (\`cutover local up --name ${o}\` starts it)`),1;let a=i.processes.filter(c=>!c.running);r(`cluster ${o}: ${a.length?"degraded":i.phase} at ${i.server}`);for(let c of i.processes)r(`  ${c.name.padEnd(24)} ${c.running?`running (pid ${c.pid})`:"stopped"}  log: ${c.log}`);return r(`  kubeconfig: ${i.kubeconfig}`),r(i.traffic?`  traffic: ${i.traffic.url} (Gateway ${i.traffic.gateway.namespace}/${i.traffic.gateway.name}, network namespace ${i.netns})`:"  traffic: not started (objects only; `up --traffic` adds a data plane)"),i.phase==="ready"&&a.length===0?0:1}default:{let i=Ee({name:o});return r(i.exports),i.running||n(`cluster ${o} is not running: \`cutover local up --name ${o}\` starts it`),i.running?0:1}}}export{Gs as run};
