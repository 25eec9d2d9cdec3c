/**
 * The experiments of Tutorial 3 as library functions (notebook cells call these and show the result): the paper's
 * Figure 1–3 data, the closed-form selection case, a Donoho–Tanner phase diagram and gradient descent vs the flow.
 */
import { logLogFit } from "../core/stats.js";
import { expectInteger, expectNumber, expectNumberList, expectOptions } from "../core/validate.js";
import { parallelMap } from "../parallel/index.js";
import { createRng } from "../tensor/index.js";
import { closedForm, validateDepth } from "./core.js";
import { dlnFlow, dlnGD } from "./flow.js";
import { dlnLimit, type DlnLimitResult } from "./limit.js";
import { recoveryCertificate, type RecoveryCertificate } from "./certificate.js";
import { depthTwoRateWindow, type DepthTwoRateWindow } from "./grids.js";
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
          distance: dist(r.x, lim),
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
        rows.push({ depth: D, epsilon: eps, alphaD: aD, distance: dist(r.x, [1, 0]) });
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

/** Where the D > 2 rate of section 1 is asymptotic, per depth. */
export interface DlnRecoveryAsymptote {
  depth: number;
  /**
   * The certificate gap 1 − ρ that sets the kink: the smallest certificate level's, or the flow's own dual u at the
   * smallest α^D computed when that shows a smaller gap.
   */
  gap: number;
  /** The smallest α^D computed for this depth. */
  smallestAlphaD: number;
  /** Whether the grid reached (α^D/min|x_BP,S|)^((D−2)/D) ≤ 10⁻³·gap (three decades past the kink) within float64. */
  reached: boolean;
}

/** The result of {@link dlnRecoverySweep}. */
export interface DlnRecoveryResult {
  rows: DlnRecoveryRow[];
  basisPursuit: number[];
  /** ‖x_BP − x*‖₂. */
  bpError: number;
  /** The dual certificate of x* on A. */
  certificate: RecoveryCertificate;
  /** The dual certificate of x_BP (uniqueness of the basis-pursuit solution, and its gap). */
  bpCertificate: RecoveryCertificate;
  /** Per depth D > 2 (when x_BP is certified): the gap and how far the grid went. */
  asymptotes: DlnRecoveryAsymptote[];
}

/**
 * Section 1: the flow limit approaches the basis-pursuit solution (= x* when recovery holds) as α ↓ 0. For each
 * depth D > 2 the α^D grid is extended, one point a decade, until (α^D/min|x_BP,S|)^((D−2)/D) ≤ 10⁻³·gap — three
 * decades past the kink, where the rate α^D is asymptotic — or to the smallest α^D float64 resolves
 * ({@link dlnSmallestAlphaD}): the budget grows as the certificate gap shrinks. The gap is re-read from the flow's
 * own dual at the grid's end (up to 3 rounds) when it is smaller than the certificate's.
 */
export async function dlnRecoverySweep(opts: {
  A: number[][];
  y: number[];
  xStar: number[];
  depths: number[];
  alphaDs: number[];
}): Promise<DlnRecoveryResult> {
  const bp = await basisPursuit(opts.A, opts.y);
  const certificate = await recoveryCertificate(opts.A, opts.xStar);
  const bpCertificate = await recoveryCertificate(opts.A, bp.x);
  const xMin = Math.min(...bpCertificate.support.map((i) => Math.abs(bp.x[i])));
  const rows: DlnRecoveryRow[] = [];
  const asymptotes: DlnRecoveryAsymptote[] = [];
  const point = (D: number, aD: number): DlnLimitResult => {
    const r = dlnLimit({ A: opts.A, y: opts.y, depth: D, alpha: aD ** (1 / D) });
    rows.push({ depth: D, alphaD: aD, toBasisPursuit: dist(r.x, bp.x), toTruth: dist(r.x, opts.xStar) });
    return r;
  };
  for (const D of opts.depths) {
    for (const aD of opts.alphaDs) point(D, aD);
    if (!(D > 2 && bpCertificate.holds)) continue;
    let gap = 1 - bpCertificate.rho;
    let last = Math.min(...opts.alphaDs);
    let reached = false;
    for (let round = 0; round < 3; round++) {
      const target = Math.max(dlnSmallestAlphaD(D), xMin * (1e-3 * gap) ** (D / (D - 2)));
      const lgTarget = Math.floor(Math.log10(target) + 1e-9);
      let r: DlnLimitResult | undefined;
      for (let e = Math.round(Math.log10(last)) - 1; e >= lgTarget && e >= -300; e--) {
        last = Number(`1e${e}`);
        r = point(D, last);
      }
      reached = (last / xMin) ** ((D - 2) / D) <= 1e-3 * gap;
      if (!r) break;
      const flowGap = 1 - dualRho(r.u, bpCertificate.support);
      if (!(flowGap < gap)) break;
      gap = flowGap;
    }
    reached = (last / xMin) ** ((D - 2) / D) <= 1e-3 * gap;
    asymptotes.push({ depth: D, gap, smallestAlphaD: last, reached });
  }
  return { rows, basisPursuit: bp.x, bpError: dist(bp.x, opts.xStar), certificate, bpCertificate, asymptotes };
}

