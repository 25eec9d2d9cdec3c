/**
 * Gradient descent and stochastic gradient descent on the square loss L(w) = ½‖F(w) − y‖², float64, with the
 * quantities of the PL* analysis recorded along the run.
 */
import { createRequire } from "node:module";
import type { DataFrame } from "danfojs-node";
import { createRng } from "../tensor/index.js";
import { plLossHessianNormFlat, plLossState, plSymEigenvalues } from "./kernel.js";
import { mlpParameters, mlpWithParameters, plCheckNet, type Mlp } from "./net.js";
import { plCheckInt, plCheckMatrix, plCheckPositive, plCheckVector, type PlData } from "./validate.js";

const requireHere = createRequire(__filename);

/** One row of a training run. Quantities not computed at that step are NaN. */
export interface PlTrainRecord {
  /** Step t (0 = initialization). */
  step: number;
  /** Epochs done, t · batchSize / n (GD: = t). */
  epoch: number;
  /** L(w_t). */
  loss: number;
  /** ½‖∇L(w_t)‖² / L(w_t): the PL* constant realized at w_t. */
  plRatio: number;
  /** λ_min(K(w_t)) (every `record` steps, else NaN). */
  lambdaMin: number;
  /** ‖w_t − w₀‖. */
  distance: number;
  /** ‖K(w_t) − K(w₀)‖_F / ‖K(w₀)‖_F (every `record` steps, else NaN). */
  kernelChange: number;
  /** ‖∇²L(w_t)‖ (only with `recordHessian`, every `record` steps, else NaN). */
  lossHessianNorm: number;
}

/** A finished run: its records and the final network. */
export interface PlRun {
  records: PlTrainRecord[];
  net: Mlp;
}

/** Options of {@link gdRun} and {@link sgdRun}. */
export interface PlRunOptions {
  /** Step size η > 0. */
  lr: number;
  /** Number of steps (integer ≥ 0). */
  steps: number;
  /** Compute λ_min(K) and the kernel change every `record` steps (default: steps/50, at least 1). */
  record?: number;
  /** Also compute ‖∇²L(w_t)‖ by power iteration every `record` steps (default false). */
  recordHessian?: boolean;
}

function frob(a: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k] * a[k];
  return Math.sqrt(s);
}

function checkRun(net: unknown, X: unknown, y: unknown, opts: unknown) {
  const n0 = plCheckNet(net);
  const D = plCheckMatrix(X, "X", n0.dims[0]);
  const t = plCheckVector(y, D.n, "y");
  if (opts === null || typeof opts !== "object") throw new Error("options: expected an object { lr, steps, … }");
  const o = opts as PlRunOptions;
  plCheckPositive(o.lr, "lr");
  plCheckInt(o.steps, "steps", 0);
  const record = o.record === undefined ? Math.max(1, Math.floor(o.steps / 50)) : plCheckInt(o.record, "record", 1);
  return { net: n0, D, t, lr: o.lr, steps: o.steps, record, recordHessian: o.recordHessian === true };
}

function runLoop(
  net0: Mlp,
  D: PlData,
  t: Float64Array,
  steps: number,
  record: number,
  recordHessian: boolean,
  epochPerStep: number,
  step: (w: Float64Array, net: Mlp, st: ReturnType<typeof plLossState>, k: number) => void,
): PlRun {
  const w0 = mlpParameters(net0);
  const w = w0.slice();
  let net = net0;
  let K0: Float64Array | null = null;
  let K0n = 1;
  const records: PlTrainRecord[] = [];
  for (let k = 0; k <= steps; k++) {
    const st = plLossState(net, D, t);
    let g2 = 0;
    for (let j = 0; j < st.grad.length; j++) g2 += st.grad[j] * st.grad[j];
    let dist = 0;
    for (let j = 0; j < w.length; j++) dist += (w[j] - w0[j]) ** 2;
    const rec: PlTrainRecord = {
      step: k,
      epoch: k * epochPerStep,
      loss: st.loss,
      plRatio: (0.5 * g2) / st.loss,
      lambdaMin: NaN,
      distance: Math.sqrt(dist),
      kernelChange: NaN,
      lossHessianNorm: NaN,
    };
    if (!Number.isFinite(st.loss)) {
      // Diverged: the kernel quantities of a non-finite state are meaningless (and its eigenvalues do not converge).
      records.push(rec);
      break;
    }
    if (k % record === 0 || k === steps) {
      const K = st.kernel();
      if (!K0) {
        K0 = K;
        K0n = frob(K0) || 1;
      }
      rec.lambdaMin = plSymEigenvalues(K, D.n)[0];
      const diff = new Float64Array(K.length);
      for (let j = 0; j < K.length; j++) diff[j] = K[j] - K0[j];
      rec.kernelChange = frob(diff) / K0n;
      if (recordHessian) rec.lossHessianNorm = plLossHessianNormFlat(net, D, t, { iterations: 100, tol: 1e-6 });
    }
    records.push(rec);
    if (k === steps || !Number.isFinite(st.loss)) break;
    step(w, net, st, k);
    net = mlpWithParameters(net, w);
  }
  return { records, net };
}

