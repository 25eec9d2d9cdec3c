/**
 * Small dense float64 linear algebra for the diagonal-network module (m is small: a few to a few dozen rows).
 * Matrices are the library's row-major `Float64Array`s with explicit dimensions; nothing here is exported from the
 * package.
 */
import { Matrix, SingularValueDecomposition } from "ml-matrix";
import type { Matrix as LibraryMatrix } from "../core/matrix.js";

/** A dense row-major matrix: the library's one float64 {@link LibraryMatrix} (`src/core/matrix.ts`). */
export type Dense = LibraryMatrix;

export { matTVec, matVec } from "../core/matrix.js";

/** Copies `number[][]` into a dense matrix. */
export function toDense(A: readonly (readonly number[])[]): Dense {
  const rows = A.length;
  const cols = A[0].length;
  const data = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) data[i * cols + j] = A[i][j];
  return { rows, cols, data };
}

/** H = A diag(w) Aᵀ (m×m, symmetric), written into `out`. */
export function weightedGram(A: Dense, w: ArrayLike<number>, out = new Float64Array(A.rows * A.rows)): Float64Array {
  const { rows: m, cols: n, data } = A;
  for (let i = 0; i < m; i++) {
    for (let k = 0; k <= i; k++) {
      let s = 0;
      const oi = i * n;
      const ok = k * n;
      for (let j = 0; j < n; j++) s += data[oi + j] * w[j] * data[ok + j];
      out[i * m + k] = s;
      out[k * m + i] = s;
    }
  }
  return out;
}

/**
 * Cholesky factor of the symmetric positive (semi)definite H into L (lower triangle, row-major m × m), with a tiny
 * relative diagonal shift when a pivot is not positive. Returns false when the matrix is numerically unusable.
 */
export function cholFactor(H: Float64Array, m: number, L: Float64Array): boolean {
  let maxDiag = 0;
  for (let i = 0; i < m; i++) maxDiag = Math.max(maxDiag, Math.abs(H[i * m + i]));
  if (!(maxDiag > 0) || !Number.isFinite(maxDiag)) return false;
  for (let shift = 0; shift < 6; shift++) {
    const tau = shift === 0 ? 0 : maxDiag * 10 ** (-16 + 2 * shift);
    let ok = true;
    for (let j = 0; j < m && ok; j++) {
      let s = H[j * m + j] + tau;
      for (let k = 0; k < j; k++) s -= L[j * m + k] * L[j * m + k];
      if (!(s > 0)) {
        ok = false;
        break;
      }
      const d = Math.sqrt(s);
      L[j * m + j] = d;
      for (let i = j + 1; i < m; i++) {
        let t = H[i * m + j];
        for (let k = 0; k < j; k++) t -= L[i * m + k] * L[j * m + k];
        L[i * m + j] = t / d;
      }
    }
    if (ok) return true;
  }
  return false;
}

/** Solves L Lᵀ d = r in place (r becomes d), L from {@link cholFactor}. */
export function cholApply(L: Float64Array, m: number, r: Float64Array): void {
  for (let i = 0; i < m; i++) {
    let s = r[i];
    for (let k = 0; k < i; k++) s -= L[i * m + k] * r[k];
    r[i] = s / L[i * m + i];
  }
  for (let i = m - 1; i >= 0; i--) {
    let s = r[i];
    for (let k = i + 1; k < m; k++) s -= L[k * m + i] * r[k];
    r[i] = s / L[i * m + i];
  }
}

/**
 * Solves the symmetric positive (semi)definite system H d = r by Cholesky ({@link cholFactor}: a tiny relative
 * diagonal shift when a pivot is not positive). Returns null when the matrix is numerically unusable.
 */
export function cholSolve(H: Float64Array, m: number, r: ArrayLike<number>): Float64Array | null {
  const L = new Float64Array(m * m);
  if (!cholFactor(H, m, L)) return null;
  const z = new Float64Array(m);
  for (let i = 0; i < m; i++) z[i] = r[i];
  cholApply(L, m, z);
  return z;
}

