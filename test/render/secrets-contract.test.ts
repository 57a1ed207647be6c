// The Secrets contract holds together: every Secret a rendered object of the example consortium
// references is either provided by `org secrets` or enrolled by the rendered Job (and then named
// by the Job's Role), the Job enrolls nothing the workloads do not mount, and the NetworkPolicies
// let the enrollment Job, and only it (with the org's labelled applications), reach the CA on 7054.
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { enrolledIdentities, enrolledSecretNames } from '../../tools/src/render/enrollment.ts';
import { providedObjects } from '../../tools/src/render/member-provided.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { loadExampleModel, objectsOf, type ParsedObject } from './support/render-fixtures.ts';

/** Names of Secrets an object references: volumes (plain and projected) and secretKeyRef. */
function referencedSecrets(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) referencedSecrets(item, into);
  else if (value !== null && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record['secretName'] === 'string') into.add(record['secretName']);
    for (const key of ['secret', 'secretKeyRef']) {
      const ref = record[key] as { name?: unknown } | undefined;
      if (typeof ref?.name === 'string') into.add(ref.name);
    }
    for (const child of Object.values(record)) referencedSecrets(child, into);
  }
  return into;
}

const material = {
  ca: { certificate: 'c', key: 'k' },
  tlsCa: { certificate: 'c', key: 'k' },
  caListener: { certificate: 'c', key: 'k' },
  registrar: { username: 'u', password: 'p' },
};

let model: ConsortiumModel;
let members: { org: string; objects: ParsedObject[] }[];
beforeAll(async () => {
  model = await loadExampleModel();
  members = renderConsortium(model).map((m) => ({ org: m.org, objects: objectsOf(m) }));
});

describe('the Secrets contract of the example consortium', () => {
  it('is covered: each referenced Secret is provided by `org secrets` or enrolled by the Job, and nothing more', () => {
    for (const { org: id, objects } of members) {
      const org = model.orgs.find((o) => o.id === id)!;
      const couchdb = Object.fromEntries(org.peers.map((p) => [p.name, { username: 'a', password: 'b' }]));
      const provided = providedObjects(org, { ...material, couchdb })
        .filter((p) => p.role === 'provided' || p.role === 'listener')
        .map((p) => p.object.metadata.name);
      const enrolled = enrolledSecretNames(org);
      const referenced = new Set<string>();
      for (const { object } of objects) referencedSecrets(object, referenced);
      expect([id, [...referenced].sort()]).toEqual([id, [...new Set([...provided, ...enrolled])].sort()]);
    }
  });

  it('pins each committed consenter TLS certificate and enrolls every other pair', () => {
    const manufacturer = model.orgs.find((o) => o.id === 'manufacturer')!;
    const files = new Map(model.files.map((f) => [f.path, f.text]));
    const identities = enrolledIdentities(manufacturer, (path) => files.get(path));
    const pinned = identities.filter((i) => i.pinned !== undefined).map((i) => i.secret);
    expect(pinned).toEqual(['orderer0-manufacturer-tls']);
    expect(identities.find((i) => i.secret === 'orderer0-manufacturer-tls')?.pinned).toMatch(/^[0-9a-f]{64}$/);
  });

  it('renews with the very pod the enrollment Job runs: the CronJob carries the same template', () => {
    for (const { org, objects } of members) {
      const template = (kind: string) => {
        const found = objects.find((o) => o.object.kind === kind && o.object.metadata.name.startsWith('fabric-enroll'));
        const spec = found?.object['spec'] as
          | {
              template?: unknown;
              schedule?: string;
              concurrencyPolicy?: string;
              jobTemplate?: { spec: { template: unknown } };
            }
          | undefined;
        return kind === 'Job' ? spec?.template : spec?.jobTemplate?.spec.template;
      };
      expect([org, template('CronJob')]).toEqual([org, template('Job')]);
      expect(template('Job')).toBeDefined();
    }
  });

  it('lets the enrollment Job reach the CA on 7054, and the CA accept it', () => {
    for (const { org, objects } of members) {
      const policy = (name: string) =>
        objects.find((o) => o.object.kind === 'NetworkPolicy' && o.object.metadata.name === name)?.object['spec'] as
          { podSelector: unknown; ingress?: unknown[]; egress?: unknown[] } | undefined;
      const job = objects.find((o) => o.object.kind === 'Job' && o.object.metadata.name.startsWith('fabric-enroll-'));
      const podLabels = (
        job?.object['spec'] as { template: { metadata: { labels: Record<string, string> } } } | undefined
      )?.template.metadata.labels;
      expect([org, podLabels?.['app.kubernetes.io/name']]).toEqual([org, 'fabric-enroll']);
      const enroll = policy('fabric-enroll');
      expect(enroll?.podSelector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'fabric-enroll' } });
      expect(enroll?.egress).toContainEqual({
        to: [{ podSelector: { matchLabels: { 'app.kubernetes.io/name': 'fabric-ca' } } }],
        ports: [{ protocol: 'TCP', port: 7054 }],
      });
      const ca = policy('fabric-ca');
      expect(ca?.ingress).toEqual([
        {
          from: [
            { podSelector: { matchLabels: { 'app.kubernetes.io/name': 'fabric-enroll' } } },
            { namespaceSelector: {}, podSelector: { matchLabels: { 'fabric.consortium/client': org } } },
          ],
          ports: [{ protocol: 'TCP', port: 7054 }],
        },
      ]);
    }
  });

  it('mounts every enrolled Secret by its keys, so a Pod waits for the enrollment Job instead of starting without them', () => {
    for (const { org: id, objects } of members) {
      const org = model.orgs.find((o) => o.id === id)!;
      const enrolled = new Set(enrolledSecretNames(org));
      const unkeyed: string[] = [];
      for (const { object } of objects) {
        const pod = (object['spec'] as { template?: { spec?: { volumes?: unknown[] } } } | undefined)?.template?.spec;
        for (const volume of (pod?.volumes ?? []) as {
          name: string;
          secret?: { secretName: string; items?: unknown[] };
          projected?: { sources: { secret?: { name: string; items?: unknown[] } }[] };
        }[]) {
          const sources = [
            ...(volume.secret ? [{ name: volume.secret.secretName, items: volume.secret.items }] : []),
            ...(volume.projected?.sources.flatMap((source) => (source.secret ? [source.secret] : [])) ?? []),
          ];
          for (const source of sources)
            if (enrolled.has(source.name) && (source.items ?? []).length === 0)
              unkeyed.push(`${object.kind}/${object.metadata.name} volume ${volume.name}`);
        }
      }
      expect([id, unkeyed]).toEqual([id, []]);
    }
  });
});
