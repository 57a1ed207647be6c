import type { SourcePosition } from './diagnostic.ts';
import type { LoadLimits } from './limits.ts';
import type { Source } from './source.ts';
import { parseYamlTree } from './yaml-tree.ts';

/**
 * A Source whose positions are computed on first use, by parsing the file again with the `yaml`
 * document API. Valid files loaded on the fast path (fast-parse.ts) only pay for positions when a
 * rule reports something in them.
 */
export function createLazySource(options: {
  readonly file: string;
  readonly text: string;
  readonly limits: LoadLimits;
}): Source {
  const { file, limits } = options;
  let text: string | undefined = options.text;
  let positions: Readonly<Record<string, SourcePosition>> | undefined;
  return {
    file,
    get positions(): Readonly<Record<string, SourcePosition>> {
      if (positions === undefined) {
        positions = parseYamlTree(text ?? '', { file, limits }).positions;
        text = undefined;
      }
      return positions;
    },
  };
}
