// `npm run demo` end to end (without the cluster act): it must succeed, tell the story in the
// order the README promises, and leave nothing behind in the temporary directory.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const projectRoot = resolve(import.meta.dirname, '../..');

describe('npm run demo', () => {
  it('walks a new member, a channel and a chaincode through validation, approval, merge and render, and cleans up', () => {
    const temp = mkdtempSync(join(tmpdir(), 'demo-test-'));
    try {
      const run = spawnSync(process.execPath, ['--import', 'tsx', 'demo/walkthrough.ts', '--no-clusters'], {
        cwd: projectRoot,
        encoding: 'utf8',
        env: { PATH: process.env['PATH'] ?? '', HOME: temp, TMPDIR: temp },
        // The walkthrough makes three members' PKI and signs an update; the machine may be shared.
        timeout: 150_000,
      });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const out = run.stdout;
      const order = [
        '$ consortium org init coldchain',
        '$ consortium channel add-member traceability coldchain',
        'write update 0001 with `consortium channel update traceability`; these must sign:',
        '$ consortium channel update traceability',
        'validated',
        'verdict: pending',
        '$ consortium channel sign traceability --org manufacturer',
        'needs 1 more of',
        '$ consortium channel sign traceability --org retailer',
        '$ consortium channel verify traceability',
        'verdict: approved',
        '$ consortium render --out rendered',
        '$ consortium channel propose coldchain-telemetry',
        '$ consortium chaincode propose coldchain-telemetry temperature-log',
        'chaincode.define coldchain-telemetry/temperature-log: approved',
        'Skipped: --no-clusters.',
      ];
      let at = 0;
      for (const marker of order) {
        const found = out.indexOf(marker, at);
        expect(found, `"${marker}" after position ${at}`).toBeGreaterThanOrEqual(0);
        at = found;
      }
      expect(out).not.toContain('\x1b[');
      // tsx keeps its compile cache (tsx-<uid>) in TMPDIR; everything else must be gone.
      expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }, 180_000);

  it('removes its temporary repository when interrupted half-way', async () => {
    const temp = mkdtempSync(join(tmpdir(), 'demo-test-'));
    try {
      const child = spawn(process.execPath, ['--import', 'tsx', 'demo/walkthrough.ts', '--no-clusters'], {
        cwd: projectRoot,
        env: { PATH: process.env['PATH'] ?? '', HOME: temp, TMPDIR: temp },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let out = '';
      let sent = false;
      const exited = new Promise<number | string | null>((done) =>
        child.on('exit', (code, signal) => done(code ?? signal)),
      );
      await new Promise<void>((done) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString('utf8');
          if (!sent && out.includes('$ consortium channel add-member')) {
            sent = true;
            child.kill('SIGINT');
            done();
          }
        });
      });
      expect(await exited).toBe(130);
      expect(readdirSync(temp).filter((name) => !name.startsWith('tsx-'))).toEqual([]);
    } finally {
      rmSync(temp, { recursive: true, force: true });
    }
  }, 90_000);
});
