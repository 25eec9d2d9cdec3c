import { describe, expect, it } from "vitest";
import { createRng, randomNormalMatrix } from "../src/tensor/index.js";

describe("seeded random numbers", () => {
  it("the same seed gives the same numbers (a notebook run twice reproduces itself)", () => {
    const a = createRng(42).normals(1000);
    const b = createRng(42).normals(1000);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(randomNormalMatrix(3, 4, createRng(7))).toEqual(randomNormalMatrix(3, 4, createRng(7)));
  });

  it("different seeds give different streams", () => {
    expect(createRng(1).uniform()).not.toBe(createRng(2).uniform());
  });

  it("normals have mean 0 and variance 1 (within 4 standard errors over 200k samples)", () => {
    const n = 200_000;
    const x = createRng(3).normals(n);
    let m = 0;
    for (const v of x) m += v;
    m /= n;
    let s = 0;
    for (const v of x) s += (v - m) ** 2;
    s /= n - 1;
    expect(Math.abs(m)).toBeLessThan(4 / Math.sqrt(n));
    expect(Math.abs(s - 1)).toBeLessThan(4 * Math.sqrt(2 / n));
  });

  it("uniforms lie in [0, 1) and a permutation is a permutation", () => {
    const r = createRng(9);
    for (let i = 0; i < 10_000; i++) {
      const u = r.uniform();
      expect(u >= 0 && u < 1).toBe(true);
    }
    const p = Array.from(createRng(5).permutation(50)).sort((a, b) => a - b);
    expect(p).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it("bad seeds and sizes name the argument", () => {
    expect(() => createRng(1.5)).toThrow(/^seed: expected a finite integer/);
    expect(() => createRng(Number.NaN)).toThrow(/^seed:/);
    expect(() => randomNormalMatrix(-1, 2, createRng(1))).toThrow(/^rows:/);
  });
});
