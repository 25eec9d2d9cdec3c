import { describe, expect, it } from "vitest";
import {
  createRng,
  expectedLinearizedSgdLoss,
  gdExperiment,
  gdWidthStudy,
  hessianNorm,
  lambdaMin,
  lambdaMax,
  logLogSlope,
  mlp,
  ntkInfinite,
  nonConvexityExperiment,
  plInequalityExperiment,
  plStarClaims,
  relativeError,
  sgdExperiment,
  sgdStepSize,
  sphereData,
  studentCritical,
  tangentKernel,
  trainGD,
  trainSGD,
  underParameterizedExperiment,
  widthSweep,
} from "../src/index.js";

const data = sphereData({ n: 8, inputDim: 8, seed: 1 });

describe("PL* inequality", () => {
  it("½‖∇L‖² ≥ λ_min(K)·L at random points (relu, tanh, softplus; several widths and distances)", () => {
    const rows = plInequalityExperiment({
      data,
      widths: [4, 32, 256],
      activations: ["relu", "tanh", "softplus"],
      samples: 18,
      seed: 3,
    });
    expect(rows).toHaveLength(18);
    for (const r of rows) {
      expect(r.lambdaMin).toBeGreaterThan(-1e-12);
      expect(r.halfGradSq).toBeGreaterThanOrEqual(r.lambdaMin * r.loss * (1 - 1e-12) - 1e-15);
    }
    expect(rows.filter((r) => r.lambdaMin > 1e-3).length).toBeGreaterThan(9);
  });
});

describe("infinite-width NTK (closed forms)", () => {
  const X = [
    [1, 0, 0, 0],
    [0, 1, 0, 0],
    [-1, 0, 0, 0],
    [1, 1, 1, 1],
    [0.3, -0.2, 0.9, 0.4],
  ];
  it("is symmetric for relu and erf", () => {
    for (const kind of ["relu", "erf"] as const) {
      const K = ntkInfinite(kind, X);
      for (let i = 0; i < X.length; i++) for (let j = 0; j < X.length; j++) expect(K[i][j]).toBe(K[j][i]);
    }
  });
  it("relu: K∞(x, x) = ‖x‖²/d, K∞(x, x⊥) = ‖x‖‖x⊥‖/(2πd), K∞(x, −x) = 0", () => {
    const K = ntkInfinite("relu", X);
    expect(K[0][0]).toBeCloseTo(1 / 4, 15);
    expect(K[3][3]).toBeCloseTo(1, 15);
    expect(K[0][1]).toBeCloseTo(1 / (2 * Math.PI) / 4, 15);
    expect(K[0][2]).toBeCloseTo(0, 15);
  });
  it("erf: K∞(x, x) = (2/π) asin(2q/(1+2q)) + q(4/π)/√(1+4q), q = ‖x‖²/d", () => {
    const K = ntkInfinite("erf", X);
    for (const [i, q] of [
      [0, 0.25],
      [3, 1],
    ] as const) {
      expect(K[i][i]).toBeCloseTo(
        (2 / Math.PI) * Math.asin((2 * q) / (1 + 2 * q)) + (q * 4) / Math.PI / Math.sqrt(1 + 4 * q),
        14,
      );
    }
    // x ⊥ x′: Σ₁₂ = 0, so K∞ = 0 + 0.
    expect(K[0][1]).toBeCloseTo(0, 15);
  });
  it("a very wide network's kernel is close to K∞ (relative error ~ m^(−1/2), 4 nets of width 2^13)", () => {
    const Xs = sphereData({ n: 6, inputDim: 4, seed: 5 }).X;
    for (const kind of ["relu", "erf"] as const) {
      const Kinf = ntkInfinite(kind, Xs);
      const errs = [0, 1, 2, 3].map((s) =>
        relativeError(tangentKernel(mlp({ inputDim: 4, widths: [8192], activation: kind, seed: 10 + s }), Xs), Kinf),
      );
      const mean = errs.reduce((a, b) => a + b, 0) / errs.length;
      expect(mean).toBeLessThan(0.04);
      expect(mean).toBeGreaterThan(0.001); // finite width: not exactly equal
    }
  });
});

