import { describe, expect, it } from "vitest";
import { createRng } from "../src/tensor/index.js";
import { basisPursuit, dlnFlow, dlnFlowDirect, dlnGD, dlnLimit, selectedMinimizer } from "../src/diagonal/index.js";

const LINE = {
  A: [
    [1, 1, 1],
    [3, 0, 1],
  ],
  y: [3, 3],
};
const PLANE = {
  A: [
    [2, -1, 0, 1],
    [0, 3, 2, 0],
  ],
  y: [0, 6],
};
const RANDOM = {
  A: [
    [-0.111, 0.12, -0.37, -0.24, -1.197],
    [0.209, -0.972, -0.755, 0.324, -0.109],
    [0.21, -0.391, 0.235, 0.665, 0.353],
  ],
  y: [0.973, -0.039, -0.886],
};

/** The paper's closed-form t of the selected basis-pursuit solution x = (1−t, 2(1−t), 3t). */
function closedT(D: number): number {
  return D === 2
    ? (4 - 6 * 2 ** (1 / 3) + 9 * 2 ** (2 / 3)) / 31
    : 1 / (1 + (3 ** (2 / D) / (2 ** (2 / D) + 1)) ** (-D / (D - 2)));
}

const maxAbsDiff = (a: number[], b: number[]): number => Math.max(...a.map((v, i) => Math.abs(v - b[i])));
const residual = (A: number[][], x: number[], y: number[]): number =>
  Math.sqrt(A.reduce((s, row, i) => s + (row.reduce((t, a, j) => t + a * x[j], 0) - y[i]) ** 2, 0));

function gaussianProblem(m: number, n: number, k: number, seed: number): { A: number[][]; y: number[]; xs: number[] } {
  const rng = createRng(seed);
  const A = Array.from({ length: m }, () => Array.from(rng.normals(n), (v) => v / Math.sqrt(m)));
  const xs = new Array(n).fill(0);
  const perm = rng.permutation(n);
  for (let i = 0; i < k; i++) xs[perm[i]] = rng.normal() + (rng.uniform() < 0.5 ? -1 : 1);
  const y = A.map((row) => row.reduce((s, a, j) => s + a * xs[j], 0));
  return { A, y, xs };
}

describe("diagonal linear networks: the t → ∞ limit (dlnLimit)", () => {
  it.each([2, 2.5, 3, 4])(
    "as α → 0 the limit on A=[[1,1,1],[3,0,1]], y=(3,3) selects the paper's closed-form t within 1e-6 (D = %s)",
    (D) => {
      const r = dlnLimit({ ...LINE, depth: D, alpha: 1e-9 ** (1 / D) });
      const t = r.x[2] / 3;
      expect(Math.abs(t - closedT(D))).toBeLessThan(1e-6);
      // and the limit lies on the segment x = (1−t, 2(1−t), 3t) up to the O(α^D) off-face error
      expect(maxAbsDiff(r.x, [1 - t, 2 * (1 - t), 3 * t])).toBeLessThan(1e-6);
    },
  );

  it("the limit interpolates: A x = y to 1e-10 for D ∈ {2, 2.5, 3, 4}, α^D ∈ [1e-9, 1], on the Figure 1 cases and a Gaussian 8×20", () => {
    const g = gaussianProblem(8, 20, 3, 7);
    for (const c of [LINE, PLANE, RANDOM, g])
      for (const D of [2, 2.5, 3, 4])
        for (const aD of [1, 1e-3, 1e-6, 1e-9]) {
          const r = dlnLimit({ A: c.A, y: c.y, depth: D, alpha: aD ** (1 / D) });
          expect(r.residual).toBeLessThan(1e-10);
          expect(residual(c.A, r.x, c.y)).toBeLessThan(1e-10);
        }
  });

  it.each([
    [LINE, 2, 0.5],
    [LINE, 3, 0.5],
    [PLANE, 2.5, 0.7],
    [RANDOM, 4, 0.5],
    [RANDOM, 2, 0.3],
  ])(
    "dlnLimit equals a direct Dormand–Prince integration of the (a, b) flow to 1e-8 (case %#, D = %s, α = %s)",
    (c, D, alpha) => {
      const lim = dlnLimit({ A: c.A, y: c.y, depth: D as number, alpha: alpha as number });
      const direct = dlnFlowDirect({
        A: c.A,
        y: c.y,
        depth: D as number,
        alpha: alpha as number,
        times: [2000],
        rtol: 1e-12,
      });
      expect(direct.loss[0]).toBeLessThan(1e-20);
      expect(maxAbsDiff(lim.x, direct.x[0])).toBeLessThan(1e-8);
    },
  );

  it("the limit approaches the unique basis-pursuit solution x* like α^D (D = 3, 4; Gaussian 10×24, 2-sparse)", async () => {
    const g = gaussianProblem(10, 24, 2, 3);
    const bp = await basisPursuit(g.A, g.y);
    expect(maxAbsDiff(bp.x, g.xs)).toBeLessThan(1e-12);
    for (const D of [3, 4]) {
      const d = [1e-8, 1e-10].map((aD) =>
        maxAbsDiff(dlnLimit({ A: g.A, y: g.y, depth: D, alpha: aD ** (1 / D) }).x, bp.x),
      );
      expect(d[1]).toBeLessThan(1e-5);
      // α^D down by 100 ⇒ distance down by ≈ 100
      expect(d[0] / d[1]).toBeGreaterThan(50);
      expect(d[0] / d[1]).toBeLessThan(200);
    }
  });
});

