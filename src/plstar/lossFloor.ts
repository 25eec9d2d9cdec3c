/**
 * The rounding floor of the square loss L(w) = ½‖F(w) − y‖² in float64: the smallest loss the arithmetic resolves,
 * below which a measured loss is rounding noise and a predicted bound cannot be checked.
 *
 * A network output f(x) = Σ_k v_k a_k / √m (NTK parameterization, one hidden layer of width m) is a sum of m terms
 * of size O(1/√m) whose magnitudes add up to O(√m); float64 rounds it to within ε·(√m + |y|) per point, ε = 2⁻⁵²,
 * so no residual is resolved below that. The floor takes each point's residual at `safety` times it:
 * L_floor = ½ Σ_i (safety · ε · (√m + |y_i|))². The safety factor (default 100) covers the deeper sums of the
 * backward pass and of the training updates; it is a statement about rounding, independent of the parameters.
 */
import { expectInteger, expectNumber } from "../core/validate.js";

/**
 * The rounding floor of the square loss of a width-m network on targets y.
 *
 * @param y - the targets.
 * @param width - the hidden width m.
 * @param safety - multiple of the rounding unit per residual (default 100).
 */
export function squareLossFloor(y: ArrayLike<number>, width: number, safety = 100): number {
  const m = expectInteger(width, "width", { min: 1 });
  expectNumber(safety, "safety", { min: 1 });
  let floor = 0;
  for (let i = 0; i < y.length; i++) {
    const r = safety * Number.EPSILON * (Math.sqrt(m) + Math.abs(y[i]));
    floor += 0.5 * r * r;
  }
  return floor;
}
