import type { RepoEntry, RepoReader } from '../adapters/repo-reader.ts';
import { buildChaincode, buildChannel, buildConsortium, buildOrganization, compareStrings } from './build-domain.ts';
import type { Diagnostic } from './diagnostic.ts';
import { resolveLoadLimits } from './limits.ts';
import type { LoadLimits } from './limits.ts';
import { fileDiagnostic, loadDocument } from './load-document.ts';
import type { RawChaincode, RawChannel, RawConsortium, RawOrganization } from './raw-types.ts';
import { readRepositoryFiles } from './read-files.ts';
import { classifyPath } from './repository-layout.ts';
import { checkMspFiles, checkName, checkSymlinks, describeUnreadableFile } from './layout-checks.ts';
import type {
  Chaincode,
  Channel,
  Consortium,
  ConsortiumModel,
  Organization,
  RejectedDocument,
  RepoFile,
} from './types.ts';

export interface LoadRepositoryOptions {
  /** Overrides of the hostile-input limits (limits.ts). */
  readonly limits?: Partial<LoadLimits>;
  /**
   * Read and load only the listed files for which this is true (a member's scope,
   * load-member-scope.ts); every file otherwise.
   */
  readonly include?: (path: string) => boolean;
  /** The revision's listing, when the caller has it already. */
  readonly entries?: readonly RepoEntry[];
}

