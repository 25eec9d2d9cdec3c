/**
 * Explorable figures: a chart the reader drives with a slider over a parameter of a theorem, every value of which was
 * computed in the run. Charts as data: the slider is a Vega-Lite param bound to a range input, and the curves of all
 * values are in the spec; moving the slider only filters them (no computation in the browser).
 */
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.js";
import { withInteraction } from "./interaction.js";
import { toMimeBundle } from "./show.js";
import type { AxisScale, ChartOptions, RuleLine, Series } from "./charts.js";

/** One curve of an explorable figure: the parameter value it belongs to and its points, in drawing order. */
export interface SliderCurve {
  /** The parameter's value (e.g. a width m = 4096, an initialization scale 0.05). */
  value: number;
  /** x coordinates, in the order the curve is drawn (a trajectory need not be sorted by x). */
  x: ArrayLike<number>;
  /** y coordinates, same length as x. */
  y: ArrayLike<number>;
  /** Lines of text shown in the figure while this value is selected (measured numbers for this value). */
  readout?: string[];
}

/** The parameter a slider moves over: its values are `base^exponent` for evenly spaced exponents. */
export interface SliderParameter {
  /** Param name in the spec (a JavaScript identifier, e.g. `log2m`). */
  name: string;
  /** Label next to the slider, e.g. "log₂ width m". */
  label: string;
  /** The slider moves over log_base(value): 2, 10, or 1 for the values themselves (default 10). */
  base?: number;
  /** The parameter's symbol in the readout's first line (default "value"): "m" reads "m = 4096". */
  symbol?: string;
  /** Text of the selected value in the readout's first line instead, e.g. (v) => `m = ${v}`. */
  format?: (value: number) => string;
  /** The value selected when the figure opens (default the first curve's). */
  initial?: number;
}

/** Options of {@link sliderLineChart}. */
export interface SliderLineChartOptions extends Omit<ChartOptions, "title" | "rules"> {
  /** The parameter the slider moves over. */
  parameter: SliderParameter;
  /** What the reader should look for when moving the slider (a sentence; shown under the figure in reports). */
  hint: string;
  /** Title (required: the index links the figure by it). */
  title: string;
  /** Legend name of the selected curve (default "selected"). */
  curveName?: string;
  /** Curves drawn whatever the slider says (a limit, a prediction): dashed when `predicted`. */
  references?: readonly Series[];
  /** Single points drawn whatever the slider says (e.g. the minimizer a trajectory should reach). */
  markers?: readonly { name: string; x: number; y: number }[];
  /** Reference lines. */
  rules?: readonly RuleLine[];
  /** Draw the other values' curves faintly behind the selected one (default true). */
  ghosts?: boolean;
  /** Mark the selected curve's last point (where a trajectory ends). */
  endpoint?: boolean;
  /** Draw a dot at each point of the selected curve. */
  points?: boolean;
}

const PALETTE = ["#4c78a8", "#f58518", "#54a24b", "#e45756", "#72b7b2", "#b279a2", "#9d755d", "#bab0ac"];
const THEME = {
  font: "DejaVu Sans, Helvetica, Arial, sans-serif",
  view: { stroke: "#ddd" },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", gridColor: "#eee" },
  legend: { labelFontSize: 11, titleFontSize: 11, titleFontWeight: "normal", labelLimit: 300, orient: "bottom" },
  title: { fontSize: 14, fontWeight: "bold", anchor: "start", subtitleFontSize: 11, subtitleColor: "#555" },
};

function isNumbers(a: unknown): a is ArrayLike<number> {
  return (
    (Array.isArray(a) || (ArrayBuffer.isView(a) && !(a instanceof DataView))) &&
    Array.prototype.every.call(a, (v: unknown) => typeof v === "number")
  );
}

/** A curve's coordinate to 8 significant digits (finer than any screen; keeps the embedded data small). */
function round(v: number): number {
  return Number(v.toPrecision(8));
}

/** Rounds an exponent so that grid values compare exactly in the spec (12 significant digits). */
function clean(v: number): number {
  return Number(v.toPrecision(12));
}

