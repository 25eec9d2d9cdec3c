/// <reference lib="dom" />
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  heatmap,
  histogram,
  lineChart,
  renderSvg,
  scatterWithFit,
  sliderLineChart,
  toMimeBundle,
  type VegaLiteSpec,
} from "../src/display/index.js";
import { inspectReport, launchChromium, type PageFacts } from "./support/browser.js";

/**
 * The live charts of a report page, without Jupyter: an executed notebook is assembled from the library's own display
 * bundles, exported by the report's HTML builder, and opened in Debian's Chromium with the network blocked.
 */
const loadHtml = () => import("../scripts/report/html.mjs");
const loadCharts = () => import("../scripts/report/charts.mjs");

const ns = [2, 4, 8, 16, 32, 64, 128];
const ts = Array.from({ length: 60 }, (_, i) => i + 1);

/** The charts of the page: one of each builder, and an explorable figure whose curves differ with the slider. */
function pageCharts(): VegaLiteSpec[] {
  return [
    lineChart(
      [
        { name: "measured", x: ns, y: ns.map((n) => 1 / n) },
        { name: "predicted", x: ns, y: ns.map((n) => 1.1 / n), predicted: true },
      ],
      { title: "lines", xScale: "log", yScale: "log", xLabel: "n", yLabel: "error" },
    ),
    scatterWithFit(
      ns,
      ns.map((n) => 2 / Math.sqrt(n)),
      { title: "fit", xScale: "log", yScale: "log", predictedSlope: -0.5 },
    ),
    heatmap(
      {
        x: [1, 2, 3],
        y: [1, 2],
        z: [
          [0, 0.5, 1],
          [1, 0.5, 0],
        ],
      },
      { title: "grid", showValues: true },
    ),
    histogram(
      Array.from({ length: 300 }, (_, i) => Math.sin(i) ** 2),
      { title: "spectrum", bins: 12 },
    ),
    sliderLineChart(
      [1, 0.1, 0.01, 0.001].map((s) => ({
        value: s,
        x: ts,
        y: ts.map((t) => 1 / (1 + s * t * t)),
        readout: [`half-life ${Math.round(1 / Math.sqrt(s))} steps`],
      })),
      {
        parameter: { name: "logs", label: "log₁₀ s" },
        hint: "Move the slider: the plateau lengthens as s shrinks.",
        title: "Plateaus lengthen",
        xLabel: "step",
        yLabel: "loss",
        yScale: "log",
        references: [{ name: "limit", x: ts, y: ts.map(() => 0.5), predicted: true }],
        endpoint: true,
      },
    ),
  ];
}

