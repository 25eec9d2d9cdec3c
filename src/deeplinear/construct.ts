/**
 * Constructions: synthetic data with a chosen spectrum, first-order critical points with prescribed index set S and
 * extra ("junk") rank in chosen places, random global minimizers, and the exhaustive family used to test the rank rule.
 */
import { expectInteger, expectNumber, expectNumberList, expectOptions } from "../core/validate.js";
import { createRng, type Rng } from "../tensor/random.js";
import { type DeepLinearProblem, assertProblem, criticalValues } from "./problem.js";
import { type Mat, frob, matmul, orthBasis, pickCols, symEig, transpose, zeros } from "./linalg.js";
import { gradient } from "./landscape.js";

/**
 * A lane of extra units that adds rank to some layers without changing W_{H:1}. It occupies one unit in each hidden
 * layer `from`…`to` (1-based hidden levels, 1 ≤ from ≤ to ≤ H − 1), carried from level to level by the layers
 * W_{from+1}, …, W_to. Its first unit either reads nothing or, when `from = 1`, reads an input direction z through a
 * row of W₁ (`input`); its last unit is either read by nobody or, when `to = H − 1`, written to the output through a
 * column w of W_H (`output`). A lane never does both, so the product W_{H:1} is unchanged.
 *
 * - `input: "free"` – z is a random direction of R^{d_x};
 * - `input: "perp"` – z is random in the orthogonal complement of Σ_XY U_{S^c} (the lane's signal carries no
 *   residual correlation), which is required when the signal reaches a layer whose gradient sees it;
 * - `output: "free"` – w is a random direction of R^{d_y};
 * - `output: "inS"` – w is random in span U_S;
 * - `input: j` (an eigen-index) – z = Σ_XX⁻¹Σ_XY u_j, whose signal correlates with u_j only;
 * - `output: j` – w = u_j;
 * - `input: "core"` (needs from ≥ 2) – the first unit reads a random combination of the |S| units that carry the
 *   product at level from − 1 (its signal is the network's own output signal);
 * - `output: "core"` (needs to ≤ H − 2) – the last unit is written into the |S| product units at level to + 1.
 */
export interface JunkLane {
  from: number;
  to: number;
  input?: "free" | "perp" | "core" | number;
  output?: "free" | "inS" | "core" | number;
}

function gaussian(rows: number, cols: number, rng: Rng, s = 1): Mat {
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[i][j] = s * rng.normal();
  return out;
}

/** Random orthogonal n × n (Gram–Schmidt of a Gaussian matrix). */
function randomOrthogonal(n: number, rng: Rng): Mat {
  const A = gaussian(n, n, rng);
  const Q = zeros(n, n);
  for (let j = 0; j < n; j++) {
    const v = A.map((row) => row[j]);
    for (let k = 0; k < j; k++) {
      let d = 0;
      for (let i = 0; i < n; i++) d += Q[i][k] * v[i];
      for (let i = 0; i < n; i++) v[i] -= d * Q[i][k];
    }
    const nv = Math.hypot(...v);
    for (let i = 0; i < n; i++) Q[i][j] = v[i] / nv;
  }
  return Q;
}

/**
 * Synthetic regression data whose Σ = Σ_YXΣ_XX⁻¹Σ_XY has a chosen spectrum: X is Gaussian (d_x × N, scaled by
 * 1/√N so Σ_XX ≈ I), Y = T X + noise·E with T = U diag(√λ) Vᵀ Σ_XX^{−1/2} for random orthonormal U, V. With
 * `noise = 0` the eigenvalues of Σ are exactly `lambdas`.
 *
 * @param opts.dx - input dimension d_x.
 * @param opts.dy - output dimension d_y.
 * @param opts.N - number of samples (≥ d_x).
 * @param opts.lambdas - min(d_x, d_y) distinct positive eigenvalues (default 4^{k−1}, …, 16, 4, 1).
 * @param opts.noise - standard deviation of additive noise on Y (default 0).
 * @param opts.seed - seed of the random stream.
 * @returns `{ X, Y }` as number[][].
 * @throws Error naming the bad option.
 */
