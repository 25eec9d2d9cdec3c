/**
 * Jacobian, tangent kernel, λ_min, Hessian norms and the square loss of a network on a data set (float64).
 */
import {
  symmetricEigenvalues as plSymEigenvaluesOnly,
  symmetricExtremeEigenvalues as plSymExtremeEigenvalues,
  abtKernel,
  ensureWasmMemory,
  lanczosNorm,
  toNumberArray,
} from "../linalg/index.js";
import { createRng } from "../tensor/index.js";
import { ArgumentError, ValueText } from "../core/validate.js";
import { matrixToRows, type Matrix } from "../core/matrix.js";
import { kernelThreadCount, plKernelOneHiddenThreaded, type KernelThreadsOption } from "./kernelThreads.js";
import { plOneHiddenHvp, plOneHiddenJacobian } from "./oneHiddenProducts.js";
import { plOneHiddenHessian } from "./hessian.js";
import { plCheckNet, plForward, plGram, plHvp, plWeightedGradient, type Mlp } from "./net.js";
import { plCheckInt, plCheckMatrix, plCheckPositive, plCheckVector, type PlData } from "./validate.js";

function data(net: Mlp, X: unknown): PlData {
  plCheckNet(net);
  if (isMatrix(X)) return matrixData(X, "X", net.dims[0]);
  return plCheckMatrix(X, "X", net.dims[0]);
}

function isMatrix(X: unknown): X is Matrix {
  return X !== null && typeof X === "object" && !Array.isArray(X) && "data" in X && "rows" in X && "cols" in X;
}

/** A {@link Matrix} argument checked (shape, entries finite) and viewed as data, without a copy. */
function matrixData(X: Matrix, name: string, cols: number): PlData {
  const { rows, cols: c, data: a } = X;
  const domain = `a Matrix { rows, cols, data: Float64Array } with rows ≥ 1 and cols = ${cols} (the network's input dimension)`;
  if (!(a instanceof Float64Array) || !Number.isInteger(rows) || rows < 1 || !Number.isInteger(c)) {
    throw new ArgumentError(
      name,
      domain,
      new ValueText(`{ rows: ${String(rows)}, cols: ${String(c)}, data: ${a?.constructor?.name ?? typeof a} }`),
    );
  }
  if (c !== cols || a.length !== rows * c) {
    throw new ArgumentError(name, domain, new ValueText(`${rows} × ${c} with ${a.length} entries`));
  }
  for (let k = 0; k < a.length; k++) {
    if (!Number.isFinite(a[k])) {
      throw new ArgumentError(
        name,
        domain,
        new ValueText(`${rows} × ${c}`),
        `entry [${Math.floor(k / c)}][${k % c}] is ${a[k]}`,
      );
    }
  }
  return { n: rows, d: c, data: a };
}

/**
 * A vector argument of `length` finite numbers: a Float64Array is used as is (read only), anything else copied.
 * With `deferFinite`, a Float64Array's entries are not scanned here: the caller checks its result's finiteness and
 * calls this again without it to name the bad entry.
 */
function vectorData(v: unknown, length: number, name: string, meaning: string, deferFinite = false): Float64Array {
  const domain = `a Float64Array or number[] of ${length} finite numbers (${meaning})`;
  if (!Array.isArray(v) && !(v instanceof Float64Array)) throw new ArgumentError(name, domain, v);
  if (v.length !== length) throw new ArgumentError(name, domain, new ValueText(`length ${v.length}`));
  if (deferFinite && v instanceof Float64Array) return v;
  for (let k = 0; k < length; k++) {
    const x = v[k];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ArgumentError(name, domain, new ValueText(`length ${length}`), `entry ${k} is ${String(x)}`);
    }
  }
  return v instanceof Float64Array ? v : Float64Array.from(v);
}

/**
 * The network's outputs f(x_i) on the rows of X.
 *
 * @param net - the network.
 * @param X - the points, `number[][]` (rows = points, length = input dimension).
 */
