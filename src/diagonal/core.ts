/**
 * The closed form of the diagonal-linear-network gradient flow and input validation.
 *
 * Conventions (Wind, Antun, Hansen, arXiv 2307.07410): x = aᴰ − bᴰ elementwise, a(0) = b(0) = α·1, gradient flow on
 * L = ½‖Ax − y‖². With ν(t) = ∫₀ᵗ (y − A x(s)) ds and G = Aᵀν the flow solves in closed form:
 *  - D = 2: a = α e^{2G}, b = α e^{−2G}, x = 2α² sinh(4G);
 *  - D > 2: a = α (1 − cG)^{−1/(D−2)}, b = α (1 + cG)^{−1/(D−2)}, x = αᴰ[(1 − cG)^{−k} − (1 + cG)^{−k}],
 *    c = D(D−2)α^{D−2}, k = D/(D−2) (from a^{1−D} da = D dG).
 * Internally everything is written in the scaled dual coordinate u = cG (c = 4 for D = 2), so u ∈ ℝ for D = 2 and
 * u ∈ (−1, 1) for D > 2, and the functions below are evaluated in log form so that αᴰ ≪ 1e-300 does not underflow.
 */
import {
  ArgumentError,
  expectMatrix,
  expectNumber,
  expectOptions,
  expectPositive,
  expectVector,
} from "../core/validate.js";
import { type Dense } from "./linalg.js";

/** Scale c of the dual coordinate u = c·G (u = c·Aᵀν). */
export function dualScale(depth: number, alpha: number): number {
  return depth === 2 ? 4 : depth * (depth - 2) * alpha ** (depth - 2);
}

/** The closed form x(u) of one coordinate, its derivative and its antiderivative ψ (ψ(0) = 0, ψ' = x). */
export interface ClosedForm {
  depth: number;
  lnAlpha: number;
  /** x as a function of the scaled dual coordinate u. */
  x(u: number): number;
  /** dx/du > 0. */
  dx(u: number): number;
  /** ψ(u) = ∫₀ᵘ x, convex, ≥ 0. */
  psi(u: number): number;
  /** Whether u is inside the domain (always for D = 2, |u| < 1 for D > 2). */
  inside(u: number): boolean;
}

/** Builds the closed form for a depth D ≥ 2 and initialization scale α > 0. */
export function closedForm(depth: number, alpha: number): ClosedForm {
  const lnAlpha = Math.log(alpha);
  if (depth === 2) {
    const la2 = 2 * lnAlpha;
    return {
      depth,
      lnAlpha,
      x: (u) => {
        const s = Math.abs(u);
        const v = Math.exp(la2 + s) * -Math.expm1(-2 * s);
        return u < 0 ? -v : v;
      },
      dx: (u) => {
        const s = Math.abs(u);
        return Math.exp(la2 + s) * (1 + Math.exp(-2 * s));
      },
      psi: (u) => {
        const s = Math.abs(u);
        const e = -Math.expm1(-s);
        return Math.exp(la2 + s) * e * e;
      },
      inside: (u) => Number.isFinite(u),
    };
  }
  const k = depth / (depth - 2);
  const laD = depth * lnAlpha;
  return {
    depth,
    lnAlpha,
    x: (u) => {
      const s = Math.abs(u);
      if (!(s < 1)) return u < 0 ? -Infinity : Infinity;
      const l1 = Math.log1p(-s);
      const l2 = Math.log1p(s);
      const v = Math.exp(laD - k * l1) * -Math.expm1(k * (l1 - l2));
      return u < 0 ? -v : v;
    },
    dx: (u) => {
      const s = Math.abs(u);
      if (!(s < 1)) return Infinity;
      const l1 = Math.log1p(-s);
      const l2 = Math.log1p(s);
      return k * Math.exp(laD - (k + 1) * l1) * (1 + Math.exp((k + 1) * (l1 - l2)));
    },
    psi: (u) => {
      const s = Math.abs(u);
      if (!(s < 1)) return Infinity;
      const l1 = Math.log1p(-s);
      const l2 = Math.log1p(s);
      // αᴰ/(k−1)·[(1−s)^{1−k} + (1+s)^{1−k} − 2]; for small s use the series to avoid cancellation.
      if (s < 1e-4) return Math.exp(laD) * k * s * s * (1 + ((k + 1) * (k + 2) * s * s) / 12);
      return (Math.exp(laD + (1 - k) * l1) + Math.exp(laD + (1 - k) * l2) - 2 * Math.exp(laD)) / (k - 1);
    },
    inside: (u) => Math.abs(u) < 1,
  };
}

/** The validated, float64 form of a problem (A, y). */
export interface Problem {
  A: Dense;
  y: Float64Array;
  m: number;
  n: number;
}

/**
 * Validates A (a non-empty rectangular matrix of finite numbers) and y (finite, one entry per row of A) with the
 * project's argument checks ({@link expectMatrix}, {@link expectVector}).
 *
 * @throws ArgumentError naming `A` or `y`, what was expected and what came.
 */
export function validateProblem(A: unknown, y: unknown): Problem {
  const M = expectMatrix(A, "A");
  const yy = expectVector(y, "y", M.rows, "the rows of A");
  const Ad: Dense = { rows: M.rows, cols: M.cols, data: M.data };
  return { A: Ad, y: yy, m: Ad.rows, n: Ad.cols };
}

/** Validates the depth D (a real number ≥ 2). @throws ArgumentError naming `depth`. */
export function validateDepth(depth: unknown): number {
  return expectNumber(depth, "depth", { min: 2 });
}

/** Validates the initialization scale α (finite, > 0). @throws ArgumentError naming `alpha`. */
export function validateAlpha(alpha: unknown): number {
  return expectPositive(alpha, "alpha");
}

/** Validates an options object. @throws ArgumentError naming it when it is not a plain object. */
export function validateOptions(opts: unknown, name: string): Record<string, unknown> {
  if (opts === undefined || opts === null) throw new ArgumentError(name, "an options object", opts);
  return expectOptions<Record<string, unknown>>(opts, name) as Record<string, unknown>;
}
