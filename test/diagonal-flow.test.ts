import { describe, expect, it } from "vitest";
import { dualScale } from "../src/diagonal/core.js";
import { dlnFlow, dlnFlowDirect, dualFlow } from "../src/diagonal/flow.js";
import { dlnLimit, dualProblem } from "../src/diagonal/limit.js";
import { dlnSparseProblem } from "../src/diagonal/index.js";

const LINE = {
  A: [
    [1, 1, 1],
    [3, 0, 1],
  ],
  y: [3, 3],
};

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
  return d;
};

/** dualFlow on (A, y, D, α) at the times t (in units of the flow's time scale α^(2−D)). */
function run(
  c: { A: number[][]; y: number[] },
  D: number,
  alphaD: number,
  ts: number[],
  tuning: Parameters<typeof dualFlow>[4] = {},
): ReturnType<typeof dualFlow> & { times: number[]; alpha: number } {
  const alpha = alphaD ** (1 / D);
  const times = ts.map((f) => f * alpha ** (2 - D));
  const P = dualProblem(c.A, c.y, D, alpha);
  const s = dualScale(D, alpha);
  const r = dualFlow(
    P,
    times.map((t) => s * t),
    1e-10,
    1e-13,
    tuning,
  );
  return { ...r, times, alpha };
}

describe("dlnFlow's stage solver (simplified Newton with predicted starts, damped-Newton fallback)", () => {
  it("on a smooth flow every stage is solved by simplified Newton, in under 2.5 back-substitutions per stage on average, with at most one factorization per step", () => {
    for (const D of [2, 3]) {
      const r = run(LINE, D, 0.5 ** D, [0.1, 1, 10, 100, 2000]);
      const attempts = r.steps + r.rejected;
      expect(r.stats.stages).toBe(6 * attempts);
      expect(r.stats.fallbacks).toBe(0);
      expect(r.stats.newton / r.stats.stages).toBeLessThan(2.5);
      expect(r.stats.factorizations).toBeLessThanOrEqual(attempts);
      expect(r.rejected).toBeLessThan(0.02 * r.steps);
    }
  });

  it.each([
    [2, 1e-300],
    [3, 1e-12],
  ])(
    "on a stiff case (line, D = %s, α^D = %s) some stages fall back to damped Newton, steps stay few and rejections rare, and the flow ends at dlnLimit",
    (D, alphaD) => {
      const r = run(LINE, D, alphaD, [0.1, 1, 10, 1e3, 1e9]);
      expect(r.stats.fallbacks).toBeGreaterThan(0);
      expect(r.stats.fallbacks).toBeLessThan(0.05 * r.stats.stages);
      expect(r.steps).toBeLessThan(2000);
      expect(r.rejected).toBeLessThan(0.15 * r.steps);
      const lim = dlnLimit({ ...LINE, depth: D, alpha: r.alpha });
      expect(maxAbsDiff(r.x[r.x.length - 1], lim.x)).toBeLessThan(1e-10);
    },
  );

  it("the trajectory with every stage solved by the damped Newton (simplified iteration off) agrees to 1e-10", () => {
    const g = dlnSparseProblem({ m: 6, n: 12, k: 2, seed: 3 });
    for (const D of [2, 3]) {
      const ts = [0.1, 1, 10, 100];
      const fast = run(g, D, 1e-3, ts);
      const slow = run(g, D, 1e-3, ts, { maxIterations: 0 });
      expect(fast.stats.fallbacks).toBe(0);
      expect(slow.stats.newton).toBe(0);
      expect(slow.stats.fallbacks).toBe(slow.stats.stages);
      fast.x.forEach((x, i) => expect(maxAbsDiff(x, slow.x[i])).toBeLessThan(1e-10));
    }
  });

  it("ESDIRK5 (the default) and the former SDIRK4 give the same trajectory to 1e-10, ESDIRK5 in under half the steps", () => {
    const g = dlnSparseProblem({ m: 6, n: 12, k: 2, seed: 3 });
    for (const D of [2, 3]) {
      const ts = [0.1, 1, 10, 100];
      const e5 = run(g, D, 1e-2, ts);
      const s4 = run(g, D, 1e-2, ts, { method: "sdirk4" });
      expect(e5.steps).toBeLessThan(0.5 * s4.steps);
      e5.x.forEach((x, i) => expect(maxAbsDiff(x, s4.x[i])).toBeLessThan(1e-10));
    }
  });

  it("dlnFlow equals the direct (a, b) flow to 1e-9 on a Gaussian 6×12 problem (D = 2, 3; α^D = 0.1)", () => {
    const g = dlnSparseProblem({ m: 6, n: 12, k: 2, seed: 5 });
    for (const D of [2, 3]) {
      const alpha = 0.1 ** (1 / D);
      const times = [0.1, 1, 10, 50].map((f) => f * alpha ** (2 - D));
      const f = dlnFlow({ ...g, depth: D, alpha, times });
      const d = dlnFlowDirect({ ...g, depth: D, alpha, times, rtol: 1e-12 });
      f.x.forEach((x, i) => expect(maxAbsDiff(x, d.x[i])).toBeLessThan(1e-9));
    }
  });
});
