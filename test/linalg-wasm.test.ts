/**
 * The WebAssembly kernels built from src/linalg/wasm/*.wat against scalar JavaScript models of the same arithmetic
 * (same operations in the same order: each f64x2 lane is a separate running sum, lanes added at the end, no fused
 * multiply-add), compared bit for bit.
 */
import { describe, expect, it } from "vitest";
import { abtKernel, ensureWasmMemory, tridiagKernel, wasmModuleBytes } from "../src/linalg/index.js";
import { createRng } from "../src/tensor/index.js";

const bits = (x: Float64Array): bigint[] => Array.from(new BigUint64Array(Float64Array.from(x).buffer));

/** C (+)= A Bᵀ as products.wat's `abt` computes it (two interleaved partial sums per entry). */
function abtModel(
  A: Float64Array,
  na: number,
  B: Float64Array,
  nb: number,
  len: number,
  C: Float64Array,
  ldc: number,
  mode: number,
): void {
  const lower = (mode & 1) !== 0,
    accumulate = (mode & 2) === 0;
  for (let i = 0; i < na; i += 2) {
    const jEnd = lower ? i + 2 : nb;
    for (let j = 0; j < jEnd; j += 2)
      for (const [ii, jj] of [
        [i, j],
        [i, j + 1],
        [i + 1, j],
        [i + 1, j + 1],
      ]) {
        let even = 0,
          odd = 0;
        for (let k = 0; k < len; k += 2) {
          even = even + A[ii * len + k] * B[jj * len + k];
          odd = odd + A[ii * len + k + 1] * B[jj * len + k + 1];
        }
        C[ii * ldc + jj] = (accumulate ? C[ii * ldc + jj] : 0) + (even + odd);
      }
  }
}

/** activations.wat's `relu`: A = pmax(Z, 0), H = v ⊙ [Z > 0], f_i += Σ v_k A_ik (even and odd k apart). */
function reluModel(Z: Float64Array, A: Float64Array, H: Float64Array, v: Float64Array, f: Float64Array, n: number) {
  const cols = v.length;
  for (let i = 0; i < n; i++) {
    let even = 0,
      odd = 0;
    for (let k = 0; k < cols; k++) {
      const z = Z[i * cols + k];
      const a = z < 0 ? 0 : z;
      A[i * cols + k] = a;
      H[i * cols + k] = z > 0 ? v[k] : 0;
      if (k % 2 === 0) even = even + v[k] * a;
      else odd = odd + v[k] * a;
    }
    f[i] = f[i] + (even + odd);
  }
}

/** tridiagonal.wat's `symv`: p += B u from the lower triangle, row by row. */
function symvModel(A: Float64Array, n: number, m: number, u: Float64Array, p: Float64Array): void {
  for (let j = 0; j < m; j++) {
    const uj = u[j];
    let even = 0,
      odd = 0;
    const kEnd = j & ~1;
    for (let k = 0; k < kEnd; k += 2) {
      even = even + A[j * n + k] * u[k];
      odd = odd + A[j * n + k + 1] * u[k + 1];
      p[k] = p[k] + A[j * n + k] * uj;
      p[k + 1] = p[k + 1] + A[j * n + k + 1] * uj;
    }
    let sum = even + odd;
    if (j & 1) {
      const t = A[j * n + kEnd];
      sum = sum + t * u[kEnd];
      p[kEnd] = p[kEnd] + t * uj;
    }
    p[j] = p[j] + (sum + A[j * n + j] * uj);
  }
}

/** tridiagonal.wat's `syr2`: B −= u pᵀ + p uᵀ on the lower triangle. */
function syr2Model(A: Float64Array, n: number, m: number, u: Float64Array, p: Float64Array): void {
  for (let j = 0; j < m; j++) for (let k = 0; k <= j; k++) A[j * n + k] = A[j * n + k] - (u[j] * p[k] + p[j] * u[k]);
}

/** tridiagonal.wat's `fused`: syr2 on each row, then that row's part of p2 += B u2. */
function fusedModel(
  A: Float64Array,
  n: number,
  m: number,
  u: Float64Array,
  p: Float64Array,
  u2: Float64Array,
  p2: Float64Array,
): void {
  for (let j = 0; j < m; j++) {
    const update = (k: number) => (A[j * n + k] = A[j * n + k] - (u[j] * p[k] + p[j] * u[k]));
    let even = 0,
      odd = 0;
    const kEnd = j & ~1;
    for (let k = 0; k < kEnd; k += 2) {
      const a0 = update(k),
        a1 = update(k + 1);
      even = even + a0 * u2[k];
      odd = odd + a1 * u2[k + 1];
      p2[k] = p2[k] + a0 * u2[j];
      p2[k + 1] = p2[k + 1] + a1 * u2[j];
    }
    let sum = even + odd;
    if (j & 1) {
      const t = update(kEnd);
      sum = sum + t * u2[kEnd];
      p2[kEnd] = p2[kEnd] + t * u2[j];
    }
    const t = update(j);
    p2[j] = p2[j] + (sum + t * u2[j]);
  }
}