describe("report pages with live charts (Chromium, network blocked, no Jupyter)", () => {
  let dir: string;
  let browser: Browser;
  let html: string;
  let facts: PageFacts;
  let summary: { explorables: { id: string; title: string }[]; bytes: { charts: Record<string, number> } };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "landscape-live-"));
    const outputs = [];
    for (const c of pageCharts())
      outputs.push({ output_type: "display_data", data: await toMimeBundle(c), metadata: {} });
    // a chart given only as a spec (no SVG in its bundle) is rendered at export time and is live too
    const specOnly = { ...(await toMimeBundle(lineChart({ name: "a", x: [1, 2, 3], y: [3, 1, 2] }))) };
    delete specOnly["image/svg+xml"];
    outputs.push({ output_type: "display_data", data: specOnly, metadata: {} });
    const nb = {
      cells: [
        { cell_type: "markdown", metadata: {}, source: "# Live charts\n\nEvery chart below responds to the pointer." },
        { cell_type: "code", metadata: {}, source: "await show(charts);", execution_count: 1, outputs },
      ],
    };
    const { buildReportHtml, buildIndexHtml } = await loadHtml();
    const built = await buildReportHtml(
      nb,
      { name: "live", date: "2026-12-08T00:00:00Z", commit: "test", runSeconds: 1, parameters: [] },
      { renderSvg: (s: VegaLiteSpec) => renderSvg(s), errors: [] },
    );
    html = built.html;
    writeFileSync(path.join(dir, "live.html"), html);
    summary = {
      name: "live",
      title: built.facts.title,
      source: "live.ipynb",
      date: "2026-12-08T00:00:00Z",
      commit: "test",
      runSeconds: 1,
      claims: 0,
      passed: 0,
      failed: 0,
      parameters: [],
      explorables: built.facts.explorables,
      bytes: { page: html.length, charts: built.facts.chartBytes },
    } as unknown as typeof summary;
    writeFileSync(path.join(dir, "index.html"), buildIndexHtml([summary]));
    browser = await launchChromium();
    facts = await inspectReport(browser, path.join(dir, "live.html"), "live-charts");
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("inlines vega, vega-lite and vega-embed once each, and embeds one spec per chart", () => {
    expect(html.match(/<script data-library="vega">/g)?.length).toBe(1);
    expect(html.match(/<script data-library="vega-lite">/g)?.length).toBe(1);
    expect(html.match(/<script data-library="vega-embed">/g)?.length).toBe(1);
    expect(html.match(/<script type="application\/json" id="[^"]+-spec">/g)?.length).toBe(6);
    expect(html).not.toContain("sourceMappingURL");
    expect(summary.bytes.charts).toMatchObject({ charts: 6, thinnedRows: 0 });
    expect(summary.bytes.charts.libraries).toBeGreaterThan(500_000);
  });

  it("opens with no request, no failed request and no console error; every chart is live over its kept SVG", () => {
    expect(facts.requests).toEqual([]);
    expect(facts.failed).toEqual([]);
    expect(facts.errors).toEqual([]);
    expect({ live: facts.live, expected: facts.liveExpected, fallbacks: facts.staticFallbacks }).toEqual({
      live: 6,
      expected: 6,
      fallbacks: 6,
    });
    expect(facts.charts.filter((n) => n === 0)).toEqual([]);
  });

  it("hovering shows a tooltip with the values in every chart; the wheel zooms every chart bound to its scales", () => {
    expect(facts.interaction.map((c) => [c.id, c.tooltip !== ""])).toEqual(
      ["chart-1", "chart-2", "chart-3", "chart-4", "explorable-1", "chart-6"].map((id) => [id, true]),
    );
    // the line chart's tooltip names its series and gives both coordinates
    expect(facts.interaction[0].tooltip).toMatch(/n\s*\d+.*error\s*[\d.e-]+.*series\s*(measured|predicted)/s);
    expect(facts.interaction.filter((c) => c.zoomable).map((c) => [c.id, c.zoomed])).toEqual(
      ["chart-1", "chart-2", "chart-4", "explorable-1", "chart-6"].map((id) => [id, true]),
    );
  });

  it("clicking a legend entry fades the other series in every chart whose legend is bound to a selection", () => {
    const bound = facts.interaction.filter((c) => c.legendBound);
    expect(bound.map((c) => c.id)).toEqual(["chart-1", "chart-2", "explorable-1"]);
    expect(bound.filter((c) => !c.legendToggled).map((c) => c.id)).toEqual([]);
  });

  it("moving the explorable figure's slider from one end to the other changes the drawn marks", () => {
    const fig = facts.interaction.find((c) => c.id === "explorable-1");
    expect(fig?.sliders).toEqual([{ name: "logs", changed: true }]);
  });

  it("the index links the explorable figure by its anchor", () => {
    const index = readFileSync(path.join(dir, "index.html"), "utf8");
    expect(summary.explorables).toEqual([{ id: "explorable-1", title: "Plateaus lengthen" }]);
    expect(index).toContain('href="live.html#explorable-1"');
    expect(index).toContain("explore: Plateaus lengthen");
  });

  it("without scripts the static SVG of every chart is what the reader sees", async () => {
    const still = await inspectReport(browser, path.join(dir, "live.html"), "live-charts-noscript", {
      javaScript: false,
    });
    expect(still.live).toBe(0);
    expect(still.charts.length).toBe(6);
    expect(still.charts.filter((n) => n === 0)).toEqual([]);
    expect(still.errors).toEqual([]);
  });

  it("in print the static SVG of every chart is shown and the live views are hidden", async () => {
    const ctx = await browser.newContext();
    await ctx.route("**/*", (route) =>
      route.request().url().startsWith("file://") ? route.continue() : route.abort(),
    );
    const page = await ctx.newPage();
    await page.goto(`file://${path.join(dir, "live.html")}`);
    await page.waitForFunction(() => document.querySelectorAll("figure.chart.is-live").length === 6);
    const shown = () =>
      page.evaluate(() =>
        [...document.querySelectorAll("figure.chart")].map((f) => [
          (f.querySelector(".static") as HTMLElement).getBoundingClientRect().height > 0,
          (f.querySelector(".live") as HTMLElement).getBoundingClientRect().height > 0,
        ]),
      );
    expect(await shown()).toEqual(Array(6).fill([false, true]));
    await page.emulateMedia({ media: "print" });
    expect(await shown()).toEqual(Array(6).fill([true, false]));
    await ctx.close();
  });

  it("thinSpec keeps every row of an explorable figure and thins a long series evenly, keeping both ends", async () => {
    const { thinSpec, thinRows } = await loadCharts();
    const long = lineChart({ name: "a", x: ts.concat(ts.map((t) => t + 60)), y: ts.concat(ts) });
    const { spec, dropped } = thinSpec(long, 50);
    const rows = (spec.data as { values: { x: number }[] }).values;
    expect(dropped).toBe(70);
    expect([rows.length, rows[0].x, rows[49].x]).toEqual([50, 1, 120]);
    const slider = pageCharts()[4];
    expect(thinSpec(slider, 10).dropped).toBe(0);
    expect(thinRows([1, 2, 3], 5)).toEqual([1, 2, 3]);
  });
});