describe("diagonal linear networks: trajectories (dlnFlow, dlnGD)", () => {
  it("the closed-form flow (ODE in ν, ESDIRK5) equals the direct (a, b) flow at every time to 1e-8", () => {
    for (const D of [2, 3]) {
      const times = [0.05, 0.5, 5, 50];
      const f = dlnFlow({ ...LINE, depth: D, alpha: 0.4, times });
      const g = dlnFlowDirect({ ...LINE, depth: D, alpha: 0.4, times, rtol: 1e-12 });
      f.x.forEach((x, i) => expect(maxAbsDiff(x, g.x[i])).toBeLessThan(1e-8));
    }
  });

  it("the flow at a late time equals dlnLimit at small α (stiff regime, α^D = 1e-6, D = 2.5)", () => {
    const alpha = 1e-6 ** (1 / 2.5);
    const lim = dlnLimit({ ...PLANE, depth: 2.5, alpha });
    const f = dlnFlow({ ...PLANE, depth: 2.5, alpha, times: [1e9 * alpha ** -0.5] });
    expect(maxAbsDiff(f.x[0], lim.x)).toBeLessThan(1e-8);
  });

  it("gradient descent is a first-order discretization of the flow: halving the step halves the error", () => {
    const T = 2;
    const flow = dlnFlow({ ...LINE, depth: 2, alpha: 0.5, times: [T] }).x[0];
    const err = [0.01, 0.005].map((lr) => {
      const gd = dlnGD({ ...LINE, depth: 2, alpha: 0.5, lr, steps: Math.round(T / lr) });
      expect(gd.diverged).toBe(false);
      return maxAbsDiff(gd.x[gd.x.length - 1], flow);
    });
    expect(err[0] / err[1]).toBeGreaterThan(1.8);
    expect(err[0] / err[1]).toBeLessThan(2.2);
  });

  it("gradient descent with a step far above 2/λ_max diverges and says so", () => {
    const gd = dlnGD({ ...LINE, depth: 2, alpha: 0.5, lr: 5, steps: 200 });
    expect(gd.diverged).toBe(true);
  });
});

describe("basis pursuit and the selected minimizer", () => {
  it("basis pursuit is optimal (primal = dual objective, ‖Aᵀν‖∞ ≤ 1) and recovers a 3-sparse x* from 16 Gaussian measurements in ℝ⁴⁰", async () => {
    const g = gaussianProblem(16, 40, 3, 11);
    const bp = await basisPursuit(g.A, g.y);
    expect(bp.status).toBe("Optimal");
    const dualObj = bp.dual.reduce((s, v, i) => s + v * g.y[i], 0);
    expect(Math.abs(dualObj - bp.objective)).toBeLessThan(1e-7);
    for (let j = 0; j < 40; j++) {
      const c = g.A.reduce((s, row, i) => s + row[j] * bp.dual[i], 0);
      expect(Math.abs(c)).toBeLessThan(1 + 1e-7);
    }
    expect(bp.residual).toBeLessThan(1e-12);
    expect(maxAbsDiff(bp.x, g.xs)).toBeLessThan(1e-10);
  });

  it.each([2, 2.5, 3, 4])(
    "selectedMinimizer solves the closed-form case exactly and equals the small-α limit of the flow (D = %s)",
    async (D) => {
      for (const c of [LINE, PLANE]) {
        const s = await selectedMinimizer(c.A, c.y, D);
        expect(s.faceDimension).toBe(1);
        expect(Math.abs(s.x[2] / 3 - closedT(D))).toBeLessThan(1e-12);
        expect(Math.abs(s.l1 - 3)).toBeLessThan(1e-12);
        // off-face coordinates decay like α^(D(1−ρ)) with ρ < 1 the dual certificate there (ρ = ½ for the plane)
        const lim = dlnLimit({ A: c.A, y: c.y, depth: D, alpha: (D === 2 ? 1e-20 : 1e-10) ** (1 / D) });
        expect(maxAbsDiff(lim.x, s.x)).toBeLessThan(1e-7);
      }
    },
  );

  it("selectedMinimizer equals the small-α limit on a random 3×5 problem with a unique basis-pursuit solution", async () => {
    const s = await selectedMinimizer(RANDOM.A, RANDOM.y, 2);
    expect(s.faceDimension).toBe(0);
    const bp = await basisPursuit(RANDOM.A, RANDOM.y);
    expect(maxAbsDiff(s.x, bp.x)).toBeLessThan(1e-12);
    expect(maxAbsDiff(dlnLimit({ ...RANDOM, depth: 2, alpha: 1e-7 }).x, s.x)).toBeLessThan(1e-6);
  });
});

