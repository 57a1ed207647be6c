// `npm run demo -- --keep` on its own real node, end to end, as a reader runs it: the walkthrough,
// then the network it narrates. Asserts on the ledger facts it reads back from every member's
// peer (heights, the committed definition, the block of the client's transaction, the chain),
// looks around the kept network with kubectl through the printed kubeconfig, and after Ctrl-C
// finds nothing left behind. The demo starts its own node (as a reader's run does), beside the project's.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { locateDemoNode } from '../../demo/demo-node.ts';
import { recordSkip } from '../support/requirements.ts';
import { USER_KUBECONFIG_ENV, userClusterChosen } from './e2e-cluster.ts';

const projectRoot = resolve(import.meta.dirname, '../..');
// The demo brings its own node; a run on a user's cluster (CONSORTIUM_E2E_KUBECONFIG) leaves it out.
const lookup = userClusterChosen()
  ? {
      found: false as const,
      reason: `${USER_KUBECONFIG_ENV} is set: the demo runs on its own node, not on that cluster`,
    }
  : locateDemoNode();
if (!lookup.found) recordSkip('end-to-end: npm run demo on the node', lookup.reason);

/** Lines of the narration after `heading` up to the next line that is not indented further. */
function block(out: string, heading: string): string[] {
  const lines = out.split('\n');
  const at = lines.findIndex((line) => line.includes(heading));
  if (at < 0) return [];
  const rest = lines.slice(at + 1);
  const end = rest.findIndex((line) => !line.startsWith('     '));
  return (end < 0 ? rest : rest.slice(0, end)).map((line) => line.trim());
}

describe.skipIf(!lookup.found)('npm run demo on a real node', () => {
  let demo: ChildProcess | undefined;
  // A test that times out leaves its function behind, not its process: end the demo, which
  // tears its node down, before the next file runs.
  afterEach(async () => {
    if (demo === undefined || demo.exitCode !== null || demo.signalCode !== null) return;
    const ended = new Promise((done) => demo?.once('exit', done));
    demo.kill('SIGINT');
    await Promise.race([ended, new Promise((done) => setTimeout(done, 120_000))]);
  }, 150_000);

  it('narrates the ledger of the running network, keeps it for kubectl until Ctrl-C, then removes everything', async () => {
    const started = performance.now();
    const child = spawn(process.execPath, ['--import', 'tsx', 'demo/walkthrough.ts', '--keep'], {
      cwd: projectRoot,
      env: process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    demo = child;
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString('utf8')));
    const exited = new Promise<number | string | null>((done) =>
      child.on('exit', (code, signal) => done(code ?? signal)),
    );
    const kept = await Promise.race([
      new Promise<boolean>((done) => {
        const timer = setInterval(() => {
          if (!out.includes('Press Ctrl-C to stop the network')) return;
          clearInterval(timer);
          done(true);
        }, 1_000);
        void exited.then(() => clearInterval(timer));
      }),
      exited.then(() => false),
    ]);
    expect(kept, `the demo ended before keeping the network:\n${out}\n${err}`).toBe(true);
    const walkthroughSeconds = (performance.now() - started) / 1000;

    try {
      // The kept network, through the printed kubeconfig.
      const kubeconfig = /kubeconfig: (\S+)/.exec(out)?.[1] ?? '';
      const kubectl = (...args: string[]) =>
        execFileSync('kubectl', ['--kubeconfig', kubeconfig, ...args], { encoding: 'utf8', timeout: 60_000 });
      const contexts = kubectl('config', 'get-contexts', '-o', 'name').trim().split('\n');
      expect(contexts.length).toBe(3);
      const pods = kubectl('--context', contexts[0] ?? '', 'get', 'pods', '--all-namespaces', '-o', 'name');
      for (const org of ['manufacturer', 'logistics', 'retailer']) expect(pods).toContain(`pod/peer0-${org}-0`);

      // Ledger facts, as read from every member's peer.
      const txId = /transaction ([0-9a-f]{64}) committed/.exec(out)?.[1];
      expect(txId, out).toBeDefined();
      const where = block(out, "where each member's peer has it");
      expect(where, out).toHaveLength(3);
      const blocks = where.map((line) => /: in block (\d+), VALID$/.exec(line)?.[1]);
      expect(new Set(blocks).size, where.join('\n')).toBe(1);
      const txBlock = Number(blocks[0]);
      expect(txBlock).toBeGreaterThan(0);
      for (const line of block(out, 'Block heights now:').filter((l) => l.includes('traceability')))
        expect(Number(/traceability height (\d+)/.exec(line)?.[1])).toBeGreaterThan(txBlock);
      const chain = block(out, "The traceability chain as manufacturer's peer holds it");
      expect(chain[0], chain.join('\n')).toMatch(/^block 0: CONFIG/);
      expect(chain.find((line) => line.startsWith(`block ${txBlock}: `))).toContain(
        'provenance RecordHandOver by AcmeManufacturingMSP, VALID',
      );
      expect(chain.some((line) => line.includes('_lifecycle CommitChaincodeDefinition'))).toBe(true);
      const definitions = block(out, 'The committed definitions');
      const provenance = definitions.filter((l) => l.includes('provenance on traceability'));
      expect(provenance, definitions.join('\n')).toHaveLength(3);
      for (const line of provenance) {
        expect(line).toContain('is committed at sequence 1, version 1.0.0');
        expect(line.match(/MSP yes/g)).toHaveLength(3);
      }
      expect(out.match(/its chaincode server provenance-traceability-1-0-0 is Ready/g)).toHaveLength(3);
      for (const channel of ['traceability', 'recalls'])
        expect(out).toMatch(new RegExp(`${channel}: Raft leader orderer0-\\w+ \\(Raft ID \\d\\)`));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n--- the demo's output ---\n${out.slice(-6_000)}\n${err}`);
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(out).toContain('nothing left behind');
    const memory = /The node holds (\d+) processes, (\d+) MiB resident[^\n]*/.exec(out);
    expect(memory, out).not.toBeNull();
    console.log(
      `${memory?.[0] ?? ''}\ndemo on the node: ${walkthroughSeconds.toFixed(0)} s to the kept network, ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
    );
  }, 1_800_000);
});
