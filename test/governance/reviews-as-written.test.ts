import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.ts';
import { approve, createScenario, now, review, stranger, type Person, type Scenario } from './support/scenario.ts';

// Reviews as people write them in a reviews file (or as an API may one day return them): another
// letter case, an unknown state, a short commit id, an author nobody knows, the README's
// placeholder copied literally. None of it may be dropped in silence or counted by accident.
let s: Scenario;
afterEach(() => s.remove());
const admin = (org: string, index = 0): Person => {
  const person = s.admins[org]?.[index];
  if (person === undefined) throw new Error(`example org ${org} has no admin #${index}`);
  return person;
};
const docsChange = () => s.push({ 'docs/operations.md': '# Operations\n\nRotate yearly.\n' });

describe('reviews as people write them', () => {
  it('a state in another letter case, or unknown, is listed in ignoredReviews with the reason', async () => {
    s = createScenario();
    const head = docsChange();
    const result = await s.judge({
      head,
      reviews: [review(admin('retailer'), 'approved', head), review(admin('logistics'), 'LGTM', head)],
    });
    expect(result.verdict).toBe('pending');
    expect(result.ignoredReviews.filter((r) => r.login !== stranger.login)).toEqual([
      {
        login: admin('retailer').login,
        reason:
          'review state "approved" is not one GitHub writes (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING; upper case): not counted',
      },
      {
        login: admin('logistics').login,
        reason:
          'review state "LGTM" is not one GitHub writes (APPROVED, CHANGES_REQUESTED, COMMENTED, DISMISSED, PENDING; upper case): not counted',
      },
    ]);
  });

  it("a review's short commit id is resolved to the commit it names", async () => {
    s = createScenario();
    const head = docsChange();
    const result = await s.judge({ head, reviews: approve([admin('retailer')], head.slice(0, 8)) });
    expect(result.ignoredReviews.map((r) => r.login)).toEqual([stranger.login]); // the author
    expect(result.verdict).toBe('approved');
  });

  it('short --base and --head are resolved', async () => {
    s = createScenario();
    const head = docsChange();
    const result = await s.judge({
      base: s.base.slice(0, 7),
      head: head.slice(0, 7),
      reviews: approve([admin('retailer')], head),
    });
    expect(result.head).toBe(head);
    expect(result.verdict).toBe('approved');
  });

  it('an --author nobody in the base registry is reported', async () => {
    s = createScenario();
    docsChange();
    const { code, stdout } = await runCli(
      ['approvals', '--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--author', 'erik-nd', '--format', 'json'],
      { cwd: s.repo.dir, now },
    );
    expect(code).toBe(1);
    const json = JSON.parse(stdout) as { ignoredReviews: { login: string; reason: string }[] };
    expect(json.ignoredReviews).toEqual([
      {
        login: 'erik-nd',
        reason:
          'the pull request author is not an admin of any member org at base (no admin has this login): authoring counts as no approval',
      },
    ]);
  });

  it("the README's placeholder <head sha> copied literally is an error that says so", async () => {
    s = createScenario();
    docsChange();
    const file = join(s.repo.dir, '..', `${s.repo.dir.split('/').pop() ?? 'x'}-reviews.json`);
    writeFileSync(
      file,
      JSON.stringify([{ id: 1, user: { login: 'a', id: 1 }, state: 'APPROVED', commit_id: '<head sha>' }]),
    );
    const fromFile = await runCli(
      ['approvals', '--repo', s.repo.dir, '--base', 'main', '--head', 'pr', '--reviews', file],
      { cwd: s.repo.dir, now },
    );
    expect(fromFile.code).toBe(2);
    expect(fromFile.stderr).toMatch(/review 0: commit_id is the placeholder "<head sha>".*git rev-parse/);
    const asHead = await runCli(['approvals', '--repo', s.repo.dir, '--base', 'main', '--head', '<head sha>'], {
      cwd: s.repo.dir,
      now,
    });
    expect(asHead.code).toBe(2);
    expect(asHead.stderr).toMatch(/--head "<head sha>" is a placeholder/);
  });
});
