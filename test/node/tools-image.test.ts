// Every program the rendered Jobs' scripts call is one the Fabric tools image provides
// (TOOLS_IMAGE_COMMANDS; the node smoke test checks the built image has them all).
import { loadAll } from 'js-yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ConsortiumModel } from '../../tools/src/model/types.ts';
import { joinPeerWhenMemberScript, submitUpdateScript } from '../../tools/src/render/ledger-scripts.ts';
import { renderConsortium } from '../../tools/src/render/render-consortium.ts';
import { loadExampleModel } from '../render/support/render-fixtures.ts';
import { commandsOfScript, TOOLS_IMAGE_COMMANDS } from './tools-image.ts';

interface Container {
  readonly image?: string;
  readonly command?: readonly string[];
  readonly args?: readonly string[];
}

/** The shell scripts of every container running `image` in the rendered example. */
function scriptsOf(model: ConsortiumModel, image: string): { where: string; script: string }[] {
  const scripts: { where: string; script: string }[] = [];
  for (const member of renderConsortium(model)) {
    for (const file of member.files) {
      for (const object of loadAll(file.content) as { spec?: { template?: { spec?: Record<string, unknown> } } }[]) {
        const pod = object.spec?.template?.spec;
        const containers = [
          ...((pod?.['initContainers'] as Container[] | undefined) ?? []),
          ...((pod?.['containers'] as Container[] | undefined) ?? []),
        ];
        for (const container of containers.filter((c) => c.image === image)) {
          const argv = [...(container.command ?? []), ...(container.args ?? [])];
          const at = argv.findIndex((word) => /^-\w*c\w*$/.test(word));
          if (/(^|\/)(ba)?sh$/.test(argv[0] ?? '') && at > 0 && argv[at + 1] !== undefined) {
            scripts.push({ where: `${member.org}/${file.path}`, script: argv[at + 1] ?? '' });
          } else if (argv[0] !== undefined) {
            scripts.push({ where: `${member.org}/${file.path}`, script: argv.map((w) => `'${w}'`).join(' ') });
          }
        }
      }
    }
  }
  return scripts;
}

describe('the Fabric tools image', () => {
  let model: ConsortiumModel;
  beforeAll(async () => {
    model = await loadExampleModel();
  });

  it('provides every program the rendered Jobs call', () => {
    const tools = model.consortium?.fabric.images.tools ?? '';
    const scripts = scriptsOf(model, tools);
    // The example renders channel-join and chaincode-lifecycle Jobs on the tools image.
    expect(scripts.length).toBeGreaterThan(10);
    scripts.push(
      { where: 'channel update submission', script: submitUpdateScript() },
      { where: 'peer join when member', script: joinPeerWhenMemberScript() },
    );
    const provided = new Set(TOOLS_IMAGE_COMMANDS);
    const lacking = scripts.flatMap(({ where, script }) =>
      commandsOfScript(script)
        .filter((command) => !provided.has(command))
        .map((command) => `${where}: ${command}`),
    );
    expect(lacking).toEqual([]);
  });

  it('finds the programs of a script, in substitutions and pipes, and not its functions or builtins', () => {
    const script = [
      'deadline=$(( $(date +%s) + 30 ))',
      'fetch() { curl -s "$URL" | jq -r .a >"$WORK/out" 2>&1; }',
      'while :; do',
      '  if ! fetch && [ "$(cat "$WORK/out")" = x ]; then echo "waiting"; sleep 1; fi',
      'done',
      'TOKEN=$(base64 -d </var/run/token) kubectl get secret',
      'keys=$(jq -r ".a | select(.b) | .c" "$WORK/out" | tr "\\n" " ")',
      'case " $keys " in *" x "*) ;; *) wc -l "$WORK/out" ;; esac',
    ].join('\n');
    expect(commandsOfScript(script)).toEqual(['base64', 'cat', 'curl', 'date', 'jq', 'kubectl', 'sleep', 'tr', 'wc']);
  });
});
