/**
 * The predicted time scales of gradient descent on a deep linear network from a small initialization: when each
 * mode is learned (the saddle-to-saddle escape times), how many steps a run needs, and the largest stable step.
 *
 * **Model (decoupled balanced modes, Saxe, McClelland & Ganguli 2014).** With whitened inputs (Σ_XX ≈ I, which is
 * how `deepLinearData` draws X) the loss splits along the singular pairs of the least-squares map; mode i has target
 * σ_i = √λ_i. If every layer carries the mode with the same scalar w (product a = w^H), GD with step η on
 * L = ‖W_{H:1}X − Y‖²_F moves it by
 *
 *   w ← w + 2η w^{H−1}(σ_i − w^H).
 *
 * From w₀ = ε (the init's entry scale) the product stays near 0 for a long time and then jumps to σ_i:
 *   - H = 2: w grows like e^{2ησ_i k}, so a reaches σ_i/2 after ≈ ln(σ_i/(2ε²))/(4ησ_i) steps (a log of 1/init);
 *   - H ≥ 3: dw/dk ≈ 2ησ_i w^{H−1} blows up in finite time, w^{2−H} = ε^{2−H} − 2ησ_i(H−2)k, so a reaches σ_i/2
 *     after ≈ ε^{−(H−2)}/(2ησ_i(H−2)) steps — a power of 1/init, not a log.
 * Modes with larger σ escape first; between the escapes of modes s and s + 1 the loss sits at the critical value
 * tr(YYᵀ) − λ₁ − … − λ_s (the saddle S = {1, …, s}), for about k_{s+1} − k_s steps.
 *
 * **Implementation.** The escape times are not the asymptotic formulas but the scalar recursion above iterated
 * exactly (same η, same ε, saturation included), so they hold for any depth and init in the domain. What the model
 * leaves out: the random init is neither balanced nor aligned with the modes, which changes the effective w₀ of each
 * mode by an O(1) factor (it enters as w₀^{−(H−2)}); calibration runs (540: H = 2…4, eleven width patterns,
 * ε ∈ [0.01, 0.1], η ∈ {0.003, 0.01}, three spectra, up to six seeds) put the measured arrival at k_s·[0.27, 4.7].
 * The claims therefore use the model within a factor {@link ESCAPE_FACTOR} and say so. The model also assumes each
 * mode can grow from its own sign: when the network must learn all d_y ≥ 2 output modes through a hidden layer of
 * exactly s_max units, a mode whose init has the wrong orientation must pass through the non-strict saddle at 0 and
 * can stay there far longer; {@link orientationFree} names these widths.
 */
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { symEigenvalues } from "./linalg.js";
import { expectNumber } from "../core/validate.js";

/**
 * How far (as a factor either way) a measured escape may be from the balanced-mode prediction: the init's random
 * alignment with the modes shifted it by 0.27–4.7 in the calibration runs named in the module docstring.
 */
export const ESCAPE_FACTOR = 6;

/** The most GD steps one run of the notebook may take (about 12 s for H = 4 at small widths on one core). */
export const STEP_CAP = 2_000_000;

/** Steps of the balanced scalar chain of one mode. */
export interface ModeTimes {
  /** First step k with w_k^H ≥ σ/2 (the loss is half-way between the two critical values). */
  half: number;
  /** First step k after `half` with (σ − w_k^H)² ≤ the excess asked for (the mode is learned). */
  learned: number;
  /** Steps from w^H ≥ 0.05σ to w^H ≥ 0.95σ: how long the jump itself takes. */
  transit: number;
}

/**
 * Iterates the balanced scalar chain w ← w + 2η w^{H−1}(σ − w^H) from w₀ = ε (see the module docstring).
 *
 * @param H - depth (integer ≥ 1).
 * @param lr - step η > 0.
 * @param initScale - w₀ = ε > 0.
 * @param sigma - the mode's target σ = √λ > 0.
 * @param excess - loss excess (σ − a)² at which the mode counts as learned (> 0).
 * @param cap - give up after this many steps (the times are then `Infinity`).
 * @returns the steps to half-way and to learned.
 * @throws ArgumentError naming the bad argument.
 */
