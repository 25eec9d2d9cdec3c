/**
 * The deep linear regression problem L(W₁, …, W_H) = ‖W_H ⋯ W₁ X − Y‖²_F, its assumptions and its critical values.
 */
import { type Mat, inv, matmul, symEig, transpose } from "./linalg.js";

/** A validated deep linear regression problem (all matrices float64, `number[][]`). */
export interface DeepLinearProblem {
  /** Inputs, d_x × N. */
  readonly X: Mat;
  /** Targets, d_y × N. */
  readonly Y: Mat;
  /** Layer widths [d₀ = d_x, d₁, …, d_{H−1}, d_H = d_y]. */
  readonly widths: readonly number[];
  /** Depth H (number of weight matrices). */
  readonly H: number;
  readonly dx: number;
  readonly dy: number;
  /** Number of samples N. */
  readonly N: number;
  /** Σ_XX = XXᵀ (d_x × d_x). */
  readonly Sxx: Mat;
  /** Σ_XX⁻¹. */
  readonly SxxInv: Mat;
  /** Σ_YX = YXᵀ (d_y × d_x). */
  readonly Syx: Mat;
  /** Σ_XY = XYᵀ (d_x × d_y). */
  readonly Sxy: Mat;
  /** T = Σ_YX Σ_XX⁻¹, the least-squares map (d_y × d_x). */
  readonly T: Mat;
  /** Σ = Σ_YX Σ_XX⁻¹ Σ_XY (d_y × d_y). */
  readonly Sigma: Mat;
  /** Eigenvalues of Σ in decreasing order λ₁ > … > λ_{d_y} (0-based array). */
  readonly lambdas: readonly number[];
  /** Eigenvectors of Σ as the columns of U (d_y × d_y), column i for lambdas[i]. */
  readonly U: Mat;
  /** r = min(d₀, …, d_H), the largest rank the product W_{H:1} can have. */
  readonly r: number;
  /** s_max = min(r, number of positive λ): the size of S at a global minimizer. */
  readonly sMax: number;
  /** tr(YYᵀ). */
  readonly trYY: number;
  /** The global minimum value tr(YYᵀ) − Σ_{i < s_max} λ_i. */
  readonly minValue: number;
}

function checkMatrix(value: unknown, name: string): Mat {
  if (!Array.isArray(value) || value.length === 0 || !Array.isArray(value[0]) || value[0].length === 0) {
    throw new TypeError(`${name}: expected a non-empty number[][] with rows of equal length`);
  }
  const n = (value[0] as unknown[]).length;
  value.forEach((row: unknown, i: number) => {
    if (!Array.isArray(row) || row.length !== n) {
      throw new TypeError(`${name}: expected a non-empty number[][] with rows of equal length (row ${i} differs)`);
    }
    row.forEach((v: unknown, j: number) => {
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new TypeError(`${name}: expected finite numbers, found ${String(v)} at [${i}][${j}]`);
      }
    });
  });
  return (value as number[][]).map((r) => r.slice());
}

/**
 * Builds and validates a deep linear regression problem L(W) = ‖W_H ⋯ W₁ X − Y‖²_F.
 *
 * Checks the assumptions of Achour, Malgouyres & Gerchinovitz (arXiv 2107.13289): Σ_XX = XXᵀ invertible and
 * Σ = Σ_YX Σ_XX⁻¹ Σ_XY with pairwise distinct eigenvalues; computes Σ's eigenvalues λ (decreasing) and eigenvectors U
 * (sign fixed so that each eigenvector's largest entry is positive), r = min widths and s_max.
 *
 * @param opts.X - inputs, d_x × N (columns are samples).
 * @param opts.Y - targets, d_y × N.
 * @param opts.widths - all layer widths [d_x, d₁, …, d_{H−1}, d_y] (length H + 1 ≥ 2).
 * @returns the problem with its second-moment matrices and spectrum.
 * @throws Error naming `X`, `Y` or `widths` when shapes, finiteness or an assumption fails.
 */
