/**
 * The experiments of Tutorial 3 as library functions (notebook cells call these and show the result): the paper's
 * Figure 1–3 data, the closed-form selection case, a Donoho–Tanner phase diagram and gradient descent vs the flow.
 */
import { parallelMap } from "../parallel/index.js";
import { createRng } from "../tensor/index.js";
import { closedForm, validateDepth } from "./core.js";
import { dlnFlow, dlnGD } from "./flow.js";
import { dlnLimit } from "./limit.js";
import { basisPursuit, dlnPotentialG, selectedMinimizer } from "./lp.js";

/** A named problem (A, y). */
export interface DlnCase {
  name: string;
  A: number[][];
  y: number[];
}

/** The three problems of the paper's Figure 1: "line", "plane" and a random 3×5 case. */
export function dlnFigure1Cases(): DlnCase[] {
  return [
    {
      name: "line",
      A: [
        [1, 1, 1],
        [3, 0, 1],
      ],
      y: [3, 3],
    },
    {
      name: "plane",
      A: [
        [2, -1, 0, 1],
        [0, 3, 2, 0],
      ],
      y: [0, 6],
    },
    {
      name: "random",
      A: [
        [-0.111, 0.12, -0.37, -0.24, -1.197],
        [0.209, -0.972, -0.755, 0.324, -0.109],
        [0.21, -0.391, 0.235, 0.665, 0.353],
      ],
      y: [0.973, -0.039, -0.886],
    },
  ];
}

/**
 * The paper's closed form for A = [[1,1,1],[3,0,1]], y = (3,3), whose basis-pursuit solutions are
 * x = (1−t, 2(1−t), 3t), t ∈ [0, 1]: the t selected as α → 0 at depth D.
 * D = 2: t = (4 − 6·2^{1/3} + 9·2^{2/3})/31; D > 2: t = 1/(1 + (3^{2/D}/(2^{2/D} + 1))^{−D/(D−2)}).
 */
export function dlnClosedFormT(depth: number): number {
  const D = validateDepth(depth);
  return D === 2
    ? (4 - 6 * 2 ** (1 / 3) + 9 * 2 ** (2 / 3)) / 31
    : 1 / (1 + (3 ** (2 / D) / (2 ** (2 / D) + 1)) ** (-D / (D - 2)));
}

function dist(a: readonly number[], b: readonly number[]): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** One point of a convergence sweep. */
export interface DlnConvergenceRow {
  case: string;
  depth: number;
  alphaD: number;
  alpha: number;
  /** ‖x_α − x_lim‖₂, x_lim the analytic α → 0 limit (selectedMinimizer). */
  distance: number;
  /** ‖A x_α − y‖₂. */
  residual: number;
  iterations: number;
}

/**
 * Figure 1 of the paper: the distance of the exact flow limit x_α (dlnLimit) to the analytic α → 0 limit
 * (selectedMinimizer) for each depth and each α^D.
 */
export async function dlnConvergenceSweep(opts: {
  cases: DlnCase[];
  depths: number[];
  alphaDs: number[];
}): Promise<DlnConvergenceRow[]> {
  const rows: DlnConvergenceRow[] = [];
  for (const c of opts.cases)
    for (const D of opts.depths) {
      const lim = (await selectedMinimizer(c.A, c.y, D)).x;
      for (const aD of opts.alphaDs) {
        const alpha = aD ** (1 / D);
        const r = dlnLimit({ A: c.A, y: c.y, depth: D, alpha });
        rows.push({
          case: c.name,
          depth: D,
          alphaD: aD,
          alpha,
          distance: dist(r.x, lim),
          residual: r.residual,
          iterations: r.iterations,
        });
      }
    }
  return rows;
}

/**
 * Least-squares slope of log(distance) against log(α^D) over the rows with α^D ≤ maxAlphaD (the asymptotic rate r
 * in distance ∝ (α^D)^r), per group.
 */
