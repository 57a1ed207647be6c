// The pure parts of the end-to-end test's user-cluster mode: the environment read into one checked
// value, the members' kubeconfig made from the user's, and the in-cluster DNS check's output.
import { describe, expect, it } from 'vitest';
import type { FabricImagesLookup } from '../node/fabric-images.ts';
import { membersKubeconfigFrom, type KubeconfigView } from './kubeconfig-cluster.ts';
import { parseGetentHosts } from './user-cluster-checks.ts';
import { parseUserClusterEnv } from './user-cluster-env.ts';

const built: FabricImagesLookup = {
  found: true,
  images: {
    fabricVersion: '3.1.1',
    peer: 'localhost/consortium-node/fabric-peer:3.1.1',
    orderer: 'localhost/consortium-node/fabric-orderer:3.1.1',
    tools: 'localhost/consortium-node/fabric-tools:3.1.1',
    ca: 'localhost/consortium-node/fabric-ca:1.5.21',
    provenance: 'localhost/consortium-node/provenance:0123abcd',
    notBuilt: [],
  },
};
const notBuilt: FabricImagesLookup = { found: false, reason: 'no Fabric images here' };

describe('parseUserClusterEnv', () => {
  it('takes the kubeconfig, the optional settings, and the images built here by default', () => {
    const result = parseUserClusterEnv(
      {
        CONSORTIUM_E2E_KUBECONFIG: '/home/me/.kube/config',
        CONSORTIUM_E2E_CONTEXT: 'kind-fabric',
        CONSORTIUM_E2E_GATEWAY_ADDRESS: '127.0.0.1:8443',
        CONSORTIUM_E2E_KEEP: '1',
      },
      built,
    );
    expect(result).toMatchObject({
      ok: true,
      config: {
        kubeconfig: '/home/me/.kube/config',
        context: 'kind-fabric',
        gatewayClass: undefined,
        storageClass: undefined,
        gatewayAddress: '127.0.0.1:8443',
        keep: true,
        images: { fabricVersion: '3.1.1', peer: 'localhost/consortium-node/fabric-peer:3.1.1' },
      },
    });
  });

  it('takes images by role, the Fabric version from the peer tag, and fills the rest from the built ones', () => {
    const result = parseUserClusterEnv(
      {
        CONSORTIUM_E2E_KUBECONFIG: 'k',
        CONSORTIUM_E2E_IMAGES: 'peer=hyperledger/fabric-peer:2.5.13, orderer=hyperledger/fabric-orderer:2.5.13',
      },
      built,
    );
    expect(result.ok && result.config.images).toMatchObject({
      fabricVersion: '2.5.13',
      peer: 'hyperledger/fabric-peer:2.5.13',
      orderer: 'hyperledger/fabric-orderer:2.5.13',
      tools: 'localhost/consortium-node/fabric-tools:3.1.1',
    });
  });

  it('says which variable is wrong and what it expects', () => {
    const reason = (env: NodeJS.ProcessEnv, images: FabricImagesLookup = built) => {
      const result = parseUserClusterEnv({ CONSORTIUM_E2E_KUBECONFIG: 'k', ...env }, images);
      return result.ok ? '' : result.reason;
    };
    expect(reason({ CONSORTIUM_E2E_IMAGES: 'couchdb=couchdb:3' })).toMatch(
      /CONSORTIUM_E2E_IMAGES: 'couchdb=couchdb:3' is not ROLE=REFERENCE/,
    );
    expect(reason({ CONSORTIUM_E2E_IMAGES: 'peer=hyperledger/fabric-peer' })).toMatch(/has no tag/);
    expect(reason({ CONSORTIUM_E2E_GATEWAY_ADDRESS: 'https://gw' })).toMatch(/expected ADDRESS\[:PORT\]/);
    expect(reason({}, notBuilt)).toMatch(/names no peer, orderer, tools image and none is built here/);
    expect(parseUserClusterEnv({}, built)).toEqual({ ok: false, reason: 'CONSORTIUM_E2E_KUBECONFIG is not set' });
  });
});

describe('membersKubeconfigFrom', () => {
  it("gives every member a context on the user's own cluster and user entries, exec plugin and all", () => {
    const exec = { apiVersion: 'client.authentication.k8s.io/v1', command: '/usr/bin/sso-token', args: ['token'] };
    const view: KubeconfigView = {
      clusters: [{ name: 'kind-fabric', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'sso', user: { exec } }],
      contexts: [{ name: 'kind-fabric', context: { cluster: 'kind-fabric', user: 'sso' } }],
      'current-context': 'kind-fabric',
    };
    expect(membersKubeconfigFrom(view, ['acme-prod', 'straits-prod'])).toEqual({
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      clusters: [{ name: 'kind-fabric', cluster: { server: 'https://127.0.0.1:6443' } }],
      users: [{ name: 'sso', user: { exec } }],
      contexts: [
        { name: 'acme-prod', context: { cluster: 'kind-fabric', user: 'sso' } },
        { name: 'straits-prod', context: { cluster: 'kind-fabric', user: 'sso' } },
      ],
      'current-context': 'acme-prod',
    });
    expect(() => membersKubeconfigFrom({ ...view, contexts: [] }, ['a'])).toThrow(/exactly one context/);
  });
});

describe('parseGetentHosts', () => {
  it('reads the address of each name asked for, and none for a name that did not resolve', () => {
    const out = [
      'peer0.fabric.acme.example 10.0.0.20      peer0.fabric.acme.example',
      'orderer0.fabric.acme.example -',
      'peer0.other.example 10.0.0.21 gateway.example',
    ].join('\n');
    const resolved = parseGetentHosts(out, [
      'peer0.fabric.acme.example',
      'orderer0.fabric.acme.example',
      'peer0.other.example',
    ]);
    expect([...resolved]).toEqual([
      ['peer0.fabric.acme.example', '10.0.0.20'],
      ['orderer0.fabric.acme.example', undefined],
      ['peer0.other.example', '10.0.0.21'],
    ]);
  });
});
