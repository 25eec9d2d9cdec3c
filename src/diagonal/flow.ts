/**
 * Trajectories of the diagonal linear network: the gradient flow through its m-dimensional dual ODE (stiff,
 * integrated by an L-stable ESDIRK method whose stages are strongly convex problems), a direct integration of the
 * 2n-dimensional (a, b) flow (Dormand–Prince 5(4), the cross-check), and gradient descent with a finite step.
 */
import { dualScale, validateAlpha, validateDepth, validateOptions, validateProblem } from "./core.js";
import { type DualProblem, dualProblem, solveDual } from "./limit.js";
import { cholApply, cholFactor, matTVec, matVec, norm2, weightedGram } from "./linalg.js";

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

/** A stiffly accurate diagonally implicit Runge–Kutta pair (the last stage is the step's result). */
interface Dirk {
  /** Stage coefficients aᵢⱼ (j ≤ i; the last row is b). */
  A: number[][];
  /** Error weights bⱼ − b̂ⱼ of the embedded pair. */
  E: number[];
  /** Abscissae cᵢ = Σⱼ aᵢⱼ. */
  c: number[];
  /** The diagonal γ = aᵢᵢ shared by all implicit stages. */
  gamma: number;
  /** Whether the first stage is explicit (ESDIRK: c₁ = 0, k₁ = f(λₙ), the last stage's k of the previous step). */
  explicitFirst: boolean;
  /** Order of the local error estimate + 1 (the step-size exponent is its inverse). */
  errOrder: number;
}

function dirk(A: number[][], bHat: number[], gamma: number, explicitFirst: boolean, errOrder: number): Dirk {
  const b = A[A.length - 1];
  return {
    A,
    E: b.map((v, j) => v - bHat[j]),
    c: A.map((r) => r.reduce((s, v) => s + v, 0)),
    gamma,
    explicitFirst,
    errOrder,
  };
}

/** SDIRK4 of Hairer & Wanner (Solving ODEs II, Table IV.6.5): L-stable, stiffly accurate, γ = 1/4, embedded order 3. */
const SDIRK4 = dirk(
  [
    [0.25],
    [0.5, 0.25],
    [17 / 50, -1 / 25, 0.25],
    [371 / 1360, -137 / 2720, 15 / 544, 0.25],
    [25 / 24, -49 / 48, 125 / 16, -85 / 12, 0.25],
  ],
  [59 / 48, -17 / 96, 225 / 32, -85 / 12, 0],
  0.25,
  false,
  4,
);

/**
 * ESDIRK5(4)7L[2]SA of Kennedy & Carpenter (NASA/TM-2016-219173, §7): order 5, L-stable, stiffly accurate, explicit
 * first stage, γ = 23/125, embedded order 4 — six implicit stages per step.
 */
const ESDIRK5 = ((): Dirk => {
  const g = 23 / 125;
  const c = [0, 46 / 125, 1518047795759 / 14084074382095, 13 / 25, 5906118540659 / 9042400211275, 26 / 25, 1];
  const A: number[][] = [
    [0],
    [NaN, g],
    [NaN, -121529886477 / 3189120653983, g],
    [NaN, 186345625210 / 8596203768457, 3681435451073 / 12579882114497, g],
    [NaN, -9898129553915 / 11630542248213, 19565727496993 / 11159348038501, 2073446517052 / 4961027473423, g],
    [
      NaN,
      -39752543191591 / 7894275939720,
      52228808998390 / 5821762529307,
      2756378382725 / 8748785577174,
      17322065038796 / 10556643942083,
      g,
    ],
    [
      NaN,
      -1319096626979 / 17356965168099,
      4356877330928 / 10268933656267,
      922991294344 / 3350617878647,
      4729382008034 / 14755765856909,
      -308199069217 / 5897303561678,
      g,
    ],
  ];
  for (let i = 1; i < 6; i++) A[i][0] = c[i] - A[i].slice(1).reduce((s, v) => s + v, 0);
  A[6][0] = 1 - A[6].slice(1).reduce((s, v) => s + v, 0);
  const d = [
    NaN,
    -12068858301481 / 111697653055985,
    30204157393951 / 62440428688139,
    26156819792768 / 110856972047457,
    33531609809941 / 89326307438822,
    -18686091006953 / 578397443530870,
    10582397456777 / 69011126173064,
  ];
  d[0] = 1 - d.slice(1).reduce((s, v) => s + v, 0);
  return dirk(A, d, g, true, 5);
})();