export function dlnRates<T extends { alphaD: number; distance: number }>(
  rows: T[],
  groupBy: (r: T) => string,
  maxAlphaD = 1e-3,
): { group: string; rate: number; points: number }[] {
  const groups = new Map<string, T[]>();
  for (const r of rows) {
    if (r.alphaD > maxAlphaD || !(r.distance > 0)) continue;
    const k = groupBy(r);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  return [...groups.entries()].map(([group, rs]) => {
    const xs = rs.map((r) => Math.log10(r.alphaD));
    const ys = rs.map((r) => Math.log10(r.distance));
    const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
    const my = ys.reduce((a, b) => a + b, 0) / ys.length;
    let sxy = 0;
    let sxx = 0;
    for (let i = 0; i < xs.length; i++) {
      sxy += (xs[i] - mx) * (ys[i] - my);
      sxx += (xs[i] - mx) ** 2;
    }
    return { group, rate: sxy / sxx, points: xs.length };
  });
}

/** One point of the selection sweep on the closed-form case. */
export interface DlnSelectionRow {
  depth: number;
  alphaD: number;
  /** t of the flow limit, x₃/3. */
  t: number;
  /** The paper's closed-form t for this depth. */
  tClosed: number;
  error: number;
}

/** Section 3: t of the exact limit on A = [[1,1,1],[3,0,1]], y = (3,3) against α^D, with the closed form. */
export function dlnSelectionSweep(opts: { depths: number[]; alphaDs: number[] }): DlnSelectionRow[] {
  const c = dlnFigure1Cases()[0];
  const rows: DlnSelectionRow[] = [];
  for (const D of opts.depths) {
    const tClosed = dlnClosedFormT(D);
    for (const aD of opts.alphaDs) {
      const r = dlnLimit({ A: c.A, y: c.y, depth: D, alpha: aD ** (1 / D) });
      const t = r.x[2] / 3;
      rows.push({ depth: D, alphaD: aD, t, tClosed, error: Math.abs(t - tClosed) });
    }
  }
  return rows;
}

/** One point of the Figure 2 sweep. */
export interface DlnKinkRow {
  depth: number;
  epsilon: number;
  alphaD: number;
  /** ‖x_α − (1, 0)‖₂. */
  distance: number;
}

/** Figure 2: A = [1, 1 − ε], y = 1 (unique basis-pursuit solution (1, 0)); distance of the limit to it. */
export function dlnKinkSweep(opts: { depths: number[]; epsilons: number[]; alphaDs: number[] }): DlnKinkRow[] {
  const rows: DlnKinkRow[] = [];
  for (const D of opts.depths)
    for (const eps of opts.epsilons)
      for (const aD of opts.alphaDs) {
        const r = dlnLimit({ A: [[1, 1 - eps]], y: [1], depth: D, alpha: aD ** (1 / D) });
        rows.push({ depth: D, epsilon: eps, alphaD: aD, distance: dist(r.x, [1, 0]) });
      }
  return rows;
}

/** h_p(t) of the paper (α = 1): 2 sinh t for p = 2, (1 − t)^{p/(2−p)} − (1 + t)^{p/(2−p)} for p > 2 (|t| < 1). */
export function dlnPotentialH(t: number, p: number): number {
  return closedForm(validateDepth(p), 1).x(t);
}

/**
 * q_p(x) of the paper (α = 1): the potential whose minimizer under Ax = y is the flow limit, q_p(x) = ∫₀ˣ h_p⁻¹,
 * evaluated exactly as x·u − ∫₀ᵘ h_p with u = h_p⁻¹(x) (Legendre duality; no quadrature).
 */
export function dlnPotentialQ(x: number, p: number): number {
  const cf = closedForm(validateDepth(p), 1);
  if (x === 0) return 0;
  // invert h by bisection + Newton on u (monotone increasing)
  let lo = p === 2 ? -750 : -1;
  let hi = p === 2 ? 750 : 1;
  let u = p === 2 ? Math.asinh(x / 2) : 0;
  if (p !== 2) {
    for (let i = 0; i < 200; i++) {
      const f = cf.x(u) - x;
      if (f > 0) hi = u;
      else lo = u;
      let next = u - f / cf.dx(u);
      if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
      if (Math.abs(next - u) <= 1e-16 * Math.max(1, Math.abs(u))) {
        u = next;
        break;
      }
      u = next;
    }
  }
  return x * u - cf.psi(u);
}

/** One point of the Figure 3 curves. */
export interface DlnPotentialRow {
  fn: "q" | "g" | "h";
  p: number;
  x: number;
  value: number;
}

/** Figure 3: the potentials q_p (on [−5, 5]), g_p (on [−8, 8]) and h_p (on (−0.99, 0.99)) for each p. */
export function dlnPotentialCurves(opts: { ps: number[]; points?: number }): DlnPotentialRow[] {
  const N = opts.points ?? 201;
  const rows: DlnPotentialRow[] = [];
  const grid = (b: number): number[] => Array.from({ length: N }, (_, i) => -b + (2 * b * i) / (N - 1));
  for (const p of opts.ps) {
    for (const x of grid(5)) rows.push({ fn: "q", p, x, value: dlnPotentialQ(x, p) });
    for (const x of grid(8)) rows.push({ fn: "g", p, x, value: dlnPotentialG(x, p) });
    for (const x of grid(0.99)) {
      const v = dlnPotentialH(x, p);
      if (Math.abs(v) <= 20) rows.push({ fn: "h", p, x, value: v });
    }
  }
  return rows;
}

/** A k-sparse signal measured by a Gaussian matrix (entries N(0, 1/m)). */
export function dlnSparseProblem(opts: { m: number; n: number; k: number; seed: number }): {
  A: number[][];
  y: number[];
  xStar: number[];
} {
  const { m, n, k } = opts;
  const rng = createRng(opts.seed);
  const A = Array.from({ length: m }, () => Array.from(rng.normals(n), (v) => v / Math.sqrt(m)));
  const xStar = new Array(n).fill(0);
  const perm = rng.permutation(n);
  for (let i = 0; i < k; i++) xStar[perm[i]] = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + rng.uniform());
  const y = A.map((row) => row.reduce((s, a, j) => s + a * xStar[j], 0));
  return { A, y, xStar };
}

