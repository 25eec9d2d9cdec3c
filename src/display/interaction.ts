/**
 * Interaction as data: one pure function that adds Vega-Lite tooltips, zoom/pan and legend toggles to a chart spec.
 * The chart builders apply it by default; `show` and the report exporter apply it to every chart (hand-written specs
 * included). It adds nothing that draws, so a chart's static SVG looks as before; only a live Vega view responds.
 */
import type { VegaLiteSpec } from "./spec.js";

/** Name of the interval selection bound to the scales (drag to pan, wheel to zoom, double-click to reset). */
export const ZOOM_PARAM = "zoom";
/** Name of the point selection bound to the legend (click an entry to highlight its series, shift-click for more). */
export const LEGEND_PARAM = "legendPick";

/** Which interactions {@link withInteraction} adds (each on by default). */
export interface InteractionOptions {
  /** Tooltips with the encoded values (lines get transparent points to hover). */
  tooltip?: boolean;
  /** Zoom and pan on continuous x and y axes. */
  zoom?: boolean;
  /** Legend entries that highlight their series when clicked. */
  legend?: boolean;
}

type Obj = Record<string, unknown>;
type Unit = Obj & { mark?: unknown; encoding?: Record<string, Obj | undefined>; params?: Obj[]; layer?: Unit[] };

const COMPOSITE = ["hconcat", "vconcat", "concat"] as const;
const PATHS = new Set(["line", "trail", "area"]);
const CONTINUOUS = new Set(["quantitative", "temporal"]);

function isObj(x: unknown): x is Obj {
  return x !== null && typeof x === "object" && !Array.isArray(x);
}

function markDef(mark: unknown): Obj | undefined {
  if (typeof mark === "string") return { type: mark };
  return isObj(mark) && typeof mark.type === "string" ? { ...mark } : undefined;
}

/** Copies a view and, recursively, its layers and concatenated views (data arrays are shared, not copied). */
function copyView(v: unknown): unknown {
  if (!isObj(v)) return v;
  const out: Obj = { ...v };
  if (Array.isArray(v.layer)) out.layer = v.layer.map(copyView);
  for (const k of COMPOSITE) if (Array.isArray(v[k])) out[k] = (v[k] as unknown[]).map(copyView);
  if (isObj(v.spec)) out.spec = copyView(v.spec);
  if (isObj(v.encoding)) out.encoding = { ...v.encoding };
  if (Array.isArray(v.params)) out.params = v.params.map((p) => (isObj(p) ? { ...p } : p));
  return out;
}

/** Every unit view (a view with a mark) under `v`, in drawing order. */
function units(v: unknown, out: Unit[] = []): Unit[] {
  if (!isObj(v)) return out;
  if (v.mark !== undefined) out.push(v as Unit);
  if (Array.isArray(v.layer)) for (const l of v.layer) units(l, out);
  for (const k of COMPOSITE) if (Array.isArray(v[k])) for (const c of v[k] as unknown[]) units(c, out);
  if (isObj(v.spec)) units(v.spec, out);
  return out;
}

/** Every param name declared anywhere in the spec. */
function paramNames(v: unknown, out = new Set<string>()): Set<string> {
  if (!isObj(v)) return out;
  if (Array.isArray(v.params)) for (const p of v.params) if (isObj(p) && typeof p.name === "string") out.add(p.name);
  if (Array.isArray(v.layer)) for (const l of v.layer) paramNames(l, out);
  for (const k of COMPOSITE) if (Array.isArray(v[k])) for (const c of v[k] as unknown[]) paramNames(c, out);
  if (isObj(v.spec)) paramNames(v.spec, out);
  return out;
}

/** Channels whose fields a tooltip lists, in this order (not `order` or `detail`: they only sort and group). */
const TOOLTIP_CHANNELS = ["x", "x2", "y", "y2", "theta", "radius", "color", "fill", "stroke", "size", "shape", "text"];
const FIELD_PROPS = ["field", "type", "title", "aggregate", "bin", "timeUnit", "format", "formatType"];

