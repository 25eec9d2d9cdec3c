import { describe, expect, it } from "vitest";
import {
  deepLinearData,
  deepLinearInitSweep,
  deepLinearProblem,
  initScaleExplorable,
} from "../src/deeplinear/index.js";
import { dlnTrajectoryExplorable, dlnTrajectorySweep } from "../src/diagonal/index.js";
import { renderSvg, sliderGrid, sliderLineChart, type VegaLiteSpec } from "../src/display/index.js";
import { plWidths, sphereData, widthSpectra, widthSpectrumExplorable, widthSweep } from "../src/plstar/index.js";

/** Renders a spec headless with its slider param set to `value` (what moving the slider does in a browser). */
async function svgAt(spec: VegaLiteSpec, param: string, value: number): Promise<string> {
  const vega = (await import("vega")) as unknown as {
    View: new (
      r: unknown,
      o: object,
    ) => { signal(n: string, v: unknown): unknown; runAsync(): Promise<unknown>; toSVG(): Promise<string> };
    parse(s: unknown): unknown;
  };
  const vl = (await import("vega-lite")) as unknown as { compile(s: unknown): { spec: unknown } };
  const view = new vega.View(vega.parse(vl.compile(JSON.parse(JSON.stringify(spec))).spec), { renderer: "none" });
  view.signal(param, value);
  await view.runAsync();
  return view.toSVG();
}

type Explorable = VegaLiteSpec & {
  params: { name: string; value: number; bind: { input: string; min: number; max: number; step: number } }[];
  usermeta: { explorable: { title: string; hint: string } };
};

const ts = [1, 2, 3, 4, 5, 6, 7, 8];
const fixture = () =>
  sliderLineChart(
    [1, 0.1, 0.01].map((s) => ({ value: s, x: ts, y: ts.map((t) => 1 / (1 + s * t * t)), readout: [`s = ${s}`] })),
    {
      parameter: { name: "logs", label: "log₁₀ s", symbol: "s" },
      hint: "Smaller s, longer plateau.",
      title: "Plateaus",
      xLabel: "step",
      yLabel: "loss",
      yScale: "log",
      references: [{ name: "limit", x: [1, 8], y: [0.5, 0.5], predicted: true }],
      markers: [{ name: "target", x: 4, y: 0.5 }],
      rules: [{ value: 0.1, label: "tolerance" }],
      endpoint: true,
    },
  );

describe("sliderLineChart (an explorable figure as data)", () => {
  it("the spec matches its snapshot: a range-bound param over log₁₀ s, curves shared through datasets", async () => {
    const spec = fixture() as Explorable;
    expect(spec.params[0]).toEqual({
      name: "logs",
      value: 0,
      bind: { input: "range", min: -2, max: 0, step: 1, name: "log₁₀ s " },
    });
    expect(spec.usermeta.explorable).toEqual({ title: "Plateaus", hint: "Smaller s, longer plateau." });
    await expect(`${JSON.stringify(spec, null, 1)}\n`).toMatchFileSnapshot("./snapshots/explorable-slider.vl.json");
  });

  it("moving the slider changes the drawn curve and the readout (rendered headless at both ends)", async () => {
    const spec = fixture();
    const [a, b] = [await svgAt(spec, "logs", 0), await svgAt(spec, "logs", -2)];
    expect(a).not.toBe(b);
    expect(a).toContain("s = 1</text>");
    expect(b).toContain("s = 0.01</text>");
    expect(b).not.toContain("s = 1</text>");
  });

  it("sliderGrid accepts an evenly spaced grid in any order and rejects an uneven one, naming the argument", () => {
    expect(sliderGrid([64, 16, 32], 2, "widths")).toEqual({ exponents: [6, 4, 5], min: 4, max: 6, step: 1 });
    expect(() => sliderGrid([1, 0.1, 0.001], 10, "alphaDs")).toThrow(
      /^alphaDs: expected values evenly spaced in log_10/,
    );
    expect(() => sliderGrid([1], 10, "alphaDs")).toThrow(
      /^alphaDs: expected at least 2 finite positive values, got \[1\]/,
    );
  });

  it("bad input: the error names the argument, what was expected and what came", () => {
    const curve = { value: 1, x: [1], y: [1] };
    const options = { parameter: { name: "p", label: "p" }, hint: "look", title: "t" };
    expect(() => sliderLineChart([curve], options)).toThrow(/^curves: expected at least 2 curves .* got 1$/);
    expect(() => sliderLineChart([curve, { ...curve, value: 10 }], { ...options, hint: "" })).toThrow(
      /^options\.hint:/,
    );
    expect(() =>
      sliderLineChart([curve, { ...curve, value: 10 }], { ...options, parameter: { name: "a b", label: "p" } }),
    ).toThrow(/^options\.parameter\.name: expected an identifier .* got "a b"$/);
    expect(() => sliderLineChart([curve, { value: 10, x: [1, 2], y: [1] }], options)).toThrow(/^curves\[1\]:/);
  });
});

