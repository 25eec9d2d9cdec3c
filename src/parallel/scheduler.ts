/**
 * Running a sweep's items: in this thread one after another, or dispatched to the pool's workers in chunks (most
 * expensive first when a cost is given), results placed in input order, the lowest failing index reported.
 */
import { isMainThread } from "node:worker_threads";
import type { Slot } from "./pool.js";
import { loadInThisThread, type ResolvedTask } from "./task.js";

let jobCounter = 0;

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

/** Runs the items in this thread, in order. */
export async function runSerial<T, R>(
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

/** Runs the items on the given workers; resolves with results in input order. */
export function runOnPool<T, R>(
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
