/**
 * The one-hidden-layer tangent kernel on several cores in one synchronous call, with results bit-for-bit equal to
 * the one-thread computation.
 *
 * K = g gᵀ ⊙ [A Aᵀ + (X Xᵀ/d) ⊙ H Hᵀ] / m is a sum over hidden units. Past a size threshold the units are cut into
 * fixed blocks (at most {@link MAX_BLOCKS}, whole chunks of {@link CHUNK} units each; the cut depends on n, d and m
 * only). Each block's partial Gram matrices A_b A_bᵀ, H_b H_bᵀ and output sums are computed by one thread and stored
 * in a SharedArrayBuffer; the partials are then added in block order by the calling thread. A block is computed by
 * the same WebAssembly code (the same module bytes) and the same JavaScript (the one function {@link kernelBlock},
 * shipped to the helpers as source) whichever thread takes it, so the kernel does not depend on the number of
 * threads, on which thread took which block, or on timing.
 *
 * Choice: dedicated helper threads over shared memory rather than the project's `parallelMap` pool. The pool is
 * asynchronous (a Promise) and loads tfjs in every worker; the kernel is a synchronous call, so the calling thread
 * hands blocks out through an atomic counter, computes blocks itself, and waits (`Atomics.wait`, allowed on Node's
 * main thread) only for blocks a helper has taken. A helper that is not started yet, is descheduled by other load or
 * has died never holds the call up for long: after a bounded wait the calling thread computes that block itself
 * (the same bits, so a late helper writing the same slot changes nothing). The shared array is reused by the next
 * call only once every helper has finished with it (fresh shared pages are slow to touch).
 *
 * The same dispatcher writes a one-hidden-layer Jacobian's rows in blocks ({@link jacobianRowsBlock}) when asked.
 */
import { Worker, isMainThread } from "node:worker_threads";
import { abtKernel, ensureWasmMemory, wasmModuleBytes, type AbtKernel } from "../linalg/index.js";
import { ACTIVATIONS } from "../tensor/index.js";
import { defaultWorkers } from "../parallel/pool.js";
import { ArgumentError } from "../core/validate.js";
import { CHUNK, assembleOneHiddenKernel, plKernelOneHidden, type Mlp } from "./net.js";
import type { PlData } from "./validate.js";

/** Options of the threaded kernel and Jacobian. */
export interface KernelThreadsOption {
  /**
   * Threads computing the kernel's blocks, this one included. Default: {@link defaultWorkers} on the main thread
   * (all cores, or `LANDSCAPE_WORKERS`), 1 inside a worker thread (a sweep already uses the cores). The result is the
   * same for every value.
   */
  threads?: number;
}

/** Most blocks the hidden units are cut into (more blocks balance better and cost n² more additions each). */
export const MAX_BLOCKS = 8;

/** n² · m from which the blocked (and, with threads, parallel) path is taken (e.g. n = 32 points at width 2048). */
export const BLOCKED_WORK = 2 ** 21;

/** Where a block's inputs and outputs live (float64 offsets into the shared array) and the sizes. */
export interface KernelBlockLayout {
  n: number;
  nP: number;
  dP: number;
  m: number;
  chunk: number;
  /** Index of the activation in ACTIVATIONS (1 = relu, which has its own kernel). */
  kind: number;
  blockUnits: number;
  blocks: number;
  /** X/√d, nP × dP, zero padded. */
  oX: number;
  /** W₁, m × dP, zero padded. */
  oW: number;
  /** The output weights v (m). */
  oV: number;
  /** The partials: block b at oPart + b·partStride holds G_A (nP²), G_H (nP²), f (nP). */
  oPart: number;
  partStride: number;
  /** Int32 entries before the float64 area: [next block, helpers done, done flag of block 0, …]. */
  ctlInts: number;
  /** Byte offset of the float64 area. */
  f64Bytes: number;
}

/**
 * Computes block b of the one-hidden-layer kernel: for the units [b·blockUnits, …) in chunks, Z = (X/√d) W₁ᵀ, the
 * activation pass (A = σ(Z), H = v ⊙ σ′(Z), f += A v) and the lower 2 × 2 blocks of A Aᵀ and H Hᵀ, accumulated over
 * the block's chunks in the WebAssembly memory of `k`, then copied into the block's slot of S.
 *
 * `W1`: the network's W₁ to read instead of S's copy, when d is even (this thread only; helpers read S).
 *
 * Self-contained on purpose (no reference outside its parameters): its source is also what the helper threads run.
 */
