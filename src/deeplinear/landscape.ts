/**
 * Loss, exact gradient and exact Hessian of L(W) = ‖W_H ⋯ W₁ X − Y‖²_F, and the two classifications of a critical
 * point: by the Hessian's spectrum, and by a rank rule in the spirit of the second-order characterization of Achour,
 * Malgouyres & Gerchinovitz (arXiv 2107.13289), in the form derived and checked here (see {@link classifyByRanks}).
 */
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import {
  EPS,
  type Mat,
  chain,
  eye,
  frob,
  frob2,
  matmul,
  pickCols,
  rank,
  sub,
  symEig,
  symEigenvalues,
  transpose,
  zeros,
} from "./linalg.js";

/** The kinds of first-order critical points (and "not-critical"). */
export type CriticalKind = "global-minimizer" | "strict-saddle" | "non-strict-saddle" | "not-critical";

/**
 * Ranks of the partial products at a point. Layer indices are the paper's 1-based h = 1…H; arrays are 0-based.
 */
export interface PartialRanks {
  /** rk W_{H:1}, the rank of the end-to-end map (= |S| at a critical point). */
  product: number;
  /** layers[h − 1] = rk W_h. */
  layers: number[];
  /** partial[i][j] (0 ≤ j ≤ i < H) = rk(W_{i+1} ⋯ W_{j+1}), i.e. the product of Ws[j..i]. */
  partial: number[][];
  /** head[h] = rk W_{H:h+1} for h = 0…H (head[H] = d_y: the empty product is the identity). */
  head: number[];
  /** tail[h] = rk W_{h:1} for h = 0…H (tail[0] = d_x). */
  tail: number[];
  /** headSigma[h] = rk(Σ_XY W_{H:h+1}) for h = 0…H. */
  headSigma: number[];
  /** tailSigma[h] = rk(W_{h:1} Σ_XY) for h = 0…H. */
  tailSigma: number[];
}

/** The verdict of a classification. */
export interface Classification {
  kind: CriticalKind;
  /** Index set S (0-based, increasing) read off W_{H:1} = U_S U_Sᵀ Σ_YX Σ_XX⁻¹; [] when not critical. */
  S: number[];
  ranks: PartialRanks;
  /** ‖∇L‖_F at the point. */
  gradientNorm: number;
  /** Loss at the point. */
  loss: number;
}

/** Result of {@link classifyByHessian}: the verdict plus what the spectrum showed. */
export interface HessianClassification extends Classification {
  /** Smallest Hessian eigenvalue. */
  minEigenvalue: number;
  /** Largest |eigenvalue|. The tolerance is relative to max(this, a bound on the entries from the layer norms). */
  hessianScale: number;
  /** Number of eigenvalues with |μ| ≤ threshold. */
  zeroEigenvalues: number;
  /** Number of eigenvalues < −threshold whose eigenvector v also gives vᵀ∇²L v < −threshold (certified). */
  negativeEigenvalues: number;
  /** The absolute threshold used: tol · max(‖∇²L‖, entry bound). */
  threshold: number;
  /** vᵀ∇²L v for the eigenvector of the smallest eigenvalue, evaluated by the direct second-derivative formula. */
  certificate: number;
}

/** Result of {@link classifyByRanks}: the verdict plus the witness pair, if any. */
export interface RankClassification extends Classification {
  /** For a strict saddle with S = {0..s−1}: a pair h₁ < h₂ (1-based layers) satisfying the rank condition. */
  witness: { h1: number; h2: number } | null;
  /** Why, in words. */
  reason: string;
}

