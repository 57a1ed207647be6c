// Progress of a long reconcile. On a terminal: one line per cluster, redrawn in place. Elsewhere
// (CI logs): a plain line per cluster whenever another tenth of its objects is done.
import type { Writable } from 'node:stream';
import type { ApplyProgress } from './apply.ts';

export interface ProgressDisplay {
  readonly update: (progress: ApplyProgress) => void;
  readonly finish: () => void;
}

export function createProgressDisplay(stream: Writable, isTty: boolean): ProgressDisplay {
  const state = new Map<string, ApplyProgress>();
  const lastStep = new Map<string, number>();
  let drawnLines = 0;
  const line = (p: ApplyProgress) =>
    `${p.member}: ${p.done}/${p.total} objects${p.failed > 0 ? `, ${p.failed} failed` : ''}`;
  return {
    update: (p) => {
      state.set(p.member, p);
      if (isTty) {
        const text = [...state.values()].map(line);
        stream.write(`${drawnLines > 0 ? `\x1b[${drawnLines}F` : ''}${text.map((t) => `\x1b[2K${t}`).join('\n')}\n`);
        drawnLines = text.length;
        return;
      }
      const step = p.total === 0 ? 10 : Math.floor((p.done * 10) / p.total);
      if (step !== lastStep.get(p.member) || p.done === p.total) {
        if (lastStep.get(p.member) === 10) return;
        lastStep.set(p.member, step);
        stream.write(`${line(p)}\n`);
      }
    },
    finish: () => {
      drawnLines = 0;
    },
  };
}