export function kernelBlock(
  k: AbtKernel,
  S: Float64Array,
  L: KernelBlockLayout,
  b: number,
  W1: Float64Array | null = null,
): void {
  const { n, nP, dP, m, chunk: CH, kind } = L;
  const u0 = b * L.blockUnits;
  const u1 = Math.min(m, u0 + L.blockUnits);
  // WebAssembly memory (float64 offsets): X/√d | W₁ chunk | Z | A | H | G_A | G_H | v chunk | f.
  const wX = 0,
    wW = wX + nP * dP,
    wZ = wW + CH * dP,
    wA = wZ + nP * CH,
    wH = wA + nP * CH,
    wGA = wH + nP * CH,
    wGH = wGA + nP * nP,
    wV = wGH + nP * nP,
    wF = wV + CH,
    total = wF + nP;
  const have = k.memory.buffer.byteLength;
  if (total * 8 > have) k.memory.grow(Math.ceil((total * 8 - have) / 65536));
  const mem = new Float64Array(k.memory.buffer, 0, total);
  mem.set(S.subarray(L.oX, L.oX + nP * dP), wX);
  mem.fill(0, wF, wF + nP);
  // The padding row of A and H (odd n) stays zero: the activation pass writes rows 0 … n − 1 only.
  if (nP !== n) mem.fill(0, wA, wH + nP * CH);
  for (let k0 = u0; k0 < u1; k0 += CH) {
    const cw = Math.min(CH, u1 - k0);
    const cwP = cw + (cw & 1);
    // W₁'s rows are stored padded to dP; the padding row of an odd chunk must be zero (then z = 0 there).
    // W₁'s rows from S (padded to dP) or, when given (dP = d), straight from the network's weights.
    if (W1) mem.set(W1.subarray(k0 * dP, (k0 + cw) * dP), wW);
    else mem.set(S.subarray(L.oW + k0 * dP, L.oW + (k0 + cw) * dP), wW);
    if (cwP !== cw) mem.fill(0, wW + cw * dP, wW + cwP * dP);
    // A and H: padding rows and columns must be zero; the row stride changes when a chunk is narrower.
    if (cwP !== CH) mem.fill(0, wA, wH + nP * CH);
    k.abt(wX * 8, nP, wW * 8, cwP, dP, wZ * 8, cwP, 2); // Z = X W₁ᵀ/√d (overwrite)
    mem.set(S.subarray(L.oV + k0, L.oV + k0 + cw), wV);
    if (cwP !== cw) mem[wV + cw] = 0; // v = 0 on the padding column: h = 0 and nothing added to f
    if (kind === 1) k.relu(wZ * 8, wA * 8, wH * 8, wV * 8, wF * 8, n, cwP);
    else {
      k.chunk(kind, wZ * 8, wA * 8, wH * 8, wV * 8, wF * 8, n, cwP);
      // σ(0) ≠ 0 for some activations (softplus, sigmoid): the padding column of A is cleared again.
      if (cwP !== cw) for (let i = 0; i < n; i++) mem[wA + i * cwP + cw] = 0;
    }
    const mode = k0 === u0 ? 3 : 1; // lower blocks; the block's first chunk overwrites
    k.abt(wA * 8, nP, wA * 8, nP, cwP, wGA * 8, nP, mode);
    k.abt(wH * 8, nP, wH * 8, nP, cwP, wGH * 8, nP, mode);
  }
  const o = L.oPart + b * L.partStride;
  S.set(mem.subarray(wGA, wGA + 2 * nP * nP), o); // G_A and G_H are adjacent
  S.set(mem.subarray(wF, wF + nP), o + 2 * nP * nP);
}

/**
 * Rows [b·rowsPerBlock, …) of a one-hidden-layer Jacobian into J (n × P): row i is
 * [(g_i/√d) H_iu x_i for each unit u, then (g_i/√m) A_iu], from H = (v/√m) ⊙ σ′(Z), A = σ(Z) (rows of `stride`), X
 * and g = σ_out′ of the output pre-activations, all in S. Every entry is one product of the same two factors
 * whichever thread writes it.
 *
 * Self-contained on purpose (no reference outside its parameters): its source is also what the helper threads run.
 */
