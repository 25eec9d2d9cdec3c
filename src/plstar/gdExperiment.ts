/**
 * Section 3 of tutorial 1: gradient descent at η = 1/β with β and μ estimated along the run (the PL* theorem's
 * constants), and the same run over several widths.
 */
import { logLogSlope } from "../core/stats.js";
import { parallelMap } from "../parallel/index.js";
import { plLossHessianNormFlat } from "./kernel.js";
import { mlp, type Mlp } from "./net.js";
import { squareLossFloor } from "./lossFloor.js";
import { gdRun, type PlTrainRecord } from "./train.js";
import { plCheckInt, plCheckMatrix, plCheckPositive, plCheckVector } from "./validate.js";
import type { PlDataset } from "./data.js";
import type { PlSweepOptions } from "./widthSweep.js";

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
