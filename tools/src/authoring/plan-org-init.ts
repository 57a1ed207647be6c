// `org init`: a new orgs/<id>/ folder written the way the example members are — org.yaml with its
// schema line and commented sections, and the org's public certificates under msp/. The private
// keys never pass through here; org-init.ts writes them outside the repository.
import { stringify } from 'yaml';
import type { ConsortiumModel, OrgAdmin } from '../model/types.ts';
import { FindingsError, UsageError } from '../errors.ts';
import { isDnsLabel } from '../model/resource-names.ts';
import { checkMspId, checkOrgId } from './check-names.ts';
import { createFileChanges, type FileChanges } from './file-changes.ts';
import { composeNewYaml } from './model-files.ts';

export interface OrgInitSpec {
  readonly id: string;
  readonly mspId: string;
  readonly region: string;
  readonly domain: string;
  readonly displayName?: string;
  readonly admins: readonly OrgAdmin[];
  readonly clusterName?: string;
  readonly namespace?: string;
  readonly storageClass?: string;
  /** Number of peers (default 2: one keeps endorsing while the other restarts). */
  readonly peers?: number;
  /** The org's outbound (NAT) ranges, which the other members' ingress admits. */
  readonly egressCidrs?: readonly string[];
}

/** The public half of the org's PKI (tools/src/pki): certificates and the NodeOUs MSP config. */
export interface OrgPublicPki {
  readonly certificates: { readonly ca: string; readonly tlsCa: string; readonly admin: string };
  readonly nodeOusConfig: string;
}

/** Checks the command-line input against the repository before any key is generated. */
export function checkOrgInit(model: ConsortiumModel, spec: OrgInitSpec): void {
  checkOrgId(spec.id);
  checkMspId(spec.mspId);
  if (!isDnsLabel(spec.region))
    throw new UsageError(`--region "${spec.region}": lower-case letters, digits and "-", e.g. eu-central`);
  if (
    !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(spec.domain) ||
    spec.domain.length > 253
  ) {
    throw new UsageError(`--domain "${spec.domain}" is not a DNS name, e.g. acme-manufacturing.example`);
  }
  if (spec.admins.length === 0) {
    throw new UsageError(
      'at least one --admin LOGIN:GITHUB_ID is needed: the new member approves its own joining through its admins',
    );
  }
  if (model.orgs.some((o) => o.id === spec.id) || model.files.some((f) => f.path.startsWith(`orgs/${spec.id}/`))) {
    throw new FindingsError(`organization ${spec.id} already exists (orgs/${spec.id}/); choose another id`);
  }
  const sameMsp = model.orgs.find((o) => o.mspId === spec.mspId);
  if (sameMsp !== undefined) {
    throw new FindingsError(
      `MSP ID ${spec.mspId} is already used by ${sameMsp.id} (${sameMsp.source.file}); MSP IDs are unique in a consortium`,
    );
  }
}

export function planOrgInit(model: ConsortiumModel, spec: OrgInitSpec, pki: OrgPublicPki): FileChanges {
  checkOrgInit(model, spec);
  const folder = `orgs/${spec.id}`;
  const peers = Array.from({ length: spec.peers ?? 2 }, (_, i) => ({
    name: `peer${i}`,
    stateDb: 'couchdb',
    storage: '100Gi',
  }));
  const section = (value: Record<string, unknown>) => stringify(value).trimEnd();
  const body = [
    'apiVersion: consortium.gitops/v1alpha1',
    'kind: Organization',
    '',
    section({
      id: spec.id,
      mspId: spec.mspId,
      displayName: spec.displayName ?? spec.id,
      region: spec.region,
      domain: spec.domain,
    }),
    '',
    '# GitHub accounts that approve changes on behalf of this member. githubId is the numeric user id',
    '# (`gh api users/<login> --jq .id`): logins can be renamed and re-registered, ids cannot.',
    section({ admins: spec.admins.map((a) => ({ github: a.github, githubId: a.githubId })) }),
    '',
    "# Public certificates only, relative to this file. Private keys stay in the member's own vault.",
    section({ msp: { caCert: 'msp/ca.pem', tlsCaCert: 'msp/tlsca.pem', adminCerts: ['msp/admin.pem'] } }),
    '',
    '# The Kubernetes cluster this member runs its CA, peers and orderers in. Prefer a network-attached',
    '# storage class, so ledger volumes follow a pod to another node.',
    section({
      cluster: {
        name: spec.clusterName ?? spec.id,
        namespace: spec.namespace ?? `fabric-${spec.id}`,
        storageClass: spec.storageClass ?? 'standard',
        ingress: { className: 'nginx', domain: `fabric.${spec.domain}` },
      },
    }),
    '',
    ...(spec.egressCidrs === undefined || spec.egressCidrs.length === 0
      ? [
          '# No network.egressCidrs: while any member declares none, no member restricts the sources its',
          '# ingress admits. Declare the outbound (NAT) ranges here to keep everyone restricted.',
          'network: {}',
          '',
        ]
      : [
          "# Source addresses of this member's outbound traffic (NAT gateways); the other members admit",
          '# only these at their ingress.',
          section({ network: { egressCidrs: [...spec.egressCidrs] } }),
          '',
        ]),
    section({ peers }),
    '',
    '# Orderers this member contributes to the ordering service (list them as consenters in',
    '# consortium/consortium.yaml through an ordering.update pull request).',
    'orderers: []',
    '',
    section({ ca: { storage: '2Gi' } }),
    '',
  ].join('\n');
  const orgYaml = composeNewYaml({
    schema: '../../schemas/organization.schema.json',
    comment: [
      `A member organization. The folder name (orgs/${spec.id}) is the org id used everywhere else in`,
      'this repository: channel members, consenters, chaincode installedOn.',
    ],
    body,
  });
  return createFileChanges([
    [`${folder}/org.yaml`, orgYaml],
    [`${folder}/msp/ca.pem`, pki.certificates.ca],
    [`${folder}/msp/tlsca.pem`, pki.certificates.tlsCa],
    [`${folder}/msp/admin.pem`, pki.certificates.admin],
    [`${folder}/msp/config.yaml`, pki.nodeOusConfig],
  ]);
}