/** @internal validate a layer list against the problem's widths. */
export function checkWs(problem: DeepLinearProblem, Ws: unknown, name = "Ws"): Mat[] {
  const { widths, H } = problem;
  if (!Array.isArray(Ws) || Ws.length !== H) {
    throw new TypeError(`${name}: expected an array of H = ${H} matrices [W_1, …, W_H]`);
  }
  Ws.forEach((W: unknown, h: number) => {
    const m = widths[h + 1];
    const n = widths[h];
    if (!Array.isArray(W) || W.length !== m || !W.every((row) => Array.isArray(row) && row.length === n)) {
      throw new RangeError(`${name}: W_${h + 1} must be ${m} × ${n} (d_${h + 1} × d_${h}), got inconsistent shape`);
    }
    (W as unknown[][]).forEach((row, i) =>
      row.forEach((v, j) => {
        if (typeof v !== "number" || !Number.isFinite(v)) {
          throw new TypeError(`${name}: W_${h + 1}[${i}][${j}] must be a finite number, got ${String(v)}`);
        }
      }),
    );
  });
  return Ws as Mat[];
}

/** Partial products of a layer list: prod(j, i) = W_i ⋯ W_j (1-based, j ≤ i + 1; empty = identity). */
class Partials {
  private readonly cache = new Map<string, Mat>();
  constructor(
    private readonly Ws: Mat[],
    private readonly widths: readonly number[],
  ) {}
  /** Π_{l=j..i} ‖W_l‖_F: a bound on ‖W_{i:j}‖ that does not vanish when the product vanishes up to rounding. */
  bound(i: number, j: number): number {
    if (i < j) return 1;
    let b = 1;
    for (let l = j; l <= i; l++) b *= frob(this.Ws[l - 1]);
    return b;
  }
  /** W_{i:j} = W_i ⋯ W_j, 1-based; for i = j − 1 the identity of size d_{j−1}. */
  prod(i: number, j: number): Mat {
    if (i < j) return eye(this.widths[j - 1]);
    const key = `${i}:${j}`;
    let m = this.cache.get(key);
    if (!m) {
      m = i === j ? this.Ws[i - 1] : matmul(this.Ws[i - 1], this.prod(i - 1, j), this.widths[j - 1]);
      this.cache.set(key, m);
    }
    return m;
  }
}

interface Context {
  Ws: Mat[];
  pp: Partials;
  P: Mat;
  /** G = W_{H:1} Σ_XX − Σ_YX. */
  G: Mat;
  offsets: number[];
  n: number;
}

function context(problem: DeepLinearProblem, Ws: Mat[]): Context {
  const pp = new Partials(Ws, problem.widths);
  const P = pp.prod(problem.H, 1);
  const G = sub(matmul(P, problem.Sxx), problem.Syx);
  const offsets: number[] = [];
  let n = 0;
  for (let h = 1; h <= problem.H; h++) {
    offsets.push(n);
    n += problem.widths[h] * problem.widths[h - 1];
  }
  return { Ws, pp, P, G, offsets, n };
}

/**
 * The loss L(W) = ‖W_H ⋯ W₁ X − Y‖²_F, computed from the residual itself (no cancellation against tr(YYᵀ)).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H], W_h of shape d_h × d_{h−1}.
 * @returns the loss.
 * @throws Error naming `Ws` on wrong shapes or non-finite entries.
 */
export function loss(problem: DeepLinearProblem, Ws: number[][][]): number {
  assertProblem(problem);
  const W = checkWs(problem, Ws);
  const P = new Partials(W, problem.widths).prod(problem.H, 1);
  return frob2(sub(matmul(P, problem.X), problem.Y));
}

/**
 * Exact gradient: ∇_{W_h} L = 2 W_{H:h+1}ᵀ (W_{H:1} Σ_XX − Σ_YX) W_{h−1:1}ᵀ.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H].
 * @returns the gradient as a layer list of the same shapes.
 * @throws Error naming `Ws` on wrong shapes or non-finite entries.
 */
export function gradient(problem: DeepLinearProblem, Ws: number[][][]): number[][][] {
  assertProblem(problem);
  const ctx = context(problem, checkWs(problem, Ws));
  return gradFromContext(problem, ctx);
}

