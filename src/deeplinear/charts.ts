/**
 * Charts of the deep-linear tutorial as Vega-Lite v5 specs (plain data; `show` renders them).
 */
import type { VegaLiteSpec } from "../display/spec.js";
import { THEME, VEGA_LITE_SCHEMA, lineChart } from "../display/charts.js";
import type { FamilyRow } from "./family.js";
import type { GdRun } from "./dynamics.js";
import type { DeepLinearProblem } from "./problem.js";

const KIND_ORDER = ["global-minimizer", "strict-saddle", "non-strict-saddle", "not-critical"];
const KIND_COLORS = ["#54a24b", "#e45756", "#4c78a8", "#999999"];

/** A deterministic jitter in [−0.4, 0.4] from an index. */
function jitter(i: number): number {
  const x = Math.sin(12.9898 * (i + 1)) * 43758.5453;
  return 0.8 * (x - Math.floor(x) - 0.5);
}

/**
 * Smallest Hessian eigenvalue of every classified critical point, one row per (depth, class by Hessian), on a
 * symmetric-log axis (linear within ±`linthresh`, logarithmic beyond), so the exact zeros of the PSD classes and
 * the clearly negative values of the strict saddles are both visible.
 *
 * @param rows - from `classifyFamily`.
 * @param options.linthresh - the symlog constant (default 1e-3).
 * @param options.title - chart title.
 */
export function lambdaMinChart(
  rows: readonly FamilyRow[],
  options: { linthresh?: number; title?: string } = {},
): VegaLiteSpec {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error("rows: expected classified rows from classifyFamily");
  const values = rows.map((r, i) => ({
    depth: `H = ${r.H}`,
    kind: r.byHessian,
    lambdaMin: r.lambdaMinHessian,
    jitter: jitter(i),
    S: r.S,
    junk: r.junk || "none",
    ranks: r.byRanks,
  }));
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `strip chart: smallest Hessian eigenvalue of ${rows.length} critical points by depth and class`,
    title: {
      text: options.title ?? "Smallest Hessian eigenvalue at every enumerated critical point",
      subtitle: "colour: class by the exact Hessian; symmetric-log axis; rows: depth",
    },
    config: THEME,
    data: { values },
    facet: { row: { field: "depth", type: "nominal", title: null } },
    spec: {
      width: 460,
      height: 90,
      mark: { type: "point", filled: true, size: 28, opacity: 0.65 },
      encoding: {
        x: {
          field: "lambdaMin",
          type: "quantitative",
          title: "λ_min(∇²L)",
          scale: { type: "symlog", constant: options.linthresh ?? 1e-3 },
          axis: { format: "~g" },
        },
        y: { field: "kind", type: "nominal", title: null, sort: KIND_ORDER },
        yOffset: { field: "jitter", type: "quantitative", scale: { domain: [-0.5, 0.5] } },
        color: {
          field: "kind",
          type: "nominal",
          title: "class (Hessian)",
          scale: { domain: KIND_ORDER, range: KIND_COLORS },
        },
        tooltip: [
          { field: "S", type: "nominal" },
          { field: "junk", type: "nominal" },
          { field: "lambdaMin", type: "quantitative", format: ".3e" },
          { field: "ranks", type: "nominal", title: "class (ranks)" },
        ],
      },
    },
  };
}

/**
 * Full Hessian spectra of a few representative critical points per class: each row is one point, each tick one
 * eigenvalue, on a symmetric-log axis. Zero eigenvalues (flat directions) pile up at 0; a strict saddle has ticks
 * left of 0.
 *
 * @param rows - from `classifyFamily`.
 * @param options.perClass - points shown per class (default 3: different index sets S, deepest first, each with its
 *   most junk lanes; for strict saddles the most negative one is always included).
 */
