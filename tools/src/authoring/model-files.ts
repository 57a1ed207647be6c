// Lookups into the loaded model that every authoring planner needs: the text of a file as it is
// now (to edit it in place) and the objects a command names on its command line.
import type { Channel, ConsortiumModel, Organization } from '../model/types.ts';
import { FindingsError } from '../errors.ts';
import { parseEditableYaml, type EditableYaml } from './yaml-edit.ts';

export function openForEdit(model: ConsortiumModel, path: string): EditableYaml {
  const file = model.files.find((f) => f.path === path);
  if (file?.text === undefined) throw new FindingsError(`${path}: cannot read this file as text`);
  return parseEditableYaml(path, file.text);
}

export function findOrg(model: ConsortiumModel, id: string): Organization {
  const org = model.orgs.find((o) => o.id === id);
  if (org === undefined) {
    throw new FindingsError(
      `no organization "${id}" (orgs/${id}/org.yaml); known: ${listOrNone(model.orgs.map((o) => o.id))}`,
    );
  }
  return org;
}

export function findChannel(model: ConsortiumModel, name: string): Channel {
  const channel = model.channels.find((c) => c.name === name);
  if (channel === undefined) {
    throw new FindingsError(
      `no channel "${name}" (channels/${name}/channel.yaml); known: ${listOrNone(model.channels.map((c) => c.name))}`,
    );
  }
  return channel;
}

export function listOrNone(items: readonly string[]): string {
  return items.length === 0 ? '(none)' : items.join(', ');
}

/** Text of a brand-new YAML file: the schema line editors use, a comment, then the body. */
export function composeNewYaml(options: { schema: string; comment: readonly string[]; body: string }): string {
  const comment = options.comment.map((line) => (line === '' ? '#' : `# ${line}`)).join('\n');
  return `# yaml-language-server: $schema=${options.schema}\n#\n${comment}\n${options.body}`;
}
