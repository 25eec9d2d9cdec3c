/**
 * Trajectories of the diagonal linear network: the gradient flow through its m-dimensional dual ODE (stiff,
 * integrated by an L-stable SDIRK method whose stages are strongly convex problems), a direct integration of the
 * 2n-dimensional (a, b) flow (Dormand–Prince 5(4), the cross-check), and gradient descent with a finite step.
 */
import { dualScale, validateAlpha, validateDepth, validateOptions, validateProblem } from "./core.js";
import { dualProblem, primalOf, solveDual } from "./limit.js";
import { matTVec, matVec } from "./linalg.js";

/** Result of {@link dlnFlow} and {@link dlnFlowDirect}. */
export interface DlnFlowResult {
  /** The requested times (in the original time t of ȧ = −∂L/∂a). */
  times: number[];
  /** x(t) at each requested time. */
  x: number[][];
  /** L = ½‖A x − y‖² at each requested time. */
  loss: number[];
  /** Accepted steps. */
  steps: number;
  /** Rejected steps. */
  rejected: number;
}

function validateTimes(times: unknown): number[] {
  if (!Array.isArray(times) || times.length === 0)
    throw new Error("times: expected a non-empty number[] of finite times ≥ 0 in increasing order");
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (typeof t !== "number" || !Number.isFinite(t) || t < 0 || (i > 0 && t < times[i - 1]))
      throw new Error("times: expected a non-empty number[] of finite times ≥ 0 in increasing order");
  }
  return times as number[];
}

function positive(v: unknown, name: string, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v <= 0) throw new Error(`${name}: expected a finite number > 0`);
  return v;
}

function lossOf(A: ReturnType<typeof validateProblem>, x: ArrayLike<number>): number {
  const Ax = matVec(A.A, x);
  let s = 0;
  for (let i = 0; i < A.m; i++) s += (Ax[i] - A.y[i]) ** 2;
  return 0.5 * s;
}

// SDIRK4 of Hairer & Wanner (Solving ODEs II, Table IV.6.5): L-stable, stiffly accurate, γ = 1/4, embedded order 3.
const G = 0.25;
const SA = [
  [0.25],
  [0.5, 0.25],
  [17 / 50, -1 / 25, 0.25],
  [371 / 1360, -137 / 2720, 15 / 544, 0.25],
  [25 / 24, -49 / 48, 125 / 16, -85 / 12, 0.25],
];
const SE = [25 / 24 - 59 / 48, -49 / 48 + 17 / 96, 125 / 16 - 225 / 32, -85 / 12 + 85 / 12, 0.25];

/**
 * Gradient flow of the depth-D diagonal linear network x = aᴰ − bᴰ (a = b = α·1 at t = 0) on L = ½‖Ax − y‖², at the
 * requested times.
 *
 * Integrates the equivalent dual ODE λ̇ = c(y − A x(Aᵀλ)) (m unknowns; x(·) is the closed form, see `dlnLimit`) with
 * an adaptive L-stable SDIRK method of order 4. Each stage is the proximal problem
 * argmin Φ(z) + ‖z − w‖²/(2hγ) of the convex dual Φ, solved by damped Newton, so the iterates stay where the closed
 * form is defined however stiff the flow gets. The local error is controlled in x (rtol·|xᵢ| + atol).
 *
 * @param opts.times - increasing times t ≥ 0 at which to report x(t).
 * @param opts.rtol - relative tolerance on x (default 1e-10); opts.atol absolute (default 1e-13).
 * @returns `{ times, x, loss, steps, rejected }`.
 * @throws Error naming `A`, `y`, `depth`, `alpha` or `times` on bad input.
 */
