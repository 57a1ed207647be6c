import type { Channel, Chaincode, ConsortiumModel, Organization } from '../model/types.ts';
import type { ClassifiedChange } from './types.ts';
import { canonicalJson, fingerprintOf } from './fingerprint.ts';

/**
 * The semantic change set between two models: what a pull request changes in the consortium,
 * independent of how the YAML is laid out. Objects are matched by identity (org id, channel
 * name, chaincode name), never by file history, so deleting and re-adding a directory is judged
 * by what differs, and a renamed MSP id is a removal plus an addition.
 */
export function classifyModelChanges(base: ConsortiumModel, head: ConsortiumModel): ClassifiedChange[] {
  const changes: ClassifiedChange[] = [];
  changes.push(...classifyConsortium(base, head));
  changes.push(...classifyConsenterCertificates(base, head));
  changes.push(...classifyOrgs(base, head));
  changes.push(...classifyChannels(base, head));
  return changes;
}

function classifyConsortium(base: ConsortiumModel, head: ConsortiumModel): ClassifiedChange[] {
  const b = base.consortium;
  const h = head.consortium;
  if (b === undefined || h === undefined) return []; // reported as an error by the caller
  const changes: ClassifiedChange[] = [];
  if (differs(b.governance, h.governance)) {
    changes.push(change('governance.update', 'consortium/governance', 'changes the governance rules', h.governance));
  }
  if (differs(b.ordering, h.ordering)) {
    changes.push(change('ordering.update', 'consortium/ordering', 'changes the ordering service', h.ordering));
  }
  if (differs(b.fabric, h.fabric)) {
    // The Fabric release every member runs: like the toolkit, it decides what executes everywhere.
    changes.push(
      change('toolkit.update', 'consortium/fabric', `changes the Fabric release to ${h.fabric.version}`, h.fabric),
    );
  }
  if (b.name !== h.name || b.displayName !== h.displayName) {
    changes.push(
      change('governance.update', 'consortium/definition', 'changes the consortium name', [h.name, h.displayName]),
    );
  }
  return changes;
}

/**
 * An etcdraft consenter is identified by its TLS certificate in every channel's configuration:
 * replacing (or first committing) it changes the consenter set, which Fabric leaves to the
 * ordering service's admins. So beside the org's own `org.update`, it is an `ordering.update`
 * (subject `ordering/<org>/<orderer>`, outside `consortium/` so it never covers an edit of
 * consortium.yaml). Consenters added or removed are already part of `consortium/ordering`.
 */
function classifyConsenterCertificates(base: ConsortiumModel, head: ConsortiumModel): ClassifiedChange[] {
  const b = base.consortium;
  const h = head.consortium;
  if (b === undefined || h === undefined) return [];
  const key = (c: { org: string; orderer: string }) => `${c.org}/${c.orderer}`;
  const atBase = new Set(b.ordering.consenters.map(key));
  const changes: ClassifiedChange[] = [];
  for (const id of [...new Set(h.ordering.consenters.map(key))].sort()) {
    if (!atBase.has(id)) continue;
    const before = consenterCertificateText(base, id);
    const after = consenterCertificateText(head, id);
    if (before === after) continue;
    const what =
      after === null
        ? 'removes the TLS certificate of'
        : before === null
          ? 'sets the TLS certificate of'
          : 'replaces the TLS certificate of';
    changes.push(
      change('ordering.update', `ordering/${id}`, `${what} consenter ${id}`, { consenter: id, certificate: after }),
    );
  }
  return changes;
}

function consenterCertificateText(model: ConsortiumModel, id: string): string | null {
  const [orgId, name] = id.split('/');
  const path = model.orgs.find((o) => o.id === orgId)?.orderers.find((o) => o.name === name)?.tlsCert;
  if (path === undefined) return null;
  return model.files.find((f) => f.path === path)?.text ?? null;
}