export function jacobianRowsBlock(_k: unknown, S: Float64Array, L: JacobianRowsLayout, b: number, J: Float64Array) {
  const { n, d, m, P, stride, sd, sm, oH, oA } = L;
  const i0 = b * L.rowsPerBlock;
  const i1 = Math.min(n, i0 + L.rowsPerBlock);
  for (let i = i0; i < i1; i++) {
    const g = S[L.oG + i];
    const ai = i * stride,
      o = i * P,
      xi = L.oX + i * d,
      gs = g * sd;
    for (let u = 0; u < m; u++) {
      const c = S[oH + ai + u] * gs;
      const ou = o + u * d;
      let j = 0;
      for (; j + 3 < d; j += 4) {
        // four entries a step: a third faster than one (this loop is the Jacobian's cost)
        J[ou + j] = c * S[xi + j];
        J[ou + j + 1] = c * S[xi + j + 1];
        J[ou + j + 2] = c * S[xi + j + 2];
        J[ou + j + 3] = c * S[xi + j + 3];
      }
      for (; j < d; j++) J[ou + j] = c * S[xi + j];
    }
    const ov = o + m * d,
      gm = g * sm;
    for (let u = 0; u < m; u++) J[ov + u] = gm * S[oA + ai + u];
  }
}

/** Sizes and float64 offsets into S of {@link jacobianRowsBlock}. */
export interface JacobianRowsLayout {
  n: number;
  d: number;
  m: number;
  P: number;
  stride: number;
  sd: number;
  sm: number;
  oH: number;
  oA: number;
  oX: number;
  oG: number;
  rowsPerBlock: number;
  blocks: number;
  ctlInts: number;
  f64Bytes: number;
}

/** The helpers' source: instantiate the two kernels from the bytes in workerData, then serve jobs. */
function helperSource(): string {
  return `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const products = new WebAssembly.Instance(new WebAssembly.Module(workerData.products), {}).exports;
const activations = new WebAssembly.Instance(new WebAssembly.Module(workerData.activations), {
  products: { memory: products.memory },
}).exports;
const k = Object.assign({}, products, activations);
const tasks = { kernel: (${kernelBlock.toString()}), jacobian: (${jacobianRowsBlock.toString()}) };
// Warm-up on small inputs before the first job: the block functions optimized and the WebAssembly tiered up, so the
// first real blocks do not run as baseline code (the calling thread computes every block itself meanwhile).
{
  const Lj = { n: 4, d: 16, m: 256, P: 256 * 17, stride: 256, sd: 0.25, sm: 1 / 16, oH: 0, oA: 1024, oX: 2048,
    oG: 2112, rowsPerBlock: 4, blocks: 1 };
  const Sj = new Float64Array(2116).map((_, i) => Math.sin(i));
  const J = new Float64Array(4 * 256 * 17);
  for (let r = 0; r < 40; r++) tasks.jacobian(k, Sj, Lj, 0, J);
  const Lk = { n: 16, nP: 16, dP: 16, m: 512, chunk: 256, kind: 2, blockUnits: 512, blocks: 1, oX: 0, oW: 256,
    oV: 8448, oPart: 8960, partStride: 528 };
  const Sk = new Float64Array(8960 + 528).map((_, i) => Math.sin(i) / 4);
  for (let r = 0; r < 40; r++) {
    Lk.kind = r % 2 ? 1 : 2 + (r % 4 === 0 ? 2 : 0);
    tasks.kernel(k, Sk, Lk, 0, null);
  }
}
parentPort.on("message", (msg) => {
  const L = msg.L;
  const run = tasks[msg.task];
  const ctl = new Int32Array(msg.sab, 0, L.ctlInts);
  const S = new Float64Array(msg.sab, L.f64Bytes);
  const out = msg.out ? new Float64Array(msg.out) : null;
  for (;;) {
    const b = Atomics.add(ctl, 0, 1);
    if (b >= L.blocks) break;
    run(k, S, L, b, out);
    Atomics.store(ctl, 2 + b, 1);
    Atomics.notify(ctl, 2 + b);
  }
  Atomics.add(ctl, 1, 1); // this helper is done with the array: it may be reused
});
`;
}

/** The shared array of the last call and how many helpers it was posted to. */
let scratch: { sab: SharedArrayBuffer; posted: number } | null = null;

