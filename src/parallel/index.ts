/**
 * Parallel sweeps on all CPU cores: a pool of `worker_threads`, each with its own tfjs (tfjs's WebAssembly backend
 * is single-threaded in Node, so one tfjs per core is how a sweep uses more than one core).
 *
 * A sweep is a pure function exported from a module, called as `fn(item, index, shared)` in a worker. Results come
 * back in input order and do not depend on the number of workers, as long as the function depends only on its
 * arguments (derive random numbers from a seed inside the item, e.g. `createRng(item.seed)`).
 */
import { Worker, isMainThread } from "node:worker_threads";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as os from "node:os";
import * as path from "node:path";
import { backendInfo } from "../tensor/index.js";
import { WORKER_SOURCE } from "./worker-source.js";

/** Where a sweep function lives: a module (path, `file://` URL or package name) and the name of its export. */
export interface ParallelTask {
  /** Absolute or cwd-relative path, `file://` URL, or package specifier such as `"landscape-lab"`. */
  module: string;
  /** The exported function's name; default `"default"`. */
  export?: string;
}

/** Options of {@link parallelMap}. */
export interface ParallelOptions<S = unknown, T = unknown> {
  /**
   * Number of worker threads; default {@link defaultWorkers} (all cores, or `LANDSCAPE_WORKERS`). `1` runs the items
   * in this thread, one after another. Never more workers than items are started.
   */
  workers?: number;
  /** Data every call receives as its third argument; sent to each worker once per sweep (structured clone). */
  shared?: S;
  /** Called in this thread after each finished item with (finished, total); e.g. `progress(n, "sweep").tick`. */
  onProgress?: (done: number, total: number) => void;
  /**
   * Items sent to a worker at a time. Default: 1 for short sweeps (best balance when items differ in cost, as widths
   * do), growing for long sweeps of many small items (up to 64) so messaging does not dominate.
   */
  chunkSize?: number;
  /**
   * Aborts the sweep: running items are stopped by terminating their workers (fresh ones start next time) and the
   * promise rejects. In a tslab kernel, interrupting the cell (SIGINT) aborts a running sweep the same way.
   */
  signal?: AbortSignal;
  /**
   * Estimated relative cost of an item (e.g. `(it) => it.width`): the pool starts the most expensive items first,
   * so a long item does not run alone at the end while the other cores idle. Results stay in input order.
   */
  cost?: (item: T) => number;
}

/** How a sweep ran, from {@link lastParallelRun}. */
export interface ParallelRunInfo {
  /** Items in the sweep. */
  items: number;
  /** Worker threads used; 0 when the items ran in this thread. */
  workers: number;
  /** Why this many: `serial: …` or `parallel: …`. */
  reason: string;
  /** The tfjs backend the workers were told to use (`LANDSCAPE_BACKEND`), or `inherit`. */
  backend: string;
}

/** The error of a sweep item that threw: carries the item's index in the input array. */
export class ParallelItemError extends Error {
  /** Index of the failing item in the input array (the lowest failing index, whatever the worker count). */
  readonly index: number;
  /** Stack of the original error inside the worker, when it ran in one. */
  readonly remoteStack: string;
  constructor(index: number, message: string, remoteStack = "", cause?: unknown) {
    super(`parallelMap: item ${index} failed: ${message}`, cause === undefined ? undefined : { cause });
    this.name = "ParallelItemError";
    this.index = index;
    this.remoteStack = remoteStack;
  }
}

const requireHere = createRequire(__filename);

/**
 * The number of workers a sweep uses when the caller does not say: `LANDSCAPE_WORKERS` when set, else
 * `os.availableParallelism()`; 1 inside a worker thread (no nested pools).
 *
 * @throws Error when `LANDSCAPE_WORKERS` is not a positive integer.
 */
export function defaultWorkers(): number {
  if (!isMainThread) return 1;
  const env = process.env.LANDSCAPE_WORKERS;
  if (env !== undefined && env.trim() !== "") {
    const n = Number(env);
    if (!Number.isInteger(n) || n < 1) throw new Error(`LANDSCAPE_WORKERS: expected a positive integer, got "${env}"`);
    return n;
  }
  return typeof os.availableParallelism === "function" ? os.availableParallelism() : os.cpus().length;
}

interface ResolvedTask {
  file: string;
  name: string;
}

