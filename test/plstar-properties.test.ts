/**
 * Tutorial 1 under a reader's hand: parameter sets drawn from the declared domains (narrowed to small sizes so the
 * file runs in about a minute on one core) go through the notebook's sequence of library calls end to end; none may
 * crash and no applicable claim may fail. Hand-picked sets that leave a hypothesis get "not applicable" rows that
 * name it with the run's values.
 */
import { describe, expect, it } from "vitest";
import {
  claimsTable,
  createRng,
  gdDistanceChart,
  gdLossChart,
  gdWidthChart,
  hessianWidthChart,
  kernelConvergenceChart,
  lambdaMinWidthChart,
  nonConvexityChart,
  plFrame,
  plInequalityChart,
  plRecordsFrame,
  sgdChart,
  underParamChart,
  gdExperiment,
  gdWidthStudy,
  nonConvexityExperiment,
  plInequalityExperiment,
  plStarClaims,
  plStarParameters,
  plWidths,
  sgdBatchSizes,
  sgdExperiment,
  sphereData,
  underParameterizedExperiment,
  widthSweep,
  type Claim,
  type ParameterDomain,
  type PlStarParameterValues,
} from "../src/index.js";

/** The notebook's cells, in order, as library calls (one worker: the test runs on one core). */
async function runTutorial(p: PlStarParameterValues): Promise<Claim[]> {
  plStarParameters.check(p);
  const data = sphereData({ n: p.n, inputDim: p.inputDim, seed: p.dataSeed });
  const inequality = plInequalityExperiment({
    data,
    widths: [16, 128, 1024],
    activations: ["relu", "tanh", "softplus"],
    samples: 45,
    seed: p.seed,
  });
  const widths = plWidths(p.minWidthExponent, p.maxWidthExponent);
  const common = { data, widths, activation: p.sweepActivation, seeds: p.sweepSeeds, seed: p.seed, workers: 1 };
  const sweep = await widthSweep({ ...common, kernel: p.sweepKernel });
  const sweepOutput = await widthSweep({ ...common, outputActivation: p.outputActivation, kernel: p.sweepKernel });
  const gd = gdExperiment({ data, width: p.gdWidth, activation: "relu", steps: p.gdSteps, record: 10, seed: p.seed });
  const gdWidths = await gdWidthStudy({
    data,
    widths: plWidths(p.minWidthExponent, p.gdStudyMaxExponent),
    activation: "relu",
    steps: p.gdSteps,
    record: 25,
    seed: p.seed,
    workers: 1,
  });
  const sgd = sgdExperiment({
    data,
    width: p.sgdWidth,
    activation: "relu",
    batchSizes: sgdBatchSizes(p.n),
    epochs: p.sgdEpochs,
    seed: p.seed,
  });
  const underData = sphereData({ n: p.underN, inputDim: p.inputDim, seed: p.dataSeed + 1 });
  const under = underParameterizedExperiment({
    data: underData,
    underWidth: p.underWidth,
    overWidth: p.overWidth,
    activation: "tanh",
    steps: p.underSteps,
    seed: p.seed,
  });
  const convexData = sphereData({ n: p.convexN, inputDim: p.convexDim, seed: p.dataSeed + 2 });
  const nonConvex = nonConvexityExperiment({
    data: convexData,
    width: p.convexWidth,
    activation: "tanh",
    deltas: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5],
    directions: 8,
    seed: p.seed,
  });
  // The notebook's charts and tables of the same results (a chart builder refuses e.g. duplicate series names).
  plInequalityChart(inequality);
  lambdaMinWidthChart(sweep);
  kernelConvergenceChart(sweep);
  hessianWidthChart([sweep, sweepOutput]);
  plFrame(sweep.summary);
  gdLossChart(gd);
  gdDistanceChart(gd);
  gdWidthChart(gdWidths.rows);
  plFrame(gdWidths.rows);
  plRecordsFrame(gd.records.filter((r) => !Number.isNaN(r.lambdaMin)));
  sgdChart(sgd);
  underParamChart(under);
  nonConvexityChart(nonConvex);
  plFrame(nonConvex.rows);
  const rows = plStarClaims({ inequality, sweep, sweepOutput, gd, gdWidths, sgd, under, nonConvex });
  claimsTable(rows); // the notebook's last call: a malformed row would throw here
  return rows;
}

/** Small sizes inside the declared domains (and inside the hypotheses: P < n for the small net, P > n elsewhere). */
const small: Partial<Record<keyof PlStarParameterValues, ParameterDomain>> = {
  n: { kind: "integer", min: 4, max: 10 },
  inputDim: { kind: "integer", min: 4, max: 5 },
  minWidthExponent: { kind: "integer", min: 5, max: 5 },
  maxWidthExponent: { kind: "integer", min: 8, max: 9 },
  sweepSeeds: { kind: "integer", min: 2, max: 3 },
  sweepKernel: { kind: "choice", values: ["float64", "tensor"] },
  outputActivation: { kind: "choice", values: ["tanh", "erf", "softplus", "sigmoid"] },
  gdWidth: { kind: "integer", min: 64, max: 256 },
  gdSteps: { kind: "integer", min: 50, max: 150 },
  gdStudyMaxExponent: { kind: "integer", min: 7, max: 8 },
  sgdWidth: { kind: "integer", min: 128, max: 256 },
  sgdEpochs: { kind: "integer", min: 10, max: 30 },
  underN: { kind: "integer", min: 14, max: 24 },
  underWidth: { kind: "integer", min: 1, max: 2 },
  overWidth: { kind: "integer", min: 32, max: 96 },
  underSteps: { kind: "integer", min: 50, max: 150 },
  convexN: { kind: "integer", min: 2, max: 6 },
  convexDim: { kind: "integer", min: 2, max: 3 },
  convexWidth: { kind: "integer", min: 4, max: 8 },
};

