// The documents as they are once their JSON Schema has accepted them and filled in its defaults
// (schemas/*.schema.json). The domain types in types.ts are built from these; nothing else should
// depend on this file.
import type { ChangeKind, WorkloadResourceOverrides } from './types.ts';

interface RawHeader {
  readonly apiVersion: 'consortium.gitops/v1alpha1';
}

export interface RawConsortium extends RawHeader {
  readonly kind: 'Consortium';
  readonly name: string;
  readonly displayName: string;
  readonly fabric: {
    readonly version: string;
    readonly images: {
      readonly peer: string;
      readonly orderer: string;
      readonly ca: string;
      readonly tools: string;
      readonly couchdb: string;
    };
  };
  readonly ordering: {
    readonly type: 'etcdraft';
    readonly consenters: readonly { readonly org: string; readonly orderer: string }[];
    readonly batch: {
      readonly timeout: string;
      readonly maxMessageCount: number;
      readonly absoluteMaxBytes: string;
      readonly preferredMaxBytes: string;
    };
  };
  readonly governance: {
    readonly policies: { readonly Admins: string; readonly Readers: string; readonly Writers: string };
    readonly rules: Readonly<Partial<Record<ChangeKind, string>>>;
    readonly critical: {
      readonly kinds: readonly ChangeKind[];
      readonly adminsPerOrg: number;
      readonly minimumOpenHours: number;
    };
    readonly requireChaincodeImageDigest: boolean;
  };
}

export interface RawOrganization extends RawHeader {
  readonly kind: 'Organization';
  readonly id: string;
  readonly mspId: string;
  readonly displayName: string;
  readonly region: string;
  readonly domain: string;
  readonly admins: readonly { readonly github: string; readonly githubId: number }[];
  readonly msp: { readonly caCert: string; readonly tlsCaCert: string; readonly adminCerts: readonly string[] };
  readonly cluster: {
    readonly name: string;
    readonly namespace: string;
    readonly storageClass: string;
    readonly resources?: WorkloadResourceOverrides;
    readonly ingress: {
      readonly kind: 'gateway' | 'ingress-nginx';
      readonly className?: string;
      readonly domain: string;
      readonly controllerNamespace?: string;
    };
  };
  readonly network: { readonly egressCidrs: readonly string[] };
  readonly peers: readonly {
    readonly name: string;
    readonly stateDb: 'couchdb' | 'leveldb';
    readonly storage: string;
  }[];
  readonly orderers: readonly { readonly name: string; readonly storage: string; readonly tlsCert?: string }[];
  readonly ca: { readonly storage: string };
}

export interface RawChannel extends RawHeader {
  readonly kind: 'Channel';
  readonly name: string;
  readonly members: readonly string[];
  readonly policies: {
    readonly Readers: string;
    readonly Writers: string;
    readonly Admins: string;
    readonly Endorsement: string;
    readonly LifecycleEndorsement: string;
  };
  readonly anchorPeers: readonly { readonly org: string; readonly peer: string }[];
  readonly capabilities: { readonly channel: string; readonly orderer: string; readonly application: string };
}

export interface RawChaincode extends RawHeader {
  readonly kind: 'Chaincode';
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly image: string;
  readonly endorsementPolicy?: string;
  readonly initRequired: boolean;
  readonly init?: { readonly function: string; readonly args?: readonly string[] };
  readonly previous?: { readonly version: string; readonly image: string };
  readonly collections: readonly {
    readonly name: string;
    readonly policy: string;
    readonly requiredPeerCount: number;
    readonly maxPeerCount: number;
    readonly blockToLive: number;
    readonly memberOnlyRead: boolean;
    readonly memberOnlyWrite: boolean;
  }[];
  readonly installedOn: readonly string[];
  readonly metaInf?: string;
}