function gradFromContext(problem: DeepLinearProblem, ctx: Context): Mat[] {
  const { H, widths } = problem;
  const out: Mat[] = [];
  for (let h = 1; h <= H; h++) {
    const A = ctx.pp.prod(H, h + 1); // d_y × d_h
    const B = ctx.pp.prod(h - 1, 1); // d_{h−1} × d_x
    const AtG = matmul(transpose(A, widths[h]), ctx.G);
    const g = matmul(AtG, transpose(B, widths[0]), widths[h - 1]);
    out.push(g.map((row) => row.map((v) => 2 * v)));
  }
  return out;
}

/**
 * The exact Hessian of L as a dense symmetric matrix over the parameters vec(W₁), …, vec(W_H) (each W_h flattened
 * row by row, layers concatenated). Built blockwise from
 * d²L[Δ] = 2⟨D₁Σ_XX, D₁⟩ + 4⟨G, D₂⟩, with D₁ = Σ_h W_{H:h+1}Δ_hW_{h−1:1},
 * D₂ = Σ_{h<k} W_{H:k+1}Δ_kW_{k−1:h+1}Δ_hW_{h−1:1} and G = W_{H:1}Σ_XX − Σ_YX:
 * block (h, k) has the Gauss–Newton entries 2 (W_{H:h+1}ᵀW_{H:k+1})_{ip} (W_{h−1:1}Σ_XXW_{k−1:1}ᵀ)_{jq} and, for
 * h < k, the residual entries 2 (W_{k−1:h+1})_{qi} (W_{H:k+1}ᵀ G W_{h−1:1}ᵀ)_{pj}.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H].
 * @returns the n × n Hessian, n = Σ_h d_h d_{h−1}.
 * @throws Error naming `Ws` on wrong shapes or non-finite entries.
 */
export function hessian(problem: DeepLinearProblem, Ws: number[][][]): number[][] {
  assertProblem(problem);
  const ctx = context(problem, checkWs(problem, Ws));
  return hessianFromContext(problem, ctx);
}

function hessianFromContext(problem: DeepLinearProblem, ctx: Context): Mat {
  const { H, widths, Sxx } = problem;
  const { pp, G, offsets, n } = ctx;
  const Hm = zeros(n, n);
  const A: Mat[] = [];
  const B: Mat[] = [];
  const BS: Mat[] = [];
  for (let h = 1; h <= H; h++) {
    A[h] = pp.prod(H, h + 1);
    B[h] = pp.prod(h - 1, 1);
    BS[h] = matmul(B[h], Sxx);
  }
  for (let h = 1; h <= H; h++) {
    const dh = widths[h];
    const dh1 = widths[h - 1];
    for (let k = h; k <= H; k++) {
      const dk = widths[k];
      const dk1 = widths[k - 1];
      const AA = matmul(transpose(A[h], dh), A[k], dk); // dh × dk
      const BB = matmul(BS[h], transpose(B[k], widths[0]), dk1); // dh1 × dk1
      let M: Mat | null = null;
      let C: Mat | null = null;
      if (k > h) {
        M = pp.prod(k - 1, h + 1); // d_{k−1} × d_h
        C = matmul(matmul(transpose(A[k], dk), G), transpose(B[h], widths[0]), dh1); // dk × dh1
      }
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh1; j++) {
          const a = offsets[h - 1] + i * dh1 + j;
          for (let p = 0; p < dk; p++) {
            for (let q = 0; q < dk1; q++) {
              const b = offsets[k - 1] + p * dk1 + q;
              let v = 2 * AA[i][p] * BB[j][q];
              if (M && C) v += 2 * M[q][i] * C[p][j];
              Hm[a][b] = v;
              Hm[b][a] = v;
            }
          }
        }
      }
    }
  }
  return Hm;
}

/** Splits a flat parameter vector into layers. */
function unflatten(problem: DeepLinearProblem, v: ArrayLike<number>): Mat[] {
  const out: Mat[] = [];
  let o = 0;
  for (let h = 1; h <= problem.H; h++) {
    const m = problem.widths[h];
    const nn = problem.widths[h - 1];
    const W = zeros(m, nn);
    for (let i = 0; i < m; i++) for (let j = 0; j < nn; j++) W[i][j] = v[o++];
    out.push(W);
  }
  return out;
}