export function deepLinearProblem(opts: {
  X: number[][];
  Y: number[][];
  widths: readonly number[];
}): DeepLinearProblem {
  if (opts === null || typeof opts !== "object") throw new TypeError("opts: expected { X, Y, widths }");
  const X = checkMatrix(opts.X, "X");
  const Y = checkMatrix(opts.Y, "Y");
  const dx = X.length;
  const dy = Y.length;
  const N = X[0].length;
  if (Y[0].length !== N) {
    throw new RangeError(`Y: expected ${N} columns (one per sample, like X), got ${Y[0].length}`);
  }
  const widths = opts.widths;
  if (!Array.isArray(widths) || widths.length < 2 || !widths.every((w) => Number.isInteger(w) && w >= 1)) {
    throw new TypeError("widths: expected an array [d_x, d_1, …, d_y] of at least 2 positive integers");
  }
  if (widths[0] !== dx || widths[widths.length - 1] !== dy) {
    throw new RangeError(
      `widths: expected the full list [d_x = ${dx}, …, d_y = ${dy}], got [${widths.join(", ")}] (first must equal rows of X, last rows of Y)`,
    );
  }
  const H = widths.length - 1;
  const Sxx = matmul(X, transpose(X));
  const Syx = matmul(Y, transpose(X));
  const Sxy = transpose(Syx);
  const ex = symEig(Sxx).values;
  const exMax = Math.max(...ex.map(Math.abs));
  if (!(ex[0] > 1e-12 * exMax) || N < dx) {
    throw new RangeError(
      `X: XXᵀ must be invertible, but it is singular (smallest eigenvalue ${ex[0].toExponential(3)}, largest ${exMax.toExponential(3)}; N = ${N}, d_x = ${dx})`,
    );
  }
  const SxxInv = inv(Sxx);
  const T = matmul(Syx, SxxInv);
  const SigmaRaw = matmul(T, Sxy);
  const Sigma = SigmaRaw.map((row, i) => row.map((v, j) => 0.5 * (v + SigmaRaw[j][i])));
  const eig = symEig(Sigma);
  const order = eig.values.map((_, i) => i).reverse();
  const lambdas = order.map((i) => Math.max(eig.values[i], 0));
  const Ucols = order.map((i) => eig.vectors.map((row) => row[i]));
  for (const col of Ucols) {
    let big = 0;
    for (const v of col) if (Math.abs(v) > Math.abs(big)) big = v;
    if (big < 0) for (let i = 0; i < col.length; i++) col[i] = -col[i];
  }
  const U = transpose(Ucols);
  const lmax = Math.max(Math.abs(lambdas[0]), 1e-300);
  for (let i = 0; i + 1 < lambdas.length; i++) {
    if (lambdas[i] - lambdas[i + 1] <= 1e-9 * lmax) {
      throw new RangeError(
        `Y: Σ = Σ_YX Σ_XX⁻¹ Σ_XY must have distinct eigenvalues, but λ_${i + 1} = ${lambdas[i].toPrecision(6)} and λ_${i + 2} = ${lambdas[i + 1].toPrecision(6)} coincide (relative gap ≤ 1e-9)`,
      );
    }
  }
  const positive = lambdas.filter((l) => l > 1e-12 * lmax).length;
  const r = Math.min(...widths);
  const sMax = Math.min(r, positive);
  let trYY = 0;
  for (const row of Y) for (const v of row) trYY += v * v;
  let best = 0;
  for (let i = 0; i < sMax; i++) best += lambdas[i];
  return {
    X,
    Y,
    widths: widths.slice(),
    H,
    dx,
    dy,
    N,
    Sxx,
    SxxInv,
    Syx,
    Sxy,
    T,
    Sigma,
    lambdas,
    U,
    r,
    sMax,
    trYY,
    minValue: trYY - best,
  };
}

/** One critical value with the index set that produces it. */
export interface CriticalValue {
  /** tr(YYᵀ) − Σ_{i∈S} λ_i. */
  value: number;
  /** 0-based indices into the decreasing eigenvalues. */
  S: number[];
  /** True when S = {0, …, s_max − 1} (the global minimum). */
  global: boolean;
}

/**
 * Every attainable critical value: for each index set S ⊆ {0, …, d_y − 1} with |S| ≤ r (and λ_i > 0 for i ∈ S),
 * the value tr(YYᵀ) − Σ_{i∈S} λ_i, sorted from largest to smallest.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @returns `{ value, S, global }[]`.
 * @throws Error naming `problem` when d_y is too large to enumerate (more than 2¹⁶ subsets).
 */
export function criticalValues(problem: DeepLinearProblem): CriticalValue[] {
  assertProblem(problem);
  const { dy, lambdas, sMax, trYY } = problem;
  if (dy > 16) throw new RangeError(`problem: d_y = ${dy} is too large to enumerate all index sets (max 16)`);
  const lmax = Math.max(lambdas[0], 1e-300);
  const out: CriticalValue[] = [];
  for (let mask = 0; mask < 1 << dy; mask++) {
    const S: number[] = [];
    for (let i = 0; i < dy; i++) if (mask & (1 << i)) S.push(i);
    if (S.length > problem.r) continue;
    if (S.some((i) => !(lambdas[i] > 1e-12 * lmax))) continue;
    let v = trYY;
    for (const i of S) v -= lambdas[i];
    const global = S.length === sMax && S.every((i, k) => i === k);
    out.push({ value: v, S, global });
  }
  out.sort((a, b) => b.value - a.value || a.S.length - b.S.length);
  return out;
}

/** @internal */
export function assertProblem(problem: unknown): asserts problem is DeepLinearProblem {
  const p = problem as DeepLinearProblem | null;
  if (!p || typeof p !== "object" || !Array.isArray(p.lambdas) || !Array.isArray(p.U) || typeof p.H !== "number") {
    throw new TypeError("problem: expected the result of deepLinearProblem({ X, Y, widths })");
  }
}
