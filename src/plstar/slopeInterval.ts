/**
 * The confidence interval of a power law's exponent fitted on log–log axes: slope ± t_{1−α/2, k−2} · SE, with SE the
 * least-squares standard error of the slope (from the scatter of the points around the line: over a sweep's seeds
 * and widths) and t the Student quantile for k − 2 degrees of freedom (k points).
 *
 * Implementation: the fit is `logLogFit` of `core/stats` (the project's one least-squares fit); the Student critical
 * value is exact (closed-form distribution function for integer degrees of freedom, inverted by bisection).
 */
import { logLogFit, type LineFit } from "../core/stats.js";
import { expectInteger, expectNumber } from "../core/validate.js";

/**
 * The two-sided Student-t critical value: the t with P(|T| ≤ t) = `confidence` for T ~ t_ν, ν a positive integer.
 * P(|T| ≤ t) has a closed form for integer ν (θ = atan(t/√ν)): (2/π)(θ + sinθ cosθ Σ_k a_k cos^{2k}θ) for odd ν,
 * sinθ Σ_k b_k cos^{2k}θ for even ν (Abramowitz & Stegun 26.7.3–4); it is increasing in θ, solved by bisection.
 *
 * @param confidence - the two-sided level, in (0, 1).
 * @param degrees - degrees of freedom ν, an integer ≥ 1.
 */
export function studentCritical(confidence: number, degrees: number): number {
  expectNumber(confidence, "confidence", { min: 0, max: 1, minOpen: true, maxOpen: true });
  const nu = expectInteger(degrees, "degrees", { min: 1 });
  const central = (theta: number): number => {
    const c2 = Math.cos(theta) ** 2;
    const s = Math.sin(theta);
    let sum = 1;
    let term = 1;
    if (nu % 2 === 1) {
      if (nu === 1) return (2 / Math.PI) * theta;
      for (let k = 1; 2 * k + 1 <= nu - 2; k++) {
        term *= ((2 * k) / (2 * k + 1)) * c2;
        sum += term;
      }
      return (2 / Math.PI) * (theta + s * Math.cos(theta) * sum);
    }
    for (let k = 1; 2 * k <= nu - 2; k++) {
      term *= ((2 * k - 1) / (2 * k)) * c2;
      sum += term;
    }
    return s * sum;
  };
  let lo = 0;
  let hi = Math.PI / 2;
  for (let i = 0; i < 200 && hi - lo > 1e-15; i++) {
    const mid = (lo + hi) / 2;
    if (central(mid) < confidence) lo = mid;
    else hi = mid;
  }
  return Math.sqrt(nu) * Math.tan((lo + hi) / 2);
}

/** A fitted exponent with its two-sided confidence interval. */
export interface SlopeInterval extends LineFit {
  /** Half width of the interval: t_{ν} · slopeStdError with ν = n − 2 (NaN with fewer than 3 points). */
  halfWidth: number;
  /** The two-sided confidence level, e.g. 0.999. */
  confidence: number;
}

/**
 * Fits y ∝ x^slope on log–log axes and gives the slope's confidence interval.
 *
 * @param x - abscissae (positive).
 * @param y - ordinates (positive; non-positive or non-finite pairs are dropped).
 * @param confidence - two-sided level in (0, 1).
 */
export function slopeInterval(x: ArrayLike<number>, y: ArrayLike<number>, confidence: number): SlopeInterval {
  expectNumber(confidence, "confidence", { min: 0, max: 1, minOpen: true, maxOpen: true });
  const fit = logLogFit(x, y);
  const halfWidth =
    fit.n > 2 && Number.isFinite(fit.slopeStdError) ? studentCritical(confidence, fit.n - 2) * fit.slopeStdError : NaN;
  return { ...fit, halfWidth, confidence };
}
