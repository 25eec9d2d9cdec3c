/**
 * The enumerated family of critical points classified twice — by the exact Hessian and by the rank rule (with its
 * two weaker readings) — its summary by depth and class, and the worked examples where the weaker readings fail.
 * Notebook cells call these and show the results.
 */
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { type EnumeratedPoint, type JunkLane, familyMember } from "./construct.js";
import {
  type CriticalKind,
  classifyByHessian,
  classifyByRanks,
  gradient,
  hessianEigenvalues,
  loss,
} from "./landscape.js";

/** One classified critical point (a row of the tutorial's table). */
export interface FamilyRow {
  /** Depth H. */
  H: number;
  /** Widths as "4-3-2-3". */
  widths: string;
  /** S as "{0,1}". */
  S: string;
  /** The junk lanes in short form, e.g. "1→1 in:free; 2→3". */
  junk: string;
  /** Ranks of the layers W₁…W_H, e.g. "2,1,1". */
  layerRanks: string;
  /** Ranks of the products of two or more consecutive layers, "i:j=rk W_{i:j}" (1-based), e.g. "2:1=1 3:2=1 3:1=1". */
  productRanks: string;
  /** rk(W_{h:1}Σ_XY), h = 0…H−1. */
  tailSigmaRanks: string;
  /** Loss at the point. */
  loss: number;
  /** Predicted critical value tr(YYᵀ) − Σ_{i∈S} λ_i. */
  predicted: number;
  /** |loss − predicted| / tr(YYᵀ). */
  relError: number;
  /** ‖∇L‖_F / ‖Σ_YX‖_F. */
  gradient: number;
  /** Smallest Hessian eigenvalue. */
  lambdaMinHessian: number;
  /** Number of Hessian eigenvalues counted as zero. */
  zeroEigenvalues: number;
  /** Class by the exact Hessian. */
  byHessian: CriticalKind;
  /** Class by the rank rule (pivot form). */
  byRanks: CriticalKind;
  /** Class by the layer-rank reading (for comparison). */
  byLayerRanks: CriticalKind;
  /** Class by the Σ_XY-rank reading without the coupling (for comparison). */
  bySigmaRanks: CriticalKind;
  /** byHessian === byRanks. */
  agree: boolean;
  /** The witness pivot pair, "h₁,h₂", or "". */
  pivot: string;
  /** All Hessian eigenvalues (ascending). */
  eigenvalues: number[];
}

function laneText(l: JunkLane): string {
  const io = [l.input !== undefined ? `in:${l.input}` : "", l.output !== undefined ? `out:${l.output}` : ""]
    .filter(Boolean)
    .join(" ");
  return `${l.from}→${l.to}${io ? " " + io : ""}`;
}

/**
 * Classifies every member of an enumerated family by the exact Hessian and by the rank rule (and its two weaker
 * readings), with loss, predicted value, gradient norm and spectrum.
 *
 * @param problem - from {@link deepLinearProblem}.
 * @param family - from {@link enumerateCriticalPoints}.
 * @returns one row per point.
 */
export function classifyFamily(problem: DeepLinearProblem, family: readonly EnumeratedPoint[]): FamilyRow[] {
  assertProblem(problem);
  const sxy = Math.sqrt(problem.Syx.flat().reduce((s, v) => s + v * v, 0));
  return family.map((f) => {
    const h = classifyByHessian(problem, f.Ws);
    const r = classifyByRanks(problem, f.Ws);
    const g = gradient(problem, f.Ws);
    const gn = Math.sqrt(g.flat(2).reduce((s, v) => s + v * v, 0));
    const L = loss(problem, f.Ws);
    return {
      H: problem.H,
      widths: problem.widths.join("-"),
      S: `{${f.S.join(",")}}`,
      junk: f.junk.map(laneText).join("; "),
      layerRanks: r.ranks.layers.join(","),
      productRanks: r.ranks.partial
        .flatMap((row, i) => row.map((v, j) => (i > j ? `${i + 1}:${j + 1}=${v}` : "")))
        .filter(Boolean)
        .join(" "),
      tailSigmaRanks: r.ranks.tailSigma.slice(0, problem.H).join(","),
      loss: L,
      predicted: f.predicted,
      relError: Math.abs(L - f.predicted) / problem.trYY,
      gradient: gn / sxy,
      lambdaMinHessian: h.minEigenvalue,
      zeroEigenvalues: h.zeroEigenvalues,
      byHessian: h.kind,
      byRanks: r.kind,
      byLayerRanks: classifyByRanks(problem, f.Ws, { rule: "layer" }).kind,
      bySigmaRanks: classifyByRanks(problem, f.Ws, { rule: "sigma" }).kind,
      agree: h.kind === r.kind,
      pivot: r.witness ? `${r.witness.h1},${r.witness.h2}` : "",
      eigenvalues: hessianEigenvalues(problem, f.Ws),
    };
  });
}