/** What the trials of one phase-diagram cell found (summed over its trials). */
export interface DlnPhaseCounts {
  /** Trials the flow limit recovered (‖x_α − x*‖∞ ≤ tol·‖x*‖∞). */
  dln: number;
  /** Trials basis pursuit recovered. */
  basisPursuit: number;
  /** Trials whose x* has a dual certificate on A (then basis pursuit must recover it). */
  certified: number;
  /** Certified trials that basis pursuit recovered. */
  certifiedRecovered: number;
  /**
   * Trials where the basis-pursuit solution is certified unique and the α^D the theory asks for is representable
   * (the flow limit's distance to x_BP is then predicted below tol·‖x_BP‖∞).
   */
  decided: number;
  /** Decided trials whose flow limit lies within tol·‖x_BP‖∞ of the basis-pursuit solution. */
  agrees: number;
  /** Range of the α^D used over the trials. */
  minAlphaD: number;
  maxAlphaD: number;
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
  /** The cell's counts (the same object on both methods' rows). */
  counts: DlnPhaseCounts;
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
  /** A fixed α^D for every trial, or null to derive it per trial ({@link dlnPhaseAlphaD}). */
  alphaD: number | null;
  tol: number;
}

/**
 * The smallest α^D the exact limit resolves in float64: 10⁻³⁰⁰ for D = 2 (log form); for D > 2 also α^(D−2) ≥ 10⁻¹²,
 * i.e. α^D ≥ 10^(−12D/(D−2)) (the larger of the two).
 */
export function dlnSmallestAlphaD(depth: number): number {
  const D = validateDepth(depth);
  return D === 2 ? 1e-300 : Math.max(1e-300, 10 ** ((-12 * D) / (D - 2)));
}

/**
 * The α^D at which the theory predicts the depth-D flow limit within `tol`·scale of a basis-pursuit solution whose
 * certificate gap is `gap` = 1 − ρ, with a factor 10 to spare. Off the support the limit has leading-order mass
 *  - D = 2: scale·(α^D/scale)^gap (section 4: x_j ≈ α^D·e^(ρ·ln(scale/α^D))),
 *  - D > 2: α^D·gap^(−D/(D−2)) (x_j = α^D[(1 − u_j)^(−k) − …] with 1 − |u_j| ≥ gap),
 * and the support moves by `amplification` = ‖A_S⁺A_{S^c}‖∞ times that to keep A x = y; so α^D solves
 * (1 + amplification)·mass = tol·scale/10.
 *
 * @returns the α^D, or undefined when it is below {@link dlnSmallestAlphaD} (float64 cannot reach it).
 */
export function dlnPhaseAlphaD(
  depth: number,
  gap: number,
  tol: number,
  scale: number,
  amplification = 0,
): number | undefined {
  const D = validateDepth(depth);
  if (!(gap > 0)) return undefined;
  const target = Math.log10(tol / 10 / (1 + amplification));
  const lg = D === 2 ? Math.log10(scale) + target / gap : target + Math.log10(scale) + (D / (D - 2)) * Math.log10(gap);
  const a = 10 ** Math.min(0, lg);
  return a >= dlnSmallestAlphaD(D) ? a : undefined;
}

/**
 * The certificate level ρ the flow's dual u shows off a support S: max_{i∉S}|u_i| / min_{i∈S}|u_i|. For D > 2,
 * |u_i| → 1 on S as α → 0, so this is the selected certificate's ρ; for D = 2, |u_i| ≈ ln(|x_i|/α^D) on S and
 * ρ_i·ln(1/α^D) off it, so the ratio overestimates ρ slightly (min |x_S| ≤ ‖x‖∞): a safe side for deriving α^D.
 */
export function dualRho(u: readonly number[], support: readonly number[]): number {
  const S = new Set(support);
  let on = Infinity;
  let off = 0;
  u.forEach((v, i) => {
    if (S.has(i)) on = Math.min(on, Math.abs(v));
    else off = Math.max(off, Math.abs(v));
  });
  return S.size === 0 || S.size === u.length ? 0 : off / on;
}

