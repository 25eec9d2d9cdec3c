/**
 * The assumptions of a deep linear problem as measured on its data, one table row per network.
 */
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { symEig } from "./linalg.js";

/** One line of {@link problemSummary}. */
export interface ProblemSummaryRow {
  H: number;
  widths: string;
  /** λ_min(Σ_XX)/λ_max(Σ_XX): > 0 means XXᵀ invertible. */
  sxxConditionInverse: number;
  /** Eigenvalues λ of Σ, decreasing. */
  lambdas: string;
  /** Smallest relative gap (λ_i − λ_{i+1})/λ₁: > 0 means distinct. */
  smallestRelativeGap: number;
  r: number;
  sMax: number;
  trYY: number;
  /** Global minimum value tr(YYᵀ) − Σ_{i<s_max} λ_i. */
  minValue: number;
}

/**
 * The assumptions of the problem, as measured on its data: Σ_XX invertible (inverse condition number), Σ's
 * eigenvalues distinct (smallest relative gap), r, s_max and the global minimum value.
 *
 * @param problem - from {@link deepLinearProblem}.
 */
export function problemSummary(problem: DeepLinearProblem): ProblemSummaryRow {
  assertProblem(problem);
  const e = symEig(problem.Sxx).values;
  const l = problem.lambdas;
  let gap = Infinity;
  for (let i = 0; i + 1 < l.length; i++) gap = Math.min(gap, (l[i] - l[i + 1]) / l[0]);
  return {
    H: problem.H,
    widths: problem.widths.join("-"),
    sxxConditionInverse: e[0] / e[e.length - 1],
    lambdas: l.map((v) => v.toPrecision(6)).join(", "),
    smallestRelativeGap: gap,
    r: problem.r,
    sMax: problem.sMax,
    trYY: problem.trYY,
    minValue: problem.minValue,
  };
}
