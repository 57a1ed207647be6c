import { describe, expect, it } from 'vitest';
import {
  appendToSequence,
  deleteValue,
  parseEditableYaml,
  printEditableYaml,
  readValue,
  removeFromSequence,
  setValue,
} from '../../tools/src/authoring/yaml-edit.ts';

const channel = `# yaml-language-server: $schema=../../schemas/channel.schema.json
#
# The main ledger.
apiVersion: consortium.gitops/v1alpha1
kind: Channel

name: traceability
# Org ids (folders under orgs/).
members:
  - manufacturer
  - logistics # joined in 2024

# Peers other members' peers gossip with.
anchorPeers:
  - org: manufacturer
    peer: peer0

  - org: logistics
    peer: peer0

capabilities:
  channel: V2_0
`;

describe('yaml-edit', () => {
  it('appends to a list and keeps every comment, blank line and the schema line', () => {
    const file = parseEditableYaml('channels/traceability/channel.yaml', channel);
    appendToSequence(file, ['members'], 'retailer');
    const out = printEditableYaml(file);
    expect(out).toBe(
      channel.replace('  - logistics # joined in 2024\n', '  - logistics # joined in 2024\n  - retailer\n'),
    );
  });

  it('removes list items without leaving a stray blank line or moving comments', () => {
    const file = parseEditableYaml('c.yaml', channel);
    expect(removeFromSequence(file, ['anchorPeers'], (i) => (i as { org: string }).org === 'manufacturer')).toBe(1);
    expect(removeFromSequence(file, ['members'], (i) => i === 'manufacturer')).toBe(1);
    const out = printEditableYaml(file);
    expect(out).toContain(
      "# Peers other members' peers gossip with.\nanchorPeers:\n  - org: logistics\n    peer: peer0\n\ncapabilities:",
    );
    expect(out).toContain('members:\n  - logistics # joined in 2024\n');
    expect(
      out.startsWith('# yaml-language-server: $schema=../../schemas/channel.schema.json\n#\n# The main ledger.\n'),
    ).toBe(true);
  });

  it('keeps the unindented list style of a file that uses it', () => {
    const text = 'members:\n- a\n- b\nname: x\n';
    const file = parseEditableYaml('x.yaml', text);
    appendToSequence(file, ['members'], 'c');
    expect(printEditableYaml(file)).toBe('members:\n- a\n- b\n- c\nname: x\n');
  });

  it('keeps a flow list in flow style', () => {
    const file = parseEditableYaml('x.yaml', 'members: [a, b] # two\n');
    appendToSequence(file, ['members'], 'c');
    expect(printEditableYaml(file)).toBe('members: [a, b, c] # two\n');
  });

  it('sets scalars in place, keeping quoting, and quotes strings that would read as numbers', () => {
    const file = parseEditableYaml('cc.yaml', 'version: 1.0.0 # current\nsequence: 1\npolicy: "OR(\'A.peer\')"\n');
    setValue(file, ['version'], '2.0');
    setValue(file, ['sequence'], 2);
    setValue(file, ['policy'], "AND('A.peer', 'B.peer')");
    const out = printEditableYaml(file);
    expect(out).toBe('version: "2.0" # current\nsequence: 2\npolicy: "AND(\'A.peer\', \'B.peer\')"\n');
    expect(readValue(parseEditableYaml('cc.yaml', out), ['version'])).toBe('2.0');
    deleteValue(file, ['policy']);
    expect(printEditableYaml(file)).not.toContain('policy');
  });

  it('refuses a file that does not parse, naming the file and line', () => {
    expect(() => parseEditableYaml('orgs/x/org.yaml', 'a: 1\nb: [\n')).toThrow(/orgs\/x\/org\.yaml:\d+: cannot edit/);
    expect(() => parseEditableYaml('dup.yaml', 'a: 1\na: 2\n')).toThrow(/dup\.yaml/);
  });
});