function resolveTask(task: string | ParallelTask): ResolvedTask {
  let spec: string;
  let name: string;
  if (typeof task === "string") {
    const hash = task.lastIndexOf("#");
    spec = hash >= 0 ? task.slice(0, hash) : task;
    name = hash >= 0 ? task.slice(hash + 1) : "default";
  } else if (task !== null && typeof task === "object" && typeof task.module === "string") {
    spec = task.module;
    name = task.export ?? "default";
  } else {
    throw new Error('task: expected "<module>#<export>" or { module, export } naming an exported function');
  }
  if (spec.trim() === "" || name.trim() === "") {
    throw new Error(
      `task: expected "<module>#<export>" with a non-empty module and export name, got "${String(task)}"`,
    );
  }
  if (spec.startsWith("file:")) spec = fileURLToPath(spec);
  const candidates: string[] = [];
  if (path.isAbsolute(spec)) candidates.push(spec);
  else if (spec.startsWith(".")) candidates.push(path.resolve(process.cwd(), spec));
  else candidates.push(spec);
  const fromCwd = createRequire(path.join(process.cwd(), "__parallel__.js"));
  const errors: string[] = [];
  for (const c of candidates) {
    for (const req of [fromCwd, requireHere]) {
      try {
        return { file: req.resolve(c), name };
      } catch (e) {
        errors.push(e instanceof Error ? e.message.split("\n")[0] : String(e));
      }
    }
  }
  throw new Error(`task: cannot find module "${spec}" (${errors[0] ?? "not found"})`);
}

/** TypeScript sources (the library's own modules under vitest) cannot be loaded by a worker thread. */
const isTypeScriptSource = (file: string) => /\.[cm]?tsx?$/.test(file);

async function loadInThisThread(
  task: ResolvedTask,
): Promise<(item: unknown, index: number, shared: unknown) => unknown> {
  const req = createRequire(task.file);
  let mod: Record<string, unknown>;
  try {
    // A .ts module is only loadable through the test runner's own import() hook.
    mod = isTypeScriptSource(task.file)
      ? ((await import(pathToFileURL(task.file).href)) as Record<string, unknown>)
      : (req(task.file) as Record<string, unknown>);
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === "ERR_REQUIRE_ESM" || code === "ERR_REQUIRE_ASYNC_MODULE") {
      mod = (await import(pathToFileURL(task.file).href)) as Record<string, unknown>;
    } else {
      throw new Error(`task: cannot load "${task.file}": ${e instanceof Error ? e.message.split("\n")[0] : String(e)}`);
    }
  }
  const direct = mod?.[task.name];
  const viaDefault = (mod?.default as Record<string, unknown> | undefined)?.[task.name];
  const fn = typeof direct === "function" ? direct : typeof viaDefault === "function" ? viaDefault : undefined;
  if (typeof fn !== "function") {
    throw new Error(`task: "${task.file}" has no function export "${task.name}"`);
  }
  return fn as (item: unknown, index: number, shared: unknown) => unknown;
}

// ---------------------------------------------------------------------------------------------------------------
// The pool: generic workers that load any task module; kept warm between sweeps (a notebook re-runs cells), unref'd
// while idle so they never keep a script alive, and terminated after IDLE_MS without work.

const IDLE_MS = 120_000;

interface Slot {
  worker: Worker;
  alive: boolean;
  onMessage?: (msg: WorkerMessage) => void;
  onFailure?: (err: Error) => void;
}

type WorkerMessage =
  | { type: "ready"; job: number }
  | { type: "job-error"; job: number; message: string }
  | { type: "results"; job: number; indices: number[]; values: unknown[] }
  | { type: "error"; job: number; index: number; name: string; message: string; stack: string };

interface Pool {
  backend: string;
  slots: Slot[];
  idleTimer?: ReturnType<typeof setTimeout>;
}

let pool: Pool | undefined;
let queue: Promise<unknown> = Promise.resolve();
let jobCounter = 0;
let lastRun: ParallelRunInfo | undefined;

