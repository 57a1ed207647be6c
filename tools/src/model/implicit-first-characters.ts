// Which plain scalars a js-yaml schema may read as something other than a string (null, a boolean,
// a number), told by their first character: a reader or writer of YAML asks the schema to resolve
// only scalars that start with one of these, and takes every other plain scalar as a string.
import type { Schema } from 'js-yaml';

/** The first characters of the schema's implicit scalar tags; undefined when a tag accepts any. */
export function implicitFirstCharacters(schema: Schema): ReadonlySet<string> | undefined {
  const first = new Set<string>();
  for (const tag of schema.tags) {
    if (tag.nodeKind !== 'scalar' || !tag.implicit) continue;
    if (tag.implicitFirstChars === null || tag.implicitFirstChars === undefined) return undefined;
    for (const character of tag.implicitFirstChars) first.add(character);
  }
  return first;
}

/** Whether the schema may resolve a plain scalar with this text to something other than a string. */
export function mayResolve(first: ReadonlySet<string> | undefined, text: string): boolean {
  return first === undefined || first.has(text.charAt(0));
}