export function deepLinearData(opts: {
  dx: number;
  dy: number;
  N: number;
  lambdas?: readonly number[];
  noise?: number;
  seed: number;
}): { X: number[][]; Y: number[][] } {
  const o = expectOptions<{
    dx: number;
    dy: number;
    N: number;
    lambdas: readonly number[];
    noise: number;
    seed: number;
  }>(opts, "opts");
  const dx = expectInteger(o.dx, "opts.dx", { min: 1 });
  const dy = expectInteger(o.dy, "opts.dy", { min: 1 });
  const N = expectInteger(o.N, "opts.N", { min: dx }); // XXᵀ invertible needs N ≥ d_x
  const m = Math.min(dx, dy);
  const lambdas = expectNumberList(o.lambdas ?? Array.from({ length: m }, (_, i) => 4 ** (m - 1 - i)), "opts.lambdas", {
    min: 0,
    minOpen: true,
    minLength: m,
    maxLength: m,
  });
  const noise = expectNumber(o.noise ?? 0, "opts.noise", { min: 0 });
  expectInteger(o.seed, "opts.seed");
  const rng = createRng(opts.seed);
  const X = gaussian(dx, N, rng, 1 / Math.sqrt(N));
  const Sxx = matmul(X, transpose(X));
  const e = symEig(Sxx);
  // Σ_XX^{−1/2} = Q diag(μ^{−1/2}) Qᵀ
  const isq = e.vectors.map((row) => row.map((v, j) => v / Math.sqrt(e.values[j])));
  const SxxIsqrt = matmul(isq, transpose(e.vectors));
  const U = randomOrthogonal(dy, rng);
  const V = randomOrthogonal(dx, rng);
  const core = zeros(dy, dx);
  for (let i = 0; i < m; i++) {
    const s = Math.sqrt(lambdas[i]);
    for (let a = 0; a < dy; a++) for (let b = 0; b < dx; b++) core[a][b] += s * U[a][i] * V[b][i];
  }
  const T = matmul(core, SxxIsqrt);
  const Y = matmul(T, X);
  if (noise > 0) for (const row of Y) for (let j = 0; j < row.length; j++) row[j] += noise * rng.normal();
  return { X, Y };
}

function checkS(problem: DeepLinearProblem, S: unknown): number[] {
  if (!Array.isArray(S) || !S.every((i) => Number.isInteger(i))) {
    throw new TypeError("S: expected an array of integer indices into the eigenvalues (0-based, decreasing order)");
  }
  const out = [...new Set(S as number[])].sort((a, b) => a - b);
  if (out.length !== S.length) throw new RangeError(`S: indices must be distinct, got [${S.join(", ")}]`);
  for (const i of out) {
    if (i < 0 || i >= problem.dy) throw new RangeError(`S: index ${i} out of range [0, ${problem.dy - 1}]`);
  }
  if (out.length > problem.r) {
    throw new RangeError(`S: |S| = ${out.length} is too large: at most r = min widths = ${problem.r}`);
  }
  const lmax = Math.max(problem.lambdas[0], 1e-300);
  for (const i of out) {
    if (!(problem.lambdas[i] > 1e-12 * lmax)) {
      throw new RangeError(`S: index ${i} has λ = 0, so W_{H:1} cannot have rank |S|`);
    }
  }
  return out;
}

function checkLanes(problem: DeepLinearProblem, junk: unknown): JunkLane[] {
  if (junk === undefined) return [];
  if (!Array.isArray(junk)) throw new TypeError("junk: expected an array of lanes { from, to, input?, output? }");
  const H = problem.H;
  return junk.map((l: JunkLane, i: number) => {
    const bad = (why: string) => new RangeError(`junk: lane ${i} ${why}`);
    if (!l || !Number.isInteger(l.from) || !Number.isInteger(l.to) || l.from < 1 || l.to < l.from || l.to > H - 1) {
      throw bad(`needs integer hidden levels 1 ≤ from ≤ to ≤ H − 1 = ${H - 1}`);
    }
    const isIdx = (v: unknown) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < problem.dy;
    const inputs = ["free", "perp", "core"];
    const outputs = ["free", "inS", "core"];
    if (l.input !== undefined && !inputs.includes(l.input as string) && !isIdx(l.input)) {
      throw bad(`input must be "free", "perp", "core" or an eigen-index in [0, ${problem.dy - 1}]`);
    }
    if (l.output !== undefined && !outputs.includes(l.output as string) && !isIdx(l.output)) {
      throw bad(`output must be "free", "inS", "core" or an eigen-index in [0, ${problem.dy - 1}]`);
    }
    if (l.input === "core") {
      if (l.from < 2) throw bad('can read the product units ("core") only if from ≥ 2');
    } else if (l.input !== undefined && l.from !== 1) throw bad("can read the input only if from = 1");
    if (l.output === "core") {
      if (l.to > H - 2) throw bad(`can write into the product units ("core") only if to ≤ H − 2 = ${H - 2}`);
    } else if (l.output !== undefined && l.to !== H - 1) {
      throw bad(`can write the output only if to = H − 1 = ${H - 1}`);
    }
    if (l.input !== undefined && l.output !== undefined)
      throw bad("cannot both read the input and write the output (that changes W_{H:1})");
    if (l.input === undefined && l.output === undefined && l.from === l.to)
      throw bad("with no input, no output and from = to has no weights");
    return { ...l };
  });
}

