// The test node's configuration generators: addresses per node, and the settings that keep the
// node off machine-wide state (conntrack limits, cgroup driver, no DNS upstream).
import { describe, expect, it } from 'vitest';
import { corefile, gatewayHostsFile } from './addons.ts';
import { objectPath } from './apply.ts';
import { containerdConfig, kubeProxyConfig, kubeletConfig, nodeNetwork, type NodeLayout } from './node-config.ts';

const layout: NodeLayout = {
  nodeName: 'node-x',
  dir: '/tmp/consortium-node-abc',
  cgroupRoot: 'parent/consortium-node-abc',
  network: nodeNetwork(5),
};

describe('test node configuration', () => {
  it('gives each node slot its own /30 on the host side', () => {
    expect(nodeNetwork(0)).toMatchObject({ hostIp: '10.243.0.1', nodeIp: '10.243.0.2' });
    expect(nodeNetwork(5)).toMatchObject({ hostIp: '10.243.0.21', nodeIp: '10.243.0.22' });
    expect(nodeNetwork(64)).toMatchObject({ hostIp: '10.243.1.1', nodeIp: '10.243.1.2' });
    expect(nodeNetwork(16_383)).toMatchObject({ hostIp: '10.243.255.253', nodeIp: '10.243.255.254' });
  });

  it('runs the kubelet on cgroup v1 with the cgroupfs driver under the node cgroup', () => {
    const config = JSON.parse(kubeletConfig(layout, '/ca.crt')) as Record<string, unknown>;
    expect(config).toMatchObject({
      failCgroupV1: false,
      cgroupDriver: 'cgroupfs',
      cgroupRoot: '/parent/consortium-node-abc',
      clusterDNS: ['10.0.0.10'],
      containerRuntimeEndpoint: 'unix:///tmp/consortium-node-abc/containerd/containerd.sock',
    });
  });

  it('keeps kube-proxy away from machine-wide conntrack settings', () => {
    const config = JSON.parse(kubeProxyConfig(layout, '/k')) as { conntrack: Record<string, unknown>; mode: string };
    expect(config.mode).toBe('iptables');
    expect(config.conntrack).toMatchObject({ maxPerCore: 0, min: 0 });
  });

  it('keeps containerd state, netns mounts and runc state inside the node directory', () => {
    const toml = containerdConfig(layout, { runc: '/r/runc', cniBinDir: '/cni', pauseImage: 'localhost/p:1' });
    expect(toml).toContain('root = "/tmp/consortium-node-abc/containerd/root"');
    expect(toml).toContain('netns_mounts_under_state_dir = true');
    expect(toml).toContain('Root = "/tmp/consortium-node-abc/runc"');
    expect(toml).toContain('sandbox = "localhost/p:1"');
  });

  it('answers gateway names and zones with the gateway address and forwards nothing', () => {
    const text = corefile({ network: layout.network, gatewayZones: ['members.test'] });
    expect(text).toContain('template IN A members.test');
    expect(text).toContain(`A ${layout.network.gatewayServiceIp}`);
    expect(text).not.toContain('forward');
    expect(gatewayHostsFile(layout.network, ['a.test', 'b.test'])).toBe('10.0.0.20 a.test b.test\n');
  });

  it('maps objects to their API paths', () => {
    expect(objectPath({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'n' } })).toBe(
      '/api/v1/namespaces/n/pods/p',
    );
    expect(objectPath({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', metadata: { name: 'gp3' } })).toBe(
      '/apis/storage.k8s.io/v1/storageclasses/gp3',
    );
    expect(() => objectPath({ apiVersion: 'v1', kind: 'Nope', metadata: { name: 'x' } })).toThrow(/unknown kind Nope/);
  });
});
