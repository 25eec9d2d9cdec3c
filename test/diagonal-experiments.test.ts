import { describe, expect, it } from "vitest";
import { renderSvg } from "../src/display/index.js";
import {
  dlnClosedFormT,
  dlnCoefficientChart,
  dlnConvergenceChart,
  dlnConvergenceSweep,
  dlnFigure1Cases,
  dlnGDChart,
  dlnGDComparison,
  dlnKinkChart,
  dlnKinkSweep,
  dlnPhaseChart,
  dlnPhaseDiagram,
  dlnPotentialChart,
  dlnPotentialCurves,
  dlnPotentialG,
  dlnPotentialH,
  dlnPotentialQ,
  dlnRates,
  dlnRecoveryChart,
  dlnRecoverySweep,
  dlnSelectionChart,
  dlnSelectionSweep,
  dlnSensitivityChart,
  dlnSensitivitySweep,
  dlnSparseProblem,
} from "../src/diagonal/index.js";

describe("diagonal experiments: potentials (Figure 3)", () => {
  it("q_2 equals its closed form 2 − √(x²+4) + x·asinh(x/2)", () => {
    for (const x of [-4.5, -1, -0.01, 0.3, 2, 5])
      expect(dlnPotentialQ(x, 2)).toBeCloseTo(2 - Math.sqrt(x * x + 4) + x * Math.asinh(x / 2), 12);
  });

  it.each([2.5, 3, 4])("q_p' = h_p⁻¹ (central differences), q_p(0) = 0 and q_p convex (p = %s)", (p) => {
    expect(dlnPotentialQ(0, p)).toBe(0);
    for (const x of [-3, -0.5, 0.2, 1, 4]) {
      const e = 1e-5;
      const dq = (dlnPotentialQ(x + e, p) - dlnPotentialQ(x - e, p)) / (2 * e);
      expect(dlnPotentialH(dq, p)).toBeCloseTo(x, 6);
      const d2 = dlnPotentialQ(x + 1e-3, p) - 2 * dlnPotentialQ(x, p) + dlnPotentialQ(x - 1e-3, p);
      expect(d2).toBeGreaterThan(0);
    }
  });

  it("g_D is the selection potential: g_2(x) = |x| log(|x|/e), g_D(x) = |x| − (D/2)|x|^(2/D)", () => {
    expect(dlnPotentialG(Math.E, 2)).toBeCloseTo(0, 14);
    expect(dlnPotentialG(-1, 2)).toBeCloseTo(-1, 14);
    expect(dlnPotentialG(4, 4)).toBeCloseTo(4 - 2 * 2, 14);
    expect(dlnPotentialG(0, 3)).toBe(0);
  });
});

