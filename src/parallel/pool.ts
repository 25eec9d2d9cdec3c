/**
 * The worker pool: generic worker threads that load any task module, each with its own tfjs; kept warm between
 * sweeps (a notebook re-runs cells), unref'd while idle so they never keep a script alive, and terminated after two
 * idle minutes. One pool per process, for one tfjs backend at a time.
 */
import { Worker, isMainThread } from "node:worker_threads";
import * as os from "node:os";
import { WORKER_SOURCE } from "./worker-source.js";

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

const IDLE_MS = 120_000;

/** One worker thread and the handlers of the sweep using it. */
export interface Slot {
  worker: Worker;
  alive: boolean;
  onMessage?: (msg: WorkerMessage) => void;
  onFailure?: (err: Error) => void;
}

/** Messages a worker sends back. */
export type WorkerMessage =
  | { type: "ready"; job: number }
  | { type: "job-error"; job: number; message: string }
  | { type: "results"; job: number; indices: number[]; values: unknown[] }
  | { type: "error"; job: number; index: number; name: string; message: string; stack: string };

/** The worker threads of one backend. */
export interface Pool {
  backend: string;
  slots: Slot[];
  idleTimer?: ReturnType<typeof setTimeout>;
}

let pool: Pool | undefined;

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

/** The pool with at least `n` live workers for `backend` (a pool of another backend is stopped first). */
export function acquirePool(n: number, backend: string): Pool {
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

/** Hands the pool back after a sweep: dead workers dropped, the idle timer armed. */
export function releasePool(p: Pool): void {
  if (pool !== p) return;
  p.slots = p.slots.filter((s) => s.alive);
  armIdleTimer(p);
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
