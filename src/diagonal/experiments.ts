/**
 * The paper's figures as data (notebook cells call these and show the result): Figure 1 (rates on the paper's three
 * problems), the closed-form selection case, Figure 2 (the kink) and Figure 3 (the potentials). Sparse recovery,
 * the phase diagram, the sensitivity and gradient descent have their own modules.
 */
import { logLogFit } from "../core/stats.js";
import { closedForm, validateDepth } from "./core.js";
import { depthTwoRateWindow, type DepthTwoRateWindow } from "./grids.js";
import { dlnLimit } from "./limit.js";
import { distance } from "./linalg.js";
import { dlnPotentialG, selectedMinimizer } from "./lp.js";

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
  /** ‖x_lim‖₂, the scale of the limit (the rounding floor of `distance` is a few hundred ulps of it). */
  scale: number;
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
          distance: distance(r.x, lim),
          residual: r.residual,
          iterations: r.iterations,
          scale: Math.hypot(...lim),
        });
      }
    }
  return rows;
}

/**
 * Least-squares slope of log(distance) against log(α^D) over the rows with α^D ≤ maxAlphaD (the asymptotic rate r
 * in distance ∝ (α^D)^r), per group; the fit is the project's one log–log fit ({@link logLogFit}).
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
    const fit = logLogFit(
      rs.map((r) => r.alphaD),
      rs.map((r) => r.distance),
    );
    return { group, rate: fit.slope, points: fit.n };
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
        rows.push({ depth: D, epsilon: eps, alphaD: aD, distance: distance(r.x, [1, 0]) });
      }
  return rows;
}

/** The D = 2 rate data of Figure 2 for one ε: its window (from the condition (α^D)^ε ≪ 1) and the distances. */
export interface DlnDepthTwoKink extends DepthTwoRateWindow {
  rows: DlnKinkRow[];
}

/**
 * Figure 2, D = 2: for each ε the distance of the limit to (1, 0) over the window where the rate exponent ε shows
 * ({@link depthTwoRateWindow}: (α^D)^ε ≤ 10⁻², down to α^D = 10⁻³⁰⁰); no rows for an ε whose window is empty, and
 * nothing at all when `depths` has no D = 2.
 */
export function dlnDepthTwoKinkSweep(opts: {
  depths: number[];
  epsilons: number[];
  points?: number;
}): DlnDepthTwoKink[] {
  if (!opts.depths.includes(2)) return [];
  return opts.epsilons.map((epsilon) => {
    const w = depthTwoRateWindow(epsilon, opts.points ?? 5);
    const rows = w.alphaDs.length ? dlnKinkSweep({ depths: [2], epsilons: [epsilon], alphaDs: w.alphaDs }) : [];
    return { ...w, rows };
  });
}

/** One row of the selection table: the closed-form t, selectedMinimizer's t and the flow limit's t at one α^D. */
export interface DlnSelectionTableRow {
  depth: number;
  closed: number;
  selected: number;
  limit: number;
  alphaD: number;
}

/**
 * Section 3's table: for each depth, t from the paper's closed form, from {@link selectedMinimizer} (no flow) and
 * from the exact flow limit at `alphaD`.
 */
export async function dlnSelectionTable(opts: { depths: number[]; alphaD: number }): Promise<DlnSelectionTableRow[]> {
  const c = dlnFigure1Cases()[0];
  const rows: DlnSelectionTableRow[] = [];
  for (const D of opts.depths) {
    const sm = await selectedMinimizer(c.A, c.y, D);
    const lim = dlnLimit({ A: c.A, y: c.y, depth: D, alpha: opts.alphaD ** (1 / D) });
    rows.push({ depth: D, closed: dlnClosedFormT(D), selected: sm.x[2] / 3, limit: lim.x[2] / 3, alphaD: opts.alphaD });
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
