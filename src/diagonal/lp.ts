/**
 * Basis pursuit (min ‖x‖₁ s.t. Ax = y) with HiGHS, and the minimizer the diagonal network selects among its
 * solutions as α → 0.
 */
import { validateDepth, validateProblem, type Problem } from "./core.js";
import type { Highs } from "highs";
import { type Dense, cholSolve, luSolve, matTVec, matVec, norm2, rowReduce, weightedGram } from "./linalg.js";

/**
 * The loaded HiGHS runtime. Models are passed as arrays (`createModel`), not as CPLEX LP text: parsing the text was
 * most of the time of a solve (≈ 80 % at 100 × 400), and the arrays give HiGHS the same doubles.
 */
let highsPromise: Promise<Highs> | null = null;

/** Loads HiGHS (WebAssembly) once per process. */
function loadHighs(): Promise<Highs> {
  if (!highsPromise) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loader = require("highs") as (opts?: Record<string, unknown>) => Promise<Highs>;
    highsPromise = loader({});
  }
  return highsPromise;
}

/** HiGHS model-status codes as the `highs` package's text API names them (unknown codes read "Unknown"). */
const MODEL_STATUS: Record<number, string> = {
  0: "Not Set",
  1: "Load error",
  2: "Model error",
  3: "Presolve error",
  4: "Solve error",
  5: "Postsolve error",
  6: "Empty",
  7: "Optimal",
  8: "Infeasible",
  9: "Primal infeasible or unbounded",
  10: "Unbounded",
  11: "Bound on objective reached",
  12: "Target for objective reached",
  13: "Time limit reached",
  14: "Iteration limit reached",
  15: "Unknown",
};
/** Statuses without a primal (or dual) solution to read. */
const NO_SOLUTION = new Set([
  "Not Set",
  "Load error",
  "Model error",
  "Presolve error",
  "Solve error",
  "Postsolve error",
  "Empty",
  "Infeasible",
  "Unknown",
]);

/** An LP min/max cᵀv s.t. rowLower ≤ M v ≤ rowUpper, colLower ≤ v ≤ colUpper, M given row-wise (CSR). */
interface Lp {
  maximize: boolean;
  cost: Float64Array;
  colLower: Float64Array;
  colUpper: Float64Array;
  rowLower: Float64Array;
  rowUpper: Float64Array;
  starts: Int32Array;
  index: Int32Array;
  value: Float64Array;
}

/** The solved LP: the status, and when it has a solution the column values and the row duals. */
interface LpSolution {
  status: string;
  col: Float64Array | null;
  rowDual: Float64Array | null;
}

/**
 * Solves an LP with a fresh HiGHS model (no basis carried between calls): dual simplex, logging off, presolve off.
 * Presolve removes nothing from these LPs (HiGHS then takes the same simplex iterations) and made the solves up to 2×
 * slower; with it off, the vertex and the row duals are those of the LP as written, which {@link selectedMinimizer}
 * reads (its sign pattern and face LP come from them).
 */
function solveLp(highs: Highs, lp: Lp): LpSolution {
  const numCols = lp.cost.length;
  const numRows = lp.rowLower.length;
  // Options before the model: passing a model with logging still on prints HiGHS's banner (time spent formatting).
  const model = highs.createModel();
  try {
    model.options.set({ presolve: "off", output_flag: false });
    model.passModel({
      numCols,
      numRows,
      sense: lp.maximize ? highs.constants.objectiveSense.maximize : highs.constants.objectiveSense.minimize,
      colCost: lp.cost,
      colLower: lp.colLower,
      colUpper: lp.colUpper,
      rowLower: lp.rowLower,
      rowUpper: lp.rowUpper,
      matrix: { format: "csr", numRows, numCols, starts: lp.starts, indices: lp.index, values: lp.value },
    });
    model.run();
    const status = MODEL_STATUS[model.getModelStatus()] ?? "Unknown";
    if (NO_SOLUTION.has(status)) return { status, col: null, rowDual: null };
    const sol = model.getSolution();
    return { status, col: sol.colValue, rowDual: sol.rowDual };
  } finally {
    model.dispose();
  }
}

/**
 * The smallest certificate level of a sign pattern: min ‖A_{S^c}ᵀν‖∞ over the ν with A_Sᵀν = s (an LP: minimize τ
 * s.t. A_Sᵀν = s, −τ ≤ A_jᵀν ≤ τ for j ∉ S). With A_S of full column rank, a vector with support S and signs s is the
 * unique basis-pursuit solution exactly when this level is < 1.
 *
 * @param A - the m × n matrix, row-major.
 * @param support - S, the indices of the nonzeros.
 * @param signs - s, their signs (±1), in the order of `support`.
 * @returns the level, or NaN when A_Sᵀν = s has no solution (or HiGHS finds none).
 */