/**
 * The slider's grid: log_base of each value, checked to be evenly spaced (a range input has one step).
 *
 * @param values - the parameter values (distinct, positive for base ≠ 1, in any order).
 * @param base - 2, 10 (logarithmic grid) or 1 (the values themselves).
 * @param name - the argument's name for errors.
 * @returns { exponents (one per value, in the given order), min, max, step }
 * @throws Error naming `name` when the values are not an evenly spaced grid of at least 2 values.
 */
export function sliderGrid(
  values: readonly number[],
  base: number,
  name: string,
): { exponents: number[]; min: number; max: number; step: number } {
  if (base !== 1 && !(base > 1)) throw new Error(`${name}: expected base 1, 2 or 10, got ${String(base)}`);
  if (values.length < 2 || values.some((v) => !Number.isFinite(v) || (base !== 1 && v <= 0))) {
    throw new Error(
      `${name}: expected at least 2 finite${base === 1 ? "" : " positive"} values, got [${values.join(", ")}]`,
    );
  }
  const exponents = values.map((v) => clean(base === 1 ? v : Math.log(v) / Math.log(base)));
  const sorted = [...exponents].sort((a, b) => a - b);
  const step = clean(sorted[1] - sorted[0]);
  for (let k = 1; k < sorted.length; k++) {
    const d = sorted[k] - sorted[k - 1];
    if (!(d > 0) || Math.abs(d - step) > 1e-6 * Math.max(1, Math.abs(step))) {
      throw new Error(
        `${name}: expected values evenly spaced in log${base === 1 ? " (none)" : `_${base}`} (a slider has one step), got exponents [${sorted.join(", ")}]`,
      );
    }
  }
  return { exponents, min: sorted[0], max: sorted[sorted.length - 1], step };
}

/**
 * Marks a spec as an explorable figure (`usermeta.explorable = { title, hint }`: reports give it an anchor, a caption
 * and a link from the index) and gives it the display protocol, so it shows itself as a chart in Jupyter.
 */