/** The tooltip of a view: each encoded field once, with its channel's title and format. */
function tooltipFields(encoding: Record<string, Obj | undefined>): Obj[] {
  const out: Obj[] = [];
  const seen = new Set<string>();
  for (const ch of TOOLTIP_CHANNELS) {
    const def = encoding[ch];
    if (!isObj(def) || typeof def.field !== "string" || seen.has(def.field)) continue;
    seen.add(def.field);
    const tip: Obj = {};
    for (const k of FIELD_PROPS) if (def[k] !== undefined && def[k] !== null) tip[k] = def[k];
    // x2/y2 share their primary channel's type; a secondary field is untitled unless it says otherwise
    if (tip.type === undefined) tip.type = (encoding[ch.slice(0, 1)] as Obj | undefined)?.type ?? "quantitative";
    if (isObj(def.axis) && typeof def.axis.format === "string" && tip.format === undefined)
      tip.format = def.axis.format;
    out.push(tip);
  }
  return out;
}

function addTooltip(u: Unit): void {
  const mark = markDef(u.mark);
  // text marks too: a label drawn over a mark (a heatmap's value) would otherwise swallow the hover
  if (!mark) return;
  if (mark.tooltip === undefined && u.encoding?.tooltip === undefined) {
    const fields = tooltipFields(u.encoding ?? {});
    if (fields.length) u.encoding = { ...u.encoding, tooltip: fields as unknown as Obj };
    else mark.tooltip = true;
  }
  if (mark.tooltip === false || mark.tooltip === null) return;
  // a line's own tooltip would show its first point wherever it is hovered: hover transparent points instead
  if (PATHS.has(mark.type as string) && mark.point === undefined) mark.point = "transparent";
  u.mark = mark;
}

/**
 * Transparent points turn a line's legend symbol into a circle (a legend shows circles as soon as one of the views
 * colouring by its field draws points). Where every such view draws lines, keep the stroke symbol the legend had
 * (`legend.symbolType: "stroke"`); a legend already shared with points keeps its circles.
 */
function keepStrokeLegends(all: Unit[], types: (string | undefined)[]): void {
  const byField = new Map<string, number[]>();
  all.forEach((u, k) => {
    const c = u.encoding?.color;
    if (isObj(c) && typeof c.field === "string") byField.set(c.field, [...(byField.get(c.field) ?? []), k]);
  });
  for (const ks of byField.values()) {
    if (!ks.every((k) => PATHS.has(types[k] ?? ""))) continue;
    for (const k of ks.filter((j) => markDef(all[j].mark)?.point === "transparent")) {
      const u = all[k];
      const color = u.encoding!.color as Obj;
      if (color.legend === null || (isObj(color.legend) && "symbolType" in color.legend)) continue;
      u.encoding = {
        ...u.encoding,
        color: { ...color, legend: { ...(isObj(color.legend) ? color.legend : {}), symbolType: "stroke" } },
      };
    }
  }
}

/** A point selection on the first nominal colour legend of these views; the other series fade when one is picked. */
function addLegendToggle(layers: Unit[]): void {
  const hasLegend = (u: Unit) => {
    const c = u.encoding?.color;
    // nothing to toggle in a legend of one entry (a colour domain given with fewer than two names)
    const domain = isObj(c) && isObj(c.scale) ? c.scale.domain : undefined;
    if (Array.isArray(domain) && domain.length < 2) return false;
    return isObj(c) && typeof c.field === "string" && c.type === "nominal" && c.legend !== null;
  };
  const host = layers.find(hasLegend);
  if (!host) return;
  const field = (host.encoding!.color as Obj).field as string;
  host.params = [
    ...(host.params ?? []),
    { name: LEGEND_PARAM, select: { type: "point", fields: [field] }, bind: "legend" },
  ];
  for (const u of layers) {
    const c = u.encoding?.color;
    if (!isObj(c) || c.field !== field) continue;
    const mark = markDef(u.mark);
    // lines fade their stroke only: an `opacity` encoding would also show their transparent points
    const channel =
      mark?.type === "area" ? "fillOpacity" : PATHS.has(mark?.type as string) ? "strokeOpacity" : "opacity";
    if (u.encoding![channel] !== undefined) continue;
    const base =
      typeof mark?.[channel] === "number" ? mark[channel] : typeof mark?.opacity === "number" ? mark.opacity : 1;
    u.encoding = { ...u.encoding, [channel]: { condition: { param: LEGEND_PARAM, value: base }, value: 0.15 } };
  }
}

