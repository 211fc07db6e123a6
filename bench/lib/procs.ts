import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';

export interface Diag {
  eld: { p50: number; p99: number; max: number; mean: number; count: number } | null;
  rss: number;
  heapUsed: number;
}

export interface ServerProc {
  name: string;
  pid: number;
  port: number;
  child: ChildProcess;
  /** Last lines of stdout/stderr, for error messages. */
  log(): string;
  /** Event-loop delay and memory from inside the process (bench/diag.mjs preload); null if it doesn't answer. */
  diag(reset?: boolean): Promise<Diag | null>;
  stop(): Promise<void>;
}

export interface SpawnOptions {
  name: string;
  args: string[];
  cwd: string;
  env?: Record<string, string | undefined>;
  /** A regex on stdout whose first group is the bound port; or a fixed port to poll. */
  ready: RegExp | { port: number; path: string };
  timeoutMs?: number;
}

const alive = new Set<ServerProc>();

/** Spawns a server process (node …) with an IPC channel for diag, and waits until it listens. */
export async function spawnServer(o: SpawnOptions): Promise<ServerProc> {
  const child = spawn(process.execPath, o.args, {
    cwd: o.cwd,
    env: { ...process.env, ...o.env },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const tail: string[] = [];
  const keep = (s: string) => {
    tail.push(s);
    if (tail.length > 60) tail.splice(0, tail.length - 60);
  };
  let stdout = '';
  let exited: string | null = null;
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (d: string) => keep(d));
  const waiters = new Map<number, (d: Diag | null) => void>();
  let seq = 0;
  child.on('message', (m: unknown) => {
    const msg = m as ({ benchDiag: number } & Diag) | null;
    if (!msg || typeof msg.benchDiag !== 'number') return;
    waiters.get(msg.benchDiag)?.(msg);
    waiters.delete(msg.benchDiag);
  });
  child.on('error', () => undefined);

  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${o.timeoutMs ?? 30_000} ms`), o.timeoutMs ?? 30_000);
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${o.name}: ${why}\n--- output ---\n${stdout.slice(-2000)}${tail.join('').slice(-3000)}`));
    };
    child.once('exit', (code, sig) => {
      exited = `exited (${code ?? sig})`;
      fail(exited);
    });
    child.stdout!.on('data', (d: string) => {
      keep(d);
      if (stdout.length < 64 * 1024) stdout += d;
      if (o.ready instanceof RegExp) {
        const m = o.ready.exec(stdout);
        if (m) {
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve(Number(m[1]));
        }
      }
    });
    if (!(o.ready instanceof RegExp)) {
      const { port: p, path } = o.ready;
      const poll = () => {
        if (exited) return;
        const req = http.get({ host: '127.0.0.1', port: p, path, agent: false }, (res) => {
          res.resume();
          clearTimeout(timer);
          child.removeAllListeners('exit');
          resolve(p);
        });
        req.on('error', () => setTimeout(poll, 100));
      };
      poll();
    }
  });
  child.on('exit', (code, sig) => {
    exited = `exited (${code ?? sig})`;
  });

  const proc: ServerProc = {
    name: o.name,
    pid: child.pid!,
    port,
    child,
    log: () => tail.join('').slice(-3000),
    diag(reset = false) {
      if (exited || !child.connected) return Promise.resolve(null);
      const id = ++seq;
      return new Promise((resolve) => {
        const timer = setTimeout(() => {
          waiters.delete(id);
          resolve(null);
        }, 2000);
        waiters.set(id, (d) => {
          clearTimeout(timer);
          resolve(d);
        });
        child.send({ benchDiag: id, reset });
      });
    },
    stop() {
      alive.delete(proc);
      if (exited) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const kill = setTimeout(() => child.kill('SIGKILL'), 5000);
        child.once('exit', () => {
          clearTimeout(kill);
          resolve();
        });
        child.kill('SIGTERM');
      });
    },
  };
  alive.add(proc);
  return proc;
}

/** Kills every server this process started (on crash or Ctrl-C). */
export function killAll(): void {
  for (const p of alive) {
    try {
      p.child.kill('SIGKILL');
    } catch {
      /* already gone */
    }
  }
  alive.clear();
}

/** A free loopback port (bind 0, close). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

export interface MemStatus {
  /** Resident set, bytes. */
  rss: number;
  /** Peak resident set since start or the last `resetPeak`, bytes. */
  hwm: number;
}

export function memStatus(pid: number): MemStatus | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN) * 1024;
    return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
  } catch {
    return null;
  }
}

/** Resets VmHWM (Linux `clear_refs` 5). False where not permitted. */
export function resetPeak(pid: number): boolean {
  try {
    fs.writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

let clkTck = 0;
/** User + system CPU time of a process, in ms. */
export function cpuMs(pid: number): number {
  if (!clkTck) {
    try {
      clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clkTck = 100;
    }
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // fields[0] is state (field 3); utime is field 14, stime 15.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / clkTck;
  } catch {
    return NaN;
  }
}