function spawn(backend: string): Slot {
  const env: Record<string, string | undefined> = { ...process.env };
  if (backend !== "inherit") env.LANDSCAPE_BACKEND = backend;
  // Workers are single-threaded by design; stop any BLAS-like library inside them from spawning its own threads.
  env.OMP_NUM_THREADS = env.OMP_NUM_THREADS ?? "1";
  const worker = new Worker(WORKER_SOURCE, { eval: true, env, stdout: false, stderr: false });
  const slot: Slot = { worker, alive: true };
  worker.on("message", (msg: WorkerMessage) => slot.onMessage?.(msg));
  worker.on("error", (err) => {
    slot.alive = false;
    slot.onFailure?.(err);
  });
  worker.on("exit", (code) => {
    if (slot.alive) {
      slot.alive = false;
      slot.onFailure?.(new Error(`worker thread exited with code ${code}`));
    }
  });
  worker.unref();
  return slot;
}

function getPool(n: number, backend: string): Pool {
  if (pool && pool.backend !== backend) {
    void terminatePool(pool);
    pool = undefined;
  }
  if (!pool) pool = { backend, slots: [] };
  if (pool.idleTimer) clearTimeout(pool.idleTimer);
  pool.idleTimer = undefined;
  pool.slots = pool.slots.filter((s) => s.alive);
  while (pool.slots.length < n) pool.slots.push(spawn(backend));
  return pool;
}

function terminatePool(p: Pool): Promise<void> {
  if (p.idleTimer) clearTimeout(p.idleTimer);
  const slots = p.slots;
  p.slots = [];
  return Promise.all(
    slots.map((s) => {
      s.alive = false;
      s.onMessage = undefined;
      s.onFailure = undefined;
      return s.worker.terminate();
    }),
  ).then(() => undefined);
}

function armIdleTimer(p: Pool): void {
  if (p.idleTimer) clearTimeout(p.idleTimer);
  p.idleTimer = setTimeout(() => {
    if (pool === p) pool = undefined;
    void terminatePool(p);
  }, IDLE_MS);
  p.idleTimer.unref();
}

/**
 * Stops the pool's worker threads now (they also stop by themselves after two idle minutes and never keep the
 * process alive). The next sweep starts fresh workers.
 */
export async function closeParallelPool(): Promise<void> {
  const p = pool;
  pool = undefined;
  if (p) await terminatePool(p);
}

/** How the most recent {@link parallelMap} ran (workers, backend, why), for report headers; undefined before. */
export function lastParallelRun(): ParallelRunInfo | undefined {
  return lastRun ? { ...lastRun } : undefined;
}

function workerBackend(): { backend: string; inProcessReason?: string } {
  const info = backendInfo();
  if (info.device === "unknown") return { backend: "inherit" };
  if (info.backend === "wasm" || info.backend === "cpu") return { backend: info.backend };
  return {
    backend: info.backend,
    inProcessReason: `the ${info.backend} backend (${info.device}) already uses the whole machine`,
  };
}

