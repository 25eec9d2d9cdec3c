/**
 * The spectral norm of a symmetric operator known only through products, by the Lanczos iteration (float64).
 *
 * After k products the extreme eigenvalues of the k × k tridiagonal T_k (Ritz values) approach λ_min and λ_max of
 * the operator from inside, much faster than power iteration when the top eigenvalues are close (the error falls
 * like a Chebyshev polynomial of the gap instead of (λ₂/λ₁)^k). No reorthogonalization: the loss of orthogonality
 * after a Ritz value converges only repeats converged values (Paige), so the extremes, all that is used here, stay
 * right; memory is three vectors.
 */
import { tridiagonalExtremeEigenvalues } from "./symmetricEigenvalues.js";

/** Options of {@link lanczosNorm}. */
export interface LanczosOptions {
  /** Most products (default 300; also capped by the dimension). */
  iterations?: number;
  /** Stop when max |Ritz value| changes by at most tol · itself between products (default 1e-10). */
  tol?: number;
}

/**
 * max |λ| of a symmetric operator A on R^P given by `apply(v) = A v` (a new array, or `out` filled and returned),
 * started from `start` (not all zero).
 */
export function lanczosNorm(
  apply: (v: Float64Array, out: Float64Array) => Float64Array,
  P: number,
  start: Float64Array,
  opts: LanczosOptions = {},
): number {
  const maxIt = Math.min(opts.iterations ?? 300, P);
  const tol = opts.tol ?? 1e-10;
  let q = Float64Array.from(start);
  let nq = 0;
  for (let k = 0; k < P; k++) nq += q[k] * q[k];
  nq = Math.sqrt(nq);
  if (!(nq > 0)) throw new Error("start: expected a non-zero vector");
  for (let k = 0; k < P; k++) q[k] /= nq;
  let qPrev = new Float64Array(P);
  let spare = new Float64Array(P);
  const alpha: number[] = [];
  const beta: number[] = [0]; // beta[j] couples q_{j−1} and q_j
  let est = 0;
  for (let j = 0; j < maxIt; j++) {
    const w = apply(q, spare);
    let a = 0;
    for (let k = 0; k < P; k++) a += w[k] * q[k];
    const b = beta[j];
    let nw = 0;
    for (let k = 0; k < P; k++) {
      const r = w[k] - a * q[k] - b * qPrev[k];
      w[k] = r;
      nw += r * r;
    }
    nw = Math.sqrt(nw);
    alpha.push(a);
    const { min, max } = tridiagonalExtremeEigenvalues(alpha, beta, alpha.length);
    const prev = est;
    est = Math.max(Math.abs(min), Math.abs(max));
    // A Krylov space that is invariant (nw ≈ 0) holds the extremes exactly.
    if (nw <= 1e-14 * Math.max(est, Number.MIN_VALUE)) break;
    if (j > 1 && Math.abs(est - prev) <= tol * est) break;
    beta.push(nw);
    for (let k = 0; k < P; k++) w[k] /= nw;
    // rotate: q_{j−1} ← q_j, q_j ← w; the old q_{j−1} becomes the next output buffer
    spare = qPrev;
    qPrev = q;
    q = w;
  }
  return est;
}