describe("transition to linearity", () => {
  it("‖H_f‖ at init falls like m^(−1/2) with a linear output (relu and tanh)", () => {
    const widths = [64, 256, 1024, 4096];
    for (const act of ["relu", "tanh"]) {
      const h = widths.map((m) =>
        hessianNorm(mlp({ inputDim: 8, widths: [m], activation: act, seed: m }), data.X.slice(0, 4)),
      );
      expect(Math.abs(logLogSlope(widths, h) + 0.5)).toBeLessThan(0.12);
    }
  });
  it("relu, linear output: ‖∇²_w f(x)‖ = ‖x‖/√(d m) exactly (power iteration recovers it; max over points)", () => {
    const X = [
      [1, 2, 0],
      [0, -1, 1],
      [3, 0, 0],
    ];
    for (const m of [10, 50, 333]) {
      const net = mlp({ inputDim: 3, widths: [m], activation: "relu", seed: m });
      expect(hessianNorm(net, X)).toBeCloseTo(3 / Math.sqrt(3 * m), 12);
    }
  });

  it("‖H_f‖ does not shrink with a tanh output layer (slope ≈ 0)", () => {
    const widths = [64, 256, 1024, 4096];
    const h = widths.map((m) =>
      hessianNorm(mlp({ inputDim: 8, widths: [m], activation: "relu", outputActivation: "tanh", seed: m }), data.X),
    );
    expect(Math.abs(logLogSlope(widths, h))).toBeLessThan(0.15);
  });
  it("width sweep: ‖K_m − K∞‖/‖K∞‖ slope ≈ −½ and λ_min(K_m) → λ_min(K∞)", async () => {
    const sw = await widthSweep({ data, widths: [128, 512, 2048, 8192], activation: "erf", seeds: 2, seed: 1 });
    expect(Math.abs(sw.kernelErrorSlope + 0.5)).toBeLessThan(0.15);
    const last = sw.summary[sw.summary.length - 1];
    expect(Math.abs(last.lambdaMin - sw.lambdaMinInfinite) / sw.lambdaMinInfinite).toBeLessThan(0.1);
  });
});

describe("sweeps: bad input", () => {
  it("widthSweep and gdWidthStudy reject bad widths and seeds with the argument's name", async () => {
    const ok = { data, activation: "relu", seeds: 1, seed: 1 };
    await expect(widthSweep({ ...ok, widths: [64] })).rejects.toThrow(/^widths: expected at least two widths/);
    await expect(widthSweep({ ...ok, widths: [64, 0] })).rejects.toThrow(/^widths\[i\]: /);
    await expect(widthSweep({ ...ok, widths: [64, 128], seeds: 0 })).rejects.toThrow(/^seeds: /);
    const gd = { data, activation: "relu", steps: 10, seed: 1 };
    await expect(gdWidthStudy({ ...gd, widths: [] })).rejects.toThrow(/^widths: expected a non-empty array/);
    await expect(gdWidthStudy({ ...gd, widths: [16, 2.5] })).rejects.toThrow(/^widths\[i\]: /);
  });
});

