import { describe, expect, it } from "vitest";
import {
  checkGlobalMinimizers,
  classifyByHessian,
  classifyFamily,
  deepLinearClaims,
  deepLinearData,
  deepLinearGD,
  deepLinearProblem,
  deepLinearTable,
  enumerateCriticalPoints,
  familySummary,
  lambdaMinChart,
  lossCurveChart,
  plateauRows,
  plateaus,
  problemSummary,
  scheduledGD,
  gdSchedule,
  ruleExamples,
  layerReadingMechanism,
  gdStabilityBound,
  arrivalSteps,
  spectrumChart,
  zeroLayers,
} from "../src/deeplinear/index.js";
import { symEig, symEigenvalues } from "../src/deeplinear/linalg.js";

const data = deepLinearData({ dx: 4, dy: 3, N: 40, seed: 1, lambdas: [9, 3, 1] });
const problems = [
  [4, 2, 3],
  [4, 3, 2, 3],
  [4, 3, 2, 3, 3],
].map((widths) => deepLinearProblem({ X: data.X, Y: data.Y, widths }));

describe("float64 eigenvalues", () => {
  it("tridiagonal QL eigenvalues equal the full ml-matrix decomposition (relative 1e-12), incl. zero and low-rank matrices", () => {
    let seed = 3;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647 - 0.5;
    };
    for (const n of [1, 2, 5, 17, 42]) {
      for (const variant of ["dense", "lowrank", "zero"]) {
        const A = Array.from({ length: n }, (_, i) =>
          Array.from({ length: n }, (_, j) =>
            variant === "zero" ? 0 : variant === "lowrank" && (i > n / 2 || j > n / 2) ? 0 : rnd(),
          ),
        );
        const S = A.map((r, i) => r.map((v, j) => v + A[j][i]));
        const a = symEig(S).values;
        const b = symEigenvalues(S);
        const scale = Math.max(1e-300, ...a.map(Math.abs));
        for (let k = 0; k < n; k++) expect(Math.abs(a[k] - b[k])).toBeLessThanOrEqual(1e-12 * scale);
      }
    }
  });
});

describe("dynamics", () => {
  it("GD from a small initialization reaches the global minimum value and pauses longer at W = 0 for deeper nets", () => {
    const runs = problems.map((p) => deepLinearGD(p, { steps: 8000, lr: 0.01, initScale: 0.05, seed: 7 }));
    runs.forEach((r, i) => {
      expect(r.finite).toBe(true);
      expect(Math.abs(r.losses[r.losses.length - 1] - problems[i].minValue)).toBeLessThan(1e-3);
      expect(r.losses[0]).toBeGreaterThan(problems[i].trYY * 0.99); // starts near W = 0
    });
    const first = runs.map((r, i) => plateaus(problems[i], r)[0].steps);
    expect(first[1]).toBeGreaterThan(first[0]);
    expect(first[2]).toBeGreaterThan(first[1]);
    // H = 4 lingers at the intermediate critical value tr(YYᵀ) − λ₁
    expect(plateaus(problems[2], runs[2])[1].steps).toBeGreaterThan(500);
  });

  it("the derived GD budget grows as the init shrinks (ε^−(H−2) for H ≥ 3, log for H = 2) and inversely with η", () => {
    for (const p of problems) {
      const base = gdSchedule(p, { lr: 0.01, initScale: 0.05 });
      const smallInit = gdSchedule(p, { lr: 0.01, initScale: 0.025 });
      const smallLr = gdSchedule(p, { lr: 0.005, initScale: 0.05 });
      expect(smallInit.steps).toBeGreaterThan(base.steps);
      expect(smallLr.steps / base.steps).toBeGreaterThan(1.9);
      expect(smallLr.steps / base.steps).toBeLessThan(2.1);
      if (p.H >= 3) {
        // the escape of the first mode scales like ε^−(H−2)
        const ratio = smallInit.arrivals[0] / base.arrivals[0];
        expect(ratio).toBeGreaterThan(0.8 * 2 ** (p.H - 2));
        expect(ratio).toBeLessThan(1.2 * 2 ** (p.H - 2));
      }
    }
  });

  it("scheduledGD runs the derived budget and its table has one row per run and critical value", () => {
    const runs = problems.map((p) => scheduledGD(p, { lr: 0.01, initScale: 0.05, seed: 7 }));
    runs.forEach((r) => {
      expect(r.run?.steps[r.run.steps.length - 1]).toBe(r.schedule.steps);
      expect(arrivalSteps(r.problem, r.run!).length).toBe(r.problem.sMax);
    });
    expect(plateauRows(runs).length).toBe(runs.reduce((s, r) => s + r.problem.sMax + 1, 0));
  });

  it("GD from a small init at 0.9 × the stability bound 2/β stays finite and reaches the minimum (H = 2, 3, 4)", () => {
    for (const p of problems) {
      const lr = 0.9 * gdStabilityBound(p).maxLr;
      const r = scheduledGD(p, { lr, initScale: 0.05, seed: 7 });
      expect(r.run?.finite).toBe(true);
      expect(Math.abs(r.run!.losses[r.run!.losses.length - 1] - p.minValue)).toBeLessThan(r.schedule.tolerance);
    }
  });

  it("deepLinearGD rejects bad options naming them", () => {
    expect(() => deepLinearGD(problems[0], { steps: 0, seed: 1 })).toThrow(/^opts.steps:/);
    expect(() => deepLinearGD(problems[0], { steps: 5, lr: -1, seed: 1 })).toThrow(/^opts.lr:/);
    expect(() => deepLinearGD(problems[0], { steps: 5, initScale: 0, seed: 1 })).toThrow(/^opts.initScale:/);
  });
});

