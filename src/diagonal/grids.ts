/**
 * The α^D grids of tutorial 3, computed from the parameters and the theory (never typed in).
 *
 *  - {@link decadeGrid}: α^D = 10⁻ᶠʳᵒᵐ, …, 10⁻ᵈᵉᶜᵃᵈᵉˢ, one point a decade (the sweeps' abscissae).
 *  - {@link depthTwoRateWindow}: for D = 2 on A = [1, 1 − ε] the distance is (α^D)^ε·(1 + O((α^D)^ε)), so the
 *    exponent ε shows only where (α^D)^ε ≪ 1; the window starts where (α^D)^ε = 10⁻² and ends at 10⁻³⁰⁰, the
 *    smallest α^D the log-form limit represents.
 */

/** The smallest α^D of the D = 2 rate window (the log-form limit works down to here; 1e-308 is float64's edge). */
export const DEPTH_TWO_SMALLEST_ALPHA_D = 1e-300;

/**
 * α^D one point a decade: 10^−from, 10^−(from+1), …, 10^−decades.
 *
 * @throws RangeError naming `decades` or `from` unless 0 ≤ from ≤ decades are integers.
 */
export function decadeGrid(decades: number, from = 0): number[] {
  if (!Number.isInteger(from) || from < 0) throw new RangeError(`from: expected an integer ≥ 0, got ${from}`);
  if (!Number.isInteger(decades) || decades < from) {
    throw new RangeError(`decades: expected an integer ≥ from = ${from}, got ${decades}`);
  }
  return Array.from({ length: decades - from + 1 }, (_, i) => Number(`1e-${from + i}`));
}

/** The D = 2 rate window of one ε, or why there is none. */
export interface DepthTwoRateWindow {
  epsilon: number;
  /** α^D from 10^(−2/ε) down to 10⁻³⁰⁰, `points` log-spaced values; empty when the window is empty. */
  alphaDs: number[];
  /** (α^D)^ε at the window's largest α^D: the relative size of the next-order term (≤ 10⁻²). */
  nextOrder: number;
  /** Why there is no window (ε so small that (α^D)^ε ≤ 10⁻² needs α^D below 10⁻³⁰⁰). */
  reason?: string;
}

/**
 * The α^D window where the D = 2 rate exponent ε is measured: (α^D)^ε ≤ 10⁻², i.e. α^D ≤ 10^(−2/ε), down to
 * {@link DEPTH_TWO_SMALLEST_ALPHA_D}; at least two decades wide, else empty with the reason.
 *
 * @param epsilon - the gap ε in (0, 1).
 * @param points - points in the window (≥ 2).
 * @throws RangeError naming `epsilon` or `points` when out of domain.
 */
export function depthTwoRateWindow(epsilon: number, points = 5): DepthTwoRateWindow {
  if (!(epsilon > 0 && epsilon < 1)) throw new RangeError(`epsilon: expected a number in (0, 1), got ${epsilon}`);
  if (!Number.isInteger(points) || points < 2) throw new RangeError(`points: expected an integer ≥ 2, got ${points}`);
  const hi = -2 / epsilon;
  const lo = Math.log10(DEPTH_TWO_SMALLEST_ALPHA_D);
  if (hi - lo < 2) {
    return {
      epsilon,
      alphaDs: [],
      nextOrder: NaN,
      reason: `ε = ${epsilon}: (α^D)^ε ≤ 1e-2 needs α^D ≤ 1e${hi.toFixed(0)}, below the smallest representable 1e${lo}`,
    };
  }
  const alphaDs = Array.from({ length: points }, (_, i) => 10 ** (hi + ((lo - hi) * i) / (points - 1)));
  return { epsilon, alphaDs, nextOrder: alphaDs[0] ** epsilon };
}
