/**
 * The exact t → ∞ limit of the diagonal-network gradient flow, by Newton's method on a convex dual problem in m
 * unknowns.
 *
 * Along the flow x(t) = x(Aᵀλ(t)) coordinatewise (closed form in ./core.ts, λ = c·ν). The flow converges to the
 * point where A x(Aᵀλ) = y, i.e. the minimizer of the smooth convex dual Φ(λ) = Σᵢ ψ((Aᵀλ)ᵢ) − yᵀλ, whose gradient
 * is A x − y and whose Hessian is A diag(x'(u)) Aᵀ. Damped Newton with a backtracking line search (keeping
 * |u| < 1 for D > 2) solves it to machine precision in a few dozen iterations.
 */
import { closedForm, type ClosedForm, validateAlpha, validateDepth, validateOptions, validateProblem } from "./core.js";
import { type Dense, cholSolve, matTVec, matVec, norm2, rowReduce, weightedGram } from "./linalg.js";

/** Result of {@link dlnLimit}. */
export interface DlnLimitResult {
  /** The limit x_∞ = lim_{t→∞} x(t) of the gradient flow. */
  x: number[];
  /** Newton iterations used. */
  iterations: number;
  /** ‖A x − y‖₂ at the returned x. */
  residual: number;
  /** The scaled dual variable u = c·Aᵀν at the limit (|u| < 1 for D > 2; ±1 marks the ℓ1 certificate as α → 0). */
  u: number[];
}

/** Internal state of the dual problem. */
export interface DualProblem {
  A: Dense;
  y: Float64Array;
  cf: ClosedForm;
  m: number;
  n: number;
}

/** Builds the dual problem after validating and row-reducing (A, y); throws naming the argument on bad input. */
export function dualProblem(Ain: unknown, yin: unknown, depthIn: unknown, alphaIn: unknown): DualProblem {
  const depth = validateDepth(depthIn);
  const alpha = validateAlpha(alphaIn);
  const p = validateProblem(Ain, yin);
  const red = rowReduce(p.A, p.y);
  const ynorm = norm2(p.y);
  if (red.outside > 1e-9 * Math.max(1, ynorm)) {
    throw new Error(
      `y: not in the range of A (distance ${red.outside.toExponential(2)}); A x = y has no solution, so the flow has no interpolating limit`,
    );
  }
  if (red.rank === 0) throw new Error("A: expected a nonzero matrix");
  if (depth > 2 && (depth - 2) * Math.log10(alpha) < -13) {
    throw new Error(
      `alpha: α^(D−2) = ${(alpha ** (depth - 2)).toExponential(2)} is below 1e-13; in float64 the dual coordinate 1 − |u| ≈ α^(D−2) cannot be resolved at depth ${depth}`,
    );
  }
  return { A: red.A, y: red.y, cf: closedForm(depth, alpha), m: red.A.rows, n: red.A.cols };
}

/** x(u) for u = Aᵀλ. */
export function primalOf(P: DualProblem, lambda: ArrayLike<number>): { u: Float64Array; x: Float64Array } {
  const u = matTVec(P.A, lambda);
  const x = new Float64Array(P.n);
  for (let i = 0; i < P.n; i++) x[i] = P.cf.x(u[i]);
  return { u, x };
}

/** Φ(λ) = Σ ψ(u) − yᵀλ (+∞ outside the domain). */
export function dualObjective(P: DualProblem, lambda: ArrayLike<number>, u: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < P.n; i++) {
    if (!P.cf.inside(u[i])) return Infinity;
    s += P.cf.psi(u[i]);
  }
  for (let i = 0; i < P.m; i++) s -= P.y[i] * lambda[i];
  return s;
}

/** Options of {@link solveDual}. */
interface SolveOptions {
  maxIterations: number;
  /** Extra strongly convex term ‖λ − center‖²/(2·prox) (for implicit ODE stages); Infinity = none. */
  prox: number;
  center?: Float64Array;
  start?: Float64Array;
  tol: number;
}