function classifyOrgs(base: ConsortiumModel, head: ConsortiumModel): ClassifiedChange[] {
  const changes: ClassifiedChange[] = [];
  const baseOrgs = new Map(base.orgs.map((o) => [o.id, o]));
  const headOrgs = new Map(head.orgs.map((o) => [o.id, o]));
  const withCerts = (org: Organization, model: ConsortiumModel) => ({ org, certs: certificateTexts(org, model) });
  for (const id of sortedUnion(baseOrgs.keys(), headOrgs.keys())) {
    const b = baseOrgs.get(id);
    const h = headOrgs.get(id);
    if (b !== undefined && h !== undefined && b.mspId !== h.mspId) {
      changes.push(
        change('org.remove', id, `removes ${b.mspId} (its MSP id changes to ${h.mspId})`, withCerts(b, base)),
      );
      changes.push(change('org.add', id, `adds ${h.mspId} (MSP id changed from ${b.mspId})`, withCerts(h, head)));
      continue;
    }
    if (b === undefined && h !== undefined) {
      changes.push(change('org.add', id, `adds ${h.mspId} (${h.displayName}) to the consortium`, withCerts(h, head)));
    } else if (b !== undefined && h === undefined) {
      changes.push(
        change('org.remove', id, `removes ${b.mspId} (${b.displayName}) from the consortium`, withCerts(b, base)),
      );
    } else if (b !== undefined && h !== undefined) {
      const adminsOf = (o: Organization) => [...o.admins].sort((x, y) => x.githubId - y.githubId);
      if (differs(adminsOf(b), adminsOf(h))) {
        const added = h.admins.filter((a) => !b.admins.some((x) => x.githubId === a.githubId)).map((a) => a.github);
        const removed = b.admins.filter((a) => !h.admins.some((x) => x.githubId === a.githubId)).map((a) => a.github);
        const parts = [
          added.length ? `adds ${added.join(', ')}` : '',
          removed.length ? `removes ${removed.join(', ')}` : '',
        ]
          .filter(Boolean)
          .join('; ');
        changes.push(
          change('org.admins.update', id, `changes the admins of ${b.mspId}${parts ? `: ${parts}` : ''}`, adminsOf(h)),
        );
      }
      const rest = (o: Organization, model: ConsortiumModel) => ({
        ...o,
        admins: undefined,
        certs: certificateTexts(o, model),
      });
      if (differs(rest(b, base), rest(h, head))) {
        changes.push(
          change('org.update', id, `updates ${b.mspId} (${describeOrgFields(b, h, base, head)})`, rest(h, head)),
        );
      }
    }
  }
  return changes;
}

function describeOrgFields(b: Organization, h: Organization, base: ConsortiumModel, head: ConsortiumModel): string {
  const fields: string[] = [];
  for (const key of [
    'displayName',
    'region',
    'domain',
    'msp',
    'cluster',
    'network',
    'peers',
    'orderers',
    'ca',
  ] as const) {
    if (differs(b[key], h[key])) fields.push(key);
  }
  if (!fields.includes('msp') && differs(certificateTexts(b, base), certificateTexts(h, head)))
    fields.push('certificates');
  return fields.join(', ') || 'details';
}

function certificateTexts(org: Organization, model: ConsortiumModel): Record<string, string | null> {
  const texts: Record<string, string | null> = {};
  const orderers = org.orderers.flatMap((o) => (o.tlsCert === undefined ? [] : [o.tlsCert]));
  for (const path of [org.msp.caCert, org.msp.tlsCaCert, ...org.msp.adminCerts, ...orderers]) {
    texts[path] = model.files.find((f) => f.path === path)?.text ?? null;
  }
  return texts;
}

function classifyChannels(base: ConsortiumModel, head: ConsortiumModel): ClassifiedChange[] {
  const changes: ClassifiedChange[] = [];
  const baseChannels = new Map(base.channels.map((c) => [c.name, c]));
  const headChannels = new Map(head.channels.map((c) => [c.name, c]));
  const config = (c: Channel) => ({ policies: c.policies, anchorPeers: c.anchorPeers, capabilities: c.capabilities });
  for (const name of sortedUnion(baseChannels.keys(), headChannels.keys())) {
    const b = baseChannels.get(name);
    const h = headChannels.get(name);
    if (b === undefined && h !== undefined) {
      const summary = `creates channel ${name} with ${h.members.join(', ') || 'no members'}`;
      changes.push({ ...change('channel.create', name, summary, { ...h, chaincodes: undefined }), channel: name });
      changes.push(...classifyChaincodes(name, [], h.chaincodes));
    } else if (b !== undefined && h === undefined) {
      changes.push({
        ...change(
          'error',
          name,
          `removes channel ${name}: a Fabric channel cannot be deleted; remove its members instead`,
          b,
        ),
        channel: name,
      });
    } else if (b !== undefined && h !== undefined) {
      for (const org of h.members.filter((m) => !b.members.includes(m))) {
        changes.push({
          ...change('channel.member.add', `${name}/${org}`, `adds ${org} to channel ${name}`, { name, org }),
          channel: name,
          org,
        });
      }
      for (const org of b.members.filter((m) => !h.members.includes(m))) {
        changes.push({
          ...change('channel.member.remove', `${name}/${org}`, `removes ${org} from channel ${name}`, {
            name,
            org,
            removed: true,
          }),
          channel: name,
          org,
        });
      }
      if (differs(config(b), config(h))) {
        const fields = (['policies', 'anchorPeers', 'capabilities'] as const).filter((k) => differs(b[k], h[k]));
        changes.push({
          ...change('channel.policy.update', name, `changes the ${fields.join(', ')} of channel ${name}`, config(h)),
          channel: name,
        });
      }
      changes.push(...classifyChaincodes(name, b.chaincodes, h.chaincodes));
    }
  }
  return changes;
}