const DEFAULTS: PlStarParameterValues = {
  n: 8,
  inputDim: 4,
  dataSeed: 1,
  seed: 7,
  minWidthExponent: 5,
  maxWidthExponent: 8,
  sweepSeeds: 1,
  sweepKernel: "float64",
  sweepActivation: "relu",
  outputActivation: "tanh",
  gdWidth: 128,
  gdSteps: 80,
  gdStudyMaxExponent: 7,
  sgdWidth: 128,
  sgdEpochs: 15,
  underN: 16,
  underWidth: 2,
  overWidth: 64,
  underSteps: 80,
  convexN: 4,
  convexDim: 2,
  convexWidth: 6,
};

function failing(rows: Claim[]): string[] {
  return rows.filter((r) => r.status === "fail").map((r) => `${r.claim}: predicted ${r.predicted}, got ${r.measured}`);
}

describe("tutorial 1 at random parameter sets from its domains", () => {
  const rng = createRng(20261207);
  const sets = Array.from({ length: 8 }, () => plStarParameters.sample(rng, small));
  for (const [i, p] of sets.entries()) {
    it(`set ${i} runs end to end with no failing applicable claim and at most 2 not applicable`, async () => {
      const rows = await runTutorial(p);
      expect(failing(rows), JSON.stringify(p)).toEqual([]);
      const na = rows.filter((r) => r.status === "not-applicable").map((r) => `${r.claim}: ${r.reason}`);
      expect(na.length, na.join("\n")).toBeLessThanOrEqual(2);
    }, 60_000);
  }
});

describe("tutorial 1 sets that leave a hypothesis", () => {
  for (const output of ["relu", "linear"] as const) {
    it(`σ_out = ${output} (σ″ ≡ 0): the 'does not vanish' claim is not applicable and says σ″ ≡ 0`, async () => {
      const rows = await runTutorial({ ...DEFAULTS, outputActivation: output });
      const row = rows.find((r) => r.claim.includes("does not vanish"));
      expect(row?.status).toBe("not-applicable");
      expect(row?.reason).toContain(`σ_out = ${output} has σ″ ≡ 0`);
      expect(failing(rows)).toEqual([]);
    }, 60_000);
  }

  it("underWidth = 8 with d = 4, underN = 16 (P = 40 ≥ n): the under-parameterized claims are not applicable with P and n", async () => {
    const rows = await runTutorial({ ...DEFAULTS, underWidth: 8 });
    const under = rows.filter((r) => r.claim.startsWith("under-parameterized"));
    expect(under).toHaveLength(2);
    for (const r of under) {
      expect(r.status).toBe("not-applicable");
      expect(r.reason).toContain("P = 40 ≥ n = 16");
    }
  }, 60_000);

  it("a wide network with P ≤ n (width 4, d = 4, n = 30, below the schema's domain): its claim is not applicable", () => {
    const data = sphereData({ n: 30, inputDim: 4, seed: 2 });
    const under = underParameterizedExperiment({
      data,
      underWidth: 2,
      overWidth: 4,
      activation: "tanh",
      steps: 50,
      seed: 1,
    });
    const row = plStarClaims({ under }).find((r) => r.claim.startsWith("the wide network"));
    expect(row?.status).toBe("not-applicable");
    expect(row?.reason).toContain("P = 20 ≤ n = 30");
  });

  it("convexWidth = 1, convexDim = 2 (P = 3 ≤ convexN = 4): the non-convexity claims are not applicable", async () => {
    const rows = await runTutorial({ ...DEFAULTS, convexWidth: 1, convexDim: 2 });
    const nc = rows.filter((r) => /minimizer|not locally convex|scales like δ/.test(r.claim));
    expect(nc).toHaveLength(3);
    for (const r of nc) expect(r.reason).toContain("P = 3 ≤ n = 4");
  }, 60_000);

  it("a GD network with P ≤ n (width 2, d = 4, n = 16, below the schema's domain): the GD claims are not applicable", () => {
    const data = sphereData({ n: 16, inputDim: 4, seed: 1 });
    const gd = gdExperiment({ data, width: 2, activation: "relu", steps: 20, record: 10, seed: 1 });
    const rows = plStarClaims({ gd });
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const r of rows) {
      expect(r.status).toBe("not-applicable");
      expect(r.reason).toContain("P = 10 ≤ n = 16");
    }
  });
});

describe("tutorial 1's parameter schema", () => {
  it("refuses n = 2.5 naming n, its domain and the value", () => {
    expect(() => plStarParameters.check({ ...DEFAULTS, n: 2.5 })).toThrow("n: expected an integer in [4, 48], got 2.5");
  });
  it("refuses maxWidthExponent < minWidthExponent + 3 naming both", () => {
    expect(() => plStarParameters.check({ ...DEFAULTS, minWidthExponent: 6, maxWidthExponent: 8 })).toThrow(
      /^minWidthExponent, maxWidthExponent: expected maxWidthExponent ≥ minWidthExponent \+ 3/,
    );
  });
  it("sgdBatchSizes(n) is 1, ⌈n/4⌉, n without repeats for n not divisible by 4", () => {
    expect(sgdBatchSizes(10)).toEqual([1, 3, 10]);
    expect(sgdBatchSizes(4)).toEqual([1, 4]);
  });
});
