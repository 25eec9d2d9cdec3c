import { describe, expect, it } from "vitest";
import { dlnClosedFormCheck } from "../src/diagonal/index.js";

describe("the closed form of the diagonal-network flow, checked symbolically with mathjs", () => {
  for (const depth of [2, 2.5, 3, 4]) {
    for (const alpha of [0.5, 1e-2]) {
      it(`D = ${depth}, α = ${alpha}: a(G), b(G) solve da/dG = D a^(D−1), db/dG = −D b^(D−1), and the library's x(u), dx/du match`, () => {
        const r = dlnClosedFormCheck(depth, alpha);
        expect(r.flowResidual).toBeLessThan(1e-12);
        expect(r.xGap).toBeLessThan(1e-12);
        expect(r.dxGap).toBeLessThan(1e-12);
        // the derivative is mathjs's own symbolic result, a function of G
        expect(r.dadG).toMatch(/G/);
        expect(r.points.length).toBe(9);
      });
    }
  }

  it("bad input names the argument", () => {
    expect(() => dlnClosedFormCheck(1.5, 0.5)).toThrow(/depth/);
    expect(() => dlnClosedFormCheck(3, 0)).toThrow(/alpha/);
    expect(() => dlnClosedFormCheck(3, 0.5, { points: 1 })).toThrow(/^options\.points/);
  });
});
