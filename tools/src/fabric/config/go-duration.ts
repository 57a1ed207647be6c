// Go's time.Duration as configtxgen reads and writes it: the consortium's batch timeout is parsed
// as Go parses it (time.ParseDuration) and stored in the BatchTimeout value as Go prints it
// (Duration.String), so "90s" is stored as "1m30s", exactly as configtxgen stores it.

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  us: 1_000n,
  µs: 1_000n, // U+00B5 MICRO SIGN
  μs: 1_000n, // U+03BC GREEK SMALL LETTER MU
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

const COMPONENT = /([0-9]*)(?:\.([0-9]*))?(ns|us|µs|μs|ms|s|m|h)/y;
const MAX_NANOS = 2n ** 63n - 1n;

/** Nanoseconds of a Go duration string, or undefined when Go would refuse it. */
// Fabric: time.ParseDuration (Go standard library), as viper decodes configtx.yaml's BatchTimeout
export function parseGoDuration(text: string): bigint | undefined {
  let rest = text;
  let negative = false;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    negative = rest.startsWith('-');
    rest = rest.slice(1);
  }
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  COMPONENT.lastIndex = 0;
  while (COMPONENT.lastIndex < rest.length) {
    const match = COMPONENT.exec(rest);
    if (match === null) return undefined;
    const [, whole = '', fraction = '', unit = ''] = match;
    if (whole === '' && fraction === '') return undefined;
    const scale = UNIT_NANOS[unit] ?? 0n;
    let nanos = BigInt(whole === '' ? '0' : whole) * scale;
    if (fraction !== '') nanos += (BigInt(fraction) * scale) / 10n ** BigInt(fraction.length);
    total += nanos;
    if (total > MAX_NANOS) return undefined;
  }
  return negative ? -total : total;
}

/** `Duration.String()`: "2s", "500ms", "1m30s", "1h0m0s", "1.5µs". */
// Fabric: time.Duration.String (Go standard library), as configtxgen's BatchTimeoutValue stores it
export function formatGoDuration(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  let u = nanos < 0n ? -nanos : nanos;
  if (u < 1_000_000_000n) {
    if (u < 1_000n) return `${sign}${u}ns`;
    const [digits, unit] = u < 1_000_000n ? [3, 'µs'] : [6, 'ms'];
    return `${sign}${withFraction(u, digits)}${unit}`;
  }
  let out = `${withFraction(u % 60_000_000_000n, 9)}s`;
  u /= 60_000_000_000n;
  if (u > 0n) {
    out = `${u % 60n}m${out}`;
    u /= 60n;
    if (u > 0n) out = `${u}h${out}`;
  }
  return `${sign}${out}`;
}

/** `value / 10^digits` in decimal with trailing zeros of the fraction dropped. */
function withFraction(value: bigint, digits: number): string {
  const scale = 10n ** BigInt(digits);
  const fraction = (value % scale).toString().padStart(digits, '0').replace(/0+$/, '');
  return `${value / scale}${fraction === '' ? '' : `.${fraction}`}`;
}
