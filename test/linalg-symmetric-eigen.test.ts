import { EigenvalueDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { createRng } from "../src/tensor/random.js";
import { symmetricEigen } from "../src/linalg/index.js";
import { WASM_MIN_ORDER } from "../src/linalg/symmetricEigen.js";

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

  it("with wasm: false gives ml-matrix's symmetric EVD bit for bit (same algorithm), including a matrix with repeated eigenvalues", () => {
    const n = 30;
    const cases = [randomSymmetric(n, 5), new Float64Array(n * n)];
    // a projector: eigenvalues 0 and 1, each many times
    const u = createRng(9).normals(n);
    const nu = Math.hypot(...u);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) cases[1][i * n + j] = (u[i] * u[j]) / (nu * nu);
    for (const a of cases) {
      const rows = Array.from({ length: n }, (_, i) => Array.from(a.subarray(i * n, (i + 1) * n)));
      const ref = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
      const { values, vectors } = symmetricEigen(a, n, { wasm: false });
      expect(Array.from(values)).toEqual(ref.realEigenvalues);
      const V = ref.eigenvectorMatrix;
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) expect(vectors[k * n + i]).toBe(V.get(i, k));
    }
  });
});

/** A random orthogonal n × n matrix (row-major): the product of n Householder reflections of random normal vectors. */
function randomOrthogonal(n: number, seed: number): Float64Array {
  const q = new Float64Array(n * n);
  for (let i = 0; i < n; i++) q[i * n + i] = 1;
  const rng = createRng(seed);
  for (let r = 0; r < n; r++) {
    const v = rng.normals(n);
    const vv = v.reduce((s, x) => s + x * x, 0);
    for (let i = 0; i < n; i++) {
      let dot = 0;
      for (let j = 0; j < n; j++) dot += q[i * n + j] * v[j];
      const f = (2 * dot) / vv;
      for (let j = 0; j < n; j++) q[i * n + j] -= f * v[j];
    }
  }
  return q;
}

/** Q diag(λ) Qᵀ for a random orthogonal Q (symmetrized exactly). */
function withSpectrum(lambda: number[], seed: number): Float64Array {
  const n = lambda.length;
  const q = randomOrthogonal(n, seed);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let k = 0; k < n; k++) s += q[i * n + k] * lambda[k] * q[j * n + k];
      a[i * n + j] = s;
      a[j * n + i] = s;
    }
  return a;
}

/** ‖AV − VΛ‖_F / ‖A‖_F (1 when A = 0 gives a nonzero residual, 0 when it does not) and ‖VᵀV − I‖_F. */
function errors(
  a: Float64Array,
  n: number,
  values: Float64Array,
  vectors: Float64Array,
): { res: number; orth: number } {
  let r2 = 0,
    a2 = 0,
    o2 = 0;
  for (let i = 0; i < n * n; i++) a2 += a[i] * a[i];
  for (let k = 0; k < n; k++) {
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += a[i * n + j] * vectors[k * n + j];
      r2 += (s - values[k] * vectors[k * n + i]) ** 2;
    }
    for (let l = 0; l < n; l++) {
      let s = 0;
      for (let i = 0; i < n; i++) s += vectors[k * n + i] * vectors[l * n + i];
      o2 += (s - (k === l ? 1 : 0)) ** 2;
    }
  }
  return { res: a2 > 0 ? Math.sqrt(r2 / a2) : r2 > 0 ? 1 : 0, orth: Math.sqrt(o2) };
}

