import { describe, expect, it } from "vitest";
import {
  decadeGrid,
  depthTwoRateWindow,
  dlnPhaseAlphaD,
  dlnSmallestAlphaD,
  dlnSparseProblem,
  basisPursuit,
  recoveryCertificate,
} from "../src/diagonal/index.js";

describe("dual certificate of a sparse vector", () => {
  it("certifies e₁ on A = [1, 0.5]: ρ = 0.5 (the LP and Fuchs' least-squares ν agree on one row)", async () => {
    const c = await recoveryCertificate([[1, 0.5]], [2, 0]);
    expect(c.holds).toBe(true);
    expect(c.rho).toBeCloseTo(0.5, 12);
    expect(c.leastSquaresRho).toBeCloseTo(0.5, 12);
    expect(c.support).toEqual([0]);
  });

  it("refuses e₁ on A = [1, 1.5] (ρ = 1.5: e₂ has the smaller ℓ1 norm)", async () => {
    const c = await recoveryCertificate([[1, 1.5]], [1, 0]);
    expect(c.holds).toBe(false);
    expect(c.rho).toBeCloseTo(1.5, 12);
  });

  it("the LP's level is never above Fuchs' and certifies exactly the problems basis pursuit recovers (40 Gaussian problems)", async () => {
    let certified = 0;
    for (let seed = 0; seed < 40; seed++) {
      const p = dlnSparseProblem({ m: 10, n: 24, k: 1 + (seed % 5), seed });
      const c = await recoveryCertificate(p.A, p.xStar);
      expect(c.rho).toBeLessThanOrEqual(c.leastSquaresRho + 1e-9);
      const bp = await basisPursuit(p.A, p.y);
      const err = Math.max(...bp.x.map((v, i) => Math.abs(v - p.xStar[i])));
      if (c.holds) certified++;
      if (c.rho < 1 - 1e-3) expect(err).toBeLessThan(1e-8);
      if (c.rho > 1 + 1e-3) expect(err).toBeGreaterThan(1e-6);
    }
    expect(certified).toBeGreaterThan(5);
  });

  it("reports a rank-deficient A_S as not certified", async () => {
    const c = await recoveryCertificate(
      [
        [1, 1, 0],
        [2, 2, 1],
      ],
      [1, 1, 0],
    );
    expect(c.fullRank).toBe(false);
    expect(c.holds).toBe(false);
  });

  it("names the argument on malformed input", async () => {
    await expect(recoveryCertificate([[1, 2]], [1])).rejects.toThrow(/^x: expected a number\[\] of 2 finite numbers/);
  });
});

describe("α^D grids from the parameters and the theory", () => {
  it("decadeGrid(3) is 1, 0.1, 0.01, 0.001 and decadeGrid(4, 2) starts at 0.01", () => {
    expect(decadeGrid(3)).toEqual([1, 0.1, 0.01, 0.001]);
    expect(decadeGrid(4, 2)).toEqual([0.01, 0.001, 0.0001]);
    expect(() => decadeGrid(1, 2)).toThrow(/^decades: expected an integer ≥ from = 2, got 1/);
  });

  it("the D = 2 rate window starts where (α^D)^ε = 1e-2 and is empty when that is below 1e-300", () => {
    const w = depthTwoRateWindow(0.1, 3);
    expect(w.alphaDs[0]).toBeCloseTo(1e-20, 30);
    expect(w.alphaDs[2]).toBe(1e-300);
    expect(w.nextOrder).toBeCloseTo(1e-2, 12);
    const none = depthTwoRateWindow(0.005);
    expect(none.alphaDs).toEqual([]);
    expect(none.reason).toMatch(/needs α\^D ≤ 1e-400/);
  });

  it("the phase diagram's α^D puts the predicted off-support mass at tol/10 of the scale, within float64's reach", () => {
    // D = 3, gap 0.5, no amplification: α^D = (tol/10)·s·gap³
    expect(dlnPhaseAlphaD(3, 0.5, 1e-4, 1)).toBeCloseTo(1e-5 * 0.125, 18);
    // D = 2: α^D = s·(tol/10)^(1/gap)
    expect(dlnPhaseAlphaD(2, 0.5, 1e-4, 1)).toBeCloseTo(1e-10, 22);
    expect(dlnPhaseAlphaD(2, 0.01, 1e-4, 1)).toBeUndefined();
    expect(dlnSmallestAlphaD(2.05)).toBe(1e-300);
  });
});