/**
 * Full-batch gradient descent w_{t+1} = w_t − η ∇L(w_t), returning the records and the final network.
 * Stops early if the loss stops being finite (divergence).
 *
 * @param net - the network at w₀.
 * @param X - the points (rows).
 * @param y - the targets.
 * @param options - {@link PlRunOptions}.
 */
export function gdRun(net: Mlp, X: number[][], y: number[], options: PlRunOptions): PlRun {
  const c = checkRun(net, X, y, options);
  return runLoop(c.net, c.D, c.t, c.steps, c.record, c.recordHessian, 1, (w, _net, st) => {
    for (let j = 0; j < w.length; j++) w[j] -= c.lr * st.grad[j];
  });
}

/**
 * Mini-batch SGD: each step draws `batchSize` distinct points B and moves along the unbiased gradient estimate
 * (n/|B|) Σ_{i∈B} (f(x_i) − y_i) ∇f(x_i). The recorded loss is the full loss L(w_t).
 *
 * @param net - the network at w₀.
 * @param X - the points (rows).
 * @param y - the targets.
 * @param options - {@link PlRunOptions} plus `batchSize` (1 … n) and `seed` (the batch sampling).
 */
export function sgdRun(
  net: Mlp,
  X: number[][],
  y: number[],
  options: PlRunOptions & { batchSize: number; seed: number },
): PlRun {
  const c = checkRun(net, X, y, options);
  const b = plCheckInt(options.batchSize, "batchSize", 1);
  if (b > c.D.n) throw new Error(`batchSize: expected an integer between 1 and n = ${c.D.n}, got ${b}`);
  plCheckInt(options.seed, "seed", Number.MIN_SAFE_INTEGER);
  const rng = createRng(options.seed);
  const n = c.D.n;
  const d = c.D.d;
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return runLoop(c.net, c.D, c.t, c.steps, c.record, c.recordHessian, b / n, (w, cur) => {
    // b distinct indices: partial Fisher–Yates.
    for (let i = 0; i < b; i++) {
      const j = i + rng.int(n - i);
      const tmp = idx[i];
      idx[i] = idx[j];
      idx[j] = tmp;
    }
    const Xb = new Float64Array(b * d);
    const tb = new Float64Array(b);
    for (let i = 0; i < b; i++) {
      Xb.set(c.D.data.subarray(idx[i] * d, (idx[i] + 1) * d), i * d);
      tb[i] = c.t[idx[i]];
    }
    const st = plLossState(cur, { n: b, d, data: Xb }, tb);
    const scale = (c.lr * n) / b;
    for (let j = 0; j < w.length; j++) w[j] -= scale * st.grad[j];
  });
}

/** The records as a danfojs DataFrame (columns step, epoch, loss, pl_ratio, lambda_min, distance, kernel_change). */
export function plRecordsFrame(records: PlTrainRecord[]): DataFrame {
  const dfd = requireHere("danfojs-node") as typeof import("danfojs-node");
  return new dfd.DataFrame({
    step: records.map((r) => r.step),
    epoch: records.map((r) => r.epoch),
    loss: records.map((r) => r.loss),
    pl_ratio: records.map((r) => r.plRatio),
    lambda_min: records.map((r) => r.lambdaMin),
    distance: records.map((r) => r.distance),
    kernel_change: records.map((r) => r.kernelChange),
  });
}

/**
 * Gradient descent on L(w) = ½‖F(w) − y‖², as a danfojs DataFrame with one row per step: `step`, `epoch`, `loss`,
 * `pl_ratio` (½‖∇L‖²/L), `lambda_min` (λ_min(K(w_t)) every `record` steps, NaN between), `distance`
 * (‖w_t − w₀‖) and `kernel_change` (‖K(w_t) − K(w₀)‖_F/‖K(w₀)‖_F, every `record` steps). Float64.
 *
 * @param net - the network at w₀.
 * @param X - the points (rows).
 * @param y - the targets.
 * @param options.lr - step size η > 0.
 * @param options.steps - number of steps.
 * @param options.record - kernel quantities every `record` steps (default steps/50).
 * Stops at the first non-finite loss (divergence) and says so on stderr, naming `lr`.
 */
