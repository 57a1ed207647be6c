// fast-check generators of policies as trees, rendered to text in several spellings.
import fc from 'fast-check';
import type { PolicyRole, Signer } from '../../../tools/src/fabric/policy/index.ts';

export type Tree =
  | { readonly kind: 'principal'; readonly mspId: string; readonly role: PolicyRole }
  | {
      readonly kind: 'gate';
      readonly gate: 'and' | 'or' | 'outof';
      readonly t: number;
      readonly children: readonly Tree[];
    };

export const MSP_IDS = ['Org1MSP', 'Org2MSP', 'org3.example-com', 'A'] as const;
export const ROLES: readonly PolicyRole[] = ['admin', 'member', 'client', 'peer', 'orderer'];

const principal: fc.Arbitrary<Tree> = fc.record({
  kind: fc.constant('principal' as const),
  mspId: fc.constantFrom(...MSP_IDS),
  role: fc.constantFrom(...ROLES),
});

export const treeArbitrary: fc.Arbitrary<Tree> = fc.letrec<{ tree: Tree; gate: Tree }>((tie) => ({
  tree: fc.oneof({ depthSize: 'small', withCrossShrink: true }, principal, tie('gate')),
  gate: fc
    .tuple(
      fc.constantFrom('and' as const, 'or' as const, 'outof' as const),
      fc.array(tie('tree'), { minLength: 1, maxLength: 4 }),
      fc.nat(5),
    )
    .map(([gate, children, t]): Tree => ({
      kind: 'gate',
      gate,
      children,
      t: gate === 'and' ? children.length : gate === 'or' ? 1 : t % (children.length + 2),
    })),
})).gate;

export const signersArbitrary: fc.Arbitrary<Signer[]> = fc.array(
  fc.record({ mspId: fc.constantFrom(...MSP_IDS), role: fc.constantFrom(...ROLES) }),
  { maxLength: 6 },
);

export interface Spelling {
  readonly gateNames: { and: string; or: string; outof: string };
  readonly space: string;
  readonly quote: "'" | '"';
  /** How OutOf thresholds are written: Fabric takes floats (truncated), quoted numbers and hex. */
  readonly threshold: 'int' | 'float' | 'quoted' | 'hex';
}

export const spellingArbitrary: fc.Arbitrary<Spelling> = fc.record({
  gateNames: fc.record({
    and: fc.constantFrom('AND', 'And', 'and'),
    or: fc.constantFrom('OR', 'Or', 'or'),
    outof: fc.constantFrom('OutOf', 'OUTOF', 'outof'),
  }),
  space: fc.constantFrom('', ' ', '  ', '\n\t'),
  quote: fc.constantFrom("'" as const, '"' as const),
  threshold: fc.constantFrom('int' as const, 'float' as const, 'quoted' as const, 'hex' as const),
});

export const CANONICAL: Spelling = {
  gateNames: { and: 'AND', or: 'OR', outof: 'OutOf' },
  space: ' ',
  quote: "'",
  threshold: 'int',
};

/** Recursion is fine here: generated trees are shallow. */
export function renderTree(tree: Tree, spelling: Spelling = CANONICAL): string {
  if (tree.kind === 'principal') return `${spelling.quote}${tree.mspId}.${tree.role}${spelling.quote}`;
  const args = tree.children.map((child) => renderTree(child, spelling));
  if (tree.gate === 'outof') args.unshift(renderThreshold(tree.t, spelling));
  return `${spelling.gateNames[tree.gate]}(${args.join(`,${spelling.space}`)})`;
}

function renderThreshold(t: number, spelling: Spelling): string {
  if (spelling.threshold === 'float') return `${t}.7`;
  if (spelling.threshold === 'quoted') return `${spelling.quote}${t}${spelling.quote}`;
  if (spelling.threshold === 'hex') return `0x${t.toString(16)}`;
  return String(t);
}