/**
 * A shared array of at least `bytes` with its first `ctlInts` Int32 entries zero: the last call's array when every
 * helper it was posted to has finished with it (each adds 1 to entry 1 when done), else a new one. Reuse matters:
 * the first touch of a new SharedArrayBuffer's pages costs far more than an ArrayBuffer's (bench/README.md, "Typed
 * results and both cores"). Other entries hold the last call's data: callers write or clear everything they read.
 */
function sharedScratch(bytes: number, ctlInts: number): SharedArrayBuffer {
  if (scratch && scratch.sab.byteLength >= bytes) {
    const ctl = new Int32Array(scratch.sab, 0, Math.max(2, ctlInts));
    if (Atomics.load(ctl, 1) === scratch.posted) {
      ctl.fill(0);
      scratch.posted = 0;
      return scratch.sab;
    }
  }
  scratch = { sab: new SharedArrayBuffer(Math.ceil(bytes / 65536) * 65536), posted: 0 };
  return scratch.sab;
}

/**
 * Hands the blocks 0 … L.blocks − 1 of `task` to `threads − 1` helpers and this thread: each thread takes the next
 * block from the counter at the start of `sab` until none is left; then `meanwhile` runs here; then this thread
 * waits for each block a helper took at most half its own mean block time (0.5 ms when it computed none) and then
 * computes the block itself (the same bits): a helper that is late, descheduled by other load or still warming up
 * costs the call at most about the one-thread time, never a long wait.
 *
 * @returns the number of blocks the helpers computed.
 */
function shareBlocks(
  task: "kernel" | "jacobian",
  sab: SharedArrayBuffer,
  L: { blocks: number; ctlInts: number },
  out: SharedArrayBuffer | null,
  threads: number,
  run: (b: number) => void,
  meanwhile?: () => void,
): number {
  const ctl = new Int32Array(sab, 0, L.ctlInts);
  const hs = threads > 1 ? ensureHelpers(threads - 1) : [];
  for (const h of hs) h.postMessage({ task, sab, L, out });
  if (scratch && scratch.sab === sab) scratch.posted = hs.length;
  const mine = new Uint8Array(L.blocks);
  let myTime = 0,
    myCount = 0;
  for (;;) {
    const b = Atomics.add(ctl, 0, 1);
    if (b >= L.blocks) break;
    const t0 = performance.now();
    run(b);
    myTime += performance.now() - t0;
    myCount++;
    mine[b] = 1;
  }
  meanwhile?.();
  let byHelpers = 0;
  const patience = myCount > 0 ? 0.5 * (myTime / myCount) : 0.5;
  for (let b = 0; b < L.blocks; b++) {
    if (mine[b]) continue;
    // A helper took block b: wait for it a bounded time, then compute it here (the same bits).
    if (Atomics.load(ctl, 2 + b) === 0) Atomics.wait(ctl, 2 + b, 0, patience);
    if (Atomics.load(ctl, 2 + b) === 0) run(b);
    else byHelpers++;
  }
  return byHelpers;
}

/** Entries n·P of a Jacobian from which its rows are written by several threads. */
export const SHARED_JACOBIAN_ENTRIES = 2 ** 18;

/** Where {@link plJacobianRows} reads: H and A (n rows of `stride`), X (n × d) and g (n) at float64 offsets of S. */
export interface JacobianRowsSource {
  S: Float64Array;
  oH: number;
  oA: number;
  oX: number;
  oG: number;
  stride: number;
}

/**
 * Writes a one-hidden-layer Jacobian (n × P, P = m d + m) by {@link jacobianRowsBlock}: with `threads` > 1 and
 * n·P ≥ {@link SHARED_JACOBIAN_ENTRIES}, in row blocks shared with helper threads (the inputs copied into a
 * SharedArrayBuffer, the result backed by another: a Float64Array like any other); else here, straight from `src`
 * into an ordinary Float64Array. Each entry is the same product either way.
 */