export async function minimalCertificateLevel(
  A: number[][],
  support: readonly number[],
  signs: readonly number[],
): Promise<number> {
  const P = validateProblem(A, new Array(A.length).fill(0));
  const { m, n } = P;
  const inS = new Set(support);
  const off = Array.from({ length: n }, (_, j) => j).filter((j) => !inS.has(j));
  if (off.length === 0) return 0;
  const highs = await loadHighs();
  const inf = highs.infinity;
  const numCols = m + 1;
  const rows = support.length + 2 * off.length;
  const starts = new Int32Array(rows + 1);
  const index: number[] = [];
  const value: number[] = [];
  const rowLower = new Float64Array(rows);
  const rowUpper = new Float64Array(rows);
  let r = 0;
  const column = (j: number, tau: number): void => {
    for (let i = 0; i < m; i++) {
      const v = P.A.data[i * n + j];
      if (v !== 0) {
        index.push(i);
        value.push(v);
      }
    }
    if (tau !== 0) {
      index.push(m);
      value.push(tau);
    }
    starts[++r] = index.length;
  };
  support.forEach((j, a) => {
    rowLower[r] = signs[a];
    rowUpper[r] = signs[a];
    column(j, 0);
  });
  for (const j of off) {
    rowLower[r] = -inf;
    rowUpper[r] = 0;
    column(j, -1);
    rowLower[r] = 0;
    rowUpper[r] = inf;
    column(j, 1);
  }
  const cost = new Float64Array(numCols);
  cost[m] = 1;
  const colLower = new Float64Array(numCols).fill(-inf);
  colLower[m] = 0;
  const sol = solveLp(highs, {
    maximize: false,
    cost,
    colLower,
    colUpper: new Float64Array(numCols).fill(inf),
    rowLower,
    rowUpper,
    starts,
    index: Int32Array.from(index),
    value: Float64Array.from(value),
  });
  if (sol.status !== "Optimal" || !sol.col) return NaN;
  // the level from ν itself (the LP's τ carries the solver's tolerance)
  const nu = sol.col.subarray(0, m);
  let level = 0;
  for (const j of off) {
    let v = 0;
    for (let i = 0; i < m; i++) v += P.A.data[i * n + j] * nu[i];
    level = Math.max(level, Math.abs(v));
  }
  return level;
}

/** Result of {@link basisPursuit}. */
export interface BasisPursuitResult {
  /** A minimizer of ‖x‖₁ subject to A x = y (a vertex, polished by least squares on its support). */
  x: number[];
  /** ‖x‖₁ at the optimum. */
  objective: number;
  /** HiGHS model status ("Optimal" when solved). */
  status: string;
  /** Dual certificate ν (‖Aᵀν‖∞ ≤ 1, yᵀν = objective) from HiGHS's row duals. */
  dual: number[];
  /** ‖A x − y‖₂. */
  residual: number;
}

/**
 * Basis pursuit: min ‖x‖₁ subject to A x = y, as the LP min Σ(pᵢ + qᵢ) s.t. A(p − q) = y, p, q ≥ 0, solved by HiGHS
 * (WebAssembly, loaded once). The vertex HiGHS returns is polished by least squares on its support (A x = y to
 * rounding) when that support has full column rank.
 *
 * @param A - m×n matrix (number[][]); @param y - m numbers in the range of A.
 * @returns `{ x, objective, status, dual, residual }`.
 * @throws Error naming `A` or `y` on bad input (shapes, NaN), and `y` when it is not in the range of A (the LP is
 *   infeasible); another non-optimal HiGHS status is returned in `status`.
 */
export async function basisPursuit(A: number[][], y: number[]): Promise<BasisPursuitResult> {
  const P = validateProblem(A, y);
  const highs = await loadHighs();
  const result = bpSolve(highs, P);
  if (result.status === "Infeasible") {
    throw new Error(`y: not in the range of A, so no x solves Ax = y (basis pursuit is infeasible)`);
  }
  return result;
}