export function dlnFlow(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  times: number[];
  rtol?: number;
  atol?: number;
}): DlnFlowResult {
  const o = validateOptions(opts, "opts");
  const P = dualProblem(o.A, o.y, o.depth, o.alpha);
  const orig = validateProblem(o.A, o.y);
  const times = validateTimes(o.times);
  const rtol = positive(o.rtol, "rtol", 1e-10);
  const atol = positive(o.atol, "atol", 1e-13);
  const c = dualScale(P.cf.depth, o.alpha as number);
  const { m, n, A } = P;
  let lambda = new Float64Array(m);
  let tau = 0;
  let h = 1e-4 / Math.max(1, Math.sqrt(P.y.reduce((s, v) => s + v * v, 0)));
  const out: number[][] = [];
  const losses: number[] = [];
  let steps = 0;
  let rejected = 0;
  let cur = primalOf(P, lambda);
  for (const t of times) {
    const target = c * t;
    while (tau < target * (1 - 1e-15)) {
      const hh = Math.min(h, target - tau);
      const ks: Float64Array[] = [];
      let z = lambda;
      let stage: ReturnType<typeof solveDual> | null = null;
      let failed = false;
      for (let s = 0; s < 5; s++) {
        const w = Float64Array.from(lambda);
        for (let j = 0; j < s; j++) for (let i = 0; i < m; i++) w[i] += hh * SA[s][j] * ks[j][i];
        stage = solveDual(P, { maxIterations: 100, prox: hh * G, center: w, start: z, tol: 1e-14 });
        if (!(stage.gradNorm <= 1e-10 * Math.max(1, Math.sqrt(P.y.reduce((q, v) => q + v * v, 0))))) {
          failed = true;
          break;
        }
        z = stage.lambda;
        const k = new Float64Array(m);
        for (let i = 0; i < m; i++) k[i] = (z[i] - w[i]) / (hh * G);
        ks.push(k);
      }
      let errNorm = Infinity;
      if (!failed && stage) {
        const e = new Float64Array(m);
        for (let j = 0; j < 5; j++) for (let i = 0; i < m; i++) e[i] += hh * SE[j] * ks[j][i];
        const eu = matTVec(A, e);
        errNorm = 0;
        for (let i = 0; i < n; i++) {
          const ex = P.cf.dx(stage.u[i]) * eu[i];
          const sc = atol + rtol * Math.max(Math.abs(stage.x[i]), Math.abs(cur.x[i]));
          errNorm = Math.max(errNorm, Math.abs(ex) / sc);
        }
      }
      if (errNorm <= 1 && stage) {
        lambda = stage.lambda;
        cur = { u: stage.u, x: stage.x };
        tau += hh;
        steps++;
        const fac = errNorm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * errNorm ** -0.25));
        if (hh === h || fac < 1) h = hh * fac;
      } else {
        rejected++;
        h = hh * (Number.isFinite(errNorm) ? Math.max(0.1, 0.9 * errNorm ** -0.25) : 0.25);
        if (h < 1e-300) throw new Error("dlnFlow: step size underflow");
      }
      if (steps + rejected > 1e6) throw new Error("dlnFlow: too many steps");
    }
    out.push(Array.from(cur.x));
    losses.push(lossOf(orig, cur.x));
  }
  return { times: times.slice(), x: out, loss: losses, steps, rejected };
}

/** Dormand–Prince 5(4) coefficients. */
const DA = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
  [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84],
];
const DB = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84, 0];
const DBH = [5179 / 57600, 0, 7571 / 16695, 393 / 640, -92097 / 339200, 187 / 2100, 1 / 40];

/**
 * Integrates y' = f(t, y) with Dormand–Prince 5(4) and reports y at the requested times (FSAL, error per step ≤
 * rtol·|y| + atol componentwise). Exported for tests and cross-checks.
 */
export function dopri5(
  f: (t: number, y: Float64Array) => Float64Array,
  y0: ArrayLike<number>,
  times: readonly number[],
  rtol = 1e-12,
  atol = 1e-300,
  maxSteps = 5e6,
): { y: Float64Array[]; steps: number; rejected: number } {
  const d = y0.length;
  let y = Float64Array.from(y0);
  let t = 0;
  let k1 = f(t, y);
  let h = 1e-3;
  const res: Float64Array[] = [];
  let steps = 0;
  let rejected = 0;
  for (const T of times) {
    while (t < T * (1 - 1e-15)) {
      const hh = Math.min(h, T - t);
      const ks: Float64Array[] = [k1];
      let y5 = y;
      for (let s = 1; s < 7; s++) {
        const ys = Float64Array.from(y);
        for (let j = 0; j < s; j++) {
          const a = DA[s][j];
          if (a !== 0) for (let i = 0; i < d; i++) ys[i] += hh * a * ks[j][i];
        }
        if (s === 6) y5 = ys;
        ks.push(f(t + hh * (s === 6 ? 1 : DA[s].reduce((p, q) => p + q, 0)), ys));
      }
      let err = 0;
      for (let i = 0; i < d; i++) {
        let e = 0;
        for (let j = 0; j < 7; j++) e += (DB[j] - DBH[j]) * ks[j][i];
        e *= hh;
        const sc = atol + rtol * Math.max(Math.abs(y[i]), Math.abs(y5[i]));
        err = Math.max(err, Math.abs(e) / sc);
      }
      if (err <= 1 && Number.isFinite(err)) {
        y = y5;
        k1 = ks[6];
        t += hh;
        steps++;
        const fac = err === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * err ** -0.2));
        if (hh === h || fac < 1) h = hh * fac;
      } else {
        rejected++;
        h = hh * (Number.isFinite(err) ? Math.max(0.1, 0.9 * err ** -0.2) : 0.1);
      }
      if (steps + rejected > maxSteps) throw new Error("dopri5: too many steps");
    }
    res.push(Float64Array.from(y));
  }
  return { y: res, steps, rejected };
}

