import fs from 'node:fs'; import os from 'node:os'; import path from 'node:path';
import { openDatabase } from '../../electron/store/db';
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sb-schema-'));
const db = openDatabase(path.join(dir, 'x.db'));
for (const r of db.prepare("SELECT type, name, tbl_name FROM sqlite_master WHERE type IN ('trigger','index','table') ORDER BY tbl_name, type").all() as any[]) console.log(r.type, r.name, r.tbl_name);
