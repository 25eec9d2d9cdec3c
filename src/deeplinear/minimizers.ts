/**
 * Random global minimizers, each checked: zero gradient, minimal loss, positive semi-definite Hessian.
 */
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { globalMinimizer } from "./construct.js";
import { type CriticalKind, classifyByHessian } from "./landscape.js";

/** Checks on sampled global minimizers. */
export interface MinimizerCheck {
  H: number;
  seed: number;
  /** ‖∇L‖ / ‖Σ_YX‖. */
  gradient: number;
  /** (L − minimum) / tr(YYᵀ). */
  excessLoss: number;
  /** Smallest Hessian eigenvalue. */
  lambdaMinHessian: number;
  /** The PSD threshold used. */
  threshold: number;
  /** Ranks of the layers. */
  layerRanks: string;
  kind: CriticalKind;
}

/**
 * Samples `count` random global minimizers ({@link globalMinimizer}) and checks each: gradient, excess loss,
 * smallest Hessian eigenvalue.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param opts.count - how many (default 10).
 * @param opts.seed - first seed.
 */
export function checkGlobalMinimizers(
  problem: DeepLinearProblem,
  opts: { count?: number; seed: number },
): MinimizerCheck[] {
  assertProblem(problem);
  const count = opts.count ?? 10;
  const sxy = Math.sqrt(problem.Syx.flat().reduce((s, v) => s + v * v, 0));
  return Array.from({ length: count }, (_, i) => {
    const seed = opts.seed + i;
    const Ws = globalMinimizer(problem, { seed });
    const c = classifyByHessian(problem, Ws);
    return {
      H: problem.H,
      seed,
      gradient: c.gradientNorm / sxy,
      excessLoss: (c.loss - problem.minValue) / problem.trYY,
      lambdaMinHessian: c.minEigenvalue,
      threshold: c.threshold,
      layerRanks: c.ranks.layers.join(","),
      kind: c.kind,
    };
  });
}