/** One point of the sparse-recovery sweep. */
export interface DlnRecoveryRow {
  depth: number;
  alphaD: number;
  /** ‖x_α − x_BP‖₂. */
  toBasisPursuit: number;
  /** ‖x_α − x*‖₂. */
  toTruth: number;
}

/** Section 1: the flow limit approaches the basis-pursuit solution (= x* when recovery holds) as α ↓ 0. */
export async function dlnRecoverySweep(opts: {
  A: number[][];
  y: number[];
  xStar: number[];
  depths: number[];
  alphaDs: number[];
}): Promise<{ rows: DlnRecoveryRow[]; basisPursuit: number[]; bpError: number }> {
  const bp = await basisPursuit(opts.A, opts.y);
  const rows: DlnRecoveryRow[] = [];
  for (const D of opts.depths)
    for (const aD of opts.alphaDs) {
      const r = dlnLimit({ A: opts.A, y: opts.y, depth: D, alpha: aD ** (1 / D) });
      rows.push({ depth: D, alphaD: aD, toBasisPursuit: dist(r.x, bp.x), toTruth: dist(r.x, opts.xStar) });
    }
  return { rows, basisPursuit: bp.x, bpError: dist(bp.x, opts.xStar) };
}

/** One cell of the phase diagram. */
export interface DlnPhaseCell {
  method: string;
  /** δ = m/n. */
  delta: number;
  /** ρ = k/m. */
  rho: number;
  m: number;
  k: number;
  /** Fraction of trials with exact recovery (‖x − x*‖∞ ≤ tol·‖x*‖∞). */
  probability: number;
  trials: number;
}

/** One cell of {@link dlnPhaseDiagram} as a sweep point (plain data, so a worker thread can compute it). */
export interface DlnPhasePoint {
  delta: number;
  rho: number;
  m: number;
  k: number;
  /** Seed of the cell's first trial; trial t uses seed + t. */
  seed: number;
}

/** What every cell of {@link dlnPhaseDiagram} shares (plain data). */
export interface DlnPhaseShared {
  n: number;
  trials: number;
  depth: number;
  alphaD: number;
  tol: number;
}

/**
 * One cell of the phase diagram: `trials` random k-sparse problems (m × n Gaussian A, seeds point.seed + t), and
 * how many of them the depth-D flow limit at α^D and basis pursuit recover exactly (‖x − x*‖∞ ≤ tol·‖x*‖∞). A pure
 * function of its arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - δ, ρ, m, k and the seed of the first trial.
 * @param _index - position in the diagram (unused).
 * @param shared - n, trials, depth, α^D and tol.
 * @returns the number of recovered trials for each method.
 */
