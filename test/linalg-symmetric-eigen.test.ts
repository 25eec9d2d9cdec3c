import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/index.js";
import { symmetricEigen } from "../src/linalg/index.js";

function randomSymmetric(n: number, seed: number): Float64Array {
  const g = createRng(seed).normals(n * n);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = 0.5 * (g[i * n + j] + g[j * n + i]);
  return a;
}

describe("symmetric eigendecomposition (tred2 + tql2 on a flat array)", () => {
  it.each([1, 2, 7, 42, 120])("A v_k = λ_k v_k with orthonormal v_k and ascending λ_k (n = %i)", (n) => {
    const a = randomSymmetric(n, n);
    const { values, vectors } = symmetricEigen(a, n);
    const scale = Math.max(...Array.from(values, Math.abs));
    for (let k = 0; k < n; k++) {
      if (k > 0) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
      for (let i = 0; i < n; i++) {
        let av = 0;
        for (let j = 0; j < n; j++) av += a[i * n + j] * vectors[k * n + j];
        expect(Math.abs(av - values[k] * vectors[k * n + i])).toBeLessThan(1e-12 * scale * n);
      }
      for (let l = 0; l <= k; l++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += vectors[k * n + i] * vectors[l * n + i];
        expect(Math.abs(dot - (k === l ? 1 : 0))).toBeLessThan(1e-12 * n);
      }
    }
  });

  it("gives ml-matrix's symmetric EVD bit for bit (same algorithm), including a matrix with repeated eigenvalues", () => {
    const n = 30;
    const cases = [randomSymmetric(n, 5), new Float64Array(n * n)];
    // a projector: eigenvalues 0 and 1, each many times
    const u = createRng(9).normals(n);
    const nu = Math.hypot(...u);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cases[1][i * n + j] = (u[i] * u[j]) / (nu * nu);
    for (const a of cases) {
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
      const ref = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
      const { values, vectors } = symmetricEigen(a, n);
      expect(Array.from(values)).toEqual(ref.realEigenvalues);
      const V = ref.eigenvectorMatrix;
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) expect(vectors[k * n + i]).toBe(V.get(i, k));
    }
  });
});