/**
 * vᵀ∇²L(W)v computed directly as d²/dt² L(W + tV) at t = 0 = 2⟨D₁Σ_XX, D₁⟩ + 4⟨G, D₂⟩ (no Hessian matrix), an
 * independent check of a Hessian eigenvector's curvature.
 */
function curvatureAlong(problem: DeepLinearProblem, ctx: Context, V: Mat[]): number {
  const { H, widths, Sxx } = problem;
  const { pp, G } = ctx;
  let D1 = zeros(widths[H], widths[0]);
  for (let h = 1; h <= H; h++) {
    const t = matmul(matmul(pp.prod(H, h + 1), V[h - 1]), pp.prod(h - 1, 1), widths[0]);
    D1 = D1.map((row, i) => row.map((x, j) => x + t[i][j]));
  }
  let D2 = zeros(widths[H], widths[0]);
  for (let h = 1; h <= H; h++) {
    for (let k = h + 1; k <= H; k++) {
      const t = chain([pp.prod(H, k + 1), V[k - 1], pp.prod(k - 1, h + 1), V[h - 1], pp.prod(h - 1, 1)], 0);
      D2 = D2.map((row, i) => row.map((x, j) => x + t[i][j]));
    }
  }
  const D1S = matmul(D1, Sxx);
  let a = 0;
  let b = 0;
  for (let i = 0; i < D1.length; i++) {
    for (let j = 0; j < D1[i].length; j++) {
      a += D1S[i][j] * D1[i][j];
      b += G[i][j] * D2[i][j];
    }
  }
  return 2 * a + 4 * b;
}

/**
 * Eigenvalues of the exact Hessian (float64: Householder tridiagonalization + implicit QL, eigenvalues only), in
 * increasing order. {@link classifyByHessian} uses the full ml-matrix decomposition, since it needs eigenvectors.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H].
 * @returns the n eigenvalues, smallest first.
 * @throws Error naming `Ws` on wrong shapes or non-finite entries.
 */
export function hessianEigenvalues(problem: DeepLinearProblem, Ws: number[][][]): number[] {
  return symEigenvalues(hessian(problem, Ws));
}

/** Reads S off W_{H:1}: i ∈ S when row i of UᵀW_{H:1} matches row i of UᵀΣ_YXΣ_XX⁻¹ (coefficient > ½). */
function inferS(problem: DeepLinearProblem, P: Mat): { S: number[]; mismatch: number } {
  const { U, T, dy } = problem;
  const Ut = transpose(U);
  const UP = matmul(Ut, P);
  const UT = matmul(Ut, T);
  const S: number[] = [];
  const lmax = Math.max(problem.lambdas[0], 1e-300);
  for (let i = 0; i < dy; i++) {
    if (!(problem.lambdas[i] > 1e-12 * lmax)) continue; // λ_i = 0: u_i cannot be in S
    const ref = UT[i].reduce((s, v) => s + v * v, 0);
    const c = UP[i].reduce((s, v, j) => s + v * UT[i][j], 0) / ref;
    if (c > 0.5) S.push(i);
  }
  const US = pickCols(U, S);
  const proj = S.length === 0 ? zeros(dy, problem.dx) : matmul(US, matmul(transpose(US, S.length), T));
  const mismatch = frob(sub(P, proj)) / Math.max(frob(T), 1e-300);
  return { S, mismatch };
}

