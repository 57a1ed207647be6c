// Checks of where things are and what they point at, beside the loading itself.
import { posix } from 'node:path';
import type { RepoEntry } from '../adapters/repo-reader.ts';
import type { Diagnostic } from './diagnostic.ts';
import { fileDiagnostic } from './load-document.ts';
import type { ReadResult } from './read-files.ts';
import { classifyPath } from './repository-layout.ts';
import { locate } from './source.ts';
import type { Source } from './source.ts';
import type { Organization } from './types.ts';

/** Symbolic links are never followed; one leaving the repository could expose the host's files. */
export function checkSymlinks(entries: readonly RepoEntry[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const entry of entries) {
    if (entry.kind !== 'symlink') continue;
    const resolved = posix.normalize(posix.join(posix.dirname(entry.path), entry.target));
    const outside = posix.isAbsolute(entry.target) || resolved === '..' || resolved.startsWith('../');
    if (outside) {
      out.push(
        fileDiagnostic(
          entry.path,
          'symlink',
          `${entry.path} is a symbolic link to ${JSON.stringify(entry.target)}, outside the repository; it was not followed`,
          'Replace the link with the file itself; the repository must be self-contained.',
        ),
      );
    } else if (classifyPath(entry.path).role !== 'other') {
      out.push({
        ...fileDiagnostic(
          entry.path,
          'symlink',
          `${entry.path} is a symbolic link; links are not followed, so the toolkit ignores it`,
          'Replace the link with a copy of the file.',
        ),
        severity: 'warning',
      });
    }
  }
  return out;
}

/**
 * Fail closed: a file nobody could read might hold anything (a private key, say). Files that were
 * read but kept without text (binary, not UTF-8, large) are normal outside the consortium's
 * folders; `model.files` shows them with `text: undefined` for scanners to read on their own.
 */
export function describeUnreadableFile(file: ReadResult): Diagnostic[] {
  const problem = file.problem;
  if (problem?.kind !== 'unreadable') return [];
  return [
    fileDiagnostic(
      file.path,
      'file-read',
      `${file.path} could not be read: ${problem.reason}`,
      'Check its permissions.',
    ),
  ];
}

export function checkName(options: {
  what: string;
  actual: string;
  expected: string;
  where: string;
  source: Source;
  path: string;
}): Diagnostic[] {
  const { what, actual, expected, where, source, path } = options;
  if (actual === expected) return [];
  const position = locate(source, path);
  return [
    {
      rule: 'repository-layout',
      severity: 'error',
      file: source.file,
      line: position.line,
      column: position.column,
      message: `${what} "${actual}" does not match ${where}`,
      hint: `Make them the same: rename the ${what.split(' ')[0] === 'chaincode' ? 'file' : 'folder'} or change the value to "${expected}".`,
    },
  ];
}

export function checkMspFiles(org: Organization, existing: ReadonlySet<string>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const refs: [string, string][] = [
    ['msp.caCert', org.msp.caCert],
    ['msp.tlsCaCert', org.msp.tlsCaCert],
    ...org.msp.adminCerts.map((p, i): [string, string] => [`msp.adminCerts.${i}`, p]),
    ...org.orderers.flatMap((o, i): [string, string][] =>
      o.tlsCert === undefined ? [] : [[`orderers.${i}.tlsCert`, o.tlsCert]],
    ),
  ];
  for (const [path, file] of refs) {
    if (existing.has(file)) continue;
    const position = locate(org.source, path);
    out.push({
      rule: 'missing-file',
      severity: 'error',
      file: org.source.file,
      line: position.line,
      column: position.column,
      message: `${path}: ${file} does not exist`,
      hint: 'Paths are relative to org.yaml; add the certificate (public PEM only) or fix the path.',
    });
  }
  return out;
}