export function balancedModeTimes(
  H: number,
  lr: number,
  initScale: number,
  sigma: number,
  excess: number,
  cap = 10 * STEP_CAP,
): ModeTimes {
  expectNumber(H, "H", { min: 1 });
  expectNumber(lr, "lr", { min: 0, minOpen: true });
  expectNumber(initScale, "initScale", { min: 0, minOpen: true });
  expectNumber(sigma, "sigma", { min: 0, minOpen: true });
  expectNumber(excess, "excess", { min: 0, minOpen: true });
  let w = initScale;
  let half = Infinity;
  let start = Infinity;
  let end = Infinity;
  for (let k = 0; k <= cap; k++) {
    const a = w ** H;
    if (!Number.isFinite(a)) break;
    if (start === Infinity && a >= 0.05 * sigma) start = k;
    if (end === Infinity && a >= 0.95 * sigma) end = k;
    if (half === Infinity && a >= sigma / 2) half = k;
    if (half !== Infinity && end !== Infinity && (sigma - a) ** 2 <= excess) {
      return { half, learned: k, transit: end - start };
    }
    w += 2 * lr * w ** (H - 1) * (sigma - a);
  }
  return { half, learned: Infinity, transit: Infinity };
}

/** A step size small enough for GD near the global minimizers, and what it came from. */
export interface StabilityBound {
  /** 2/β: GD with η < 2/β is stable near the balanced minimizers (a sufficient condition). */
  maxLr: number;
  /** β = 2H·λ_max(Σ_XX)·λ₁^{(H−1)/H}, an upper bound on the sharpness there. */
  beta: number;
  /** λ_max(Σ_XX). */
  sxxMax: number;
  /** λ₁, the largest eigenvalue of Σ (σ₁² of the whitened target). */
  lambda1: number;
}

/**
 * A step size small enough for GD on L = ‖W_{H:1}X − Y‖²_F near its global minimizers, from the data's scale.
 *
 * In whitened coordinates (Q = W_{H:1}Σ_XX^{1/2}) the top mode of a balanced minimizer has every layer at σ₁^{1/H},
 * σ₁ = √λ₁, and the scalar chain f(w) = (w₁⋯w_H − σ₁)² has Hessian 2σ₁^{2(H−1)/H}·𝟙𝟙ᵀ, largest eigenvalue
 * 2Hσ₁^{2(H−1)/H}; undoing the whitening multiplies curvatures by at most λ_max(Σ_XX). So
 * β = 2H·λ_max(Σ_XX)·λ₁^{(H−1)/H} bounds the sharpness at the balanced minimizers, which small inits approach (the
 * differences W_{h+1}ᵀW_{h+1} − W_hW_hᵀ stay O(ε²)), and η < 2/β is a sufficient condition for stability there (the
 * linearized scalar map w ↦ w + 2ηw^{H−1}(σ − w^H) has slope 1 − 2ηHσ^{2−2/H} at the minimizer). It is not
 * necessary: GD converged at 1.3 × 2/β on the default data.
 *
 * @param problem - from {@link deepLinearProblem}.
 */
export function gdStabilityBound(problem: DeepLinearProblem): StabilityBound {
  assertProblem(problem);
  const sxxMax = Math.max(...symEigenvalues(problem.Sxx));
  const lambda1 = problem.lambdas[0];
  const beta = 2 * problem.H * sxxMax * lambda1 ** ((problem.H - 1) / problem.H);
  return { maxLr: 2 / beta, beta, sxxMax, lambda1 };
}