function partialRanks(problem: DeepLinearProblem, pp: Partials, relTol: number): PartialRanks {
  const { H, widths, Sxy } = problem;
  const partial: number[][] = [];
  const sxy = frob(Sxy);
  for (let i = 1; i <= H; i++) {
    const row: number[] = [];
    for (let j = 1; j <= i; j++) row.push(rank(pp.prod(i, j), relTol, pp.bound(i, j)));
    partial.push(row);
  }
  const head: number[] = [];
  const tail: number[] = [];
  const headSigma: number[] = [];
  const tailSigma: number[] = [];
  for (let h = 0; h <= H; h++) {
    const Ah = pp.prod(H, h + 1);
    const Bh = pp.prod(h, 1);
    head.push(h === H ? widths[H] : rank(Ah, relTol, pp.bound(H, h + 1)));
    tail.push(h === 0 ? widths[0] : rank(Bh, relTol, pp.bound(h, 1)));
    headSigma.push(rank(matmul(Sxy, Ah), relTol, sxy * pp.bound(H, h + 1)));
    tailSigma.push(rank(matmul(Bh, Sxy), relTol, sxy * pp.bound(h, 1)));
  }
  return {
    product: partial[H - 1][0],
    layers: partial.map((row, i) => row[i]),
    partial,
    head,
    tail,
    headSigma,
    tailSigma,
  };
}

interface CriticalInfo {
  ctx: Context;
  S: number[];
  critical: boolean;
  gradientNorm: number;
  loss: number;
}

function criticalInfo(problem: DeepLinearProblem, Ws: Mat[], gradTol: number): CriticalInfo {
  const ctx = context(problem, Ws);
  const g = gradFromContext(problem, ctx);
  const gradientNorm = Math.sqrt(g.reduce((s, m) => s + frob2(m), 0));
  // Scale of the gradient's terms (and of their rounding errors): 2 (‖W_{H:1}Σ_XX‖ + ‖Σ_YX‖) Σ_h Π_{l≠h} ‖W_l‖.
  const gScale = frob(matmul(ctx.P, problem.Sxx)) + frob(problem.Syx);
  const norms = Ws.map((W) => frob(W));
  let scaleSum = 0;
  for (let h = 0; h < norms.length; h++) scaleSum += norms.reduce((p, v, l) => (l === h ? p : p * v), 1);
  const scaleG = 2 * gScale * scaleSum;
  const { S, mismatch } = inferS(problem, ctx.P);
  const critical = gradientNorm <= gradTol * scaleG && mismatch <= Math.sqrt(gradTol);
  const lossValue = frob2(sub(matmul(ctx.P, problem.X), problem.Y));
  return { ctx, S: critical ? S : [], critical, gradientNorm, loss: lossValue };
}

function isTopSet(S: readonly number[]): boolean {
  return S.every((v, i) => v === i);
}

/**
 * Classifies a point by the exact Hessian's spectrum (the judge).
 *
 * - not critical (‖∇L‖ > 1e-8 relative to the size of its terms, or W_{H:1} not of the form U_SU_SᵀΣ_YXΣ_XX⁻¹)
 *   → `not-critical`;
 * - a certified negative eigenvalue → `strict-saddle`. "Certified": μ < −tol·‖∇²L‖ and its unit eigenvector v,
 *   pushed through the direct formula d²/dt² L(W + tv), also gives a value < −tol·‖∇²L‖;
 * - otherwise the Hessian is PSD up to tol·‖∇²L‖: `global-minimizer` if the loss equals the global minimum value
 *   (to 1e-9·tr(YYᵀ)), else `non-strict-saddle` (deep linear networks have no spurious local minima, so a
 *   PSD critical point above the minimum is a saddle of order ≥ 3).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H].
 * @param opts.tol - relative tolerance for "zero" eigenvalues, relative to ‖∇²L‖ = max|μ|; default
 *   1000 · n · ε (n parameters, ε = 2.2e-16), far below the smallest genuine negative eigenvalues seen (~1e-8‖∇²L‖).
 * @param opts.gradTol - relative tolerance for criticality (default 1e-8).
 * @param opts.rankTol - relative singular-value cut for the ranks reported (default 1e-9).
 * @returns kind, S, ranks, smallest eigenvalue, counts of zero / negative eigenvalues, and the threshold used.
 * @throws Error naming `Ws` or `opts` on bad input.
 */
