/**
 * Section 6 of tutorial 1: a global minimizer w* of an over-parameterized network and the spectrum of ∇²L at w* ± δv —
 * not locally convex, even arbitrarily close to w*.
 */
import { expectNumberList } from "../core/validate.js";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { createRng } from "../tensor/index.js";
import { hessianNorm, plLossHessianNormFlat, plLossState, squareLossHessianSpectrum } from "./kernel.js";
import { mlp, mlpParameters, mlpWithParameters, plForward, plWeightedGradient, type Mlp } from "./net.js";
import { squareLossFloor } from "./lossFloor.js";
import { gdRun } from "./train.js";
import { plCheckInt, plCheckMatrix, plCheckVector } from "./validate.js";
import type { PlDataset } from "./data.js";

/** One distance δ of {@link nonConvexityExperiment}. */
export interface NonConvexRow {
  delta: number;
  /** Smallest eigenvalue of ∇²L at w* + δv, min over the random directions v. */
  lambdaMinHessian: number;
  /** Median over the directions. */
  lambdaMinHessianMedian: number;
  /** Fraction of directions at which ∇²L has a negative eigenvalue. */
  fractionNegative: number;
  /** L at w* + δv (median over directions). */
  loss: number;
}

/** Result of {@link nonConvexityExperiment}. */
export interface NonConvexResult {
  parameterCount: number;
  n: number;
  /** L(w*) of the minimizer found. */
  minimizerLoss: number;
  /** The rounding floor of L for this network and data (`squareLossFloor`). */
  lossFloor: number;
  /**
   * Eigenvalues of ∇²L(w*): smallest and largest; `tolerance`, the rounding level of the computed eigenvalues
   * (100·P·ε·λ_max for the eigensolver, plus √n ‖F(w*) − y‖ max_i ‖∇²f(x_i)‖ for the residual's curvature term
   * Σ r_i ∇²f(x_i)); `nearZero`, how many lie within it in magnitude; `smallestAboveNull`, the (P − n + 1)-th
   * smallest (the smallest eigenvalue of DFᵀDF's range, when P > n).
   */
  hessianAtMinimizer: { min: number; max: number; nearZero: number; tolerance: number; smallestAboveNull: number };
  rows: NonConvexRow[];
}

/**
 * Finds a global minimizer w* (L = 0) of an over-parameterized network by gradient descent polished with
 * minimum-norm Gauss–Newton steps w ← w − DFᵀ(DF DFᵀ)⁻¹(F − y), then computes the full spectrum of ∇²L at points
 * w* ± δv for random unit directions v and shrinking δ. The directions come in pairs ±v: to first order in δ the
 * curvature term Σ_i r_i ∇²f(x_i) at w* + δv is the negative of that at w* − δv, so on the null space of DF one of
 * the two has a negative eigenvalue unless the term vanishes there.
 *
 * @param options.directions - number of directions (rounded up to an even number: pairs ±v).
 */