/**
 * One cell of the phase diagram: `trials` random k-sparse problems (m × n Gaussian A, seeds point.seed + t), and
 * how many of them the depth-D flow limit and basis pursuit recover exactly (‖x − x*‖∞ ≤ tol·‖x*‖∞), how many carry
 * a dual certificate, and (with α^D derived per trial from the basis-pursuit solution's certificate gap,
 * {@link dlnPhaseAlphaD}) how many flow limits lie within tol of the basis-pursuit solution. A pure function of its
 * arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - δ, ρ, m, k and the seed of the first trial.
 * @param _index - position in the diagram (unused).
 * @param shared - n, trials, depth, α^D (or null) and tol.
 */
export async function dlnPhaseCellCounts(
  point: DlnPhasePoint,
  _index: number,
  shared: DlnPhaseShared,
): Promise<DlnPhaseCounts> {
  const c: DlnPhaseCounts = {
    dln: 0,
    basisPursuit: 0,
    certified: 0,
    certifiedRecovered: 0,
    decided: 0,
    agrees: 0,
    minAlphaD: Infinity,
    maxAlphaD: 0,
  };
  const D = shared.depth;
  for (let t = 0; t < shared.trials; t++) {
    const p = dlnSparseProblem({ m: point.m, n: shared.n, k: point.k, seed: point.seed + t });
    const scale = Math.max(...p.xStar.map(Math.abs));
    const err = (x: number[], to: number[]): number => Math.max(...x.map((v, i) => Math.abs(v - to[i])));
    const bp = await basisPursuit(p.A, p.y);
    const bpOk = bp.status === "Optimal" && err(bp.x, p.xStar) <= shared.tol * scale;
    if (bpOk) c.basisPursuit++;
    const cert = await recoveryCertificate(p.A, p.xStar);
    if (cert.holds) {
      c.certified++;
      if (bpOk) c.certifiedRecovered++;
    }
    let alphaD = shared.alphaD ?? undefined;
    let decided = false;
    const bpScale = bp.status === "Optimal" ? Math.max(...bp.x.map(Math.abs)) : NaN;
    let lim: DlnLimitResult | undefined;
    if (alphaD === undefined) {
      const bpCert = bp.status === "Optimal" && bpScale > 0 ? await recoveryCertificate(p.A, bp.x) : undefined;
      const amp = bpCert?.amplification ?? NaN;
      let derived = bpCert?.holds ? dlnPhaseAlphaD(D, 1 - bpCert.rho, shared.tol, bpScale, amp) : undefined;
      // The rate is set by the certificate the flow selects, not by the smallest one: read its gap from the
      // flow's own dual u at that α^D and, while smaller, derive α^D again from it (u approaches the selected
      // certificate as α^D falls, so a few rounds settle it).
      let gap = bpCert ? 1 - bpCert.rho : NaN;
      for (let round = 0; round < 5 && derived !== undefined && bpCert; round++) {
        lim = dlnLimit({ A: p.A, y: p.y, depth: D, alpha: derived ** (1 / D) });
        const flowGap = 1 - dualRho(lim.u, bpCert.support);
        if (!(flowGap < gap)) break;
        gap = flowGap;
        derived = dlnPhaseAlphaD(D, gap, shared.tol, bpScale, amp);
        lim = undefined;
      }
      decided = derived !== undefined;
      alphaD = derived ?? dlnSmallestAlphaD(D);
    }
    c.minAlphaD = Math.min(c.minAlphaD, alphaD);
    c.maxAlphaD = Math.max(c.maxAlphaD, alphaD);
    lim ??= dlnLimit({ A: p.A, y: p.y, depth: D, alpha: alphaD ** (1 / D) });
    if (err(lim.x, p.xStar) <= shared.tol * scale) c.dln++;
    if (decided) {
      c.decided++;
      if (err(lim.x, bp.x) <= shared.tol * bpScale) c.agrees++;
    }
  }
  return c;
}

/**
 * A Donoho–Tanner phase diagram: for each (δ = m/n, ρ = k/m), the fraction of random k-sparse problems (Gaussian A)
 * recovered exactly by the depth-D flow limit and by basis pursuit. Without `alphaD`, each trial's α^D is derived
 * from the depth and the problem ({@link dlnPhaseAlphaD}: the α^D at which the predicted distance to the
 * basis-pursuit solution is below the recovery threshold); with it, every trial uses that α^D. The cells are
 * independent: they are computed on all CPU cores (`parallelMap`); the result is the same for any number of workers.
 * Trial t of the c-th cell (δ-major order) uses the seed `seed + c·trials + t`.
 *
 * @param opts.tol - recovery threshold relative to ‖x*‖∞ (default 1e-4).
 * @param opts.onCell - called after each finished cell (for a progress bar).
 * @param opts.onProgress - called after each finished cell with (finished, total).
 * @param opts.workers - worker threads (default all cores; 1 = this thread).
 * @throws ArgumentError naming `n`, `trials`, `deltas`, `rhos`, `depth` or `alphaD` when out of domain.
 */
