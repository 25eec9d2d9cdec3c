/**
 * Charts of tutorial 1, as Vega-Lite specs (data): each takes an experiment's result and returns a spec for `show`.
 */
import { lineChart, scatterWithFit, VEGA_LITE_SCHEMA, type Series, type VegaLiteSpec } from "../display/index.js";
import type {
  GdExperimentResult,
  GdWidthRow,
  NonConvexResult,
  PlInequalityRow,
  SgdRunSummary,
  UnderParamResult,
  WidthSweepResult,
} from "./experiments.js";

const fmt = (v: number, d = 3): string =>
  !Number.isFinite(v) ? String(v) : Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toFixed(d) : v.toExponential(d - 1);

/** Every k-th record (and the last) so that a series has at most `max` points. */
function thin<T>(rows: readonly T[], max = 250): T[] {
  if (rows.length <= max) return rows.slice();
  const k = Math.ceil(rows.length / max);
  const out = rows.filter((_, i) => i % k === 0);
  if ((rows.length - 1) % k !== 0) out.push(rows[rows.length - 1]);
  return out;
}

/**
 * Scatter of ½‖∇L‖² against λ_min(K)·L at random points (log–log), with the line y = x: the inequality says every
 * point lies on or above it.
 */
export function plInequalityChart(rows: readonly PlInequalityRow[]): VegaLiteSpec {
  const values = rows
    .filter((r) => r.rhs > 0 && r.halfGradSq > 0)
    .map((r) => ({ x: r.rhs, y: r.halfGradSq, activation: r.activation, width: r.width, ratio: r.ratio }));
  const lo = Math.min(...values.map((v) => Math.min(v.x, v.y)));
  const hi = Math.max(...values.map((v) => Math.max(v.x, v.y)));
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: {
      text: "½‖∇L‖² ≥ λ_min(K)·L at random points",
      subtitle: "each dot: a random network w (width, σ, distance from init); dashed: y = x",
    },
    width: 420,
    height: 300,
    description: `scatter of ${values.length} random points, log-log, with the line y = x`,
    layer: [
      {
        data: { values },
        mark: { type: "point", filled: true, size: 40, opacity: 0.8 },
        encoding: {
          x: { field: "x", type: "quantitative", scale: { type: "log" }, title: "λ_min(K(w)) · L(w)" },
          y: { field: "y", type: "quantitative", scale: { type: "log" }, title: "½‖∇L(w)‖²" },
          color: { field: "activation", type: "nominal", title: "σ" },
          shape: { field: "width", type: "ordinal", title: "width m" },
          tooltip: [
            { field: "ratio", type: "quantitative", format: ".3f" },
            { field: "width", type: "quantitative" },
          ],
        },
      },
      {
        data: {
          values: [
            { x: lo, y: lo },
            { x: hi, y: hi },
          ],
        },
        mark: { type: "line", strokeDash: [6, 4], color: "#444" },
        encoding: {
          x: { field: "x", type: "quantitative", scale: { type: "log" } },
          y: { field: "y", type: "quantitative", scale: { type: "log" } },
        },
      },
    ],
  };
}

/** λ_min(K(w₀)) against the width (mean over seeds), with λ_min(K_∞) as a dashed line. */
export function lambdaMinWidthChart(sweep: WidthSweepResult): VegaLiteSpec {
  const series: Series[] = [
    {
      name: "λ_min(K_m(w₀)), mean over seeds",
      x: sweep.summary.map((r) => r.width),
      y: sweep.summary.map((r) => r.lambdaMin),
    },
  ];
  return lineChart(series, {
    title: "λ_min of the tangent kernel at initialization",
    subtitle: `${sweep.activation} network, one hidden layer; dashed: the infinite-width value`,
    xLabel: "width m",
    yLabel: "λ_min(K(w₀))",
    xScale: "log",
    points: true,
    rules: Number.isFinite(sweep.lambdaMinInfinite)
      ? [{ value: sweep.lambdaMinInfinite, label: `λ_min(K∞) = ${fmt(sweep.lambdaMinInfinite)}` }]
      : [],
  });
}

