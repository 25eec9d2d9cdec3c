/**
 * Eigenvalues of a real symmetric matrix, float64, without eigenvectors: Householder reduction to tridiagonal form
 * (lower triangle only, 4n³/3 flops; with WebAssembly SIMD each step's rank-2 update and the next step's B·u run in
 * one fused pass over the matrix), then the implicit QL algorithm for all eigenvalues, or bisection on Sturm counts
 * for the two extremes (O(n) per count, so the extremes cost no more than the reduction). Timings against NumPy's
 * eigvalsh are in bench/README.md.
 * Used by the PL* module (tangent-kernel and Hessian spectra) and the deep-linear module (Hessian spectra).
 */
import { ensureWasmMemory, tridiagKernel, type TridiagKernel } from "./wasm.js";

/** √(a² + b²) without overflow; Math.hypot is a slow variadic call in V8, and QL calls this O(n²) times. */
function pythag(a: number, b: number): number {
  const x = Math.abs(a),
    y = Math.abs(b);
  if (x > y) {
    const r = y / x;
    return x * Math.sqrt(1 + r * r);
  }
  if (y === 0) return 0;
  const r = x / y;
  return y * Math.sqrt(1 + r * r);
}

/**
 * All eigenvalues of the symmetric n × n matrix `a` (row-major; only the lower triangle is read), ascending.
 *
 * @param a - the matrix; not modified.
 * @param n - its order.
 * @param options - `wasm: false` forces the scalar JavaScript reduction (the kernels are used by default when the
 *   runtime has WebAssembly SIMD and n ≥ 16).
 * @throws Error when the QL iteration does not converge (never seen for finite input).
 */
export function symmetricEigenvalues(a: Float64Array, n: number, options: { wasm?: boolean } = {}): number[] {
  if (n === 0) return [];
  if (n === 1) return [a[0]];
  const { d, e } = tridiagonalize(a, n, options);
  return qlEigenvalues(d, e, n);
}

/**
 * Householder reduction of the symmetric matrix `a` (lower triangle read, not modified) to a tridiagonal matrix
 * with the same eigenvalues: diagonal `d`, subdiagonal `e` (e[i] couples i − 1 and i; e[0] = 0).
 */
export function tridiagonalize(
  a: Float64Array,
  n: number,
  options: { wasm?: boolean } = {},
): { d: Float64Array; e: Float64Array } {
  // With WebAssembly SIMD the O(n³) parts run in the kernel, fused (one pass over the matrix per step).
  const fusedKern = options.wasm === false || n < 16 ? null : tridiagKernel();
  if (fusedKern) {
    const { d, e } = tridiagonalizeFused(a, n, fusedKern);
    return { d, e };
  }
  // Scalar path.
  const A = Float64Array.from(a.subarray(0, n * n));
  const u = new Float64Array(n);
  const p = new Float64Array(n);
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
  return { d, e };
}

/**
 * {@link tridiagonalize} with the kernel's fused pass: the rank-2 update of step i is applied to row i − 1 first
 * (which defines the next Householder vector), then to rows 0 … i − 2 in the same pass that computes B u of the
 * next step, so the matrix is read once per step instead of twice.
 *
 * It also keeps step i's vector u_i (entries 0 … i − 1) in row i of the returned view `A` (row i is final once step
 * i starts: later steps act on rows < i) and h_i = ‖u_i‖²/2 in hs[i] (0: no reflection), so that A = Q T Qᵀ with
 * Q = H_{n−1} ⋯ H_1, H_i = I − u_i u_iᵀ / h_i — what the eigenvector path needs; the eigenvalue path ignores them.
 * `A` is a view of the kernel's memory, valid until the kernel runs again.
 */