export async function dlnPhaseDiagram(opts: {
  n: number;
  deltas: number[];
  rhos: number[];
  trials: number;
  depth: number;
  alphaD?: number;
  seed: number;
  tol?: number;
  onCell?: () => void;
  onProgress?: (done: number, total: number) => void;
  workers?: number;
}): Promise<DlnPhaseCell[]> {
  const o = expectOptions<typeof opts>(opts, "options");
  const n = expectInteger(o.n, "n", { min: 1 });
  const trials = expectInteger(o.trials, "trials", { min: 1 });
  const deltas = expectNumberList(o.deltas, "deltas", { min: 0, minOpen: true, minLength: 1 });
  const rhos = expectNumberList(o.rhos, "rhos", { min: 0, minOpen: true, minLength: 1 });
  const depth = validateDepth(o.depth);
  const alphaD = o.alphaD === undefined ? null : expectNumber(o.alphaD, "alphaD", { min: 0, max: 1, minOpen: true });
  const shared: DlnPhaseShared = { n, trials, depth, alphaD, tol: o.tol ?? 1e-4 };
  const points: DlnPhasePoint[] = [];
  for (const delta of deltas)
    for (const rho of rhos) {
      const m = Math.max(1, Math.round(delta * n));
      const k = Math.max(1, Math.round(rho * m));
      points.push({ delta, rho, m, k, seed: (o.seed as number) + points.length * trials });
    }
  const counts = await parallelMap<DlnPhasePoint, DlnPhaseCounts, DlnPhaseShared>(
    points,
    { module: __filename, export: "dlnPhaseCellCounts" },
    {
      shared,
      workers: o.workers,
      cost: (p) => p.m,
      onProgress: (done, total) => {
        o.onCell?.();
        o.onProgress?.(done, total);
      },
    },
  );
  const label = `DLN limit (D = ${depth}, α^D ${alphaD === null ? "from each problem's certificate" : `= ${alphaD.toExponential(0)}`})`;
  const cells: DlnPhaseCell[] = [];
  points.forEach(({ delta, rho, m, k }, i) => {
    const cc = counts[i];
    cells.push({ method: label, delta, rho, m, k, probability: cc.dln / trials, trials, counts: cc });
    cells.push({
      method: "basis pursuit",
      delta,
      rho,
      m,
      k,
      probability: cc.basisPursuit / trials,
      trials,
      counts: cc,
    });
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
  /** max |x_flow(T)|: the scale of the flow's own integration error (rtol·scale + atol). */
  flowScale: number;
} {
  const { A, y, depth, alpha, T } = opts;
  const P = opts.points ?? 60;
  const times = Array.from({ length: P }, (_, i) => (T * (i + 1)) / P);
  const flow = dlnFlow({ A, y, depth, alpha, times });
  const lim = dlnLimit({ A, y, depth, alpha }).x;
  const rows: DlnGDRow[] = times.map((t, i) => ({ method: "gradient flow", lr: 0, t, loss: flow.loss[i], gap: 0 }));
  const endGap: { lr: number; gap: number; toLimit: number; diverged: boolean }[] = [];
  for (const lr of opts.lrs) {
    // T is rarely a whole number of steps: GD is read at T by linear interpolation between steps ⌊T/lr⌋ and
    // ⌈T/lr⌉ (an O(lr²) error), so every step size is compared with the flow at the same time T. Stopping at
    // round(T/lr)·lr instead would add an O(lr) error of its own that varies erratically with lr.
    const hi = Math.max(1, Math.ceil(T / lr - 1e-9));
    const lo = hi - 1;
    const every = Math.max(1, Math.round(hi / P));
    const gd = dlnGD({ A, y, depth, alpha, lr, steps: hi, every });
    gd.times.forEach((t, i) => {
      if (t === 0) return;
      // flow at the same time: interpolate the reported grid (times are multiples of T/P; GD records align)
      const j = Math.min(P - 1, Math.max(0, Math.round((t / T) * P) - 1));
      const gap = Math.abs(times[j] - t) < 1e-9 * T ? dist(gd.x[i], flow.x[j]) : NaN;
      rows.push({ method: `GD, lr = ${lr}`, lr, t, loss: gd.loss[i], gap });
    });
    const xHi = gd.x[gd.x.length - 1];
    const xLo = lo === 0 ? A[0].map(() => 0) : dlnGD({ A, y, depth, alpha, lr, steps: lo, every: lo }).x.at(-1)!;
    const theta = T / lr - lo;
    const xT = xHi.map((v, i) => xLo[i] + theta * (v - xLo[i]));
    endGap.push({ lr, gap: dist(xT, flow.x[P - 1]), toLimit: dist(xT, lim), diverged: gd.diverged });
  }
  const flowScale = Math.max(...flow.x[P - 1].map(Math.abs));
  return { rows, endGap, flowToLimit: dist(flow.x[P - 1], lim), flowScale };
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
