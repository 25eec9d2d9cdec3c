/**
 * The data of tutorial 1: n points uniform on the sphere of radius √d with random labels, and the relative Frobenius
 * distance of two matrices.
 */
import { toNumberArray } from "../linalg/index.js";
import { createRng } from "../tensor/index.js";
import { plCheckInt } from "./validate.js";

/** A data set: points (rows) and targets. */
export interface PlDataset {
  X: number[][];
  y: number[];
}

/**
 * n points uniform on the sphere of radius √d in R^d (so ‖x‖²/d = 1) with targets y_i ~ N(0, 1) (random labels: the
 * hardest targets to fit, any function of the points is reachable by an over-parameterized net).
 *
 * @param options.n - number of points.
 * @param options.inputDim - dimension d.
 * @param options.seed - seed.
 */
export function sphereData(options: { n: number; inputDim: number; seed: number }): PlDataset {
  const n = plCheckInt(options?.n, "n", 1);
  const d = plCheckInt(options.inputDim, "inputDim", 1);
  plCheckInt(options.seed, "seed", Number.MIN_SAFE_INTEGER);
  const rng = createRng(options.seed);
  const X: number[][] = [];
  for (let i = 0; i < n; i++) {
    const v = toNumberArray(rng.normals(d));
    const r = Math.hypot(...v) || 1;
    X.push(v.map((a) => (a * Math.sqrt(d)) / r));
  }
  return { X, y: toNumberArray(rng.normals(n)) };
}

/** Relative Frobenius distance ‖A − B‖_F / ‖B‖_F. */
export function relativeError(A: number[][], B: number[][]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < A.length; i++) {
    for (let j = 0; j < A[i].length; j++) {
      num += (A[i][j] - B[i][j]) ** 2;
      den += B[i][j] ** 2;
    }
  }
  return Math.sqrt(num / den);
}