export function predict(net: Mlp, X: number[][]): number[] {
  return toNumberArray(plForward(net, data(net, X)).f);
}

/**
 * The Jacobian DF(w) of F(w) = (f(x₁; w), …, f(x_n; w)) as an n × P {@link Matrix} (row-major Float64Array),
 * parameters ordered layer by layer, row-major (see {@link mlpParameters}). The fast form: entries are written
 * straight into one Float64Array; {@link jacobian} copies them into `number[][]`.
 *
 * Row i, layer l's block is the outer product (∂f/∂z_l)(x_i) ⊗ a_{l−1}(x_i) / √d_{l−1}, from one batched forward
 * and backward pass; with one hidden layer the pre-activations X W₁ᵀ come from the WebAssembly product and σ, σ′
 * from the WebAssembly activation pass ({@link plOneHiddenJacobian}).
 *
 * @param net - the network.
 * @param X - the points: `number[][]` (rows) or a {@link Matrix} n × d₀ (used without a copy).
 * @param options.threads - threads writing a large one-hidden-layer Jacobian's rows (n·P ≥ 2¹⁸); default 1. The
 *   entries are the same for every value; with more than one, `data` is backed by a SharedArrayBuffer, whose first
 *   touch costs more than the second thread saves on the machines measured (the writes cost about a copy).
 * @throws ArgumentError naming `X` when it is not a finite n × d₀ matrix, or `options.threads` when it is not an
 *   integer ≥ 1.
 */
export function jacobianMatrix(net: Mlp, X: number[][] | Matrix, options: KernelThreadsOption = {}): Matrix {
  // One thread unless asked: the rows' writes cost about a copy, and a SharedArrayBuffer result's first touch costs
  // more than a second thread saves (bench/README.md, "Typed results and both cores").
  const threads = options?.threads === undefined ? 1 : kernelThreadCount(options);
  const D = data(net, X);
  if (net.dims.length === 3) {
    return { rows: D.n, cols: net.parameterCount, data: plOneHiddenJacobian(net, D, threads) };
  }
  const cache = plForward(net, D);
  const { dims } = net;
  const P = net.parameterCount;
  const J = new Float64Array(D.n * P);
  for (let i = 0; i < D.n; i++) {
    let o = i * P;
    for (let l = 1; l < dims.length; l++) {
      const r = dims[l],
        c = dims[l - 1];
      const s = 1 / Math.sqrt(c);
      const G = cache.G[l],
        A = cache.A[l - 1];
      const ai = i * c;
      for (let k = 0; k < r; k++) {
        const g = G[i * r + k] * s;
        const ok = o + k * c;
        for (let j = 0; j < c; j++) J[ok + j] = g * A[ai + j];
      }
      o += r * c;
    }
  }
  return { rows: D.n, cols: P, data: J };
}

/**
 * The Jacobian DF(w) as `number[][]` (n rows of P numbers): {@link jacobianMatrix} copied into plain arrays, the
 * convenient form for a notebook cell and slower (building the nested arrays costs more than computing the entries;
 * prefer `jacobianMatrix` for anything large).
 *
 * @param net - the network.
 * @param X - the points (rows).
 * @param options.threads - as in {@link jacobianMatrix}.
 */
export function jacobian(net: Mlp, X: number[][], options: KernelThreadsOption = {}): number[][] {
  return matrixToRows(jacobianMatrix(net, X, options));
}

/**
 * Tangent kernel as a flat row-major Float64Array (n × n), computed layer by layer without the Jacobian:
 * K = Σ_l (G_l G_lᵀ) ⊙ (A_{l−1} A_{l−1}ᵀ) / d_{l−1}, with G_l = ∂f/∂z_l and A_{l−1} the layer's input. One hidden
 * layer: {@link plKernelOneHiddenThreaded} (blocked over the units and shared between threads past a size threshold;
 * the same bits for every thread count); deeper: the Gram matrices by the WebAssembly product (one thread).
 */