/**
 * The gradient flow of the (a, b) parameters integrated directly (2n unknowns) with Dormand–Prince 5(4) at
 * tolerance `rtol` — the slow, closed-form-free cross-check of {@link dlnFlow} and `dlnLimit` on small cases.
 *
 * ȧ = D a^{D−1} ⊙ Aᵀ(y − Ax), ḃ = −D b^{D−1} ⊙ Aᵀ(y − Ax), a(0) = b(0) = α·1, x = aᴰ − bᴰ.
 *
 * @returns `{ times, x, loss, steps, rejected }` like {@link dlnFlow}.
 */
export function dlnFlowDirect(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  times: number[];
  rtol?: number;
}): DlnFlowResult {
  const o = validateOptions(opts, "opts");
  const D = validateDepth(o.depth);
  const alpha = validateAlpha(o.alpha);
  const P = validateProblem(o.A, o.y);
  const times = validateTimes(o.times);
  const rtol = positive(o.rtol, "rtol", 1e-12);
  const { n } = P;
  const xOf = (w: Float64Array): Float64Array => {
    const x = new Float64Array(n);
    for (let i = 0; i < n; i++) x[i] = w[i] ** D - w[n + i] ** D;
    return x;
  };
  const f = (_t: number, w: Float64Array): Float64Array => {
    const x = xOf(w);
    const r = matVec(P.A, x);
    for (let i = 0; i < P.m; i++) r[i] = P.y[i] - r[i];
    const g = matTVec(P.A, r);
    const dw = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      dw[i] = D * w[i] ** (D - 1) * g[i];
      dw[n + i] = -D * w[n + i] ** (D - 1) * g[i];
    }
    return dw;
  };
  const r = dopri5(f, new Float64Array(2 * n).fill(alpha), times, rtol, 1e-300);
  const xs = r.y.map((w) => Array.from(xOf(w)));
  return { times: times.slice(), x: xs, loss: xs.map((x) => lossOf(P, x)), steps: r.steps, rejected: r.rejected };
}

/** Result of {@link dlnGD}. */
export interface DlnGDResult {
  /** Step indices at which x was recorded (0, every, 2·every, …, steps). */
  steps: number[];
  /** The flow time lr·step of each record, for comparison with {@link dlnFlow}. */
  times: number[];
  /** x at each recorded step. */
  x: number[][];
  /** L = ½‖Ax − y‖² at each recorded step. */
  loss: number[];
  /** True when an iterate became non-finite (or a parameter negative at non-integer D): the step is too large. */
  diverged: boolean;
}

/**
 * Gradient descent with a finite step on the diagonal network: a ← a + lr·D a^{D−1} ⊙ Aᵀ(y − Ax),
 * b ← b − lr·D b^{D−1} ⊙ Aᵀ(y − Ax), from a = b = α·1, in float64.
 *
 * @param opts.lr - the step size (> 0); opts.steps - the number of steps (integer ≥ 0);
 * @param opts.every - record every this many steps (default: about 200 records).
 * @returns the recorded trajectory `{ steps, times, x, loss, diverged }`.
 * @throws Error naming the argument on bad input.
 */
export function dlnGD(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  lr: number;
  steps: number;
  every?: number;
}): DlnGDResult {
  const o = validateOptions(opts, "opts");
  const D = validateDepth(o.depth);
  const alpha = validateAlpha(o.alpha);
  const P = validateProblem(o.A, o.y);
  const lr = positive(o.lr, "lr", 1);
  const nSteps = o.steps;
  if (typeof nSteps !== "number" || !Number.isInteger(nSteps) || nSteps < 0)
    throw new Error(`steps: expected an integer ≥ 0, got ${String(nSteps)}`);
  const every =
    o.every === undefined
      ? Math.max(1, Math.ceil(nSteps / 200))
      : Math.max(1, Math.floor(positive(o.every, "every", 1)));
  const { n, m } = P;
  const a = new Float64Array(n).fill(alpha);
  const b = new Float64Array(n).fill(alpha);
  const x = new Float64Array(n);
  const r = new Float64Array(m);
  const rec: DlnGDResult = { steps: [], times: [], x: [], loss: [], diverged: false };
  const record = (k: number): void => {
    rec.steps.push(k);
    rec.times.push(k * lr);
    rec.x.push(Array.from(x));
    rec.loss.push(lossOf(P, x));
  };
  for (let i = 0; i < n; i++) x[i] = a[i] ** D - b[i] ** D;
  record(0);
  for (let k = 1; k <= nSteps; k++) {
    matVec(P.A, x, r);
    for (let i = 0; i < m; i++) r[i] = P.y[i] - r[i];
    const g = matTVec(P.A, r);
    let ok = true;
    for (let i = 0; i < n; i++) {
      a[i] += lr * D * a[i] ** (D - 1) * g[i];
      b[i] -= lr * D * b[i] ** (D - 1) * g[i];
      x[i] = a[i] ** D - b[i] ** D;
      if (!Number.isFinite(x[i])) ok = false;
    }
    if (!ok) {
      rec.diverged = true;
      record(k);
      break;
    }
    if (k % every === 0 || k === nSteps) record(k);
  }
  return rec;
}