export function spectrumChart(
  rows: readonly FamilyRow[],
  options: { perClass?: number; linthresh?: number; title?: string } = {},
): VegaLiteSpec {
  if (!Array.isArray(rows) || rows.length === 0) throw new Error("rows: expected classified rows from classifyFamily");
  const per = options.perClass ?? 3;
  const picked: FamilyRow[] = [];
  for (const kind of KIND_ORDER) {
    const of = rows.filter((r) => r.byHessian === kind);
    // one point per index set S (the one with the most junk lanes), so different S are shown
    const byS = new Map<string, FamilyRow>();
    for (const r of of) {
      const cur = byS.get(`${r.H}|${r.S}`);
      if (!cur || r.junk.length > cur.junk.length) byS.set(`${r.H}|${r.S}`, r);
    }
    const chosen = [...byS.values()].sort((a, b) => b.H - a.H || b.S.length - a.S.length).slice(0, per);
    if (kind === "strict-saddle" && of.length > 0) {
      const worst = of.reduce((a, b) => (b.lambdaMinHessian < a.lambdaMinHessian ? b : a));
      if (!chosen.includes(worst)) chosen[Math.max(0, Math.min(per, chosen.length) - 1)] = worst;
    }
    picked.push(...chosen);
  }
  const values: { point: string; kind: string; mu: number }[] = [];
  for (const r of picked) {
    const label = `H=${r.H} S=${r.S}${r.junk ? " + " + r.junk : ""}`;
    for (const mu of r.eigenvalues) values.push({ point: label, kind: r.byHessian, mu });
  }
  const labels = [...new Set(values.map((v) => v.point))];
  return {
    $schema: VEGA_LITE_SCHEMA,
    description: `tick chart: Hessian spectra of ${picked.length} critical points (${values.length} eigenvalues)`,
    title: {
      text: options.title ?? "Hessian spectra per class",
      subtitle: "each tick an eigenvalue; symmetric-log axis; a strict saddle has ticks left of 0",
    },
    config: THEME,
    width: 460,
    height: Math.max(120, 18 * labels.length),
    data: { values },
    mark: { type: "tick", thickness: 2, opacity: 0.8 },
    encoding: {
      x: {
        field: "mu",
        type: "quantitative",
        title: "eigenvalue of ∇²L",
        scale: { type: "symlog", constant: options.linthresh ?? 1e-3 },
        axis: { format: "~g" },
      },
      y: { field: "point", type: "nominal", title: null, sort: labels, axis: { labelLimit: 320 } },
      color: { field: "kind", type: "nominal", title: "class", scale: { domain: KIND_ORDER, range: KIND_COLORS } },
    },
  };
}

/**
 * Loss curves of gradient-descent runs (one per depth) with the predicted critical values
 * tr(YYᵀ) − λ₁ − … − λ_s (s = 0…s_max) drawn as dashed rule lines.
 *
 * @param problem - any of the runs' problems (same data; gives tr(YYᵀ), λ and s_max).
 * @param runs - from `deepLinearGD`.
 * @param options.title - chart title.
 */
export function lossCurveChart(
  problem: DeepLinearProblem,
  runs: readonly GdRun[],
  options: { title?: string } = {},
): VegaLiteSpec {
  if (!Array.isArray(runs) || runs.length === 0) throw new Error("runs: expected GD runs from deepLinearGD");
  const rules: { value: number; label: string }[] = [];
  let v = problem.trYY;
  rules.push({ value: v, label: "S = ∅ (W = 0)" });
  for (let s = 0; s < problem.sMax; s++) {
    v -= problem.lambdas[s];
    const set = s === 0 ? "{0}" : `{0..${s}}`;
    rules.push({ value: v, label: s + 1 === problem.sMax ? `global min, S = ${set}` : `S = ${set}` });
  }
  return lineChart(
    runs.map((r: GdRun) => ({
      name: `H = ${r.H} (${r.widths.join("-")})`,
      x: r.steps.map((t: number) => t + 1),
      y: r.losses,
    })),
    {
      title:
        options.title ??
        `Gradient descent from a small initialization (ε = ${runs[0].initScale}, η = ${runs[0].lr}), H = ${runs
          .map((r) => r.H)
          .join(", ")}`,
      subtitle: "dashed: predicted critical values tr(YYᵀ) − Σ_{i∈S} λ_i; log–log axes",
      xLabel: "GD step + 1",
      xScale: "log",
      yLabel: "loss",
      yScale: "log",
      rules: rules.filter((r) => r.value > 0),
      width: 520,
      height: 280,
    },
  );
}