export function plKernelFlat(net: Mlp, D: PlData, options: KernelThreadsOption = {}): Float64Array {
  if (net.dims.length === 3) return plKernelOneHiddenThreaded(net, D, options);
  const cache = plForward(net, D);
  return kernelFromCache(net, cache);
}

/**
 * G = M Mᵀ (n × n, both triangles) of an n × c row-major M: the WebAssembly product `abt` on its lower 2 × 2 blocks
 * (M copied in, zero padded to even sizes), mirrored; {@link plGram} without WebAssembly SIMD.
 */
function gram(M: Float64Array, n: number, c: number): Float64Array {
  const k = abtKernel();
  if (!k) return plGram(M, n, c);
  const nP = n + (n & 1),
    cP = c + (c & 1);
  const oG = nP * cP,
    total = oG + nP * nP;
  ensureWasmMemory(k, total * 8);
  const mem = new Float64Array(k.memory.buffer, 0, total);
  if (cP === c) mem.set(M.subarray(0, n * c), 0);
  else
    for (let i = 0; i < n; i++) {
      mem.set(M.subarray(i * c, (i + 1) * c), i * cP);
      mem[i * cP + c] = 0;
    }
  if (nP !== n) mem.fill(0, n * cP, nP * cP);
  k.abt(0, nP, 0, nP, cP, oG * 8, nP, 3); // lower blocks, overwrite
  const G = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const v = mem[oG + i * nP + j];
      G[i * n + j] = v;
      G[j * n + i] = v;
    }
  return G;
}

function kernelFromCache(net: Mlp, cache: ReturnType<typeof plForward>): Float64Array {
  const { dims } = net;
  const n = cache.n;
  const K = new Float64Array(n * n);
  for (let l = 1; l < dims.length; l++) {
    const GG = gram(cache.G[l], n, dims[l]);
    const AA = gram(cache.A[l - 1], n, dims[l - 1]);
    const s = 1 / dims[l - 1];
    for (let k = 0; k < n * n; k++) K[k] += GG[k] * AA[k] * s;
  }
  return K;
}

/**
 * The tangent kernel K(w) = DF(w) DF(w)ᵀ as an n × n {@link Matrix} (row-major Float64Array),
 * K_ij = ⟨∇_w f(x_i), ∇_w f(x_j)⟩: the fast form of {@link tangentKernel}.
 *
 * Computed layer by layer from back-propagated vectors (exact; the Jacobian is never formed). With one hidden layer
 * and enough work (n² · m past a threshold), the hidden units are cut into fixed blocks that this thread and helper
 * threads share (see {@link plKernelOneHiddenThreaded}); the blocks depend on the sizes only and their partial sums
 * are added in block order, so the result is bit-for-bit the same with any number of threads.
 *
 * @param net - the network.
 * @param X - the points: `number[][]` (rows) or a {@link Matrix} n × d₀ (used without a copy).
 * @param options.threads - threads for the large one-hidden-layer kernels: `1` computes in this thread only;
 *   default all cores (`LANDSCAPE_WORKERS` when set) on the main thread, 1 inside worker threads.
 * @throws ArgumentError naming `X` when it is not a finite n × d₀ matrix.
 */
export function tangentKernelMatrix(net: Mlp, X: number[][] | Matrix, options: KernelThreadsOption = {}): Matrix {
  const D = data(net, X);
  const K = plKernelFlat(net, D, options);
  return { rows: D.n, cols: D.n, data: K };
}

/**
 * The tangent kernel K(w) = DF(w) DF(w)ᵀ (n × n) as `number[][]`: {@link tangentKernelMatrix} copied into plain
 * arrays (convenient in a cell, slower than the Matrix form; same entries).
 *
 * @param net - the network.
 * @param X - the points (rows).
 * @param options.threads - as in {@link tangentKernelMatrix}.
 */
export function tangentKernel(net: Mlp, X: number[][], options: KernelThreadsOption = {}): number[][] {
  return matrixToRows(tangentKernelMatrix(net, X, options));
}

