// The provenance chaincode's own Go unit tests (chaincode/provenance/*_test.go), run with `go test`
// so that `npm test` covers them; listed as not run when Go is missing. Also: the image script
// builds the same docker-archive bytes twice (a tag names exactly one content).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { recordSkip } from '../support/requirements.ts';

const chaincodeDir = join(import.meta.dirname, '..', '..', 'chaincode', 'provenance');
const suite = 'provenance chaincode Go unit tests and image (test/chaincode/provenance-go.test.ts)';
const goFound = spawnSync('go', ['version'], { encoding: 'utf8' }).status === 0;
if (!goFound) recordSkip(suite, 'go not found: install Go 1.22 or newer to build and test the chaincode');

describe.skipIf(!goFound)('provenance chaincode (Go)', () => {
  const work = mkdtempSync(join(tmpdir(), 'provenance-go-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('passes its go test suite, every test named', () => {
    const result = spawnSync('go', ['test', '-mod=mod', '-p', '1', '-count=1', '-v', './...'], {
      cwd: chaincodeDir,
      encoding: 'utf8',
      env: { ...process.env, CGO_ENABLED: '0' },
    });
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    const passed = [...output.matchAll(/^--- PASS: (\w+)/gm)].map((m) => m[1]);
    expect(passed).toEqual(
      expect.arrayContaining([
        'TestRecordHandOverCreatesThenMovesCustody',
        'TestRecordHandOverRefusesAPartyThatDoesNotHoldTheShipment',
        'TestShipmentHistoryListsEveryHandOverOldestFirst',
        'TestPriceTravelsInTransientDataAndStaysPrivate',
        'TestSetPriceRefusesBadTerms',
        'TestChaincodeBuildsWithProvenanceAsTheDefaultContract',
        'TestInitLedgerRecordsTheCharterOnceAndLaterInitsConfirmIt',
        'TestInitLedgerRefusesABadCharter',
      ]),
    );
    expect(output).not.toMatch(/^--- FAIL/m);
  }, 900_000);

  it('refuses to start without the rendered CHAINCODE_ID and CHAINCODE_SERVER_ADDRESS', () => {
    const binary = execFileSync('bash', [join(chaincodeDir, 'build.sh')], { encoding: 'utf8' }).trim();
    const env = { PATH: process.env['PATH'] ?? '/usr/bin:/bin' };
    const result = spawnSync(binary, [], { encoding: 'utf8', env, timeout: 10_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('CHAINCODE_ID (the installed package ID');
  }, 900_000);

  it('builds a reproducible image holding only the server binary', () => {
    const build = (name: string) => {
      const out = join(work, name);
      execFileSync('bash', [join(chaincodeDir, 'image.sh'), out, 'localhost/test/provenance:1'], { encoding: 'utf8' });
      return out;
    };
    const [a, b] = [build('a.tar'), build('b.tar')];
    const digest = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');
    expect(digest(a)).toBe(digest(b));
    const entries = execFileSync('tar', ['-tf', a], { encoding: 'utf8' }).split('\n').filter(Boolean);
    expect(entries).toContain('manifest.json');
    const layer = entries.find((e) => e.endsWith('/layer.tar'));
    expect(layer).toBeDefined();
    const files = execFileSync('sh', ['-c', `tar -xOf "$1" "$2" | tar -t`, 'sh', a, layer ?? ''], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
    expect(files).toEqual(expect.arrayContaining(['./provenance', './tmp/']));
    const manifest = JSON.parse(execFileSync('tar', ['-xOf', a, 'manifest.json'], { encoding: 'utf8' })) as {
      RepoTags: string[];
    }[];
    expect(manifest[0]?.RepoTags).toEqual(['localhost/test/provenance:1']);
  }, 900_000);
});