/** Tuning of the stepping of {@link dualFlow} (measured on the bench's problems). */
const FLOW_TUNING = {
  /** Simplified-Newton stop: estimated remaining change of x, in units of rtol·|xᵢ| + atol. */
  kappa: 1e-3,
  /**
   * Largest first correction (same units) accepted on the previous stage's contraction estimate alone; a larger one
   * needs a second iteration to measure this stage's rate (guards against a stale estimate).
   */
  firstMax: 10,
  /** Simplified-Newton iterations per stage before falling back to the damped Newton of `solveDual`. */
  maxIterations: 7,
  /** Contraction factor from which the simplified iteration is abandoned for the damped Newton. */
  maxRate: 0.5,
  /** Number of earlier derivatives the stage predictor extrapolates (polynomial of degree one less). */
  predictorNodes: 3,
  /**
   * The embedded error estimate is held to this fraction of rtol·|xᵢ| + atol. ESDIRK5's steps are ~3× longer than
   * SDIRK4's and its global error per unit of local tolerance larger; at 0.3 its global error stays below what SDIRK4
   * reached at the full tolerance (bench/diagonal.bench.mjs, "dlnFlow" rows).
   */
  errSafety: 0.3,
  /** Accepted plus rejected steps after which the integration gives up ("too many steps"). */
  maxSteps: 1e6,
};

/** Work counters of {@link dualFlow} (for tests and tuning). */
export interface DualFlowStats {
  /** Implicit stages solved (accepted and rejected steps). */
  stages: number;
  /** Simplified-Newton iterations (one back-substitution and one closed-form evaluation each). */
  newton: number;
  /** Stages handed to the damped Newton of `solveDual` because the simplified iteration left the domain or stalled. */
  fallbacks: number;
  /** Cholesky factorizations of H + I/(hγ). */
  factorizations: number;
}

/**
 * The integration behind {@link dlnFlow} on a prepared dual problem: x at the scaled times `taus` (τ = c·t), with
 * its work counters. `tuning` overrides the settings of {@link FLOW_TUNING} (e.g. `maxIterations: 0` solves every
 * stage by the damped Newton) and `method` picks the pair (default ESDIRK5(4); "sdirk4": Hairer–Wanner's SDIRK4, the
 * method before, for cross-checks). Internal: exported for tests.
 */
