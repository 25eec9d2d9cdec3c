/**
 * The experiments of tutorial 1 (PL* and the tangent kernel of wide networks), as functions from parameters to
 * plain results, so that notebook cells only call them and show what they return. Float64 throughout, except the
 * width sweep's kernels when it runs them in tfjs (`kernel: "tensor"`, or `auto` on a GPU; float32).
 */
import { linearFit, logLogSlope } from "../core/stats.js";
import { expectInteger, expectNumberList } from "../core/validate.js";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { toNumberArray } from "../linalg/index.js";
import { parallelMap } from "../parallel/index.js";
import { createRng } from "../tensor/index.js";
import {
  hessianNorm,
  plLossHessianNormFlat,
  plLossState,
  plKernelFlat,
  plStarCheck,
  plSymEigenvalues,
  squareLossHessianSpectrum,
} from "./kernel.js";
import { mlp, mlpParameters, mlpWithParameters, plForward, plWeightedGradient, type Mlp } from "./net.js";
import { ntkInfinite } from "./ntk.js";
import { expectedLinearizedSgdLoss } from "./linearizedSgd.js";
import { squareLossFloor } from "./lossFloor.js";
import { plEnsureTensorBackend, plKernelTensorFlat, plResolveKernel, type PlKernelChoice } from "./tensor.js";
import { gdRun, sgdRun, sgdStepSize, type PlTrainRecord } from "./train.js";
import { plCheckInt, plCheckMatrix, plCheckPositive, plCheckVector } from "./validate.js";
import type { ActivationName } from "../tensor/index.js";

/** A data set: points (rows) and targets. */
export interface PlDataset {
  X: number[][];
  y: number[];
}

/**
 * n points uniform on the sphere of radius √d in R^d (so ‖x‖²/d = 1) with targets y_i ~ N(0, 1) (random labels: the
 * hardest targets to fit, any function of the points is reachable by an over-parameterized net).
 *
 * @param options.n - number of points.
 * @param options.inputDim - dimension d.
 * @param options.seed - seed.
 */
export function sphereData(options: { n: number; inputDim: number; seed: number }): PlDataset {
  const n = plCheckInt(options?.n, "n", 1);
  const d = plCheckInt(options.inputDim, "inputDim", 1);
  plCheckInt(options.seed, "seed", Number.MIN_SAFE_INTEGER);
  const rng = createRng(options.seed);
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const v = toNumberArray(rng.normals(d));
    const r = Math.hypot(...v) || 1;
    X.push(v.map((a) => (a * Math.sqrt(d)) / r));
  }
  return { X, y: toNumberArray(rng.normals(n)) };
}

/** Relative Frobenius distance ‖A − B‖_F / ‖B‖_F. */
export function relativeError(A: number[][], B: number[][]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A[i].length; j++) {
      num += (A[i][j] - B[i][j]) ** 2;
      den += B[i][j] ** 2;
    }
  }
  return Math.sqrt(num / den);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. The inequality ½‖∇L‖² ≥ λ_min(K) L at random points.

/** One random point of {@link plInequalityExperiment}. */
export interface PlInequalityRow {
  width: number;
  activation: string;
  /** Distance of the point from the network's initialization. */
  radius: number;
  loss: number;
  halfGradSq: number;
  lambdaMin: number;
  /** λ_max(K) (sets the eigensolver's rounding level). */
  lambdaMax: number;
  /** The rounding level of the right-hand side: 100·n·ε·λ_max(K)·L (the eigensolver's accuracy for λ_min). */
  rounding: number;
  /** λ_min(K) · L, the right-hand side. */
  rhs: number;
  /** ½‖∇L‖² / (λ_min(K) L) ≥ 1. */
  ratio: number;
}

/**
 * Evaluates ½‖∇L(w)‖² and λ_min(K(w)) L(w) at random points w: random networks (several widths and activations,
 * fresh initializations) moved a random distance from their initialization.
 */