/** The predicted schedule of one GD run from a small init, and its step budget. */
export interface GdSchedule {
  H: number;
  /** Predicted arrival at the critical value of S = {1, …, s}, s = 1 … s_max (index s − 1): the step at which mode s
   * is half learned. */
  arrivals: number[];
  /** Predicted pause at the value of S = {1, …, s}, s = 1 … s_max − 1 (index s − 1): arrivals[s] − arrivals[s − 1]. */
  pauses: number[];
  /** Steps each mode's jump takes (from 5% to 95% of σ_s), s = 1 … s_max. */
  transits: number[];
  /** Steps for the slowest mode to be learned to the loss tolerance, plus the alignment against λ_{s_max+1}. */
  learned: number;
  /** The budget: ⌈ESCAPE_FACTOR · learned⌉ (Infinity when the model never learns). */
  steps: number;
  /** Loss tolerance of "reached the global minimum": 1e-3 · max(1, minimum value). */
  tolerance: number;
  /** The derivation in words, with this run's numbers. */
  derivation: string;
}

/**
 * The predicted schedule of GD from a small init on this problem: arrival at each critical value
 * tr(YYᵀ) − λ₁ − … − λ_s, the pauses between, and a step budget derived from lr, init and depth.
 *
 * Budget = ESCAPE_FACTOR × (steps for the slowest learned mode σ_{s_max} to come within the loss tolerance, by the
 * balanced chain, + the alignment time ln(λ_{s_max}/tol)/(2η(λ_{s_max} − λ_{s_max+1})·λ_{s_max}^{−1/H}) in which the
 * learned subspace turns away from the next eigen-direction; that term matters only when s_max < d_y and the two
 * eigenvalues are close).
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.lr - GD step η.
 * @param opts.initScale - std ε of the initial entries.
 */
export function gdSchedule(problem: DeepLinearProblem, opts: { lr: number; initScale: number }): GdSchedule {
  assertProblem(problem);
  return scheduleFromSpectrum(problem.H, problem.lambdas, problem.sMax, problem.minValue, opts);
}

/**
 * {@link gdSchedule} from the spectrum alone (what the parameter schema can compute before any data exist).
 *
 * @param H - depth.
 * @param lambdas - eigenvalues of Σ, decreasing.
 * @param sMax - how many modes the network learns (min(r, number of positive λ)).
 * @param minValue - the global minimum value (sets the loss tolerance 1e-3·max(1, minValue)).
 * @param opts.lr - GD step η.
 * @param opts.initScale - std ε of the initial entries.
 */
export function scheduleFromSpectrum(
  H: number,
  lambdas: readonly number[],
  sMax: number,
  minValue: number,
  opts: { lr: number; initScale: number },
): GdSchedule {
  const lr = expectNumber(opts?.lr, "opts.lr", { min: 0, minOpen: true });
  const eps = expectNumber(opts?.initScale, "opts.initScale", { min: 0, minOpen: true });
  const tolerance = 1e-3 * Math.max(1, Math.abs(minValue));
  const times = lambdas
    .slice(0, sMax)
    .map((l) => balancedModeTimes(H, lr, eps, Math.sqrt(l), tolerance / Math.max(1, sMax)));
  const arrivals = times.map((t) => t.half);
  const pauses = arrivals.slice(1).map((a, i) => a - arrivals[i]);
  const learnMode = sMax > 0 ? Math.max(...times.map((t) => t.learned)) : 0;
  let align = 0;
  if (sMax > 0 && sMax < lambdas.length) {
    const l = lambdas[sMax - 1];
    const gap = l - lambdas[sMax];
    align = Math.log(Math.max(l / tolerance, 1)) / (2 * lr * gap * l ** (-1 / H));
  }
  const learned = learnMode + align;
  const steps = Number.isFinite(learned) ? Math.ceil(ESCAPE_FACTOR * learned) : Infinity;
  const law = H === 2 ? "H = 2: k_s ≈ ln(σ_s/(2ε²))/(4ησ_s)" : `H = ${H}: k_s ≈ ε^−${H - 2}/(2ησ_s·${H - 2})`;
  const derivation =
    `balanced-mode model w ← w + 2ηw^{H−1}(σ_s − w^H) from w₀ = ε = ${eps}, η = ${lr}, σ_s = √λ_s (${law}); ` +
    `budget = ${ESCAPE_FACTOR} × (${learnMode} steps to learn σ_${sMax} within ${tolerance.toPrecision(2)}` +
    (align > 0 ? ` + ${Math.round(align)} steps of alignment against λ_${sMax + 1}` : "") +
    `); the factor ${ESCAPE_FACTOR} covers the init's random alignment with the modes (arrivals at 0.27–4.7 × k_s ` +
    `in calibration runs)`;
  return { H, arrivals, pauses, transits: times.map((t) => t.transit), learned, steps, tolerance, derivation };
}

