// The one table of channel configurations the toolkit builds, shared by the unit test
// (build-channel-config.test.ts: what each case must contain) and the conformance test
// (configtxgen-conformance.test.ts: Fabric's configtxgen builds the same tree from the rendered
// configtx.yaml). Each case starts from the example consortium and changes one thing: member
// count, policies, capabilities, consenter count, batch settings, anchor peers.
import type { ConsortiumModel, Organization, RepoFile } from '../../../../tools/src/model/types.ts';
import type { Draft } from '../../../support/model-builder.ts';
import { generateOrgCertificates } from '../../../support/test-certificates.ts';
import { loadExampleModel } from '../../../render/support/render-fixtures.ts';

export interface ChannelConfigCase {
  readonly name: string;
  readonly channel: string;
  /** The model, from the example with this case's change applied. */
  readonly model: () => Promise<ConsortiumModel>;
  readonly expect: {
    /** MSP IDs of the Application group's organizations. */
    readonly applicationOrgs: readonly string[];
    /** MSP IDs of the Orderer group's organizations. */
    readonly ordererOrgs: readonly string[];
    /** Orderer organizations that are not channel members (their groups admit only orderers). */
    readonly ordererOnlyOrgs: readonly string[];
    readonly consenters: number;
    readonly batchTimeout: string;
    readonly capabilities: { readonly channel: string; readonly orderer: string; readonly application: string };
    /** Application-group policy types by name: 3 ImplicitMeta, 1 Signature. */
    readonly applicationPolicyTypes: Readonly<Record<string, number>>;
  };
}

let example: Promise<ConsortiumModel> | undefined;
const exampleModel = (): Promise<ConsortiumModel> => (example ??= loadExampleModel());

/** A writable deep copy of the example model. */
async function editExample(edit: (draft: Draft<ConsortiumModel>) => void | Promise<void>): Promise<ConsortiumModel> {
  const draft = structuredClone(await exampleModel()) as Draft<ConsortiumModel>;
  await edit(draft);
  return draft;
}