function unit(v: number[]): number[] {
  const n = Math.hypot(...v);
  return v.map((x) => x / n);
}

/** Builds the layered construction (before the gauge), or a message saying why it cannot. */
function build(problem: DeepLinearProblem, S: number[], lanes: JunkLane[], rng: Rng): Mat[] | string {
  const { widths, H, U, T, dx, dy } = problem;
  const k = S.length;
  const Ws: Mat[] = [];
  for (let h = 1; h <= H; h++) Ws.push(zeros(widths[h], widths[h - 1]));
  const US = pickCols(U, S);
  if (H === 1) {
    if (k > 0) Ws[0] = matmul(US, matmul(transpose(US, k), T));
    return lanes.length ? "junk: H = 1 has no hidden layers" : Ws;
  }
  const B = k > 0 ? matmul(transpose(US, k), T) : zeros(0, dx); // k × d_x
  for (let i = 0; i < k; i++) Ws[0][i] = B[i].slice();
  for (let h = 2; h < H; h++) for (let i = 0; i < k; i++) Ws[h - 1][i][i] = 1;
  for (let a = 0; a < dy; a++) for (let i = 0; i < k; i++) Ws[H - 1][a][i] = US[a][i];
  // Lanes: one unit per hidden level, next free coordinate ≥ k.
  const next = widths.map(() => k);
  const Sc = U[0].map((_, i) => i).filter((i) => !S.includes(i));
  const perpBasis = (() => {
    // orthonormal basis of (Σ_XY U_{S^c})^⊥ in R^{d_x}
    const A = Sc.length ? matmul(problem.Sxy, pickCols(U, Sc)) : zeros(dx, 0);
    const Q = Sc.length ? orthBasis(A) : zeros(dx, 0);
    const qn = Q.length ? Q[0].length : 0;
    const P = Array.from({ length: dx }, (_, i) =>
      Array.from({ length: dx }, (_, j) => {
        let v = i === j ? 1 : 0;
        for (let c = 0; c < qn; c++) v -= Q[i][c] * Q[j][c];
        return v;
      }),
    );
    return orthBasis(P);
  })();
  for (let li = 0; li < lanes.length; li++) {
    const l = lanes[li];
    const coord: number[] = [];
    for (let lev = l.from; lev <= l.to; lev++) {
      if (next[lev] >= widths[lev]) {
        return `junk: lane ${li} does not fit: hidden layer ${lev} has only d_${lev} − |S| = ${widths[lev] - k} spare units`;
      }
      coord[lev] = next[lev]++;
    }
    for (let lev = l.from + 1; lev <= l.to; lev++) {
      Ws[lev - 1][coord[lev]][coord[lev - 1]] = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + rng.uniform());
    }
    if (l.input === "core" || l.output === "core") {
      if (k === 0) return `junk: lane ${li}: S is empty, there are no product units to read or write`;
    }
    if (l.input === "core") {
      for (let c = 0; c < k; c++) Ws[l.from - 1][coord[l.from]][c] = rng.normal();
    } else if (l.input !== undefined) {
      let z: number[];
      if (typeof l.input === "number") {
        const uj = U.map((row) => [row[l.input as number]]);
        z = matmul(problem.SxxInv, matmul(problem.Sxy, uj)).map((row) => row[0]);
      } else if (l.input === "free") z = Array.from({ length: dx }, () => rng.normal());
      else {
        const q = perpBasis.length ? perpBasis[0].length : 0;
        if (q === 0) return `junk: lane ${li}: (Σ_XY U_{S^c})^⊥ is {0}, no "perp" input direction exists`;
        const c = Array.from({ length: q }, () => rng.normal());
        z = perpBasis.map((row) => row.reduce((s, v, j) => s + v * c[j], 0));
      }
      Ws[0][coord[1]] = unit(z);
    }
    if (l.output === "core") {
      for (let c = 0; c < k; c++) Ws[l.to][c][coord[l.to]] = rng.normal();
    } else if (l.output !== undefined) {
      let w: number[];
      if (typeof l.output === "number") w = U.map((row) => row[l.output as number]);
      else if (l.output === "free") w = Array.from({ length: dy }, () => rng.normal());
      else {
        if (k === 0) return `junk: lane ${li}: span U_S is {0} (S empty), no "inS" output direction exists`;
        const c = Array.from({ length: k }, () => rng.normal());
        w = US.map((row) => row.reduce((s, v, j) => s + v * c[j], 0));
      }
      w = unit(w);
      for (let a = 0; a < dy; a++) Ws[H - 1][a][coord[H - 1]] = w[a];
    }
  }
  return Ws;
}

