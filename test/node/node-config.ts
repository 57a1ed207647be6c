// Configuration files of the test node's components, as pure functions of the node's layout.
// Paths that containerd and the kubelet hard-code (/run/containerd, /var/log/pods) are
// bind-mounted from the node's directory inside its private mount namespace (see host.ts), so
// everything else here points into that directory explicitly.

/** Addresses inside the node's network namespace; only the host-side /30 varies per node. */
export interface NodeNetwork {
  /** Host end of the veth pair, e.g. 10.243.17.1 */
  readonly hostIp: string;
  /** Node end: the node's InternalIP, kubelet and kube-proxy bind here, e.g. 10.243.17.2 */
  readonly nodeIp: string;
  readonly podCidr: string;
  readonly podGateway: string;
  readonly serviceCidr: string;
  /** ClusterIP of the 'kubernetes' Service (the API server's certificate names it). */
  readonly apiServiceIp: string;
  readonly dnsServiceIp: string;
  /** ClusterIP of the gateway (Traefik) Service: members' external host names resolve here. */
  readonly gatewayServiceIp: string;
  /** Port the API relay listens on inside the node's network namespace. */
  readonly relayPort: number;
}

export const podCidr = '10.244.0.0/24';

/** Picks the per-node /30 from a number (host side .1, node side .2) of 10.243.0.0/16. */
export function nodeNetwork(slot: number): NodeNetwork {
  const base = (slot % 16_384) * 4;
  const third = Math.floor(base / 256);
  const fourth = base % 256;
  return {
    hostIp: `10.243.${third}.${fourth + 1}`,
    nodeIp: `10.243.${third}.${fourth + 2}`,
    podCidr,
    podGateway: '10.244.0.1',
    // The test API servers' --service-cluster-ip-range (test/cluster/component-args.ts).
    serviceCidr: '10.0.0.0/24',
    apiServiceIp: '10.0.0.1',
    dnsServiceIp: '10.0.0.10',
    gatewayServiceIp: '10.0.0.20',
    relayPort: 6443,
  };
}

export interface NodeLayout {
  readonly nodeName: string;
  /** The node's directory (a fresh temporary directory). */
  readonly dir: string;
  /** cgroup v1 path (relative to each hierarchy) under which the node's pods live. */
  readonly cgroupRoot: string;
  readonly network: NodeNetwork;
}

export const containerdSocket = (layout: NodeLayout) => `${layout.dir}/containerd/containerd.sock`;

export function containerdConfig(
  layout: NodeLayout,
  bins: { readonly runc: string; readonly cniBinDir: string; readonly pauseImage: string },
): string {
  const d = layout.dir;
  return `version = 3
root = "${d}/containerd/root"
state = "${d}/containerd/state"
# Plugins that would touch shared host paths or need kernel features the node does not use.
disabled_plugins = [
  "io.containerd.snapshotter.v1.btrfs",
  "io.containerd.snapshotter.v1.zfs",
  "io.containerd.snapshotter.v1.devmapper",
  "io.containerd.snapshotter.v1.blockfile",
  "io.containerd.snapshotter.v1.erofs",
  "io.containerd.tracing.processor.v1.otlp",
  "io.containerd.internal.v1.tracing",
  "io.containerd.grpc.v1.introspection_nri",
  "io.containerd.nri.v1.nri",
]

[grpc]
  address = "${containerdSocket(layout)}"

[ttrpc]
  address = "${d}/containerd/containerd.sock.ttrpc"

[debug]
  address = ""
  level = "info"

[metrics]
  address = ""

[plugins]
  [plugins.'io.containerd.internal.v1.opt']
    path = "${d}/containerd/opt"

  [plugins.'io.containerd.cri.v1.images']
    snapshotter = "overlayfs"
    [plugins.'io.containerd.cri.v1.images'.pinned_images]
      sandbox = "${bins.pauseImage}"

  [plugins.'io.containerd.cri.v1.runtime']
    netns_mounts_under_state_dir = true
    # The machine grants no CAP_SYS_RESOURCE, so no process may lower its oom_score_adj below
    # containerd's; the kubelet asks -998 for sandboxes. Clamp instead of failing every pod.
    restrict_oom_score_adj = true
    [plugins.'io.containerd.cri.v1.runtime'.cni]
      bin_dirs = ["${bins.cniBinDir}"]
      conf_dir = "${d}/cni/net.d"
    [plugins.'io.containerd.cri.v1.runtime'.containerd]
      default_runtime_name = "runc"
      [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc]
        runtime_type = "io.containerd.runc.v2"
        [plugins.'io.containerd.cri.v1.runtime'.containerd.runtimes.runc.options]
          BinaryName = "${bins.runc}"
          Root = "${d}/runc"
          SystemdCgroup = false

  [plugins.'io.containerd.grpc.v1.cri']
    disable_tcp_service = true
    stream_server_address = "127.0.0.1"
    stream_server_port = "0"
`;
}

