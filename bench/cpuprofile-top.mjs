#!/usr/bin/env node
// Summarises a V8 .cpuprofile (from `npm run bench -- --cpu-prof DIR`): self
// time by function and by file, and inclusive time of project functions.
//   node bench/cpuprofile-top.mjs FILE.cpuprofile [--top 30] [--filter electron/]
import fs from 'node:fs';

const args = process.argv.slice(2);
const file = args.find((a) => !a.startsWith('--'));
const top = Number(args[args.indexOf('--top') + 1]) || 30;
const filter = args.includes('--filter') ? args[args.indexOf('--filter') + 1] : null;
if (!file) {
  console.error('usage: cpuprofile-top.mjs FILE.cpuprofile [--top N] [--filter SUBSTR]');
  process.exit(2);
}
const prof = JSON.parse(fs.readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const parent = new Map();
for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) self.set(prof.samples[i], (self.get(prof.samples[i]) ?? 0) + (dt[i] ?? 0));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const short = (url) => url.replace(/^file:\/\/.*?\/(electron|node_modules|bench|shared)\//, '$1/').replace(/^node:/, 'node:');
const key = (n) => `${n.callFrame.functionName || '(anon)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;

const fnSelf = new Map();
const fileSelf = new Map();
for (const [id, us] of self) {
  const n = byId.get(id);
  fnSelf.set(key(n), (fnSelf.get(key(n)) ?? 0) + us);
  const f = short(n.callFrame.url) || `(${n.callFrame.functionName})`;
  fileSelf.set(f, (fileSelf.get(f) ?? 0) + us);
}
// Inclusive: each sample counts once for every distinct frame on its stack.
const incl = new Map();
for (const [id, us] of self) {
  const seen = new Set();
  for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
    const k = key(byId.get(cur));
    if (seen.has(k)) continue;
    seen.add(k);
    incl.set(k, (incl.get(k) ?? 0) + us);
  }
}
const pct = (us) => `${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms`;
const show = (title, m) => {
  console.log(`\n== ${title}`);
  [...m]
    .filter(([k]) => !filter || k.includes(filter))
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .forEach(([k, us]) => console.log(`${pct(us)}  ${k}`));
};
console.log(`${file}: ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by file', fileSelf);
show('self time by function', fnSelf);
show('inclusive time by function', incl);

// --callers NAME: the heaviest stacks ending in a function whose name contains NAME.
const ci = args.indexOf('--callers');
if (ci !== -1) {
  const want = args[ci + 1];
  const stacks = new Map();
  for (const [id, us] of self) {
    const chain = [];
    let hit = false;
    for (let cur = id; cur !== undefined; cur = parent.get(cur)) {
      const n = byId.get(cur);
      if (!hit && (n.callFrame.functionName || '').includes(want)) hit = true;
      if (hit) chain.push(key(n));
    }
    if (!hit) continue;
    const k = chain.slice(0, 12).join('\n    <- ');
    stacks.set(k, (stacks.get(k) ?? 0) + us);
  }
  console.log(`\n== stacks through '${want}'`);
  [...stacks].sort((a, b) => b[1] - a[1]).slice(0, 6).forEach(([k, us]) => console.log(`${pct(us)}  ${k}\n`));
}