/**
 * Minimizes Φ(λ) (+ ‖λ − center‖²/(2·prox)) by damped Newton. Returns λ, the iteration count and the final gradient
 * norm ‖A x − y (+ (λ − center)/prox)‖.
 */
export function solveDual(
  P: DualProblem,
  opts: SolveOptions,
): { lambda: Float64Array; x: Float64Array; u: Float64Array; iterations: number; gradNorm: number } {
  const { m, n, A, y, cf } = P;
  const hasProx = Number.isFinite(opts.prox);
  const invProx = hasProx ? 1 / opts.prox : 0;
  const center = opts.center ?? new Float64Array(m);
  let lambda = opts.start ? Float64Array.from(opts.start) : new Float64Array(m);
  let { u, x } = primalOf(P, lambda);
  const objective = (lam: Float64Array, uu: Float64Array): number => {
    let f = dualObjective(P, lam, uu);
    if (hasProx) for (let i = 0; i < m; i++) f += 0.5 * invProx * (lam[i] - center[i]) ** 2;
    return f;
  };
  const gradient = (lam: Float64Array, xx: Float64Array): Float64Array => {
    const g = matVec(A, xx);
    for (let i = 0; i < m; i++) g[i] -= y[i];
    if (hasProx) for (let i = 0; i < m; i++) g[i] += invProx * (lam[i] - center[i]);
    return g;
  };
  let f = objective(lambda, u);
  let g = gradient(lambda, x);
  let gn = norm2(g);
  const w = new Float64Array(n);
  let it = 0;
  let stall = 0;
  const scale = Math.max(1, norm2(y));
  for (; it < opts.maxIterations; it++) {
    if (gn <= opts.tol * scale) break;
    for (let i = 0; i < n; i++) w[i] = cf.dx(u[i]);
    const H = weightedGram(A, w);
    if (hasProx) for (let i = 0; i < m; i++) H[i * m + i] += invProx;
    const neg = new Float64Array(m);
    for (let i = 0; i < m; i++) neg[i] = -g[i];
    const d = cholSolve(H, m, neg);
    if (!d) break;
    let slope = 0;
    for (let i = 0; i < m; i++) slope += g[i] * d[i];
    const du = matTVec(A, d);
    // Cap the step: at most 8 in any u (exp grows e⁸ per step for D = 2), and at most 90% of the way to |u| = 1.
    let t = 1;
    for (let i = 0; i < n; i++) {
      const a = Math.abs(du[i]);
      if (a === 0) continue;
      if (cf.depth === 2) t = Math.min(t, 8 / a);
      else {
        const room = du[i] > 0 ? 1 - u[i] : 1 + u[i];
        t = Math.min(t, (0.9 * room) / a);
      }
    }
    let accepted = false;
    for (let ls = 0; ls < 80; ls++) {
      const lam2 = new Float64Array(m);
      for (let i = 0; i < m; i++) lam2[i] = lambda[i] + t * d[i];
      const u2 = new Float64Array(n);
      let inside = true;
      for (let i = 0; i < n; i++) {
        u2[i] = u[i] + t * du[i];
        if (!cf.inside(u2[i])) inside = false;
      }
      if (inside) {
        const f2 = objective(lam2, u2);
        if (Number.isFinite(f2)) {
          const x2 = new Float64Array(n);
          for (let i = 0; i < n; i++) x2[i] = cf.x(u2[i]);
          const g2 = gradient(lam2, x2);
          const gn2 = norm2(g2);
          // Armijo on Φ; near the optimum Φ's decrease drops below rounding, so a shrinking gradient also counts.
          if (f2 <= f + 1e-4 * t * slope || (gn2 < (1 - 0.25 * t) * gn && Number.isFinite(gn2))) {
            lambda = lam2;
            u = u2;
            x = x2;
            const improved = gn2 < 0.999 * gn || f2 < f - 1e-12 * Math.abs(f);
            f = f2;
            g = g2;
            gn = gn2;
            accepted = true;
            stall = improved ? 0 : stall + 1;
            break;
          }
        }
      }
      t *= 0.5;
    }
    if (!accepted || stall >= 4) {
      it++;
      break;
    }
  }
  // u and x are carried along the accepted steps (u = Aᵀλ up to rounding), so x is the point whose residual
  // Newton drove to zero.
  return { lambda, x, u, iterations: it, gradNorm: gn };
}