export function dualFlow(
  P: DualProblem,
  taus: readonly number[],
  rtol: number,
  atol: number,
  tuning: Partial<typeof FLOW_TUNING> & { method?: "sdirk4" | "esdirk5" } = {},
): { x: Float64Array[]; steps: number; rejected: number; stats: DualFlowStats } {
  const { m, n, A, cf } = P;
  const Ad = A.data;
  const y = P.y;
  const D2 = cf.depth === 2;
  const scale = Math.max(1, norm2(y));
  const { kappa, firstMax, maxIterations, maxRate, predictorNodes, errSafety, maxSteps } = {
    ...FLOW_TUNING,
    ...tuning,
  };
  const stats: DualFlowStats = { stages: 0, newton: 0, fallbacks: 0, factorizations: 0 };
  const T = tuning.method === "sdirk4" ? SDIRK4 : ESDIRK5;
  const NS = T.A.length;
  const s0 = T.explicitFirst ? 1 : 0; // the first implicit stage
  const SC = T.c;
  const G = T.gamma;
  // State at τₙ: λ, u = Aᵀλ, x = x(u), x'(u) and the derivative f₀ = y − A x (= the last stage's k).
  let lam = new Float64Array(m);
  let u = new Float64Array(n);
  let x = new Float64Array(n);
  let dxn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = cf.x(0);
    dxn[i] = cf.dx(0);
  }
  const f0 = new Float64Array(m);
  {
    const Ax = matVec(A, x);
    for (let i = 0; i < m; i++) f0[i] = y[i] - Ax[i];
  }
  // Stage buffers.
  let ks = Array.from({ length: NS }, () => new Float64Array(m));
  let prevK = Array.from({ length: NS }, () => new Float64Array(m));
  let hPrev = 0; // 0: no previous step
  let z = new Float64Array(m);
  let zu = new Float64Array(n);
  let zx = new Float64Array(n);
  let u2 = new Float64Array(n);
  let x2 = new Float64Array(n);
  const w = new Float64Array(m);
  const r = new Float64Array(m);
  const du = new Float64Array(n);
  const e = new Float64Array(m);
  const eu = new Float64Array(n);
  const H = new Float64Array(m * m);
  const M = new Float64Array(m * m);
  const L = new Float64Array(m * m);
  let hFactored = NaN; // the h of the factor in L (NaN: none)
  let hessianAt = -1; // the step number whose λₙ H was evaluated at
  let eta = 1;

  /**
   * k̂ ≈ k(cₛ·h) into `out`: the interpolating polynomial through the (at most `predictorNodes`) earlier derivatives
   * nearest in time — this step's stages, f(λₙ) and the previous step's stages — skipping nodes closer than h/10 to
   * one already taken (so the extrapolation stays well conditioned).
   */
  const candT = new Float64Array(2 * NS + 1);
  const candK: Float64Array[] = [];
  const used = new Uint8Array(2 * NS + 1);
  const nodeT = new Float64Array(2 * NS + 1);
  const nodeK: Float64Array[] = [];
  const predict = (s: number, hh: number, out: Float64Array): void => {
    const target = SC[s] * hh;
    let nc = 0;
    for (let j = 0; j < s; j++) {
      candT[nc] = SC[j] * hh;
      candK[nc++] = ks[j];
    }
    candT[nc] = 0;
    candK[nc++] = f0;
    if (hPrev > 0)
      for (let j = 0; j < NS - 1; j++) {
        candT[nc] = (SC[j] - 1) * hPrev;
        candK[nc++] = prevK[j];
      }
    used.fill(0);
    const sep = 0.1 * (hPrev > 0 ? Math.min(hh, hPrev) : hh);
    let nn = 0;
    while (nn < predictorNodes) {
      let best = -1;
      for (let c = 0; c < nc; c++) {
        if (used[c]) continue;
        if (best < 0 || Math.abs(candT[c] - target) < Math.abs(candT[best] - target)) best = c;
      }
      if (best < 0) break;
      used[best] = 1;
      let far = true;
      for (let a = 0; a < nn; a++) if (Math.abs(nodeT[a] - candT[best]) < sep) far = false;
      if (far) {
        nodeT[nn] = candT[best];
        nodeK[nn++] = candK[best];
      }
    }
    out.fill(0);
    for (let a = 0; a < nn; a++) {
      let l = 1;
      for (let b = 0; b < nn; b++) if (b !== a) l *= (target - nodeT[b]) / (nodeT[a] - nodeT[b]);
      const k = nodeK[a];
      for (let i = 0; i < m; i++) out[i] += l * k[i];
    }
  };

  /**
   * Solves stage s (center w, prox hγ) by simplified Newton with the factor in L, from the predicted z (u, x set);
   * returns false when the iteration leaves the closed form's domain (or the damped Newton's step caps), does not
   * contract, or runs out of iterations.
   */
  const simplified = (hg: number): boolean => {
    const inv = 1 / hg;
    let prevDelta = Infinity;
    let etaS = Math.max(eta, 1e-16) ** 0.8;
    for (let it = 0; it < maxIterations; it++) {
      stats.newton++;
      // r = −(A x − y + (z − w)/(hγ))
      for (let i = 0; i < m; i++) {
        let s = 0;
        const o = i * n;
        for (let j = 0; j < n; j++) s += Ad[o + j] * zx[j];
        r[i] = y[i] - s - inv * (z[i] - w[i]);
      }
      cholApply(L, m, r);
      matTVec(A, r, du);
      let delta = 0;
      for (let j = 0; j < n; j++) {
        const d = du[j];
        const uj = zu[j];
        if (D2) {
          if (!(Math.abs(d) <= 8)) return false;
        } else if (!(d > 0 ? d <= 0.9 * (1 - uj) : -d <= 0.9 * (1 + uj))) return false;
        const v = uj + d;
        const xv = cf.x(v);
        u2[j] = v;
        x2[j] = xv;
        const q = Math.abs(xv - zx[j]) / (atol + rtol * Math.max(Math.abs(xv), Math.abs(x[j])));
        if (q > delta) delta = q;
      }
      if (!Number.isFinite(delta)) return false;
      for (let i = 0; i < m; i++) z[i] += r[i];
      let t = zu;
      zu = u2;
      u2 = t;
      t = zx;
      zx = x2;
      x2 = t;
      if (it > 0) {
        const theta = delta / prevDelta;
        if (theta >= maxRate) return delta <= kappa * 1e-3;
        etaS = theta / (1 - theta);
      }
      if ((etaS * delta <= kappa && (it > 0 || delta <= firstMax)) || delta <= 1e-6 * kappa) {
        eta = etaS;
        return true;
      }
      prevDelta = delta;
    }
    return false;
  };

  const out: Float64Array[] = [];
  let tau = 0;
  let h = 1e-4 / Math.max(1, norm2(y));
  let steps = 0;
  let rejected = 0;
  const zPred = new Float64Array(m);
  const zPrev = new Float64Array(m); // the previous stage's solution (a start inside the domain)
  for (const target of taus) {
    while (tau < target * (1 - 1e-15)) {
      const hh = Math.min(h, target - tau);
      const hg = hh * G;
      if (hessianAt !== steps) {
        weightedGram(A, dxn, H);
        hessianAt = steps;
        hFactored = NaN;
      }
      let useSimplified = true;
      if (hFactored !== hh) {
        M.set(H);
        for (let i = 0; i < m; i++) M[i * m + i] += 1 / hg;
        stats.factorizations++;
        useSimplified = cholFactor(M, m, L);
        hFactored = useSimplified ? hh : NaN;
      }
      let failed = false;
      if (s0 === 1) ks[0].set(f0);
      zPrev.set(lam);
      for (let s = s0; s < NS && !failed; s++) {
        stats.stages++;
        w.set(lam);
        for (let j = 0; j < s; j++) {
          const a = hh * T.A[s][j];
          const k = ks[j];
          for (let i = 0; i < m; i++) w[i] += a * k[i];
        }
        predict(s, hh, r);
        for (let i = 0; i < m; i++) z[i] = w[i] + hg * r[i];
        zPred.set(z);
        matTVec(A, z, zu);
        let inside = true;
        for (let j = 0; j < n; j++) {
          if (!cf.inside(zu[j])) inside = false;
          zx[j] = cf.x(zu[j]);
        }
        if (!(useSimplified && inside && simplified(hg))) {
          stats.fallbacks++;
          eta = 1;
          const st = solveDual(P, {
            maxIterations: 100,
            prox: hg,
            center: w,
            start: inside ? zPred : zPrev,
            tol: 1e-14,
          });
          if (!(st.gradNorm <= 1e-10 * scale)) {
            failed = true;
            break;
          }
          z.set(st.lambda);
          zu.set(st.u);
          zx.set(st.x);
        }
        const k = ks[s];
        for (let i = 0; i < m; i++) k[i] = (z[i] - w[i]) / hg;
        zPrev.set(z);
      }
      let errNorm = Infinity;
      if (!failed) {
        e.fill(0);
        for (let j = 0; j < NS; j++) {
          const a = hh * T.E[j];
          const k = ks[j];
          for (let i = 0; i < m; i++) e[i] += a * k[i];
        }
        matTVec(A, e, eu);
        errNorm = 0;
        for (let i = 0; i < n; i++) {
          const dx = cf.dx(zu[i]);
          u2[i] = dx;
          const sc = atol + rtol * Math.max(Math.abs(zx[i]), Math.abs(x[i]));
          errNorm = Math.max(errNorm, Math.abs(dx * eu[i]) / (errSafety * sc));
        }
      }
      if (errNorm <= 1) {
        // accept: the last stage is the new state (stiffly accurate)
        let t = lam;
        lam = z;
        z = t;
        t = u;
        u = zu;
        zu = t;
        t = x;
        x = zx;
        zx = t;
        t = dxn;
        dxn = u2;
        u2 = t;
        const pk = prevK;
        prevK = ks;
        ks = pk;
        f0.set(prevK[NS - 1]);
        hPrev = hh;
        tau += hh;
        steps++;
        const fac = errNorm === 0 ? 5 : Math.min(5, Math.max(0.2, 0.9 * errNorm ** (-1 / T.errOrder)));
        if (hh === h || fac < 1) h = hh * fac;
      } else {
        rejected++;
        h = hh * (Number.isFinite(errNorm) ? Math.max(0.1, 0.9 * errNorm ** (-1 / T.errOrder)) : 0.25);
        if (h < 1e-300) throw new Error("dlnFlow: step size underflow");
      }
      if (steps + rejected > maxSteps) throw new Error(`dlnFlow: too many steps (more than ${maxSteps})`);
    }
    out.push(Float64Array.from(x));
  }
  return { x: out, steps, rejected, stats };
}