function checkSquare(K: unknown): { n: number; a: Float64Array } {
  const m = plCheckMatrix(K, "K");
  if (m.n !== m.d) throw new Error(`K: expected a square matrix, got ${m.n} × ${m.d}`);
  const n = m.n;
  const a = m.data;
  // One pass: the scale, the largest asymmetry, and the symmetrized lower triangle.
  let scale = 0;
  let asym = 0;
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const ri = i * n;
    for (let j = 0; j <= i; j++) {
      const x = a[ri + j],
        y = a[j * n + i];
      const ax = Math.abs(x);
      if (ax > scale) scale = ax;
      const dxy = Math.abs(x - y);
      if (dxy > asym) asym = dxy;
      S[ri + j] = 0.5 * (x + y);
    }
  }
  if (asym > 1e-8 * (scale || 1)) {
    for (let i = 0; i < n; i++)
      for (let j = 0; j < i; j++)
        if (Math.abs(a[i * n + j] - a[j * n + i]) > 1e-8 * (scale || 1)) {
          throw new Error(`K: expected a symmetric matrix, K[${i}][${j}] ≠ K[${j}][${i}]`);
        }
  }
  return { n, a: S };
}

/** Eigenvalues (ascending) of a symmetric flat matrix (symmetrized first), float64, without eigenvectors. */
export function plSymEigenvalues(a: Float64Array, n: number): number[] {
  return plSymEigenvaluesOnly(symmetrized(a, n), n);
}

/**
 * The smallest eigenvalue of a symmetric matrix (float64: Householder tridiagonalization, then bisection on Sturm
 * counts; ~10 ms at n = 400).
 *
 * @param K - a square symmetric `number[][]`, e.g. a tangent kernel.
 * @throws Error naming `K` when it is not square, symmetric and finite.
 */
export function lambdaMin(K: number[][]): number {
  const { n, a } = checkSquare(K);
  return plSymExtremeEigenvalues(a, n).min;
}

function symmetrized(a: Float64Array, n: number): Float64Array {
  const S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j <= i; j++) S[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
  return S;
}

/** The largest eigenvalue of a symmetric matrix (float64). */
export function lambdaMax(K: number[][]): number {
  const { n, a } = checkSquare(K);
  return plSymExtremeEigenvalues(a, n).max;
}

/** ‖v‖₂, with four partial sums (a single running sum waits on each addition's latency: ~3× slower). */
function norm(v: Float64Array): number {
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0;
  const n = v.length;
  let k = 0;
  for (; k + 3 < n; k += 4) {
    s0 += v[k] * v[k];
    s1 += v[k + 1] * v[k + 1];
    s2 += v[k + 2] * v[k + 2];
    s3 += v[k + 3] * v[k + 3];
  }
  for (; k < n; k++) s0 += v[k] * v[k];
  return Math.sqrt(s0 + s1 + (s2 + s3));
}

/** A power-iteration step: out = A (scale · v), returning ‖out‖ (see {@link plPowerNorm}). */
export type PlPowerStep = (v: Float64Array, scale: number, out: Float64Array) => number;

/**
 * Power iteration for the spectral norm (largest |eigenvalue|) of a symmetric operator given by products.
 * Returns ‖A v‖ for the last normalized iterate, which converges to the norm even when ±λ are both eigenvalues.
 * Starts from `opts.start` when given, else from N(0, I) drawn with `opts.seed`.
 *
 * @param apply - the product, as `v => A v` (a new array; v may be modified) or as `{ step }`: out = A (scale · v)
 *   with its norm in one pass, so that normalizing costs no pass of its own.
 * @param P - the dimension.
 */