describe("diagonal experiments: the paper's figures as data", () => {
  it("Figure 1: for D > 2 the distance to the analytic limit falls like α^D (fitted slope 1 ± 0.1 on all three cases)", async () => {
    const rows = await dlnConvergenceSweep({ cases: dlnFigure1Cases(), depths: [3, 4], alphaDs: [1e-4, 1e-6, 1e-8] });
    const rates = dlnRates(rows, (r) => `${r.case} ${r.depth}`, 1);
    expect(rates).toHaveLength(6);
    for (const r of rates) expect(Math.abs(r.rate - 1)).toBeLessThan(0.1);
    for (const r of rows) expect(r.residual).toBeLessThan(1e-10);
  });

  it("closed-form case: the selected t converges to the paper's t_D (error < 1e-9 at α^D = 1e-10)", () => {
    const rows = dlnSelectionSweep({ depths: [2, 3], alphaDs: [1e-2, 1e-10] });
    for (const r of rows.filter((q) => q.alphaD === 1e-10)) expect(r.error).toBeLessThan(1e-9);
    expect(dlnClosedFormT(2)).toBeCloseTo(0.346034940914, 11);
  });

  it("Figure 2: D = 2 rate exponent equals ε for A = [1, 1−ε] (asymptotically, α^D ≤ 1e-200)", () => {
    const rows = dlnKinkSweep({ depths: [2], epsilons: [0.3, 0.03], alphaDs: [1e-200, 1e-300] });
    for (const r of dlnRates(rows, (q) => String(q.epsilon), 1))
      expect(Math.abs(r.rate - Number(r.group)) / Number(r.group)).toBeLessThan(0.05);
  });

  it("the limit is ill-conditioned: sensitivity to A grows like α^−(D−2) (D = 4) and like log(1/α^D) (D = 2)", () => {
    const line = dlnFigure1Cases()[0];
    const rows = dlnSensitivitySweep({ ...line, depths: [2, 4], alphaDs: [1e-4, 1e-8], seed: 3, trials: 3 });
    const s = (D: number, a: number): number => rows.find((r) => r.depth === D && r.alphaD === a)!.sensitivity;
    // α^(D−2) = (α^D)^(1/2) for D = 4: α^D down by 1e4 ⇒ sensitivity up by ≈ 100
    expect(s(4, 1e-8) / s(4, 1e-4)).toBeGreaterThan(70);
    expect(s(4, 1e-8) / s(4, 1e-4)).toBeLessThan(140);
    // D = 2: ratio of logs = 2
    expect(s(2, 1e-8) / s(2, 1e-4)).toBeGreaterThan(1.8);
    expect(s(2, 1e-8) / s(2, 1e-4)).toBeLessThan(2.2);
  });

  it("sparse recovery: basis pursuit recovers x*, and the D = 3 limit approaches it as α ↓ 0", async () => {
    const p = dlnSparseProblem({ m: 12, n: 30, k: 2, seed: 5 });
    const r = await dlnRecoverySweep({ ...p, depths: [3], alphaDs: [1e-2, 1e-10] });
    expect(r.bpError).toBeLessThan(1e-10);
    expect(r.rows[1].toTruth).toBeLessThan(1e-5);
    expect(r.rows[1].toTruth).toBeLessThan(r.rows[0].toTruth);
  });

  it("phase diagram: sparse problems are recovered by both methods, dense ones by neither", async () => {
    const cells = await dlnPhaseDiagram({
      n: 20,
      deltas: [0.8],
      rhos: [0.1, 0.9],
      trials: 2,
      depth: 3,
      alphaD: 1e-12,
      seed: 2,
    });
    const p = (method: string, rho: number): number =>
      cells.find((c) => c.method.startsWith(method) && c.rho === rho)!.probability;
    expect(p("basis", 0.1)).toBe(1);
    expect(p("DLN", 0.1)).toBe(1);
    expect(p("basis", 0.9)).toBe(0);
    expect(p("DLN", 0.9)).toBe(0);
  });

  it("phase diagram: bad sizes, grids and α^D are rejected with the argument's name, domain and value", async () => {
    const ok = { n: 10, deltas: [0.5], rhos: [0.2], trials: 1, depth: 3, alphaD: 1e-12, seed: 1 };
    await expect(dlnPhaseDiagram({ ...ok, n: 0 })).rejects.toThrow(/^n: expected an integer ≥ 1, got 0/);
    await expect(dlnPhaseDiagram({ ...ok, trials: 1.5 })).rejects.toThrow(/^trials: expected an integer ≥ 1, got 1\.5/);
    await expect(dlnPhaseDiagram({ ...ok, deltas: [] })).rejects.toThrow(/^deltas: expected a list of at least 1 /);
    await expect(dlnPhaseDiagram({ ...ok, rhos: [0.2, -1] })).rejects.toThrow(/^rhos: expected .*entry 1 is -1/);
    await expect(dlnPhaseDiagram({ ...ok, alphaD: 2 })).rejects.toThrow(
      /^alphaD: expected a finite number in \(0, 1\]/,
    );
  });

  it("phase diagram without alphaD: every decided trial's flow limit lies within tol of basis pursuit's solution, and every certified trial is recovered", async () => {
    const cells = await dlnPhaseDiagram({ n: 20, deltas: [0.5, 0.8], rhos: [0.1, 0.3], trials: 3, depth: 3, seed: 4 });
    const counts = cells.filter((c) => c.method !== "basis pursuit").map((c) => c.counts);
    const sum = (f: (c: (typeof counts)[number]) => number): number => counts.reduce((s, c) => s + f(c), 0);
    expect(sum((c) => c.decided)).toBeGreaterThan(0);
    expect(sum((c) => c.agrees)).toBe(sum((c) => c.decided));
    expect(sum((c) => c.certified)).toBeGreaterThan(0);
    expect(sum((c) => c.certifiedRecovered)).toBe(sum((c) => c.certified));
    expect(cells[0].method).toMatch(/α\^D from each problem's certificate/);
  });

  it("GD vs flow: the gap at equal time shrinks ~linearly with the step", () => {
    const line = dlnFigure1Cases()[0];
    const r = dlnGDComparison({ ...line, depth: 2, alpha: 0.3, lrs: [0.01, 0.005], T: 2, points: 20 });
    expect(r.endGap[0].gap / r.endGap[1].gap).toBeGreaterThan(1.7);
    expect(r.endGap[0].gap / r.endGap[1].gap).toBeLessThan(2.3);
  });
});

describe("diagonal charts", () => {
  it("every chart compiles and renders to SVG without Vega-Lite warnings", async () => {
    const line = dlnFigure1Cases()[0];
    const conv = await dlnConvergenceSweep({ cases: [line], depths: [2, 3], alphaDs: [1, 1e-3] });
    const specs = [
      dlnConvergenceChart(conv),
      dlnSelectionChart(dlnSelectionSweep({ depths: [2], alphaDs: [1, 1e-3] })),
      dlnKinkChart(dlnKinkSweep({ depths: [3], epsilons: [0.1], alphaDs: [1, 1e-3] })),
      dlnPotentialChart(dlnPotentialCurves({ ps: [2, 3], points: 11 })),
      dlnRecoveryChart([{ depth: 3, alphaD: 1e-3, toBasisPursuit: 1e-3, toTruth: 1e-3 }]),
      dlnCoefficientChart([{ name: "x", x: [1, 0, -1] }]),
      dlnPhaseChart([
        {
          method: "basis pursuit",
          delta: 0.5,
          rho: 0.2,
          m: 10,
          k: 2,
          probability: 1,
          trials: 1,
          counts: {
            dln: 1,
            basisPursuit: 1,
            certified: 1,
            certifiedRecovered: 1,
            decided: 1,
            agrees: 1,
            minAlphaD: 1e-6,
            maxAlphaD: 1e-6,
          },
        },
      ]),
      dlnGDChart(dlnGDComparison({ ...line, depth: 2, alpha: 0.3, lrs: [0.05], T: 1, points: 10 }).rows),
      dlnSensitivityChart([{ depth: 3, alphaD: 1e-3, sensitivity: 10 }]),
    ];
    for (const s of specs) {
      const warnings: string[] = [];
      const svg = await renderSvg(s, { warnings });
      expect(svg).toMatch(/^<svg/);
      expect(warnings).toEqual([]);
    }
  });
});
