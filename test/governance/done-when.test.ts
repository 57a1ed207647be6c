import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { approve, createScenario, growersFiles, grower1, stranger, type Scenario } from './support/scenario.ts';

describe('adding a fourth org to the example consortium', () => {
  let s: Scenario;
  let head: string;
  beforeAll(async () => {
    s = createScenario();
    head = s.push(await growersFiles());
  });
  afterAll(() => s.remove());

  it('is pending with "needs 1 more of" after one current member approved', async () => {
    const [acme] = s.admins['manufacturer'] ?? [];
    const result = await s.judge({ head, reviews: approve([acme!], head), author: grower1 });
    expect(result.verdict).toBe('pending');
    expect(result.changes.map((c) => [c.kind, c.subject])).toEqual([['org.add', 'growers']]);
    expect(result.changes[0]?.missing).toEqual(['needs 1 more of: HarborviewRetailMSP, StraitsFreightMSP']);
    expect(result.changes[0]?.approvedBy.map((a) => a.mspId)).toEqual(['AcmeManufacturingMSP', 'GreenfieldGrowersMSP']);
  });

  it('is approved once a majority of current members and the new org approved', async () => {
    const [acme] = s.admins['manufacturer'] ?? [];
    const [retail] = s.admins['retailer'] ?? [];
    const result = await s.judge({ head, reviews: approve([acme!, retail!, grower1], head), author: stranger });
    expect(result.verdict).toBe('approved');
    expect(result.changes[0]?.satisfied).toBe(true);
  });

  it('stays pending without the new org even with every current member', async () => {
    const all = Object.values(s.admins).map((people) => people[0]!);
    const result = await s.judge({ head, reviews: approve(all, head), author: stranger });
    expect(result.verdict).toBe('pending');
    expect(result.changes[0]?.missing).toEqual([
      'needs the consent of GreenfieldGrowersMSP (an admin listed for growers)',
    ]);
  });
});
