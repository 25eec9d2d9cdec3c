/**
 * Eigenvalues of a real symmetric matrix, float64, without eigenvectors: Householder reduction to tridiagonal form
 * (lower triangle only, 4n³/3 flops; its two O(n²)-per-step kernels in WebAssembly SIMD when available) followed by
 * the implicit QL algorithm. Measured at n = 400: ~12 ms, against ~0.35 s for ml-matrix's full eigendecomposition
 * and 10–30 ms for NumPy's eigvalsh on the same (loaded, 2-core) machine.
 */
import { plAbtEnsureMemory, plTridiagKernel } from "./wasm.js";

/**
 * All eigenvalues of the symmetric n × n matrix `a` (row-major; only the lower triangle is read), ascending.
 *
 * @param a - the matrix; not modified.
 * @param n - its order.
 * @throws Error when the QL iteration does not converge (never seen for finite input).
 */
export function plSymEigenvaluesOnly(a: Float64Array, n: number, options: { wasm?: boolean } = {}): number[] {
  if (n === 0) return [];
  if (n === 1) return [a[0]];
  // With WebAssembly SIMD the O(n³) parts (B u and the rank-2 update) run in the kernel on its memory.
  const kern = options.wasm === false || n < 16 ? null : plTridiagKernel();
  let A: Float64Array, u: Float64Array, p: Float64Array;
  if (kern) {
    plAbtEnsureMemory(kern, (n * n + 2 * n) * 8);
    const mem = new Float64Array(kern.memory.buffer, 0, n * n + 2 * n);
    A = mem.subarray(0, n * n);
    A.set(a.subarray(0, n * n));
    u = mem.subarray(n * n, n * n + n);
    p = mem.subarray(n * n + n, n * n + 2 * n);
  } else {
    A = Float64Array.from(a.subarray(0, n * n));
    u = new Float64Array(n);
    p = new Float64Array(n);
  }
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  // Householder: for i = n−1 … 1, annihilate row i left of the subdiagonal, acting on the leading (i × i) block.
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const ri = i * n;
    let h = 0;
    if (l > 0) {
      let scale = 0;
      for (let k = 0; k <= l; k++) scale += Math.abs(A[ri + k]);
      if (scale === 0) {
        e[i] = A[ri + l];
      } else {
        for (let k = 0; k <= l; k++) {
          u[k] = A[ri + k] / scale;
          h += u[k] * u[k];
        }
        const f = u[l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        u[l] = f - g;
        // p = B u / h with B the leading (l+1) × (l+1) block (lower triangle), row-wise.
        for (let j = 0; j <= l; j++) p[j] = 0;
        if (kern) kern.symv(0, n, l + 1, n * n * 8, (n * n + n) * 8);
        else
          for (let j = 0; j <= l; j++) {
            const rj = j * n;
            const uj = u[j];
            let s = A[rj + j] * uj;
            for (let k = 0; k < j; k++) {
              const ajk = A[rj + k];
              s += ajk * u[k];
              p[k] += ajk * uj;
            }
            p[j] += s;
          }
        let fsum = 0;
        for (let j = 0; j <= l; j++) {
          p[j] /= h;
          fsum += p[j] * u[j];
        }
        const hh = fsum / (h + h);
        for (let j = 0; j <= l; j++) p[j] -= hh * u[j];
        // B ← B − u pᵀ − p uᵀ (lower triangle)
        if (kern) kern.syr2(0, n, l + 1, n * n * 8, (n * n + n) * 8);
        else
          for (let j = 0; j <= l; j++) {
            const rj = j * n;
            const uj = u[j],
              pj = p[j];
            for (let k = 0; k <= j; k++) A[rj + k] -= uj * p[k] + pj * u[k];
          }
      }
    } else {
      e[i] = A[ri + l];
    }
  }
  for (let i = 0; i < n; i++) d[i] = A[i * n + i];
  // Implicit QL on the tridiagonal (d, e): e[i] is the entry between i−1 and i; shift to e[i] between i and i+1.
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  const EPS = 2.220446049250313e-16;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) {
        const dd = Math.abs(d[m]) + Math.abs(d[m + 1]);
        if (Math.abs(e[m]) <= EPS * dd) break;
      }
      if (m !== l) {
        if (iter++ === 100) throw new Error("K: the QL iteration for the eigenvalues did not converge");
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.hypot(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1,
          c = 1,
          pp = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.hypot(f, g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= pp;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - pp;
          r = (d[i] - g) * s + 2 * c * b;
          pp = s * r;
          d[i + 1] = g + pp;
          g = c * r - b;
        }
        if (underflow) continue;
        d[l] -= pp;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
  }
  return Array.from(d).sort((x, y) => x - y);
}