async function runSerial<T, R>(
  items: readonly T[],
  task: ResolvedTask,
  shared: unknown,
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<R[]> {
  const fn = await loadInThisThread(task);
  const out: R[] = new Array(items.length);
  for (let i = 0; i < items.length; i++) {
    if (signal?.aborted)
      throw new Error(`parallelMap: aborted by options.signal (${i} of ${items.length} items had finished)`);
    try {
      out[i] = (await fn(items[i], i, shared)) as R;
    } catch (e) {
      const err = e instanceof Error ? e : new Error(String(e));
      throw new ParallelItemError(i, err.message, err.stack ?? "", err);
    }
    onProgress?.(i + 1, items.length);
  }
  return out;
}

function runOnPool<T, R>(
  items: readonly T[],
  task: ResolvedTask,
  shared: unknown,
  slots: Slot[],
  chunkSize: number,
  order: readonly number[],
  onProgress?: (done: number, total: number) => void,
  signal?: AbortSignal,
): Promise<R[]> {
  const job = ++jobCounter;
  const results: R[] = new Array(items.length);
  // Position in `order` (the dispatch order); after an item fails, only items before it (input order) are started,
  // so the lowest failing index is found whatever the order and the worker count.
  let pos = 0;
  let minFailed = Infinity;
  let done = 0;
  let stop = false;
  let jobError: Error | undefined;
  const failures: ParallelItemError[] = [];
  const busy = new Map<Slot, number | "loading" | "idle">();

  return new Promise<R[]>((resolve, reject) => {
    let settled = false;
    const cleanup = () => {
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      process.removeListener("SIGINT", onSigint);
      for (const s of slots) {
        s.onMessage = undefined;
        s.onFailure = undefined;
        if (s.alive) s.worker.unref();
      }
    };
    // Abort: stop dispatching, kill the workers that are busy (their items cannot be stopped otherwise), reject now.
    const abort = (why: string) => {
      if (settled) return;
      stop = true;
      cleanup();
      for (const s of slots) {
        if (s.alive && busy.get(s) !== "idle") {
          s.alive = false;
          void s.worker.terminate();
        }
      }
      reject(new Error(`parallelMap: ${why} (${done} of ${items.length} items had finished)`));
    };
    const onAbort = () => abort("aborted by options.signal");
    const onSigint = () => abort("interrupted");
    if (signal?.aborted) {
      reject(new Error("parallelMap: aborted by options.signal before it started"));
      return;
    }
    signal?.addEventListener("abort", onAbort, { once: true });
    // Only when something else handles SIGINT (tslab's interrupt): otherwise Ctrl-C must keep ending the process.
    if (isMainThread && process.listenerCount("SIGINT") > 0) process.on("SIGINT", onSigint);
    const finishIfIdle = () => {
      if (settled) return;
      for (const state of busy.values()) if (state !== "idle") return;
      cleanup();
      if (jobError) return reject(jobError);
      if (failures.length) {
        failures.sort((a, b) => a.index - b.index);
        return reject(failures[0]);
      }
      resolve(results);
    };
    const dispatch = (slot: Slot) => {
      const indices: number[] = [];
      while (!stop && slot.alive && pos < order.length && indices.length < chunkSize) {
        const i = order[pos++];
        if (i < minFailed) indices.push(i);
      }
      if (!indices.length) {
        busy.set(slot, "idle");
        finishIfIdle();
        return;
      }
      busy.set(slot, Math.min(...indices));
      try {
        slot.worker.postMessage({ type: "items", job, indices, items: indices.map((i) => items[i]) });
      } catch (e) {
        stop = true;
        failures.push(
          new ParallelItemError(
            Math.min(...indices),
            `the item (or one of items ${indices.join(", ")} sent together) cannot be sent to a worker (structured ` +
              `clone failed: ${e instanceof Error ? e.message : String(e)})`,
          ),
        );
        busy.set(slot, "idle");
        finishIfIdle();
      }
    };
    for (const slot of slots) {
      busy.set(slot, "loading");
      slot.worker.ref();
      slot.onMessage = (msg) => {
        if (msg.job !== job) return;
        if (msg.type === "ready") return dispatch(slot);
        if (msg.type === "job-error") {
          stop = true;
          jobError ??= new Error(`task: "${task.file}" ${msg.message}`);
          busy.set(slot, "idle");
          return finishIfIdle();
        }
        if (msg.type === "results") {
          for (let k = 0; k < msg.values.length; k++) {
            results[msg.indices[k]] = msg.values[k] as R;
            done++;
            try {
              onProgress?.(done, items.length);
            } catch {
              // a failing progress display must not break the sweep
            }
          }
          return dispatch(slot);
        }
        if (msg.type === "error") {
          minFailed = Math.min(minFailed, msg.index);
          failures.push(new ParallelItemError(msg.index, msg.message, msg.stack));
          return dispatch(slot);
        }
      };
      slot.onFailure = (err) => {
        const state = busy.get(slot);
        stop = true;
        if (typeof state === "number") {
          failures.push(new ParallelItemError(state, `the worker thread died: ${err.message}`, err.stack ?? "", err));
        } else if (state === "loading") {
          jobError ??= new Error(`task: "${task.file}": the worker thread died while loading it: ${err.message}`);
        }
        busy.set(slot, "idle");
        finishIfIdle();
      };
      try {
        slot.worker.postMessage({ type: "job", job, file: task.file, name: task.name, shared });
      } catch (e) {
        stop = true;
        jobError ??= new Error(
          `options.shared: cannot be sent to a worker (structured clone failed: ${e instanceof Error ? e.message : String(e)})`,
        );
        busy.set(slot, "idle");
      }
    }
    finishIfIdle();
  });
}

/**
 * Maps a pure function over `items` on all CPU cores, each worker thread with its own tfjs.
 *
 * The function is an export of a module (the built library, or your own `.js`/`.cjs`/`.mjs` file) and is called as
 * `fn(item, index, shared)`; it may be async. Items, `shared` and results must be structured-cloneable plain data
 * (numbers, strings, arrays, typed arrays, plain objects) — not tensors. Each worker inherits this thread's tfjs
 * backend choice (wasm or cpu) through `LANDSCAPE_BACKEND`; when this thread computes on a GPU or on native
 * libtensorflow, the items run here one after another instead (those backends use the whole machine already).
 *
 * Results are in input order and equal the serial run's whatever the worker count, provided the function depends
 * only on its arguments. If items throw, the error is a {@link ParallelItemError} for the lowest failing index
 * (after a failure, only items before it in input order are still started).
 *
 * @param items - the sweep's points, e.g. `[{ width: 64, seed: 1 }, …]`.
 * @param task - `"<module>#<export>"` or `{ module, export }`; the module is resolved from the current directory,
 *   then from this library (so `"landscape-lab#someSweepFunction"` works in a notebook).
 * @param options - `workers` (default {@link defaultWorkers}), `shared`, `onProgress`, `chunkSize`, `signal`, `cost`.
 * @returns the results, `result[i] = fn(items[i], i, shared)`.
 * @example
 * const rows = await parallelMap(widths.map((width) => ({ width, seed: 1 })), "./sweep.cjs#kernelAtWidth");
 */
export async function parallelMap<T, R = unknown, S = unknown>(
  items: readonly T[],
  task: string | ParallelTask,
  options: ParallelOptions<S, T> = {},
): Promise<R[]> {
  if (!Array.isArray(items)) throw new Error("items: expected an array of structured-cloneable values");
  const resolved = resolveTask(task);
  if (options === null || typeof options !== "object") throw new Error("options: expected an object");
  const { workers: requested, shared, onProgress, chunkSize, signal, cost } = options;
  if (cost !== undefined && typeof cost !== "function") {
    throw new Error("options.cost: expected a function (item) => number");
  }
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new Error(`options.workers: expected a positive integer, got ${String(requested)}`);
  }
  if (chunkSize !== undefined && (!Number.isInteger(chunkSize) || chunkSize < 1)) {
    throw new Error(`options.chunkSize: expected a positive integer, got ${String(chunkSize)}`);
  }
  if (onProgress !== undefined && typeof onProgress !== "function") {
    throw new Error("options.onProgress: expected a function (done, total) => void");
  }
  const want = requested ?? defaultWorkers();
  const { backend, inProcessReason } = workerBackend();
  let n = Math.min(want, items.length);
  let reason: string;
  if (inProcessReason) {
    n = 1;
    reason = `serial: ${inProcessReason}`;
  } else if (isTypeScriptSource(resolved.file) && n > 1) {
    n = 1;
    reason = "serial: the task module is TypeScript source, which worker threads cannot load (use the built library)";
  } else if (!isMainThread && requested === undefined) {
    reason = "serial: already inside a worker thread";
  } else if (n <= 1) {
    reason =
      items.length <= 1
        ? `serial: ${items.length} item(s)`
        : `serial: 1 worker (${requested === undefined ? "one core available" : "requested"})`;
  } else {
    reason = `parallel: ${n} worker threads (${requested === undefined ? "default" : "requested"})`;
  }
  const info: ParallelRunInfo = {
    items: items.length,
    workers: n > 1 ? n : 0,
    reason,
    backend: n > 1 ? backend : "this thread",
  };
  // Serial runs never wait for the pool (a serial task may itself start a parallel sweep without deadlocking).
  if (n <= 1) {
    lastRun = info;
    return runSerial<T, R>(items, resolved, shared, onProgress, signal);
  }
  const run = async (): Promise<R[]> => {
    lastRun = info;
    const p = getPool(n, backend);
    const chunk = chunkSize ?? Math.max(1, Math.min(64, Math.floor(items.length / (n * 16))));
    const order = items.map((_, i) => i);
    if (cost) {
      const c = items.map((it, i) => {
        const v = Number(cost(it));
        if (!Number.isFinite(v))
          throw new Error(`options.cost: expected a finite number for item ${i}, got ${String(v)}`);
        return v;
      });
      order.sort((a, b) => c[b] - c[a] || a - b); // most expensive first; ties in input order
    }
    try {
      return await runOnPool<T, R>(items, resolved, shared, p.slots.slice(0, n), chunk, order, onProgress, signal);
    } finally {
      if (pool === p) {
        p.slots = p.slots.filter((s) => s.alive);
        armIdleTimer(p);
      }
    }
  };
  // One sweep at a time on the shared pool; a second call waits for the first.
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