function continuous(enc: Obj | undefined): boolean {
  return isObj(enc) && typeof enc.field === "string" && CONTINUOUS.has(enc.type as string);
}

/**
 * Adds interaction to a Vega-Lite spec and returns the new spec (the input is not changed; data arrays are shared):
 *
 * - tooltips: every mark shows its encoded fields on hover (`encoding.tooltip`, each field once with its title and
 *   format); lines, areas and trails get transparent points (`point: "transparent"`) so the hovered point is read;
 * - zoom/pan: an interval selection bound to the scales (`params: [{ name: "zoom", select: "interval", bind:
 *   "scales" }]`) on the first view whose x and y are both quantitative or temporal fields (else along the one
 *   continuous axis of the first view that has one) — in a facet, on its panel
 *   (all panels zoom together); in a concatenation, on each view (`zoom`, `zoom_2`, …);
 * - legend toggles: a point selection on the colour field bound to the legend, which fades the other series (not in
 *   concatenations, whose views share one legend).
 *
 * A repeated spec gets tooltips only. A spec that already declares a param of the same name keeps its own. Applying
 * it twice gives the same spec as applying it once.
 *
 * @param spec - a Vega-Lite spec (a chart builder's output or any hand-written single, layered or concatenated view).
 * @param options - which interactions to add (all by default).
 * @returns the interactive spec.
 * @throws Error starting with `spec:` when `spec` is not an object.
 */
export function withInteraction(spec: VegaLiteSpec, options: InteractionOptions = {}): VegaLiteSpec {
  if (!isObj(spec))
    throw new Error(`spec: expected a Vega-Lite spec object, got ${Array.isArray(spec) ? "an array" : typeof spec}`);
  const out = copyView(spec) as VegaLiteSpec;
  const all = units(out);
  if (options.tooltip !== false) {
    const before = all.map((u) => markDef(u.mark)?.type as string | undefined);
    for (const u of all) addTooltip(u);
    keepStrokeLegends(all, before);
  }
  // zoom and legend toggles on a single or layered view, on the panel of a facet (its scales are shared), and on
  // each view of a concatenation (one zoom each; no legend toggle: their legend is shared)
  const names = paramNames(out);
  const top = out as Unit;
  const simple = (v: unknown): v is Unit =>
    isObj(v) &&
    (v.mark !== undefined || Array.isArray(v.layer)) &&
    !COMPOSITE.some((k) => k in v) &&
    !("facet" in v) &&
    !("repeat" in v);
  const decorate = (view: Unit, zoomName: string, legend: boolean) => {
    const layers = units(view);
    if (options.zoom !== false && !names.has(zoomName)) {
      const host = layers.find((u) => continuous(u.encoding?.x) && continuous(u.encoding?.y));
      // one continuous axis (e.g. values against categories): zoom along it alone
      const half = host ? undefined : layers.find((u) => continuous(u.encoding?.x) || continuous(u.encoding?.y));
      if (host) host.params = [...(host.params ?? []), { name: zoomName, select: "interval", bind: "scales" }];
      else if (half) {
        const along = continuous(half.encoding?.x) ? "x" : "y";
        const select = { type: "interval", encodings: [along] };
        half.params = [...(half.params ?? []), { name: zoomName, select, bind: "scales" }];
      }
    }
    if (legend && options.legend !== false && !names.has(LEGEND_PARAM)) addLegendToggle(layers);
  };
  if (simple(top)) decorate(top, ZOOM_PARAM, true);
  else if ("facet" in out && simple(out.spec)) decorate(out.spec, ZOOM_PARAM, true);
  else {
    let k = 0;
    for (const key of COMPOSITE) {
      if (!Array.isArray(top[key])) continue;
      for (const child of top[key] as unknown[]) {
        if (simple(child)) decorate(child, k === 0 ? ZOOM_PARAM : `${ZOOM_PARAM}_${k + 1}`, false);
        k++;
      }
    }
  }
  return out;
}
