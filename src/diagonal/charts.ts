/**
 * Charts of Tutorial 3 as Vega-Lite v5 specifications (plain data; render with `show`).
 */
import type { VegaLiteSpec } from "../display/spec.js";
import type { DlnConvergenceRow, DlnKinkRow, DlnPotentialRow, DlnSelectionRow } from "./experiments.js";
import type { DlnGDRow } from "./gd.js";
import type { DlnPhaseCell } from "./phase.js";
import type { DlnRecoveryRow } from "./recovery.js";
import type { DlnSensitivityRow } from "./sensitivity.js";

const SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
const logAxis = (title: string): Record<string, unknown> => ({
  scale: { type: "log" },
  axis: { title, format: ".0e", grid: true },
});

/** Figure 1: ‖x_α − x_lim‖ against α^D (log–log), one panel per case, one line per depth. */
export function dlnConvergenceChart(
  rows: DlnConvergenceRow[],
  title = "Distance of the flow limit to the analytic α → 0 limit",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows.filter((r) => r.distance > 0) },
    facet: { column: { field: "case", type: "nominal", title: null } },
    spec: {
      width: 220,
      height: 200,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "alphaD", type: "quantitative", ...logAxis("α^D") },
        y: { field: "distance", type: "quantitative", ...logAxis("‖x_α − x_lim‖₂") },
        color: { field: "depth", type: "nominal", title: "depth D" },
        strokeDash: { field: "depth", type: "nominal" },
        tooltip: [{ field: "depth" }, { field: "alphaD", format: ".1e" }, { field: "distance", format: ".3e" }],
      },
    },
    resolve: { scale: { y: "independent" } },
  };
}

/** Section 3: |t_α − t_closed| against α^D for each depth (log–log); t from the exact limit. */
export function dlnSelectionChart(
  rows: DlnSelectionRow[],
  title = "Which minimizer: |t(α) − t_closed(D)|",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 420,
    height: 260,
    data: { values: rows.map((r) => ({ ...r, error: Math.max(r.error, 1e-17) })) },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "alphaD", type: "quantitative", ...logAxis("α^D") },
      y: { field: "error", type: "quantitative", ...logAxis("|t(α) − t_closed|") },
      color: { field: "depth", type: "nominal", title: "depth D" },
      tooltip: [
        { field: "depth" },
        { field: "alphaD", format: ".1e" },
        { field: "t", format: ".12f" },
        { field: "tClosed", format: ".12f" },
      ],
    },
  };
}

/** Figure 2: the rate kink for A = [1, 1 − ε]; one panel per depth, one line per ε. */
export function dlnKinkChart(
  rows: DlnKinkRow[],
  title = "Rate of convergence to (1, 0) for A = [1, 1 − ε]",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows.filter((r) => r.distance > 0) },
    facet: { column: { field: "depth", type: "ordinal", title: "depth D" } },
    spec: {
      width: 170,
      height: 190,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "alphaD", type: "quantitative", ...logAxis("α^D") },
        y: { field: "distance", type: "quantitative", ...logAxis("‖x_α − (1,0)‖₂") },
        color: { field: "epsilon", type: "nominal", title: "ε" },
        tooltip: [{ field: "epsilon" }, { field: "alphaD", format: ".1e" }, { field: "distance", format: ".3e" }],
      },
    },
  };
}

/** Figure 3: the potentials q_p, g_p and h_p, one panel each (independent scales). */
export function dlnPotentialChart(
  rows: DlnPotentialRow[],
  title = "Potentials q_p, g_p and h_p (α = 1)",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: rows },
    facet: { column: { field: "fn", type: "nominal", title: null, sort: ["q", "g", "h"] } },
    spec: {
      width: 200,
      height: 200,
      mark: { type: "line" },
      encoding: {
        x: { field: "x", type: "quantitative", title: "x" },
        y: { field: "value", type: "quantitative", title: null },
        color: { field: "p", type: "nominal", title: "p" },
        strokeDash: { field: "p", type: "nominal" },
      },
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  };
}