export interface LoadRepositoryResult {
  readonly model: ConsortiumModel;
  /** Problems found while loading; their rule ids are listed in loader-rules.ts. */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Loads one revision of the repository into the domain model. Never throws for anything the
 * repository contains: every problem is a diagnostic, and everything that can be loaded is. A
 * document with errors is left out of the model (its diagnostics say why), so semantic rules only
 * ever see schema-valid objects.
 */
export async function loadRepository(
  reader: RepoReader,
  options: LoadRepositoryOptions = {},
): Promise<LoadRepositoryResult> {
  const limits = resolveLoadLimits(options.limits);
  const listed = options.entries ?? (await reader.listFiles());
  const include = options.include;
  const entries = include === undefined ? listed : listed.filter((entry) => include(entry.path));
  const diagnostics: Diagnostic[] = [];
  diagnostics.push(...checkSymlinks(entries));

  const read = await readRepositoryFiles({ reader, entries, limits });
  const files: RepoFile[] = read.map((r) =>
    r.bytes === undefined
      ? { path: r.path, size: r.size, text: r.text }
      : { path: r.path, size: r.size, text: r.text, bytes: r.bytes },
  );
  // From the listing: a scoped load checks that an org's certificates exist without reading them.
  const existing = new Set(listed.flatMap((entry) => (entry.kind === 'file' ? [entry.path] : [])));

  let consortium: Consortium | undefined;
  const orgs: Organization[] = [];
  const channelDocs = new Map<string, { raw: RawChannel; source: Channel['source'] }>();
  const chaincodes = new Map<string, Chaincode[]>();
  const rejected: RejectedDocument[] = [];
  const orgFolders = new Map<string, string>();
  const channelFolders = new Map<string, string>();
  let consortiumSeen = false;

  for (const file of read) {
    const role = classifyPath(file.path);
    const parts = file.path.split('/');
    if (parts[0] === 'orgs' && parts.length >= 3 && !orgFolders.has(parts[1] ?? ''))
      orgFolders.set(parts[1] ?? '', file.path);
    if (parts[0] === 'channels' && parts.length >= 3 && !channelFolders.has(parts[1] ?? ''))
      channelFolders.set(parts[1] ?? '', file.path);

    switch (role.role) {
      case 'other':
      case 'asset':
        diagnostics.push(...describeUnreadableFile(file));
        break;
      case 'unexpected':
        diagnostics.push(
          file.path.endsWith('.yaml') || file.path.endsWith('.yml')
            ? fileDiagnostic(file.path, 'repository-layout', role.message, role.hint)
            : { ...fileDiagnostic(file.path, 'repository-layout', role.message, role.hint), severity: 'warning' },
        );
        break;
      case 'consortium': {
        consortiumSeen = true;
        const doc = loadDocument({ file, kind: 'Consortium', limits });
        diagnostics.push(...doc.diagnostics);
        if (doc.data !== undefined) consortium = buildConsortium(doc.data as RawConsortium, doc.source);
        else rejected.push({ kind: 'Consortium', name: 'consortium', file: file.path });
        break;
      }
      case 'organization': {
        const doc = loadDocument({ file, kind: 'Organization', limits });
        diagnostics.push(...doc.diagnostics);
        if (doc.data === undefined) {
          rejected.push({ kind: 'Organization', name: role.orgId, file: file.path });
          break;
        }
        const org = buildOrganization(doc.data as RawOrganization, doc.source, `orgs/${role.orgId}`);
        diagnostics.push(
          ...checkName({
            what: 'organization id',
            actual: org.id,
            expected: role.orgId,
            where: `its folder orgs/${role.orgId}/`,
            source: org.source,
            path: 'id',
          }),
        );
        diagnostics.push(...checkMspFiles(org, existing));
        orgs.push(org);
        break;
      }
      case 'channel': {
        const doc = loadDocument({ file, kind: 'Channel', limits });
        diagnostics.push(...doc.diagnostics);
        if (doc.data === undefined) {
          rejected.push({ kind: 'Channel', name: role.channel, file: file.path });
          break;
        }
        const raw = doc.data as RawChannel;
        diagnostics.push(
          ...checkName({
            what: 'channel name',
            actual: raw.name,
            expected: role.channel,
            where: `its folder channels/${role.channel}/`,
            source: doc.source,
            path: 'name',
          }),
        );
        channelDocs.set(role.channel, { raw, source: doc.source });
        break;
      }
      case 'chaincode': {
        const doc = loadDocument({ file, kind: 'Chaincode', limits });
        diagnostics.push(...doc.diagnostics);
        if (doc.data === undefined) {
          rejected.push({ kind: 'Chaincode', name: `${role.channel}/${role.name}`, file: file.path });
          break;
        }
        const chaincode = buildChaincode(doc.data as RawChaincode, doc.source, role.channel, files);
        diagnostics.push(
          ...checkName({
            what: 'chaincode name',
            actual: chaincode.name,
            expected: role.name,
            where: `its file name ${role.name}.yaml`,
            source: chaincode.source,
            path: 'name',
          }),
        );
        const list = chaincodes.get(role.channel) ?? [];
        list.push(chaincode);
        chaincodes.set(role.channel, list);
        break;
      }
    }
  }

  if (!consortiumSeen && (include === undefined || include('consortium/consortium.yaml'))) {
    diagnostics.push(
      fileDiagnostic(
        'consortium/consortium.yaml',
        'repository-layout',
        `consortium/consortium.yaml is missing (looked in ${reader.description})`,
        'Every consortium repository has consortium/consortium.yaml (kind: Consortium); run the toolkit at the repository root or pass --repo.',
      ),
    );
  }
  for (const [orgId, firstFile] of orgFolders) {
    if (!existing.has(`orgs/${orgId}/org.yaml`)) {
      diagnostics.push(
        fileDiagnostic(
          firstFile,
          'repository-layout',
          `orgs/${orgId}/ has no org.yaml`,
          `Add orgs/${orgId}/org.yaml (kind: Organization) or remove the folder.`,
        ),
      );
    }
  }
  for (const [channel, firstFile] of channelFolders) {
    if (!existing.has(`channels/${channel}/channel.yaml`)) {
      diagnostics.push(
        fileDiagnostic(
          firstFile,
          'repository-layout',
          `channels/${channel}/ has no channel.yaml`,
          `Add channels/${channel}/channel.yaml (kind: Channel) or remove the folder.`,
        ),
      );
    }
  }

  const channels: Channel[] = [];
  for (const [folder, { raw, source }] of channelDocs)
    channels.push(buildChannel(raw, source, chaincodes.get(folder) ?? []));

  return {
    model: {
      consortium,
      orgs: orgs.sort((a, b) => compareStrings(a.id, b.id)),
      channels: channels.sort((a, b) => compareStrings(a.name, b.name)),
      files: files.sort((a, b) => compareStrings(a.path, b.path)),
      rejected: rejected.sort((a, b) => compareStrings(a.file, b.file)),
    },
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}

function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  return (
    compareStrings(a.file, b.file) ||
    a.line - b.line ||
    a.column - b.column ||
    compareStrings(a.rule, b.rule) ||
    compareStrings(a.message, b.message)
  );
}