export async function dlnPhaseCellCounts(
  point: DlnPhasePoint,
  _index: number,
  shared: DlnPhaseShared,
): Promise<{ dln: number; basisPursuit: number }> {
  const alpha = shared.alphaD ** (1 / shared.depth);
  let okDln = 0;
  let okBp = 0;
  for (let t = 0; t < shared.trials; t++) {
    const p = dlnSparseProblem({ m: point.m, n: shared.n, k: point.k, seed: point.seed + t });
    const scale = Math.max(...p.xStar.map(Math.abs));
    const err = (x: number[]): number => Math.max(...x.map((v, i) => Math.abs(v - p.xStar[i])));
    const bp = await basisPursuit(p.A, p.y);
    if (bp.status === "Optimal" && err(bp.x) <= shared.tol * scale) okBp++;
    const lim = dlnLimit({ A: p.A, y: p.y, depth: shared.depth, alpha });
    if (err(lim.x) <= shared.tol * scale) okDln++;
  }
  return { dln: okDln, basisPursuit: okBp };
}

/**
 * A Donoho–Tanner phase diagram: for each (δ = m/n, ρ = k/m), the fraction of random k-sparse problems (Gaussian A)
 * recovered exactly by the depth-D flow limit at α^D = alphaD and by basis pursuit. The cells are independent: they
 * are computed on all CPU cores (`parallelMap`); the result is the same for any number of workers. Trial t of the
 * c-th cell (δ-major order) uses the seed `seed + c·trials + t`.
 *
 * @param opts.onCell - called after each finished cell (for a progress bar).
 * @param opts.onProgress - called after each finished cell with (finished, total).
 * @param opts.workers - worker threads (default all cores; 1 = this thread).
 */
export async function dlnPhaseDiagram(opts: {
  n: number;
  deltas: number[];
  rhos: number[];
  trials: number;
  depth: number;
  alphaD: number;
  seed: number;
  tol?: number;
  onCell?: () => void;
  onProgress?: (done: number, total: number) => void;
  workers?: number;
}): Promise<DlnPhaseCell[]> {
  const posInt = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 1;
  if (!posInt(opts?.n)) throw new Error(`n: expected a positive integer, got ${String(opts?.n)}`);
  if (!posInt(opts.trials)) throw new Error(`trials: expected a positive integer, got ${String(opts.trials)}`);
  for (const [name, v] of [
    ["deltas", opts.deltas],
    ["rhos", opts.rhos],
  ] as const) {
    if (!Array.isArray(v) || v.length === 0 || !v.every((x) => typeof x === "number" && x > 0 && Number.isFinite(x)))
      throw new Error(`${name}: expected a non-empty array of positive numbers`);
  }
  const shared: DlnPhaseShared = {
    n: opts.n,
    trials: opts.trials,
    depth: opts.depth,
    alphaD: opts.alphaD,
    tol: opts.tol ?? 1e-4,
  };
  const points: DlnPhasePoint[] = [];
  for (const delta of opts.deltas)
    for (const rho of opts.rhos) {
      const m = Math.max(1, Math.round(delta * opts.n));
      const k = Math.max(1, Math.round(rho * m));
      points.push({ delta, rho, m, k, seed: opts.seed + points.length * opts.trials });
    }
  const counts = await parallelMap<DlnPhasePoint, { dln: number; basisPursuit: number }, DlnPhaseShared>(
    points,
    { module: __filename, export: "dlnPhaseCellCounts" },
    {
      shared,
      workers: opts.workers,
      cost: (p) => p.m,
      onProgress: (done, total) => {
        opts.onCell?.();
        opts.onProgress?.(done, total);
      },
    },
  );
  const label = `DLN limit (D = ${opts.depth}, α^D = ${opts.alphaD.toExponential(0)})`;
  const cells: DlnPhaseCell[] = [];
  points.forEach(({ delta, rho, m, k }, i) => {
    const trials = opts.trials;
    cells.push({ method: label, delta, rho, m, k, probability: counts[i].dln / trials, trials });
    cells.push({ method: "basis pursuit", delta, rho, m, k, probability: counts[i].basisPursuit / trials, trials });
  });
  return cells;
}

