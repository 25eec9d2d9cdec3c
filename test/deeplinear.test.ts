import { describe, expect, it } from "vitest";
import {
  classifyByHessian,
  classifyByRanks,
  criticalPoint,
  criticalValues,
  deepLinearData,
  deepLinearProblem,
  enumerateCriticalPoints,
  globalMinimizer,
  gradient,
  hessian,
  hessianEigenvalues,
  loss,
} from "../src/deeplinear/index.js";
import type { DeepLinearProblem } from "../src/deeplinear/index.js";

function problemFor(widths: number[], seed = 1, noise = 0): DeepLinearProblem {
  const dx = widths[0];
  const dy = widths[widths.length - 1];
  const { X, Y } = deepLinearData({ dx, dy, N: 12, seed, noise });
  return deepLinearProblem({ X, Y, widths });
}

function randomWs(p: DeepLinearProblem, seed: number): number[][][] {
  let s = seed * 9301 + 49297;
  const rnd = () => {
    s = (s * 9301 + 49297) % 233280;
    return s / 233280 - 0.5;
  };
  return p.widths.slice(1).map((d, h) => Array.from({ length: d }, () => Array.from({ length: p.widths[h] }, rnd)));
}

function flatten(Ws: number[][][]): number[] {
  return Ws.flatMap((W) => W.flat());
}

function unflattenLike(Ws: number[][][], v: number[]): number[][][] {
  let o = 0;
  return Ws.map((W) => W.map((row) => row.map(() => v[o++])));
}

function gradNorm(g: number[][][]): number {
  return Math.sqrt(flatten(g).reduce((s, v) => s + v * v, 0));
}

const SHAPES: Record<string, number[]> = {
  "H=2 (4-3-3)": [4, 3, 3],
  "H=3 (4-3-2-3)": [4, 3, 2, 3],
  "H=4 (4-3-2-3-3)": [4, 3, 2, 3, 3],
  "H=3 square (3-3-2-3)": [3, 3, 2, 3],
  "H=3 d_y > d_x (2-3-2-3)": [2, 3, 2, 3],
};

describe("first order: critical values and critical points", () => {
  for (const [name, widths] of Object.entries(SHAPES)) {
    it(`${name}: the loss at the constructed critical point for every S equals tr(YYᵀ) − Σ_{i∈S} λ_i (relative 1e-9) and ∇L = 0`, () => {
      const p = problemFor(widths, 3, 0.2);
      const cvs = criticalValues(p);
      expect(cvs.length).toBeGreaterThan(1);
      for (const cv of cvs) {
        const Ws = criticalPoint(p, { S: cv.S, seed: 7 });
        const L = loss(p, Ws);
        expect(Math.abs(L - cv.value) / p.trYY).toBeLessThan(1e-9);
        expect(gradNorm(gradient(p, Ws)) / p.trYY).toBeLessThan(1e-10);
      }
    });
  }

  it("criticalValues lists every S with |S| ≤ r and flags exactly S = {0..s_max−1} as the global minimum value", () => {
    const p = problemFor([4, 3, 2, 3]);
    const cvs = criticalValues(p);
    // d_y = 3, r = 2: subsets of size 0, 1, 2 → 1 + 3 + 3
    expect(cvs.length).toBe(7);
    const globals = cvs.filter((c) => c.global);
    expect(globals.map((c) => c.S)).toEqual([[0, 1]]);
    expect(Math.min(...cvs.map((c) => c.value))).toBeCloseTo(p.minValue, 12);
    expect(Math.abs(p.minValue - (p.trYY - p.lambdas[0] - p.lambdas[1]))).toBeLessThan(1e-12 * p.trYY);
  });
});

