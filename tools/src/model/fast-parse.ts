import { CORE_SCHEMA, load } from 'js-yaml';
import type { LoadLimits } from './limits.ts';
import { parseBlockYaml } from './block-yaml.ts';

/**
 * The fast path for a YAML document: js-yaml builds plain data about twice as fast as the `yaml`
 * package's document API, but keeps no positions. Most files in a repository are valid, and a
 * valid file needs positions only if a semantic rule reports something in it, so the loader
 * parses with js-yaml first and uses the document API (yaml-tree.ts) only when positions are
 * actually needed: for a file with errors, or lazily when a rule asks (see lazy-source.ts).
 *
 * CORE_SCHEMA makes js-yaml resolve scalars exactly as the `yaml` package's default core schema
 * does (no timestamps, no merge keys), so both paths read the same values. Returns undefined for
 * anything unusual (a syntax error, duplicate keys, several documents, alias expansion beyond the
 * budget, cycles, deep nesting); the caller then takes the slow path, which explains the problem
 * at a line. Before js-yaml, block-yaml.ts reads the plain block subset repository files are
 * written in, with js-yaml's values, several times faster; it declines everything else.
 */
export function parseFast(text: string, limits: LoadLimits): { value: unknown } | undefined {
  const parsed = parseBlockYaml(text) ?? loadWithJsYaml(text);
  return parsed !== undefined && withinBudget(parsed.value, limits) ? parsed : undefined;
}

function loadWithJsYaml(text: string): { value: unknown } | undefined {
  try {
    return { value: load(text, { schema: CORE_SCHEMA }) };
  } catch {
    return undefined;
  }
}

/**
 * Counts values as the data would be walked (an alias shared n times counts n times) and checks
 * nesting depth, so that a document full of aliases cannot make later walks (schema validation,
 * rules) explode.
 */
function withinBudget(root: unknown, limits: LoadLimits): boolean {
  let nodes = 0;
  const visit = (value: unknown, depth: number): boolean => {
    if (++nodes > limits.maxNodes || depth > limits.maxNestingDepth) return false;
    if (typeof value !== 'object' || value === null) return true;
    if (Array.isArray(value)) {
      for (const item of value) if (!visit(item, depth + 1)) return false;
      return true;
    }
    // js-yaml builds plain objects and defines a `__proto__` key as an own property.
    for (const key of Object.keys(value)) if (!visit((value as Record<string, unknown>)[key], depth + 1)) return false;
    return true;
  };
  return visit(root, 0);
}