export function classifyByHessian(
  problem: DeepLinearProblem,
  Ws: number[][][],
  opts: { tol?: number; gradTol?: number; rankTol?: number } = {},
): HessianClassification {
  assertProblem(problem);
  const W = checkWs(problem, Ws);
  const gradTol = checkTol(opts.gradTol, 1e-8, "opts.gradTol");
  const rankTol = checkTol(opts.rankTol, 1e-9, "opts.rankTol");
  const info = criticalInfo(problem, W, gradTol);
  const ranks = partialRanks(problem, info.ctx.pp, rankTol);
  const Hm = hessianFromContext(problem, info.ctx);
  const n = info.ctx.n;
  const tol = checkTol(opts.tol, 1000 * n * EPS, "opts.tol");
  const { values, vectors } = symEig(Hm);
  const hessianScale = Math.max(Math.abs(values[0]), Math.abs(values[values.length - 1]));
  const threshold = tol * Math.max(hessianScale, hessianEntryBound(problem, info.ctx));
  let negative = 0;
  let certificate = 0;
  for (let e = 0; e < values.length && values[e] < -threshold; e++) {
    const v = vectors.map((row) => row[e]);
    const c = curvatureAlong(problem, info.ctx, unflatten(problem, v));
    if (e === 0) certificate = c;
    if (c < -threshold) negative++;
  }
  if (!(values[0] < -threshold) && values.length > 0) {
    certificate = curvatureAlong(
      problem,
      info.ctx,
      unflatten(
        problem,
        vectors.map((row) => row[0]),
      ),
    );
  }
  const zeroEigenvalues = values.filter((v) => Math.abs(v) <= threshold).length;
  let kind: CriticalKind;
  if (!info.critical) kind = "not-critical";
  else if (negative > 0) kind = "strict-saddle";
  else if (Math.abs(info.loss - problem.minValue) <= 1e-9 * Math.max(problem.trYY, 1e-300)) kind = "global-minimizer";
  else kind = "non-strict-saddle";
  return {
    kind,
    S: info.S,
    ranks,
    gradientNorm: info.gradientNorm,
    loss: info.loss,
    minEigenvalue: values[0],
    hessianScale,
    zeroEigenvalues,
    negativeEigenvalues: negative,
    threshold,
    certificate,
  };
}

/**
 * A bound on the Hessian's entries from the norms of the factors (not of their products), so that a Hessian that
 * vanishes up to rounding still gets a meaningful tolerance: max over blocks of 2‖Σ_XX‖‖A_h‖‖B_h‖‖A_k‖‖B_k‖ and
 * 2(‖W_{H:1}Σ_XX‖ + ‖Σ_YX‖)‖A_k‖‖W_{k−1:h+1}‖‖B_h‖, each ‖·‖ of a product replaced by the product of norms.
 */
function hessianEntryBound(problem: DeepLinearProblem, ctx: Context): number {
  const { H, Sxx, Syx } = problem;
  const pp = ctx.pp;
  const g = frob(matmul(ctx.P, Sxx)) + frob(Syx);
  const sxx = frob(Sxx);
  let best = 0;
  for (let h = 1; h <= H; h++) {
    const ab = pp.bound(H, h + 1) * pp.bound(h - 1, 1);
    best = Math.max(best, 2 * sxx * ab * ab);
    for (let k = h + 1; k <= H; k++) {
      best = Math.max(best, 2 * g * pp.bound(H, k + 1) * pp.bound(k - 1, h + 1) * pp.bound(h - 1, 1));
    }
  }
  return best;
}

function checkTol(v: unknown, dflt: number, name: string): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) {
    throw new RangeError(`${name}: expected a positive finite number, got ${String(v)}`);
  }
  return v;
}