describe("exact derivatives", () => {
  it("the gradient equals central finite differences of the loss (relative 1e-6)", () => {
    const p = problemFor([4, 3, 2, 3], 2, 0.3);
    const Ws = randomWs(p, 5);
    const g = flatten(gradient(p, Ws));
    const x = flatten(Ws);
    const h = 1e-6;
    for (let i = 0; i < x.length; i++) {
      const xp = x.slice();
      const xm = x.slice();
      xp[i] += h;
      xm[i] -= h;
      const fd = (loss(p, unflattenLike(Ws, xp)) - loss(p, unflattenLike(Ws, xm))) / (2 * h);
      expect(Math.abs(fd - g[i])).toBeLessThan(1e-6 * (1 + Math.abs(g[i])));
    }
  });

  for (const [label, Wsf] of [
    ["at a random point", (p: DeepLinearProblem) => randomWs(p, 11)],
    ["at a strict saddle", (p: DeepLinearProblem) => criticalPoint(p, { S: [1], seed: 3 })],
  ] as const) {
    it(`the closed-form Hessian equals central finite differences of the exact gradient ${label} (H = 2, 3, 4; relative 1e-6)`, () => {
      for (const widths of [
        [3, 2, 3],
        [4, 3, 2, 3],
        [3, 2, 3, 2, 3],
      ]) {
        const p = problemFor(widths, 4, 0.3);
        const Ws = Wsf(p);
        const Hm = hessian(p, Ws);
        const x = flatten(Ws);
        const n = x.length;
        expect(Hm.length).toBe(n);
        const scale = Math.max(...Hm.flat().map(Math.abs));
        const h = 1e-6;
        for (let i = 0; i < n; i++) {
          const xp = x.slice();
          const xm = x.slice();
          xp[i] += h;
          xm[i] -= h;
          const gp = flatten(gradient(p, unflattenLike(Ws, xp)));
          const gm = flatten(gradient(p, unflattenLike(Ws, xm)));
          for (let j = 0; j < n; j++) {
            const fd = (gp[j] - gm[j]) / (2 * h);
            expect(Math.abs(fd - Hm[j][i])).toBeLessThan(1e-6 * scale);
          }
          for (let j = 0; j < n; j++) expect(Hm[i][j]).toBe(Hm[j][i]);
        }
      }
    });
  }

  it("hessianEigenvalues returns n eigenvalues in increasing order whose sum is the Hessian's trace", () => {
    const p = problemFor([4, 3, 2, 3]);
    const Ws = randomWs(p, 2);
    const ev = hessianEigenvalues(p, Ws);
    const Hm = hessian(p, Ws);
    expect(ev.length).toBe(Hm.length);
    for (let i = 1; i < ev.length; i++) expect(ev[i]).toBeGreaterThanOrEqual(ev[i - 1]);
    const tr = Hm.reduce((s, row, i) => s + row[i], 0);
    expect(Math.abs(ev.reduce((s, v) => s + v, 0) - tr)).toBeLessThan(1e-10 * Math.abs(tr));
  });
});

