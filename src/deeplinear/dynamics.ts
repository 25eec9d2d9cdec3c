/**
 * Gradient descent on a deep linear network from a small random initialization (float64), and the plateaus its
 * loss curve makes at the predicted critical values.
 */
import { createRng } from "../tensor/random.js";
import { expectInteger, expectNumber, expectOptions } from "../core/validate.js";
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { type Mat, frob2, matmul, sub, transpose, zeros } from "./linalg.js";
import {
  type GdSchedule,
  type Orientation,
  type StabilityBound,
  STEP_CAP,
  gdSchedule,
  gdStabilityBound,
  orientationFree,
} from "./escape.js";

/** A recorded gradient-descent run. */
export interface GdRun {
  /** Depth H of the network. */
  H: number;
  /** Layer widths. */
  widths: number[];
  /** Step size used. */
  lr: number;
  /** Standard deviation of the initial entries. */
  initScale: number;
  /** Recorded step indices (0 = initialization). */
  steps: number[];
  /** Loss at those steps. */
  losses: number[];
  /** Final layers. */
  Ws: number[][][];
  /** Whether the run stayed finite. */
  finite: boolean;
}

/** The default GD step of {@link deepLinearGD}: 0.2 / (H · λ₁), stable near the minimizers for data with Σ_XX ≈ I. */
export function defaultGdLr(problem: DeepLinearProblem): number {
  return 0.2 / (problem.H * Math.max(problem.lambdas[0], 1e-12));
}

/**
 * Plain gradient descent W_h ← W_h − η ∇_{W_h} L from W_h = scale · N(0, 1) entries (float64).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.steps - number of GD steps.
 * @param opts.lr - step size η (default 0.2 / (H · λ₁), stable near the minimizers for data with Σ_XX ≈ I).
 * @param opts.initScale - standard deviation of the initial entries (default 0.05).
 * @param opts.record - record the loss at every step up to 200, then every this many steps (default: about 400
 *   points in all).
 * @param opts.seed - seed of the initialization.
 * @returns the loss curve and the final layers.
 * @throws Error naming the bad option.
 */
export function deepLinearGD(
  problem: DeepLinearProblem,
  opts: { steps: number; lr?: number; initScale?: number; record?: number; seed: number },
): GdRun {
  assertProblem(problem);
  const { H, widths, Sxx, Syx, X, Y } = problem;
  const o = expectOptions<{ steps: number; lr: number; initScale: number; record: number; seed: number }>(opts, "opts");
  const steps = expectInteger(o.steps, "opts.steps", { min: 1 });
  const lr = expectNumber(o.lr ?? defaultGdLr(problem), "opts.lr", {
    min: 0,
    minOpen: true,
  });
  const initScale = expectNumber(o.initScale ?? 0.05, "opts.initScale", { min: 0, minOpen: true });
  const record = expectInteger(o.record ?? Math.max(1, Math.floor(steps / 400)), "opts.record", { min: 1 });
  const seed = expectInteger(o.seed, "opts.seed");
  let Ws: Mat[] = initialLayers(problem, { initScale, seed });
  const lossOf = (P: Mat) => frob2(sub(matmul(P, X), Y));
  const recordedSteps: number[] = [];
  const losses: number[] = [];
  let finite = true;
  for (let t = 0; t <= steps; t++) {
    // prefix B[h] = W_{h−1:1} (B[1] = I), suffix A[h] = W_{H:h+1} (A[H] = I)
    const B: Mat[] = [];
    B[1] = identity(widths[0]);
    for (let h = 2; h <= H + 1; h++) B[h] = matmul(Ws[h - 2], B[h - 1], widths[0]);
    const P = B[H + 1];
    if (t <= 200 || t % record === 0 || t === steps) {
      const L = lossOf(P);
      recordedSteps.push(t);
      losses.push(L);
      if (!Number.isFinite(L)) {
        finite = false;
        break;
      }
    }
    if (t === steps) break;
    const A: Mat[] = [];
    A[H] = identity(widths[H]);
    for (let h = H - 1; h >= 1; h--) A[h] = matmul(A[h + 1], Ws[h], widths[h]);
    const G = sub(matmul(P, Sxx), Syx);
    Ws = Ws.map((W, idx) => {
      const h = idx + 1;
      const g = matmul(matmul(transpose(A[h], widths[h]), G), transpose(B[h], widths[0]), widths[h - 1]);
      return W.map((row, i) => row.map((v, j) => v - 2 * lr * g[i][j]));
    });
  }
  return { H, widths: widths.slice(), lr, initScale, steps: recordedSteps, losses, Ws, finite };
}

/**
 * The random initialization {@link deepLinearGD} starts from: W_h with independent N(0, ε²) entries, drawn layer by
 * layer, row by row from `createRng(seed)`.
 *
 * @param problem - from {@link deepLinearProblem} (gives the widths).
 * @param opts.initScale - ε.
 * @param opts.seed - seed of the draws.
 */