/**
 * Gradient flow of the depth-D diagonal linear network x = aᴰ − bᴰ (a = b = α·1 at t = 0) on L = ½‖Ax − y‖², at the
 * requested times.
 *
 * Integrates the equivalent dual ODE λ̇ = c(y − A x(Aᵀλ)) (m unknowns; x(·) is the closed form, see `dlnLimit`) with
 * an adaptive L-stable, stiffly accurate ESDIRK method of order 5 (Kennedy & Carpenter's ESDIRK5(4)7L[2]SA: an
 * explicit first stage, six implicit stages sharing γ = 23/125, embedded order 4). Each implicit stage is the proximal
 * problem argmin Φ(z) + ‖z − w‖²/(2hγ) of the convex dual Φ. It starts from a prediction extrapolated from the
 * nearest earlier stage derivatives (this step's and the previous step's) and is solved by simplified Newton with one
 * Cholesky factor of A diag(x'(u)) Aᵀ + I/(hγ) per step (Hessian at the step's start), stopped when the estimated
 * remaining change of x is below 1e-3 of rtol·|xᵢ| + atol — usually after 1–2 back-substitutions. Where that
 * iteration would leave the closed form's domain (|u| < 1 for D > 2; a change of u over 8 for D = 2), stops
 * contracting or runs out of iterations, the stage falls back to the damped Newton of `dlnLimit` (line search inside
 * the domain, gradient to 1e-14), so the iterates stay where the closed form is defined however stiff the flow gets.
 * The local error estimate is controlled in x, held to 0.3·(rtol·|xᵢ| + atol).
 *
 * @param opts.times - increasing times t ≥ 0 at which to report x(t).
 * @param opts.rtol - relative tolerance on x (default 1e-10); opts.atol absolute (default 1e-13).
 * @param opts.maxSteps - accepted plus rejected steps after which it gives up (default 10⁶).
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
  maxSteps?: number;
}): DlnFlowResult {
  const o = validateOptions(opts, "opts");
  const P = dualProblem(o.A, o.y, o.depth, o.alpha);
  const orig = validateProblem(o.A, o.y);
  const times = validateTimes(o.times);
  const rtol = positive(o.rtol, "rtol", 1e-10);
  const atol = positive(o.atol, "atol", 1e-13);
  const c = dualScale(P.cf.depth, o.alpha as number);
  const maxSteps = positive(o.maxSteps, "maxSteps", FLOW_TUNING.maxSteps);
  const r = dualFlow(
    P,
    times.map((t) => c * t),
    rtol,
    atol,
    { maxSteps },
  );
  const x = r.x.map((v) => Array.from(v));
  return { times: times.slice(), x, loss: x.map((v) => lossOf(orig, v)), steps: r.steps, rejected: r.rejected };
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