export function plInequalityExperiment(options: {
  data: PlDataset;
  widths: number[];
  activations: string[];
  samples: number;
  seed: number;
}): PlInequalityRow[] {
  const { data } = options;
  const D = plCheckMatrix(data?.X, "data.X");
  plCheckVector(data.y, D.n, "data.y");
  const samples = plCheckInt(options.samples, "samples", 1);
  const rng = createRng(options.seed);
  const rows: PlInequalityRow[] = [];
  for (let s = 0; s < samples; s++) {
    const width = options.widths[s % options.widths.length];
    const act = options.activations[Math.floor(s / options.widths.length) % options.activations.length];
    const net0 = mlp({ inputDim: D.d, widths: [width], activation: act, seed: rng.int(2 ** 30) });
    const w = mlpParameters(net0);
    const radius = 3 * rng.uniform();
    const xi = rng.normals(w.length);
    const nx = Math.hypot(...xi);
    for (let k = 0; k < w.length; k++) w[k] += (radius * xi[k]) / nx;
    const p = plStarCheck(mlpWithParameters(net0, w), data.X, data.y);
    const K = plLossState(mlpWithParameters(net0, w), D, plCheckVector(data.y, D.n, "data.y")).kernel();
    const spectrum = plSymEigenvalues(K, D.n);
    rows.push({
      width,
      activation: act,
      radius,
      loss: p.loss,
      halfGradSq: p.halfGradSq,
      lambdaMin: p.lambdaMin,
      lambdaMax: spectrum[spectrum.length - 1],
      rhs: p.lambdaMin * p.loss,
      rounding: 100 * D.n * Number.EPSILON * spectrum[spectrum.length - 1] * p.loss,
      ratio: p.ratio,
    });
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. Width sweep.

/** One network of {@link widthSweep}. */
export interface WidthSweepRow {
  width: number;
  seed: number;
  /** λ_min(K(w₀)). */
  lambdaMin: number;
  /** ‖K_m(w₀) − K_∞‖_F / ‖K_∞‖_F (NaN when there is no closed-form K_∞: output activation or other σ). */
  kernelError: number;
  /** max_i ‖∇²_w f(x_i; w₀)‖. */
  hessianNorm: number;
}

/** Result of {@link widthSweep}: per network, per width (means over seeds), and fitted log–log slopes. */
export interface WidthSweepResult {
  activation: string;
  outputActivation: string;
  /** How the tangent kernels were computed: `float64` (CPU) or `tensor` (tfjs, float32, e.g. on a GPU). */
  kernel: "float64" | "tensor";
  rows: WidthSweepRow[];
  /** Means over seeds, one per width. */
  summary: { width: number; lambdaMin: number; kernelError: number; hessianNorm: number }[];
  /** λ_min(K_∞) (NaN without closed form). */
  lambdaMinInfinite: number;
  /** Number of data points n (the kernels are n × n). */
  points: number;
  /** Fitted slope of log ‖K_m − K_∞‖/‖K_∞‖ against log m (theory: −½). */
  kernelErrorSlope: number;
  /** Fitted slope of log ‖H_f‖ against log m (theory: −½ with a linear output, 0 with σ on the output). */
  hessianSlope: number;
}

/** One point of {@link widthSweep} (plain data, so a worker thread can compute it). */
export interface WidthSweepPoint {
  width: number;
  /** Index of the network among the width's seeds (0 … seeds − 1). */
  seed: number;
  /** The seed of the network's initialization. */
  initSeed: number;
}

/** What every point of {@link widthSweep} shares (plain data). */
export interface WidthSweepShared {
  /** The points (rows). */
  X: number[][];
  activation: string;
  outputActivation: string;
  /** The infinite-width kernel K_∞ on X, or null when there is no closed form. */
  kernelInfinite: number[][] | null;
  /** Hidden units per chunk of the tfjs kernel (`kernel: "tensor"` only; default: the kernel's own). */
  chunkColumns?: number;
}

/** Options shared by the sweeps that run their points on all CPU cores. */
export interface PlSweepOptions {
  /**
   * Worker threads for the sweep's points (see `parallelMap`); default all cores (or `LANDSCAPE_WORKERS`); `1` runs
   * them in this thread. The results do not depend on it.
   */
  workers?: number;
  /** Called after each finished point with (finished, total), e.g. a progress bar's tick. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * One network of {@link widthSweep}: λ_min(K(w₀)), the relative distance of K(w₀) to K_∞ and the Hessian norm of
 * the model at initialization. A pure function of its arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - width, seed index and initialization seed.
 * @param _index - position in the sweep (unused).
 * @param shared - data, activations and K_∞.
 */
export function widthSweepPoint(point: WidthSweepPoint, _index: number, shared: WidthSweepShared): WidthSweepRow {
  const { D, net } = sweepNet(point, shared);
  return sweepRow(point, shared, D, net, plKernelFlat(net, D));
}

/**
 * {@link widthSweepPoint} with the tangent kernel computed in tfjs (float32) on the active backend — the GPU when
 * one runs — instead of float64 on the CPU; λ_min, the distance to K_∞ and the Hessian norm stay float64.
 *
 * @param point - width, seed index and initialization seed.
 * @param _index - position in the sweep (unused).
 * @param shared - data, activations, K_∞ and the chunk size.
 */
export async function widthSweepPointTensor(
  point: WidthSweepPoint,
  _index: number,
  shared: WidthSweepShared,
): Promise<WidthSweepRow> {
  const { D, net } = sweepNet(point, shared);
  await plEnsureTensorBackend();
  const K = await plKernelTensorFlat(net, D, { chunkColumns: shared.chunkColumns });
  return sweepRow(point, shared, D, net, K);
}

function sweepNet(point: WidthSweepPoint, shared: WidthSweepShared) {
  const D = plCheckMatrix(shared?.X, "shared.X");
  const width = plCheckInt(point?.width, "point.width", 1);
  const net = mlp({
    inputDim: D.d,
    widths: [width],
    activation: shared.activation,
    outputActivation: shared.outputActivation,
    seed: point.initSeed,
  });
  return { D, net };
}

function sweepRow(
  point: WidthSweepPoint,
  shared: WidthSweepShared,
  D: { n: number; d: number },
  net: Mlp,
  Kf: Float64Array,
): WidthSweepRow {
  const lm = plSymEigenvalues(Kf, D.n)[0];
  const Kinf = shared.kernelInfinite;
  let err = NaN;
  if (Kinf) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < D.n; i++)
      for (let j = 0; j < D.n; j++) {
        num += (Kf[i * D.n + j] - Kinf[i][j]) ** 2;
        den += Kinf[i][j] ** 2;
      }
    err = Math.sqrt(num / den);
  }
  const hn = hessianNorm(net, shared.X, { iterations: 100, tol: 1e-6 });
  return { width: net.dims[1], seed: point.seed, lambdaMin: lm, kernelError: err, hessianNorm: hn };
}

/**
 * One-hidden-layer networks of growing width m at initialization: λ_min(K), distance of K to the infinite-width
 * kernel, and the Hessian norm of the model, with fitted log–log slopes. The networks are independent: they are
 * computed on all CPU cores (`parallelMap`, widest first); the result is the same for any number of workers.
 *
 * @param options.data - the data set (only X is used).
 * @param options.widths - at least two widths m.
 * @param options.activation - σ of the hidden layer.
 * @param options.outputActivation - σ_out (default linear).
 * @param options.seeds - networks per width (different initializations).
 * @param options.seed - base seed; network s of width m is initialized with seed + 1000·s + m.
 * @param options.kernel - how the tangent kernels are computed: `float64` (exact, CPU), `tensor` (tfjs, float32, on the
 *   active backend; one hidden layer), or `auto` (default): `tensor` when the tfjs backend runs on a GPU
 *   (`backendInfo().device` starts with "GPU"), else `float64`. λ_min, ‖K_m − K_∞‖ and ‖H_f‖ are float64 either way.
 * @param options.chunkColumns - hidden units per chunk of the tfjs kernel (default: the kernel's own).
 * @param options.workers - worker threads (default all cores; 1 = this thread; a GPU backend runs in this thread).
 * @param options.onProgress - called after each network with (finished, total).
 */
export async function widthSweep(
  options: {
    data: PlDataset;
    widths: number[];
    activation: string;
    outputActivation?: string;
    seeds: number;
    seed: number;
    kernel?: PlKernelChoice;
    chunkColumns?: number;
  } & PlSweepOptions,
): Promise<WidthSweepResult> {
  const D = plCheckMatrix(options?.data?.X, "data.X");
  const kernel = plResolveKernel(options.kernel ?? "auto");
  if (options.chunkColumns !== undefined) plCheckInt(options.chunkColumns, "chunkColumns", 1);
  const seeds = plCheckInt(options.seeds, "seeds", 1);
  if (!Array.isArray(options.widths) || options.widths.length < 2) {
    throw new Error("widths: expected at least two widths");
  }
  for (const width of options.widths) plCheckInt(width, "widths[i]", 1);
  const out = options.outputActivation ?? "linear";
  const closed = out === "linear" && (options.activation === "relu" || options.activation === "erf");
  const Kinf = closed ? ntkInfinite(options.activation, options.data.X) : null;
  const lambdaMinInfinite = Kinf ? plSymEigenvalues(Float64Array.from(Kinf.flat()), D.n)[0] : NaN;
  const points: WidthSweepPoint[] = [];
  for (const width of options.widths)
    for (let s = 0; s < seeds; s++) points.push({ width, seed: s, initSeed: options.seed + 1000 * s + width });
  const shared: WidthSweepShared = {
    X: options.data.X,
    activation: options.activation,
    outputActivation: out,
    kernelInfinite: Kinf,
  };
  if (kernel === "tensor" && options.chunkColumns !== undefined) shared.chunkColumns = options.chunkColumns;
  const rows = await parallelMap<WidthSweepPoint, WidthSweepRow, WidthSweepShared>(
    points,
    { module: __filename, export: kernel === "tensor" ? "widthSweepPointTensor" : "widthSweepPoint" },
    { shared, workers: options.workers, onProgress: options.onProgress, cost: (p) => p.width },
  );
  const summary: WidthSweepResult["summary"] = [];
  for (let w = 0; w < options.widths.length; w++) {
    const acc = { lambdaMin: 0, kernelError: 0, hessianNorm: 0 };
    for (let s = 0; s < seeds; s++) {
      const r = rows[w * seeds + s];
      acc.lambdaMin += r.lambdaMin / seeds;
      acc.kernelError += r.kernelError / seeds;
      acc.hessianNorm += r.hessianNorm / seeds;
    }
    summary.push({ width: options.widths[w], ...acc });
  }
  const ws = summary.map((r) => r.width);
  return {
    activation: options.activation,
    outputActivation: out,
    kernel,
    rows,
    summary,
    lambdaMinInfinite,
    points: D.n,
    kernelErrorSlope: Kinf
      ? logLogSlope(
          ws,
          summary.map((r) => r.kernelError),
        )
      : NaN,
    hessianSlope: logLogSlope(
      ws,
      summary.map((r) => r.hessianNorm),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 3. GD at η = 1/β.

/** Result of {@link gdExperiment}. */
export interface GdExperimentResult {
  width: number;
  /** Number of training points. */
  n: number;
  parameterCount: number;
  records: PlTrainRecord[];
  /** ‖∇²L(w₀)‖ (power iteration). */
  beta0: number;
  /** The smoothness constant used: β = safety · β₀. */
  beta: number;
  /** max over the recorded w_t of ‖∇²L(w_t)‖ (must not exceed β for the theorem's hypothesis to hold on the path). */
  betaRun: number;
  /** Step size η = 1/β. */
  eta: number;
  /** Runs made: β is raised to safety · betaRun and the run redone while betaRun > β (at most 4). */
  attempts: number;
  /** μ = min over the recorded w_t of λ_min(K(w_t)). */
  mu: number;
  /** L(w₀). */
  loss0: number;
  /** R = 2√(2βL(w₀))/μ. */
  R: number;
  /** The bound (1 − ημ)^t L(w₀) at each step. */
  bound: number[];
  /** Whether L(w_t) ≤ (1 − ημ)^t L(w₀) at every step. */
  boundHolds: boolean;
  /** max_t ‖w_t − w₀‖. */
  maxDistance: number;
  /** max over the recorded steps of ‖K(w_t) − K(w₀)‖/‖K(w₀)‖. */
  maxKernelChange: number;
  /** L at the last step. */
  finalLoss: number;
  /** The rounding floor of L for this network and data (`squareLossFloor`). */
  lossFloor: number;
}

/**
 * Gradient descent at η = 1/β on a one-hidden-layer network: β is ‖∇²L(w₀)‖ (power iteration) times a safety
 * factor, checked along the run; μ is the smallest λ_min(K(w_t)) recorded along the run.
 */
export function gdExperiment(options: {
  data: PlDataset;
  width: number;
  activation: string;
  outputActivation?: string;
  steps: number;
  record?: number;
  seed: number;
  betaSafety?: number;
  recordHessian?: boolean;
}): GdExperimentResult {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const safety = options.betaSafety === undefined ? 1.1 : plCheckPositive(options.betaSafety, "betaSafety");
  const net = mlp({
    inputDim: D.d,
    widths: [plCheckInt(options.width, "width", 1)],
    activation: options.activation,
    outputActivation: options.outputActivation,
    seed: options.seed,
  });
  const recordHessian = options.recordHessian ?? true;
  const fit = plGdAtOneOverBeta(net, D, t, options.data, {
    steps: options.steps,
    record: options.record,
    safety,
    recordHessian,
  });
  const { beta0, beta, eta, run } = fit;
  const recs = run.records;
  let mu = Infinity;
  let betaRun = 0;
  let maxKernelChange = 0;
  let maxDistance = 0;
  for (const r of recs) {
    if (Number.isFinite(r.lambdaMin)) mu = Math.min(mu, r.lambdaMin);
    if (Number.isFinite(r.lossHessianNorm)) betaRun = Math.max(betaRun, r.lossHessianNorm);
    if (Number.isFinite(r.kernelChange)) maxKernelChange = Math.max(maxKernelChange, r.kernelChange);
    maxDistance = Math.max(maxDistance, r.distance);
  }
  const loss0 = recs[0].loss;
  const bound = recs.map((r) => (1 - eta * mu) ** r.step * loss0);
  return {
    width: options.width,
    n: D.n,
    parameterCount: net.parameterCount,
    records: recs,
    beta0,
    beta,
    betaRun: recordHessian ? betaRun : NaN,
    attempts: fit.attempts,
    eta,
    mu,
    loss0,
    R: (2 * Math.sqrt(2 * beta * loss0)) / mu,
    bound,
    boundHolds: recs.every((r, i) => r.loss <= bound[i] * (1 + 1e-12)),
    maxDistance,
    maxKernelChange,
    finalLoss: recs[recs.length - 1].loss,
    lossFloor: squareLossFloor(t, options.width),
  };
}

/**
 * GD at η = 1/β with β = safety · ‖∇²L(w₀)‖, checked along the run: when ‖∇²L(w_t)‖ at a recorded step exceeds β,
 * β becomes safety · (that maximum) and the run is redone (at most 4 runs).
 */
export function plGdAtOneOverBeta(
  net: Mlp,
  D: { n: number; d: number; data: Float64Array },
  t: Float64Array,
  data: PlDataset,
  o: { steps: number; record?: number; safety: number; recordHessian: boolean },
) {
  const beta0 = plLossHessianNormFlat(net, D, t, { iterations: 300, tol: 1e-9 });
  let beta = o.safety * beta0;
  let attempts = 0;
  for (;;) {
    attempts++;
    const eta = 1 / beta;
    const run = gdRun(net, data.X, data.y, {
      lr: eta,
      steps: o.steps,
      record: o.record,
      recordHessian: o.recordHessian,
    });
    let betaRun = 0;
    for (const r of run.records) if (Number.isFinite(r.lossHessianNorm)) betaRun = Math.max(betaRun, r.lossHessianNorm);
    if (!o.recordHessian || betaRun <= beta || attempts >= 4) return { beta0, beta, eta, run, attempts };
    beta = o.safety * betaRun;
  }
}

/** One width of {@link gdWidthStudy}. */
export interface GdWidthRow {
  width: number;
  /** Number of training points. */
  n: number;
  /** max_t ‖w_t − w₀‖. */
  maxDistance: number;
  /** The radius R = 2√(2βL₀)/μ of the theorem. */
  R: number;
  /** max_t ‖K(w_t) − K(w₀)‖/‖K(w₀)‖. */
  maxKernelChange: number;
  /** L(w_T)/L(w₀). */
  lossReduction: number;
  mu: number;
  beta: number;
}

/** What every width of {@link gdWidthStudy} shares (plain data). */
export interface GdWidthShared {
  data: PlDataset;
  activation: string;
  steps: number;
  record?: number;
  seed: number;
}

/**
 * One width of {@link gdWidthStudy}: GD at η = 1/β (β = 1.1‖∇²L(w₀)‖, no along-the-path check) from a network of
 * this width. A pure function of its arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - the width.
 * @param _index - position in the study (unused).
 * @param shared - data, activation, steps, record interval and seed.
 */
export function gdWidthPoint(point: { width: number }, _index: number, shared: GdWidthShared): GdWidthRow {
  const width = plCheckInt(point?.width, "point.width", 1);
  const r = gdExperiment({ ...shared, width, recordHessian: false });
  return {
    width,
    n: r.n,
    maxDistance: r.maxDistance,
    R: r.R,
    maxKernelChange: r.maxKernelChange,
    lossReduction: r.finalLoss / r.loss0,
    mu: r.mu,
    beta: r.beta,
  };
}

/**
 * GD at η = 1/β for several widths on the same data: how far w moves and how much K changes. The widths run on all
 * CPU cores (`parallelMap`, widest first); the result is the same for any number of workers.
 *
 * @param options.data - the data set.
 * @param options.widths - the widths.
 * @param options.activation - σ of the hidden layer.
 * @param options.steps - GD steps per run.
 * @param options.record - record every this many steps.
 * @param options.seed - initialization seed (the same for every width).
 * @param options.workers - worker threads (default all cores; 1 = this thread).
 * @param options.onProgress - called after each width with (finished, total).
 */
export async function gdWidthStudy(
  options: {
    data: PlDataset;
    widths: number[];
    activation: string;
    steps: number;
    record?: number;
    seed: number;
  } & PlSweepOptions,
): Promise<{ rows: GdWidthRow[]; kernelChangeSlope: number; distanceSlope: number }> {
  const D = plCheckMatrix(options?.data?.X, "data.X");
  plCheckVector(options.data.y, D.n, "data.y");
  if (!Array.isArray(options.widths) || options.widths.length < 1) {
    throw new Error("widths: expected a non-empty array of widths");
  }
  for (const width of options.widths) plCheckInt(width, "widths[i]", 1);
  const shared: GdWidthShared = {
    data: { X: options.data.X, y: options.data.y },
    activation: options.activation,
    steps: options.steps,
    record: options.record,
    seed: options.seed,
  };
  const rows = await parallelMap<{ width: number }, GdWidthRow, GdWidthShared>(
    options.widths.map((width) => ({ width })),
    { module: __filename, export: "gdWidthPoint" },
    { shared, workers: options.workers, onProgress: options.onProgress, cost: (p) => p.width },
  );
  const ws = rows.map((r) => r.width);
  return {
    rows,
    kernelChangeSlope: logLogSlope(
      ws,
      rows.map((r) => r.maxKernelChange),
    ),
    distanceSlope: logLogSlope(
      ws,
      rows.map((r) => r.maxDistance),
    ),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// 4. SGD.

/** One batch size of {@link sgdExperiment}. */
export interface SgdRunSummary {
  batchSize: number;
  lr: number;
  steps: number;
  records: PlTrainRecord[];
  /** Fitted slope of log10 L against epochs (negative: exponential convergence). */
  log10LossPerEpoch: number;
  /** L(w_T)/L(w₀). */
  lossReduction: number;
  /**
   * E[L(w_T)]/L(w₀) of the same SGD on the linearized model (exact second-moment recursion, see
   * `expectedLinearizedSgdLoss`), the slower of the linearizations at w₀ and at w_T: the prediction.
   */
  expectedLossReduction: number;
  /** The rounding floor of L relative to L(w₀) (`squareLossFloor`). */
  floorReduction: number;
}

/**
 * The batch sizes of the SGD section for n points: 1, ⌈n/4⌉ and n, without repeats (for n ≤ 4 fewer than three).
 *
 * @param n - the number of training points, an integer ≥ 1.
 */
export function sgdBatchSizes(n: number): number[] {
  const points = expectInteger(n, "n", { min: 1 });
  return [...new Set([1, Math.ceil(points / 4), points])];
}

/**
 * SGD with several batch sizes on the same network and data, each at the safe step size of {@link sgdStepSize},
 * for the same number of epochs; each run with the prediction of the linearized model (its expected loss after the
 * same steps) and the loss's rounding floor.
 */
export function sgdExperiment(options: {
  data: PlDataset;
  width: number;
  activation: string;
  batchSizes: number[];
  epochs: number;
  seed: number;
}): SgdRunSummary[] {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const epochs = plCheckPositive(options.epochs, "epochs");
  const batchSizes = expectNumberList(options.batchSizes, "batchSizes", {
    integer: true,
    min: 1,
    max: D.n,
    minLength: 1,
    distinct: true,
  });
  const net = mlp({ inputDim: D.d, widths: [options.width], activation: options.activation, seed: options.seed });
  const state0 = plLossState(net, D, t);
  const kernel0 = state0.kernel();
  const floor = squareLossFloor(t, net.dims[1]);
  return batchSizes.map((b) => {
    const lr = sgdStepSize(net, options.data.X, b);
    const steps = Math.max(1, Math.round((epochs * D.n) / b));
    const record = Math.max(1, Math.floor(steps / 20));
    const run = sgdRun(net, options.data.X, options.data.y, {
      lr,
      steps,
      batchSize: b,
      seed: options.seed + b,
      record,
    });
    const rec = run.records;
    const fit = linearFit(
      rec.map((r) => r.epoch),
      rec.map((r) => Math.log10(r.loss)),
    );
    // The slower of the linearizations at w₀ and at w_T (the kernel moves a little along the run).
    const kernelT = plLossState(run.net, D, t).kernel();
    const expected = Math.max(
      ...[kernel0, kernelT].map((K) => {
        const e = expectedLinearizedSgdLoss(K, state0.r, { lr, batchSize: b, steps, record: steps });
        return e[e.length - 1].expectedLoss;
      }),
    );
    return {
      batchSize: b,
      lr,
      steps,
      records: rec,
      log10LossPerEpoch: fit.slope,
      lossReduction: rec[rec.length - 1].loss / rec[0].loss,
      expectedLossReduction: expected / state0.loss,
      floorReduction: floor / state0.loss,
    };
  });
}

// ---------------------------------------------------------------------------------------------------------------
// 5. Under-parameterized.

/** One network of {@link underParameterizedExperiment}. */
export interface UnderParamNetwork {
  width: number;
  parameterCount: number;
  records: PlTrainRecord[];
  /** The step η = 1/β, β = 1.1 ‖∇²L‖ checked along the run. */
  eta: number;
  /** λ_min(K(w₀))/λ_max(K(w₀)). */
  lambdaMinOverLambdaMax: number;
  /** min over the recorded steps of λ_min(K(w_t)). */
  mu: number;
  /** The rounding floor of L (`squareLossFloor`). */
  lossFloor: number;
}

/** Result of {@link underParameterizedExperiment}. */
export interface UnderParamResult {
  /** The small network (P < n unless the reader chose otherwise; the claims check it). */
  under: UnderParamNetwork;
  /** The wide network on the same data, for comparison. */
  over: UnderParamNetwork;
  n: number;
}

/**
 * GD at η = 1/β on a small network (P < n: rank K ≤ P, λ_min(K) = 0) and on a wide one, same data.
 */
export function underParameterizedExperiment(options: {
  data: PlDataset;
  underWidth: number;
  overWidth: number;
  activation: string;
  steps: number;
  seed: number;
}): UnderParamResult {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const one = (width: number): UnderParamNetwork => {
    const net = mlp({ inputDim: D.d, widths: [width], activation: options.activation, seed: options.seed });
    const { eta, run } = plGdAtOneOverBeta(net, D, t, options.data, {
      steps: options.steps,
      record: Math.max(1, Math.floor(options.steps / 10)),
      safety: 1.1,
      recordHessian: true,
    });
    const K = plLossState(net, D, t).kernel();
    const ev = plSymEigenvalues(K, D.n);
    let mu = Infinity;
    for (const r of run.records) if (Number.isFinite(r.lambdaMin)) mu = Math.min(mu, r.lambdaMin);
    return {
      width,
      parameterCount: net.parameterCount,
      records: run.records,
      eta,
      lambdaMinOverLambdaMax: ev[0] / ev[ev.length - 1],
      mu,
      lossFloor: squareLossFloor(t, width),
    };
  };
  return { under: one(options.underWidth), over: one(options.overWidth), n: D.n };
}

// ---------------------------------------------------------------------------------------------------------------
// 6. Not locally convex.

/** One distance δ of {@link nonConvexityExperiment}. */
export interface NonConvexRow {
  delta: number;
  /** Smallest eigenvalue of ∇²L at w* + δv, min over the random directions v. */
  lambdaMinHessian: number;
  /** Median over the directions. */
  lambdaMinHessianMedian: number;
  /** Fraction of directions at which ∇²L has a negative eigenvalue. */
  fractionNegative: number;
  /** L at w* + δv (median over directions). */
  loss: number;
}

/** Result of {@link nonConvexityExperiment}. */
export interface NonConvexResult {
  parameterCount: number;
  n: number;
  /** L(w*) of the minimizer found. */
  minimizerLoss: number;
  /** The rounding floor of L for this network and data (`squareLossFloor`). */
  lossFloor: number;
  /**
   * Eigenvalues of ∇²L(w*): smallest and largest; `tolerance`, the rounding level of the computed eigenvalues
   * (100·P·ε·λ_max for the eigensolver, plus √n ‖F(w*) − y‖ max_i ‖∇²f(x_i)‖ for the residual's curvature term
   * Σ r_i ∇²f(x_i)); `nearZero`, how many lie within it in magnitude; `smallestAboveNull`, the (P − n + 1)-th
   * smallest (the smallest eigenvalue of DFᵀDF's range, when P > n).
   */
  hessianAtMinimizer: { min: number; max: number; nearZero: number; tolerance: number; smallestAboveNull: number };
  rows: NonConvexRow[];
}

/**
 * Finds a global minimizer w* (L = 0) of an over-parameterized network by gradient descent polished with
 * minimum-norm Gauss–Newton steps w ← w − DFᵀ(DF DFᵀ)⁻¹(F − y), then computes the full spectrum of ∇²L at points
 * w* ± δv for random unit directions v and shrinking δ. The directions come in pairs ±v: to first order in δ the
 * curvature term Σ_i r_i ∇²f(x_i) at w* + δv is the negative of that at w* − δv, so on the null space of DF one of
 * the two has a negative eigenvalue unless the term vanishes there.
 *
 * @param options.directions - number of directions (rounded up to an even number: pairs ±v).
 */
export function nonConvexityExperiment(options: {
  data: PlDataset;
  width: number;
  activation: string;
  deltas: number[];
  directions: number;
  seed: number;
}): NonConvexResult {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const dirs = plCheckInt(options.directions, "directions", 1);
  const deltas = expectNumberList(options.deltas, "deltas", { min: 0, minOpen: true, minLength: 1 });
  let net: Mlp = mlp({ inputDim: D.d, widths: [options.width], activation: options.activation, seed: options.seed });
  const eta = 1 / plLossHessianNormFlat(net, D, t, { iterations: 300, tol: 1e-9 });
  net = gdRun(net, options.data.X, options.data.y, { lr: eta, steps: 200, record: 200 }).net;
  net = plGaussNewtonPolish(net, D, t, 200);
  const wStar = mlpParameters(net);
  const minimizerLoss = plLossState(net, D, t).loss;
  const P = net.parameterCount;
  const ev0 = squareLossHessianSpectrum(net, options.data.X, options.data.y);
  const top = Math.max(Math.abs(ev0[0]), Math.abs(ev0[ev0.length - 1]));
  const tolerance =
    100 * P * Number.EPSILON * top +
    Math.sqrt(D.n) * Math.sqrt(2 * minimizerLoss) * hessianNorm(net, options.data.X, { iterations: 100, tol: 1e-6 });
  const hessianAtMinimizer = {
    min: ev0[0],
    max: ev0[ev0.length - 1],
    nearZero: ev0.filter((e) => Math.abs(e) <= tolerance).length,
    tolerance,
    smallestAboveNull: P > D.n ? ev0[P - D.n] : NaN,
  };
  const rng = createRng(options.seed + 1);
  const directions: Float64Array[] = [];
  for (let k = 0; k < Math.ceil(dirs / 2); k++) {
    const v = rng.normals(wStar.length);
    const nv = Math.hypot(...v);
    for (let j = 0; j < v.length; j++) v[j] /= nv;
    directions.push(
      v,
      v.map((a) => -a),
    );
  }
  const rows = deltas.map((delta) => {
    const mins: number[] = [];
    const losses: number[] = [];
    for (const v of directions) {
      const w = wStar.map((a, j) => a + delta * v[j]);
      const nd = mlpWithParameters(net, w);
      mins.push(squareLossHessianSpectrum(nd, options.data.X, options.data.y)[0]);
      losses.push(plLossState(nd, D, t).loss);
    }
    const sorted = mins.slice().sort((a, b) => a - b);
    const ls = losses.slice().sort((a, b) => a - b);
    return {
      delta,
      lambdaMinHessian: sorted[0],
      lambdaMinHessianMedian: sorted[Math.floor(sorted.length / 2)],
      fractionNegative: mins.filter((m) => m < 0).length / mins.length,
      loss: ls[Math.floor(ls.length / 2)],
    };
  });
  return {
    parameterCount: P,
    n: D.n,
    minimizerLoss,
    lossFloor: squareLossFloor(t, options.width),
    hessianAtMinimizer,
    rows,
  };
}

/**
 * Minimum-norm Gauss–Newton steps w ← w − s·Jᵀ(JJᵀ)⁻¹ r, the step s halved from 1 until L decreases, until L stops
 * decreasing (at most `iters` steps).
 */
export function plGaussNewtonPolish(
  net: Mlp,
  D: { n: number; d: number; data: Float64Array },
  t: Float64Array,
  iters: number,
): Mlp {
  let cur = net;
  let st = plLossState(cur, D, t);
  for (let it = 0; it < iters && st.loss > 0; it++) {
    const K = st.kernel();
    const M = new Matrix(D.n, D.n);
    for (let i = 0; i < D.n; i++) for (let j = 0; j < D.n; j++) M.set(i, j, K[i * D.n + j]);
    const evd = new EigenvalueDecomposition(M, { assumeSymmetric: true });
    const V = evd.eigenvectorMatrix;
    const lam = evd.realEigenvalues;
    // a = K⁻¹ r by the eigendecomposition.
    const a = new Float64Array(D.n);
    for (let k = 0; k < D.n; k++) {
      if (lam[k] <= 1e-14 * lam[lam.length - 1]) continue;
      let c = 0;
      for (let i = 0; i < D.n; i++) c += V.get(i, k) * st.r[i];
      c /= lam[k];
      for (let i = 0; i < D.n; i++) a[i] += c * V.get(i, k);
    }
    // step = Jᵀ a = Σ_i a_i ∇f_i.
    const w = mlpParameters(cur);
    const nextState = (scale: number) => {
      const step = plWeightedGradient(cur, plForward(cur, D), a);
      const w2 = w.map((x, j) => x - scale * step[j]);
      const n2 = mlpWithParameters(cur, w2);
      return { n2, st2: plLossState(n2, D, t) };
    };
    // The Gauss–Newton direction is a descent direction (∇Lᵀ DFᵀK⁻¹r = ‖r‖²): halve the step until L decreases.
    let { n2, st2 } = nextState(1);
    for (let halvings = 1; !(st2.loss < st.loss) && halvings <= 40; halvings++)
      ({ n2, st2 } = nextState(2 ** -halvings));
    if (!(st2.loss < st.loss)) break;
    cur = n2;
    st = st2;
  }
  return cur;
}

/** Which activation names the experiments accept (re-export for TSDoc links). */
export type PlActivation = ActivationName;
