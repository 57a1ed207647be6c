// The domain model: what the repository says, normalized (defaults filled in), readonly, with the
// source position of every value kept in `source`. Loaded by load-repository.ts from files that
// have already passed their JSON Schema; semantic rules (tools/src/rules) run on this.
import type { Source } from './source.ts';

export type FabricRole = 'admin' | 'member' | 'client' | 'peer' | 'orderer';

/** Kinds of semantic change a pull request can make (governance). */
export type ChangeKind =
  | 'org.add'
  | 'org.update'
  | 'org.admins.update'
  | 'org.remove'
  | 'channel.create'
  | 'channel.member.add'
  | 'channel.member.remove'
  | 'channel.policy.update'
  | 'chaincode.define'
  | 'chaincode.upgrade'
  | 'chaincode.install'
  | 'chaincode.remove'
  | 'ordering.update'
  | 'governance.update'
  | 'toolkit.update'
  | 'docs.update';

export interface FabricImages {
  readonly peer: string;
  readonly orderer: string;
  readonly ca: string;
  readonly tools: string;
  readonly couchdb: string;
}

export interface Consenter {
  /** Org id of the member that runs this orderer. */
  readonly org: string;
  /** Name of one of that org's `orderers`. */
  readonly orderer: string;
}

export interface BatchSettings {
  /** Go duration, e.g. "2s". */
  readonly timeout: string;
  readonly maxMessageCount: number;
  /** Byte sizes as Fabric writes them, e.g. "99 MB", "512 KB". */
  readonly absoluteMaxBytes: string;
  readonly preferredMaxBytes: string;
}

export interface OrderingService {
  readonly type: 'etcdraft';
  readonly consenters: readonly Consenter[];
  readonly batch: BatchSettings;
}

export interface CriticalChangeRules {
  /** Change kinds that are critical. Default: org.remove, governance.update, toolkit.update, ordering.update, org.admins.update. */
  readonly kinds: readonly ChangeKind[];
  /** Distinct admins each approving org must contribute for a critical change. Default 2. */
  readonly adminsPerOrg: number;
  /** Minimum time a pull request with a critical change must have been open. Default 24. */
  readonly minimumOpenHours: number;
}

export interface GovernanceRules {
  /**
   * Consortium-level policies over all member orgs, Fabric syntax (signature or ImplicitMeta).
   * Defaults: Admins "MAJORITY Admins", Readers "ANY Readers", Writers "ANY Writers".
   */
  readonly policies: Readonly<Record<'Admins' | 'Readers' | 'Writers', string>>;
  /** Per change kind, a policy expression overriding the default rule for that kind. */
  readonly rules: Readonly<Partial<Record<ChangeKind, string>>>;
  readonly critical: CriticalChangeRules;
  /**
   * Whether a chaincode image without an `@sha256:` digest is a validation error (true) or a
   * warning (false, the default): a tag can be moved to other code after the members approved it.
   */
  readonly requireChaincodeImageDigest: boolean;
}

export interface Consortium {
  readonly name: string;
  readonly displayName: string;
  readonly fabric: { readonly version: string; readonly images: FabricImages };
  readonly ordering: OrderingService;
  readonly governance: GovernanceRules;
  readonly source: Source;
}

export interface OrgAdmin {
  readonly github: string;
  /** Numeric GitHub user id: the identity governance trusts (logins can be renamed and reused). */
  readonly githubId: number;
}

export interface OrgMsp {
  /** Repository-relative paths of PEM files (resolved from org.yaml's paths, which are relative to it). */
  readonly caCert: string;
  readonly tlsCaCert: string;
  readonly adminCerts: readonly string[];
}

export interface OrgCluster {
  readonly name: string;
  readonly namespace: string;
  readonly storageClass: string;
  readonly ingress: OrgIngress;
  /** The member's overrides of the default requests and memory limits, per kind of workload. */
  readonly resources?: WorkloadResourceOverrides;
}

export type WorkloadKind = 'peer' | 'orderer' | 'ca' | 'couchdb' | 'chaincode' | 'job';

export interface WorkloadResources {
  /** CPU request (CPU is never limited). */
  readonly cpu?: string;
  readonly memory?: string;
  readonly memoryLimit?: string;
}

export type WorkloadResourceOverrides = Readonly<Partial<Record<WorkloadKind, WorkloadResources>>>;

/** How other members reach the org's nodes: TLS passthrough on 443, routed by SNI. */
export type IngressKind = 'gateway' | 'ingress-nginx';

export interface OrgIngress {
  readonly kind: IngressKind;
  /** GatewayClass (gateway) or IngressClass (ingress-nginx). */
  readonly className: string;
  readonly domain: string;
  /** Namespace of the pods that accept the connections, admitted by the NetworkPolicies. */
  readonly controllerNamespace: string;
}

export interface Peer {
  readonly name: string;
  readonly stateDb: 'couchdb' | 'leveldb';
  /** Kubernetes quantity for the ledger volume, e.g. "50Gi". */
  readonly storage: string;
}

export interface Orderer {
  readonly name: string;
  readonly storage: string;
  /** Repository-relative path of its public TLS certificate (etcdraft consenter identity); undefined until committed. */
  readonly tlsCert?: string | undefined;
}

