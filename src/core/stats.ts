/**
 * Statistics the claims are judged with: least-squares line fits (on log–log axes the exponent of a power law),
 * the fit window chosen from the data, and confidence bounds for frequencies.
 */

/** A least-squares line `y = intercept + slope·x`. */
export interface LineFit {
  slope: number;
  intercept: number;
  /** Coefficient of determination (1 for points on a line; NaN for fewer than 2 distinct x). */
  r2: number;
  /** Number of points fitted. */
  n: number;
  /** Standard error of the slope (NaN for n ≤ 2). */
  slopeStdError: number;
}

/**
 * Ordinary least squares of y on x over the finite pairs.
 *
 * @returns the fit; slope NaN when fewer than two distinct x remain.
 */
export function linearFit(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const X: number[] = [];
  const Y: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      X.push(x[i]);
      Y.push(y[i]);
    }
  }
  const n = X.length;
  const mx = X.reduce((a, b) => a + b, 0) / n;
  const my = Y.reduce((a, b) => a + b, 0) / n;
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxx += (X[i] - mx) ** 2;
    sxy += (X[i] - mx) * (Y[i] - my);
    syy += (Y[i] - my) ** 2;
  }
  if (n < 2 || sxx === 0) return { slope: NaN, intercept: NaN, r2: NaN, n, slopeStdError: NaN };
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  const sse = Math.max(0, syy - slope * sxy);
  const r2 = syy === 0 ? 1 : (sxy * sxy) / (sxx * syy);
  const slopeStdError = n > 2 ? Math.sqrt(sse / (n - 2) / sxx) : NaN;
  return { slope, intercept, r2, n, slopeStdError };
}

/**
 * Least squares of log y on log x (natural logs): the exponent of a power law y ∝ x^slope. Pairs with a
 * non-positive or non-finite coordinate are dropped.
 */
export function logLogFit(x: ArrayLike<number>, y: ArrayLike<number>): LineFit {
  const X: number[] = [];
  const Y: number[] = [];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] > 0 && y[i] > 0 && Number.isFinite(x[i]) && Number.isFinite(y[i])) {
      X.push(Math.log(x[i]));
      Y.push(Math.log(y[i]));
    }
  }
  return linearFit(X, Y);
}

/** The exponent of a power law fitted on log–log axes ({@link logLogFit}'s slope); NaN with fewer than 2 points. */
export function logLogSlope(x: ArrayLike<number>, y: ArrayLike<number>): number {
  return logLogFit(x, y).slope;
}

/** A fit over a window of the data chosen by {@link powerLawWindow}. */
export interface WindowedFit extends LineFit {
  /** Index of the first and one past the last point used (in the order the points were given). */
  start: number;
  end: number;
  /** The x range of the window. */
  xRange: [number, number];
  /** Points left out because y was at or below the floor. */
  belowFloor: number;
  /** Largest deviation of a local (consecutive-point) slope inside the window from the window's slope. */
  localSpread: number;
}

/**
 * Chooses where a power law y ∝ x^r holds and fits it there. Points with y ≤ `floor` (the rounding floor, e.g.
 * 1e3·ε·scale) are dropped; among the contiguous windows of at least `minPoints` points whose local slopes
 * (between consecutive points, on log–log axes) all lie within `slopeTolerance` of the window's fitted slope, the
 * longest is taken, ties going to the end nearest the asymptote (`asymptote: "small-x"` for a limit x → 0).
 * The choice is the data's, not a fixed range: the window is reported so the reader sees it.
 *
 * @param x - abscissae, positive, in any order (sorted internally by x).
 * @returns the fit, or undefined when no window of `minPoints` points qualifies.
 */
export function powerLawWindow(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { floor?: number; minPoints?: number; slopeTolerance?: number; asymptote?: "small-x" | "large-x" } = {},
): WindowedFit | undefined {
  const floor = options.floor ?? 0;
  const minPoints = Math.max(2, options.minPoints ?? 3);
  const tol = options.slopeTolerance ?? 0.1;
  const idx = Array.from({ length: Math.min(x.length, y.length) }, (_, i) => i)
    .filter((i) => x[i] > 0 && Number.isFinite(x[i]) && Number.isFinite(y[i]))
    .sort((a, b) => x[a] - x[b]);
  const kept = idx.filter((i) => y[i] > floor);
  const belowFloor = idx.length - kept.length;
  const lx = kept.map((i) => Math.log(x[i]));
  const ly = kept.map((i) => Math.log(y[i]));
  let best: WindowedFit | undefined;
  for (let len = kept.length; len >= minPoints && !best; len--) {
    const starts = Array.from({ length: kept.length - len + 1 }, (_, s) => s);
    if (options.asymptote !== "large-x") starts.sort((a, b) => a - b);
    else starts.sort((a, b) => b - a);
    for (const s of starts) {
      const fit = linearFit(lx.slice(s, s + len), ly.slice(s, s + len));
      let spread = 0;
      for (let k = s + 1; k < s + len; k++) {
        const local = (ly[k] - ly[k - 1]) / (lx[k] - lx[k - 1]);
        spread = Math.max(spread, Math.abs(local - fit.slope));
      }
      if (Number.isFinite(fit.slope) && spread <= tol) {
        const picked = kept.slice(s, s + len);
        best = {
          ...fit,
          start: Math.min(...picked),
          end: Math.max(...picked) + 1,
          xRange: [x[picked[0]], x[picked[picked.length - 1]]],
          belowFloor,
          localSpread: spread,
        };
        break;
      }
    }
  }
  return best;
}

/** The standard normal quantile Φ⁻¹(p), 0 < p < 1 (Acklam's rational approximation, relative error < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`p: expected a number in (0, 1), got ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239,
  ];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968,
    2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const lo = 0.02425;
  if (p < lo) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (
      (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
      ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
    );
  }
  if (p > 1 - lo) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) /
    (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
  );
}

/** A frequency with its two-sided Wilson score interval. */
export interface Frequency {
  successes: number;
  trials: number;
  /** successes / trials. */
  rate: number;
  low: number;
  high: number;
  confidence: number;
}

/**
 * The Wilson score interval for a binomial proportion (chosen over the normal approximation because it stays inside
 * [0, 1] and keeps its coverage near 0 and 1, where recovery frequencies live).
 *
 * @param confidence - two-sided level, e.g. 0.95.
 */
export function wilsonInterval(successes: number, trials: number, confidence = 0.95): Frequency {
  if (!Number.isInteger(trials) || trials < 1) throw new RangeError(`trials: expected an integer ≥ 1, got ${trials}`);
  if (!Number.isInteger(successes) || successes < 0 || successes > trials) {
    throw new RangeError(`successes: expected an integer in [0, ${trials}], got ${successes}`);
  }
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const p = successes / trials;
  const den = 1 + (z * z) / trials;
  const centre = (p + (z * z) / (2 * trials)) / den;
  const half = (z * Math.sqrt((p * (1 - p)) / trials + (z * z) / (4 * trials * trials))) / den;
  return {
    successes,
    trials,
    rate: p,
    low: Math.max(0, centre - half),
    high: Math.min(1, centre + half),
    confidence,
  };
}