/** Counts per (H, class by Hessian) with how many the rank rule and its weaker readings got right. */
export interface FamilySummaryRow {
  H: number;
  widths: string;
  byHessian: CriticalKind;
  points: number;
  rankRuleAgrees: number;
  sigmaReadingAgrees: number;
  layerReadingAgrees: number;
  /** Most negative λ_min among these points (a strict saddle's curvature), or the largest |λ_min| otherwise. */
  lambdaMinRange: string;
}

/**
 * Summarizes classified rows by depth and class.
 *
 * @param rows - from {@link classifyFamily} (any number of problems concatenated).
 */
export function familySummary(rows: readonly FamilyRow[]): FamilySummaryRow[] {
  const groups = new Map<string, FamilyRow[]>();
  for (const r of rows) {
    const k = `${r.widths}|${r.byHessian}`;
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k)!.push(r);
  }
  const order: CriticalKind[] = ["global-minimizer", "strict-saddle", "non-strict-saddle", "not-critical"];
  return [...groups.values()]
    .map((g) => {
      const lm = g.map((r) => r.lambdaMinHessian);
      return {
        H: g[0].H,
        widths: g[0].widths,
        byHessian: g[0].byHessian,
        points: g.length,
        rankRuleAgrees: g.filter((r) => r.byRanks === r.byHessian).length,
        sigmaReadingAgrees: g.filter((r) => r.bySigmaRanks === r.byHessian).length,
        layerReadingAgrees: g.filter((r) => r.byLayerRanks === r.byHessian).length,
        lambdaMinRange: `[${Math.min(...lm).toPrecision(3)}, ${Math.max(...lm).toPrecision(3)}]`,
      };
    })
    .sort((a, b) => a.H - b.H || order.indexOf(a.byHessian) - order.indexOf(b.byHessian));
}

/** The worked examples of where the weaker rank readings fail, and which could not be built on these widths. */
export interface RuleExamples {
  /** Classified rows, in pairs with identical layer ranks. */
  rows: FamilyRow[];
  /** One line per example the widths or data do not allow, with the reason. */
  skipped: string[];
}

/**
 * Two pairs of critical points with identical layer ranks but different types, built on the networks given:
 *   1. residual-blind rank (on the shallowest network with H ≥ 3): S = {0} plus one extra row of W₁ whose input
 *      direction is random in (Σ_XY U_{S^c})^⊥ (`perp`, sees no residual) or free (`free`, sees it);
 *   2. misaligned eigen-directions (on the deepest network): S = {0} plus an extra input correlated with u₂ in layer
 *      1 and an extra output in layer H − 1 along u₃ (misaligned) or u₂ (aligned).
 * An example whose construction the widths or data do not allow (no spare unit, d_y < 3, criticality lost) is
 * skipped and named.
 *
 * @param problems - the tutorial's networks.
 * @param seed - seed of the constructions.
 */
export function ruleExamples(problems: readonly DeepLinearProblem[], seed: number): RuleExamples {
  if (!Array.isArray(problems)) throw new TypeError(`problems: expected an array, got ${typeof problems}`);
  const deep = problems.filter((p) => p.H >= 3);
  const rows: FamilyRow[] = [];
  const skipped: string[] = [];
  const build = (p: DeepLinearProblem | undefined, what: string, junks: JunkLane[][]) => {
    if (!p) {
      skipped.push(`${what}: no network with H ≥ 3`);
      return;
    }
    try {
      const members = junks.map((junk) => familyMember(p, { S: [0], junk, seed }));
      rows.push(...classifyFamily(p, members));
    } catch (e) {
      skipped.push(`${what} on ${p.widths.join("-")}: ${(e as Error).message}`);
    }
  };
  const shallow = deep.slice().sort((a, b) => a.H - b.H)[0];
  build(shallow, "residual-blind rank", [[{ from: 1, to: 1, input: "perp" }], [{ from: 1, to: 1, input: "free" }]]);
  const deepest = deep.slice().sort((a, b) => b.H - a.H)[0];
  if (deepest && deepest.dy < 3) skipped.push(`misaligned eigen-directions: needs d_y ≥ 3, got ${deepest.dy}`);
  else {
    const top = deepest ? deepest.H - 1 : 1;
    build(deepest, "misaligned eigen-directions", [
      [
        { from: 1, to: 1, input: 1 },
        { from: top, to: top, output: 2 },
      ],
      [
        { from: 1, to: 1, input: 1 },
        { from: top, to: top, output: 1 },
      ],
    ]);
  }
  return { rows, skipped };
}