export function plPowerNorm(
  apply: ((v: Float64Array) => Float64Array) | { step: PlPowerStep },
  P: number,
  opts: { iterations?: number; tol?: number; seed?: number; start?: Float64Array } = {},
): number {
  const iterations = opts.iterations ?? 200;
  const tol = opts.tol ?? 1e-7;
  const step: PlPowerStep =
    typeof apply === "function"
      ? (v, scale, out) => {
          for (let k = 0; k < P; k++) v[k] *= scale;
          out.set(apply(v));
          return norm(out);
        }
      : apply.step;
  let v = opts.start ? Float64Array.from(opts.start) : createRng(opts.seed ?? 0).normals(P);
  let spare = new Float64Array(P);
  const nv = norm(v);
  if (nv === 0) return 0;
  // v_{k+1} = A (v_k / ‖v_k‖): the normalization rides along with the next product.
  let scale = 1 / nv;
  let est = 0;
  for (let it = 0; it < iterations; it++) {
    // ‖A v_k‖ → max|λ| even when ±λ are both eigenvalues (v_k then converges into their joint eigenspace).
    const nw = step(v, scale, spare);
    if (nw === 0) return 0;
    const prev = est;
    est = nw;
    scale = 1 / nw;
    const t = v;
    v = spare;
    spare = t;
    if (it > 2 && Math.abs(est - prev) <= tol * est) break;
  }
  return est;
}

/**
 * The spectral norm of the model's Hessian in the weights, max over the points: max_i ‖∇²_w f(x_i; w)‖, by power
 * iteration on exact Hessian-vector products (float64). The products are the R-operator's; with one hidden layer
 * they are taken in the 2m-dimensional subspace that holds the Hessian's range (O(m) a product instead of O(m d);
 * power iteration there visits the iterates of the full one started from the embedded start: see
 * `plOneHiddenHessian`).
 *
 * @param net - the network.
 * @param X - the points (rows).
 * @param options.iterations - power iterations per point (default 200; stops earlier at relative change `tol`).
 * @param options.tol - relative tolerance (default 1e-7).
 * @param options.seed - seed of the start vector (default 0).
 */
export function hessianNorm(
  net: Mlp,
  X: number[][],
  options: { iterations?: number; tol?: number; seed?: number } = {},
): number {
  const D = data(net, X);
  if (options.iterations !== undefined) plCheckInt(options.iterations, "options.iterations", 1);
  if (options.tol !== undefined) plCheckPositive(options.tol, "options.tol");
  let best = 0;
  if (net.dims.length === 3) {
    // Start from N(0, I) in S's orthonormal coordinates: distributed as the projection on S of the N(0, I) start
    // of the generic path, at O(m) instead of O(m d) a point.
    const start = createRng(options.seed ?? 0).normals(2 * net.dims[1]);
    for (let i = 0; i < D.n; i++) {
      const H = plOneHiddenHessian(net, D.data.subarray(i * D.d, (i + 1) * D.d));
      const nrm = plPowerNorm(H, 2 * H.m, { ...options, start });
      best = Math.max(best, nrm);
    }
    return best;
  }
  const one = new Float64Array([1]);
  for (let i = 0; i < D.n; i++) {
    const Di: PlData = { n: 1, d: D.d, data: D.data.subarray(i * D.d, (i + 1) * D.d) };
    const cache = plForward(net, Di);
    const nrm = plPowerNorm((v) => plHvp(net, cache, v, one, null).hv, net.parameterCount, options);
    best = Math.max(best, nrm);
  }
  return best;
}

/** Checked data and targets for loss functions. */
function lossData(net: Mlp, X: unknown, y: unknown): { D: PlData; t: Float64Array } {
  const D = data(net, X);
  const t = plCheckVector(y, D.n, "y");
  return { D, t };
}

/**
 * The square loss L(w) = ½ Σ_i (f(x_i; w) − y_i)².
 *
 * @param net - the network.
 * @param X - the points (rows).
 * @param y - the targets, one per row of X.
 */
export function squareLoss(net: Mlp, X: number[][], y: number[]): number {
  const { D, t } = lossData(net, X, y);
  const f = plForward(net, D).f;
  let s = 0;
  for (let i = 0; i < D.n; i++) s += 0.5 * (f[i] - t[i]) ** 2;
  return s;
}