export function nonConvexityExperiment(options: {
  data: PlDataset;
  width: number;
  activation: string;
  deltas: number[];
  directions: number;
  seed: number;
}): NonConvexResult {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const dirs = plCheckInt(options.directions, "directions", 1);
  const deltas = expectNumberList(options.deltas, "deltas", { min: 0, minOpen: true, minLength: 1 });
  let net: Mlp = mlp({ inputDim: D.d, widths: [options.width], activation: options.activation, seed: options.seed });
  const eta = 1 / plLossHessianNormFlat(net, D, t, { iterations: 300, tol: 1e-9 });
  net = gdRun(net, options.data.X, options.data.y, { lr: eta, steps: 200, record: 200 }).net;
  net = plGaussNewtonPolish(net, D, t, 200);
  const wStar = mlpParameters(net);
  const minimizerLoss = plLossState(net, D, t).loss;
  const P = net.parameterCount;
  const ev0 = squareLossHessianSpectrum(net, options.data.X, options.data.y);
  const top = Math.max(Math.abs(ev0[0]), Math.abs(ev0[ev0.length - 1]));
  const tolerance =
    100 * P * Number.EPSILON * top +
    Math.sqrt(D.n) * Math.sqrt(2 * minimizerLoss) * hessianNorm(net, options.data.X, { iterations: 100, tol: 1e-6 });
  const hessianAtMinimizer = {
    min: ev0[0],
    max: ev0[ev0.length - 1],
    nearZero: ev0.filter((e) => Math.abs(e) <= tolerance).length,
    tolerance,
    smallestAboveNull: P > D.n ? ev0[P - D.n] : NaN,
  };
  const rng = createRng(options.seed + 1);
  const directions: Float64Array[] = [];
  for (let k = 0; k < Math.ceil(dirs / 2); k++) {
    const v = rng.normals(wStar.length);
    const nv = Math.hypot(...v);
    for (let j = 0; j < v.length; j++) v[j] /= nv;
    directions.push(
      v,
      v.map((a) => -a),
    );
  }
  const rows = deltas.map((delta) => {
    const mins: number[] = [];
    const losses: number[] = [];
    for (const v of directions) {
      const w = wStar.map((a, j) => a + delta * v[j]);
      const nd = mlpWithParameters(net, w);
      mins.push(squareLossHessianSpectrum(nd, options.data.X, options.data.y)[0]);
      losses.push(plLossState(nd, D, t).loss);
    }
    const sorted = mins.slice().sort((a, b) => a - b);
    const ls = losses.slice().sort((a, b) => a - b);
    return {
      delta,
      lambdaMinHessian: sorted[0],
      lambdaMinHessianMedian: sorted[Math.floor(sorted.length / 2)],
      fractionNegative: mins.filter((m) => m < 0).length / mins.length,
      loss: ls[Math.floor(ls.length / 2)],
    };
  });
  return {
    parameterCount: P,
    n: D.n,
    minimizerLoss,
    lossFloor: squareLossFloor(t, options.width),
    hessianAtMinimizer,
    rows,
  };
}

/**
 * Minimum-norm Gauss–Newton steps w ← w − s·Jᵀ(JJᵀ)⁻¹ r, the step s halved from 1 until L decreases, until L stops
 * decreasing (at most `iters` steps).
 */
export function plGaussNewtonPolish(
  net: Mlp,
  D: { n: number; d: number; data: Float64Array },
  t: Float64Array,
  iters: number,
): Mlp {
  let cur = net;
  let st = plLossState(cur, D, t);
  for (let it = 0; it < iters && st.loss > 0; it++) {
    const K = st.kernel();
    const M = new Matrix(D.n, D.n);
    for (let i = 0; i < D.n; i++) for (let j = 0; j < D.n; j++) M.set(i, j, K[i * D.n + j]);
    const evd = new EigenvalueDecomposition(M, { assumeSymmetric: true });
    const V = evd.eigenvectorMatrix;
    const lam = evd.realEigenvalues;
    // a = K⁻¹ r by the eigendecomposition.
    const a = new Float64Array(D.n);
    for (let k = 0; k < D.n; k++) {
      if (lam[k] <= 1e-14 * lam[lam.length - 1]) continue;
      let c = 0;
      for (let i = 0; i < D.n; i++) c += V.get(i, k) * st.r[i];
      c /= lam[k];
      for (let i = 0; i < D.n; i++) a[i] += c * V.get(i, k);
    }
    // step = Jᵀ a = Σ_i a_i ∇f_i.
    const w = mlpParameters(cur);
    const nextState = (scale: number) => {
      const step = plWeightedGradient(cur, plForward(cur, D), a);
      const w2 = w.map((x, j) => x - scale * step[j]);
      const n2 = mlpWithParameters(cur, w2);
      return { n2, st2: plLossState(n2, D, t) };
    };
    // The Gauss–Newton direction is a descent direction (∇Lᵀ DFᵀK⁻¹r = ‖r‖²): halve the step until L decreases.
    let { n2, st2 } = nextState(1);
    for (let halvings = 1; !(st2.loss < st.loss) && halvings <= 40; halvings++)
      ({ n2, st2 } = nextState(2 ** -halvings));
    if (!(st2.loss < st.loss)) break;
    cur = n2;
    st = st2;
  }
  return cur;
}