/** W_h ← M_h W_h M_{h−1}⁻¹ with random well-conditioned M_h (M₀ = M_H = I): same product, same type, same ranks. */
function gauge(problem: DeepLinearProblem, Ws: Mat[], rng: Rng): Mat[] {
  const { widths, H } = problem;
  const M: Mat[] = [];
  const Minv: Mat[] = [];
  for (let h = 1; h < H; h++) {
    const n = widths[h];
    const Q = randomOrthogonal(n, rng);
    const d = Array.from({ length: n }, () => Math.exp(0.3 * rng.normal()));
    M[h] = Q.map((row) => row.map((v, j) => v * d[j]));
    Minv[h] = transpose(Q).map((row, i) => row.map((v) => v / d[i]));
  }
  return Ws.map((W, idx) => {
    const h = idx + 1;
    let out = W;
    if (h < H) out = matmul(M[h], out);
    if (h > 1) out = matmul(out, Minv[h - 1]);
    return out;
  });
}

function relGradNorm(problem: DeepLinearProblem, Ws: Mat[]): number {
  const g = gradient(problem, Ws);
  const gn = Math.sqrt(g.reduce((s, m) => s + frob(m) ** 2, 0));
  return gn / Math.max(frob(problem.Syx), 1e-300);
}

/**
 * A first-order critical point with index set S: W_{H:1} = U_S U_Sᵀ Σ_YX Σ_XX⁻¹. The construction puts
 * U_Sᵀ Σ_YX Σ_XX⁻¹ in the first |S| rows of W₁, identities on the first |S| units of the middle layers and U_S in the
 * first |S| columns of W_H, adds the requested junk lanes (extra rank that no later layer turns into output, see
 * {@link JunkLane}), and finally applies a random gauge W_h ← M_h W_h M_{h−1}⁻¹, which keeps the product, the type of
 * the point and every partial-product rank.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.S - 0-based indices of the eigenvectors kept (|S| ≤ r, λ_i > 0).
 * @param opts.ranks - optional target rank of each layer W₁…W_H (length H); extra rank is added by one-layer junk
 *   lanes where the widths and criticality allow it (W₁: an input row nobody reads, middle layers: a unit nobody
 *   writes or reads, W_H: an output column from a unit nobody writes), capped otherwise.
 * @param opts.junk - explicit junk lanes (used instead of `ranks`).
 * @param opts.gauge - apply the random gauge (default true).
 * @param opts.seed - seed of the random stream.
 * @returns the layers [W₁, …, W_H].
 * @throws Error naming `S`, `junk`, `opts.ranks` or `opts.seed` when the request is invalid or yields a non-critical point.
 */
export function criticalPoint(
  problem: DeepLinearProblem,
  opts: { S: number[]; ranks?: number[]; junk?: JunkLane[]; gauge?: boolean; seed: number },
): number[][][] {
  assertProblem(problem);
  if (!opts || typeof opts !== "object") throw new TypeError("opts: expected { S, ranks?, seed }");
  const S = checkS(problem, opts.S);
  const rng = createRng(opts.seed);
  let lanes = checkLanes(problem, opts.junk);
  if (opts.ranks !== undefined) {
    const H = problem.H;
    const R = opts.ranks;
    if (!Array.isArray(R) || R.length !== H || !R.every((v) => Number.isInteger(v) && v >= 0)) {
      throw new RangeError(`opts.ranks: expected ${H} non-negative integers (target rank of each W_h)`);
    }
    lanes = ranksToLanes(problem, S, R);
  }
  const Ws = build(problem, S, lanes, rng.fork());
  if (typeof Ws === "string") throw new RangeError(Ws);
  const out = opts.gauge === false ? Ws : gauge(problem, Ws, rng.fork());
  const g = relGradNorm(problem, out);
  if (!(g <= 1e-9)) {
    throw new RangeError(`junk: the requested lanes make the point non-critical (‖∇L‖/‖Σ_YX‖ = ${g.toExponential(2)})`);
  }
  return out;
}