/** The pod network: one Linux bridge, host-local addresses, no masquerade (nothing leaves the node). */
export function cniConfig(layout: NodeLayout): string {
  return `${JSON.stringify(
    {
      cniVersion: '1.0.0',
      name: 'consortium-node',
      plugins: [
        {
          type: 'bridge',
          bridge: 'cni0',
          isGateway: true,
          ipMasq: false,
          hairpinMode: true,
          ipam: {
            type: 'host-local',
            ranges: [[{ subnet: layout.network.podCidr, gateway: layout.network.podGateway }]],
            routes: [{ dst: '0.0.0.0/0' }],
            dataDir: `${layout.dir}/cni/ipam`,
          },
        },
        { type: 'portmap', capabilities: { portMappings: true } },
      ],
    },
    null,
    2,
  )}\n`;
}

export function kubeletConfig(
  layout: NodeLayout,
  caFile: string,
  taints: readonly { readonly key: string; readonly effect: string }[] = [],
): string {
  const d = layout.dir;
  // JSON is YAML; the kubelet reads either.
  return `${JSON.stringify(
    {
      apiVersion: 'kubelet.config.k8s.io/v1beta1',
      kind: 'KubeletConfiguration',
      // The machine has cgroup v1 and no systemd; Kubernetes 1.35+ refuses v1 unless told.
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      cgroupRoot: `/${layout.cgroupRoot}`,
      cgroupsPerQOS: true,
      enforceNodeAllocatable: ['pods'],
      containerRuntimeEndpoint: `unix://${containerdSocket(layout)}`,
      address: layout.network.nodeIp,
      port: 10250,
      readOnlyPort: 0,
      healthzBindAddress: '127.0.0.1',
      healthzPort: 10248,
      // Reachable only from the node's namespaces and the host end of its veth.
      authentication: { anonymous: { enabled: true }, webhook: { enabled: false }, x509: { clientCAFile: caFile } },
      authorization: { mode: 'AlwaysAllow' },
      clusterDomain: 'cluster.local',
      clusterDNS: [layout.network.dnsServiceIp],
      resolvConf: `${d}/resolv.conf`,
      failSwapOn: false,
      // The machine's disk and memory are shared with other work; never evict test pods.
      evictionHard: { 'memory.available': '1Mi', 'nodefs.available': '0%', 'imagefs.available': '0%' },
      imageGCHighThresholdPercent: 100,
      imageGCLowThresholdPercent: 99,
      serializeImagePulls: false,
      rotateCertificates: false,
      serverTLSBootstrap: false,
      nodeStatusUpdateFrequency: '4s',
      nodeStatusReportFrequency: '10s',
      syncFrequency: '10s',
      fileCheckFrequency: '5s',
      shutdownGracePeriod: '0s',
      kernelMemcgNotification: false,
      protectKernelDefaults: false,
      localStorageCapacityIsolation: true,
      podLogsDir: '/var/log/pods',
      volumePluginDir: `${d}/kubelet-plugins`,
      maxPods: 110,
      registerWithTaints: taints,
    },
    null,
    2,
  )}\n`;
}

export function kubeletArgs(layout: NodeLayout, files: { config: string; kubeconfig: string }): string[] {
  return [
    `--config=${files.config}`,
    `--kubeconfig=${files.kubeconfig}`,
    `--hostname-override=${layout.nodeName}`,
    `--node-ip=${layout.network.nodeIp}`,
    `--root-dir=${layout.dir}/kubelet`,
    `--cert-dir=${layout.dir}/kubelet-pki`,
    '--v=1',
  ];
}

export function kubeProxyConfig(layout: NodeLayout, kubeconfig: string): string {
  return `${JSON.stringify(
    {
      apiVersion: 'kubeproxy.config.k8s.io/v1alpha1',
      kind: 'KubeProxyConfiguration',
      clientConnection: { kubeconfig },
      mode: 'iptables',
      hostnameOverride: layout.nodeName,
      bindAddress: layout.network.nodeIp,
      clusterCIDR: layout.network.podCidr,
      detectLocalMode: 'ClusterCIDR',
      healthzBindAddress: '127.0.0.1:10256',
      metricsBindAddress: '127.0.0.1:10249',
      // 0: leave nf_conntrack_max (a machine-wide setting) alone.
      conntrack: { maxPerCore: 0, min: 0, tcpEstablishedTimeout: '0s', tcpCloseWaitTimeout: '0s' },
      iptables: { minSyncPeriod: '0s', syncPeriod: '30s', masqueradeAll: false },
    },
    null,
    2,
  )}\n`;
}

export function kubeRouterArgs(layout: NodeLayout, kubeconfig: string): string[] {
  return [
    // Firewall only: NetworkPolicy with iptables and ipset; routing and services stay with the
    // bridge and kube-proxy.
    '--run-firewall=true',
    '--run-router=false',
    '--run-service-proxy=false',
    `--kubeconfig=${kubeconfig}`,
    `--hostname-override=${layout.nodeName}`,
    `--service-cluster-ip-range=${layout.network.serviceCidr}`,
    '--enable-ipv4=true',
    '--enable-ipv6=false',
    '--metrics-port=0',
    '--health-port=0',
    '--iptables-sync-period=5s',
    '--v=1',
  ];
}

export function schedulerArgs(kubeconfig: string): string[] {
  return [`--kubeconfig=${kubeconfig}`, '--leader-elect=false', '--secure-port=0', '--v=1'];
}
