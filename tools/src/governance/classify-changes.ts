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
  const baseFiles = new Set(input.base.files.map((f) => f.path));

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
      case 'genesis':
        classifyGenesis(where.channel);
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
    /**
     * Block 0 of a channel is written once: with a new channel (part of channel.create, whose
     * fingerprint then covers the block too), or to adopt a channel the base already describes
     * (decided like a channel policy change). Changing or deleting the block the base branch holds
     * would fork the channel's history from what every member's orderers and peers hold: error.
     */
    function classifyGenesis(channel: string): void {
      if (baseFiles.has(file.path) && file.status !== 'added') {
        changes.push({
          kind: 'error',
          subject: file.path,
          channel,
          summary:
            `${file.status === 'removed' ? 'deletes' : 'changes'} block 0 of channel ${channel}, which the base branch holds: ` +
            `block 0 never changes (the channel changes through config updates: consortium channel update ${channel}); restore ${file.path}`,
          fingerprint: fingerprintOf({ path: file.path, digest: input.fileDigests.get(file.path) ?? file.status }),
        });
        return;
      }
      // The channel change this PR makes (its creation first) decides the block too.
      const decides = (c: ClassifiedChange) =>
        (c.channel === channel || c.subject === channel) && c.kind.startsWith('channel.');
      const creation = changes.findIndex((c) => c.kind === 'channel.create' && c.subject === channel);
      const index = creation !== -1 ? creation : changes.findIndex(decides);
      const decider = index === -1 ? undefined : changes[index];
      if (decider !== undefined) {
        changes[index] = {
          ...decider,
          fingerprint: fingerprintOf({ change: decider.fingerprint, genesis: input.fileDigests.get(file.path) ?? '' }),
        };
        return;
      }
      changes.push({
        kind: 'channel.policy.update',
        subject: channel,
        channel,
        summary: `adds block 0 of channel ${channel} (${file.path}): the ledger every member's orderers and peers join`,
        fingerprint: fingerprintOf({ path: file.path, digest: input.fileDigests.get(file.path) ?? file.status }),
      });
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
