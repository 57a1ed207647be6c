// Preloaded (`node --import`) into a command the benchmarks time as a separate process: when it
// exits, writes its CPU time (user + system, every thread, from process start) in milliseconds to
// the file named by BENCH_CPU_FILE. Node offers no CPU time of a child process to its parent.
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_CPU_FILE;
if (file) {
  process.on('exit', () => {
    const { user, system } = process.cpuUsage();
    writeFileSync(file, String((user + system) / 1000));
  });
}
