/**
 * The claims of the tour notebook: PL* at initialization, a gradient-descent rate predicted from the run's tangent
 * kernel, and reproducibility by seed.
 */
import { claimUnder, hypothesis, judged, type Claim } from "../display/claims.js";

/** What the tour measured. */
export interface TourRun {
  /** Number of training points n and of parameters P. */
  n: number;
  parameterCount: number;
  /** λ_min and λ_max of the tangent kernel at initialization. */
  lambdaMin0: number;
  lambdaMax0: number;
  lr: number;
  /** The run's losses L(w_0) … L(w_T), one per step. */
  losses: readonly number[];
  /** λ_min(K(w_t)) at the steps the run recorded (NaN elsewhere, as `trainGD` reports it). */
  recordedLambdaMin: readonly number[];
  /** The losses of a second run with the same seed, and of a run with another seed. */
  sameSeedLosses: readonly number[];
  otherSeedLosses: readonly number[];
}
/**
 * The tour's claims.
 *
 * - PL* at initialization, λ_min(K(w₀)) > 0, applies when P ≥ n (K = DF DFᵀ has rank ≤ P).
 * - Linear convergence: for the tangent-kernel (linearized) dynamics r_{t+1} = (I − ηK) r_t the loss obeys
 *   L_T/L₀ ≤ max_i (1 − ηλ_i)^{2T}; the claim predicts ρ^T with ρ = max(1 − ημ, (1 − ηλ_max)²), μ the smallest
 *   λ_min(K(w_t)) recorded. Using one power of (1 − ημ) per step instead of two leaves a factor (1 − ημ)^T of slack
 *   for the kernel's drift along the path. It applies when P ≥ n, μ > 0 and ηλ_max(K(w₀)) < 2 (the step is stable
 *   for the linearized dynamics).
 */
export function tourClaims(run: TourRun): Claim[] {
  const { n, parameterCount: P, lr: eta } = run;
  const T = run.losses.length - 1;
  const recorded = run.recordedLambdaMin.filter((v) => !Number.isNaN(v));
  const mu = recorded.length ? Math.min(...recorded) : run.lambdaMin0;
  const sameSeedIdentical =
    run.sameSeedLosses.length === run.losses.length && run.losses.every((v, i) => Object.is(v, run.sameSeedLosses[i]));
  const otherSeedDiffers = run.losses.some((v, i) => !Object.is(v, run.otherSeedLosses[i]));
  const overParameterized = hypothesis(
    P >= n,
    `P = ${P} ≥ n = ${n}`,
    `P = ${P} < n = ${n}: K = DF·DFᵀ has rank ≤ P < n, so λ_min(K) = 0 and the loss is not PL*`,
  );
  const rows: Claim[] = [];
  rows.push(
    claimUnder(overParameterized, "λ_min(K(w₀)) > 0: the loss is PL* at initialization", () => ({
      claim: "λ_min(K(w₀)) > 0: the loss is PL* at initialization",
      predicted: "> 0",
      measured: run.lambdaMin0,
      holds: run.lambdaMin0 > 0,
    })),
  );
  const stable = hypothesis(
    eta * run.lambdaMax0 < 2,
    `ηλ_max(K(w₀)) = ${(eta * run.lambdaMax0).toFixed(3)} < 2`,
    `ηλ_max(K(w₀)) = ${(eta * run.lambdaMax0).toFixed(3)} ≥ 2: the step is above the stability limit of the kernel dynamics`,
  );
  const pl = hypothesis(mu > 0, `μ = ${mu.toPrecision(3)} > 0`, `μ = min_t λ_min(K(w_t)) = ${mu.toPrecision(3)} ≤ 0`);
  const claim = `gradient descent converges linearly: L_T/L₀ ≤ ρ^T after T = ${T} steps`;
  rows.push(
    claimUnder([overParameterized, stable, pl], claim, () => {
      const rho = Math.max(1 - eta * mu, (1 - eta * run.lambdaMax0) ** 2);
      const bound = rho ** T;
      const measured = run.losses[T] / run.losses[0];
      return {
        claim,
        predicted: `≤ ${bound.toExponential(2)}`,
        measured,
        derivation:
          `ρ = max(1 − ημ, (1 − ηλ_max)²) = ${rho.toPrecision(4)} with η = ${eta}, μ = min_t λ_min(K(w_t)) = ` +
          `${mu.toPrecision(3)}, λ_max(K(w₀)) = ${run.lambdaMax0.toPrecision(3)}`,
        holds: measured <= bound,
      };
    }),
  );
  rows.push(
    judged({
      claim: "the same seed reproduces the run bit for bit",
      predicted: "identical",
      measured: sameSeedIdentical ? "identical" : "differs",
      holds: sameSeedIdentical,
    }),
    judged({
      claim: "another seed gives another run",
      predicted: "differs",
      measured: otherSeedDiffers ? "differs" : "identical",
      holds: otherSeedDiffers,
    }),
  );
  return rows;
}
