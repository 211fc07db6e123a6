// ad-hoc: node bin/tsx-run.mjs bench/.scratch/load.ts PORT TOKEN CONC SECONDS
import { callOnce, closedLoop, prepare, Tally } from '../lib/client';
import { makeBodies, endpointFor } from '../lib/targets';
import { Sample } from '../lib/stats';
import { cpuMs } from '../lib/procs';
const [port, token, conc, secs, pid] = process.argv.slice(2);
const bodies = makeBodies(1024);
const pr = prepare(endpointFor({ target: 'switchboard', path: 'openai', port: Number(port), upstreamPort: 0, token, bodies }));
const t = new Tally(); const s = new Sample();
await closedLoop(8, { count: 300 }, () => callOnce(pr, null, t, true));
if (t.errors) { console.log(t.firstError); process.exit(1); }
const c0 = pid ? cpuMs(Number(pid)) : 0;
const { elapsedMs } = await closedLoop(Number(conc), { durationMs: Number(secs) * 1000 }, () => callOnce(pr, s, t));
const c1 = pid ? cpuMs(Number(pid)) : 0;
console.log(`c=${conc}: ${Math.round(s.count * 1000 / elapsedMs)} req/s, p50 ${s.p(50).toFixed(3)} p99 ${s.p(99).toFixed(3)} ms; server CPU ${(c1 - c0) / elapsedMs * 100 | 0}%  ${((c1 - c0) * 1000 / s.count) | 0} us/req; errors ${t.errors}`);