/**
 * Last Newton step taken in x rather than in u: x ← x + diag(x'(u)) Aᵀd with A diag(x') Aᵀ d = y − A x. For D > 2
 * and small α the step in u is below the spacing of doubles near |u| = 1, but its first-order effect on x is not;
 * this brings A x = y to rounding level without changing x beyond its intrinsic accuracy (~1e-16 / α^(D−2)).
 */
function polish(P: DualProblem, x: Float64Array, u: Float64Array): void {
  const w = new Float64Array(P.n);
  for (let i = 0; i < P.n; i++) w[i] = P.cf.dx(u[i]);
  const r = matVec(P.A, x);
  for (let i = 0; i < P.m; i++) r[i] = P.y[i] - r[i];
  const d = cholSolve(weightedGram(P.A, w), P.m, r);
  if (!d) return;
  const dx = matTVec(P.A, d);
  for (let i = 0; i < P.n; i++) x[i] += w[i] * dx[i];
}

/**
 * The exact t → ∞ limit of gradient flow on a depth-D diagonal linear network x = aᴰ − bᴰ started at a = b = α·1,
 * for L(a, b) = ½‖A x − y‖².
 *
 * Solves A x(Aᵀλ) = y for the dual variable λ of the closed-form flow by damped Newton (m unknowns), in float64
 * and in log form so that very small α works (α^D down to 1e-300 for D = 2; α^(D−2) ≥ 1e-13 for D > 2).
 * Accuracy: A x = y to rounding. Where basis pursuit has many solutions the limit is ill-conditioned in the data
 * (condition number ≈ α^−(D−2) for D > 2, ≈ log(1/α^D) for D = 2), so x is accurate to about 1e-16 times that.
 *
 * @param opts.A - the m×n measurement matrix (number[][]), typically m < n.
 * @param opts.y - the m measurements; must lie in the range of A.
 * @param opts.depth - the depth D ≥ 2 (real, e.g. 2.5).
 * @param opts.alpha - the initialization scale α > 0.
 * @param opts.maxIterations - Newton iteration cap (default 500).
 * @returns `{ x, iterations, residual, u }` with residual = ‖A x − y‖₂.
 * @throws Error naming `A`, `y`, `depth` or `alpha` on bad input (including y outside the range of A).
 */
export function dlnLimit(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  maxIterations?: number;
}): DlnLimitResult {
  const o = validateOptions(opts, "opts");
  const P = dualProblem(o.A, o.y, o.depth, o.alpha);
  const maxIterations = (o.maxIterations as number | undefined) ?? 500;
  const r = solveDual(P, { maxIterations, prox: Infinity, tol: 1e-15 });
  polish(P, r.x, r.u);
  const orig = validateProblem(o.A, o.y);
  const Ax = matVec(orig.A, r.x);
  let res = 0;
  for (let i = 0; i < orig.m; i++) res += (Ax[i] - orig.y[i]) ** 2;
  return { x: Array.from(r.x), iterations: r.iterations, residual: Math.sqrt(res), u: Array.from(r.u) };
}

/**
 * The smallest α^D the exact limit resolves in float64: 10⁻³⁰⁰ for D = 2 (log form); for D > 2 also α^(D−2) ≥ 10⁻¹²,
 * i.e. α^D ≥ 10^(−12D/(D−2)) (the larger of the two).
 */
export function dlnSmallestAlphaD(depth: number): number {
  const D = validateDepth(depth);
  return D === 2 ? 1e-300 : Math.max(1e-300, 10 ** ((-12 * D) / (D - 2)));
}
