// The Init call of a chaincode with initRequired: rendered into every member's commit Job,
// made once after the commit, with Fabric's "already initialized" refusal counted as done. The
// script runs here in a real shell with a stand-in `peer` command that answers as Fabric's peer
// CLI does in each case; test/fabric-network/provenance.fabric.test.ts runs it on real peers.
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { builtModel, memberOf, objectsOf } from './support/render-fixtures.ts';

interface JobObject {
  readonly metadata: { readonly name: string };
  readonly spec: {
    readonly template: {
      readonly spec: {
        readonly containers: readonly {
          command?: string[];
          args?: string[];
          env?: { name: string; value?: string }[];
        }[];
      };
    };
  };
}

async function commitJob(init: boolean): Promise<{ script: string; env: Map<string, string> }> {
  const model = await builtModel((m) => {
    const cc = m.channels.find((c) => c.name === 'recalls')!.chaincodes[0]!;
    cc.initRequired = true;
    if (init) cc.init = { function: 'InitLedger', args: ['a b', "it's"] };
  });
  const objects = objectsOf(memberOf(renderConsortium(model), 'org1'));
  const job = objects.find((o) => o.object.kind === 'Job' && /^recall-notices.*-commit/.test(o.object.metadata.name))!
    .object as unknown as JobObject;
  const container = job.spec.template.spec.containers[0]!;
  const script = [...(container.command ?? []), ...(container.args ?? [])].find((part) =>
    part.includes('peer lifecycle'),
  );
  const env = new Map((container.env ?? []).map((e) => [e.name, e.value ?? '']));
  return { script: script ?? '', env };
}

describe('chaincode init', () => {
  const work = mkdtempSync(join(tmpdir(), 'consortium-init-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders the Init call with the function and arguments as Fabric peer CLI JSON', async () => {
    const { script, env } = await commitJob(true);
    expect(env.get('CC_INIT_ARGS')).toBe(JSON.stringify({ Args: ['InitLedger', 'a b', "it's"] }));
    expect(script).toContain('peer chaincode invoke');
    expect(script).toContain('--isInit -c "$CC_INIT_ARGS"');
    expect(script).toContain('is already initialized but called as init');
  });

  it('renders no Init call without init', async () => {
    const { script, env } = await commitJob(false);
    expect(script).not.toContain('--isInit');
    expect(env.has('CC_INIT_ARGS')).toBe(false);
  });

  /** Runs the commit script with a `peer` that logs its calls and answers as told. */
  function runScript(
    script: string,
    env: Map<string, string>,
    answers: { committed: boolean; init: 'ok' | 'again' | 'fail' | 'conflict'; down?: string },
  ) {
    const bin = mkdtempSync(join(work, 'bin-'));
    const log = join(bin, 'calls.log');
    const committedFlag = join(bin, 'committed');
    if (answers.committed) writeFileSync(committedFlag, '');
    writeFileSync(
      join(bin, 'peer'),
      `#!/bin/sh
echo "$*" >> "${log}"
case "$1 $2 $3" in
  "lifecycle chaincode querycommitted")
    case "$*" in
      *"--peerAddresses ${answers.down ?? 'none'}"*) echo "Error: failed to connect to ${answers.down ?? ''}" >&2; exit 1 ;;
      *--peerAddresses*) exit 0 ;;
      *) [ -f "${committedFlag}" ] || exit 1; echo '{ "sequence": '"$CC_SEQUENCE"', "version": "x" }' ;;
    esac ;;
  "lifecycle chaincode checkcommitreadiness")
    approvals=""
    for entry in $ENDORSING_PEERS; do rest=\${entry#*,}; approvals="$approvals\${approvals:+,}\\"\${rest%%,*}\\":true"; done
    echo "{\\"approvals\\":{$approvals}}" ;;
  "lifecycle chaincode commit") : > "${committedFlag}" ;;
  "chaincode invoke "*)
    case "${answers.init}" in
      ok) echo "Chaincode invoke successful. result: status:200" ;;
      again) echo "Error: endorsement failure during invoke. response: status:500 message:\\"error in simulation: failed to execute transaction: chaincode '$CC_NAME' is already initialized but called as init\\"" >&2; exit 1 ;;
      fail) echo "Error: failed to connect to orderer" >&2; exit 1 ;;
      conflict)
        if [ -f "${committedFlag}.init" ]; then
          echo "Error: endorsement failure during invoke. response: status:500 message:\\"chaincode '$CC_NAME' is already initialized but called as init\\"" >&2; exit 1
        fi
        : > "${committedFlag}.init"
        echo "Error: transaction invalidated with status (MVCC_READ_CONFLICT)" >&2; exit 1 ;;
    esac ;;
esac
exit 0
`,
    );
    chmodSync(join(bin, 'peer'), 0o755);
    const result = spawnSync('sh', ['-euc', script], {
      encoding: 'utf8',
      timeout: 20_000,
      env: {
        ...Object.fromEntries(env),
        WORK_DIR: bin,
        TLS_ROOTS: bin,
        DEADLINE_SECONDS: '5',
        POLL_SECONDS: '1',
        PATH: `${bin}:${process.env['PATH'] ?? ''}`,
      },
    });
    let calls = '';
    try {
      calls = execFileSync('cat', [log], { encoding: 'utf8' });
    } catch {
      calls = '';
    }
    return { code: result.status, stdout: result.stdout, stderr: result.stderr, calls };
  }

  it('commits, then invokes Init once with --isInit', async () => {
    const { script, env } = await commitJob(true);
    const run = runScript(script, env, { committed: false, init: 'ok' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.calls).toMatch(
      /lifecycle chaincode commit[^\n]*\n(?:[^\n]*\n)*?[^\n]*chaincode invoke .*--isInit -c \{"Args":\["InitLedger","a b","it's"\]\}/,
    );
  });

  it('still invokes Init when the definition is already committed (a Job restarted after its commit)', async () => {
    const { script, env } = await commitJob(true);
    const run = runScript(script, env, { committed: true, init: 'ok' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.calls).not.toContain('lifecycle chaincode commit');
    expect(run.calls).toContain('--isInit');
  });

  it('treats "already initialized" as done, and any other failure as a failure', async () => {
    const { script, env } = await commitJob(true);
    const again = runScript(script, env, { committed: true, init: 'again' });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('is already initialized on recalls');
    const failed = runScript(script, env, { committed: true, init: 'fail' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(
      /gave up after 5s: Init of \S+ on recalls failed: Error: failed to connect to orderer/,
    );
  });

  it("tries again when another member's Init won the race, then finds the chaincode initialized", async () => {
    const { script, env } = await commitJob(true);
    const run = runScript(script, env, { committed: true, init: 'conflict' });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('waiting: Init of');
    expect(run.stdout).toContain('is already initialized on recalls');
    expect(run.calls.match(/--isInit/g)).toHaveLength(2);
  });

  it('leaves out a member whose peer does not answer', async () => {
    const { script, env } = await commitJob(true);
    const peers = (env.get('INIT_PEERS') ?? '').split(' ');
    expect(peers.length).toBeGreaterThan(1);
    const down = peers[1]!.split(',')[2]!;
    const run = runScript(script, env, { committed: true, init: 'ok', down });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(
      `peer ${down} of ${peers[1]!.split(',')[1]!} does not answer, invoking Init without it`,
    );
    const invoke = run.calls.split('\n').find((line) => line.includes('--isInit'))!;
    expect(invoke).toContain(`--peerAddresses ${peers[0]!.split(',')[2]!}`);
    expect(invoke).not.toContain(down);
  });
});