/** Whether the escape-time model's sign assumption holds for a network, and why. */
export interface Orientation {
  /** True when no mode has to pass through 0 to be learned. */
  free: boolean;
  /** The widths' reason, with the numbers. */
  reason: string;
}

/**
 * Whether the widths let the balanced-mode model predict the escapes.
 *
 * The product must reach rank s_max. If H ≥ 3, a hidden layer has exactly s_max units and either s_max = d_y or
 * s_max = d_x (every output or every input direction is needed) or the next hidden layer also has exactly s_max units,
 * a map on the learned subspace is square: GD cannot rotate a mode through a spare direction the residual sees, so the mode's starting scale and sign are those of that square
 * block of the init. A near-singular block or a wrong sign (the mode must cross 0, a non-strict saddle for H ≥ 3)
 * makes the escape far slower than {@link gdSchedule} predicts: stalls in 1–3 of 8 seeds for 4-2-2-2, 2-2-2-2,
 * 3-3-3-3-3, arrivals 2–23 × the prediction for 5-1-1-1-1, stalls on 1-2-1-1-2 and 5-1-1-1-4; none outside these widths in the calibration runs.
 * Which inits stall is not read off simply (the sign of det(U_SᵀW_{H:1}(0)Σ_XYU_S) did not predict it). For H = 2
 * the saddle at 0 is strict and a mode of the wrong sign escapes quickly.
 *
 * @param problem - from {@link deepLinearProblem}.
 */
export function orientationFree(problem: DeepLinearProblem): Orientation {
  assertProblem(problem);
  const hidden = problem.widths.slice(1, -1);
  const tight = hidden.filter((d) => d === problem.sMax).length;
  const chained = hidden.some((d, i) => i > 0 && d === problem.sMax && hidden[i - 1] === problem.sMax);
  const side =
    problem.sMax === problem.dy
      ? `s_max = d_y = ${problem.sMax}`
      : problem.sMax === problem.dx
        ? `s_max = d_x = ${problem.sMax}`
        : chained
          ? `two consecutive hidden layers of exactly s_max = ${problem.sMax} units`
          : "";
  const trapped = problem.H >= 3 && side !== "" && tight > 0;
  return {
    free: !trapped,
    reason: trapped
      ? `${side} and ${tight} hidden layer(s) of exactly ${problem.sMax} unit(s) ` +
        `(${problem.widths.join("-")}): a square block of the init sets each mode's start, and a near-singular or ` +
        `wrong-signed one must cross the non-strict saddle at 0 — escapes the model does not cover (stalls and ` +
        `2–23 × slower arrivals seen on such widths)`
      : problem.H < 3
        ? "H = 2: the saddle at 0 is strict, a mode of the wrong sign escapes it quickly"
        : tight === 0
          ? `every hidden layer has more than s_max = ${problem.sMax} units`
          : `s_max = ${problem.sMax} < d_x = ${problem.dx}, d_y = ${problem.dy}: spare input and output directions`,
  };
}