export function initialLayers(problem: DeepLinearProblem, opts: { initScale: number; seed: number }): Mat[] {
  assertProblem(problem);
  const rng = createRng(opts.seed);
  const Ws: Mat[] = [];
  for (let h = 1; h <= problem.H; h++) {
    const W = zeros(problem.widths[h], problem.widths[h - 1]);
    for (const row of W) for (let j = 0; j < row.length; j++) row[j] = opts.initScale * rng.normal();
    Ws.push(W);
  }
  return Ws;
}

function identity(n: number): Mat {
  const I = zeros(n, n);
  for (let i = 0; i < n; i++) I[i][i] = 1;
  return I;
}

/** Time a run spent near one critical value. */
export interface Plateau {
  /** The critical value tr(YYᵀ) − Σ_{i<s} λ_i. */
  value: number;
  /** s = |S| for S = {0, …, s − 1}. */
  s: number;
  /** Number of GD steps (from the recorded curve) with |L − value| ≤ band. */
  steps: number;
  /** The band used. */
  band: number;
}

/**
 * How long a GD run stayed near each "top-s" critical value tr(YYᵀ) − λ₁ − … − λ_s (s = 0 … s_max): the number of
 * steps with |L − value| ≤ `fraction` · (smallest gap between these values).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param run - from {@link deepLinearGD}.
 * @param fraction - band as a fraction of the smallest gap (default 0.05).
 * @returns one entry per s.
 */
export function plateaus(problem: DeepLinearProblem, run: GdRun, fraction = 0.05): Plateau[] {
  assertProblem(problem);
  const values: number[] = [];
  let v = problem.trYY;
  values.push(v);
  for (let s = 0; s < problem.sMax; s++) {
    v -= problem.lambdas[s];
    values.push(v);
  }
  let gap = Infinity;
  for (let s = 0; s < problem.sMax; s++) gap = Math.min(gap, problem.lambdas[s]);
  const band = fraction * gap;
  return values.map((value, s) => {
    let count = 0;
    for (let k = 0; k < run.losses.length; k++) {
      if (Math.abs(run.losses[k] - value) <= band) {
        const next = k + 1 < run.steps.length ? run.steps[k + 1] : run.steps[k] + 1;
        count += next - run.steps[k];
      }
    }
    return { value, s, steps: count, band };
  });
}

/**
 * When a GD run arrived at each critical value tr(YYᵀ) − λ₁ − … − λ_s, s = 1 … s_max: the first recorded step at
 * which the loss is at or below the midpoint between the values of s − 1 and s (the same event as the balanced-mode
 * model's "mode s half learned", see `gdSchedule`).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param run - from {@link deepLinearGD}.
 * @returns arrivals[s − 1] for s = 1 … s_max (Infinity where the run never got there).
 */
export function arrivalSteps(problem: DeepLinearProblem, run: GdRun): number[] {
  assertProblem(problem);
  const out: number[] = [];
  let value = problem.trYY;
  for (let s = 0; s < problem.sMax; s++) {
    const mid = value - problem.lambdas[s] / 2;
    value -= problem.lambdas[s];
    const k = run.losses.findIndex((l) => l <= mid);
    out.push(k < 0 ? Infinity : run.steps[k]);
  }
  return out;
}

/** A GD run on its derived schedule (or the reason it was not run). */
export interface ScheduledRun {
  /** The problem it ran on. */
  problem: DeepLinearProblem;
  /** The predicted escape times and the step budget. */
  schedule: GdSchedule;
  /** The stability bound η < 2/β from the data's scale. */
  stability: StabilityBound;
  /** Step η and init ε used. */
  lr: number;
  initScale: number;
  /** Whether the widths let every mode grow from its own sign ({@link orientationFree}). */
  orientation: Orientation;
  /** The run, absent when the budget exceeds {@link STEP_CAP} (the claims then say so). */
  run?: GdRun;
}

/**
 * Gradient descent from a small init for as many steps as its derived schedule asks ({@link gdSchedule}: the
 * predicted escape time of the slowest mode, times {@link ESCAPE_FACTOR}), so the budget grows with 1/η, 1/ε and
 * the depth as the theory says. A budget above {@link STEP_CAP} is not run (the notebook's time).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.lr - step η.
 * @param opts.initScale - std ε of the initial entries.
 * @param opts.seed - seed of the initialization.
 */
export function scheduledGD(
  problem: DeepLinearProblem,
  opts: { lr: number; initScale: number; seed: number },
): ScheduledRun {
  assertProblem(problem);
  const schedule = gdSchedule(problem, opts);
  const stability = gdStabilityBound(problem);
  const orientation = orientationFree(problem);
  const out: ScheduledRun = { problem, schedule, stability, lr: opts.lr, initScale: opts.initScale, orientation };
  if (schedule.steps <= STEP_CAP) {
    out.run = deepLinearGD(problem, {
      steps: Math.max(1, schedule.steps),
      lr: opts.lr,
      initScale: opts.initScale,
      seed: opts.seed,
    });
  }
  return out;
}