/** Solves a general square system by Gaussian elimination with partial pivoting; null when singular. */
export function luSolve(M: Float64Array, m: number, r: ArrayLike<number>): Float64Array | null {
  const a = Float64Array.from(M);
  const b = Float64Array.from(r as ArrayLike<number>);
  let scale = 0;
  for (let i = 0; i < m * m; i++) scale = Math.max(scale, Math.abs(a[i]));
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let i = c + 1; i < m; i++) if (Math.abs(a[i * m + c]) > Math.abs(a[p * m + c])) p = i;
    if (!(Math.abs(a[p * m + c]) > 1e-300 + 1e-14 * scale)) return null;
    if (p !== c) {
      for (let j = 0; j < m; j++) {
        const t = a[c * m + j];
        a[c * m + j] = a[p * m + j];
        a[p * m + j] = t;
      }
      const t = b[c];
      b[c] = b[p];
      b[p] = t;
    }
    for (let i = c + 1; i < m; i++) {
      const f = a[i * m + c] / a[c * m + c];
      if (f === 0) continue;
      for (let j = c; j < m; j++) a[i * m + j] -= f * a[c * m + j];
      b[i] -= f * b[c];
    }
  }
  const x = new Float64Array(m);
  for (let i = m - 1; i >= 0; i--) {
    let s = b[i];
    for (let j = i + 1; j < m; j++) s -= a[i * m + j] * x[j];
    x[i] = s / a[i * m + i];
  }
  return x;
}

/**
 * Reduces the constraint system A x = y to an equivalent one with full row rank (Uᵣᵀ A x = Uᵣᵀ y from the SVD), and
 * measures how far y is from the range of A.
 */
export function rowReduce(
  A: Dense,
  y: ArrayLike<number>,
): { A: Dense; y: Float64Array; rank: number; outside: number } {
  const M = new Matrix(A.rows, A.cols);
  for (let i = 0; i < A.rows; i++) for (let j = 0; j < A.cols; j++) M.set(i, j, A.data[i * A.cols + j]);
  const svd = new SingularValueDecomposition(M, { autoTranspose: true });
  const s = svd.diagonal;
  const U = svd.leftSingularVectors;
  const smax = s.length ? Math.max(...s) : 0;
  const tol = smax * Math.max(A.rows, A.cols) * 2.2e-16;
  const keep: number[] = [];
  for (let i = 0; i < s.length; i++) if (s[i] > tol) keep.push(i);
  const r = keep.length;
  const yr = new Float64Array(r);
  const resid = Float64Array.from(y as ArrayLike<number>);
  for (let k = 0; k < r; k++) {
    let t = 0;
    for (let i = 0; i < A.rows; i++) t += U.get(i, keep[k]) * y[i];
    yr[k] = t;
  }
  for (let k = 0; k < r; k++) for (let i = 0; i < A.rows; i++) resid[i] -= U.get(i, keep[k]) * yr[k];
  const outside = norm2(resid);
  if (r === A.rows) return { A, y: Float64Array.from(y as ArrayLike<number>), rank: r, outside };
  const data = new Float64Array(r * A.cols);
  for (let k = 0; k < r; k++)
    for (let j = 0; j < A.cols; j++) {
      let t = 0;
      for (let i = 0; i < A.rows; i++) t += U.get(i, keep[k]) * A.data[i * A.cols + j];
      data[k * A.cols + j] = t;
    }
  return { A: { rows: r, cols: A.cols, data }, y: yr, rank: r, outside };
}

/** Euclidean norm. */
export function norm2(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  return Math.sqrt(s);
}

/** Largest singular value estimate: Frobenius norm (an upper bound, used for scaling only). */
export function frobenius(A: Dense): number {
  return norm2(A.data);
}

/** The Euclidean distance ‖a − b‖₂ of two vectors of the same length. */
export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}
