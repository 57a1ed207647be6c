import { afterEach, describe, expect, it } from 'vitest';
import {
  approve,
  createScenario,
  exampleTree,
  growersFiles,
  grower1,
  type Person,
  type Scenario,
} from './support/scenario.ts';

// One person is one organization's voice. A registry that lists someone under two orgs (on the base
// branch already, or through a joining org's head) must never turn that person's one review into
// two organizations' approvals.
let s: Scenario;
afterEach(() => s.remove());
const admin = (org: string, index = 0): Person => {
  const person = s.admins[org]?.[index];
  if (person === undefined) throw new Error(`example org ${org} has no admin #${index}`);
  return person;
};

/** retailer's org.yaml of the example, with `person` added as one of its admins. */
function retailerAlsoListing(person: Person): Record<string, string> {
  const path = 'orgs/retailer/org.yaml';
  const text = exampleTree()[path] ?? '';
  const edited = text.replace('admins:\n', `admins:\n  - github: ${person.login}\n    githubId: ${person.id}\n`);
  if (edited === text) throw new Error('the example retailer has no admins list');
  return { [path]: edited };
}

describe('one person, two organizations', () => {
  it('a base registry listing one GitHub id under two orgs: error, and the reason says why', async () => {
    s = createScenario();
    const shared = admin('manufacturer');
    s.pushBase(retailerAlsoListing(shared));
    const head = s.push({ 'orgs/retailer/org.yaml': (exampleTree()['orgs/retailer/org.yaml'] ?? '') + '\n' });
    const result = await s.judge({ head, reviews: approve([shared, admin('logistics')], head) });
    expect(result.verdict).toBe('error');
    expect(result.errors).toContainEqual(
      `the base registry lists GitHub id ${shared.id} (${shared.login}) as an admin of manufacturer and retailer: one person cannot approve for two organizations, so nothing is judged until the base branch lists them under one org`,
    );
    for (const change of result.changes) {
      expect(change.approvedBy.filter((a) => a.admins.includes(shared.login))).toHaveLength(0);
    }
  });

  it('a base registry listing one login (in another letter case) under two orgs: error', async () => {
    s = createScenario();
    const shared = admin('manufacturer');
    s.pushBase(retailerAlsoListing({ login: shared.login.toUpperCase(), id: 90_000_001 }));
    const head = s.push({ 'docs/operations.md': '# Ops\n' });
    const result = await s.judge({ head, reviews: approve([shared], head) });
    expect(result.verdict).toBe('error');
    expect(result.errors.join('\n')).toMatch(/lists GitHub login ".*" as an admin of manufacturer and retailer/i);
  });

  it("a joining org listing a member's admin: the head does not validate, and that review counts for no org", async () => {
    s = createScenario();
    const shared = admin('manufacturer');
    const head = s.push(await growersFiles({ admins: [shared, grower1] }));
    const result = await s.judge({ head, reviews: approve([shared, admin('logistics')], head), author: grower1 });
    expect(result.verdict).toBe('error');
    expect(result.errors.join('\n')).toMatch(
      /head does not validate: orgs\/manufacturer\/org\.yaml:\d+: GitHub id \d+ .* is already an admin of org "growers"/,
    );
    const change = result.changes.find((c) => c.kind === 'org.add');
    expect(change?.approvedBy.map((a) => a.org)).not.toContain('manufacturer');
  });
});
