import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgressDisplay } from '../../tools/src/reconcile/progress.ts';

function capture() {
  const stream = new PassThrough();
  let text = '';
  stream.on('data', (c: Buffer) => (text += c.toString()));
  return { stream, text: () => text };
}

describe('progress display', () => {
  it('prints a plain line per tenth of a cluster when not on a terminal', () => {
    const out = capture();
    const display = createProgressDisplay(out.stream, false);
    for (let done = 1; done <= 100; done++)
      display.update({ member: 'acme', done, failed: done > 95 ? 1 : 0, total: 100 });
    const lines = out.text().trim().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines.at(-1)).toBe('acme: 100/100 objects, 1 failed');
    expect(out.text()).not.toContain('\x1b[');
  });

  it('redraws one line per cluster in place on a terminal', () => {
    const out = capture();
    const display = createProgressDisplay(out.stream, true);
    display.update({ member: 'acme', done: 1, failed: 0, total: 2 });
    display.update({ member: 'globex', done: 1, failed: 0, total: 3 });
    display.update({ member: 'acme', done: 2, failed: 0, total: 2 });
    expect(out.text()).toContain('\x1b[2F');
    expect(out.text().endsWith('\x1b[2Kacme: 2/2 objects\n\x1b[2Kglobex: 1/3 objects\n')).toBe(true);
  });
});
