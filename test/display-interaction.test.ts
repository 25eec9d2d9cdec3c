import { describe, expect, it } from "vitest";
import {
  LEGEND_PARAM,
  ZOOM_PARAM,
  heatmap,
  lineChart,
  renderSvg,
  withInteraction,
  type VegaLiteSpec,
} from "../src/display/index.js";

type View = {
  mark: { type: string; tooltip?: boolean; point?: unknown };
  params?: { name: string; bind?: unknown }[];
  encoding: Record<string, unknown>;
};

const twoSeries = () =>
  lineChart(
    [
      { name: "a", x: [1, 2, 3], y: [1, 4, 9] },
      { name: "b", x: [1, 2, 3], y: [1, 2, 3] },
    ],
    { xLabel: "x", yLabel: "y" },
  );

describe("withInteraction (tooltips, zoom/pan and legend toggles as data)", () => {
  it("a two-series line chart gets tooltips on transparent points, a zoom bound to the scales and a legend toggle", () => {
    const spec = twoSeries() as unknown as View;
    // each field once, with its axis title (the `order` channel repeats x and is left out)
    expect(spec.encoding.tooltip).toEqual([
      { field: "x", type: "quantitative", title: "x" },
      { field: "y", type: "quantitative", title: "y" },
      { field: "series", type: "nominal" },
    ]);
    expect(spec.mark.point).toBe("transparent");
    expect(spec.params).toEqual([
      { name: ZOOM_PARAM, select: "interval", bind: "scales" },
      { name: LEGEND_PARAM, select: { type: "point", fields: ["series"] }, bind: "legend" },
    ]);
    expect(spec.encoding.strokeOpacity).toEqual({ condition: { param: LEGEND_PARAM, value: 1 }, value: 0.15 });
    // the transparent points must not turn the legend symbol into a circle
    expect((spec.encoding.color as { legend: { symbolType: string } }).legend.symbolType).toBe("stroke");
  });

  it("applying it again changes nothing, and the input spec is left as it was", () => {
    const plain: VegaLiteSpec = {
      mark: "point",
      data: { values: [{ u: 1, v: 2, k: "p" }] },
      encoding: {
        x: { field: "u", type: "quantitative" },
        y: { field: "v", type: "quantitative" },
        color: { field: "k", type: "nominal" },
      },
    };
    const before = JSON.stringify(plain);
    const once = withInteraction(plain);
    expect(JSON.stringify(plain)).toBe(before);
    expect(withInteraction(once)).toEqual(once);
    expect((once as unknown as View).encoding.opacity).toEqual({
      condition: { param: LEGEND_PARAM, value: 1 },
      value: 0.15,
    });
  });

  it("a heatmap (ordinal axes) gets tooltips on its cells and on the value labels over them, and no zoom", () => {
    const spec = heatmap(
      {
        x: [1, 2],
        y: [1, 2],
        z: [
          [0, 1],
          [1, 0],
        ],
      },
      { showValues: true },
    );
    const layers = (spec as unknown as { layer: View[] }).layer;
    expect(layers[0].encoding.tooltip).toEqual([
      { field: "x", type: "ordinal", title: "x" },
      { field: "y", type: "ordinal", title: "y" },
      { field: "z", type: "quantitative", title: "value" },
    ]);
    // the label sits over the cell's centre: it must answer the hover with the same fields
    expect((layers[1].encoding.tooltip as { field: string }[]).map((t) => t.field)).toEqual(["x", "y", "z"]);
    expect(JSON.stringify(spec)).not.toContain(`"${ZOOM_PARAM}"`);
  });

  it("values against categories zoom along the continuous axis alone", () => {
    const spec = withInteraction({
      mark: "tick",
      encoding: { x: { field: "v", type: "quantitative" }, y: { field: "kind", type: "nominal" } },
    });
    expect((spec as unknown as View).params).toEqual([
      { name: ZOOM_PARAM, select: { type: "interval", encodings: ["x"] }, bind: "scales" },
    ]);
  });

  it("a concatenation gets a zoom per view (zoom, zoom_2) and no legend toggle; a facet's panel gets both", () => {
    const view = (f: string) => ({
      mark: "line",
      encoding: {
        x: { field: f, type: "quantitative" },
        y: { field: "y", type: "quantitative" },
        color: { field: "k", type: "nominal" },
      },
    });
    const concat = withInteraction({ data: { values: [] }, hconcat: [view("a"), view("b")] });
    const views = (concat as unknown as { hconcat: View[] }).hconcat;
    expect(views.map((v) => [(v.encoding.tooltip as { field: string }[]).map((t) => t.field), v.params])).toEqual([
      [["a", "y", "k"], [{ name: ZOOM_PARAM, select: "interval", bind: "scales" }]],
      [["b", "y", "k"], [{ name: `${ZOOM_PARAM}_2`, select: "interval", bind: "scales" }]],
    ]);
    const facet = withInteraction({ data: { values: [] }, facet: { column: { field: "c" } }, spec: view("a") });
    const panel = (facet as unknown as { spec: View }).spec;
    expect(panel.params?.map((p) => p.name)).toEqual([ZOOM_PARAM, LEGEND_PARAM]);
  });

  it("a spec that declares its own `zoom` param keeps it and gets no second one", () => {
    const own = { name: ZOOM_PARAM, select: { type: "interval", encodings: ["x"] }, bind: "scales" };
    const spec = withInteraction({
      mark: "point",
      params: [own],
      encoding: { x: { field: "a", type: "quantitative" }, y: { field: "b", type: "quantitative" } },
    });
    expect((spec as unknown as View).params).toEqual([own]);
  });

  it("the interactive chart renders to SVG with its 2 lines drawn and without the hover points (a picture cannot be hovered)", async () => {
    const svg = await renderSvg(twoSeries());
    expect(svg.match(/<path[^>]*aria-roledescription="line mark"/g)?.length).toBe(2);
    expect(svg).not.toMatch(/aria-roledescription="point"/);
  });

  it("bad input: the error names `spec`, what was expected and what came", () => {
    expect(() => withInteraction([] as unknown as VegaLiteSpec)).toThrow(
      /^spec: expected a Vega-Lite spec object, got an array$/,
    );
    expect(() => withInteraction(null as unknown as VegaLiteSpec)).toThrow(/^spec: .* got object$/);
  });
});
