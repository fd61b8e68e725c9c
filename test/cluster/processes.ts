/**
 * The processes the cluster test starts, and the end of each. Each component registers how it
 * stops cleanly; an error or a signal (SIGINT, SIGTERM, SIGHUP) runs those stops before the test
 * exits. As a last resort, when the process exits every child still running is ended with its
 * final signal: SIGKILL for it and its descendants (nginx's workers), or a signal of its own for
 * a server that must clean up after itself (PostgreSQL's immediate shutdown, which removes its
 * shared memory). Then the temporary directory is removed. Linux only: descendants are read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';

/** Each running child, and the signal that ends it when the test exits without stopping it. */
const running = new Map<ChildProcess, NodeJS.Signals>();
const finalSteps: (() => void)[] = [];
const stops: (() => Promise<void>)[] = [];

/** The pids of every descendant of `pid`, children first. */
export function descendantsOf(pid: number): number[] {
  const childrenOf = new Map<number, number[]>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // "pid (name) state ppid ...": the name may hold spaces and parentheses, so read after the last one.
    const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    childrenOf.set(parent, [...(childrenOf.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const child of childrenOf.get(queue.shift()!) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** Sends `signal` to each pid that still exists; a process gone already is not an error. */
export function signalEach(pids: readonly number[], signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch {
      // Exited between the listing and the signal.
    }
  }
}

function isRunning(child: ChildProcess): boolean {
  return child.exitCode === null && child.signalCode === null;
}

function endEverything(): void {
  for (const [child, finalSignal] of running) {
    if (child.pid === undefined || !isRunning(child)) continue;
    const descendants = descendantsOf(child.pid);
    if (finalSignal === 'SIGKILL') {
      signalEach([child.pid, ...descendants], 'SIGKILL');
    } else {
      // A frozen server acts on no signal but SIGKILL until it is continued.
      signalEach([child.pid, ...descendants], 'SIGCONT');
      signalEach([child.pid], finalSignal);
    }
  }
  for (const step of finalSteps.splice(0)) step();
}

process.on('exit', endEverything);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    process.stderr.write(`\ncluster: ${signal}, stopping everything it started\n`);
    void stopEverything().finally(() => process.exit(130));
  });
}

/** Runs `step` when the process exits, after every child is ended (removing the temporary directory). */
export function atExit(step: () => void): void {
  finalSteps.push(step);
}

/** Registers how a component stops cleanly; stopEverything runs the stops, the last registered first. */
export function onStop(stop: () => Promise<void>): void {
  stops.unshift(stop);
}

/** Stops every registered component, each at most 15 s, once; whatever is left is ended on exit. */
export async function stopEverything(): Promise<void> {
  for (const stop of stops.splice(0)) {
    await Promise.race([stop().catch(() => undefined), sleep(15_000)]);
  }
}

export interface StartOptions {
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Run as this user (the test runs as root; PostgreSQL refuses to). */
  uid?: number;
  gid?: number;
  /** stdout and stderr go here, read back when something fails. */
  logFile: string;
  /** How it is ended if the test exits without stopping it (SIGKILL, with its descendants, by default). */
  finalSignal?: NodeJS.Signals;
}

/** Starts a long-running child whose output goes to its log file; it is killed when the test ends. */
export function startProcess(command: string, args: readonly string[], options: StartOptions): ChildProcess {
  const out = fs.openSync(options.logFile, 'a');
  const child = spawn(command, args, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', out, out],
    ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
  });
  fs.closeSync(out);
  running.set(child, options.finalSignal ?? 'SIGKILL');
  child.on('exit', () => running.delete(child));
  // A command that cannot be started at all is reported by whoever waits for it to answer.
  child.on('error', () => running.delete(child));
  return child;
}

/** Resolves once `child` has exited; kills it (and its descendants) after `ms`. */
export function exited(child: ChildProcess, ms: number): Promise<void> {
  if (!isRunning(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if (child.pid !== undefined) signalEach([child.pid, ...descendantsOf(child.pid)], 'SIGKILL');
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

export interface CommandResult {
  code: number;
  output: string;
}

/** Runs a command to its end, its output kept (and printed only if the caller wants it). */
export function runCommand(command: string, args: readonly string[], options: Omit<StartOptions, 'logFile'> = {}): Promise<CommandResult> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      ...(options.uid !== undefined ? { uid: options.uid, gid: options.gid } : {}),
    });
    running.set(child, 'SIGKILL');
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', (err) => {
      running.delete(child);
      resolve({ code: 127, output: `${output}${err.message}` });
    });
    child.on('close', (code) => {
      running.delete(child);
      resolve({ code: code ?? 1, output });
    });
  });
}

/** The last lines of a log, to show beside a failure. */
export function tail(text: string, lines = 15): string {
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

export function tailOfFile(file: string, lines = 15): string {
  try {
    return tail(fs.readFileSync(file, 'utf8'), lines);
  } catch {
    return '(no log)';
  }
}

/** A loopback port nothing listens on at this moment. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `count` distinct free ports. */
export async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Polls `ready` every 100 ms until it answers true; fails naming `what` after `ms`. */
export async function waitUntil(what: string, ms: number, ready: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await ready().catch(() => false)) return;
    await sleep(100);
  }
  throw new Error(`${what} did not happen within ${ms} ms`);
}