describe("diagonal linear networks: bad input names the argument", () => {
  const base = { ...LINE, depth: 2, alpha: 0.1 };
  it.each([
    [{ ...base, alpha: 0 }, /^alpha:/],
    [{ ...base, alpha: -1 }, /^alpha:/],
    [{ ...base, alpha: Infinity }, /^alpha:/],
    [{ ...base, alpha: NaN }, /^alpha:/],
    [{ ...base, depth: 1.5 }, /^depth:/],
    [{ ...base, depth: NaN }, /^depth:/],
    [{ ...base, y: [1, 2, 3] }, /^y: expected a number\[\] of 2 finite numbers \(the rows of A\), got \[1, 2, 3\]/],
    [{ ...base, A: [[1, 2], [3]] }, /^A:/],
    [
      {
        ...base,
        A: [
          [1, NaN, 1],
          [3, 0, 1],
        ],
      },
      /^A:/,
    ],
    [{ ...base, y: [3, NaN] }, /^y:/],
    [
      {
        ...base,
        A: [
          [1, 1, 1],
          [2, 2, 2],
        ],
        y: [1, 3],
      },
      /^y: not in the range of A/,
    ],
  ])("dlnLimit rejects bad input %#", (opts, re) => {
    expect(() => dlnLimit(opts as Parameters<typeof dlnLimit>[0])).toThrow(re);
  });

  it("dlnFlow, dlnGD, basisPursuit and selectedMinimizer name the argument too", async () => {
    expect(() => dlnFlow({ ...base, times: [2, 1] })).toThrow(/^times:/);
    expect(() => dlnFlow({ ...base, alpha: 0, times: [1] })).toThrow(/^alpha:/);
    expect(() => dlnGD({ ...base, lr: 0, steps: 10 })).toThrow(/^lr:/);
    expect(() => dlnGD({ ...base, lr: 0.1, steps: 1.5 })).toThrow(/^steps:/);
    expect(() => dlnGD({ ...base, depth: 1, lr: 0.1, steps: 10 })).toThrow(/^depth:/);
    await expect(basisPursuit([[1, 2]], [1, 2])).rejects.toThrow(/^y:/);
    await expect(basisPursuit([[1, NaN]], [1])).rejects.toThrow(/^A:/);
    // y outside the range of A = [[1, 1], [2, 2]] (rank 1): Ax = y has no solution
    await expect(
      basisPursuit(
        [
          [1, 1],
          [2, 2],
        ],
        [1, 0],
      ),
    ).rejects.toThrow(/^y: not in the range of A/);
    await expect(selectedMinimizer(LINE.A, LINE.y, 1)).rejects.toThrow(/^depth:/);
    await expect(
      selectedMinimizer(
        [
          [1, 1, 1],
          [2, 2, 2],
        ],
        [1, 3],
        2,
      ),
    ).rejects.toThrow(/^y:/);
  });

  it("rank-deficient A with y in its range is accepted (redundant rows are reduced)", () => {
    const r = dlnLimit({
      A: [
        [1, 1, 1],
        [2, 2, 2],
      ],
      y: [1, 2],
      depth: 2,
      alpha: 0.1,
    });
    expect(r.residual).toBeLessThan(1e-12);
  });
});
