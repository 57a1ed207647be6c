// `render --org`: load what the members render and what their manifests reference
// (member-scope.ts), not the whole repository. Each document read gets the loader's checks (YAML
// limits, its JSON Schema, names against folders, certificate files that exist); the consortium-wide
// semantic rules are `consortium validate`'s and the pull-request check's, which the revision a
// member's scheduled job renders (the protected main branch) has passed.
import type { RepoReader } from '../adapters/repo-reader.ts';
import { compareStrings } from './build-domain.ts';
import type { Diagnostic } from './diagnostic.ts';
import { loadRepository, type LoadRepositoryOptions, type LoadRepositoryResult } from './load-repository.ts';
import { decideMemberScope, inMemberScope } from './member-scope.ts';
import { locate, type Source } from './source.ts';
import type { ConsortiumModel, MemberScope } from './types.ts';

export interface MemberScopeLoad extends LoadRepositoryResult {
  /** Requested members without an orgs/<id>/org.yaml (nothing else was loaded then). */
  readonly unknown: readonly string[];
  /** Org ids of the revision (folders with an org.yaml), sorted. */
  readonly orgIds: readonly string[];
}

const CONSORTIUM_FILE = 'consortium/consortium.yaml';
const ORG_FILE = /^orgs\/([^/]+)\/org\.yaml$/;
const CHANNEL_FILE = /^channels\/[^/]+\/channel\.yaml$/;
const UPDATES = /^channels\/([^/]+)\/updates\//;

export async function loadMemberScope(
  reader: RepoReader,
  requested: readonly string[],
  options: Pick<LoadRepositoryOptions, 'limits'> = {},
): Promise<MemberScopeLoad> {
  const entries = await reader.listFiles();
  const orgIds = entries.flatMap((e) => (e.kind === 'file' ? (ORG_FILE.exec(e.path)?.[1] ?? []) : [])).sort();
  const members = [...new Set(requested)].sort(compareStrings);
  const unknown = members.filter((id) => !orgIds.includes(id));
  const empty: ConsortiumModel = { consortium: undefined, orgs: [], channels: [], files: [] };
  if (unknown.length > 0) return { model: empty, diagnostics: [], unknown, orgIds };

  // What decides the scope: the consortium, the members and every channel's member list.
  const memberFiles = new Set(members.map((id) => `orgs/${id}/org.yaml`));
  const first = await loadRepository(reader, {
    ...options,
    entries,
    include: (path) => path === CONSORTIUM_FILE || memberFiles.has(path) || CHANNEL_FILE.test(path),
  });
  const consortium = first.model.consortium;
  if (consortium === undefined || first.diagnostics.some((d) => d.severity === 'error'))
    return { ...first, unknown, orgIds };

  const channelsWithUpdates = new Set(entries.flatMap((e) => UPDATES.exec(e.path)?.[1] ?? []));
  let scope: MemberScope = decideMemberScope({
    members: first.model.orgs,
    consortium,
    channels: first.model.channels,
    channelsWithUpdates,
  });
  // The rest of the scope. What the first pass read is not read again, except the member channels'
  // channel.yaml (the loader attaches chaincodes to the channel it loads them with). A chaincode's
  // metaInf folder is known once its file is read: then read again with those folders.
  const readFirst = new Set(first.model.files.map((f) => f.path));
  for (;;) {
    const current = scope;
    const memberChannelFiles = new Set(current.memberChannels.map((ch) => `channels/${ch}/channel.yaml`));
    const rest = await loadRepository(reader, {
      ...options,
      entries,
      include: (path) => inMemberScope(current, path) && (!readFirst.has(path) || memberChannelFiles.has(path)),
    });
    const metaInfDirs = [
      ...new Set(
        rest.model.channels.flatMap((ch) => ch.chaincodes.flatMap((cc) => (cc.metaInf ? [`${cc.metaInf.dir}/`] : []))),
      ),
    ].sort(compareStrings);
    if (metaInfDirs.some((dir) => !current.metaInfDirs.includes(dir))) {
      scope = { ...current, metaInfDirs };
      continue;
    }
    const model = mergeModels(first, rest, current);
    const diagnostics = [
      ...first.diagnostics.filter((d) => !memberChannelFiles.has(d.file)),
      ...rest.diagnostics,
      ...checkScopeReferences(model, current),
    ].sort(compareDiagnostics);
    return { model, diagnostics, unknown, orgIds };
  }
}

/** The two passes as one model of the scope: a channel the second pass loaded replaces the first's. */
function mergeModels(first: LoadRepositoryResult, rest: LoadRepositoryResult, scope: MemberScope): ConsortiumModel {
  const byPath = <T extends { readonly path: string }>(a: T, b: T) => compareStrings(a.path, b.path);
  const reloaded = new Set(rest.model.channels.map((c) => c.name));
  const otherChannels = new Set(scope.otherChannels);
  const files = new Map([...first.model.files, ...rest.model.files].map((f) => [f.path, f]));
  return {
    consortium: first.model.consortium,
    orgs: [...first.model.orgs, ...rest.model.orgs].sort((a, b) => compareStrings(a.id, b.id)),
    channels: [
      ...rest.model.channels,
      ...first.model.channels.filter((c) => !reloaded.has(c.name) && otherChannels.has(c.name)),
    ].sort((a, b) => compareStrings(a.name, b.name)),
    files: [...files.values()].filter((f) => inMemberScope(scope, f.path)).sort(byPath),
    rejected: [...(first.model.rejected ?? []), ...(rest.model.rejected ?? [])].sort((a, b) =>
      compareStrings(a.file, b.file),
    ),
    scope,
  };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return compareStrings(a.file, b.file) || a.line - b.line || a.column - b.column || compareStrings(a.rule, b.rule);
}

/**
 * Orgs the scope needs but the revision lacks: `validate` reports them as consenter-exists and
 * channel-member-exists; here they would leave a member's manifests silently short of them.
 */
function checkScopeReferences(model: ConsortiumModel, scope: MemberScope): Diagnostic[] {
  const loaded = new Set([...model.orgs.map((o) => o.id), ...(model.rejected ?? []).map((r) => r.name)]);
  const diagnostics: Diagnostic[] = [];
  const report = (id: string, source: Source, path: string, rule: string) => {
    const at = locate(source, path);
    diagnostics.push({
      rule,
      severity: 'error',
      file: source.file,
      line: at.line,
      column: at.column,
      message: `${id} has no orgs/${id}/org.yaml, yet the manifests of ${scope.members.join(', ')} reference it`,
      hint: 'Run `consortium validate`: the repository does not validate.',
    });
  };
  const memberChannels = new Set(scope.memberChannels);
  const consortium = model.consortium;
  consortium?.ordering.consenters.forEach((c, i) => {
    if (!loaded.has(c.org)) report(c.org, consortium.source, `ordering.consenters.${i}.org`, 'consenter-exists');
  });
  for (const channel of model.channels) {
    // Members of other channels matter only where their egress ranges do (member-scope.ts).
    if (!memberChannels.has(channel.name) && scope.rangeOrgs.length === 0) continue;
    channel.members.forEach((id, i) => {
      if (!loaded.has(id)) report(id, channel.source, `members.${i}`, 'channel-member-exists');
    });
  }
  return diagnostics;
}
