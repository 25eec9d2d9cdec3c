/**
 * The PL* module's argument checks, as thin adapters over the project's one validation module (`core/validate`):
 * the same `argument: expected …, got …` messages, with the shapes this module's kernels take (a data matrix as
 * `{ n, d, data }`). Kept as named adapters so that the network and kernel files (`net.ts`, `kernel.ts`) need no
 * change of call sites.
 */
import { expectInteger, expectMatrix, expectPositive, expectVector } from "../core/validate.js";

/** A data matrix checked and flattened: `n` rows of `d` numbers, row-major float64. */
export interface PlData {
  n: number;
  d: number;
  data: Float64Array;
}

/**
 * Checks a data matrix (`number[][]`, rows = points) and returns it flattened (`expectMatrix`).
 *
 * @param X - the matrix.
 * @param name - the argument's name in error messages.
 * @param d - the row length required, if known (the network's input dimension).
 */
export function plCheckMatrix(X: unknown, name = "X", d?: number): PlData {
  const m = expectMatrix(X, name, d, "the network's input dimension");
  return { n: m.rows, d: m.cols, data: m.data };
}

/**
 * Checks a target vector of length `n` (`expectVector`).
 *
 * @param y - the targets.
 * @param n - the number of data points (rows of X).
 * @param name - the argument's name in error messages.
 */
export function plCheckVector(y: unknown, n: number, name = "y"): Float64Array {
  return expectVector(y, name, n, "one target per row of X");
}

/** Checks a positive finite number (`expectPositive`). */
export function plCheckPositive(v: unknown, name: string): number {
  return expectPositive(v, name);
}

/** Checks an integer ≥ `min` (`expectInteger`). */
export function plCheckInt(v: unknown, name: string, min: number): number {
  return expectInteger(v, name, { min });
}
