/**
 * The tutorial's experiments as plain functions: classify an enumerated family both ways, summarize it as tables,
 * sample global minimizers, and collect the claims table. Notebook cells call these and show the results.
 */
import { judged, type Claim, type JudgedClaim } from "../display/claims.js";
import { type DeepLinearProblem, assertProblem } from "./problem.js";
import { type EnumeratedPoint, type JunkLane, globalMinimizer } from "./construct.js";
import { symEig } from "./linalg.js";
import {
  type CriticalKind,
  classifyByHessian,
  classifyByRanks,
  gradient,
  hessianEigenvalues,
  loss,
} from "./landscape.js";
import { type GdRun, plateaus } from "./dynamics.js";

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

/** A table as plain data that `show` renders (it has the shape of a danfojs DataFrame: columns, values, index). */
export interface DeepLinearTable {
  columns: string[];
  values: unknown[][];
  index: number[];
  shape: [number, number];
}

/**
 * Turns rows of plain objects into a {@link DeepLinearTable} for `show` (numbers are formatted by `show`).
 *
 * @param rows - objects with the same keys.
 * @param columns - which keys, in order (default: all keys of the first row except long arrays; arrays of at most
 *   8 numbers are shown as sets, e.g. "{0,1}").
 */
export function deepLinearTable(rows: readonly object[], columns?: readonly string[]): DeepLinearTable {
  if (!Array.isArray(rows)) throw new TypeError("rows: expected an array of objects");
  const first = (rows[0] ?? {}) as Record<string, unknown>;
  const short = (v: unknown) => Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === "number");
  const cols = columns ? [...columns] : Object.keys(first).filter((k) => !Array.isArray(first[k]) || short(first[k]));
  const values = rows.map((r) =>
    cols.map((c) => {
      const v = (r as Record<string, unknown>)[c];
      return short(v) ? `{${(v as number[]).join(",")}}` : v;
    }),
  );
  return { columns: cols, values, index: rows.map((_, i) => i), shape: [rows.length, cols.length] };
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

/** Inputs of {@link deepLinearClaims}. */
export interface DeepLinearClaimsInput {
  /** Classified rows of every enumerated family. */
  rows: readonly FamilyRow[];
  /** Classification of W = 0 per depth. */
  zero: readonly { H: number; kind: CriticalKind }[];
  /** Sampled global minimizers. */
  minimizers: readonly MinimizerCheck[];
  /** The problems of the GD runs (same data, one per depth). */
  problems: readonly DeepLinearProblem[];
  /** GD runs, runs[i] on problems[i] (same initialization scale). */
  runs: readonly GdRun[];
}

/**
 * The claims table of the tutorial, computed from this run's results.
 *
 * @param input - rows, W = 0 classes, minimizer checks, GD runs.
 * @returns rows for `claimsTable`.
 */