export interface Organization {
  /** DNS-1123 label, equal to its folder name under orgs/. */
  readonly id: string;
  readonly mspId: string;
  readonly displayName: string;
  readonly region: string;
  /** The org's DNS domain, e.g. "acme-manufacturing.example". */
  readonly domain: string;
  readonly admins: readonly OrgAdmin[];
  readonly msp: OrgMsp;
  readonly cluster: OrgCluster;
  /** CIDRs the org's traffic to other members comes from; empty when not declared. */
  readonly network: { readonly egressCidrs: readonly string[] };
  readonly peers: readonly Peer[];
  readonly orderers: readonly Orderer[];
  readonly ca: { readonly storage: string };
  readonly source: Source;
}

export interface ChannelPolicies {
  readonly Readers: string;
  readonly Writers: string;
  readonly Admins: string;
  readonly Endorsement: string;
  readonly LifecycleEndorsement: string;
}

export interface AnchorPeer {
  readonly org: string;
  readonly peer: string;
}

export interface ChannelCapabilities {
  readonly channel: string;
  readonly orderer: string;
  readonly application: string;
}

export interface PrivateDataCollection {
  readonly name: string;
  readonly policy: string;
  readonly requiredPeerCount: number;
  readonly maxPeerCount: number;
  readonly blockToLive: number;
  readonly memberOnlyRead: boolean;
  readonly memberOnlyWrite: boolean;
}

export interface ChaincodeInit {
  readonly function: string;
  readonly args: readonly string[];
}

/** The version committed before an upgrade, whose server runs beside the new one until the commit. */
export interface ChaincodePrevious {
  readonly version: string;
  readonly image: string;
}

export interface Chaincode {
  readonly name: string;
  /** Name of the channel it is defined on (its folder). */
  readonly channel: string;
  readonly version: string;
  readonly sequence: number;
  /** Container image of the chaincode-as-a-service server. */
  readonly image: string;
  /** Undefined: the channel's Endorsement policy applies (Fabric's default). */
  readonly endorsementPolicy: string | undefined;
  readonly initRequired: boolean;
  /** The Init call made once after commit; required when initRequired (rule chaincode-init). */
  readonly init?: ChaincodeInit | undefined;
  /** During an upgrade: the committed version, still served (rule chaincode-previous). */
  readonly previous?: ChaincodePrevious | undefined;
  readonly collections: readonly PrivateDataCollection[];
  /** Org ids whose peers run this chaincode. */
  readonly installedOn: readonly string[];
  /**
   * The chaincode's META-INF folder (repository-relative) and the CouchDB index files under its
   * statedb/couchdb/, which the install package carries (as META-INF/statedb/couchdb/...).
   */
  readonly metaInf?: ChaincodeMetaInf | undefined;
  readonly source: Source;
}

export interface ChaincodeMetaInf {
  readonly dir: string;
  /** Sorted by path; `path` is the file's path inside the package, `file` in the repository. */
  readonly files: readonly { readonly path: string; readonly file: string; readonly text: string }[];
}

export interface Channel {
  readonly name: string;
  /** Org ids, in file order. */
  readonly members: readonly string[];
  readonly policies: ChannelPolicies;
  readonly anchorPeers: readonly AnchorPeer[];
  readonly capabilities: ChannelCapabilities;
  /** Sorted by name. */
  readonly chaincodes: readonly Chaincode[];
  readonly source: Source;
}

/** A file of the repository as the loader saw it (every file, for repository-wide rules). */
export interface RepoFile {
  /** Repository-relative path, forward slashes. */
  readonly path: string;
  readonly size: number;
  /** UTF-8 text, or undefined for binary / unreadable / oversized files. */
  readonly text: string | undefined;
  /** The bytes of a channel's ledger file (genesis.block, update.pb, *.sig); absent for other files. */
  readonly bytes?: Uint8Array;
}

export interface ConsortiumModel {
  /** Undefined when consortium/consortium.yaml is missing or invalid (a diagnostic says why). */
  readonly consortium: Consortium | undefined;
  /** Sorted by id. */
  readonly orgs: readonly Organization[];
  /** Sorted by name. */
  readonly channels: readonly Channel[];
  /** Every file read, sorted by path. */
  readonly files: readonly RepoFile[];
  /**
   * Documents present in the repository but left out of the model because they have errors (the
   * loader's diagnostics say why), sorted by file. Lets a reference rule stay quiet about, say, a
   * channel member whose org.yaml exists but does not validate. Absent in hand-built models.
   */
  readonly rejected?: readonly RejectedDocument[];
  /**
   * Present when only what some members render was loaded (load-member-scope.ts): the model then
   * holds those members and what their manifests reference, nothing else, and renders only them.
   */
  readonly scope?: MemberScope;
}

/** What a member-scoped load reads (member-scope.ts decides). Every list is sorted. */
export interface MemberScope {
  /** The members to render. */
  readonly members: readonly string[];
  /** Orgs whose folder is read in full (org.yaml and its public certificates). */
  readonly fullOrgs: readonly string[];
  /** Orgs of which only org.yaml is read (their egress ranges). */
  readonly rangeOrgs: readonly string[];
  /** Channels read with their chaincodes. */
  readonly memberChannels: readonly string[];
  /** Other channels of which channel.yaml and the ledger files are read. */
  readonly otherChannels: readonly string[];
  /** Folders of chaincode metaInf files read (`<dir>/`). */
  readonly metaInfDirs: readonly string[];
}

export interface RejectedDocument {
  readonly kind: 'Consortium' | 'Organization' | 'Channel' | 'Chaincode';
  /** What other files call it: the org id or channel name (its folder), or `<channel>/<chaincode>`. */
  readonly name: string;
  readonly file: string;
}