/** The measured terms of the PL* inequality at one point w. */
export interface PlStarPoint {
  /** L(w). */
  loss: number;
  /** ½‖∇L(w)‖². */
  halfGradSq: number;
  /** λ_min(K(w)). */
  lambdaMin: number;
  /** ½‖∇L‖² / (λ_min(K) · L): ≥ 1 by the inequality. */
  ratio: number;
  /** ½‖∇L‖² / L (the PL* constant realized at w). */
  plRatio: number;
}

/**
 * Evaluates both sides of ½‖∇L(w)‖² ≥ λ_min(K(w)) · L(w) at the network's weights.
 *
 * @param net - the network (its weights are the point w).
 * @param X - the points (rows).
 * @param y - the targets.
 */
export function plStarCheck(net: Mlp, X: number[][], y: number[]): PlStarPoint {
  const { D, t } = lossData(net, X, y);
  const { loss, grad, kernel } = plLossState(net, D, t);
  const halfGradSq = 0.5 * norm(grad) ** 2;
  const lm = plSymEigenvalues(kernel(), D.n)[0];
  return { loss, halfGradSq, lambdaMin: lm, ratio: halfGradSq / (lm * loss), plRatio: halfGradSq / loss };
}

/** Internal: loss, residuals, gradient and cache at the current weights. */
export function plLossState(net: Mlp, D: PlData, t: Float64Array) {
  const cache = plForward(net, D);
  const r = new Float64Array(D.n);
  let loss = 0;
  for (let i = 0; i < D.n; i++) {
    r[i] = cache.f[i] - t[i];
    loss += 0.5 * r[i] * r[i];
  }
  const grad = plWeightedGradient(net, cache, r);
  return { cache, r, loss, grad, kernel: () => kernelFromCache(net, cache) };
}

/**
 * The gradient ∇L(w) = DF(w)ᵀ (F(w) − y) of the square loss, flat (P numbers, ordered as {@link mlpParameters}).
 */
export function squareLossGradient(net: Mlp, X: number[][], y: number[]): number[] {
  const { D, t } = lossData(net, X, y);
  return toNumberArray(plLossState(net, D, t).grad);
}

/**
 * A product of the square loss's Hessian with a vector as a Float64Array (P numbers, ordered as
 * {@link mlpParameters}): ∇²L(w) v = Σ_i [ ∇f_i (∇f_iᵀ v) + (f_i − y_i) ∇²f_i v ] (exact, float64, by the
 * R-operator on one batched pass). The fast form of {@link squareLossHvp}.
 *
 * @param net - the network.
 * @param X - the points: `number[][]` or a {@link Matrix} n × d₀.
 * @param y - the targets, one per row of X.
 * @param v - P numbers (a Float64Array is read, not copied).
 * @throws ArgumentError naming `X`, `y` or `v` when its shape or entries are wrong.
 */
export function squareLossHvpArray(
  net: Mlp,
  X: number[][] | Matrix,
  y: ArrayLike<number>,
  v: Float64Array | number[],
): Float64Array {
  const { D, t } = lossData(net, X, y);
  const vv = vectorData(v, net.parameterCount, "v", "one per parameter");
  const st = plLossState(net, D, t);
  const ones = new Float64Array(D.n).fill(1);
  return plHvp(net, st.cache, vv, st.r, ones).hv;
}

/**
 * {@link squareLossHvpArray} as `number[]` (convenient in a cell, slower: the copy into a plain array costs more
 * than the product at large P).
 *
 * @param net - the network.
 * @param X - the points (rows).
 * @param y - the targets.
 * @param v - P numbers.
 */
export function squareLossHvp(net: Mlp, X: number[][], y: number[], v: number[]): number[] {
  return toNumberArray(squareLossHvpArray(net, X, y, v));
}