function addFile(draft: Draft<ConsortiumModel>, path: string, text: string): void {
  draft.files.push({ path, size: text.length, text } satisfies RepoFile);
  draft.files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

const org = (draft: Draft<ConsortiumModel>, id: string): Draft<Organization> => {
  const found = draft.orgs.find((o) => o.id === id);
  if (found === undefined) throw new Error(`example has no org ${id}`);
  return found;
};

/** A new organization with real certificates (and an orderer TLS certificate), not yet a member. */
async function addOrg(draft: Draft<ConsortiumModel>, id: string, mspId: string): Promise<void> {
  const certs = await generateOrgCertificates({ name: id });
  const dir = `orgs/${id}/msp`;
  addFile(draft, `${dir}/ca.pem`, certs.caCert);
  addFile(draft, `${dir}/tlsca.pem`, certs.tlsCaCert);
  addFile(draft, `${dir}/admin.pem`, certs.adminCert);
  addFile(draft, `${dir}/orderer0-tls.pem`, certs.tlsCaCert);
  const template = org(draft, 'retailer');
  draft.orgs.push({
    ...structuredClone(template),
    id,
    mspId,
    displayName: id,
    domain: `${id}.example`,
    msp: { caCert: `${dir}/ca.pem`, tlsCaCert: `${dir}/tlsca.pem`, adminCerts: [`${dir}/admin.pem`] },
    cluster: {
      ...template.cluster,
      namespace: `fabric-${id}`,
      ingress: { ...template.cluster.ingress, domain: `fabric.${id}.example` },
    },
    orderers: [{ name: 'orderer0', storage: '20Gi', tlsCert: `${dir}/orderer0-tls.pem` }],
    source: { file: `orgs/${id}/org.yaml`, positions: {} },
  });
  draft.orgs.sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** A second orderer for an org, its TLS certificate a copy of the first one's (public bytes only). */
function addOrderer(draft: Draft<ConsortiumModel>, id: string, name: string): void {
  const target = org(draft, id);
  const first = target.orderers[0];
  if (first?.tlsCert === undefined) throw new Error(`org ${id} has no orderer with a tlsCert`);
  const text = draft.files.find((f) => f.path === first.tlsCert)?.text ?? '';
  const path = `orgs/${id}/msp/${name}-tls.pem`;
  addFile(draft, path, text);
  target.orderers.push({ name, storage: first.storage, tlsCert: path });
}

const IMPLICIT = 3;
const SIGNATURE = 1;
const defaultPolicyTypes = {
  Readers: IMPLICIT,
  Writers: IMPLICIT,
  Admins: IMPLICIT,
  Endorsement: IMPLICIT,
  LifecycleEndorsement: IMPLICIT,
};
const defaultCapabilities = { channel: 'V2_0', orderer: 'V2_0', application: 'V2_5' };
const ACME = 'AcmeManufacturingMSP';
const STRAITS = 'StraitsFreightMSP';
const HARBORVIEW = 'HarborviewRetailMSP';
const allThree = [ACME, HARBORVIEW, STRAITS];

export const channelConfigCases: readonly ChannelConfigCase[] = [
  {
    name: 'example traceability: three members, three consenters',
    channel: 'traceability',
    model: exampleModel,
    expect: {
      applicationOrgs: allThree,
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'example recalls: two members, the third org only orders',
    channel: 'recalls',
    model: exampleModel,
    expect: {
      applicationOrgs: [ACME, HARBORVIEW],
      ordererOrgs: allThree,
      ordererOnlyOrgs: [STRAITS],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'four members: a new org joins traceability without ordering',
    channel: 'traceability',
    model: () =>
      editExample(async (draft) => {
        await addOrg(draft, 'wholesaler', 'PacificWholesaleMSP');
        const channel = draft.channels.find((c) => c.name === 'traceability');
        channel?.members.push('wholesaler');
        channel?.anchorPeers.push({ org: 'wholesaler', peer: 'peer0' });
      }),
    expect: {
      applicationOrgs: [ACME, HARBORVIEW, 'PacificWholesaleMSP', STRAITS],
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'one member: two orgs only order the channel',
    channel: 'recalls',
    model: () =>
      editExample((draft) => {
        const channel = draft.channels.find((c) => c.name === 'recalls');
        if (channel === undefined) return;
        channel.members = ['manufacturer'];
        channel.anchorPeers = channel.anchorPeers.filter((a) => a.org === 'manufacturer');
      }),
    expect: {
      applicationOrgs: [ACME],
      ordererOrgs: allThree,
      ordererOnlyOrgs: [HARBORVIEW, STRAITS],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'signature policies for channel administration and endorsement',
    channel: 'recalls',
    model: () =>
      editExample((draft) => {
        const channel = draft.channels.find((c) => c.name === 'recalls');
        if (channel === undefined) return;
        channel.policies = {
          Readers: 'ANY Readers',
          Writers: `OR('${ACME}.client', '${HARBORVIEW}.member')`,
          Admins: `AND('${ACME}.admin', '${HARBORVIEW}.admin')`,
          Endorsement: `OutOf(1, '${ACME}.peer', OR('${HARBORVIEW}.peer', '${HARBORVIEW}.admin'))`,
          LifecycleEndorsement: 'ALL Endorsement',
        };
      }),
    expect: {
      applicationOrgs: [ACME, HARBORVIEW],
      ordererOrgs: allThree,
      ordererOnlyOrgs: [STRAITS],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: { ...defaultPolicyTypes, Writers: SIGNATURE, Admins: SIGNATURE, Endorsement: SIGNATURE },
    },
  },
  {
    name: 'capabilities: channel V3_0, application V2_0',
    channel: 'traceability',
    model: () =>
      editExample((draft) => {
        const channel = draft.channels.find((c) => c.name === 'traceability');
        if (channel !== undefined) channel.capabilities = { channel: 'V3_0', orderer: 'V2_0', application: 'V2_0' };
      }),
    expect: {
      applicationOrgs: allThree,
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: { channel: 'V3_0', orderer: 'V2_0', application: 'V2_0' },
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'one consenter: only the manufacturer orders',
    channel: 'recalls',
    model: () =>
      editExample((draft) => {
        if (draft.consortium !== undefined)
          draft.consortium.ordering.consenters = [{ org: 'manufacturer', orderer: 'orderer0' }];
      }),
    expect: {
      applicationOrgs: [ACME, HARBORVIEW],
      ordererOrgs: [ACME],
      ordererOnlyOrgs: [],
      consenters: 1,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'five consenters: two orgs run two orderers each',
    channel: 'recalls',
    model: () =>
      editExample((draft) => {
        addOrderer(draft, 'manufacturer', 'orderer1');
        addOrderer(draft, 'logistics', 'orderer1');
        draft.consortium?.ordering.consenters.push(
          { org: 'manufacturer', orderer: 'orderer1' },
          { org: 'logistics', orderer: 'orderer1' },
        );
      }),
    expect: {
      applicationOrgs: [ACME, HARBORVIEW],
      ordererOrgs: allThree,
      ordererOnlyOrgs: [STRAITS],
      consenters: 5,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'batch settings: 90s timeout, small blocks',
    channel: 'traceability',
    model: () =>
      editExample((draft) => {
        if (draft.consortium === undefined) return;
        draft.consortium.ordering.batch = {
          timeout: '90s',
          maxMessageCount: 10,
          absoluteMaxBytes: '512 KB',
          preferredMaxBytes: '128 KB',
        };
      }),
    expect: {
      applicationOrgs: allThree,
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '1m30s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'batch settings: sizes as plain byte counts',
    channel: 'traceability',
    model: () =>
      editExample((draft) => {
        if (draft.consortium === undefined) return;
        draft.consortium.ordering.batch = {
          timeout: '2s',
          maxMessageCount: 500,
          absoluteMaxBytes: '1048576 B',
          preferredMaxBytes: '65536B',
        };
      }),
    expect: {
      applicationOrgs: allThree,
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
  {
    name: 'anchor peers: two for one org, none for another',
    channel: 'traceability',
    model: () =>
      editExample((draft) => {
        const channel = draft.channels.find((c) => c.name === 'traceability');
        if (channel === undefined) return;
        channel.anchorPeers = [
          { org: 'manufacturer', peer: 'peer1' },
          { org: 'manufacturer', peer: 'peer0' },
          { org: 'logistics', peer: 'peer0' },
        ];
      }),
    expect: {
      applicationOrgs: allThree,
      ordererOrgs: allThree,
      ordererOnlyOrgs: [],
      consenters: 3,
      batchTimeout: '2s',
      capabilities: defaultCapabilities,
      applicationPolicyTypes: defaultPolicyTypes,
    },
  },
];
