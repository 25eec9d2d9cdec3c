import loadHighs from "highs";
import { describe, expect, it } from "vitest";
import { basisPursuit, dlnPotentialG, dlnSparseProblem, selectedMinimizer } from "../src/diagonal/index.js";

/** The basis-pursuit LP min Σ(pⱼ + qⱼ) s.t. A(p − q) = y, p, q ≥ 0 as CPLEX LP text (how the library once wrote it). */
function lpText(A: number[][], y: number[]): string {
  const n = A[0].length;
  const num = (v: number): string => v.toPrecision(17);
  const obj = Array.from({ length: n }, (_, j) => `+ 1 p${j} + 1 q${j}`).join(" ");
  const rows = A.map((row, i) => {
    const terms = row.flatMap((a, j) =>
      a === 0
        ? []
        : [`${a < 0 ? "-" : "+"} ${num(Math.abs(a))} p${j}`, `${a < 0 ? "+" : "-"} ${num(Math.abs(a))} q${j}`],
    );
    return ` c${i}: ${terms.length ? terms.join(" ") : "+ 0 p0"} = ${num(y[i])}`;
  });
  return ["Minimize", ` obj: ${obj}`, "Subject To", ...rows, "Bounds", "End"].join("\n");
}

const l1 = (x: number[]): number => x.reduce((s, v) => s + Math.abs(v), 0);
const residual = (A: number[][], x: number[], y: number[]): number =>
  Math.sqrt(A.reduce((s, row, i) => s + (row.reduce((t, a, j) => t + a * x[j], 0) - y[i]) ** 2, 0));

/** Optimality of x for basis pursuit with certificate ν: Ax = y, ‖Aᵀν‖∞ ≤ 1 and ‖x‖₁ = yᵀν. */
function expectOptimal(A: number[][], y: number[], bp: Awaited<ReturnType<typeof basisPursuit>>): void {
  expect(bp.status).toBe("Optimal");
  expect(bp.residual).toBeLessThan(1e-12);
  expect(residual(A, bp.x, y)).toBeLessThan(1e-12);
  expect(Math.abs(l1(bp.x) - bp.objective)).toBeLessThan(1e-12);
  const dualObj = bp.dual.reduce((s, v, i) => s + v * y[i], 0);
  expect(Math.abs(dualObj - bp.objective)).toBeLessThan(1e-9 * Math.max(1, bp.objective));
  for (let j = 0; j < A[0].length; j++) {
    expect(Math.abs(A.reduce((s, row, i) => s + row[j] * bp.dual[i], 0))).toBeLessThan(1 + 1e-9);
  }
}

describe("basis pursuit: the LP handed to HiGHS as arrays", () => {
  const degenerate = {
    // non-unique minimizers (columns 0 and 3 are equal), a zero column (2) and a zero row with y = 0
    A: [
      [1, 2, 0, 1, -1],
      [0, 0, 0, 0, 0],
      [2, -1, 0, 2, 1],
    ],
    y: [2, 0, 4],
  };

  it("is the CPLEX-text LP it replaced: HiGHS returns the same vertex (before polishing) and bit-identical row duals", async () => {
    const highs = await loadHighs({});
    const problems = [
      ...[1, 2, 3].map((s) => dlnSparseProblem({ m: 15, n: 30, k: 3, seed: s })),
      dlnSparseProblem({ m: 20, n: 50, k: 4, seed: 4 }),
      degenerate,
    ];
    for (const { A, y } of problems) {
      const bp = await basisPursuit(A, y);
      const ref = highs.solve(lpText(A, y), { presolve: "off" });
      expect(ref.Status).toBe("Optimal");
      expect(bp.dual).toEqual(ref.Rows.map((r) => (r as { Dual?: number }).Dual));
      const cols = ref.Columns as Record<string, { Primal?: number } | undefined>;
      const xRef = A[0].map((_, j) => (cols[`p${j}`]?.Primal ?? 0) - (cols[`q${j}`]?.Primal ?? 0));
      xRef.forEach((v, j) => {
        expect(Math.sign(bp.x[j]) || 0).toBe(Math.sign(v) || 0);
        expect(Math.abs(bp.x[j] - v)).toBeLessThan(1e-12 * Math.max(1, Math.abs(v)));
      });
    }
  });

  it("is optimal with a valid dual certificate on a degenerate A (repeated and zero columns, a zero row)", async () => {
    const bp = await basisPursuit(degenerate.A, degenerate.y);
    expectOptimal(degenerate.A, degenerate.y, bp);
    expect(bp.x[2]).toBe(0);
    expect(Math.abs(bp.objective - 2)).toBeLessThan(1e-12);
  });

  it("recovers x* on sparse Gaussian problems up to 100 × 400, with an optimality certificate", async () => {
    for (const [m, n, k, seed] of [
      [15, 30, 3, 7],
      [100, 400, 20, 8],
    ]) {
      const { A, y } = dlnSparseProblem({ m: m, n: n, k: k, seed: seed });
      expectOptimal(A, y, await basisPursuit(A, y));
    }
  });

  it("y = 0 gives x = 0 with objective 0; y outside the range of A is still an error naming y", async () => {
    const bp = await basisPursuit(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [0, 0],
    );
    expect(bp.x).toEqual([0, 0, 0]);
    expect(bp.objective).toBe(0);
    expect(bp.status).toBe("Optimal");
    await expect(
      basisPursuit(
        [
          [0, 0],
          [1, 1],
        ],
        [1, 1],
      ),
    ).rejects.toThrow(/^y: not in the range of A/);
  });

  it("selectedMinimizer (face LP from arrays) stays on the basis-pursuit face and lowers the potential below the BP vertex", async () => {
    for (const D of [2, 3]) {
      const s = await selectedMinimizer(degenerate.A, degenerate.y, D);
      const bp = await basisPursuit(degenerate.A, degenerate.y);
      expect(residual(degenerate.A, s.x, degenerate.y)).toBeLessThan(1e-12);
      expect(Math.abs(s.l1 - bp.objective)).toBeLessThan(1e-12);
      expect(s.support).toEqual([0, 3]);
      expect(s.faceDimension).toBe(1);
      // columns 0 and 3 are equal, so the potential (strictly convex, symmetric) splits the mass evenly
      expect(Math.abs(s.x[0] - s.x[3])).toBeLessThan(1e-12);
      const potBp = bp.x.reduce((t, v) => t + dlnPotentialG(v, D), 0);
      expect(s.potential).toBeLessThanOrEqual(potBp + 1e-15);
    }
  });
});