function bpSolve(highs: Highs, P: Problem): BasisPursuitResult {
  const { m, n } = P;
  // Columns p₀, q₀, p₁, q₁, … (the order HiGHS read them in from the LP text this replaced); row i: A(p − q) = yᵢ.
  const starts = new Int32Array(m + 1);
  let nnz = 0;
  for (let k = 0; k < m * n; k++) if (P.A.data[k] !== 0) nnz += 2;
  const index = new Int32Array(nnz);
  const value = new Float64Array(nnz);
  let e = 0;
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const a = P.A.data[i * n + j];
      if (a === 0) continue;
      index[e] = 2 * j;
      value[e++] = a;
      index[e] = 2 * j + 1;
      value[e++] = -a;
    }
    starts[i + 1] = e;
  }
  const sol = solveLp(highs, {
    maximize: false,
    cost: new Float64Array(2 * n).fill(1),
    colLower: new Float64Array(2 * n),
    colUpper: new Float64Array(2 * n).fill(highs.infinity),
    rowLower: P.y,
    rowUpper: P.y,
    starts,
    index,
    value,
  });
  const dual = sol.rowDual ? Array.from(sol.rowDual) : new Array<number>(m).fill(NaN);
  if (sol.status !== "Optimal" || !sol.col) {
    return { x: new Array(n).fill(NaN), objective: NaN, status: sol.status, dual, residual: NaN };
  }
  const col = sol.col;
  const x = new Float64Array(n);
  for (let j = 0; j < n; j++) x[j] = col[2 * j] - col[2 * j + 1];
  polishOnSupport(P.A, P.y, x);
  let l1 = 0;
  for (let j = 0; j < n; j++) l1 += Math.abs(x[j]);
  const Ax = matVec(P.A, x);
  let res = 0;
  for (let i = 0; i < m; i++) res += (Ax[i] - P.y[i]) ** 2;
  return { x: Array.from(x), objective: l1, status: sol.status, dual, residual: Math.sqrt(res) };
}

/** Re-solves A_S x_S = y on the support S by least squares if that keeps the signs and lowers the residual. */
function polishOnSupport(A: Dense, y: Float64Array, x: Float64Array): void {
  const n = A.cols;
  const m = A.rows;
  const xmax = Math.max(...Array.from(x, Math.abs));
  if (!(xmax > 0)) return;
  const S: number[] = [];
  for (let j = 0; j < n; j++) if (Math.abs(x[j]) > 1e-9 * xmax) S.push(j);
  if (S.length > m || S.length === 0) return;
  const k = S.length;
  const N = new Float64Array(k * k);
  const r = new Float64Array(k);
  for (let a = 0; a < k; a++) {
    for (let b = 0; b < k; b++) {
      let s = 0;
      for (let i = 0; i < m; i++) s += A.data[i * n + S[a]] * A.data[i * n + S[b]];
      N[a * k + b] = s;
    }
    let s = 0;
    for (let i = 0; i < m; i++) s += A.data[i * n + S[a]] * y[i];
    r[a] = s;
  }
  const z = luSolve(N, k, r);
  if (!z) return;
  const cand = new Float64Array(n);
  S.forEach((j, a) => (cand[j] = z[a]));
  for (const j of S) if (Math.sign(cand[j]) !== Math.sign(x[j])) return;
  const resOf = (v: Float64Array): number => {
    const Av = matVec(A, v);
    let s = 0;
    for (let i = 0; i < m; i++) s += (Av[i] - y[i]) ** 2;
    return s;
  };
  if (resOf(cand) <= resOf(x)) x.set(cand);
}

/** Result of {@link selectedMinimizer}. */
export interface SelectedMinimizerResult {
  /** The basis-pursuit solution the depth-D network selects as α → 0. */
  x: number[];
  /** ‖x‖₁ (equal to the basis-pursuit optimum). */
  l1: number;
  /** The potential Σ g_D(|xᵢ|) at x: Σ|x|log(|x|/e) for D = 2, Σ(|x| − (D/2)|x|^{2/D}) for D > 2. */
  potential: number;
  /** Dimension of the basis-pursuit solution set (0 = unique solution). */
  faceDimension: number;
  /** Indices that are nonzero somewhere on the solution set (the support of x). */
  support: number[];
}

/** The depth-D potential g_D of one coordinate (the α → 0 selection rule of Wind, Antun, Hansen). */
export function dlnPotentialG(x: number, depth: number): number {
  const a = Math.abs(x);
  if (a === 0) return 0;
  return depth === 2 ? a * Math.log(a / Math.E) : a - (depth / 2) * a ** (2 / depth);
}

