import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { createScenario, exampleTree, growersFiles, now, type Scenario } from './support/scenario.ts';

// Every member's ingress admits only the other members' declared egress ranges while all of them
// declare some. One member without ranges (a new org, or one that drops them) silently opens every
// other member's nodes to any source: the members exposed must see it before they approve.
let s: Scenario;
afterEach(() => s.remove());

const retailerYaml = exampleTree()['orgs/retailer/org.yaml'] ?? '';
const withoutNetwork = retailerYaml.replace(/\nnetwork:\n {2}egressCidrs:\n( {4}- .*\n)+/, '\n');

describe('silent loss of protection', () => {
  it('a change that lifts a source-range restriction lists the exposed members and warns at its cause', async () => {
    expect(withoutNetwork).not.toBe(retailerYaml);
    s = createScenario();
    const head = s.push({ 'orgs/retailer/org.yaml': withoutNetwork });
    const result = await s.judge({ head });
    expect(result.exposureChanges.map(({ before: _, ...rest }) => rest)).toEqual([
      { org: 'logistics', component: 'orderer', after: null, openedBy: ['retailer'] },
      { org: 'logistics', component: 'peer', after: null, openedBy: ['retailer'] },
      { org: 'manufacturer', component: 'orderer', after: null, openedBy: ['retailer'] },
      { org: 'manufacturer', component: 'peer', after: null, openedBy: ['retailer'] },
      // A member's own nodes admit its own ranges too (its peers and applications dial them from outside).
      { org: 'retailer', component: 'orderer', after: null, openedBy: ['retailer'] },
      { org: 'retailer', component: 'peer', after: null, openedBy: ['retailer'] },
    ]);
    expect(result.exposureChanges[0]?.before).toContain('203.0.113.0/25');
    expect(result.headWarnings).toMatchObject([
      { rule: 'source-range-lifted', severity: 'warning', file: 'orgs/retailer/org.yaml' },
    ]);
    expect(result.headWarnings[0]?.message).toMatch(
      /declares no network\.egressCidrs: the ingress of logistics \(orderer, peer\), manufacturer \(orderer, peer\) and retailer \(orderer, peer\) admits any source/,
    );

    const json = await runCli(
      ['approvals', '--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--format', 'json'],
      { cwd: s.repo.dir, now },
    );
    const parsed = JSON.parse(json.stdout) as { exposureChanges: unknown[]; warnings: { rule: string }[] };
    expect(parsed.exposureChanges).toHaveLength(6);
    expect(parsed.warnings.map((w) => w.rule)).toEqual(['source-range-lifted']);
    const github = await runCli(
      ['approvals', '--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--format', 'github'],
      { cwd: s.repo.dir, now },
    );
    expect(github.stdout).toMatch(/#### Exposure changes/);
    expect(github.stdout).toMatch(
      /manufacturer: peer ingress admits any source \(was .*203\.0\.113\.0\/25.*\); opened by retailer/,
    );
  });

  it('a new member that declares its egress ranges lifts nothing', async () => {
    s = createScenario();
    const files = await growersFiles();
    const yaml = (files['orgs/growers/org.yaml'] as string).replace(
      '\npeers:',
      '\nnetwork:\n  egressCidrs:\n    - 198.18.0.0/24\n\npeers:',
    );
    const head = s.push({ ...files, 'orgs/growers/org.yaml': yaml });
    const result = await s.judge({ head });
    expect(result.exposureChanges).toEqual([]);
    expect(result.headWarnings).toEqual([]);
  });

  it('org init --egress-cidr writes network.egressCidrs (repeatable) and refuses a range that is not a CIDR', async () => {
    s = createScenario();
    s.repo.git('checkout', '--quiet', 'main');
    const keys = `${s.repo.dir}-keys`;
    const init = (...extra: string[]) =>
      runCli(
        [
          'org',
          'init',
          'growers',
          '--msp-id',
          'GreenfieldGrowersMSP',
          '--region',
          'eu-west',
          '--domain',
          'greenfield-growers.example',
          '--admin',
          'gina-greenfield:55500001',
          '--key-dir',
          keys,
          '--repo',
          s.repo.dir,
          ...extra,
        ],
        { cwd: s.repo.dir, now },
      );
    const bad = await init('--egress-cidr', '198.18.0.0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--egress-cidr "198\.18\.0\.0" is not a CIDR range/);
    const run = await init('--egress-cidr', '198.18.0.0/24', '--egress-cidr', '2001:db8::/48');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    rmSync(keys, { recursive: true, force: true });
    const written = readFileSync(`${s.repo.dir}/orgs/growers/org.yaml`, 'utf8');
    expect(written).toMatch(/\nnetwork:\n {2}egressCidrs:\n {4}- 198\.18\.0\.0\/24\n {4}- 2001:db8::\/48\n/);
  });
});