/** One point of the gradient-descent comparison. */
export interface DlnGDRow {
  method: string;
  lr: number;
  t: number;
  loss: number;
  /** ‖x_GD(t) − x_flow(t)‖₂ at the same flow time t = lr·step (0 for the flow itself). */
  gap: number;
}

/**
 * Section 7: gradient descent with steps `lrs` against the gradient flow (dlnFlow) on [0, T]: loss curves and the
 * distance between the two at equal time, plus the end points' distance to the flow limit.
 */
export function dlnGDComparison(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  lrs: number[];
  T: number;
  points?: number;
}): {
  rows: DlnGDRow[];
  endGap: { lr: number; gap: number; toLimit: number; diverged: boolean }[];
  flowToLimit: number;
} {
  const { A, y, depth, alpha, T } = opts;
  const P = opts.points ?? 60;
  const times = Array.from({ length: P }, (_, i) => (T * (i + 1)) / P);
  const flow = dlnFlow({ A, y, depth, alpha, times });
  const lim = dlnLimit({ A, y, depth, alpha }).x;
  const rows: DlnGDRow[] = times.map((t, i) => ({ method: "gradient flow", lr: 0, t, loss: flow.loss[i], gap: 0 }));
  const endGap: { lr: number; gap: number; toLimit: number; diverged: boolean }[] = [];
  for (const lr of opts.lrs) {
    const steps = Math.round(T / lr);
    const every = Math.max(1, Math.round(steps / P));
    const gd = dlnGD({ A, y, depth, alpha, lr, steps, every });
    gd.times.forEach((t, i) => {
      if (t === 0) return;
      // flow at the same time: interpolate the reported grid (times are multiples of T/P; GD records align)
      const j = Math.min(P - 1, Math.max(0, Math.round((t / T) * P) - 1));
      const gap = Math.abs(times[j] - t) < 1e-9 * T ? dist(gd.x[i], flow.x[j]) : NaN;
      rows.push({ method: `GD, lr = ${lr}`, lr, t, loss: gd.loss[i], gap });
    });
    const last = gd.x[gd.x.length - 1];
    endGap.push({ lr, gap: dist(last, flow.x[P - 1]), toLimit: dist(last, lim), diverged: gd.diverged });
  }
  return { rows, endGap, flowToLimit: dist(flow.x[P - 1], lim) };
}

/** One point of the sensitivity sweep. */
export interface DlnSensitivityRow {
  depth: number;
  alphaD: number;
  /** max ‖x_α(A + δA) − x_α(A)‖∞ / (relative size of δA), over the trials. */
  sensitivity: number;
}

/**
 * How strongly the exact limit x_α depends on the data: perturbs every entry of A by a random relative amount of size
 * `perturbation` (seeded) and reports the largest change of x_α divided by `perturbation`. On a problem whose basis
 * pursuit has many solutions the face point is set by terms of relative size α^(D−2) (D > 2), so the sensitivity grows
 * like α^−(D−2) = (α^D)^−(D−2)/D — the limit is ill-conditioned for small α, in line with GHA.
 */
export function dlnSensitivitySweep(opts: {
  A: number[][];
  y: number[];
  depths: number[];
  alphaDs: number[];
  perturbation?: number;
  trials?: number;
  seed: number;
}): DlnSensitivityRow[] {
  const eps = opts.perturbation ?? 1e-10;
  const trials = opts.trials ?? 4;
  const rows: DlnSensitivityRow[] = [];
  for (const D of opts.depths)
    for (const aD of opts.alphaDs) {
      const rng = createRng(opts.seed);
      const alpha = aD ** (1 / D);
      const x0 = dlnLimit({ A: opts.A, y: opts.y, depth: D, alpha }).x;
      let worst = 0;
      for (let t = 0; t < trials; t++) {
        const A = opts.A.map((r) => r.map((v) => v * (1 + eps * (2 * rng.uniform() - 1))));
        const x1 = dlnLimit({ A, y: opts.y, depth: D, alpha }).x;
        for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(x1[i] - x0[i]));
      }
      rows.push({ depth: D, alphaD: aD, sensitivity: worst / eps });
    }
  return rows;
}