describe("second order: the rank rule agrees with the exact Hessian", () => {
  const families: [string, number[], number, number][] = [
    ["H=2 4-3-3", [4, 3, 3], 2, 0],
    ["H=3 4-3-2-3 (d_x > d_y)", [4, 3, 2, 3], 2, 0.2],
    ["H=3 3-3-2-3 (d_x = d_y)", [3, 3, 2, 3], 2, 0],
    ["H=3 2-3-2-3 (d_y > d_x, λ_3 = 0)", [2, 3, 2, 3], 2, 0],
    ["H=4 4-3-2-3-3", [4, 3, 2, 3, 3], 1, 0.2],
    ["H=4 3-2-3-2-3", [3, 2, 3, 2, 3], 2, 0],
  ];
  for (const [name, widths, maxLanes, noise] of families) {
    it(`${name}: classifyByRanks = classifyByHessian on every enumerated critical point (all S, junk lanes incl. aligned ones)`, () => {
      const p = problemFor(widths, 5, noise);
      const fam = enumerateCriticalPoints(p, { seed: 9, maxLanes, aligned: true });
      expect(fam.length).toBeGreaterThan(20);
      const kinds = new Set<string>();
      let agree = 0;
      const bad: string[] = [];
      for (const f of fam) {
        const a = classifyByHessian(p, f.Ws);
        const b = classifyByRanks(p, f.Ws);
        kinds.add(a.kind);
        expect(a.kind).not.toBe("not-critical");
        expect(a.S).toEqual(f.S);
        if (a.kind === b.kind) agree++;
        else bad.push(`${JSON.stringify(f.S)} ${JSON.stringify(f.junk)}: Hessian ${a.kind}, ranks ${b.kind}`);
      }
      expect(bad).toEqual([]);
      expect(agree).toBe(fam.length);
      expect(kinds.has("global-minimizer")).toBe(true);
      expect(kinds.has("strict-saddle")).toBe(true);
      if (widths.length > 3) expect(kinds.has("non-strict-saddle")).toBe(true);
    });
  }

  it("H = 2: every saddle in the enumerated family is strict (certified negative Hessian eigenvalue)", () => {
    const p = problemFor([4, 3, 3], 6, 0.1);
    const fam = enumerateCriticalPoints(p, { seed: 1, maxLanes: 2, aligned: true });
    for (const f of fam) {
      const a = classifyByHessian(p, f.Ws);
      if (a.kind === "global-minimizer") continue;
      expect(a.kind).toBe("strict-saddle");
      expect(a.certificate).toBeLessThan(-a.threshold);
    }
  });

  it("W = 0 with H ≥ 3 is a non-strict saddle (Hessian PSD, here identically 0), with H = 2 a strict one", () => {
    for (const widths of [
      [4, 3, 3],
      [4, 3, 2, 3],
      [4, 3, 2, 3, 3],
    ]) {
      const p = problemFor(widths, 2);
      const W0 = p.widths.slice(1).map((d, h) => Array.from({ length: d }, () => Array(p.widths[h]).fill(0)));
      const a = classifyByHessian(p, W0);
      const b = classifyByRanks(p, W0);
      const expected = widths.length === 3 ? "strict-saddle" : "non-strict-saddle";
      expect(a.kind).toBe(expected);
      expect(b.kind).toBe(expected);
      if (widths.length > 3) expect(Math.max(...hessianEigenvalues(p, W0).map(Math.abs))).toBe(0);
    }
  });

  it("S not of the form {0, …, s−1} ⇒ strict saddle, for H = 2, 3, 4 and every junk configuration", () => {
    for (const widths of [
      [4, 3, 3],
      [4, 3, 2, 3],
      [4, 3, 2, 3, 3],
    ]) {
      const p = problemFor(widths, 8);
      const fam = enumerateCriticalPoints(p, { seed: 2, maxLanes: 1 });
      const notTop = fam.filter((f) => !f.S.every((v, i) => v === i));
      expect(notTop.length).toBeGreaterThan(3);
      for (const f of notTop) expect(classifyByHessian(p, f.Ws).kind).toBe("strict-saddle");
    }
  });

  it("d_x > d_y: rank added in ker Σ_YX does not make a saddle strict — the layer-rank rule misjudges it, the Σ_XY rule does not", () => {
    const p = problemFor([4, 3, 2, 3], 1);
    // S = {0}, H = 3: an extra row of W₁ read by nobody, pointing into (Σ_XY U_{S^c})^⊥, which for d_x > d_y
    // contains ker Σ_YX; versus an extra row along a generic direction.
    const flat = criticalPoint(p, { S: [0], junk: [{ from: 1, to: 1, input: "perp" }], seed: 4 });
    const steep = criticalPoint(p, { S: [0], junk: [{ from: 1, to: 1, input: "free" }], seed: 4 });
    const hf = classifyByHessian(p, flat);
    const hs = classifyByHessian(p, steep);
    expect(hf.ranks.layers).toEqual(hs.ranks.layers); // identical layer ranks [2, 1, 1]
    expect(hf.kind).toBe("non-strict-saddle");
    expect(hs.kind).toBe("strict-saddle");
    expect(classifyByRanks(p, flat).kind).toBe("non-strict-saddle");
    expect(classifyByRanks(p, steep).kind).toBe("strict-saddle");
    expect(classifyByRanks(p, flat, { rule: "layer" }).kind).toBe("strict-saddle"); // the naive rule is wrong here
  });

  it("extra input correlation with u_1 below and extra output u_2 above open no descent path: non-strict, although every rank is as in the strict u_1/u_1 case", () => {
    const p = problemFor([3, 2, 3, 2, 3], 5);
    const misaligned = criticalPoint(p, {
      S: [0],
      junk: [
        { from: 1, to: 1, input: 1 },
        { from: 3, to: 3, output: 2 },
      ],
      seed: 3,
    });
    const aligned = criticalPoint(p, {
      S: [0],
      junk: [
        { from: 1, to: 1, input: 1 },
        { from: 3, to: 3, output: 1 },
      ],
      seed: 3,
    });
    const hm = classifyByHessian(p, misaligned);
    const ha = classifyByHessian(p, aligned);
    expect(hm.ranks).toEqual(ha.ranks); // all partial-product ranks, with and without Σ_XY, coincide
    expect(hm.kind).toBe("non-strict-saddle");
    expect(ha.kind).toBe("strict-saddle");
    expect(classifyByRanks(p, misaligned).kind).toBe("non-strict-saddle");
    expect(classifyByRanks(p, aligned).kind).toBe("strict-saddle");
    expect(classifyByRanks(p, aligned).witness).toEqual({ h1: 2, h2: 3 });
    expect(classifyByRanks(p, misaligned, { rule: "sigma" }).kind).toBe("strict-saddle"); // the rank-only rule is wrong here
  });

  it("a point that is not critical is reported as not-critical by both classifiers", () => {
    const p = problemFor([4, 3, 2, 3]);
    const Ws = randomWs(p, 3);
    expect(classifyByHessian(p, Ws).kind).toBe("not-critical");
    expect(classifyByRanks(p, Ws).kind).toBe("not-critical");
  });

  it("criticalPoint with ranks builds layers of the requested ranks where the widths allow it", () => {
    const p = problemFor([4, 3, 2, 3]);
    for (const ranks of [
      [1, 1, 1],
      [2, 1, 1],
      [1, 2, 1],
      [1, 1, 2],
    ]) {
      const Ws = criticalPoint(p, { S: [0], ranks, seed: 1 });
      expect(classifyByRanks(p, Ws).ranks.layers).toEqual(ranks);
    }
  });
});

