/**
 * The dual certificate of a sparse vector: a deterministic, checkable condition for x to be the unique basis-pursuit
 * solution of A z = A x.
 *
 * With S the support of x, s = sign(x_S) and A_S of full column rank, x is the unique minimizer of ‖z‖₁ subject to
 * A z = A x exactly when some ν has A_Sᵀν = s and ρ = max_{i∉S} |A_iᵀν| < 1. The smallest such ρ is an LP
 * ({@link minimalCertificateLevel}); Fuchs' least-squares choice ν = A_S (A_Sᵀ A_S)⁻¹ s is one candidate (cheaper,
 * sufficient, not necessary: its ρ may exceed 1 where the LP's does not), reported alongside. The
 * gap 1 − ρ also sets how fast the depth-2 flow limit reaches it ((α^D)^(1−ρ), section 4 of the tutorial) and where
 * the kink of D > 2 sits (α^(D−2) ≈ 1 − ρ); ‖A_S⁺A_{S^c}‖∞ says how much the support moves with the off-support
 * mass. Implementation: Cholesky of the k×k Gram matrix A_SᵀA_S (k ≤ m is
 * small); a pivot below 1e-10 of the largest diagonal entry, or A_Sᵀν ≠ s, reports A_S as rank-deficient.
 */
import { expectMatrix, expectVector } from "../core/validate.js";
import { cholFactor, cholApply } from "./linalg.js";
import { minimalCertificateLevel } from "./lp.js";

/** The certificate of one vector, computed on the run's matrix. */
export interface RecoveryCertificate {
  /**
   * Whether x is certified as the unique basis-pursuit solution: A_S of full column rank and ρ < 1 − 1e-6 (the
   * margin covers the LP's feasibility tolerance, 1e-7).
   */
  holds: boolean;
  /** The smallest certificate level min ‖A_{S^c}ᵀν‖∞ over A_Sᵀν = s (NaN when A_S is rank-deficient). */
  rho: number;
  /** Fuchs' least-squares certificate's level max_{i∉S}|A_iᵀν|, ν = A_S(A_SᵀA_S)⁻¹s (≥ rho). */
  leastSquaresRho: number;
  /** The support S of x (|x_i| > `zero`·‖x‖∞). */
  support: number[];
  /** Whether A_SᵀA_S was positive definite. */
  fullRank: boolean;
  /**
   * ‖A_S⁺A_{S^c}‖∞ (max row sum): how much the support coordinates move, in ∞-norm, per unit of off-support mass
   * when A z = A x must keep holding (NaN without a certificate; 0 when S is everything).
   */
  amplification: number;
}

/**
 * The dual certificate of x on A (see the module docstring): the LP's smallest level, Fuchs' least-squares level and
 * ‖A_S⁺A_{S^c}‖∞.
 *
 * @param A - the m × n measurement matrix.
 * @param x - the vector to certify (length n); entries with |x_i| ≤ zero·‖x‖∞ count as off the support.
 * @param zero - relative threshold for the support (default 1e-9: an LP vertex re-solved on its support is exact to
 *   rounding, so anything above this is a real nonzero).
 * @throws ArgumentError naming `A` or `x` on malformed input.
 */
export async function recoveryCertificate(
  A: number[][],
  x: ArrayLike<number>,
  zero = 1e-9,
): Promise<RecoveryCertificate> {
  const M = expectMatrix(A, "A");
  const xv = expectVector(x, "x", M.cols, "the columns of A");
  const { rows: m, cols: n, data } = M;
  let scale = 0;
  for (const v of xv) scale = Math.max(scale, Math.abs(v));
  const support: number[] = [];
  for (let i = 0; i < n; i++) if (Math.abs(xv[i]) > zero * scale) support.push(i);
  const k = support.length;
  if (k === 0) return { holds: true, rho: 0, leastSquaresRho: 0, support, fullRank: true, amplification: 0 };
  if (k > m) return { holds: false, rho: NaN, leastSquaresRho: NaN, support, fullRank: false, amplification: NaN };
  const G = new Float64Array(k * k);
  for (let a = 0; a < k; a++)
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let r = 0; r < m; r++) s += data[r * n + support[a]] * data[r * n + support[b]];
      G[a * k + b] = s;
      G[b * k + a] = s;
    }
  const L = new Float64Array(k * k);
  const rankDeficient = { holds: false, rho: NaN, leastSquaresRho: NaN, support, fullRank: false, amplification: NaN };
  if (!cholFactor(G, k, L)) return rankDeficient;
  // cholFactor shifts the diagonal of a singular Gram matrix: a pivot below 1e-10 of the largest diagonal entry means
  // A_S is numerically rank-deficient (condition number above 1e5)
  let maxG = 0;
  let minPivot = Infinity;
  for (let a = 0; a < k; a++) {
    maxG = Math.max(maxG, G[a * k + a]);
    minPivot = Math.min(minPivot, L[a * k + a] ** 2);
  }
  if (!(minPivot > 1e-10 * maxG)) return rankDeficient;
  const w = Float64Array.from(support, (i) => Math.sign(xv[i]));
  cholApply(L, k, w);
  const nu = new Float64Array(m);
  for (let r = 0; r < m; r++) {
    let s = 0;
    for (let a = 0; a < k; a++) s += data[r * n + support[a]] * w[a];
    nu[r] = s;
  }
  // cholFactor shifts the diagonal of a singular Gram matrix; then A_Sᵀν = s fails and x is not certified.
  for (let a = 0; a < k; a++) {
    let s = 0;
    for (let r = 0; r < m; r++) s += data[r * n + support[a]] * nu[r];
    if (!(Math.abs(s - Math.sign(xv[support[a]])) <= 1e-8))
      return { holds: false, rho: NaN, leastSquaresRho: NaN, support, fullRank: false, amplification: NaN };
  }
  const inS = new Set(support);
  let rho = 0;
  const rowSums = new Float64Array(k);
  const w2 = new Float64Array(k);
  for (let i = 0; i < n; i++) {
    if (inS.has(i)) continue;
    let s = 0;
    for (let r = 0; r < m; r++) s += data[r * n + i] * nu[r];
    rho = Math.max(rho, Math.abs(s));
    // column i of A_S⁺A_{S^c} = (A_SᵀA_S)⁻¹A_Sᵀa_i
    for (let a = 0; a < k; a++) {
      let t = 0;
      for (let r = 0; r < m; r++) t += data[r * n + support[a]] * data[r * n + i];
      w2[a] = t;
    }
    cholApply(L, k, w2);
    for (let a = 0; a < k; a++) rowSums[a] += Math.abs(w2[a]);
  }
  const amplification = k ? Math.max(...rowSums) : 0;
  const level = await minimalCertificateLevel(
    A,
    support,
    support.map((i) => Math.sign(xv[i])),
  );
  // the LP's level can only be lower than Fuchs'; if the LP failed, Fuchs' level still certifies
  const best = Number.isFinite(level) ? Math.min(level, rho) : rho;
  return { holds: best < 1 - 1e-6, rho: best, leastSquaresRho: rho, support, fullRank: true, amplification };
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
