/**
 * Chart builders: plain functions from numbers to Vega-Lite v5 specs (data, not pictures). Every builder embeds its
 * data inline, sorts nothing it was not asked to, and uses a fixed theme, so the same input gives the same spec
 * and the same SVG (the snapshot tests rely on this).
 */
import { linearFit, type LineFit } from "../core/stats.js";
import { withInteraction } from "./interaction.js";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.js";

export { VEGA_LITE_SCHEMA };
import { toMimeBundle } from "./show.js";

/**
 * Gives a spec the display protocol (`[Symbol.for("Jupyter.display")]`, non-enumerable, so JSON, snapshots and
 * spreads ignore it): a chart that is a cell's last expression shows itself as a chart.
 */
function displayable(spec: VegaLiteSpec): VegaLiteSpec {
  Object.defineProperty(spec, Symbol.for("Jupyter.display"), {
    value: () => toMimeBundle({ ...spec }),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return spec;
}

/** Axis scale: `linear` or `log` (base 10). */
export type AxisScale = "linear" | "log";

/** Options shared by every chart builder. */
export interface ChartOptions {
  /** Title above the chart. */
  title?: string;
  /** A smaller line under the title (conventions, parameters). */
  subtitle?: string;
  /** Axis titles. */
  xLabel?: string;
  yLabel?: string;
  /** Axis scales (default linear). Points ≤ 0 are dropped on a log axis. */
  xScale?: AxisScale;
  yScale?: AxisScale;
  /** Plot size in pixels (default 420 × 260). */
  width?: number;
  height?: number;
  /** Horizontal or vertical reference lines (predicted values) drawn over the data. */
  rules?: readonly RuleLine[];
}

/** A horizontal (`axis: "y"`, the default) or vertical (`axis: "x"`) reference line, e.g. a predicted value. */
export interface RuleLine {
  /** Where the line is, in data units of that axis. */
  value: number;
  /** Which axis the value is on: `y` draws a horizontal line, `x` a vertical one. Default `y`. */
  axis?: "x" | "y";
  /** A short label drawn next to the line, e.g. "predicted λ_min = 0.31". */
  label?: string;
}

/** One named line of a line chart. */
export interface Series {
  /** Legend entry. */
  name: string;
  /** x coordinates (same length as `y`). */
  x: ArrayLike<number>;
  /** y coordinates. */
  y: ArrayLike<number>;
  /** Draw dashed: a prediction rather than a measurement. */
  predicted?: boolean;
}

/** The charts' shared Vega-Lite theme (fonts, axes, legends, titles, category colours); tutorials' charts use it. */
export const THEME = {
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", labelLimit: 260 },
  title: { fontSize: 14, fontWeight: "bold", anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
  range: { category: ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d", "#bab0ac"] },
};

const RULE_COLOR = "#333";

function isNumberArrayLike(a: unknown): a is ArrayLike<number> {
  return (
    (Array.isArray(a) || ArrayBuffer.isView(a)) &&
    !(a instanceof DataView) &&
    Array.prototype.every.call(a, (v: unknown) => typeof v === "number")
  );
}

function checkScale(name: string, s: unknown): AxisScale {
  if (s === undefined) return "linear";
  if (s === "linear" || s === "log") return s;
  throw new Error(`${name}: expected "linear" or "log", got ${JSON.stringify(s)}`);
}

function checkSize(name: string, v: unknown, dflt: number): number {
  if (v === undefined) return dflt;
  if (typeof v !== "number" || !Number.isFinite(v) || v < 20 || v > 4000) {
    throw new Error(`${name}: expected a size in pixels between 20 and 4000, got ${String(v)}`);
  }
  return Math.round(v);
}

/** Keeps a point only if it is finite and, on a log axis, positive. */
function keep(v: number, scale: AxisScale): boolean {
  return Number.isFinite(v) && (scale !== "log" || v > 0);
}

function axisEncoding(field: string, label: string | undefined, scale: AxisScale, extra: object = {}): object {
  return {
    field,
    type: "quantitative",
    title: label ?? field,
    scale: scale === "log" ? { type: "log", nice: false } : { zero: false, nice: true },
    ...(scale === "log" ? { axis: { format: "~g" } } : {}),
    ...extra,
  };
}

function header(opts: ChartOptions): Record<string, unknown> {
  const out: Record<string, unknown> = {
    $schema: VEGA_LITE_SCHEMA,
    width: checkSize("options.width", opts.width, 420),
    height: checkSize("options.height", opts.height, 260),
    config: THEME,
  };
  if (opts.title !== undefined) {
    out.title = opts.subtitle !== undefined ? { text: opts.title, subtitle: opts.subtitle } : opts.title;
  }
  return out;
}

function checkRules(rules: unknown, xScale: AxisScale, yScale: AxisScale): RuleLine[] {
  if (rules === undefined) return [];
  if (!Array.isArray(rules)) throw new Error("options.rules: expected an array of { value, axis?, label? }");
  return rules.map((r: RuleLine, i) => {
    const axis = r?.axis ?? "y";
    if (axis !== "x" && axis !== "y") throw new Error(`options.rules[${i}].axis: expected "x" or "y"`);
    const scale = axis === "x" ? xScale : yScale;
    if (typeof r.value !== "number" || !keep(r.value, scale)) {
      throw new Error(
        `options.rules[${i}].value: expected a finite number${scale === "log" ? " > 0 (log axis)" : ""}, got ${String(r?.value)}`,
      );
    }
    return { value: r.value, axis, label: r.label ?? "" };
  });
}

/** The layers that draw reference lines and their labels, in the same fields (`x`, `y`) as the data layers. */
function ruleLayers(rules: RuleLine[], xEnc: object, yEnc: object): object[] {
  const layers: object[] = [];
  const ys = rules.filter((r) => r.axis === "y").map((r) => ({ y: r.value, label: r.label }));
  const xs = rules.filter((r) => r.axis === "x").map((r) => ({ x: r.value, label: r.label }));
  if (ys.length) {
    layers.push({
      data: { values: ys },
      mark: { type: "rule", color: RULE_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { y: yEnc },
    });
    layers.push({
      data: { values: ys },
      mark: { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -3, fontSize: 11, color: RULE_COLOR },
      encoding: { y: yEnc, x: { value: "width" }, text: { field: "label" } },
    });
  }
  if (xs.length) {
    layers.push({
      data: { values: xs },
      mark: { type: "rule", color: RULE_COLOR, strokeDash: [6, 4], strokeWidth: 1.5 },
      encoding: { x: xEnc },
    });
    layers.push({
      data: { values: xs },
      mark: { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 11, color: RULE_COLOR },
      encoding: { x: xEnc, y: { value: 0 }, text: { field: "label" } },
    });
  }
  return layers;
}

/** Assembles a builder's spec: one view or layers, with tooltips, zoom and legend toggles ({@link withInteraction}). */
function finish(head: Record<string, unknown>, layers: object[], description: string): VegaLiteSpec {
  const spec: VegaLiteSpec =
    layers.length === 1 ? { ...head, description, ...layers[0] } : { ...head, description, layer: layers };
  return displayable(withInteraction(spec));
}

/**
 * A line chart of one or more named series, with optional log axes and predicted reference lines.
 *
 * @param series - one series or several; each `{ name, x, y, predicted? }` with `x` and `y` of equal length.
 *   Predicted series are drawn dashed.
 * @param options - titles, axis scales (`xScale: "log"`), size, `rules` (predicted values as dashed lines),
 *   `points` (draw a dot at each point).
 * @returns a Vega-Lite v5 spec; pass it to `show`.
 * @throws Error naming `series[i]` when a series is malformed.
 */
export function lineChart(
  series: Series | readonly Series[],
  options: ChartOptions & { points?: boolean; legendTitle?: string } = {},
): VegaLiteSpec {
  const list = (Array.isArray(series) ? series : [series]) as Series[];
  if (list.length === 0) throw new Error("series: expected at least one { name, x, y }");
  const xScale = checkScale("options.xScale", options.xScale);
  const yScale = checkScale("options.yScale", options.yScale);
  const seen = new Set<string>();
  const values: { series: string; x: number; y: number }[] = [];
  list.forEach((s, i) => {
    if (typeof s?.name !== "string" || s.name === "") throw new Error(`series[${i}].name: expected a non-empty string`);
    if (seen.has(s.name)) throw new Error(`series[${i}].name: duplicate name "${s.name}"`);
    seen.add(s.name);
    if (!isNumberArrayLike(s.x)) throw new Error(`series[${i}].x: expected an array of numbers`);
    if (!isNumberArrayLike(s.y) || s.y.length !== s.x.length) {
      throw new Error(`series[${i}].y: expected an array of numbers of the same length as x (${s.x.length})`);
    }
    for (let k = 0; k < s.x.length; k++) {
      const x = s.x[k];
      const y = s.y[k];
      if (keep(x, xScale) && keep(y, yScale)) values.push({ series: s.name, x, y });
    }
  });
  const rules = checkRules(options.rules, xScale, yScale);
  const xEnc = axisEncoding("x", options.xLabel, xScale);
  const yEnc = axisEncoding("y", options.yLabel, yScale);
  const anyPredicted = list.some((s) => s.predicted);
  const names = list.map((s) => s.name);
  const encoding: Record<string, unknown> = {
    x: xEnc,
    y: yEnc,
    color: {
      field: "series",
      type: "nominal",
      title: options.legendTitle ?? null,
      sort: names,
      scale: { domain: names },
      legend: list.length === 1 && !options.legendTitle ? null : { symbolType: "stroke", symbolStrokeWidth: 2 },
    },
    order: { field: "x", type: "quantitative" },
  };
  if (anyPredicted) {
    // same field as colour: one legend whose symbols show the dashes
    encoding.strokeDash = {
      field: "series",
      type: "nominal",
      title: options.legendTitle ?? null,
      sort: names,
      scale: { domain: names, range: list.map((s) => (s.predicted ? [6, 4] : [1, 0])) },
      legend: list.length === 1 && !options.legendTitle ? null : { symbolType: "stroke", symbolStrokeWidth: 2 },
    };
  }
  const main = {
    data: { values },
    mark: { type: "line", strokeWidth: 2, clip: true, ...(options.points ? { point: { size: 24 } } : {}) },
    encoding,
  };
  const axes = `${xScale === "log" ? "log" : "linear"} x, ${yScale === "log" ? "log" : "linear"} y`;
  const description =
    `line chart${options.title ? ` "${options.title}"` : ""}: ${list.length} series (${list.map((s) => s.name).join(", ")}), ` +
    `${values.length} points, ${axes}` +
    (rules.length ? `, ${rules.length} reference line${rules.length > 1 ? "s" : ""}` : "");
  return finish(header(options), [main, ...ruleLayers(rules, xEnc, yEnc)], description);
}

/**
 * Fits `Y = intercept + slope·X` by least squares, where X and Y are x and y or their log10 on log axes: the
 * exponent of a power law on log–log axes, a rate on semi-log axes (the library's one least-squares fit,
 * {@link linearFit}, in the chart's coordinates).
 *
 * @param x - x coordinates.
 * @param y - y coordinates, same length as `x`.
 * @param options - `xScale`/`yScale` (`"log"` fits in log10 coordinates).
 * @throws Error naming `x` or `y` when they are not numbers of equal length, or fewer than 2 usable points remain.
 */
export function fitLine(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: { xScale?: AxisScale; yScale?: AxisScale } = {},
): LineFit {
  if (!isNumberArrayLike(x)) throw new Error("x: expected an array of numbers");
  if (!isNumberArrayLike(y) || y.length !== x.length) {
    throw new Error(`y: expected an array of numbers of the same length as x (${x.length})`);
  }
  const xs = checkScale("options.xScale", options.xScale);
  const ys = checkScale("options.yScale", options.yScale);
  const X: number[] = [];
  const Y: number[] = [];
  for (let i = 0; i < x.length; i++) {
    if (keep(x[i], xs) && keep(y[i], ys)) {
      X.push(xs === "log" ? Math.log10(x[i]) : x[i]);
      Y.push(ys === "log" ? Math.log10(y[i]) : y[i]);
    }
  }
  if (X.length < 2) throw new Error(`x: expected at least 2 usable points for a fit, got ${X.length}`);
  const fit = linearFit(X, Y);
  if (!Number.isFinite(fit.slope)) throw new Error("x: expected at least two distinct x values for a fit");
  return fit;
}

function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  const s = Math.abs(v) >= 1e-3 && Math.abs(v) < 1e5 ? v.toFixed(digits) : v.toExponential(digits - 1);
  return s.replace(/^-/, "−");
}

/**
 * A scatter plot with its least-squares line (in chart coordinates, so a power law on log–log axes) and the fitted
 * slope in the legend; optionally a line of the predicted slope through the data's centre, to compare.
 *
 * @param x - x coordinates.
 * @param y - y coordinates, same length.
 * @param options - titles, scales, size, rules, `predictedSlope` (drawn dashed), `name` of the points' legend entry.
 * @returns a Vega-Lite v5 spec; the fit itself is in `spec.usermeta.fit`.
 * @throws Error naming `x`/`y` on malformed input.
 */
export function scatterWithFit(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: ChartOptions & { predictedSlope?: number; name?: string } = {},
): VegaLiteSpec {
  const xScale = checkScale("options.xScale", options.xScale);
  const yScale = checkScale("options.yScale", options.yScale);
  const fit = fitLine(x, y, { xScale, yScale });
  if (options.predictedSlope !== undefined && !Number.isFinite(options.predictedSlope)) {
    throw new Error(`options.predictedSlope: expected a finite number, got ${String(options.predictedSlope)}`);
  }
  const toX = (v: number) => (xScale === "log" ? Math.log10(v) : v);
  const fromX = (v: number) => (xScale === "log" ? 10 ** v : v);
  const fromY = (v: number) => (yScale === "log" ? 10 ** v : v);
  const points: { series: string; x: number; y: number }[] = [];
  const pointName = options.name ?? "measured";
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < x.length; i++) {
    if (keep(x[i], xScale) && keep(y[i], yScale)) {
      points.push({ series: pointName, x: x[i], y: y[i] });
      lo = Math.min(lo, toX(x[i]));
      hi = Math.max(hi, toX(x[i]));
    }
  }
  const fitName = `fit: slope ${fmt(fit.slope)} (R² ${fit.r2.toFixed(3)})`;
  const lines: { series: string; x: number; y: number }[] = [];
  for (const X of [lo, hi]) lines.push({ series: fitName, x: fromX(X), y: fromY(fit.intercept + fit.slope * X) });
  const names = [pointName, fitName];
  if (options.predictedSlope !== undefined) {
    const predName = `predicted slope ${fmt(options.predictedSlope)}`;
    names.push(predName);
    const mx = (lo + hi) / 2;
    const my = fit.intercept + fit.slope * mx;
    for (const X of [lo, hi]) {
      lines.push({ series: predName, x: fromX(X), y: fromY(my + options.predictedSlope * (X - mx)) });
    }
  }
  const rules = checkRules(options.rules, xScale, yScale);
  const xEnc = axisEncoding("x", options.xLabel, xScale);
  const yEnc = axisEncoding("y", options.yLabel, yScale);
  const color = { field: "series", type: "nominal", title: null, sort: names, scale: { domain: names } };
  const layers: object[] = [
    {
      data: { values: points },
      mark: { type: "point", filled: true, size: 36, opacity: 0.8 },
      encoding: { x: xEnc, y: yEnc, color },
    },
    {
      data: { values: lines.filter((l) => l.series === fitName) },
      mark: { type: "line", strokeWidth: 2, clip: true },
      encoding: { x: xEnc, y: yEnc, color },
    },
    ...(names.length > 2
      ? [
          {
            data: { values: lines.filter((l) => l.series !== fitName) },
            mark: { type: "line", strokeWidth: 2, strokeDash: [6, 4], clip: true },
            encoding: { x: xEnc, y: yEnc, color },
          },
        ]
      : []),
    ...ruleLayers(rules, xEnc, yEnc),
  ];
  const spec = finish(
    header(options),
    layers,
    `scatter${options.title ? ` "${options.title}"` : ""}: ${fit.n} points, fitted slope ${fmt(fit.slope)} (R² ${fit.r2.toFixed(3)})` +
      (options.predictedSlope !== undefined ? `, predicted ${fmt(options.predictedSlope)}` : ""),
  );
  spec.usermeta = { fit };
  return spec;
}

/**
 * Adds predicted values as dashed reference lines (with labels) to a chart made by one of these builders (or any
 * single-view spec whose data fields are `x` and `y`).
 *
 * @param spec - the chart.
 * @param rules - `{ value, axis?: "x" | "y", label? }` each.
 * @returns a new spec; the input is not changed.
 */
export function withRules(spec: VegaLiteSpec, rules: readonly RuleLine[]): VegaLiteSpec {
  if (spec === null || typeof spec !== "object") throw new Error("spec: expected a Vega-Lite spec object");
  const base = spec as Record<string, unknown> & { layer?: Record<string, unknown>[] };
  const first = (base.layer ? base.layer[0] : base) as { encoding?: Record<string, { scale?: { type?: string } }> };
  const enc = first?.encoding ?? {};
  const xScale: AxisScale = enc.x?.scale?.type === "log" ? "log" : "linear";
  const yScale: AxisScale = enc.y?.scale?.type === "log" ? "log" : "linear";
  const checked = checkRules(rules, xScale, yScale).map((r) => r);
  const xEnc = { ...(enc.x ?? { type: "quantitative" }), field: "x" };
  const yEnc = { ...(enc.y ?? { type: "quantitative" }), field: "y" };
  const extra = ruleLayers(checked, xEnc, yEnc);
  const head: Record<string, unknown> = {};
  const layer: object[] = [];
  if (base.layer) {
    Object.assign(head, base);
    layer.push(...base.layer);
  } else {
    const inner: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(base)) {
      if (["data", "mark", "encoding", "transform", "params", "projection"].includes(k)) inner[k] = v;
      else head[k] = v;
    }
    layer.push(inner);
  }
  const description = typeof head.description === "string" ? head.description : "chart";
  return displayable(
    withInteraction({
      ...head,
      description: `${description.replace(/, \d+ reference lines?$/, "")}, ${checked.length} reference line${checked.length === 1 ? "" : "s"}`,
      layer: [...layer, ...extra],
    }),
  );
}

/** A grid of values for {@link heatmap}: `z[i][j]` is the value at row `y[i]`, column `x[j]`. */
export interface Grid {
  /** Column coordinates (length = number of columns). */
  x: ArrayLike<number>;
  /** Row coordinates (length = number of rows). */
  y: ArrayLike<number>;
  /** Values, one row per `y`; non-finite cells are left blank. */
  z: ArrayLike<number>[];
}

/**
 * A heatmap of a grid of values (a phase diagram: e.g. success rate over width × learning rate). Rows and columns are
 * shown in the given order, labelled with their coordinates.
 *
 * @param grid - `{ x, y, z }` with `z.length === y.length` and every row of length `x.length`.
 * @param options - titles, size, `colorLabel`, `colorScale` (`"log"` for values spanning decades), `scheme`
 *   (a Vega colour scheme, default `viridis`), `domain` (fix the colour range, e.g. [0, 1]), `showValues`.
 * @throws Error naming `grid.z` (or the row) when the shapes do not match.
 */
export function heatmap(
  grid: Grid,
  options: Omit<ChartOptions, "xScale" | "yScale" | "rules"> & {
    colorLabel?: string;
    colorScale?: AxisScale;
    scheme?: string;
    domain?: [number, number];
    showValues?: boolean;
  } = {},
): VegaLiteSpec {
  if (!grid || !isNumberArrayLike(grid.x)) throw new Error("grid.x: expected an array of numbers");
  if (!isNumberArrayLike(grid.y)) throw new Error("grid.y: expected an array of numbers");
  if (!Array.isArray(grid.z) || grid.z.length !== grid.y.length) {
    throw new Error(`grid.z: expected ${grid.y.length} rows (one per y value)`);
  }
  const colorScale = checkScale("options.colorScale", options.colorScale);
  const label = (v: number) =>
    Number.isInteger(v) && Math.abs(v) < 1e6 ? String(v) : Number(v.toPrecision(3)).toString();
  const xl = Array.from(grid.x, label);
  const yl = Array.from(grid.y, label);
  const values: { x: string; y: string; z: number }[] = [];
  grid.z.forEach((row, i) => {
    if (!isNumberArrayLike(row) || row.length !== grid.x.length) {
      throw new Error(`grid.z[${i}]: expected ${grid.x.length} numbers (one per x value)`);
    }
    for (let j = 0; j < row.length; j++) if (keep(row[j], colorScale)) values.push({ x: xl[j], y: yl[i], z: row[j] });
  });
  const head = header(options);
  const colorScaleSpec: Record<string, unknown> = { scheme: options.scheme ?? "viridis" };
  if (colorScale === "log") colorScaleSpec.type = "log";
  if (options.domain) colorScaleSpec.domain = options.domain;
  const layers: object[] = [
    {
      data: { values },
      mark: { type: "rect" },
      encoding: {
        x: { field: "x", type: "ordinal", title: options.xLabel ?? "x", sort: uniq(xl), axis: { labelAngle: 0 } },
        y: { field: "y", type: "ordinal", title: options.yLabel ?? "y", sort: uniq(yl).reverse() },
        color: { field: "z", type: "quantitative", title: options.colorLabel ?? "value", scale: colorScaleSpec },
      },
    },
  ];
  if (options.showValues) {
    const zs = values.map((v) => v.z);
    const lo = options.domain?.[0] ?? Math.min(...zs);
    const hi = options.domain?.[1] ?? Math.max(...zs);
    const mid = colorScale === "log" ? Math.sqrt(lo * hi) : (lo + hi) / 2;
    layers.push({
      data: { values },
      mark: { type: "text", fontSize: 10 },
      encoding: {
        color: { condition: { test: `datum.z > ${mid}`, value: "black" }, value: "white" },
        x: { field: "x", type: "ordinal", sort: uniq(xl) },
        y: { field: "y", type: "ordinal", sort: uniq(yl).reverse() },
        text: { field: "z", type: "quantitative", format: ".2~g" },
      },
    });
  }
  return finish(
    head,
    layers,
    `heatmap${options.title ? ` "${options.title}"` : ""}: ${grid.y.length} × ${grid.x.length} cells, colour = ${options.colorLabel ?? "value"}`,
  );
}

function uniq(a: string[]): string[] {
  return [...new Set(a)];
}

/**
 * A histogram (e.g. of a spectrum), binned here so the spec carries counts, not raw samples; optionally normalised
 * to a density and overlaid with a predicted curve (e.g. the Marchenko–Pastur law) and reference lines.
 *
 * @param values - the samples (non-finite ones, and non-positive ones on a log x axis, are dropped).
 * @param options - titles, size, `bins` (default 30), `xScale` (`"log"` gives log-spaced bins), `yScale`,
 *   `density` (normalise to unit area), `curve` ({ name, x, y } drawn as a line), `rules`.
 * @throws Error naming `values` when there is no usable sample, `options.bins` when not a positive integer.
 */
export function histogram(
  values: ArrayLike<number>,
  options: ChartOptions & { bins?: number; density?: boolean; curve?: Series; domain?: [number, number] } = {},
): VegaLiteSpec {
  if (!isNumberArrayLike(values)) throw new Error("values: expected an array of numbers");
  const xScale = checkScale("options.xScale", options.xScale);
  const yScale = checkScale("options.yScale", options.yScale);
  const bins = options.bins ?? 30;
  if (!Number.isInteger(bins) || bins < 1 || bins > 10000) {
    throw new Error(`options.bins: expected an integer from 1 to 10000, got ${String(bins)}`);
  }
  const v = Array.from(values).filter((a) => keep(a, xScale));
  if (v.length === 0) throw new Error("values: expected at least one finite sample");
  let lo = options.domain?.[0] ?? Math.min(...v);
  let hi = options.domain?.[1] ?? Math.max(...v);
  if (!(hi > lo)) {
    const pad = lo === 0 ? 0.5 : Math.abs(lo) * 0.05;
    lo -= xScale === "log" ? 0 : pad;
    hi += pad;
  }
  const t = (a: number) => (xScale === "log" ? Math.log10(a) : a);
  const inv = (a: number) => (xScale === "log" ? 10 ** a : a);
  const tlo = t(lo);
  const thi = t(hi);
  const edges = Array.from({ length: bins + 1 }, (_, k) => inv(tlo + ((thi - tlo) * k) / bins));
  const counts = new Array<number>(bins).fill(0);
  for (const a of v) {
    if (a < lo || a > hi) continue;
    const k = Math.min(bins - 1, Math.floor(((t(a) - tlo) / (thi - tlo)) * bins));
    counts[k]++;
  }
  const rows = counts.map((c, k) => ({
    x: edges[k],
    x2: edges[k + 1],
    y: options.density ? c / (v.length * (edges[k + 1] - edges[k])) : c,
  }));
  const shown = yScale === "log" ? rows.filter((r) => r.y > 0) : rows;
  const xEnc = axisEncoding("x", options.xLabel, xScale);
  const yEnc = axisEncoding("y", options.yLabel ?? (options.density ? "density" : "count"), yScale, {});
  const yBar = yScale === "log" ? yEnc : { ...yEnc, scale: { zero: true, nice: true } };
  const layers: object[] = [
    {
      data: { values: shown },
      mark: { type: "rect", color: THEME.range.category[0], opacity: 0.85, stroke: "white", strokeWidth: 0.5 },
      encoding: { x: xEnc, x2: { field: "x2" }, y: yBar, ...(yScale === "log" ? {} : { y2: { datum: 0 } }) },
    },
  ];
  if (options.curve) {
    const c = options.curve;
    if (!isNumberArrayLike(c.x) || !isNumberArrayLike(c.y) || c.x.length !== c.y.length) {
      throw new Error("options.curve: expected { name, x, y } with x and y arrays of equal length");
    }
    const pts: { series: string; x: number; y: number }[] = [];
    for (let k = 0; k < c.x.length; k++) {
      if (keep(c.x[k], xScale) && keep(c.y[k], yScale)) pts.push({ series: c.name, x: c.x[k], y: c.y[k] });
    }
    layers.push({
      data: { values: pts },
      mark: { type: "line", strokeWidth: 2, clip: true, ...(c.predicted === false ? {} : { strokeDash: [6, 4] }) },
      encoding: {
        x: xEnc,
        y: yBar,
        color: { field: "series", type: "nominal", title: null, scale: { range: [THEME.range.category[1]] } },
      },
    });
  }
  const rules = checkRules(options.rules, xScale, yScale);
  layers.push(...ruleLayers(rules, xEnc, yBar));
  return finish(
    header(options),
    layers,
    `histogram${options.title ? ` "${options.title}"` : ""}: ${v.length} values in ${bins} bins over [${fmt(lo)}, ${fmt(hi)}]` +
      (options.curve ? `, curve "${options.curve.name}"` : ""),
  );
}
