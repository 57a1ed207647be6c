import { describe, expect, it } from 'vitest';
import { formatGoDuration, parseGoDuration } from '../../../tools/src/fabric/config/go-duration.ts';
import { parseByteSize } from '../../../tools/src/fabric/config/byte-size.ts';

describe('Go durations', () => {
  // Expected strings are what Go's time.Duration.String() prints for the parsed value.
  it.each([
    ['2s', '2s'],
    ['500ms', '500ms'],
    ['90s', '1m30s'],
    ['1h', '1h0m0s'],
    ['1.5s', '1.5s'],
    ['2000ms', '2s'],
    ['1m0.25s', '1m0.25s'],
    ['1500us', '1.5ms'],
    ['1500µs', '1.5ms'],
    ['999ns', '999ns'],
    ['0', '0s'],
  ])('%s is stored as %s', (text, stored) => {
    const nanos = parseGoDuration(text);
    expect(nanos).toBeDefined();
    expect(formatGoDuration(nanos ?? 0n)).toBe(stored);
  });

  it.each(['', '2', 's', '1.s.', '2 s', '3d', '10000000h'])('refuses %j', (text) => {
    expect(parseGoDuration(text)).toBeUndefined();
  });
});

describe('byte sizes', () => {
  it.each([
    ['10 MB', 10 * 1024 * 1024],
    ['2 MB', 2 * 1024 * 1024],
    ['512 KB', 512 * 1024],
    ['1 GB', 1024 ** 3],
    ['16m', 16 * 1024 * 1024],
    ['100 B', 100],
  ])('%s is %i bytes', (text, bytes) => {
    expect(parseByteSize(text)).toBe(bytes);
  });

  it.each(['4 GB', '10 TB', 'MB', ''])('refuses %j', (text) => {
    expect(parseByteSize(text)).toBeUndefined();
  });
});