/**
 * The model Hessian-vector product ∇²_w f(x; w) v at one point x as a Float64Array (P numbers, exact, float64): the
 * fast form of {@link modelHvp}. With one hidden layer, the closed form of {@link plOneHiddenHvp} (the hidden units
 * do not couple: one pass over W₁ and v's blocks, O(m d)); deeper networks use the R-operator.
 *
 * @param net - the network.
 * @param x - the point (d₀ numbers).
 * @param v - P numbers (a Float64Array is read, not copied).
 * @throws ArgumentError naming `x` or `v` when its length or entries are wrong.
 */
export function modelHvpArray(net: Mlp, x: Float64Array | number[], v: Float64Array | number[]): Float64Array {
  plCheckNet(net);
  const xx = vectorData(x, net.dims[0], "x", "the network's input dimension");
  if (net.dims.length === 3) {
    // One hidden layer: the closed form (hidden units do not couple), O(m d), exact. v's entries are checked through
    // the result (a scan of P entries costs a third of the product).
    const vv = vectorData(v, net.parameterCount, "v", "one per parameter", true);
    const { hv, finite } = plOneHiddenHvp(net, xx, vv);
    if (!finite) vectorData(v, net.parameterCount, "v", "one per parameter"); // throws naming the entry
    return hv;
  }
  const vv = vectorData(v, net.parameterCount, "v", "one per parameter");
  const D: PlData = { n: 1, d: net.dims[0], data: xx };
  return plHvp(net, plForward(net, D), vv, new Float64Array([1]), null).hv;
}

/**
 * The model Hessian-vector product ∇²_w f(x; w) v as `number[]`: {@link modelHvpArray} copied into a plain array
 * (convenient in a cell, slower).
 */
export function modelHvp(net: Mlp, x: number[], v: number[]): number[] {
  return toNumberArray(modelHvpArray(net, x, v));
}

/**
 * The spectral norm ‖∇²L(w)‖ of the square loss's Hessian (Lanczos on exact Hessian-vector products, float64): the
 * local smoothness constant β at w.
 *
 * @param options.iterations - most products (default 300).
 * @param options.tol - relative change of the estimate at which to stop (default 1e-10).
 * @param options.seed - seed of the start vector (default 0).
 */
export function squareLossHessianNorm(
  net: Mlp,
  X: number[][],
  y: number[],
  options: { iterations?: number; tol?: number; seed?: number } = {},
): number {
  const { D, t } = lossData(net, X, y);
  return plLossHessianNormFlat(net, D, t, options);
}

/** Internal: ‖∇²L‖ from checked data. */
export function plLossHessianNormFlat(
  net: Mlp,
  D: PlData,
  t: Float64Array,
  options: { iterations?: number; tol?: number; seed?: number } = {},
): number {
  if (options.iterations !== undefined) plCheckInt(options.iterations, "options.iterations", 1);
  if (options.tol !== undefined) plCheckPositive(options.tol, "options.tol");
  const st = plLossState(net, D, t);
  const ones = new Float64Array(D.n).fill(1);
  const start = createRng(options.seed ?? 0).normals(net.parameterCount);
  return lanczosNorm((v) => plHvp(net, st.cache, v, st.r, ones).hv, net.parameterCount, start, options);
}

/**
 * The eigenvalues of the square loss's Hessian ∇²L(w) (ascending), from its P × P matrix assembled by P exact
 * Hessian-vector products and a float64 symmetric eigendecomposition. For small networks (P ≤ 3000).
 */
export function squareLossHessianSpectrum(net: Mlp, X: number[][], y: number[]): number[] {
  const { D, t } = lossData(net, X, y);
  const P = net.parameterCount;
  if (P > 3000) throw new Error(`net: expected at most 3000 parameters for a full Hessian, got ${P}`);
  const st = plLossState(net, D, t);
  const ones = new Float64Array(D.n).fill(1);
  const H = new Float64Array(P * P);
  const e = new Float64Array(P);
  for (let k = 0; k < P; k++) {
    e.fill(0);
    e[k] = 1;
    H.set(plHvp(net, st.cache, e, st.r, ones).hv, k * P);
  }
  return plSymEigenvalues(H, P);
}
