import BetterSqlite3 from 'better-sqlite3';
const db = new BetterSqlite3(':memory:');
const N = 50000;
let t = performance.now();
for (let i = 0; i < N; i++) { const p = db.pragma('busy_timeout', { simple: true }) as number; db.pragma('busy_timeout = 50'); db.pragma(`busy_timeout = ${p === 50 ? 5000 : p}`); }
console.log('db.pragma x3', ((performance.now() - t) * 1000 / N).toFixed(2), 'µs');
const get = db.prepare('PRAGMA busy_timeout').pluck();
const s50 = db.prepare('PRAGMA busy_timeout = 50');
const s5000 = db.prepare('PRAGMA busy_timeout = 5000');
t = performance.now();
for (let i = 0; i < N; i++) { get.get(); s50.run(); s5000.run(); }
console.log('cached x3', ((performance.now() - t) * 1000 / N).toFixed(2), 'µs', get.get());
s50.run(); console.log(db.pragma('busy_timeout', { simple: true }));