describe("GD and SGD under PL*", () => {
  it("GD at η = 1/β: L(w_t) ≤ (1 − ημ)^t L(w₀), the path stays in B(w₀, R), β bounds ‖∇²L‖ on the path", () => {
    const r = gdExperiment({ data, width: 256, activation: "relu", steps: 150, record: 10, seed: 2 });
    expect(r.boundHolds).toBe(true);
    expect(r.maxDistance).toBeLessThanOrEqual(r.R);
    expect(r.betaRun).toBeLessThanOrEqual(r.beta);
    expect(r.mu).toBeGreaterThan(0);
    expect(r.finalLoss / r.loss0).toBeLessThan(1e-8);
    for (const rec of r.records) expect(rec.plRatio).toBeGreaterThan(0);
  });

  it("wider nets travel the same distance under GD while their kernel moves less (slopes ≈ 0 and ≤ −½)", async () => {
    const r = await gdWidthStudy({
      data,
      widths: [64, 256, 1024],
      activation: "relu",
      steps: 100,
      record: 20,
      seed: 2,
    });
    expect(Math.abs(r.distanceSlope)).toBeLessThan(0.15);
    expect(r.kernelChangeSlope).toBeLessThan(-0.4);
    for (const row of r.rows) {
      expect(row.maxDistance).toBeLessThanOrEqual(row.R);
      expect(row.lossReduction).toBeLessThan(1e-6);
    }
  });

  it("SGD with batch sizes 1, n/2 and n converges exponentially at the safe step size", () => {
    const runs = sgdExperiment({ data, width: 256, activation: "relu", batchSizes: [1, 4, 8], epochs: 40, seed: 3 });
    for (const r of runs) {
      expect(r.lossReduction).toBeLessThan(1e-4);
      expect(r.log10LossPerEpoch).toBeLessThan(0);
    }
  });

  it("sgdStepSize for b = n is 1/λ_max(K(w₀))", () => {
    const net = mlp({ inputDim: 8, widths: [64], activation: "relu", seed: 1 });
    expect(sgdStepSize(net, data.X, data.X.length)).toBeCloseTo(1 / lambdaMax(tangentKernel(net, data.X)), 12);
  });

  it("trainGD and trainSGD return DataFrames with the run's columns", () => {
    const net = mlp({ inputDim: 8, widths: [32], activation: "tanh", seed: 1 });
    const df = trainGD(net, data.X, data.y, { lr: 0.1, steps: 20, record: 5 });
    expect(df.shape).toEqual([21, 7]);
    expect(df.columns).toEqual(["step", "epoch", "loss", "pl_ratio", "lambda_min", "distance", "kernel_change"]);
    const loss = df.column("loss").values as number[];
    expect(loss[20]).toBeLessThan(loss[0]);
    const lm = df.column("lambda_min").values as number[];
    expect(Number.isFinite(lm[5])).toBe(true);
    expect(Number.isNaN(lm[3])).toBe(true);
    const sdf = trainSGD(net, data.X, data.y, { lr: 0.02, steps: 16, batchSize: 2, seed: 4 });
    expect(sdf.shape).toEqual([17, 7]);
    expect((sdf.column("epoch").values as number[])[16]).toBeCloseTo(4, 12);
  });
});

describe("under-parameterized and non-convex landscapes", () => {
  it("P < n: λ_min(K) = 0 and GD stalls above 0 while a wide net fits", () => {
    const d = sphereData({ n: 20, inputDim: 8, seed: 2 });
    const r = underParameterizedExperiment({
      data: d,
      underWidth: 2,
      overWidth: 128,
      activation: "tanh",
      steps: 300,
      seed: 1,
    });
    expect(r.under.parameterCount).toBeLessThan(20);
    expect(Math.abs(r.under.lambdaMinOverLambdaMax)).toBeLessThan(1e-12);
    const u = r.under.records;
    expect(u[u.length - 1].loss / u[0].loss).toBeGreaterThan(1e-2);
    const o = r.over.records;
    expect(o[o.length - 1].loss / o[0].loss).toBeLessThan(1e-3);
    const net = mlp({ inputDim: 8, widths: [2], activation: "relu", seed: 3 });
    const K = tangentKernel(net, d.X);
    expect(lambdaMin(K)).toBeLessThan(1e-12 * lambdaMax(K));
  });

  it("not locally convex: ∇²L has a negative eigenvalue at w* + δv for δ = 1e-1 … 1e-4, scaling like δ", () => {
    const d = sphereData({ n: 5, inputDim: 3, seed: 4 });
    const r = nonConvexityExperiment({
      data: d,
      width: 8,
      activation: "tanh",
      deltas: [1e-1, 1e-2, 1e-3, 1e-4],
      directions: 3,
      seed: 2,
    });
    expect(r.minimizerLoss).toBeLessThan(1e-24);
    expect(r.hessianAtMinimizer.min).toBeGreaterThan(-1e-10 * r.hessianAtMinimizer.max);
    for (const row of r.rows) expect(row.lambdaMinHessian).toBeLessThan(0);
    const slope = logLogSlope(
      r.rows.map((q) => q.delta),
      r.rows.map((q) => -q.lambdaMinHessianMedian),
    );
    expect(Math.abs(slope - 1)).toBeLessThan(0.1);
  });

  it("the claims table marks a violated claim as failed", () => {
    const rows = plStarClaims({
      inequality: [
        {
          width: 1,
          activation: "relu",
          radius: 0,
          loss: 1,
          halfGradSq: 0.5,
          lambdaMin: 1,
          lambdaMax: 1,
          rounding: 100 * Number.EPSILON,
          rhs: 1,
          ratio: 0.5,
        },
      ],
    });
    expect(rows).toHaveLength(1);
    expect(rows[0].status).toBe("fail");
  });
});

