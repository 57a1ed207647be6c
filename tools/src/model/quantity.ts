// Kubernetes resource quantities (storage sizes, memory requests and limits) as numbers, so that
// two of them can be compared.

const binarySuffixes: Readonly<Record<string, number>> = {
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
  Pi: 2 ** 50,
  Ei: 2 ** 60,
};
const decimalSuffixes: Readonly<Record<string, number>> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

/** Bytes of a Kubernetes quantity (`100Gi`, `5G`, `1e9`, `512Mi`); undefined when it is not one. */
export function parseQuantity(quantity: string): number | undefined {
  const match = /^([0-9]+(?:\.[0-9]+)?)(?:([KMGTPE]i|[kMGTPE]?)|[eE]([0-9]+))$/.exec(quantity.trim());
  if (match === null) return undefined;
  const value = Number(match[1]);
  if (match[3] !== undefined) return value * 10 ** Number(match[3]);
  const suffix = match[2] ?? '';
  const factor = binarySuffixes[suffix] ?? decimalSuffixes[suffix];
  return factor === undefined ? undefined : value * factor;
}