/**
 * The minimizer that gradient flow on a depth-D diagonal network selects among the basis-pursuit solutions as
 * α → 0: argmin Σ g_D(xᵢ) over {x : A x = y, ‖x‖₁ minimal}, with g_2(x) = |x|log(|x|/e) (maximum entropy) and
 * g_D(x) = |x| − (D/2)|x|^{2/D} for D > 2.
 *
 * The solution set is a face of the ℓ1 ball: for a dual certificate ν of basis pursuit it is
 * {x : Ax = y, xᵢ = 0 where |Aᵀν|ᵢ < 1, sign xᵢ = (Aᵀν)ᵢ elsewhere}. A second LP finds the coordinates that can be
 * nonzero on it, and Newton's method (equality-constrained, g_D is strictly convex with g' → −∞ at 0, so the
 * minimizer is interior) minimizes the potential there.
 *
 * @returns `{ x, l1, potential, faceDimension, support }`.
 * @throws Error naming `A`, `y` or `depth` on bad input, or `y` when basis pursuit is infeasible.
 */
export async function selectedMinimizer(A: number[][], y: number[], depth: number): Promise<SelectedMinimizerResult> {
  const P = validateProblem(A, y);
  const D = validateDepth(depth);
  const highs = await loadHighs();
  const bp = bpSolve(highs, P);
  if (bp.status !== "Optimal") throw new Error(`y: basis pursuit is not solvable (HiGHS status ${bp.status})`);
  const { m, n } = P;
  // Certificate: Aᵀν from the duals; candidate coordinates where |Aᵀν| ≈ 1 (sign fixed), plus the BP support.
  const nu = Float64Array.from(bp.dual);
  const g = matTVec(P.A, nu);
  // Orient the certificate (solver sign conventions differ): on the support, Aᵀν must equal sign(x).
  let agree = 0;
  for (let j = 0; j < n; j++) if (bp.x[j] !== 0) agree += Math.sign(bp.x[j]) * g[j];
  if (agree < 0) for (let j = 0; j < n; j++) g[j] = -g[j];
  const sign = new Float64Array(n);
  const E: number[] = [];
  for (let j = 0; j < n; j++) {
    if (Math.abs(bp.x[j]) > 0) sign[j] = Math.sign(bp.x[j]);
    else if (Math.abs(Math.abs(g[j]) - 1) <= 1e-7) sign[j] = Math.sign(g[j]);
    if (sign[j] !== 0) E.push(j);
  }
  // Which coordinates of E can be nonzero on the face: max Σ w s.t. Σ_j A_j s_j z_j = τ y, z ≥ w, 0 ≤ w ≤ 1.
  // Columns w_a (a indexing E), then z_a and τ in the order the rows first use them (the order HiGHS read them in from
  // the LP text this replaced); rows: Σ_a A_{i,E_a} s_a z_a − yᵢ τ = 0 (i < m), then z_a − w_a ≥ 0.
  const k = E.length;
  const zCol = new Int32Array(k).fill(-1);
  let tauCol = -1;
  let next = k;
  const starts = new Int32Array(m + k + 1);
  const index: number[] = [];
  const value: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let a = 0; a < k; a++) {
      const v = P.A.data[i * n + E[a]] * sign[E[a]];
      if (v === 0) continue;
      if (zCol[a] < 0) zCol[a] = next++;
      index.push(zCol[a]);
      value.push(v);
    }
    if (P.y[i] !== 0) {
      if (tauCol < 0) tauCol = next++;
      index.push(tauCol);
      value.push(-P.y[i]);
    }
    starts[i + 1] = index.length;
  }
  for (let a = 0; a < k; a++) {
    if (zCol[a] < 0) zCol[a] = next++;
    index.push(zCol[a], a);
    value.push(1, -1);
    starts[m + a + 1] = index.length;
  }
  if (tauCol < 0) tauCol = next++;
  const numCols = next;
  const cost = new Float64Array(numCols);
  const colUpper = new Float64Array(numCols).fill(highs.infinity);
  for (let a = 0; a < k; a++) {
    cost[a] = 1;
    colUpper[a] = 1;
  }
  colUpper[tauCol] = 1e6;
  const rowUpper = new Float64Array(m + k).fill(highs.infinity);
  rowUpper.fill(0, 0, m);
  const face = solveLp(highs, {
    maximize: true,
    cost,
    colLower: new Float64Array(numCols),
    colUpper,
    rowLower: new Float64Array(m + k),
    rowUpper,
    starts,
    index: Int32Array.from(index),
    value: Float64Array.from(value),
  });
  let F: number[];
  let z0: Float64Array;
  const fc = face.col;
  if (face.status === "Optimal" && fc && fc[tauCol] > 0) {
    const tau = fc[tauCol];
    const keep = E.map((_, a) => a).filter((a) => fc[a] > 0.5);
    F = keep.map((a) => E[a]);
    z0 = Float64Array.from(keep, (a) => Math.max(fc[zCol[a]] / tau, 1e-300));
  } else {
    F = E.filter((j) => bp.x[j] !== 0);
    z0 = Float64Array.from(F, (j) => Math.abs(bp.x[j]));
  }
  const z = minimizePotentialOnFace(P, F, sign, z0, D);
  const x = new Array(n).fill(0);
  F.forEach((j, a) => (x[j] = sign[j] * z[a]));
  const l1 = x.reduce((s, v) => s + Math.abs(v), 0);
  const potential = x.reduce((s, v) => s + dlnPotentialG(v, D), 0);
  // Face dimension = |F| − rank(A_F).
  const AF: Dense = { rows: m, cols: F.length, data: new Float64Array(m * F.length) };
  for (let i = 0; i < m; i++) F.forEach((j, a) => (AF.data[i * F.length + a] = P.A.data[i * n + j]));
  const rank = F.length ? rowReduce(AF, new Float64Array(m)).rank : 0;
  return { x, l1, potential, faceDimension: F.length - rank, support: F };
}