describe("the claims' statistics and predictions", () => {
  it("studentCritical gives the tabulated two-sided t values (0.95: ν = 1, 5, 30; 0.999: ν = 10)", () => {
    expect(studentCritical(0.95, 1)).toBeCloseTo(12.7062, 3);
    expect(studentCritical(0.95, 5)).toBeCloseTo(2.5706, 3);
    expect(studentCritical(0.95, 30)).toBeCloseTo(2.0423, 3);
    expect(studentCritical(0.999, 10)).toBeCloseTo(4.5869, 3);
  });

  it("expectedLinearizedSgdLoss with b = n is GD's ½‖(I − ηK)^t r₀‖² (relative error < 1e-10)", () => {
    const net = mlp({ inputDim: 8, widths: [64], activation: "relu", seed: 3 });
    const K = tangentKernel(net, data.X);
    const r0 = data.y.map((y, i) => i - y);
    const lr = 1 / lambdaMax(K);
    const expected = expectedLinearizedSgdLoss(K.flat(), r0, { lr, batchSize: 8, steps: 40, record: 10 });
    let r = r0.slice();
    for (let t = 1; t <= 40; t++) {
      const Kr = K.map((row) => row.reduce((s, v, j) => s + v * r[j], 0));
      r = r.map((x, i) => x - lr * Kr[i]);
      if (t % 10 === 0) {
        const gd = 0.5 * r.reduce((s, x) => s + x * x, 0);
        const row = expected.find((e) => e.step === t);
        expect(Math.abs((row?.expectedLoss ?? NaN) - gd) / gd).toBeLessThan(1e-10);
      }
    }
  });

  it("expectedLinearizedSgdLoss with b = 2 of n = 5 matches the mean of 4000 simulated linear SGD runs within 4 SE", () => {
    const K = [
      [2, 0.5, 0.2, 0, 0.1],
      [0.5, 1.5, 0.3, 0.1, 0],
      [0.2, 0.3, 1, 0.2, 0.1],
      [0, 0.1, 0.2, 0.8, 0.3],
      [0.1, 0, 0.1, 0.3, 1.2],
    ];
    const r0 = [1, -0.5, 0.3, 0.8, -1.2];
    const lr = 0.1;
    const steps = 12;
    const b = 2;
    const predicted = expectedLinearizedSgdLoss(K.flat(), r0, { lr, batchSize: b, steps, record: steps });
    const rng = createRng(5);
    const losses: number[] = [];
    for (let run = 0; run < 4000; run++) {
      let r = r0.slice();
      for (let t = 0; t < steps; t++) {
        const idx = [0, 1, 2, 3, 4];
        for (let i = 0; i < b; i++) {
          const j = i + rng.int(5 - i);
          [idx[i], idx[j]] = [idx[j], idx[i]];
        }
        const batch = idx.slice(0, b);
        r = r.map((x, i) => x - lr * (5 / b) * batch.reduce((s, k) => s + K[i][k] * r[k], 0));
      }
      losses.push(0.5 * r.reduce((s, x) => s + x * x, 0));
    }
    const mean = losses.reduce((a, x) => a + x, 0) / losses.length;
    const sd = Math.sqrt(losses.reduce((a, x) => a + (x - mean) ** 2, 0) / (losses.length - 1));
    const se = sd / Math.sqrt(losses.length);
    expect(Math.abs(predicted[predicted.length - 1].expectedLoss - mean)).toBeLessThan(4 * se);
  });
});