export function deepLinearClaims(input: DeepLinearClaimsInput): Claim[] {
  const { rows, zero, minimizers } = input;
  const runs = input.runs.map((run, i) => ({
    run,
    plateaus: plateaus(input.problems[i], run),
    minValue: input.problems[i].minValue,
  }));
  const claims: JudgedClaim[] = [];
  const maxRel = Math.max(...rows.map((r) => r.relError));
  claims.push({
    claim: "Loss at every constructed critical point = tr(YYᵀ) − Σ_{i∈S} λ_i",
    predicted: "relative error 0",
    measured: maxRel,
    tolerance: 1e-9,
    holds: maxRel <= 1e-9,
  });
  const maxGrad = Math.max(...rows.map((r) => r.gradient));
  claims.push({
    claim: "∇L = 0 at every constructed critical point",
    predicted: 0,
    measured: maxGrad,
    tolerance: "1e-9 · ‖Σ_YX‖",
    holds: maxGrad <= 1e-9,
  });
  for (const H of [...new Set(rows.map((r) => r.H))].sort()) {
    const sub = rows.filter((r) => r.H === H);
    const ok = sub.filter((r) => r.agree).length;
    claims.push({
      claim: `H = ${H}: rank rule (pivot form) = exact Hessian on the whole enumerated family`,
      predicted: `${sub.length}/${sub.length}`,
      measured: `${ok}/${sub.length}`,
      holds: ok === sub.length,
    });
  }
  const h2 = rows.filter((r) => r.H === 2 && r.byHessian !== "global-minimizer");
  const h2strict = h2.filter((r) => r.byHessian === "strict-saddle").length;
  claims.push({
    claim: "H = 2: every saddle is strict",
    predicted: `${h2.length}/${h2.length} strict`,
    measured: `${h2strict}/${h2.length} strict`,
    holds: h2.length > 0 && h2strict === h2.length,
  });
  for (const z of zero) {
    const expected = z.H >= 3 ? "non-strict-saddle" : "strict-saddle";
    claims.push({
      claim: `W = 0 with H = ${z.H} is a ${z.H >= 3 ? "non-strict" : "strict"} saddle`,
      predicted: expected,
      measured: z.kind,
      holds: z.kind === expected,
    });
  }
  const notTop = rows.filter((r) => {
    const S = r.S.slice(1, -1).split(",").filter(Boolean).map(Number);
    return !S.every((v, i) => v === i);
  });
  const notTopStrict = notTop.filter((r) => r.byHessian === "strict-saddle").length;
  claims.push({
    claim: "S not of the form {0,…,s−1} ⇒ strict saddle",
    predicted: `${notTop.length}/${notTop.length} strict`,
    measured: `${notTopStrict}/${notTop.length} strict`,
    holds: notTop.length > 0 && notTopStrict === notTop.length,
  });
  const deepNonStrict = rows.filter((r) => r.H >= 3 && r.byHessian === "non-strict-saddle").length;
  claims.push({
    claim: "H ≥ 3: non-strict saddles exist besides W = 0 (PSD Hessian above the minimum)",
    predicted: "> 0",
    measured: deepNonStrict,
    holds: deepNonStrict > 0,
  });
  const layerWrong = rows.filter((r) => r.byLayerRanks !== r.byHessian).length;
  const sigmaWrong = rows.filter((r) => r.bySigmaRanks !== r.byHessian).length;
  claims.push({
    claim: "Finding: plain layer ranks do not decide the type (d_x > d_y: rank in ker Σ_YX)",
    predicted: "> 0 disagreements",
    measured: layerWrong,
    holds: layerWrong > 0,
  });
  claims.push({
    claim: "Finding: Σ_XY-ranks without the residual coupling do not decide it (misaligned eigen-directions)",
    predicted: "> 0 disagreements",
    measured: sigmaWrong,
    holds: sigmaWrong > 0,
  });
  const goodMin = minimizers.filter(
    (m) => m.gradient <= 1e-9 && Math.abs(m.excessLoss) <= 1e-9 && m.lambdaMinHessian >= -m.threshold,
  ).length;
  claims.push({
    claim: "Sampled global minimizers: ∇L = 0, L = minimum, Hessian PSD",
    predicted: `${minimizers.length}/${minimizers.length}`,
    measured: `${goodMin}/${minimizers.length}`,
    holds: goodMin === minimizers.length && minimizers.length > 0,
  });
  for (const r of runs) {
    const reached = r.run.losses[r.run.losses.length - 1];
    claims.push({
      claim: `GD from a small initialization, H = ${r.run.H}: reaches the global minimum value`,
      predicted: r.minValue,
      measured: reached,
      tolerance: "1e-3 relative",
      holds: Math.abs(reached - r.minValue) <= 1e-3 * Math.max(1, Math.abs(r.minValue)),
    });
  }
  const deep = runs.filter((r) => r.run.H >= 3);
  if (deep.length > 0) {
    const text: string[] = [];
    let ok = true;
    for (const r of deep) {
      const mids = r.plateaus.filter((p) => p.s > 0 && p.value > r.minValue + p.band);
      for (const p of mids) {
        text.push(`H=${r.run.H}, s=${p.s}: ${p.steps}`);
        if (p.steps < 50) ok = false;
      }
    }
    claims.push({
      claim: "GD, H ≥ 3: the loss pauses (≥ 50 steps within the band) at each intermediate critical value",
      predicted: "≥ 50 steps each",
      measured: text.join(", "),
      tolerance: "band: 5% of min(λ_1..λ_{s_max})",
      holds: ok && text.length > 0,
    });
  }
  if (runs.length >= 2) {
    const total = runs.map((r) =>
      r.plateaus.filter((p) => p.value > r.minValue + p.band).reduce((s, p) => s + p.steps, 0),
    );
    const increasing = total.every((v, i) => i === 0 || v > total[i - 1]);
    claims.push({
      claim: "Deeper nets pause longer: steps spent on the plateaus above the minimum grow with H (same init scale)",
      predicted: "increasing in H",
      measured: runs.map((r, i) => `H=${r.run.H}: ${total[i]}`).join(", "),
      holds: increasing,
    });
  }
  return claims.map(judged);
}

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

/** One line of {@link plateauRows}. */
export interface PlateauRow {
  H: number;
  /** |S| of the critical value S = {0..s−1}. */
  s: number;
  /** The predicted value tr(YYᵀ) − λ₁ − … − λ_s. */
  predicted: number;
  /** GD steps with the loss within the band of it. */
  stepsNearValue: number;
  band: number;
}

/**
 * Time each GD run spent near each predicted value tr(YYᵀ) − λ₁ − … − λ_s.
 *
 * @param problems - one per run.
 * @param runs - runs[i] on problems[i].
 */
export function plateauRows(problems: readonly DeepLinearProblem[], runs: readonly GdRun[]): PlateauRow[] {
  if (!Array.isArray(runs) || runs.length !== problems.length) {
    throw new RangeError("runs: expected one run per problem");
  }
  return runs.flatMap((run, i) =>
    plateaus(problems[i], run).map((p) => ({
      H: run.H,
      s: p.s,
      predicted: p.value,
      stepsNearValue: p.steps,
      band: p.band,
    })),
  );
}