/** ‖K_m − K_∞‖/‖K_∞‖ against the width (every seed), log–log with the fitted and the predicted (−½) slope. */
export function kernelConvergenceChart(sweep: WidthSweepResult): VegaLiteSpec {
  const rows = sweep.rows.filter((r) => Number.isFinite(r.kernelError));
  return scatterWithFit(
    rows.map((r) => r.width),
    rows.map((r) => r.kernelError),
    {
      title: "Distance of K_m(w₀) to the infinite-width NTK",
      subtitle: `${sweep.activation}, one hidden layer, every seed; predicted slope −½`,
      xLabel: "width m",
      yLabel: "‖K_m − K∞‖_F / ‖K∞‖_F",
      xScale: "log",
      yScale: "log",
      predictedSlope: -0.5,
      name: "measured (one network)",
    },
  );
}

/**
 * max_i ‖∇²f(x_i)‖ at initialization against the width, for each sweep (e.g. linear output and σ on the output),
 * log–log; legend entries carry the fitted slopes.
 */
export function hessianWidthChart(sweeps: readonly WidthSweepResult[]): VegaLiteSpec {
  // Two sweeps with the same output (e.g. σ_out = linear chosen for the second) get their position in the label.
  const label = (s: WidthSweepResult, i: number) =>
    `${s.outputActivation} output${sweeps.filter((t) => t.outputActivation === s.outputActivation).length > 1 ? ` (sweep ${i + 1})` : ""}`;
  const series: Series[] = sweeps.map((s, i) => ({
    name: `${label(s, i)}: slope ${fmt(s.hessianSlope, 2)}`,
    x: s.summary.map((r) => r.width),
    y: s.summary.map((r) => r.hessianNorm),
  }));
  const first = sweeps[0];
  if (first) {
    const w0 = first.summary[0];
    series.push({
      name: "∝ m^(−1/2)",
      x: first.summary.map((r) => r.width),
      y: first.summary.map((r) => w0.hessianNorm * Math.sqrt(w0.width / r.width)),
      predicted: true,
    });
  }
  return lineChart(series, {
    title: "Hessian norm of the model at initialization",
    subtitle: `${sweeps[0]?.activation ?? ""} hidden layer; max over the points of ‖∇²_w f(x)‖; dashed: ∝ m^(−1/2)`,
    xLabel: "width m",
    yLabel: "‖H_f‖",
    xScale: "log",
    yScale: "log",
    points: true,
  });
}

/** GD loss against the step with the bound (1 − ημ)^t L(w₀) (log y). */
export function gdLossChart(gd: GdExperimentResult): VegaLiteSpec {
  const idx = thin(gd.records.map((_, i) => i));
  return lineChart(
    [
      { name: "L(w_t) measured", x: idx.map((i) => gd.records[i].step), y: idx.map((i) => gd.records[i].loss) },
      {
        name: "(1 − ημ)^t L(w₀)",
        x: idx.map((i) => gd.records[i].step),
        y: idx.map((i) => gd.bound[i]),
        predicted: true,
      },
    ],
    {
      title: "Gradient descent at η = 1/β converges at least as fast as the PL* bound",
      subtitle: `m = ${gd.width}, P = ${gd.parameterCount}, β = ${fmt(gd.beta)}, μ = ${fmt(gd.mu)}, ημ = ${fmt(gd.eta * gd.mu)}`,
      xLabel: "step t",
      yLabel: "loss",
      yScale: "log",
    },
  );
}

/** ‖w_t − w₀‖ against the step, with the theorem's radius R (log y). */
export function gdDistanceChart(gd: GdExperimentResult): VegaLiteSpec {
  const rec = thin(gd.records);
  return lineChart([{ name: "‖w_t − w₀‖", x: rec.map((r) => r.step), y: rec.map((r) => r.distance) }], {
    title: "The GD path stays in the ball B(w₀, R)",
    subtitle: `R = 2√(2βL(w₀))/μ = ${fmt(gd.R)}; max distance reached ${fmt(gd.maxDistance)}`,
    xLabel: "step t",
    yLabel: "distance from w₀",
    yScale: "log",
    rules: [{ value: gd.R, label: `R = ${fmt(gd.R)}` }],
  });
}

