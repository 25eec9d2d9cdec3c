import { createRequire } from "node:module";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import {
  CLAIMS_MIME,
  RUN_INFO_MIME,
  VEGA_LITE_MIME,
  claimsTable,
  claimUnder,
  hypothesis,
  judged,
  notApplicable,
  displayRoute,
  fitLine,
  formatClaimValue,
  heatmap,
  histogram,
  isVegaLiteSpec,
  lineChart,
  progress,
  renderSvg,
  scatterWithFit,
  show,
  toMimeBundle,
  withRules,
  type VegaLiteSpec,
} from "../src/display/index.js";

const ns = [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const powerLaw = ns.map((n) => 3 / Math.sqrt(n));

/** The charts of the snapshot tests: fixed data, one of each kind the tutorials use. */
const charts: Record<string, () => VegaLiteSpec> = {
  "line-loglog-rules": () =>
    lineChart(
      [
        { name: "measured", x: ns, y: ns.map((n, i) => powerLaw[i] * (1 + 0.05 * Math.sin(n))) },
        { name: "3/√n", x: ns, y: powerLaw, predicted: true },
      ],
      {
        title: "Error against width",
        subtitle: "log–log axes",
        xLabel: "width n",
        yLabel: "error",
        xScale: "log",
        yScale: "log",
        rules: [{ value: 0.2, label: "tolerance 0.2" }],
      },
    ),
  "line-linear-points": () =>
    lineChart(
      { name: "loss", x: [0, 1, 2, 3, 4, 5], y: [1, 0.5, 0.3, 0.2, 0.15, 0.12] },
      { xLabel: "step", yLabel: "loss", points: true },
    ),
  "scatter-fit": () =>
    scatterWithFit(ns, powerLaw, {
      title: "Power law",
      xScale: "log",
      yScale: "log",
      predictedSlope: -0.5,
      xLabel: "n",
      yLabel: "y",
    }),
  heatmap: () =>
    heatmap(
      {
        x: [0.01, 0.1, 1],
        y: [16, 64],
        z: [
          [1, 0.5, 0],
          [1, 1, 0.25],
        ],
      },
      {
        title: "Phase diagram",
        xLabel: "learning rate",
        yLabel: "width",
        colorLabel: "success",
        domain: [0, 1],
        showValues: true,
      },
    ),
  "histogram-curve": () =>
    histogram(
      Array.from({ length: 200 }, (_, i) => Math.sin(i * 0.7) ** 2 * 4),
      {
        title: "Spectrum",
        bins: 16,
        density: true,
        xLabel: "eigenvalue",
        curve: { name: "law", x: [0, 1, 2, 3, 4], y: [0.5, 0.2, 0.15, 0.2, 0.5] },
        rules: [{ value: 2, axis: "x", label: "mean" }],
      },
    ),
};

describe("chart specs and their SVG renders (snapshots: a changed chart is a visible diff)", () => {
  for (const [name, make] of Object.entries(charts)) {
    it(`${name}: spec and SVG match the checked-in snapshots`, async () => {
      const spec = make();
      expect(isVegaLiteSpec(spec)).toBe(true);
      await expect(`${JSON.stringify(spec, null, 1)}\n`).toMatchFileSnapshot(`./snapshots/${name}.vl.json`);
      const svg = await renderSvg(spec);
      expect(svg.startsWith("<svg")).toBe(true);
      await expect(svg).toMatchFileSnapshot(`./snapshots/${name}.svg`);
    });
  }

  it("the same chart renders to the same SVG whatever was rendered before (ids do not count renders)", async () => {
    const a = await renderSvg(charts["scatter-fit"]());
    await renderSvg(charts["line-loglog-rules"]());
    await renderSvg(charts.heatmap());
    const b = await renderSvg(charts["scatter-fit"]());
    expect(b).toBe(a);
    // two different charts never share an id, so they can be inlined in one page
    const ids = (s: string) => [...s.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    const other = await renderSvg(charts["line-loglog-rules"]());
    expect(ids(a).length).toBeGreaterThan(0);
    expect(ids(a).filter((id) => ids(other).includes(id))).toEqual([]);
  });

  it("the SVG draws the data: one line path per series and a dashed rule for the predicted value", async () => {
    const svg = await renderSvg(charts["line-loglog-rules"]());
    const lines = svg.match(/<g class="mark-line role-mark[^>]*><path[^>]*d="M[^"]+"/g) ?? [];
    expect(lines.length).toBe(2);
    expect(svg).toContain('stroke-dasharray="6,4"');
    expect(svg).toContain("tolerance 0.2");
  });
});

describe("chart builders", () => {
  it("fitLine recovers the exponent of an exact power law y = 3 n^(−1/2) on log–log axes", () => {
    const f = fitLine(ns, powerLaw, { xScale: "log", yScale: "log" });
    expect(f.slope).toBeCloseTo(-0.5, 12);
    expect(10 ** f.intercept).toBeCloseTo(3, 10);
    expect(f.r2).toBeCloseTo(1, 12);
    expect(f.n).toBe(ns.length);
  });

  it("fitLine on linear axes recovers slope and intercept of y = 2x + 1 and drops non-finite points", () => {
    const f = fitLine([0, 1, 2, 3, NaN], [1, 3, 5, 7, 9]);
    expect(f).toMatchObject({ n: 4 });
    expect(f.slope).toBeCloseTo(2, 12);
    expect(f.intercept).toBeCloseTo(1, 12);
  });

  it("scatterWithFit puts the fitted slope in the legend and in usermeta", () => {
    const spec = scatterWithFit(ns, powerLaw, { xScale: "log", yScale: "log", predictedSlope: -0.5 });
    expect((spec.usermeta as { fit: { slope: number } }).fit.slope).toBeCloseTo(-0.5, 12);
    expect(JSON.stringify(spec)).toContain("fit: slope −0.500");
    expect(JSON.stringify(spec)).toContain("predicted slope −0.500");
  });

  it("a log axis drops points ≤ 0 instead of drawing −∞", () => {
    const spec = lineChart({ name: "a", x: [0, 1, 2], y: [1, 0, 3] }, { xScale: "log" });
    const values = (spec.data as { values: { x: number }[] }).values;
    expect(values.map((v) => v.x)).toEqual([1, 2]);
  });

  it("withRules layers reference lines over any single-view chart and keeps its log scale", () => {
    const base = lineChart({ name: "a", x: ns, y: powerLaw }, { yScale: "log" });
    const spec = withRules(base, [{ value: 0.5, label: "bound" }]);
    const layer = spec.layer as { mark: { type: string }; encoding: { y: { scale: { type: string } } } }[];
    expect(layer.map((l) => l.mark.type)).toEqual(["line", "rule", "text"]);
    expect(layer[1].encoding.y.scale.type).toBe("log");
    expect(base.layer).toBeUndefined();
  });

  it("histogram counts add up to the number of samples", () => {
    const v = Array.from({ length: 101 }, (_, i) => i / 10);
    const spec = histogram(v, { bins: 7 });
    const rows = (spec.data as { values: { y: number }[] }).values;
    expect(rows.length).toBe(7);
    expect(rows.reduce((a, r) => a + r.y, 0)).toBe(101);
  });

  it("bad input: the error names the argument", () => {
    expect(() => lineChart([])).toThrow(/^series:/);
    expect(() => lineChart({ name: "a", x: [1, 2], y: [1] })).toThrow(/^series\[0\]\.y:/);
    expect(() =>
      lineChart([
        { name: "a", x: [1], y: [1] },
        { name: "a", x: [1], y: [1] },
      ]),
    ).toThrow(/^series\[1\]\.name:/);
    expect(() => lineChart({ name: "a", x: [1], y: [1] }, { xScale: "ln" as "log" })).toThrow(/^options\.xScale:/);
    expect(() => lineChart({ name: "a", x: [1], y: [1] }, { yScale: "log", rules: [{ value: -1 }] })).toThrow(
      /^options\.rules\[0\]\.value:/,
    );
    expect(() => fitLine([1], [1])).toThrow(/^x:/);
    expect(() => heatmap({ x: [1, 2], y: [1], z: [[1]] })).toThrow(/^grid\.z\[0\]:/);
    expect(() => histogram([], {})).toThrow(/^values:/);
    expect(() => histogram([1, 2], { bins: 0 })).toThrow(/^options\.bins:/);
  });
});

describe("display bundles", () => {
  it("a chart is one bundle: the Vega-Lite spec as a JSON object, its SVG and a one-line text", async () => {
    const b = await toMimeBundle(charts["scatter-fit"]());
    expect(typeof b[VEGA_LITE_MIME]).toBe("object");
    expect((b[VEGA_LITE_MIME] as VegaLiteSpec).$schema).toMatch(/vega-lite\/v5/);
    expect(String(b["image/svg+xml"])).toMatch(/^<svg/);
    expect(b["text/plain"]).toMatch(/^scatter "Power law": 10 points, fitted slope −0.500/);
  });

  it("a claims table shows pass in green, FAIL in red and not applicable in grey with its reason, and carries its rows as JSON", async () => {
    const t = claimsTable([
      judged({ claim: "slope is −1/2", predicted: -0.5, measured: -0.4987654, tolerance: 0.01, holds: true }),
      judged({ claim: "bound holds", predicted: "≥ 1", measured: 0.25, holds: false, derivation: "from β = 2" }),
      notApplicable("λ_min(K) = 0 when P < n", "P = 66 ≥ n = 40: the network is not under-parameterized", 0),
    ]);
    const b = await toMimeBundle(t);
    expect(b[CLAIMS_MIME]).toEqual({ rows: t.rows, omitted: 0, passed: 1, notApplicable: 1, failed: 1 });
    expect(t.rows.map((r) => r.status)).toEqual(["pass", "fail", "not-applicable"]);
    expect(b["text/html"]).toMatch(/color:#1a7f37[^>]*>✔ pass/);
    expect(b["text/html"]).toMatch(/color:#cf222e[^>]*>✘ FAIL/);
    expect(b["text/html"]).toMatch(/color:#57606a[^>]*>– not applicable/);
    expect(b["text/html"]).toContain("not applicable: P = 66 ≥ n = 40: the network is not under-parameterized");
    expect(b["text/html"]).toContain("Claims: 1 hold · 1 not applicable · 1 fail");
    expect(b["text/plain"]).toContain("FAIL  bound holds — predicted ≥ 1, measured 0.25 (from β = 2)");
    expect(b["text/plain"]).toContain("measured −0.4988, tolerance 0.01");
    expect(b["text/plain"]).toContain("N/A   λ_min(K) = 0 when P < n — not applicable: P = 66 ≥ n = 40");
  });

  it("a claims table of 100 000 rows displays the first 200 and a count, in under 200 kB, while counting every row", async () => {
    const rows = Array.from({ length: 100_000 }, (_, i) =>
      judged({ claim: `row ${i}`, predicted: 0, measured: i, holds: i % 2 === 0 }),
    );
    const t = claimsTable(rows);
    const b = await toMimeBundle(t);
    const size = JSON.stringify(b).length;
    expect(size).toBeLessThan(200_000);
    expect(b["text/plain"]).toContain("… 99800 more rows");
    expect(b["text/html"]).toContain("Claims: 50000 hold · 0 not applicable · 50000 fail");
    expect((b[CLAIMS_MIME] as { rows: unknown[]; omitted: number }).omitted).toBe(99_800);
    expect(t.rows.length).toBe(100_000);
    expect((await toMimeBundle(t.withDisplayLimit(Infinity)))["text/plain"]).toContain("row 99999");
  });

  it("claimUnder judges a claim only when its hypotheses hold, else names the failing ones without calling the judge", () => {
    let called = 0;
    const judge = () => {
      called++;
      return { claim: "c", predicted: 0, measured: 0, holds: true };
    };
    const ok = claimUnder([hypothesis(true, "P = 34 < n = 40", "unused")], "c", judge);
    expect(ok.status).toBe("pass");
    const na = claimUnder(
      [hypothesis(true, "a", "unused"), hypothesis(false, "unused", "σ″ ≡ 0 for relu")],
      "c",
      judge,
    );
    expect(na).toMatchObject({ status: "not-applicable", reason: "σ″ ≡ 0 for relu" });
    expect(called).toBe(1);
  });

  it("a claims table refuses a row without a status or a not-applicable row without a reason, naming the row", () => {
    expect(() => claimsTable([{ claim: "x", predicted: 0, measured: 0 } as never])).toThrow(
      /^rows\[0\]\.status: expected/,
    );
    expect(() => claimsTable([{ claim: "x", predicted: 0, measured: "", status: "not-applicable" }])).toThrow(
      /^rows\[0\]\.reason:/,
    );
  });

  it("a chart from a builder shows itself as a chart when it is a cell's last expression (display protocol)", async () => {
    const spec = charts.heatmap();
    const own = (spec as Record<symbol, unknown>)[Symbol.for("Jupyter.display")] as () => Promise<object>;
    expect(typeof own).toBe("function");
    expect(Object.keys(await own())).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"]);
    // invisible to JSON, spreads and key listings
    expect(Object.keys(spec)).not.toContain(Symbol.for("Jupyter.display"));
    expect(JSON.parse(JSON.stringify(spec))).toEqual({ ...spec });
  });

  it("anything with [Symbol.for('Jupyter.display')]() shows its own bundle", async () => {
    const x = { [Symbol.for("Jupyter.display")]: () => ({ "text/markdown": "**hi**", "text/plain": "hi" }) };
    expect(await toMimeBundle(x)).toEqual({ "text/markdown": "**hi**", "text/plain": "hi" });
  });

  it("a danfojs DataFrame shows as an HTML table and aligned text", async () => {
    const requireHere = createRequire(path.join(__dirname, "display.test.ts"));
    const dfd = requireHere("danfojs-node") as { DataFrame: new (d: object) => unknown };
    const b = await toMimeBundle(new dfd.DataFrame({ width: [16, 64], error: [0.25, 0.125] }));
    expect(b["text/html"]).toContain("<th>width</th><th>error</th>");
    expect(b["text/html"]).toContain("<td>0.125</td>");
    expect(b["text/plain"]).toContain("[2 rows × 2 columns]");
  });

  it("backend info shows as a run-information bundle that reports read", async () => {
    const b = await toMimeBundle({
      backend: "wasm",
      device: "CPU (WebAssembly)",
      requested: "auto",
      reason: "auto",
      versions: { tfjs: "4.22.0", node: "20", landscapeLab: "0.1.0" },
    });
    expect(b[RUN_INFO_MIME]).toMatchObject({ backend: "wasm", device: "CPU (WebAssembly)" });
    expect(b["text/plain"]).toMatch(/^backend wasm — CPU \(WebAssembly\)/);
  });
});

describe("show and progress outside and inside a kernel", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("outside Jupyter, show prints the one-line text summary", async () => {
    expect(displayRoute()).toBe("text");
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    await show(charts["line-linear-points"]());
    expect(log).toHaveBeenCalledWith("line chart: 1 series (loss), 6 points, linear x, linear y");
  });

  it("inside tslab, show sends the whole bundle as one display_data and progress updates one display in place", async () => {
    // A stand-in for tslab's jupyter module as the kernel process has it loaded.
    const requireHere = createRequire(path.join(__dirname, "..", "src", "display", "show.ts"));
    const key = path.join(__dirname, "fake", "node_modules", "tslab", "dist", "jupyter.js");
    const sent: { data: Record<string, unknown>; transient: { display_id?: string }; update: boolean }[] = [];
    const fake = {
      lastWriteDisplayData: (d: { data: Record<string, unknown>; transient: object }, update: boolean) =>
        sent.push({ ...(d as (typeof sent)[0]), update }),
    };
    const mod = { id: key, filename: key, loaded: true, exports: fake } as unknown as NodeJS.Module;
    requireHere.cache[key] = mod;
    try {
      expect(displayRoute()).toBe("tslab-bundle");
      await show(charts.heatmap());
      expect(Object.keys(sent[0].data).sort()).toEqual([VEGA_LITE_MIME, "image/svg+xml", "text/plain"].sort());
      expect(sent[0].update).toBe(false);
      let t = 0;
      const p = progress(4, "sweep", { now: () => t });
      for (let i = 0; i < 4; i++) {
        t += 1000;
        p.tick();
      }
      p.done();
      const updates = sent.slice(1);
      const ids = new Set(updates.map((u) => u.transient.display_id));
      expect(ids.size).toBe(1);
      expect(updates[0].update).toBe(false);
      expect(updates.slice(1).every((u) => u.update)).toBe(true);
      expect(String(updates.at(-1)!.data["text/plain"])).toMatch(
        /sweep: .* 4\/4 \(100 %\) · done in 4\.0 s \(1\.0\/s\)/,
      );
      expect(String(updates[2].data["text/plain"])).toMatch(/2\/4 \(50 %\) · 1\.0\/s, 2\.0 s left/);
    } finally {
      delete requireHere.cache[key];
    }
  });

  it("progress outside Jupyter prints a few plain lines with rate and time left", () => {
    let t = 0;
    const lines: string[] = [];
    const p = progress(100, "train", { now: () => t, write: (l) => lines.push(l) });
    for (let i = 0; i < 100; i++) {
      t += 20;
      p.tick();
    }
    p.done();
    expect(lines.length).toBe(4);
    expect(lines[0]).toMatch(/^train: .* 25\/100 \(25 %\) · 50\.0\/s, 1\.5 s left$/);
    expect(lines[3]).toMatch(/100\/100 \(100 %\) · done in 2\.0 s \(50\.0\/s\)$/);
    expect(() => progress(0, "x")).toThrow(/^total:/);
  });
});

describe("table values", () => {
  it("integers print exactly (a width of 16384 is not rounded to 16380); other numbers to 4 significant digits", () => {
    expect(formatClaimValue(16384)).toBe("16384");
    expect(formatClaimValue(17408)).toBe("17408");
    expect(formatClaimValue(-3)).toBe("−3");
    expect(formatClaimValue(0.123456)).toBe("0.1235");
    expect(formatClaimValue(1.5e-7)).toBe("1.5e-7");
  });
});