export function explorable(spec: VegaLiteSpec, meta: { title: string; hint: string }): VegaLiteSpec {
  const out: VegaLiteSpec = {
    ...spec,
    usermeta: { ...((spec.usermeta as object) ?? {}), explorable: { title: meta.title, hint: meta.hint } },
  };
  Object.defineProperty(out, Symbol.for("Jupyter.display"), {
    value: () => toMimeBundle({ ...out }),
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return out;
}

function axis(field: string, title: string | undefined, scale: AxisScale | undefined): Record<string, unknown> {
  return {
    field,
    type: "quantitative",
    title: title ?? field,
    // padding: room for the labels of reference lines at the plot's edges
    scale: scale === "log" ? { type: "log", nice: false, padding: 12 } : { zero: false, nice: true, padding: 12 },
    ...(scale === "log" ? { axis: { format: "~g" } } : {}),
  };
}

/**
 * An explorable line chart: one curve per parameter value, all computed beforehand; a slider (a Vega-Lite param bound
 * to a range input over log_base of the value) picks the curve drawn in colour, the others stay faint behind it, and
 * the selected value's readout lines are printed in the plot. References (a limit, a prediction), markers and rules
 * are drawn whatever the slider says.
 *
 * @param curves - one per parameter value (at least 2, values evenly spaced in log_base).
 * @param options - the parameter, the hint for the reader, titles, axes, references, markers, rules.
 * @returns a Vega-Lite v5 spec (`usermeta.explorable` set); pass it to `show`.
 * @throws Error naming `curves[i]` or the option when the input is malformed.
 */
export function sliderLineChart(curves: readonly SliderCurve[], options: SliderLineChartOptions): VegaLiteSpec {
  if (!Array.isArray(curves) || curves.length < 2) {
    throw new Error(
      `curves: expected at least 2 curves (one per parameter value), got ${Array.isArray(curves) ? curves.length : typeof curves}`,
    );
  }
  const p = options?.parameter;
  if (!p || typeof p.name !== "string" || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) {
    throw new Error(
      `options.parameter.name: expected an identifier (letters, digits, _), got ${JSON.stringify(p?.name)}`,
    );
  }
  if (typeof options.hint !== "string" || options.hint.trim() === "") {
    throw new Error("options.hint: expected a sentence telling the reader what to look for");
  }
  const base = p.base ?? 10;
  curves.forEach((c, i) => {
    if (!isNumbers(c?.x) || !isNumbers(c?.y) || c.x.length !== c.y.length || c.x.length === 0) {
      throw new Error(`curves[${i}]: expected { value, x, y } with x and y non-empty number arrays of equal length`);
    }
  });
  const grid = sliderGrid(
    curves.map((c) => c.value),
    base,
    "curves[i].value",
  );
  const format =
    p.format ?? ((v: number) => `${p.symbol ?? "value"} = ${Number.isInteger(v) ? v : Number(v.toPrecision(4))}`);
  const keepX = (v: number) => Number.isFinite(v) && (options.xScale !== "log" || v > 0);
  const keepY = (v: number) => Number.isFinite(v) && (options.yScale !== "log" || v > 0);
  const rows: { s: number; i: number; x: number; y: number; last?: true }[] = [];
  const readouts: { s: number; line: number; text: string }[] = [];
  curves.forEach((c, k) => {
    const s = grid.exponents[k];
    let last = -1;
    for (let i = 0; i < c.x.length; i++) {
      if (keepX(c.x[i]) && keepY(c.y[i])) {
        rows.push({ s, i, x: round(c.x[i]), y: round(c.y[i]) });
        last = rows.length - 1;
      }
    }
    if (last >= 0) rows[last].last = true;
    [format(c.value), ...(c.readout ?? [])].forEach((text, line) => readouts.push({ s, line, text }));
  });
  const initial = p.initial !== undefined ? grid.exponents[curves.findIndex((c) => c.value === p.initial)] : undefined;
  if (p.initial !== undefined && initial === undefined) {
    throw new Error(`options.parameter.initial: expected one of the curves' values, got ${String(p.initial)}`);
  }
  const param = {
    name: p.name,
    value: initial ?? grid.exponents[0],
    bind: { input: "range", min: grid.min, max: grid.max, step: grid.step, name: `${p.label} ` },
  };
  const selected = `abs(datum.s - ${p.name}) < ${clean(grid.step / 2)}`;
  const xEnc = axis("x", options.xLabel, options.xScale);
  const yEnc = axis("y", options.yLabel, options.yScale);
  const tooltip = [
    { field: "x", type: "quantitative", title: options.xLabel ?? "x" },
    { field: "y", type: "quantitative", title: options.yLabel ?? "y" },
  ];
  const curveTooltip = [...tooltip, { field: "s", type: "quantitative", title: p.label }];
  const curveName = options.curveName ?? "selected";
  const refs = options.references ?? [];
  const markers = options.markers ?? [];
  const names = [curveName, ...refs.map((r) => r.name), ...markers.map((m) => m.name)];
  if (new Set(names).size !== names.length) {
    throw new Error(`options.references: expected names different from each other and from "${curveName}"`);
  }
  const color = {
    field: "series",
    type: "nominal",
    title: null,
    legend: { symbolType: "stroke", symbolStrokeWidth: 2.5 },
    scale: { domain: names, range: names.map((_, k) => PALETTE[k % PALETTE.length]) },
  };
  const layers: object[] = [];
  if (options.ghosts !== false) {
    layers.push({
      data: { name: "curves" },
      // context only: no tooltip (nor hover points) on the faint curves
      mark: { type: "line", color: "#999", strokeWidth: 1, opacity: 0.3, clip: true, tooltip: false },
      encoding: {
        x: xEnc,
        y: yEnc,
        detail: { field: "s", type: "ordinal" },
        order: { field: "i", type: "quantitative" },
      },
    });
  }
  refs.forEach((r, k) => {
    if (!isNumbers(r?.x) || !isNumbers(r?.y) || r.x.length !== r.y.length) {
      throw new Error(`options.references[${k}]: expected { name, x, y } with number arrays of equal length`);
    }
    const pts: { series: string; i: number; x: number; y: number }[] = [];
    for (let i = 0; i < r.x.length; i++) {
      if (keepX(r.x[i]) && keepY(r.y[i])) pts.push({ series: r.name, i, x: r.x[i], y: r.y[i] });
    }
    layers.push({
      data: { values: pts },
      mark: { type: "line", strokeWidth: 2, clip: true, ...(r.predicted ? { strokeDash: [6, 4] } : {}) },
      encoding: {
        x: xEnc,
        y: yEnc,
        color,
        order: { field: "i", type: "quantitative" },
        tooltip: [{ field: "series", type: "nominal", title: "curve" }, ...tooltip],
      },
    });
  });
  layers.push({
    data: { name: "curves" },
    transform: [{ filter: selected }, { calculate: `'${curveName.replace(/'/g, "\\'")}'`, as: "series" }],
    mark: { type: "line", strokeWidth: 2.5, clip: true, ...(options.points ? { point: { size: 30 } } : {}) },
    encoding: { x: xEnc, y: yEnc, color, order: { field: "i", type: "quantitative" }, tooltip: curveTooltip },
  });
  if (options.endpoint) {
    layers.push({
      data: { name: "curves" },
      transform: [
        { filter: `${selected} && datum.last` },
        { calculate: `'${curveName.replace(/'/g, "\\'")}'`, as: "series" },
      ],
      mark: { type: "point", filled: true, size: 90, shape: "circle", stroke: "white", strokeWidth: 1 },
      encoding: { x: xEnc, y: yEnc, color },
    });
  }
  if (markers.length) {
    layers.push({
      data: { values: markers.map((m) => ({ series: m.name, x: m.x, y: m.y })) },
      mark: { type: "point", shape: "diamond", filled: true, size: 140, stroke: "black", strokeWidth: 1 },
      encoding: { x: xEnc, y: yEnc, color },
    });
  }
  for (const r of options.rules ?? []) {
    const onX = r.axis === "x";
    layers.push({
      data: { values: [{ v: r.value, label: r.label ?? "" }] },
      mark: { type: "rule", color: "#333", strokeDash: [6, 4], strokeWidth: 1.2 },
      encoding: { [onX ? "x" : "y"]: { ...(onX ? xEnc : yEnc), field: "v" } },
    });
    layers.push({
      data: { values: [{ v: r.value, label: r.label ?? "" }] },
      mark: onX
        ? { type: "text", align: "left", baseline: "top", dx: 4, dy: 4, fontSize: 11, color: "#333" }
        : { type: "text", align: "right", baseline: "bottom", dx: -4, dy: -3, fontSize: 11, color: "#333" },
      encoding: onX
        ? { x: { ...xEnc, field: "v" }, y: { value: 0 }, text: { field: "label" } }
        : { y: { ...yEnc, field: "v" }, x: { value: "width" }, text: { field: "label" } },
    });
  }
  // the selected value's readout, right of the plot (never over a curve), one line every 16 px (pixels: no scale);
  // not clipped to the plot, which the zoom would otherwise do
  const width = options.width ?? 480;
  layers.push({
    data: { name: "readouts" },
    transform: [{ filter: selected }, { calculate: "4 + 16 * datum.line", as: "py" }],
    mark: { type: "text", align: "left", baseline: "top", fontSize: 12, color: "#1f2328", clip: false, tooltip: false },
    encoding: {
      x: { value: width + 14 },
      y: { field: "py", type: "quantitative", scale: null },
      text: { field: "text" },
      fontWeight: { condition: { test: "datum.line === 0", value: "bold" }, value: "normal" },
    },
  });
  const spec: VegaLiteSpec = {
    $schema: VEGA_LITE_SCHEMA,
    width,
    height: options.height ?? 300,
    config: THEME,
    title: options.subtitle ? { text: options.title, subtitle: options.subtitle } : options.title,
    description: `explorable "${options.title}": ${curves.length} curves, slider ${p.label} from ${grid.min} to ${grid.max} step ${grid.step}`,
    params: [param],
    // the curves once, shared by the faint, the selected and the endpoint layers
    datasets: { curves: rows, readouts },
    layer: layers,
  };
  return explorable(withInteraction(spec), { title: options.title, hint: options.hint });
}
