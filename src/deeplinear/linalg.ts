/**
 * Small float64 dense linear algebra on `number[][]` for the deep-linear module. Sizes here are tiny (≤ a few
 * dozen), so plain loops are fast; ml-matrix is used only for SVD / inverse and never appears in exported
 * types.
 */
import { Matrix, SingularValueDecomposition, inverse } from "ml-matrix";
import { symmetricEigen, symmetricEigenvalues, toNumberArray } from "../linalg/index.js";

/** A dense matrix, row-major, as plain nested arrays. */
export type Mat = number[][];

export const EPS = 2.220446049250313e-16;

export function zeros(m: number, n: number): Mat {
  const out: Mat = new Array(m);
  for (let i = 0; i < m; i++) out[i] = new Array<number>(n).fill(0);
  return out;
}

export function eye(n: number): Mat {
  const out = zeros(n, n);
  for (let i = 0; i < n; i++) out[i][i] = 1;
  return out;
}

export function rows(a: Mat): number {
  return a.length;
}

/** Number of columns; a 0-row matrix must carry its width separately, so we use `cols` only on non-empty. */
export function cols(a: Mat): number {
  return a.length === 0 ? 0 : a[0].length;
}

export function clone(a: Mat): Mat {
  return a.map((r) => r.slice());
}

export function transpose(a: Mat, nCols?: number): Mat {
  const m = a.length;
  const n = nCols ?? cols(a);
  const out = zeros(n, m);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) out[j][i] = a[i][j];
  return out;
}

/** a (m×k) · b (k×n); `n` must be given when b has no rows. */
export function matmul(a: Mat, b: Mat, n?: number): Mat {
  const m = a.length;
  const k = b.length;
  const nn = n ?? cols(b);
  const out = zeros(m, nn);
  for (let i = 0; i < m; i++) {
    const ai = a[i];
    const oi = out[i];
    for (let p = 0; p < k; p++) {
      const v = ai[p];
      if (v === 0) continue;
      const bp = b[p];
      for (let j = 0; j < nn; j++) oi[j] += v * bp[j];
    }
  }
  return out;
}

export function add(a: Mat, b: Mat): Mat {
  return a.map((r, i) => r.map((v, j) => v + b[i][j]));
}

export function sub(a: Mat, b: Mat): Mat {
  return a.map((r, i) => r.map((v, j) => v - b[i][j]));
}

export function scale(a: Mat, s: number): Mat {
  return a.map((r) => r.map((v) => v * s));
}

export function frob2(a: Mat): number {
  let s = 0;
  for (const r of a) for (const v of r) s += v * v;
  return s;
}

export function frob(a: Mat): number {
  return Math.sqrt(frob2(a));
}

export function dot(a: Mat, b: Mat): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) for (let j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j];
  return s;
}

export function trace(a: Mat): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i][i];
  return s;
}

export function inv(a: Mat): Mat {
  return inverse(new Matrix(a)).to2DArray();
}

/** Singular values in decreasing order (empty matrix → []). */
export function singularValues(a: Mat): number[] {
  if (a.length === 0 || cols(a) === 0) return [];
  const svd = new SingularValueDecomposition(new Matrix(a), {
    computeLeftSingularVectors: false,
    computeRightSingularVectors: false,
    autoTranspose: true,
  });
  return svd.diagonal.slice().sort((x, y) => y - x);
}

/**
 * Numerical rank: the number of singular values above `relTol · max(σ₁, scale)` (and above a tiny absolute floor, so
 * that a zero matrix has rank 0). Pass `scale` = a bound on ‖a‖ computed from its factors when `a` is a product that
 * may vanish up to rounding: then rounding noise is not counted as rank.
 */
export function rank(a: Mat, relTol = 1e-9, scale = 0): number {
  const s = singularValues(a);
  if (s.length === 0 || !(s[0] > 1e-300)) return 0;
  const cut = relTol * Math.max(s[0], scale);
  return s.filter((v) => v > cut).length;
}

/** Symmetric eigendecomposition, eigenvalues ascending, eigenvectors as columns of `vectors`. */
export function symEig(a: Mat): { values: number[]; vectors: Mat } {
  const n = a.length;
  if (n === 0) return { values: [], vectors: [] };
  const sym = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) sym[i * n + j] = 0.5 * (a[i][j] + a[j][i]);
  // tred2 + tql2 on a flat array (the algorithm ml-matrix's symmetric EVD runs, same results, ~2× faster here);
  // row k of `vectors` is the k-th eigenvector, values ascending.
  const { values, vectors } = symmetricEigen(sym, n);
  const cols: Mat = zeros(n, n);
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) cols[i][k] = vectors[k * n + i];
  return { values: toNumberArray(values), vectors: cols };
}

/** Orthonormal basis (columns) of the column space of `a`, via SVD; `tol` relative to σ₁. */
export function orthBasis(a: Mat, relTol = 1e-10, scale = 0): Mat {
  const m = a.length;
  if (m === 0 || cols(a) === 0) return zeros(m, 0);
  const svd = new SingularValueDecomposition(new Matrix(a), { autoTranspose: true });
  const s = svd.diagonal;
  const U = svd.leftSingularVectors.to2DArray();
  const smax = Math.max(0, ...s);
  const cut = relTol * Math.max(smax, scale);
  const keep = s.map((v, i) => [v, i] as const).filter(([v]) => smax > 1e-300 && v > cut);
  return U.map((row) => keep.map(([, i]) => row[i]));
}

/** Columns `idx` of `a`. */
export function pickCols(a: Mat, idx: readonly number[]): Mat {
  return a.map((r) => idx.map((j) => r[j]));
}

/** Product of a list of matrices left to right; `ident` is the size of the identity returned for an empty list. */
export function chain(ms: readonly Mat[], ident: number): Mat {
  if (ms.length === 0) return eye(ident);
  let out = ms[0];
  for (let i = 1; i < ms.length; i++) out = matmul(out, ms[i], cols(ms[i]));
  return out;
}

/**
 * Eigenvalues only of a symmetric matrix (ascending), of its symmetric part ½(A + Aᵀ): Householder
 * tridiagonalization without accumulating the transformations, then implicit QL ({@link symmetricEigenvalues} from
 * the shared linear-algebra module). About a third of the work of a full decomposition with vectors. Falls back to
 * {@link symEig} if QL does not converge.
 */
export function symEigenvalues(a: Mat): number[] {
  const n = a.length;
  if (n === 0) return [];
  const z = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) z[i * n + j] = 0.5 * (a[i][j] + a[j][i]);
  try {
    return symmetricEigenvalues(z, n);
  } catch {
    return symEig(a).values;
  }
}
