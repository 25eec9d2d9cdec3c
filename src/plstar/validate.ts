/**
 * Input checks shared by the PL* module. Every error message starts with the argument's name and says what was
 * expected.
 */

/** A data matrix checked and flattened: `n` rows of `d` numbers, row-major float64. */
export interface PlData {
  n: number;
  d: number;
  data: Float64Array;
}

/**
 * Checks a data matrix (`number[][]`, rows = points) and returns it flattened.
 *
 * @param X - the matrix.
 * @param name - the argument's name in error messages.
 * @param d - the row length required, if known.
 */
export function plCheckMatrix(X: unknown, name = "X", d?: number): PlData {
  if (!Array.isArray(X) || X.length === 0 || !Array.isArray(X[0])) {
    throw new Error(`${name}: expected a non-empty number[][] with rows of equal length`);
  }
  const cols = (X[0] as unknown[]).length;
  if (cols === 0)
    throw new Error(`${name}: expected a non-empty number[][] with rows of equal length (row 0 is empty)`);
  const n = X.length;
  const data = new Float64Array(n * cols);
  for (let i = 0; i < n; i++) {
    const row = X[i] as unknown;
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new Error(`${name}: expected a non-empty number[][] with rows of equal length (row ${i} is not an array)`);
    }
    const r = row as ArrayLike<unknown>;
    if (r.length !== cols) {
      throw new Error(
        `${name}: expected a non-empty number[][] with rows of equal length (row ${i} has ${r.length}, row 0 has ${cols})`,
      );
    }
    for (let j = 0; j < cols; j++) {
      const v = r[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new Error(`${name}: expected finite numbers, got ${String(v)} at [${i}][${j}]`);
      }
      data[i * cols + j] = v;
    }
  }
  if (d !== undefined && cols !== d) {
    throw new Error(`${name}: expected rows of length ${d} (the network's input dimension), got ${cols}`);
  }
  return { n, d: cols, data };
}

/**
 * Checks a target vector of length `n`.
 *
 * @param y - the targets.
 * @param n - the number of data points (rows of X).
 * @param name - the argument's name in error messages.
 */
export function plCheckVector(y: unknown, n: number, name = "y"): Float64Array {
  if (!Array.isArray(y) && !(y instanceof Float64Array) && !(y instanceof Float32Array)) {
    throw new Error(`${name}: expected a number[] of length ${n} (one target per row of X)`);
  }
  const a = y as ArrayLike<unknown>;
  if (a.length !== n) {
    throw new Error(`${name}: expected a number[] of length ${n} (one target per row of X), got length ${a.length}`);
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = a[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new Error(`${name}: expected finite numbers, got ${String(v)} at [${i}]`);
    }
    out[i] = v;
  }
  return out;
}

/** Checks a positive finite number. */
export function plCheckPositive(v: unknown, name: string): number {
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new Error(`${name}: expected a finite number > 0, got ${String(v)}`);
  }
  return v;
}

/** Checks an integer ≥ `min`. */
export function plCheckInt(v: unknown, name: string, min: number): number {
  if (typeof v !== "number" || !Number.isInteger(v) || v < min) {
    throw new Error(`${name}: expected an integer ≥ ${min}, got ${String(v)}`);
  }
  return v;
}