export function trainGD(
  net: Mlp,
  X: number[][],
  y: number[],
  options: { lr: number; steps: number; record?: number },
): DataFrame {
  const run = gdRun(net, X, y, { lr: options?.lr, steps: options?.steps, record: options?.record });
  return plRecordsFrame(reportDivergence("trainGD", run.records, options.lr, options.steps));
}

/**
 * Mini-batch SGD on L (see {@link sgdRun}), as a DataFrame with the columns of {@link trainGD}; `epoch` counts
 * passes over the data (t · batchSize / n).
 *
 * @param net - the network at w₀.
 * @param X - the points (rows).
 * @param y - the targets.
 * @param options.lr - step size η > 0 (the step is η · (n/b) Σ_{i∈B} ∇ℓ_i).
 * @param options.steps - number of steps.
 * @param options.batchSize - points per step (1 … n).
 * @param options.seed - seed of the batch sampling.
 * @param options.record - kernel quantities every `record` steps (default steps/50).
 */
export function trainSGD(
  net: Mlp,
  X: number[][],
  y: number[],
  options: { lr: number; steps: number; batchSize: number; seed: number; record?: number },
): DataFrame {
  if (options === null || typeof options !== "object") throw new Error("options: expected an object");
  return plRecordsFrame(reportDivergence("trainSGD", sgdRun(net, X, y, options).records, options.lr, options.steps));
}

/**
 * Says on stderr (a notebook shows it under the cell) when a run stopped early because its loss stopped being
 * finite, naming the step and the step size; returns the records unchanged.
 */
function reportDivergence(what: string, records: PlTrainRecord[], lr: number, steps: number): PlTrainRecord[] {
  const last = records[records.length - 1];
  if (last && !Number.isFinite(last.loss)) {
    process.stderr.write(
      `${what}: training diverged: the loss became ${last.loss} at step ${last.step} of ${steps} with lr = ${lr}, ` +
        `so it stopped there. Use a smaller lr (below 2/λ_max of the loss's curvature; sgdStepSize gives a safe one).\n`,
    );
  }
  return records;
}

/**
 * A safe SGD step size for batch size b: η_b = 1 / ((n/b) · min(λ_max(K), b · max_i K_ii)) at w₀, which bounds the
 * curvature (n/b) λ_max(K_BB) of every mini-batch loss in the linearized model (K_BB is a principal submatrix of
 * K, so λ_max(K_BB) ≤ λ_max(K) and ≤ trace(K_BB)). For b = n it is 1/λ_max(K), the GD step 1/β of the linear model.
 */
export function sgdStepSize(net: Mlp, X: number[][], batchSize: number): number {
  const n0 = plCheckNet(net);
  const D = plCheckMatrix(X, "X", n0.dims[0]);
  const b = plCheckInt(batchSize, "batchSize", 1);
  if (b > D.n) throw new Error(`batchSize: expected an integer between 1 and n = ${D.n}, got ${b}`);
  const st = plLossState(n0, D, new Float64Array(D.n));
  const K = st.kernel();
  const ev = plSymEigenvalues(K, D.n);
  let diag = 0;
  for (let i = 0; i < D.n; i++) diag = Math.max(diag, K[i * D.n + i]);
  return 1 / ((D.n / b) * Math.min(ev[ev.length - 1], b * diag));
}

/**
 * Plain rows (objects with the same keys) as a danfojs DataFrame, e.g. an experiment's summary for `show`.
 *
 * @param rows - the rows; the first row's keys are the columns.
 */
export function plFrame(rows: readonly object[]): DataFrame {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error("rows: expected a non-empty array of objects");
  const dfd = requireHere("danfojs-node") as typeof import("danfojs-node");
  const cols = Object.keys(rows[0]);
  const data: Record<string, unknown[]> = {};
  for (const c of cols) data[c] = rows.map((r) => (r as Record<string, unknown>)[c]);
  return new dfd.DataFrame(data);
}

/**
 * Widths 2^lo, 2^(lo+1), …, 2^hi.
 *
 * @param lo - smallest exponent (integer ≥ 0).
 * @param hi - largest exponent (integer ≥ lo).
 */
export function plWidths(lo: number, hi: number): number[] {
  plCheckInt(lo, "lo", 0);
  plCheckInt(hi, "hi", lo);
  return Array.from({ length: hi - lo + 1 }, (_, k) => 2 ** (lo + k));
}
