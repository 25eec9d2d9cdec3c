/**
 * The one float64 matrix of the library: row-major entries in a `Float64Array` with explicit dimensions. Entry
 * (i, j) of an r × c matrix is `data[i·c + j]`. Modules compute on this form; `number[][]` appears only at the public
 * API's edge ({@link matrixFromRows}, {@link matrixToRows}), where a notebook cell reads or writes plain arrays.
 *
 * The operations are plain loops: the matrices of the tutorials' linear algebra are small (a few to a few hundred
 * rows), where loop order and contiguous access matter more than blocking; the large products (tangent kernels,
 * Gram matrices) have their own WebAssembly kernels in `src/linalg`.
 */
import { ArgumentError, ValueText, expectMatrix } from "./validate.js";
import { checkMemoryBudget } from "./budget.js";

/** A dense row-major float64 matrix. */
export interface Matrix {
  rows: number;
  cols: number;
  data: Float64Array;
}

/** An r × c matrix of zeros; refuses one over the memory budget (see core/budget). */
export function zeroMatrix(rows: number, cols: number): Matrix {
  checkMemoryBudget("zeroMatrix", rows * cols * Float64Array.BYTES_PER_ELEMENT, `a ${rows} × ${cols} float64 matrix`);
  return { rows, cols, data: new Float64Array(rows * cols) };
}

/** The n × n identity. */
export function identityMatrix(n: number): Matrix {
  const m = zeroMatrix(n, n);
  for (let i = 0; i < n; i++) m.data[i * n + i] = 1;
  return m;
}

/**
 * Copies a `number[][]` (rows of equal length, finite entries) into a matrix.
 *
 * @throws ArgumentError naming `name` and the offending row or entry.
 */
export function matrixFromRows(a: unknown, name = "matrix"): Matrix {
  return expectMatrix(a, name);
}

/** The matrix as `number[][]` (one array per row). */
export function matrixToRows(m: Matrix): number[][] {
  const out: number[][] = new Array(m.rows);
  for (let i = 0; i < m.rows; i++) {
    const row = new Array<number>(m.cols);
    for (let j = 0; j < m.cols; j++) row[j] = m.data[i * m.cols + j];
    out[i] = row;
  }
  return out;
}

/** Aᵀ. */
export function transposeMatrix(a: Matrix): Matrix {
  const t = zeroMatrix(a.cols, a.rows);
  for (let i = 0; i < a.rows; i++) for (let j = 0; j < a.cols; j++) t.data[j * a.rows + i] = a.data[i * a.cols + j];
  return t;
}

/**
 * A·B, in i-k-j order (the inner loop runs along contiguous rows of B and of the result).
 *
 * @throws ArgumentError when the inner dimensions differ.
 */
export function multiplyMatrices(a: Matrix, b: Matrix): Matrix {
  if (a.cols !== b.rows)
    throw new ArgumentError(
      "b",
      `a matrix with ${a.cols} rows (a has ${a.cols} columns)`,
      new ValueText(`${b.rows} × ${b.cols}`),
    );
  const out = zeroMatrix(a.rows, b.cols);
  const n = b.cols;
  for (let i = 0; i < a.rows; i++) {
    const o = i * n;
    for (let k = 0; k < a.cols; k++) {
      const aik = a.data[i * a.cols + k];
      if (aik === 0) continue;
      const bo = k * n;
      for (let j = 0; j < n; j++) out.data[o + j] += aik * b.data[bo + j];
    }
  }
  return out;
}

/** y = A x. */
export function matVec(a: Matrix, x: ArrayLike<number>, out = new Float64Array(a.rows)): Float64Array {
  const { rows, cols, data } = a;
  for (let i = 0; i < rows; i++) {
    let s = 0;
    const o = i * cols;
    for (let j = 0; j < cols; j++) s += data[o + j] * x[j];
    out[i] = s;
  }
  return out;
}

/** y = Aᵀ v. */
export function matTVec(a: Matrix, v: ArrayLike<number>, out = new Float64Array(a.cols)): Float64Array {
  const { rows, cols, data } = a;
  out.fill(0);
  for (let i = 0; i < rows; i++) {
    const vi = v[i];
    if (vi === 0) continue;
    const o = i * cols;
    for (let j = 0; j < cols; j++) out[j] += data[o + j] * vi;
  }
  return out;
}

/** ‖A‖_F. */
export function frobeniusNorm(a: Matrix): number {
  let s = 0;
  for (let k = 0; k < a.data.length; k++) s += a.data[k] * a.data[k];
  return Math.sqrt(s);
}