/** Per width: max ‖w_t − w₀‖, the radius R, and the largest relative change of K along GD (log–log). */
export function gdWidthChart(rows: readonly GdWidthRow[]): VegaLiteSpec {
  const x = rows.map((r) => r.width);
  return lineChart(
    [
      { name: "max ‖w_t − w₀‖", x, y: rows.map((r) => r.maxDistance) },
      { name: "radius R", x, y: rows.map((r) => r.R), predicted: true },
      { name: "max rel. change of K", x, y: rows.map((r) => r.maxKernelChange) },
    ],
    {
      title: "Wider networks: the same distance travelled, a kernel that moves less",
      subtitle: "GD at η = 1/β, one run per width; R = 2√(2βL₀)/μ; rel. change = ‖K(w_t) − K(w₀)‖/‖K(w₀)‖",
      xLabel: "width m",
      yLabel: "value",
      xScale: "log",
      yScale: "log",
      points: true,
    },
  );
}

/** SGD loss against epochs for each batch size (log y). */
export function sgdChart(runs: readonly SgdRunSummary[]): VegaLiteSpec {
  return lineChart(
    runs.map((r) => {
      const rec = thin(r.records);
      return { name: `batch ${r.batchSize} (η = ${fmt(r.lr)})`, x: rec.map((q) => q.epoch), y: rec.map((q) => q.loss) };
    }),
    {
      title: "SGD converges exponentially for every batch size",
      subtitle: "full loss L(w_t) against passes over the data",
      xLabel: "epoch",
      yLabel: "loss",
      yScale: "log",
    },
  );
}

/** GD loss of the under- and the over-parameterized network on the same data (log y). */
export function underParamChart(res: UnderParamResult): VegaLiteSpec {
  const s = (name: string, r: UnderParamResult["under"]): Series => {
    const rec = thin(r.records);
    return {
      name: `${name}: P = ${r.parameterCount}`,
      x: rec.map((q) => q.step),
      y: rec.map((q) => q.loss),
    };
  };
  const label = (r: UnderParamResult["under"]) =>
    r.parameterCount < res.n ? "under-parameterized" : r.parameterCount > res.n ? "over-parameterized" : "P = n";
  const P = res.under.parameterCount;
  return lineChart([s(label(res.under), res.under), s(label(res.over), res.over)], {
    title:
      P < res.n
        ? `P = ${P} < n = ${res.n}: λ_min(K) = 0 and the loss stalls`
        : `P = ${P} ≥ n = ${res.n}: the small network is not under-parameterized here`,
    subtitle: `GD at η = 1/β, same data; λ_min(K)/λ_max(K) at w₀: ${fmt(res.under.lambdaMinOverLambdaMax, 2)} (P = ${res.under.parameterCount}) vs ${fmt(res.over.lambdaMinOverLambdaMax, 2)} (P = ${res.over.parameterCount})`,
    xLabel: "step t",
    yLabel: "loss",
    yScale: "log",
  });
}

/** −λ_min(∇²L) at distance δ from a global minimizer (log–log), min and median over random directions. */
export function nonConvexityChart(res: NonConvexResult): VegaLiteSpec {
  const x = res.rows.map((r) => r.delta);
  const first = res.rows[0];
  return lineChart(
    [
      { name: "worst direction", x, y: res.rows.map((r) => -r.lambdaMinHessian) },
      { name: "median direction", x, y: res.rows.map((r) => -r.lambdaMinHessianMedian) },
      {
        name: "∝ δ",
        x,
        y: x.map((d) => (-first.lambdaMinHessianMedian * d) / first.delta),
        predicted: true,
      },
    ],
    {
      title: "Negative curvature arbitrarily close to a global minimizer",
      subtitle: `P = ${res.parameterCount}, n = ${res.n}; at w* + δv the Hessian of L has an eigenvalue < 0`,
      xLabel: "distance δ from the minimizer w*",
      yLabel: "−λ_min(∇²L(w* + δv))",
      xScale: "log",
      yScale: "log",
      points: true,
    },
  );
}