/** Copies arrays into the kernel's memory one after another; returns their byte offsets and live views. */
function place(k: { memory: { buffer: ArrayBuffer; grow(p: number): number } }, arrays: Float64Array[]) {
  const total = arrays.reduce((s, a) => s + a.length, 0);
  ensureWasmMemory(k, total * 8);
  let o = 0;
  const ptr: number[] = [];
  const view: Float64Array[] = [];
  for (const a of arrays) {
    const v = new Float64Array(k.memory.buffer, o * 8, a.length);
    v.set(a);
    ptr.push(o * 8);
    view.push(v);
    o += a.length;
  }
  return { ptr, view };
}

describe("WebAssembly kernels built from src/linalg/wasm/*.wat", () => {
  it("every compiled module validates in this runtime", () => {
    for (const name of ["products", "activations", "tridiagonal"] as const) {
      expect(WebAssembly.validate(wasmModuleBytes(name)), name).toBe(true);
    }
  });

  it("abt equals its scalar model bit for bit in all four modes (accumulate/overwrite × full/lower blocks)", () => {
    const k = abtKernel()!;
    expect(k).not.toBeNull();
    const rng = createRng(11);
    const [na, nb, len, ldc] = [6, 8, 10, 9];
    const A = rng.normals(na * len),
      B = rng.normals(nb * len),
      C0 = rng.normals(na * ldc);
    for (const mode of [0, 1, 2, 3]) {
      const { ptr, view } = place(k, [A, B, C0]);
      k.abt(ptr[0], na, ptr[1], nb, len, ptr[2], ldc, mode);
      const expected = Float64Array.from(C0);
      abtModel(A, na, B, nb, len, expected, ldc, mode);
      expect(bits(view[2]), `mode ${mode}`).toEqual(bits(expected));
    }
  });

  it("relu equals its scalar model bit for bit, including z = ±0 and the output sums", () => {
    const k = abtKernel()!;
    const rng = createRng(12);
    const [n, cols] = [5, 12];
    const Z = rng.normals(n * cols);
    Z[3] = 0;
    Z[7] = -0;
    const v = rng.normals(cols),
      f0 = rng.normals(n);
    const { ptr, view } = place(k, [Z, new Float64Array(n * cols), new Float64Array(n * cols), v, f0]);
    k.relu(ptr[0], ptr[1], ptr[2], ptr[3], ptr[4], n, cols);
    const [A, H, f] = [new Float64Array(n * cols), new Float64Array(n * cols), Float64Array.from(f0)];
    reluModel(Z, A, H, v, f, n);
    expect(bits(view[1])).toEqual(bits(A));
    expect(bits(view[2])).toEqual(bits(H));
    expect(bits(view[4])).toEqual(bits(f));
  });

  for (const m of [7, 8]) {
    it(`symv, syr2 and fused equal their scalar models bit for bit (stride 9, leading block ${m} × ${m})`, () => {
      const k = tridiagKernel()!;
      expect(k).not.toBeNull();
      const rng = createRng(13 + m);
      const n = 9;
      const A = rng.normals(n * n),
        u = rng.normals(n),
        p = rng.normals(n),
        u2 = rng.normals(n),
        p2 = rng.normals(n);

      let placed = place(k, [A, u, p]);
      k.symv(placed.ptr[0], n, m, placed.ptr[1], placed.ptr[2]);
      const pSymv = Float64Array.from(p);
      symvModel(A, n, m, u, pSymv);
      expect(bits(placed.view[2]), "symv p").toEqual(bits(pSymv));

      placed = place(k, [A, u, p]);
      k.syr2(placed.ptr[0], n, m, placed.ptr[1], placed.ptr[2]);
      const aSyr2 = Float64Array.from(A);
      syr2Model(aSyr2, n, m, u, p);
      expect(bits(placed.view[0]), "syr2 A").toEqual(bits(aSyr2));

      placed = place(k, [A, u, p, u2, p2]);
      const pp = placed.ptr;
      k.fused(pp[0], n, m, pp[1], pp[2], pp[3], pp[4]);
      const [aFused, p2Fused] = [Float64Array.from(A), Float64Array.from(p2)];
      fusedModel(aFused, n, m, u, p, u2, p2Fused);
      expect(bits(placed.view[0]), "fused A").toEqual(bits(aFused));
      expect(bits(placed.view[4]), "fused p2").toEqual(bits(p2Fused));
    });
  }
});