describe("tutorial pipeline", () => {
  it("the claims computed from a small run all hold, and each chart is a Vega-Lite spec with data", () => {
    const rows = problems.flatMap((p) =>
      classifyFamily(p, enumerateCriticalPoints(p, { seed: 7, maxLanes: 1, aligned: true })),
    );
    expect(rows.every((r) => r.agree)).toBe(true);
    const summary = familySummary(rows);
    expect(summary.reduce((s, r) => s + r.points, 0)).toBe(rows.length);
    const zero = problems.map((p) => ({ H: p.H, kind: classifyByHessian(p, zeroLayers(p)).kind }));
    const minimizers = problems.flatMap((p) => checkGlobalMinimizers(p, { count: 2, seed: 1 }));
    const runs = problems.map((p) => scheduledGD(p, { lr: 0.01, initScale: 0.05, seed: 7 }));
    const claims = deepLinearClaims({ rows, zero, minimizers, problems, runs });
    expect(claims.filter((c) => c.status !== "pass")).toEqual([]);
    const gdRuns = runs.map((r) => r.run!);
    for (const spec of [lambdaMinChart(rows), spectrumChart(rows), lossCurveChart(problems[0], gdRuns)]) {
      expect(String(spec.$schema)).toContain("vega-lite");
      expect(JSON.stringify(spec)).toContain('"values"');
    }
    const t = deepLinearTable(rows, ["H", "S", "byHessian"]);
    expect(t.shape).toEqual([rows.length, 3]);
    expect(problemSummary(problems[1]).sMax).toBe(2);
  });

  it("the worked examples: a perp input lane is residual-blind rank, an output along u₃ fed by u₂ is misaligned", () => {
    const ex = ruleExamples(problems, 7);
    expect(ex.skipped).toEqual([]);
    expect(ex.rows.map((r) => [r.junk, r.byHessian, layerReadingMechanism(r)])).toEqual([
      ["1→1 in:perp", "non-strict-saddle", "residual-blind rank"],
      ["1→1 in:free", "strict-saddle", undefined],
      ["1→1 in:1; 3→3 out:2", "non-strict-saddle", "misaligned eigen-directions"],
      ["1→1 in:1; 3→3 out:1", "strict-saddle", undefined],
    ]);
  });

  it("ruleExamples names the examples the widths do not allow (d_y = 2 has no u₃)", () => {
    const d2 = deepLinearData({ dx: 3, dy: 2, N: 30, seed: 2, lambdas: [4, 1] });
    const ps = [
      [3, 2, 2],
      [3, 3, 2, 2],
      [3, 3, 3, 3, 2],
    ].map((widths) => deepLinearProblem({ X: d2.X, Y: d2.Y, widths }));
    const ex = ruleExamples(ps, 7);
    expect(ex.skipped).toEqual(["misaligned eigen-directions: needs d_y ≥ 3, got 2"]);
  });

  it("deepLinearTable shows short number arrays as sets and drops long ones", () => {
    const t = deepLinearTable([{ a: 1, S: [0, 2], long: Array(20).fill(0) }]);
    expect(t.columns).toEqual(["a", "S"]);
    expect(t.values[0]).toEqual([1, "{0,2}"]);
  });
});
