// Preloaded into every benchmarked server process (`node --import ./bench/diag.mjs …`)
// so the harness can read event-loop delay and memory from inside the target
// without touching the target's code. Answers over the IPC channel the harness
// opens; nothing runs on the request path (the histogram is sampled by a libuv
// timer every 10 ms). Without an IPC channel it does nothing.
import { monitorEventLoopDelay } from 'node:perf_hooks';

if (typeof process.send === 'function') {
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  const ms = (ns) => Math.round((ns / 1e6) * 1000) / 1000;
  process.on('message', (m) => {
    if (!m || typeof m !== 'object' || m.benchDiag === undefined) return;
    const mem = process.memoryUsage();
    process.send?.({
      benchDiag: m.benchDiag,
      eld: h.count > 0 ? { p50: ms(h.percentile(50)), p99: ms(h.percentile(99)), max: ms(h.max), mean: ms(h.mean), count: h.count } : null,
      rss: mem.rss,
      heapUsed: mem.heapUsed,
    });
    if (m.reset) h.reset();
  });
  // The IPC channel must not keep a process alive that would otherwise exit.
  process.channel?.unref();
}