function classifyChaincodes(
  channel: string,
  base: readonly Chaincode[],
  head: readonly Chaincode[],
): ClassifiedChange[] {
  const changes: ClassifiedChange[] = [];
  const baseByName = new Map(base.map((c) => [c.name, c]));
  const headByName = new Map(head.map((c) => [c.name, c]));
  for (const name of sortedUnion(baseByName.keys(), headByName.keys())) {
    const b = baseByName.get(name);
    const h = headByName.get(name);
    const subject = `${channel}/${name}`;
    let result: ClassifiedChange | undefined;
    if (b === undefined && h !== undefined) {
      result =
        h.sequence === 1
          ? change('chaincode.define', subject, `defines chaincode ${name} ${h.version} (sequence 1) on ${channel}`, h)
          : change(
              'error',
              subject,
              `defines chaincode ${name} with sequence ${h.sequence}: a new definition starts at sequence 1`,
              h,
            );
    } else if (b !== undefined && h === undefined) {
      result = change('chaincode.remove', subject, `removes chaincode ${name} from ${channel}`, { removed: b });
    } else if (b !== undefined && h !== undefined && !differs(definitionOf(b), definitionOf(h))) {
      result = classifyInstallation(subject, b, h);
    } else if (b !== undefined && h !== undefined && h.previous !== undefined && changesIndexes(b, h)) {
      result = change(
        'error',
        subject,
        `upgrades chaincode ${name} on ${channel} with previous ${h.previous.version} and changes its META-INF indexes in the same pull request: ` +
          `render rebuilds the committed version's package from today's indexes, so its server would register under a package ID the peers never installed; change the indexes in a pull request of their own`,
        h,
      );
    } else if (b !== undefined && h !== undefined) {
      result =
        h.sequence === b.sequence + 1
          ? change(
              'chaincode.upgrade',
              subject,
              `upgrades chaincode ${name} to ${h.version} (sequence ${h.sequence}) on ${channel}`,
              h,
            )
          : change(
              'error',
              subject,
              `changes chaincode ${name} with sequence ${h.sequence}: a new definition must have sequence ${b.sequence + 1}`,
              h,
            );
    }
    if (result !== undefined) changes.push({ ...result, channel });
  }
  return changes;
}

/**
 * What Fabric's chaincode definition holds (and the package it points to): everything but where the
 * chaincode runs. `installedOn` is each org's own install and approval, not part of the definition;
 * nor is `previous`, the committed version's server kept running during an upgrade (removing it
 * once the new sequence is committed is an edit of the chaincode file, governed as such).
 */
function definitionOf(cc: Chaincode): unknown {
  return { ...cc, installedOn: undefined, previous: undefined, source: undefined };
}

/** Whether the CouchDB indexes the install package carries differ (their paths or text). */
function changesIndexes(b: Chaincode, h: Chaincode): boolean {
  const files = (cc: Chaincode) => (cc.metaInf?.files ?? []).map((f) => [f.path, f.text]);
  return differs(files(b), files(h));
}

/**
 * Orgs that start or stop running a chaincode whose definition stays as committed. An org joining a
 * running chaincode approves the committed sequence with its own package, which Fabric accepts when
 * the other parameters are unchanged (docs/render.md): no new sequence, only that org's consent.
 */
function classifyInstallation(subject: string, b: Chaincode, h: Chaincode): ClassifiedChange | undefined {
  const added = [...new Set(h.installedOn)].filter((org) => !b.installedOn.includes(org)).sort();
  const removed = [...new Set(b.installedOn)].filter((org) => !h.installedOn.includes(org)).sort();
  if (added.length === 0 && removed.length === 0) return undefined; // reordered only
  const parts = [
    added.length > 0 ? `installs chaincode ${h.name} on ${added.join(', ')}` : '',
    removed.length > 0
      ? `${added.length > 0 ? 'and removes it from' : `removes chaincode ${h.name} from`} ${removed.join(', ')}`
      : '',
  ].filter(Boolean);
  return change(
    'chaincode.install',
    subject,
    `${parts.join(' ')} at the committed sequence ${b.sequence} on ${b.channel} (definition unchanged)`,
    { installedOn: [...new Set(h.installedOn)].sort(), sequence: h.sequence },
  );
}

function change(kind: ClassifiedChange['kind'], subject: string, summary: string, content: unknown): ClassifiedChange {
  return { kind, subject, summary, fingerprint: fingerprintOf({ kind, subject, content }) };
}

function differs(a: unknown, b: unknown): boolean {
  return canonicalJson(a) !== canonicalJson(b);
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort();
}
