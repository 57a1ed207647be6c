import type { SourcePosition } from './diagnostic.ts';

/**
 * Where an object of the model came from. `positions` maps a dotted property path inside the
 * document ('' for the document itself, 'peers.0.name', 'policies.Admins') to the position of that
 * value, so a rule can point at the exact line of any value. Kept beside the data rather than
 * wrapped around every value, so the domain objects stay plain and comparable.
 */
export interface Source {
  readonly file: string;
  readonly positions: Readonly<Record<string, SourcePosition>>;
}

/**
 * Position of the value at `path`, or of its nearest existing ancestor (a missing key is reported
 * at the object that should contain it), or line 1 of the file.
 */
export function locate(source: Source, path: string | readonly (string | number)[] = ''): SourcePosition {
  let key = typeof path === 'string' ? path : path.join('.');
  for (;;) {
    const found = source.positions[key];
    if (found !== undefined) return found;
    if (key === '') return { file: source.file, line: 1, column: 1 };
    const dot = key.lastIndexOf('.');
    key = dot < 0 ? '' : key.slice(0, dot);
  }
}