describe("the tutorials' explorable figures, from their own computations", () => {
  it("tutorial 1: widthSpectra gives the sweep's own kernels (λ_min equal to the sweep's) and the figure slides over log₂ m", async () => {
    const data = sphereData({ n: 6, inputDim: 4, seed: 1 });
    const sweep = await widthSweep({ data, widths: plWidths(3, 5), activation: "relu", seeds: 2, seed: 7, workers: 1 });
    const spectra = widthSpectra({ data, sweep, seed: 7 });
    expect(spectra.spectra.map((s) => s.width)).toEqual([8, 16, 32]);
    for (const s of spectra.spectra) {
      const row = sweep.rows.find((r) => r.width === s.width && r.seed === 0)!;
      expect(s.eigenvalues[0]).toBeCloseTo(row.lambdaMin, 12);
      expect(s.eigenvalues.length).toBe(6);
    }
    expect(spectra.limit?.[0]).toBeCloseTo(sweep.lambdaMinInfinite, 12);
    expect(() => widthSpectra({ data, sweep, seed: 8 })).toThrow(/^seed: the sweep's network of width 8 has λ_min/);
    const spec = widthSpectrumExplorable(spectra) as Explorable;
    expect(spec.params[0].bind).toEqual({ input: "range", min: 3, max: 5, step: 1, name: "log₂ width m " });
    await expect(`${JSON.stringify(spec, null, 1)}\n`).toMatchFileSnapshot("./snapshots/explorable-plstar.vl.json");
    expect(await svgAt(spec, "log2m", 5)).toContain("m = 32</text>");
  });

  it("tutorial 2: one GD run per init scale; the smaller the scale, the longer the first plateau (at W = 0)", async () => {
    const d = deepLinearData({ dx: 4, dy: 3, N: 40, lambdas: [9, 3, 1], noise: 0, seed: 1 });
    const problem = deepLinearProblem({ X: d.X, Y: d.Y, widths: [4, 3, 2, 3] });
    const sweep = deepLinearInitSweep(problem, {
      initScales: [10 ** -0.5, 10 ** -0.75, 0.1],
      steps: 300,
      lr: 0.01,
      seed: 7,
    });
    const first = sweep.plateaus.map((p) => p[0].steps);
    expect(first[1]).toBeGreaterThan(first[0]);
    expect(first[2]).toBeGreaterThan(first[1]);
    expect(() => deepLinearInitSweep(problem, { initScales: [0.1, 0.05, 0.01], steps: 10, seed: 7 })).toThrow(
      /^opts\.initScales: expected values evenly spaced in log_10/,
    );
    const spec = initScaleExplorable(problem, sweep) as Explorable;
    expect(spec.params[0].bind).toMatchObject({ input: "range", min: -1, max: -0.5, step: 0.25 });
    expect(JSON.stringify(spec.layer)).toContain('"label":"S = {0}"');
    await expect(`${JSON.stringify(spec, null, 1)}\n`).toMatchFileSnapshot("./snapshots/explorable-deeplinear.vl.json");
  });

  it("tutorial 3: each trajectory starts at x = 0 and ends at its exact limit; the limits approach the selected minimizer as α^D shrinks", async () => {
    const sweep = dlnTrajectorySweep({ depth: 3, alphaDs: [1, 1e-2, 1e-4], points: 20 });
    for (const r of sweep.trajectories) {
      expect(r.x[0]).toEqual([0, 0, 0]);
      expect(r.x[r.x.length - 1]).toEqual(r.limit);
    }
    const dist = sweep.trajectories.map((r) => r.distance);
    expect(dist[1]).toBeLessThan(dist[0]);
    expect(dist[2]).toBeLessThan(dist[1]);
    expect(() => dlnTrajectorySweep({ depth: 3, alphaDs: [10, 1] })).toThrow(
      /^opts\.alphaDs: expected values of α\^D in \(0, 1\]/,
    );
    const spec = dlnTrajectoryExplorable(sweep) as Explorable;
    expect(spec.params[0].bind).toMatchObject({ input: "range", min: -4, max: 0, step: 2 });
    await expect(`${JSON.stringify(spec, null, 1)}\n`).toMatchFileSnapshot("./snapshots/explorable-diagonal.vl.json");
    const [a, b] = [await svgAt(spec, "log10alphaD", 0), await svgAt(spec, "log10alphaD", -4)];
    expect(a).not.toBe(b);
    expect((await renderSvg(spec)).startsWith("<svg")).toBe(true);
  });
});