export function plJacobianRows(
  src: JacobianRowsSource,
  n: number,
  d: number,
  m: number,
  threads: number,
): Float64Array {
  const P = m * d + m;
  const shared = threads > 1 && n > 1 && n * P >= SHARED_JACOBIAN_ENTRIES;
  const blocks = shared ? Math.min(n, 4 * threads) : 1;
  const ctlInts = 2 + blocks;
  const f64Bytes = Math.ceil((ctlInts * 4) / 8) * 8;
  const { stride } = src;
  const base = {
    n,
    d,
    m,
    P,
    stride,
    sd: 1 / Math.sqrt(d),
    sm: 1 / Math.sqrt(m),
    rowsPerBlock: Math.ceil(n / blocks),
    blocks,
    ctlInts,
    f64Bytes,
  };
  if (!shared) {
    const J = new Float64Array(n * P);
    jacobianRowsBlock(null, src.S, { ...base, oH: src.oH, oA: src.oA, oX: src.oX, oG: src.oG }, 0, J);
    lastRun = { blocks: 1, threads: 1, byHelpers: 0 };
    return J;
  }
  const L: JacobianRowsLayout = { ...base, oH: 0, oA: n * stride, oX: 2 * n * stride, oG: 2 * n * stride + n * d };
  const total = L.oG + n;
  const sab = sharedScratch(f64Bytes + total * 8, ctlInts);
  const S = new Float64Array(sab, f64Bytes, total);
  S.set(src.S.subarray(src.oH, src.oH + n * stride), L.oH);
  S.set(src.S.subarray(src.oA, src.oA + n * stride), L.oA);
  S.set(src.S.subarray(src.oX, src.oX + n * d), L.oX);
  S.set(src.S.subarray(src.oG, src.oG + n), L.oG);
  const out = new SharedArrayBuffer(n * P * 8);
  const J = new Float64Array(out);
  const byHelpers = shareBlocks("jacobian", sab, L, out, threads, (b) => jacobianRowsBlock(null, S, L, b, J));
  lastRun = { blocks, threads, byHelpers };
  return J;
}

/** Threads for a call: `options.threads`, else all cores on the main thread and 1 in a worker thread. */
export function kernelThreadCount(options: KernelThreadsOption | undefined): number {
  const requested = options?.threads;
  if (requested !== undefined && (!Number.isInteger(requested) || requested < 1)) {
    throw new ArgumentError("options.threads", "an integer ≥ 1", requested);
  }
  return requested ?? (isMainThread ? defaultWorkers() : 1);
}

let helpers: Worker[] = [];
let helpersBroken = false;

/** Starts helper threads up to `count` (best effort; none when a thread cannot start). */
function ensureHelpers(count: number): Worker[] {
  if (helpersBroken) return [];
  while (helpers.length < count) {
    try {
      const w = new Worker(helperSource(), {
        eval: true,
        workerData: { products: wasmModuleBytes("products"), activations: wasmModuleBytes("activations") },
      });
      w.unref();
      w.on("error", () => {
        helpersBroken = true;
        helpers = helpers.filter((h) => h !== w);
      });
      w.on("exit", () => {
        helpers = helpers.filter((h) => h !== w);
      });
      helpers.push(w);
    } catch {
      helpersBroken = true;
      break;
    }
  }
  return helpers.slice(0, count);
}

/**
 * Stops the kernel's helper threads (they are unreferenced and do not keep a process alive; this frees them
 * earlier). The next threaded kernel starts new ones.
 */
export async function closeKernelThreads(): Promise<void> {
  const ws = helpers;
  helpers = [];
  helpersBroken = false;
  await Promise.all(ws.map((w) => w.terminate()));
}

/** How the last threaded kernel or Jacobian call ran (for tests and benchmarks). */
export interface KernelThreadsRun {
  /**
   * Blocks the work was cut into: hidden-unit blocks of a kernel (0: the unblocked path, below {@link BLOCKED_WORK}),
   * row blocks of a Jacobian.
   */
  blocks: number;
  /** Threads offered the blocks, this one included. */
  threads: number;
  /** Blocks computed by helper threads. */
  byHelpers: number;
}

let lastRun: KernelThreadsRun = { blocks: 0, threads: 1, byHelpers: 0 };

/** How the most recent threaded kernel (or Jacobian) call ran: blocks, threads offered, blocks done by helpers. */
export function lastKernelThreadsRun(): KernelThreadsRun {
  return { ...lastRun };
}

/** The block cut for n points and m units: blocks of whole chunks, at most {@link MAX_BLOCKS}; 0 below the threshold. */
export function kernelBlocks(n: number, m: number): { blocks: number; blockUnits: number } {
  if (n * n * m < BLOCKED_WORK || m < 2 * CHUNK) return { blocks: 0, blockUnits: m };
  const chunks = Math.ceil(m / CHUNK);
  const blockUnits = CHUNK * Math.ceil(chunks / MAX_BLOCKS);
  return { blocks: Math.ceil(m / blockUnits), blockUnits };
}