function ranksToLanes(problem: DeepLinearProblem, S: number[], R: number[]): JunkLane[] {
  const { H, widths } = problem;
  const k = S.length;
  if (H < 2) return [];
  const spare = widths.map((w) => w - k);
  const used = widths.map(() => 0);
  const lanes: JunkLane[] = [];
  for (let h = 1; h <= H; h++) {
    const want = Math.min(R[h - 1], widths[h], widths[h - 1]) - k;
    for (let t = 0; t < want; t++) {
      if (h === 1) {
        if (used[1] >= spare[1]) break;
        used[1]++;
        lanes.push({ from: 1, to: 1, input: H === 2 ? "perp" : "free" });
      } else if (h === H) {
        if (used[H - 1] >= spare[H - 1]) break;
        used[H - 1]++;
        lanes.push({ from: H - 1, to: H - 1, output: H === 2 ? "inS" : "free" });
      } else {
        if (used[h - 1] >= spare[h - 1] || used[h] >= spare[h]) break;
        used[h - 1]++;
        used[h]++;
        lanes.push({ from: h - 1, to: h });
      }
    }
  }
  // Drop lanes (last first) until the construction fits and is critical.
  while (lanes.length > 0) {
    const Ws = build(problem, S, lanes, createRng(0));
    if (typeof Ws !== "string" && relGradNorm(problem, Ws) <= 1e-9) break;
    lanes.pop();
  }
  return lanes;
}

/**
 * A random global minimizer: S = {0, …, s_max − 1}, random junk lanes (any lane that does not connect input to
 * output keeps W_{H:1} = U_S U_Sᵀ Σ_YX Σ_XX⁻¹ and hence the minimal loss) and a random gauge. Every global
 * minimizer is a factorization W_H ⋯ W₁ = U_S U_SᵀΣ_YXΣ_XX⁻¹; this samples the ones reachable from the layered
 * construction by junk lanes and invertible changes of basis in the hidden layers.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.seed - seed of the random stream.
 * @param opts.junkLanes - how many random junk lanes to try to add (default: random 0…2).
 * @returns the layers [W₁, …, W_H].
 */
export function globalMinimizer(problem: DeepLinearProblem, opts: { seed: number; junkLanes?: number }): number[][][] {
  assertProblem(problem);
  if (!opts || typeof opts !== "object") throw new TypeError("opts: expected { seed }");
  const rng = createRng(opts.seed);
  const S = [...Array(problem.sMax).keys()];
  const candidates =
    problem.H >= 2 ? laneCandidates(problem.H).filter((l) => !(l.input === "perp" || l.output === "inS")) : [];
  const want = opts.junkLanes ?? rng.int(3);
  const lanes: JunkLane[] = [];
  for (let t = 0; t < want * 4 && lanes.length < want && candidates.length > 0; t++) {
    const l = candidates[rng.int(candidates.length)];
    const trial = [...lanes, l];
    const Ws = build(problem, S, trial, createRng(1));
    if (typeof Ws !== "string" && relGradNorm(problem, Ws) <= 1e-9) lanes.push(l);
  }
  const Ws = build(problem, S, lanes, rng.fork());
  if (typeof Ws === "string") throw new Error(Ws);
  return gauge(problem, Ws, rng.fork());
}

/**
 * Every single junk lane shape for depth H (input/output variants included). With `eigen` (= d_y), also lanes
 * whose input correlates with a single eigenvector u_j or whose output is u_j (aligned, non-generic cases), and
 * lanes that read from or write into the product units ("core").
 */