/** Section 1: distance of the flow limit to the basis-pursuit solution and to the true x* against α^D. */
export function dlnRecoveryChart(
  rows: DlnRecoveryRow[],
  title = "Sparse recovery: flow limit → basis pursuit as α ↓ 0",
): VegaLiteSpec {
  const values = rows.flatMap((r) => [
    { depth: r.depth, alphaD: r.alphaD, target: "basis-pursuit solution", distance: Math.max(r.toBasisPursuit, 1e-17) },
    { depth: r.depth, alphaD: r.alphaD, target: "true x*", distance: Math.max(r.toTruth, 1e-17) },
  ]);
  return {
    $schema: SCHEMA,
    title,
    data: { values },
    facet: { column: { field: "target", type: "nominal", title: "distance to" } },
    spec: {
      width: 240,
      height: 200,
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "alphaD", type: "quantitative", ...logAxis("α^D") },
        y: { field: "distance", type: "quantitative", ...logAxis("‖x_α − ·‖₂") },
        color: { field: "depth", type: "nominal", title: "depth D" },
      },
    },
  };
}

/** Coefficients of several vectors side by side (e.g. x*, basis pursuit, flow limits), as grouped points. */
export function dlnCoefficientChart(series: { name: string; x: number[] }[], title = "Coefficients"): VegaLiteSpec {
  const values = series.flatMap((s) => s.x.map((v, i) => ({ series: s.name, index: i, value: v })));
  return {
    $schema: SCHEMA,
    title,
    width: 520,
    height: 200,
    data: { values },
    mark: { type: "point", filled: false, size: 70, strokeWidth: 1.5 },
    encoding: {
      x: { field: "index", type: "quantitative", title: "coordinate i" },
      y: { field: "value", type: "quantitative", title: "xᵢ" },
      color: { field: "series", type: "nominal", title: null },
      shape: { field: "series", type: "nominal" },
      tooltip: [{ field: "series" }, { field: "index" }, { field: "value", format: ".4e" }],
    },
  };
}

/** Section 6: recovery probability over (δ = m/n, ρ = k/m), one heatmap per method. */
export function dlnPhaseChart(
  cells: DlnPhaseCell[],
  title = "Probability of exact recovery (Donoho–Tanner)",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    data: { values: cells },
    facet: { column: { field: "method", type: "nominal", title: null } },
    spec: {
      width: 220,
      height: 200,
      mark: { type: "rect" },
      encoding: {
        x: { field: "delta", type: "ordinal", title: "δ = m/n", axis: { format: ".2f" } },
        y: { field: "rho", type: "ordinal", title: "ρ = k/m", sort: "descending", axis: { format: ".2f" } },
        color: {
          field: "probability",
          type: "quantitative",
          title: "P(recovery)",
          scale: { domain: [0, 1], scheme: "viridis" },
        },
        tooltip: [{ field: "m" }, { field: "k" }, { field: "probability", format: ".2f" }],
      },
    },
  };
}

/**
 * Section 7: loss against time for the flow and for gradient descent at several step sizes (left), and the distance
 * ‖x_GD(t) − x_flow(t)‖ at equal time t = lr·step (right), both with log y.
 */
export function dlnGDChart(rows: DlnGDRow[], title = "Gradient descent against gradient flow"): VegaLiteSpec {
  const color = { field: "method", type: "nominal", title: null };
  return {
    $schema: SCHEMA,
    title,
    hconcat: [
      {
        width: 300,
        height: 240,
        data: { values: rows.filter((r) => r.loss > 0 && Number.isFinite(r.loss)) },
        mark: { type: "line" },
        encoding: {
          x: { field: "t", type: "quantitative", title: "time t (= lr × step for GD)" },
          y: { field: "loss", type: "quantitative", ...logAxis("L = ½‖Ax − y‖²") },
          color,
          strokeDash: { field: "method", type: "nominal" },
        },
      },
      {
        width: 300,
        height: 240,
        data: { values: rows.filter((r) => r.lr > 0 && r.gap > 0 && Number.isFinite(r.gap)) },
        mark: { type: "line", point: true },
        encoding: {
          x: { field: "t", type: "quantitative", title: "time t" },
          y: { field: "gap", type: "quantitative", ...logAxis("‖x_GD(t) − x_flow(t)‖₂") },
          color,
        },
      },
    ],
  };
}

/** Sensitivity of the limit to the data against α^D (log–log), one line per depth. */
export function dlnSensitivityChart(
  rows: DlnSensitivityRow[],
  title = "Sensitivity of the limit x_α to relative perturbations of A",
): VegaLiteSpec {
  return {
    $schema: SCHEMA,
    title,
    width: 420,
    height: 240,
    data: { values: rows.filter((r) => r.sensitivity > 0) },
    mark: { type: "line", point: true },
    encoding: {
      x: { field: "alphaD", type: "quantitative", ...logAxis("α^D") },
      y: { field: "sensitivity", type: "quantitative", ...logAxis("max |Δx| / (relative |ΔA|)") },
      color: { field: "depth", type: "nominal", title: "depth D" },
    },
  };
}
