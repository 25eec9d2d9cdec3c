import { describe, expect, it } from "vitest";
import { createRng } from "../src/index.js";
import { lanczosNorm, symmetricEigenvalues, tridiagonalExtremeEigenvalues } from "../src/linalg/index.js";

function randomSymmetric(n: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const g = rng.normals(n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
  return a;
}

const matVec = (a: Float64Array, n: number) => (v: Float64Array) => {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += a[i * n + j] * v[j];
    out[i] = s;
  }
  return out;
};

describe("Lanczos: the spectral norm of a symmetric operator from products", () => {
  it("tridiagonal extremes (Sturm bisection) equal the dense eigenvalues' extremes", () => {
    const rng = createRng(2);
    for (const n of [1, 2, 7, 40]) {
      const d = rng.normals(n);
      const e = rng.normals(n);
      e[0] = 0;
      const dense = new Float64Array(n * n);
      for (let i = 0; i < n; i++) {
        dense[i * n + i] = d[i];
        if (i > 0) dense[i * n + i - 1] = dense[(i - 1) * n + i] = e[i];
      }
      const ev = symmetricEigenvalues(dense, n);
      const { min, max } = tridiagonalExtremeEigenvalues(d, e, n);
      expect(min).toBeCloseTo(ev[0], 12);
      expect(max).toBeCloseTo(ev[n - 1], 12);
    }
  });

  it("‖A‖ = max|λ| of random symmetric matrices, to 1e-10 relative", () => {
    for (const [n, seed] of [
      [30, 1],
      [120, 2],
    ]) {
      const a = randomSymmetric(n, seed);
      const ev = symmetricEigenvalues(a, n);
      const expected = Math.max(Math.abs(ev[0]), Math.abs(ev[n - 1]));
      const got = lanczosNorm(matVec(a, n), n, createRng(9).normals(n), { tol: 1e-13 });
      expect(Math.abs(got - expected) / expected).toBeLessThan(1e-10);
    }
  });

  it("close top eigenvalues (gap 1e-4): converges in far fewer products than power iteration would need", () => {
    const n = 2000;
    const diag = new Float64Array(n);
    for (let i = 0; i < n; i++) diag[i] = -1 + (2 * i) / n; // spread in [−1, 1)
    diag[n - 1] = 3;
    diag[n - 2] = 3 - 3e-4;
    diag[0] = -2.5; // a large negative eigenvalue that is not the norm
    let products = 0;
    const apply = (v: Float64Array) => {
      products++;
      return v.map((x, i) => diag[i] * x);
    };
    const got = lanczosNorm(apply, n, createRng(4).normals(n), { tol: 1e-12 });
    expect(got).toBeCloseTo(3, 9);
    // Power iteration: (λ₂/λ₁)^k = (1 − 1e-4)^k needs k ≈ 2·10⁵ products for 1e-9.
    expect(products).toBeLessThan(150);
  });

  it("a start vector in an invariant subspace stops at once with the exact eigenvalue", () => {
    const n = 5;
    const diag = [1, -4, 2, 0.5, 3];
    const apply = (v: Float64Array) => v.map((x, i) => diag[i] * x);
    const start = new Float64Array(n);
    start[1] = 2;
    expect(lanczosNorm(apply, n, start)).toBe(4);
  });

  it("rejects a zero start vector, naming it", () => {
    expect(() => lanczosNorm((v) => v, 3, new Float64Array(3))).toThrow(/start: expected a non-zero vector/);
  });
});