describe("global minimizers", () => {
  it("random global minimizers from the parameterization have zero gradient, the minimal loss and a PSD Hessian", () => {
    for (const widths of [
      [4, 3, 3],
      [4, 3, 2, 3],
      [3, 2, 3, 2, 3],
    ]) {
      const p = problemFor(widths, 3, 0.2);
      for (let seed = 0; seed < 5; seed++) {
        const Ws = globalMinimizer(p, { seed });
        const a = classifyByHessian(p, Ws);
        expect(a.kind).toBe("global-minimizer");
        expect(Math.abs(loss(p, Ws) - p.minValue) / p.trYY).toBeLessThan(1e-9);
        expect(a.minEigenvalue).toBeGreaterThanOrEqual(-a.threshold);
        expect(classifyByRanks(p, Ws).kind).toBe("global-minimizer");
      }
    }
  });
});

describe("bad input throws an error naming the argument", () => {
  const good = deepLinearData({ dx: 3, dy: 2, N: 6, seed: 1 });
  it("singular XXᵀ → X", () => {
    const X = [
      [1, 2, 3, 4],
      [2, 4, 6, 8],
      [0, 1, 0, 1],
    ];
    const Y = [[1, 0, 1, 0]];
    expect(() => deepLinearProblem({ X, Y, widths: [3, 2, 1] })).toThrow(/^X: .*singular/);
    expect(() =>
      deepLinearProblem({
        X: good.X.map((r) => r.slice(0, 2)),
        Y: good.Y.map((r) => r.slice(0, 2)),
        widths: [3, 2, 2],
      }),
    ).toThrow(/^X:/);
  });
  it("repeated eigenvalues of Σ → Y", () => {
    const X = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ];
    expect(() => deepLinearProblem({ X, Y: X.map((r) => r.slice()), widths: [3, 2, 3] })).toThrow(/^Y: .*distinct/);
  });
  it("NaN or ragged data → X / Y", () => {
    const X = good.X.map((r) => r.slice());
    X[1][2] = NaN;
    expect(() => deepLinearProblem({ X, Y: good.Y, widths: [3, 2, 2] })).toThrow(/^X: .*NaN/);
    const Y = good.Y.map((r) => r.slice());
    Y[0].pop();
    expect(() => deepLinearProblem({ X: good.X, Y, widths: [3, 2, 2] })).toThrow(/^Y:/);
  });
  it("widths inconsistent with X and Y → widths", () => {
    expect(() => deepLinearProblem({ X: good.X, Y: good.Y, widths: [2, 2, 2] })).toThrow(/^widths:/);
    expect(() => deepLinearProblem({ X: good.X, Y: good.Y, widths: [3] })).toThrow(/^widths:/);
    expect(() => deepLinearProblem({ X: good.X, Y: good.Y, widths: [3, 0, 2] })).toThrow(/^widths:/);
  });
  it("S out of range, repeated, or too large for r → S", () => {
    const p = deepLinearProblem({ ...good, widths: [3, 1, 2] });
    expect(() => criticalPoint(p, { S: [2], seed: 1 })).toThrow(/^S: .*out of range/);
    expect(() => criticalPoint(p, { S: [-1], seed: 1 })).toThrow(/^S:/);
    expect(() => criticalPoint(p, { S: [0, 0], seed: 1 })).toThrow(/^S: .*distinct/);
    expect(() => criticalPoint(p, { S: [0, 1], seed: 1 })).toThrow(/^S: .*too large/);
    expect(() => criticalPoint(p, { S: [0.5], seed: 1 })).toThrow(/^S:/);
  });
  it("layers of inconsistent shapes or with NaN → Ws", () => {
    const p = deepLinearProblem({ ...good, widths: [3, 2, 2] });
    const Ws = criticalPoint(p, { S: [0], seed: 1 });
    expect(() => loss(p, [Ws[0]])).toThrow(/^Ws:/);
    expect(() => gradient(p, [Ws[1], Ws[0]])).toThrow(/^Ws: W_1 must be 2 × 3/);
    const bad = Ws.map((W) => W.map((r) => r.slice()));
    bad[1][0][1] = NaN;
    expect(() => hessian(p, bad)).toThrow(/^Ws: W_2\[0\]\[1\]/);
    expect(() => classifyByHessian(p, bad)).toThrow(/^Ws:/);
    expect(() => classifyByRanks(p, bad)).toThrow(/^Ws:/);
    expect(() => classifyByHessian(p, Ws, { tol: -1 })).toThrow(/^opts.tol:/);
  });
  it("invalid junk lanes → junk", () => {
    const p = deepLinearProblem({ ...good, widths: [3, 2, 2, 2] });
    expect(() => criticalPoint(p, { S: [0], junk: [{ from: 2, to: 1 }], seed: 1 })).toThrow(/^junk:/);
    expect(() =>
      criticalPoint(p, { S: [0], junk: [{ from: 1, to: 2, input: "free", output: "free" }], seed: 1 }),
    ).toThrow(/^junk:/);
  });
});

describe("resources", () => {
  it("no tfjs tensor is leaked (the module is pure float64 and allocates none)", async () => {
    const { tf } = await import("../src/tensor/index.js");
    const before = tf.memory().numTensors;
    const p = problemFor([4, 3, 2, 3]);
    const Ws = criticalPoint(p, { S: [0], seed: 1 });
    classifyByHessian(p, Ws);
    classifyByRanks(p, Ws);
    globalMinimizer(p, { seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});