/** min Σ g_D(z) s.t. Σ_a A_{F_a} s_a z_a = y, z > 0, by infeasible-start equality-constrained Newton. */
function minimizePotentialOnFace(
  P: Problem,
  F: number[],
  sign: Float64Array,
  z0: Float64Array,
  D: number,
): Float64Array {
  const k = F.length;
  if (k === 0) return new Float64Array(0);
  const { m, n } = P;
  const At: Dense = { rows: m, cols: k, data: new Float64Array(m * k) };
  for (let i = 0; i < m; i++) F.forEach((j, a) => (At.data[i * k + a] = P.A.data[i * n + j] * sign[j]));
  const red = rowReduce(At, P.y);
  const B = red.A;
  const yb = red.y;
  const r = B.rows;
  const grad = (v: number): number => (D === 2 ? Math.log(v) : 1 - v ** (2 / D - 1));
  const hess = (v: number): number => (D === 2 ? 1 / v : (1 - 2 / D) * v ** (2 / D - 2));
  const f = (zz: Float64Array): number => {
    let s = 0;
    for (let a = 0; a < k; a++) s += dlnPotentialG(zz[a], D);
    return s;
  };
  let z = Float64Array.from(z0);
  for (let it = 0; it < 200; it++) {
    const res = matVec(B, z);
    for (let i = 0; i < r; i++) res[i] = yb[i] - res[i];
    const gz = new Float64Array(k);
    const hinv = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      gz[a] = grad(z[a]);
      hinv[a] = 1 / hess(z[a]);
    }
    // Δ = H⁻¹(−∇g − Bᵀμ) with B Δ = res  ⇒  (B H⁻¹ Bᵀ) μ = −B H⁻¹ ∇g − res.
    const hg = new Float64Array(k);
    for (let a = 0; a < k; a++) hg[a] = hinv[a] * gz[a];
    const rhs = matVec(B, hg);
    for (let i = 0; i < r; i++) rhs[i] = -rhs[i] - res[i];
    const mu = r > 0 ? cholSolve(weightedGram(B, hinv), r, rhs) : new Float64Array(0);
    if (!mu) break;
    const btmu = r > 0 ? matTVec(B, mu) : new Float64Array(k);
    const d = new Float64Array(k);
    let dec = 0;
    for (let a = 0; a < k; a++) {
      d[a] = -hinv[a] * (gz[a] + btmu[a]);
      dec += (d[a] * d[a]) / hinv[a];
    }
    const resNorm = norm2(res);
    if (dec < 1e-28 && resNorm < 1e-15 * Math.max(1, norm2(yb))) break;
    // Largest step keeping z > 0, then backtracking on the objective (full step once feasible and close).
    let t = 1;
    for (let a = 0; a < k; a++) if (d[a] < 0) t = Math.min(t, (-0.99 * z[a]) / d[a]);
    const f0 = f(z);
    let slope = 0;
    for (let a = 0; a < k; a++) slope += gz[a] * d[a];
    for (let ls = 0; ls < 60; ls++) {
      const zt = new Float64Array(k);
      for (let a = 0; a < k; a++) zt[a] = z[a] + t * d[a];
      // Near the minimizer the decrease (≈ dec/2) drops below the rounding of f itself and the Armijo test would
      // reject every step: there the Newton step is taken as it is (quadratic convergence does the rest).
      if (resNorm > 1e-12 || f(zt) <= f0 + 1e-4 * t * slope || dec < 1e-12 * Math.max(1, Math.abs(f0))) {
        z = zt;
        break;
      }
      t *= 0.5;
    }
    if (dec < 1e-30) break;
  }
  return z;
}
