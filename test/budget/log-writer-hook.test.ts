import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { PriceResult } from '../../electron/pricing/price';
import { openDatabase } from '../../electron/store/db';
import { LogWriter } from '../../electron/store/log-writer';
import type { RequestRecord } from '../../electron/store/types';
import { price, row } from './helpers';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'sb-hook-'));
  const db = openDatabase(join(dir, 'switchboard.db'));
  const seen: Array<{ id: string; cost: number | null; inDb: boolean }> = [];
  const writer = new LogWriter(db, {
    price: () => price(0.5),
    warn: () => {},
    onWritten: (r: RequestRecord, p: PriceResult) =>
      seen.push({ id: r.id, cost: p.costUsd, inDb: db.prepare('SELECT 1 FROM requests WHERE id = ?').get(r.id) !== undefined }),
  });
  cleanups.push(() => {
    writer.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return { writer, seen };
}

describe('LogWriter onWritten', () => {
  it('fires once per committed row, after the commit, with the billed price (0 for cache hits)', () => {
    const { writer, seen } = setup();
    const a = row(Date.now(), 0);
    const b = row(Date.now(), 0, { cacheHit: true });
    writer.enqueue(a);
    writer.enqueue(b);
    expect(seen).toEqual([]);
    writer.flush();
    expect(seen).toEqual([
      { id: a.id, cost: 0.5, inDb: true },
      { id: b.id, cost: 0, inDb: true },
    ]);
  });

  it('skips rows SQLite refused', () => {
    const { writer, seen } = setup();
    const a = row(Date.now(), 0);
    writer.enqueue(a);
    writer.flush();
    writer.enqueue({ ...a }); // duplicate id: rejected
    const c = row(Date.now(), 0);
    writer.enqueue(c);
    writer.flush();
    expect(seen.map((s) => s.id)).toEqual([a.id, c.id]);
    expect(writer.stats).toMatchObject({ written: 2, rejected: 1 });
  });

  it('a throwing listener does not stop the log', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sb-hook-'));
    const db = openDatabase(join(dir, 'switchboard.db'));
    const writer = new LogWriter(db, { price: () => price(1), warn: () => {}, onWritten: () => { throw new Error('listener bug'); } });
    cleanups.push(() => (writer.close(), db.close(), rmSync(dir, { recursive: true, force: true })));
    for (let i = 0; i < 3; i++) writer.enqueue(row(Date.now(), 0));
    writer.flush();
    writer.enqueue(row(Date.now(), 0));
    writer.flush();
    expect(writer.stats).toMatchObject({ written: 4, pending: 0, failures: 0 });
  });
});
