import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import {
  approve,
  createScenario,
  exampleLedgerFiles,
  exampleTree,
  now,
  type Person,
  type Scenario,
} from './support/scenario.ts';

// An org that starts running a chaincode whose definition is already committed approves the
// committed definition (same sequence) with its own package: Fabric accepts that, and so must
// governance. What it needs is that org's own consent, not a new definition.
const provenance = 'channels/traceability/chaincodes/provenance.yaml';
const full = exampleTree()[provenance] ?? '';
const withoutLogistics = full.replace('  - logistics\n', '');
const committedImage = /^image: (\S+)$/m.exec(full)?.[1] ?? 'the example provenance chaincode has no image';

let s: Scenario;
afterEach(() => s.remove());
const admin = (org: string, index = 0): Person => {
  const person = s.admins[org]?.[index];
  if (person === undefined) throw new Error(`example org ${org} has no admin #${index}`);
  return person;
};

describe('joining a running chaincode', () => {
  it('adding an org to installedOn with the committed sequence is a chaincode.install that org approves', async () => {
    expect(withoutLogistics).not.toBe(full);
    s = createScenario({ [provenance]: withoutLogistics });
    const head = s.push({ [provenance]: full });
    const pending = await s.judge({ head });
    expect(pending.errors).toEqual([]);
    expect(pending.changes.map((c) => `${c.kind} ${c.subject}`)).toEqual(['chaincode.install traceability/provenance']);
    expect(pending.verdict).toBe('pending');
    expect(pending.changes[0]?.summary).toBe(
      'installs chaincode provenance on logistics at the committed sequence 1 on traceability (definition unchanged)',
    );
    expect(pending.changes[0]?.missing.join('\n')).toMatch(/StraitsFreightMSP/);
    const byOthers = await s.judge({ head, reviews: approve([admin('manufacturer'), admin('retailer')], head) });
    expect(byOthers.verdict).toBe('pending');
    const approved = await s.judge({ head, reviews: approve([admin('logistics')], head) });
    expect(approved.verdict).toBe('approved');
  });

  it('chaincode propose --installed-on keeps the sequence, previews no error and exits 0', async () => {
    s = createScenario({ [provenance]: withoutLogistics });
    s.repo.git('checkout', '--quiet', 'main');
    const run = await runCli(
      [
        'chaincode',
        'propose',
        'traceability',
        'provenance',
        '--version',
        '1.0.0',
        '--image',
        committedImage,
        '--installed-on',
        'manufacturer,logistics,retailer',
        '--repo',
        s.repo.dir,
        '--format',
        'json',
      ],
      { cwd: s.repo.dir, now },
    );
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const out = JSON.parse(run.stdout) as {
      sequence: number;
      approvals: { changes: { kind: string }[]; errors: string[] };
    };
    expect(out.sequence).toBe(1);
    expect(out.approvals.errors).toEqual([]);
    expect(out.approvals.changes.map((c) => c.kind)).toEqual(['chaincode.install']);
  });

  it('an authoring command whose approvals preview says error exits 1 and does not print "Next:"', async () => {
    // A branch that already deletes a channel (which Fabric cannot do): anything proposed on it
    // previews as an error, so the command must not tell its user to commit and push.
    const channelFiles = Object.keys({ ...exampleTree(), ...exampleLedgerFiles() }).filter((p) =>
      p.startsWith('channels/recalls/'),
    );
    s = createScenario();
    s.push(Object.fromEntries(channelFiles.map((p) => [p, null])));
    const run = await runCli(
      [
        'chaincode',
        'propose',
        'traceability',
        'provenance',
        '--version',
        '1.1.0',
        '--image',
        'ghcr.io/supply-chain-traceability/provenance-chaincode:1.1.0',
        '--repo',
        s.repo.dir,
      ],
      { cwd: s.repo.dir, now },
    );
    expect(run.stdout).toMatch(/error: removes channel recalls: a Fabric channel cannot be deleted/);
    expect(run.stdout).not.toMatch(/Next:/);
    expect(run.code).toBe(1);
  });
});