/**
 * The tangent kernel of a one-hidden-layer network (flat n × n), blocked over the hidden units and shared between
 * this thread and helper threads when n² · m ≥ {@link BLOCKED_WORK}; below that (or without WebAssembly SIMD) the
 * one-pass {@link plKernelOneHidden}. The blocked result is the same bits for every thread count (see the module's
 * comment) and agrees with the one-pass kernel to rounding (the sums over units are grouped by block).
 *
 * @param options.threads - threads, this one included (default: all cores on the main thread, 1 in a worker).
 * @throws ArgumentError naming `options.threads` when it is not an integer ≥ 1.
 */
export function plKernelOneHiddenThreaded(net: Mlp, X: PlData, options: KernelThreadsOption = {}): Float64Array {
  const requested = kernelThreadCount(options);
  const n = X.n,
    d = X.d,
    m = net.dims[1];
  const { blocks, blockUnits } = kernelBlocks(n, m);
  const k = blocks > 0 ? abtKernel() : null;
  if (!k) {
    lastRun = { blocks: 0, threads: 1, byHelpers: 0 };
    return plKernelOneHidden(net, X);
  }
  const threads = Math.min(requested, blocks);
  const nP = n + (n & 1),
    dP = d + (d & 1);
  const ctlInts = 2 + blocks;
  const f64Bytes = Math.ceil((ctlInts * 4) / 8) * 8;
  const oX = 0,
    oW = oX + nP * dP,
    oV = oW + m * dP,
    oPart = oV + m,
    partStride = 2 * nP * nP + nP,
    total = oPart + blocks * partStride;
  const L: KernelBlockLayout = {
    n,
    nP,
    dP,
    m,
    chunk: CHUNK,
    kind: ACTIVATIONS.indexOf(net.activation),
    blockUnits,
    blocks,
    oX,
    oW,
    oV,
    oPart,
    partStride,
    ctlInts,
    f64Bytes,
  };
  // The shared array is reused only once every helper is done with the last call (see sharedScratch).
  const sab = sharedScratch(f64Bytes + total * 8, ctlInts);
  const S = new Float64Array(sab, f64Bytes, total);
  const s1 = 1 / Math.sqrt(d);
  const x = X.data;
  if (nP !== n || dP !== d) S.fill(0, oX, oW); // zero padding (the array may hold the last call's data)
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) S[oX + i * dP + j] = x[i * d + j] * s1;
  const W1 = net.weights[0];
  // One thread with even d reads W₁ in place; helpers need it in the shared array.
  const direct = threads === 1 && dP === d;
  if (!direct && dP === d) S.set(W1, oW);
  else if (!direct)
    for (let u = 0; u < m; u++) {
      S.set(W1.subarray(u * d, (u + 1) * d), oW + u * dP);
      S[oW + u * dP + d] = 0;
    }
  S.set(net.weights[1], oV);

  let XX = new Float64Array(0);
  const byHelpers = shareBlocks(
    "kernel",
    sab,
    L,
    null,
    threads,
    (b) => kernelBlock(k, S, L, b, direct ? W1 : null),
    () => {
      // X Xᵀ/d in this thread's WebAssembly memory (after this thread's blocks, while the helpers finish theirs).
      ensureWasmMemory(k, (nP * dP + nP * nP) * 8);
      const wmem = new Float64Array(k.memory.buffer, 0, nP * dP + nP * nP);
      wmem.set(S.subarray(oX, oX + nP * dP), 0);
      k.abt(0, nP, 0, nP, dP, nP * dP * 8, nP, 3);
      XX = wmem.slice(nP * dP, nP * dP + nP * nP);
    },
  );
  lastRun = { blocks, threads, byHelpers };

  // The partials, added in block order (lower triangles and output sums: all the assembly reads).
  const GA = new Float64Array(nP * nP),
    GH = new Float64Array(nP * nP),
    fsum = new Float64Array(n);
  for (let b = 0; b < blocks; b++) {
    const o = oPart + b * partStride;
    for (let i = 0; i < n; i++) {
      const r = i * nP;
      for (let j = 0; j <= i; j++) {
        GA[r + j] += S[o + r + j];
        GH[r + j] += S[o + nP * nP + r + j];
      }
      fsum[i] += S[o + 2 * nP * nP + i];
    }
  }
  return assembleOneHiddenKernel(net, XX, 0, 1, fsum, GA, 0, GH, 0, nP);
}