/**
 * Classifies a first-order critical point without the Hessian, from ranks of partial products. With S read off
 * W_{H:1} = U_S U_Sᵀ Σ_YX Σ_XX⁻¹, s = |S|, s_max = min(r, #{λ_i > 0}) and the residual correlation
 * G = W_{H:1}Σ_XX − Σ_YX (= −U_{S^c}U_{S^c}ᵀΣ_YX at a critical point):
 *
 * 1. S = {0, …, s_max − 1} → `global-minimizer`;
 * 2. S not of the form {0, …, s − 1} (it skips a larger eigenvalue) → `strict-saddle`;
 * 3. S = {0, …, s − 1}, s < s_max → `strict-saddle` iff there is a pivot pair of layers 1 ≤ h₁ < h₂ ≤ H with
 *      rk(W_{h₂−1:h₁+1}) > s   and   rk(W_{H:h₂+1}ᵀ G W_{h₁−1:1}ᵀ) ≥ 1
 *    (empty products are identities); otherwise `non-strict-saddle`.
 *
 * Why: perturbing W_{h₁} and W_{h₂} only, the second-order term of L contains 4⟨G, W_{H:h₂+1}Δ_{h₂}W_{h₂−1:h₁+1}
 * Δ_{h₁}W_{h₁−1:1}⟩, bilinear in (Δ_{h₂}, Δ_{h₁}); it can be made negative exactly when the middle product carries a
 * direction beyond the s used by the product and the residual G is visible from above h₂ and below h₁.
 * The second condition implies rk(Σ_XY W_{H:h₂+1}) > s and rk(W_{h₁−1:1}Σ_XY) > s, and for generic points is
 * equivalent to them (`rule: "sigma"`); it is strictly stronger when the extra output directions above h₂ and the
 * extra input correlations below h₁ belong to different eigenvectors of Σ (then the new path they would open
 * carries no loss decrease). The plain layer ranks rk W_{H:h₂+1} > s, rk W_{h₁−1:1} > s (`rule: "layer"`) are not
 * enough when d_x > d_y: rank added in ker Σ_YX creates no descent direction. Both variants are kept to show
 * where they fail; the default `"pivot"` agreed with the exact Hessian on every point of the enumerated family.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param Ws - layers [W₁, …, W_H].
 * @param opts.rankTol - relative singular-value cut for numerical ranks (default 1e-9), relative to a bound of the
 *   product's norm by the product of its factors' norms (so that products that vanish up to rounding have rank 0).
 * @param opts.gradTol - relative tolerance for criticality (default 1e-8).
 * @param opts.rule - `"pivot"` (default, the rule above), `"sigma"` (rk(Σ_XY W_{H:h₂+1}) > s and
 *   rk(W_{h₁−1:1}Σ_XY) > s instead of the coupling) or `"layer"` (rk W_{H:h₂+1} > s and rk W_{h₁−1:1} > s).
 * @returns kind, S, ranks, the witness pair (h₁, h₂) for a strict saddle of type 3, and the reason in words.
 * @throws Error naming `Ws` or `opts` on bad input.
 */
export function classifyByRanks(
  problem: DeepLinearProblem,
  Ws: number[][][],
  opts: { rankTol?: number; gradTol?: number; rule?: RankRule } = {},
): RankClassification {
  const rule = opts.rule ?? "pivot";
  if (rule !== "pivot" && rule !== "sigma" && rule !== "layer") {
    throw new RangeError(`opts.rule: expected "pivot", "sigma" or "layer", got ${String(rule)}`);
  }
  assertProblem(problem);
  const W = checkWs(problem, Ws);
  const gradTol = checkTol(opts.gradTol, 1e-8, "opts.gradTol");
  const rankTol = checkTol(opts.rankTol, 1e-9, "opts.rankTol");
  const info = criticalInfo(problem, W, gradTol);
  const ranks = partialRanks(problem, info.ctx.pp, rankTol);
  const base = { S: info.S, ranks, gradientNorm: info.gradientNorm, loss: info.loss };
  if (!info.critical) {
    return { ...base, kind: "not-critical", witness: null, reason: "∇L ≠ 0" };
  }
  const S = info.S;
  const s = S.length;
  if (s === problem.sMax && isTopSet(S)) {
    return { ...base, kind: "global-minimizer", witness: null, reason: `S = {0..${s - 1}} = top s_max` };
  }
  if (!isTopSet(S)) {
    return { ...base, kind: "strict-saddle", witness: null, reason: "S is not a set of top eigenvalues" };
  }
  const pair =
    rule === "pivot" ? pivotWitness(problem, info.ctx, ranks, s, rankTol) : rankWitness(problem.H, ranks, s, rule);
  if (pair) {
    return {
      ...base,
      kind: "strict-saddle",
      witness: pair,
      reason:
        rule === "pivot"
          ? `pivot (h₁, h₂) = (${pair.h1}, ${pair.h2}): rk(W_{${pair.h2 - 1}:${pair.h1 + 1}}) > s = ${s} and the residual couples layers above ${pair.h2} and below ${pair.h1}`
          : `(h₁, h₂) = (${pair.h1}, ${pair.h2}): the three ranks exceed s = ${s} (rule "${rule}")`,
    };
  }
  return { ...base, kind: "non-strict-saddle", witness: null, reason: `no pivot pair h₁ < h₂ (s = ${s})` };
}