describe("symmetric eigendecomposition: accuracy of both paths", () => {
  const paths = [
    { name: "WebAssembly", options: {} },
    { name: "JavaScript (wasm: false)", options: { wasm: false } },
  ];
  const n = 96;
  const cluster = Array.from({ length: n }, (_, k) => (k < n / 2 ? 1 + k * 1e-11 : 2 + k / n));
  const repeated = Array.from({ length: n }, (_, k) => [-1, 0, 3][k % 3]);
  const diagonal = new Float64Array(n * n);
  const diag = createRng(3).normals(n);
  for (let i = 0; i < n; i++) diagonal[i * n + i] = diag[i];
  const cases: { name: string; a: Float64Array; lambda?: number[] }[] = [
    { name: "random symmetric", a: randomSymmetric(n, 11) },
    { name: "48 eigenvalues within 5e-10 of 1 and 48 spread in [2, 3)", a: withSpectrum(cluster, 12), lambda: cluster },
    { name: "eigenvalues −1, 0, 3, each 32 times", a: withSpectrum(repeated, 13), lambda: repeated },
    { name: "a diagonal matrix", a: diagonal, lambda: Array.from(diag) },
    { name: "the zero matrix", a: new Float64Array(n * n), lambda: new Array(n).fill(0) },
  ];
  for (const path of paths)
    it.each(cases)(
      `${path.name}, n = ${n}, $name: ‖AV − VΛ‖/‖A‖ < 1e-13·n, ‖VᵀV − I‖ < 1e-13·n, ascending eigenvalues (equal to the known spectrum within 1e-13·n·max|λ|)`,
      ({ a, lambda }) => {
        const { values, vectors } = symmetricEigen(a, n, path.options);
        const { res, orth } = errors(a, n, values, vectors);
        expect(res).toBeLessThan(1e-13 * n);
        expect(orth).toBeLessThan(1e-13 * n);
        for (let k = 1; k < n; k++) expect(values[k]).toBeGreaterThanOrEqual(values[k - 1]);
        if (lambda) {
          const sorted = [...lambda].sort((x, y) => x - y);
          const scale = Math.max(1, ...sorted.map(Math.abs));
          for (let k = 0; k < n; k++) expect(Math.abs(values[k] - sorted[k])).toBeLessThan(1e-13 * n * scale);
        }
      },
    );

  it.each([WASM_MIN_ORDER, 33, 65, 200])(
    "WebAssembly path, random symmetric n = %i: ‖AV − VΛ‖/‖A‖ < 1e-13·n, ‖VᵀV − I‖ < 1e-13·n, eigenvalues within 1e-13·n·max|λ| of the JavaScript path's",
    (m) => {
      const a = randomSymmetric(m, 100 + m);
      const w = symmetricEigen(a, m);
      const j = symmetricEigen(a, m, { wasm: false });
      const { res, orth } = errors(a, m, w.values, w.vectors);
      expect(res).toBeLessThan(1e-13 * m);
      expect(orth).toBeLessThan(1e-13 * m);
      const scale = Math.max(...Array.from(j.values, Math.abs));
      for (let k = 0; k < m; k++) expect(Math.abs(w.values[k] - j.values[k])).toBeLessThan(1e-13 * m * scale);
    },
  );

  it("WebAssembly path: a diagonal matrix's eigenvectors are ± the unit vectors, in ascending order of the diagonal", () => {
    const { values, vectors } = symmetricEigen(diagonal, n);
    const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => diag[x] - diag[y]);
    for (let k = 0; k < n; k++) {
      expect(values[k]).toBe(diag[order[k]]);
      for (let i = 0; i < n; i++) expect(Math.abs(vectors[k * n + i])).toBe(i === order[k] ? 1 : 0);
    }
  });

  it.each([1e-300, 1e300])(
    "WebAssembly path, random symmetric n = 64 scaled by %s: ‖AV − VΛ‖/‖A‖ < 1e-13·n, ‖VᵀV − I‖ < 1e-13·n (no overflow or underflow)",
    (scale) => {
      const m = 64;
      const b = randomSymmetric(m, 31);
      const a = b.map((x) => x * scale);
      const { values, vectors } = symmetricEigen(a, m);
      // the residual computed on the unscaled matrix (A / scale has the same eigenvectors, eigenvalues λ / scale)
      const { res, orth } = errors(
        b,
        m,
        values.map((x) => x / scale),
        vectors,
      );
      expect(res).toBeLessThan(1e-13 * m);
      expect(orth).toBeLessThan(1e-13 * m);
    },
  );

  it("WebAssembly path: a NaN below the diagonal makes it throw (the QL iteration cannot converge)", () => {
    const a = randomSymmetric(40, 32);
    a[5 * 40] = NaN;
    expect(() => symmetricEigen(a, 40)).toThrow(/did not converge/);
  });

  it("WebAssembly path is deterministic: the same input twice gives the same bits (with another call between)", () => {
    const a = randomSymmetric(150, 21);
    const first = symmetricEigen(a, 150);
    symmetricEigen(randomSymmetric(70, 22), 70);
    const second = symmetricEigen(a, 150);
    expect(Array.from(second.values)).toEqual(Array.from(first.values));
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });
});
