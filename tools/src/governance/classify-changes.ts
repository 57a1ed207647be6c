import type { ConsortiumModel } from '../model/types.ts';
import type { ChangedPath, ClassifiedChange } from './types.ts';
import { classifyModelChanges } from './classify-model-changes.ts';
import { classifyPath } from './classify-path.ts';
import { fingerprintOf } from './fingerprint.ts';

export interface ClassifyChangesInput {
  readonly base: ConsortiumModel;
  readonly head: ConsortiumModel;
  /** Files changed between merge-base and head (renames as removal plus addition). */
  readonly changedPaths: readonly ChangedPath[];
  /** Digest of each changed path's content at head (anything for removed paths). */
  readonly fileDigests: ReadonlyMap<string, string>;
}

/**
 * Every change a pull request makes: the semantic changes of the consortium definition, plus one
 * `toolkit.update` and one `docs.update` for the files outside it, plus an `error` for each file
 * no change kind covers. A governed file edited without a semantic effect (a comment, reordered
 * keys) is still a change, decided by the owner of that file, so no edit goes ungoverned.
 */
export function classifyChanges(input: ClassifyChangesInput): ClassifiedChange[] {
  const changes = classifyModelChanges(input.base, input.head);
  const toolkit: string[] = [];
  const docs: string[] = [];
  const uncovered = new Map<
    string,
    { kind: ClassifiedChange['kind']; subject: string; paths: string[]; channel?: string }
  >();
  const covered = (predicate: (c: ClassifiedChange) => boolean) => changes.some(predicate);

  for (const file of input.changedPaths) {
    const where = classifyPath(file.path);
    switch (where.area) {
      case 'toolkit':
        toolkit.push(file.path);
        break;
      case 'docs':
        docs.push(file.path);
        break;
      case 'unknown':
        changes.push({
          kind: 'error',
          subject: file.path,
          summary: where.reason,
          fingerprint: fingerprintOf({ path: file.path, digest: input.fileDigests.get(file.path) ?? file.status }),
        });
        break;
      case 'consortium':
        if (!covered((c) => c.subject.startsWith('consortium/'))) addUncovered('governance.update', 'consortium/file');
        break;
      case 'org':
        if (!covered((c) => c.kind.startsWith('org.') && c.subject === where.org))
          addUncovered('org.update', where.org);
        break;
      case 'channel':
        if (
          !covered((c) => c.channel === where.channel && (c.kind.startsWith('channel.') || c.subject === where.channel))
        ) {
          addUncovered('channel.policy.update', where.channel, where.channel);
        }
        break;
      case 'chaincode':
        if (
          !covered(
            (c) =>
              (c.subject === `${where.channel}/${where.chaincode}` &&
                (c.kind.startsWith('chaincode.') || c.kind === 'error')) ||
              (c.subject === where.channel && (c.kind === 'channel.create' || c.kind === 'error')),
          )
        ) {
          addUncovered('channel.policy.update', where.channel, where.channel);
        }
        break;
    }
    function addUncovered(kind: ClassifiedChange['kind'], subject: string, channel?: string): void {
      const entry = uncovered.get(subject) ?? {
        kind,
        subject,
        paths: [],
        ...(channel === undefined ? {} : { channel }),
      };
      entry.paths.push(file.path);
      uncovered.set(subject, entry);
    }
  }

  for (const entry of uncovered.values()) {
    changes.push({
      kind: entry.kind,
      subject: entry.subject,
      ...(entry.channel === undefined ? {} : { channel: entry.channel }),
      summary: `edits ${entry.paths.join(', ')} without a semantic change`,
      fingerprint: fingerprintOf({
        kind: entry.kind,
        files: entry.paths.map((p) => [p, input.fileDigests.get(p) ?? '']),
      }),
    });
  }
  if (toolkit.length > 0)
    changes.push(fileChange('toolkit.update', 'toolkit', 'changes the toolkit or CI', toolkit, input));
  if (docs.length > 0) changes.push(fileChange('docs.update', 'docs', 'changes documentation', docs, input));
  return sortChanges(changes);
}

function fileChange(
  kind: 'toolkit.update' | 'docs.update',
  subject: string,
  what: string,
  paths: readonly string[],
  input: ClassifyChangesInput,
): ClassifiedChange {
  const shown = paths.length > 5 ? `${paths.slice(0, 5).join(', ')} and ${paths.length - 5} more` : paths.join(', ');
  return {
    kind,
    subject,
    summary: `${what}: ${shown}`,
    fingerprint: fingerprintOf({ kind, files: paths.map((p) => [p, input.fileDigests.get(p) ?? '']) }),
  };
}

const kindOrder = [
  'error',
  'governance.update',
  'toolkit.update',
  'ordering.update',
  'org.add',
  'org.remove',
  'org.admins.update',
  'org.update',
  'channel.create',
  'channel.member.add',
  'channel.member.remove',
  'channel.policy.update',
  'chaincode.define',
  'chaincode.upgrade',
  'chaincode.install',
  'chaincode.remove',
  'docs.update',
];

function sortChanges(changes: ClassifiedChange[]): ClassifiedChange[] {
  return changes.sort(
    (a, b) =>
      kindOrder.indexOf(a.kind) - kindOrder.indexOf(b.kind) ||
      (a.subject < b.subject ? -1 : a.subject > b.subject ? 1 : 0),
  );
}
