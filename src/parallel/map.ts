/**
 * Parallel sweeps on all CPU cores: a pool of `worker_threads`, each with its own tfjs (tfjs's WebAssembly backend
 * is single-threaded in Node, so one tfjs per core is how a sweep uses more than one core).
 *
 * A sweep is a pure function exported from a module, called as `fn(item, index, shared)` in a worker. Results come
 * back in input order and do not depend on the number of workers, as long as the function depends only on its
 * arguments (derive random numbers from a seed inside the item, e.g. `createRng(item.seed)`).
 */
import { isMainThread } from "node:worker_threads";
import { backendInfo } from "../tensor/index.js";
import { acquirePool, defaultWorkers, releasePool } from "./pool.js";
import { runOnPool, runSerial } from "./scheduler.js";
import { isTypeScriptSource, resolveTask, type ParallelTask } from "./task.js";

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

let queue: Promise<unknown> = Promise.resolve();
let lastRun: ParallelRunInfo | undefined;

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
    const p = acquirePool(n, backend);
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
      releasePool(p);
    }
  };
  // One sweep at a time on the shared pool; a second call waits for the first.
  const result = queue.then(run, run);
  queue = result.catch(() => undefined);
  return result;
}