/** Which form of rule 3 {@link classifyByRanks} applies. */
export type RankRule = "pivot" | "sigma" | "layer";

/**
 * @internal The coupling of a pair h₁ < h₂ (1-based): the rank of C = W_{H:h₂+1}ᵀ (W_{H:1}Σ_XX − Σ_YX) W_{h₁−1:1}ᵀ,
 * i.e. of the residual seen from the layers above h₂ and below h₁ (½ ∂²L/∂W_{h₂}∂W_{h₁} reads the residual through
 * C). Its numerical rank is taken relative to ‖W_{H:h₂+1}‖·‖G‖·‖W_{h₁−1:1}‖ bounded by products of layer norms.
 */
export function pairCoupling(problem: DeepLinearProblem, Ws: Mat[], h1: number, h2: number, relTol = 1e-9): number {
  return couplingRank(problem, context(problem, Ws), h1, h2, relTol);
}

function couplingRank(problem: DeepLinearProblem, ctx: Context, h1: number, h2: number, relTol: number): number {
  const { H, widths } = problem;
  const pp = ctx.pp;
  const A2 = pp.prod(H, h2 + 1); // d_y × d_{h2}
  const B1 = pp.prod(h1 - 1, 1); // d_{h1−1} × d_x
  const C = matmul(matmul(transpose(A2, widths[h2]), ctx.G), transpose(B1, widths[0]), widths[h1 - 1]);
  const cScale = pp.bound(H, h2 + 1) * (frob(matmul(ctx.P, problem.Sxx)) + frob(problem.Syx)) * pp.bound(h1 - 1, 1);
  return rank(C, relTol, cScale);
}

function pivotWitness(
  problem: DeepLinearProblem,
  ctx: Context,
  ranks: PartialRanks,
  s: number,
  relTol: number,
): { h1: number; h2: number } | null {
  for (let h1 = 1; h1 <= problem.H; h1++) {
    for (let h2 = h1 + 1; h2 <= problem.H; h2++) {
      const mid = h2 === h1 + 1 ? problem.widths[h1] : ranks.partial[h2 - 2][h1];
      if (!(mid > s)) continue;
      if (couplingRank(problem, ctx, h1, h2, relTol) > 0) return { h1, h2 };
    }
  }
  return null;
}

/** @internal the (h₁, h₂) search of the rank forms of rule 3. */
export function rankWitness(
  H: number,
  ranks: PartialRanks,
  s: number,
  rule: "sigma" | "layer" = "sigma",
): { h1: number; h2: number } | null {
  const tail = rule === "sigma" ? ranks.tailSigma : ranks.tail;
  const head = rule === "sigma" ? ranks.headSigma : ranks.head;
  for (let h1 = 1; h1 <= H; h1++) {
    if (!(tail[h1 - 1] > s)) continue;
    for (let h2 = h1 + 1; h2 <= H; h2++) {
      if (!(head[h2] > s)) continue;
      // W_{h2−1:h1+1}: identity of size d_{h1} when h2 = h1 + 1.
      const mid = h2 === h1 + 1 ? Infinity : ranks.partial[h2 - 2][h1];
      if (mid > s) return { h1, h2 };
    }
  }
  return null;
}