export function laneCandidates(H: number, eigen = 0): JunkLane[] {
  const out: JunkLane[] = [];
  const idx = [...Array(eigen).keys()];
  for (let a = 1; a <= H - 1; a++) {
    for (let c = a; c <= H - 1; c++) {
      const ins: (JunkLane["input"] | undefined)[] =
        a === 1 ? [undefined, "free", "perp", ...idx] : eigen ? [undefined, "core"] : [undefined];
      const outs: (JunkLane["output"] | undefined)[] =
        c === H - 1 ? [undefined, "free", "inS", ...idx] : eigen ? [undefined, "core"] : [undefined];
      for (const i of ins) {
        for (const o of outs) {
          if (i !== undefined && o !== undefined) continue;
          if (i === undefined && o === undefined && a === c) continue;
          const l: JunkLane = { from: a, to: c };
          if (i !== undefined) l.input = i;
          if (o !== undefined) l.output = o;
          out.push(l);
        }
      }
    }
  }
  return out;
}

/** One member of the enumerated family of critical points. */
export interface EnumeratedPoint {
  S: number[];
  junk: JunkLane[];
  Ws: number[][][];
  /** Predicted critical value tr(YYᵀ) − Σ_{i∈S} λ_i. */
  predicted: number;
}

/**
 * The exhaustive family used to judge the rank rule: every index set S (|S| ≤ s_max, including sets that skip a
 * larger eigenvalue) × every multiset of at most `maxLanes` junk lanes from {@link laneCandidates} that fits in the
 * widths and keeps the point critical. Each member is built by {@link criticalPoint} (random gauge, seeded).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.maxLanes - largest number of junk lanes combined (default 2).
 * @param opts.aligned - also use lanes aligned with single eigenvectors (see {@link laneCandidates}).
 * @param opts.seed - seed of the random stream.
 * @returns the members, in enumeration order.
 */
export function enumerateCriticalPoints(
  problem: DeepLinearProblem,
  opts: { maxLanes?: number; aligned?: boolean; seed: number },
): EnumeratedPoint[] {
  assertProblem(problem);
  const maxLanes = opts.maxLanes ?? 2;
  if (!Number.isInteger(maxLanes) || maxLanes < 0) throw new RangeError("opts.maxLanes: expected an integer ≥ 0");
  const cands = problem.H >= 2 ? laneCandidates(problem.H, opts.aligned ? problem.dy : 0) : [];
  const multisets: JunkLane[][] = [[]];
  const grow = (start: number, cur: JunkLane[]) => {
    if (cur.length === maxLanes) return;
    for (let i = start; i < cands.length; i++) {
      const next = [...cur, cands[i]];
      multisets.push(next);
      grow(i, next);
    }
  };
  grow(0, []);
  const rng = createRng(opts.seed);
  const out: EnumeratedPoint[] = [];
  for (const cv of criticalValues(problem)) {
    for (const junk of multisets) {
      const seed = rng.int(2 ** 31);
      const raw = build(problem, cv.S, junk, createRng(seed));
      if (typeof raw === "string") continue;
      // a lane direction drawn from an empty subspace (e.g. `perp` when d_x ≤ |S^c|) normalizes 0/0: no such point
      if (raw.some((W) => W.some((row) => row.some((v) => !Number.isFinite(v))))) continue;
      if (!(relGradNorm(problem, raw) <= 1e-9)) continue;
      let Ws: number[][][];
      try {
        Ws = criticalPoint(problem, { S: cv.S, junk, seed });
      } catch {
        continue; // criticality depended on the random draw (non-generic); skip
      }
      out.push({ S: cv.S, junk, Ws, predicted: cv.value });
    }
  }
  return out;
}

/**
 * One explicitly chosen critical point as a family member (for {@link classifyFamily}-style tables).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts - `S`, `junk` lanes and `seed`, as for {@link criticalPoint}.
 */
export function familyMember(
  problem: DeepLinearProblem,
  opts: { S: number[]; junk?: JunkLane[]; seed: number },
): EnumeratedPoint {
  const Ws = criticalPoint(problem, { S: opts.S, junk: opts.junk, seed: opts.seed });
  const S = [...opts.S].sort((a, b) => a - b);
  let predicted = problem.trYY;
  for (const i of S) predicted -= problem.lambdas[i];
  return { S, junk: opts.junk ?? [], Ws, predicted };
}

/**
 * The all-zero layers W = 0 (a critical point with S = ∅).
 *
 * @param problem - from {@link deepLinearProblem}.
 */
export function zeroLayers(problem: DeepLinearProblem): number[][][] {
  assertProblem(problem);
  return problem.widths.slice(1).map((d, h) => zeros(d, problem.widths[h]));
}