export function tridiagonalizeFused(
  a: ArrayLike<number>,
  n: number,
  k: TridiagKernel,
): { d: Float64Array; e: Float64Array; hs: Float64Array; A: Float64Array } {
  ensureWasmMemory(k, (n * n + 4 * n) * 8);
  const mem = new Float64Array(k.memory.buffer, 0, n * n + 4 * n);
  const A = mem.subarray(0, n * n);
  for (let i = 0; i < n * n; i++) A[i] = a[i];
  const vecs = [0, 1, 2, 3].map((q) => mem.subarray(n * n + q * n, n * n + (q + 1) * n));
  const ptr = [0, 1, 2, 3].map((q) => (n * n + q * n) * 8);
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  const hs = new Float64Array(n);
  let cur = 0; // vecs[cur] = u, vecs[cur + 1] = p of the update pending on rows < pendingM
  let pendingM = 0;
  for (let i = n - 1; i > 0; i--) {
    const l = i - 1;
    const ri = i * n;
    // The pending update (from step i + 1, block rows 0 … i) on row i.
    if (pendingM > 0) {
      const u = vecs[cur],
        p = vecs[cur + 1];
      const ui = u[i],
        pi = p[i];
      for (let c = 0; c <= i; c++) A[ri + c] -= ui * p[c] + pi * u[c];
    }
    let reflect = false;
    let h = 0;
    const nu = vecs[2 - cur],
      np = vecs[3 - cur];
    if (l > 0) {
      let scale = 0;
      for (let c = 0; c <= l; c++) scale += Math.abs(A[ri + c]);
      if (scale === 0) e[i] = A[ri + l];
      else {
        for (let c = 0; c <= l; c++) {
          nu[c] = A[ri + c] / scale;
          h += nu[c] * nu[c];
        }
        const f = nu[l];
        const g = f >= 0 ? -Math.sqrt(h) : Math.sqrt(h);
        e[i] = scale * g;
        h -= f * g;
        nu[l] = f - g;
        reflect = true;
      }
    } else e[i] = A[ri + l];
    if (reflect) {
      for (let c = 0; c <= l; c++) A[ri + c] = nu[c];
      hs[i] = h;
      np.fill(0, 0, l + 1);
      if (pendingM > 0) k.fused(0, n, l + 1, ptr[cur], ptr[cur + 1], ptr[2 - cur], ptr[3 - cur]);
      else k.symv(0, n, l + 1, ptr[2 - cur], ptr[3 - cur]);
      let fsum = 0;
      for (let c = 0; c <= l; c++) {
        np[c] /= h;
        fsum += np[c] * nu[c];
      }
      const hh = fsum / (h + h);
      for (let c = 0; c <= l; c++) np[c] -= hh * nu[c];
      cur = 2 - cur;
      pendingM = l + 1;
    } else {
      if (pendingM > 0) k.syr2(0, n, l + 1, ptr[cur], ptr[cur + 1]);
      pendingM = 0;
    }
  }
  // Row 0 still carries the last pending update (block rows 0 … 0).
  if (pendingM > 0) k.syr2(0, n, 1, ptr[cur], ptr[cur + 1]);
  for (let i = 0; i < n; i++) d[i] = A[i * n + i];
  return { d, e, hs, A };
}

/** Eigenvalues of the tridiagonal (d, e) by the implicit QL algorithm, ascending. */
function qlEigenvalues(d0: Float64Array, e0: Float64Array, n: number): number[] {
  const d = d0.slice();
  const e = e0.slice();
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
        if (iter++ === 100) throw new Error("a: the QL iteration for the eigenvalues did not converge");
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = pythag(g, 1);
        g = d[m] - d[l] + e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        let s = 1,
          c = 1,
          pp = 0;
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = pythag(f, g);
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

/**
 * The smallest and largest eigenvalues of the symmetric matrix `a` (lower triangle read): Householder reduction,
 * then bisection on Sturm counts of the tridiagonal (O(n) per step, ~60 steps per end): no QL sweep is needed for
 * the two extremes.
 */
export function symmetricExtremeEigenvalues(a: Float64Array, n: number): { min: number; max: number } {
  if (n === 0) return { min: NaN, max: NaN };
  if (n === 1) return { min: a[0], max: a[0] };
  const { d, e } = tridiagonalize(a, n);
  return tridiagonalExtremeEigenvalues(d, e, n);
}

/**
 * The smallest and largest eigenvalues of the symmetric tridiagonal matrix with diagonal d[0 … n) and off-diagonal
 * e[1 … n) (e[i] couples rows i − 1 and i; e[0] unused), by bisection on Sturm counts.
 */
export function tridiagonalExtremeEigenvalues(
  d: ArrayLike<number>,
  e: ArrayLike<number>,
  n: number,
): { min: number; max: number } {
  if (n === 0) return { min: NaN, max: NaN };
  if (n === 1) return { min: d[0], max: d[0] };
  // Gershgorin bounds.
  let lo = Infinity,
    hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const r = Math.abs(e[i]) + (i + 1 < n ? Math.abs(e[i + 1]) : 0);
    lo = Math.min(lo, d[i] - r);
    hi = Math.max(hi, d[i] + r);
  }
  const norm = Math.max(Math.abs(lo), Math.abs(hi));
  let maxE2 = 0;
  for (let i = 1; i < n; i++) maxE2 = Math.max(maxE2, e[i] * e[i]);
  const pivmin = Number.MIN_VALUE * Math.max(1, maxE2) * 1e10;
  /** Number of eigenvalues < x (Sturm sequence of the LDLᵀ pivots). */
  const count = (x: number): number => {
    let c = 0;
    let q = d[0] - x;
    if (Math.abs(q) < pivmin) q = -pivmin;
    if (q < 0) c++;
    for (let i = 1; i < n; i++) {
      q = d[i] - x - (e[i] * e[i]) / q;
      if (Math.abs(q) < pivmin) q = -pivmin;
      if (q < 0) c++;
    }
    return c;
  };
  const tol = 4 * 2.220446049250313e-16 * norm + 2 * pivmin;
  const bisect = (k: number): number => {
    // the k-th smallest eigenvalue (0-based): the smallest x with count(x) > k
    let a0 = lo - tol,
      b0 = hi + tol;
    for (let it = 0; it < 200 && b0 - a0 > tol; it++) {
      const mid = 0.5 * (a0 + b0);
      if (count(mid) > k) b0 = mid;
      else a0 = mid;
    }
    return 0.5 * (a0 + b0);
  };
  return { min: bisect(0), max: bisect(n - 1) };
}
