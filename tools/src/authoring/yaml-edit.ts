// Edits to YAML files that people wrote by hand and will read again in a pull request diff.
//
// Why the `yaml` package's Document API and not js-yaml: js-yaml turns a file into plain objects and
// dumps it back from them, which drops every comment (including the `# yaml-language-server:
// $schema=` line editors rely on), re-quotes strings and reorders nothing but reformats everything,
// so a one-line change would show up as a whole-file diff. The Document API edits the parsed syntax
// tree in place and prints the untouched parts as they were.
import { isMap, isScalar, isSeq, parseDocument, type Document, type ToStringOptions } from 'yaml';
import { FindingsError } from '../errors.ts';

export type YamlPath = readonly (string | number)[];

export interface EditableYaml {
  readonly path: string;
  readonly doc: Document;
  readonly options: ToStringOptions;
}

/** Parses `text` for editing; a file that does not parse cleanly is refused rather than rewritten. */
export function parseEditableYaml(path: string, text: string): EditableYaml {
  const doc = parseDocument(text, { keepSourceTokens: false, uniqueKeys: true });
  const first = doc.errors[0];
  if (first !== undefined) {
    const line = first.linePos?.[0].line ?? 1;
    throw new FindingsError(`${path}:${line}: cannot edit a file that does not parse: ${first.message}`);
  }
  return { path, doc, options: detectStyle(text) };
}

/** Prints the edited document; untouched nodes keep their comments, quoting and blank lines. */
export function printEditableYaml(file: EditableYaml): string {
  return String(file.doc.toString(file.options));
}

/**
 * Matches the block-sequence indentation the file already uses (`key:\n  - a` vs `key:\n- a`), so
 * an appended item lines up with its siblings instead of re-indenting the whole list.
 */
function detectStyle(text: string): ToStringOptions {
  const unindented = /^([ \t]*)[^\s#-][^\n]*:[ \t]*\n\1- /m.test(text);
  return { indentSeq: !unindented, flowCollectionPadding: false, lineWidth: 0 };
}

/** Appends `value` to the sequence at `path`, creating the sequence when the key is absent. */
export function appendToSequence(file: EditableYaml, path: YamlPath, value: unknown): void {
  const node = file.doc.getIn(path, true);
  if (node === undefined || node === null) {
    file.doc.setIn(path, file.doc.createNode([value]));
    return;
  }
  if (!isSeq(node)) throw new FindingsError(`${file.path}: ${path.join('.')} is not a list`);
  node.items.push(file.doc.createNode(value));
}

/**
 * Removes every item of the sequence at `path` for which `matches` holds (given the item as plain
 * data). Returns how many were removed. A blank line that separated the first removed item from
 * what came before is kept on the item that now takes its place, so the layout stays as it was.
 */
export function removeFromSequence(file: EditableYaml, path: YamlPath, matches: (item: unknown) => boolean): number {
  const node = file.doc.getIn(path, true);
  if (node === undefined || node === null) return 0;
  if (!isSeq(node)) throw new FindingsError(`${file.path}: ${path.join('.')} is not a list`);
  const kept: typeof node.items = [];
  let removed = 0;
  // spaceBefore of the first item of a run of removed items, handed to the item that follows them.
  let pendingSpace: boolean | undefined;
  for (const item of node.items) {
    if (matches(toPlain(item))) {
      removed += 1;
      if (pendingSpace === undefined) pendingSpace = spaceBefore(item);
      continue;
    }
    if (pendingSpace !== undefined && (isScalar(item) || isMap(item) || isSeq(item))) {
      item.spaceBefore = pendingSpace;
    }
    pendingSpace = undefined;
    kept.push(item);
  }
  node.items = kept;
  return removed;
}

function spaceBefore(item: unknown): boolean {
  return (isScalar(item) || isMap(item) || isSeq(item)) && item.spaceBefore === true;
}

function toPlain(node: unknown): unknown {
  return isScalar(node) || isMap(node) || isSeq(node) ? node.toJSON() : node;
}

/** Sets a scalar (or any plain value) at `path`, keeping the key's position and comments. */
export function setValue(file: EditableYaml, path: YamlPath, value: unknown): void {
  const existing = file.doc.getIn(path, true);
  if (isScalar(existing) && (typeof value !== 'object' || value === null)) {
    existing.value = value;
    return;
  }
  file.doc.setIn(path, file.doc.createNode(value));
}

/** Removes the key at `path`, if present. */
export function deleteValue(file: EditableYaml, path: YamlPath): void {
  if (file.doc.hasIn(path)) file.doc.deleteIn(path);
}

/** A comment (lines without the leading `#`) above a top-level key, after a blank line. */
export function commentKey(file: EditableYaml, key: string, comment: string): void {
  const contents = file.doc.contents;
  if (!isMap(contents)) return;
  const pair = contents.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === key);
  if (pair === undefined) return;
  // A key set by setValue is a plain string until it becomes a node that can carry a comment.
  const node = isScalar(pair.key) ? pair.key : file.doc.createNode(key);
  node.commentBefore = comment;
  node.spaceBefore = true;
  pair.key = node;
}

/** The value at `path` as plain data (undefined when absent). */
export function readValue(file: EditableYaml, path: YamlPath): unknown {
  const node = file.doc.getIn(path, true);
  if (node === undefined || node === null) return undefined;
  return toPlain(node);
}
