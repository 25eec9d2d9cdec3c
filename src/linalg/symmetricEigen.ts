/**
 * Eigenvalues and eigenvectors of a real symmetric matrix (float64): Householder reduction to a tridiagonal matrix
 * T = Qᵀ A Q, the implicit QL method on T, and the eigenvectors V = Q Z with Z the product of QL's plane rotations.
 *
 * Two implementations of the same mathematics:
 * - with WebAssembly SIMD and {@link WASM_MIN_ORDER} ≤ n ≤ 8192: the reduction runs in tridiagonal.wat's fused kernel (one
 *   pass over the matrix per step) and keeps the Householder vectors; eigen.wat's `accumulate` forms Qᵀ from them
 *   (4n³/3 flops; 32 reflectors per pass over the rows, two per read of a row). The eigenvalues are computed first
 *   (QL without vectors, O(n²)) and then QL is run again with each eigenvalue as the shift of its sweep (a "perfect
 *   shift", falling back to Wilkinson's), recording each sweep's plane rotations: about 0.55 n² rotations instead of
 *   Wilkinson's ≈ n², the O(n³) part being 6n flops per rotation. eigen.wat's `rotate` applies the recorded rotations
 *   to the rows of Qᵀ eight columns at a time, all sweeps of a batch on one block of columns before the next, so the
 *   block stays in cache and the row carried from one rotation to the next stays in registers.
 * - otherwise: tred2 + tql2, EISPACK's algorithms as JAMA (public domain) writes them, the same steps as ml-matrix's
 *   `EigenvalueDecomposition(…, { assumeSymmetric: true })` and bit for bit its results, over one flat Float64Array.
 *
 * Both store V transposed (T[j·n + i] holds the logical V(i, j)), so the hot loops run along rows and eigenvector k
 * ends up as row k. Both are deterministic: the same input gives the same bits. The two paths agree to rounding, not
 * bit for bit.
 */
import { eigenKernel, type EigenKernel } from "./eigenKernels.js";
import { tridiagonalizeFused } from "./symmetricEigenvalues.js";
import { ensureWasmMemory, tridiagKernel, type TridiagKernel } from "./wasm.js";

/** The smallest order for which {@link symmetricEigen} uses the WebAssembly kernels by default. */
export const WASM_MIN_ORDER = 32;

/** Householder reflectors applied per pass over the rows when forming Qᵀ (their vectors stay in cache). */
const ACCUMULATE_GROUP = 32;

function hypot(a: number, b: number): number {
  if (Math.abs(a) > Math.abs(b)) {
    const r = b / a;
    return Math.abs(a) * Math.sqrt(1 + r * r);
  }
  if (b !== 0) {
    const r = a / b;
    return Math.abs(b) * Math.sqrt(1 + r * r);
  }
  return 0;
}

function tred2(n: number, e: Float64Array, d: Float64Array, T: Float64Array): void {
  for (let j = 0; j < n; j++) d[j] = T[j * n + n - 1];
  for (let i = n - 1; i > 0; i--) {
    let scale = 0;
    let h = 0;
    for (let k = 0; k < i; k++) scale += Math.abs(d[k]);
    if (scale === 0) {
      e[i] = d[i - 1];
      for (let j = 0; j < i; j++) {
        d[j] = T[j * n + i - 1];
        T[j * n + i] = 0;
        T[i * n + j] = 0;
      }
    } else {
      for (let k = 0; k < i; k++) {
        d[k] /= scale;
        h += d[k] * d[k];
      }
      let f = d[i - 1];
      let g = Math.sqrt(h);
      if (f > 0) g = -g;
      e[i] = scale * g;
      h = h - f * g;
      d[i - 1] = f - g;
      for (let j = 0; j < i; j++) e[j] = 0;
      for (let j = 0; j < i; j++) {
        f = d[j];
        T[i * n + j] = f;
        const rj = j * n;
        g = e[j] + T[rj + j] * f;
        for (let k = j + 1; k <= i - 1; k++) {
          g += T[rj + k] * d[k];
          e[k] += T[rj + k] * f;
        }
        e[j] = g;
      }
      f = 0;
      for (let j = 0; j < i; j++) {
        e[j] /= h;
        f += e[j] * d[j];
      }
      const hh = f / (h + h);
      for (let j = 0; j < i; j++) e[j] -= hh * d[j];
      for (let j = 0; j < i; j++) {
        f = d[j];
        g = e[j];
        const rj = j * n;
        for (let k = j; k <= i - 1; k++) T[rj + k] -= f * e[k] + g * d[k];
        d[j] = T[rj + i - 1];
        T[rj + i] = 0;
      }
    }
    d[i] = h;
  }
  for (let i = 0; i < n - 1; i++) {
    T[i * n + n - 1] = T[i * n + i];
    T[i * n + i] = 1;
    const h = d[i + 1];
    const ri1 = (i + 1) * n;
    if (h !== 0) {
      for (let k = 0; k <= i; k++) d[k] = T[ri1 + k] / h;
      for (let j = 0; j <= i; j++) {
        const rj = j * n;
        let g = 0;
        for (let k = 0; k <= i; k++) g += T[ri1 + k] * T[rj + k];
        for (let k = 0; k <= i; k++) T[rj + k] -= g * d[k];
      }
    }
    for (let k = 0; k <= i; k++) T[ri1 + k] = 0;
  }
  for (let j = 0; j < n; j++) {
    d[j] = T[j * n + n - 1];
    T[j * n + n - 1] = 0;
  }
  T[(n - 1) * n + n - 1] = 1;
  e[0] = 0;
}

function tql2(n: number, e: Float64Array, d: Float64Array, T: Float64Array): void {
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  let f = 0;
  let tst1 = 0;
  const eps = Number.EPSILON;
  for (let l = 0; l < n; l++) {
    tst1 = Math.max(tst1, Math.abs(d[l]) + Math.abs(e[l]));
    let m = l;
    while (m < n) {
      if (Math.abs(e[m]) <= eps * tst1) break;
      m++;
    }
    if (m > l) {
      let iter = 0;
      do {
        if (++iter > 30 * n + 30) throw new Error("symmetric eigendecomposition: the QL iteration did not converge");
        let g = d[l];
        let p = (d[l + 1] - g) / (2 * e[l]);
        let r = hypot(p, 1);
        if (p < 0) r = -r;
        d[l] = e[l] / (p + r);
        d[l + 1] = e[l] * (p + r);
        const dl1 = d[l + 1];
        let h = g - d[l];
        for (let i = l + 2; i < n; i++) d[i] -= h;
        f += h;
        p = d[m];
        let c = 1,
          c2 = c,
          c3 = c;
        const el1 = e[l + 1];
        let s = 0,
          s2 = 0;
        for (let i = m - 1; i >= l; i--) {
          c3 = c2;
          c2 = c;
          s2 = s;
          g = c * e[i];
          h = c * p;
          r = hypot(p, e[i]);
          e[i + 1] = s * r;
          s = e[i] / r;
          c = p / r;
          p = c * d[i] - s * g;
          d[i + 1] = h + s * (c * g + s * d[i]);
          const ri = i * n,
            ri1 = ri + n;
          for (let k = 0; k < n; k++) {
            h = T[ri1 + k];
            T[ri1 + k] = s * T[ri + k] + c * h;
            T[ri + k] = c * T[ri + k] - s * h;
          }
        }
        p = (-s * s2 * c3 * el1 * e[l]) / dl1;
        e[l] = s * p;
        d[l] = c * p;
      } while (Math.abs(e[l]) > eps * tst1);
    }
    d[l] = d[l] + f;
    e[l] = 0;
  }
  // ascending, with the eigenvectors (rows of T)
  for (let i = 0; i < n - 1; i++) {
    let k = i;
    let p = d[i];
    for (let j = i + 1; j < n; j++)
      if (d[j] < p) {
        k = j;
        p = d[j];
      }
    if (k !== i) {
      d[k] = d[i];
      d[i] = p;
      for (let j = 0; j < n; j++) {
        const t = T[i * n + j];
        T[i * n + j] = T[k * n + j];
        T[k * n + j] = t;
      }
    }
  }
}

/**
 * Eigenvalues (ascending) and orthonormal eigenvectors of the symmetric n × n row-major matrix `a` (not modified;
 * symmetric input is assumed, as ml-matrix's `assumeSymmetric`). `vectors` is n × n row-major with row k the
 * eigenvector of `values[k]`.
 *
 * @param options - `wasm: false` forces the JavaScript tred2 + tql2 (ml-matrix's results bit for bit); by default
 *   the WebAssembly kernels are used when the runtime has WebAssembly SIMD and {@link WASM_MIN_ORDER} ≤ n ≤ 8192.
 * @throws Error when the QL iteration does not converge (never seen for finite input).
 */
export function symmetricEigen(
  a: ArrayLike<number>,
  n: number,
  options: { wasm?: boolean } = {},
): { values: Float64Array; vectors: Float64Array } {
  // The kernels address their memory with 32-bit pointers: Qᵀ and the Householder vectors (2 · 8n² bytes) must fit.
  if (options.wasm !== false && n >= WASM_MIN_ORDER && n <= 8192) {
    const tk = tridiagKernel();
    const ek = tk && eigenKernel();
    if (tk && ek) return symmetricEigenWasm(a, n, tk, ek);
  }
  const T = new Float64Array(n * n);
  // T = aᵀ (= a for a symmetric a), as ml-matrix fills its transposed store
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) T[j * n + i] = a[i * n + j];
  const d = new Float64Array(n);
  const e = new Float64Array(n);
  if (n > 0) {
    tred2(n, e, d, T);
    tql2(n, e, d, T);
  }
  return { values: d, vectors: T };
}

const EPS = Number.EPSILON;

/**
 * The eigenvalues of the tridiagonal (d, e) (e[i] couples i − 1 and i), ascending: the root-free implicit QL of Pal,
 * Walker and Kahan on the squared off-diagonal (LAPACK's dsterf), no square root in the inner loop; (d, e) scaled
 * to ‖T‖ ∈ [1, 2) (see its caller), deflation at |e_m| ≤ ε ‖T‖. Used as shifts, so their accuracy only affects
 * the iteration count of the QL run that computes the eigenpairs.
 */
function qlEigenvalues(d0: Float64Array, e0: Float64Array, n: number, normT: number): Float64Array {
  const d = d0.slice();
  const e2 = new Float64Array(n); // e2[i] = e_{i,i+1}²
  for (let i = 1; i < n; i++) e2[i - 1] = e0[i] * e0[i];
  const tol2 = (EPS * normT) ** 2;
  let iter = 0;
  let l = 0;
  while (l < n) {
    let m: number;
    for (m = l; m < n - 1; m++) if (e2[m] <= tol2) break;
    if (m < n - 1) e2[m] = 0;
    if (m === l) {
      l++;
      continue;
    }
    if (iter++ === 30 * n + 30) throw new Error("symmetric eigendecomposition: the QL iteration did not converge");
    let p = d[l];
    const rte = Math.sqrt(e2[l]);
    let sigma = (d[l + 1] - p) / (2 * rte);
    const r0 = Math.sqrt(sigma * sigma + 1);
    sigma = p - rte / (sigma + (sigma >= 0 ? r0 : -r0));
    let c = 1,
      s = 0;
    let gamma = d[m] - sigma;
    p = gamma * gamma;
    for (let i = m - 1; i >= l; i--) {
      const bb = e2[i];
      const r = p + bb;
      if (i !== m - 1) e2[i + 1] = s * r;
      const oldc = c;
      c = p / r;
      s = bb / r;
      const oldgam = gamma;
      const alpha = d[i];
      gamma = c * (alpha - sigma) - s * oldgam;
      d[i + 1] = oldgam + (alpha - gamma);
      p = c !== 0 ? (gamma * gamma) / c : oldc * bb;
    }
    e2[l] = s * p;
    d[l] = sigma + gamma;
  }
  return d.sort();
}

/** The index of the entry of the ascending `values` nearest to x among those not marked in `used` (one is left). */
function nearestUnused(values: Float64Array, used: Uint8Array, x: number): number {
  let lo = 0,
    hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  let a = lo - 1,
    b = lo;
  while (a >= 0 && used[a]) a--;
  while (b < values.length && used[b]) b++;
  if (a < 0) return b;
  if (b >= values.length) return a;
  return x - values[a] <= values[b] - x ? a : b;
}

/**
 * The WebAssembly path of {@link symmetricEigen}: reduction keeping the Householder vectors (u_i in row i of the
 * reduced matrix, h_i = ‖u_i‖²/2), Qᵀ = H_1 ⋯ H_{n−1} by `accumulate`, QL with recorded rotations applied in batches
 * by `rotate`, then the eigenpairs sorted ascending.
 */
function symmetricEigenWasm(
  a: ArrayLike<number>,
  n: number,
  tk: TridiagKernel,
  ek: EigenKernel,
): { values: Float64Array; vectors: Float64Array } {
  const { d, e, hs, A } = tridiagonalizeFused(a, n, tk);
  // Qᵀ in the eigen kernel's memory: row stride ld (a multiple of 8, off multiples of 512 to spread cache sets).
  const cols = Math.ceil(n / 8) * 8;
  const ld = cols % 64 === 0 ? cols + 8 : cols;
  const cap = Math.max(32768, 4 * n); // rotations per batch
  const tBytes = ld * n * 8;
  const uPtr = tBytes;
  const hPtr = uPtr + tBytes;
  const gamPtr = hPtr + n * 8;
  const swPtr = gamPtr + n * 8;
  const csPtr = swPtr + cap * 8;
  ensureWasmMemory(ek, csPtr + cap * 16);
  const buf = ek.memory.buffer;
  const T = new Float64Array(buf, 0, ld * n);
  const U = new Float64Array(buf, uPtr, ld * n);
  const hv = new Float64Array(buf, hPtr, n);
  const gam = new Float64Array(buf, gamPtr, n);
  const sw = new Int32Array(buf, swPtr, 2 * cap);
  const cs = new Float64Array(buf, csPtr, 2 * cap);
  T.fill(0);
  U.fill(0);
  for (let k = 0; k < n; k++) {
    T[k * ld + k] = 1;
    hv[k] = hs[k];
    if (hs[k] !== 0) U.set(A.subarray(k * n, k * n + k), k * ld);
  }
  // gam_k = u_k · u_{k+1}
  for (let k = 0; k + 1 < n; k++) {
    let g = 0;
    const r1 = k * ld,
      r2 = r1 + ld;
    for (let c = 0; c < k; c++) g += U[r1 + c] * U[r2 + c];
    gam[k] = g;
  }
  ek.accumulate(0, uPtr, ld, n, hPtr, gamPtr, ACCUMULATE_GROUP);

  // Implicit QL on (d, e), each sweep's rotations recorded and applied to Qᵀ's rows in batches. The eigenvalues are
  // computed first (QL without vectors, O(n²)) and used as shifts ("perfect shifts"): a sweep shifted by an exact
  // eigenvalue of the active block deflates it in one sweep in exact arithmetic, about half the sweeps (and so half
  // the O(n³) rotation work) of Wilkinson's shift. Where rounding keeps a sweep from deflating, the next ones
  // use Wilkinson's shift; the rotations are orthogonal whatever the shift, so accuracy does not depend on it.
  // (d, e) scaled by a power of 2 (exact) to ‖T‖ ∈ [1, 2): √(f² + g²) then neither overflows nor underflows where it
  // matters (entries below 2⁻⁵⁰⁰ ‖T‖ are far under the deflation tolerance), so no hypot is needed.
  let normT = 0;
  for (let i = 0; i < n; i++)
    normT = Math.max(normT, Math.abs(d[i]) + Math.abs(e[i]) + (i + 1 < n ? Math.abs(e[i + 1]) : 0));
  const unscale = normT > 0 ? 2 ** Math.floor(Math.log2(normT)) : 1;
  for (let i = 0; i < n; i++) {
    d[i] /= unscale;
    e[i] /= unscale;
  }
  const lambda = qlEigenvalues(d, e, n, normT / unscale);
  const used = new Uint8Array(n);
  let nsw = 0,
    nrot = 0;
  const flush = (): void => {
    if (nsw > 0) ek.rotate(0, ld, cols, swPtr, nsw, csPtr);
    nsw = 0;
    nrot = 0;
  };
  // Deflation: |e_m| ≤ 16 ε ‖T‖ (‖T‖ the largest absolute row sum), a backward error of at most 16 ε ‖T‖ per
  // deflated entry. A perfect-shift sweep typically leaves e_l at 1 to 20 ε ‖T‖ (forward instability), so the strict
  // ε ‖T‖ would cost a second full sweep for about half the eigenvalues.
  const tol = 16 * EPS * (normT / unscale);
  for (let i = 1; i < n; i++) e[i - 1] = e[i];
  e[n - 1] = 0;
  for (let l = 0; l < n; l++) {
    let iter = 0;
    let m: number;
    do {
      for (m = l; m < n - 1; m++) if (Math.abs(e[m]) <= tol) break;
      if (m !== l) {
        if (iter++ === 30 * n + 30) throw new Error("symmetric eigendecomposition: the QL iteration did not converge");
        let g = (d[l + 1] - d[l]) / (2 * e[l]);
        let r = Math.sqrt(g * g + 1);
        let shift = d[l] - e[l] / (g + (g >= 0 ? Math.abs(r) : -Math.abs(r)));
        if (iter <= 2) shift = lambda[nearestUnused(lambda, used, shift)];
        g = d[m] - shift;
        let s = 1,
          c = 1,
          p = 0;
        if (nrot + (m - l) > cap) flush();
        let i: number;
        let underflow = false;
        for (i = m - 1; i >= l; i--) {
          const f = s * e[i];
          const b = c * e[i];
          r = Math.sqrt(f * f + g * g);
          e[i + 1] = r;
          if (r === 0) {
            d[i + 1] -= p;
            e[m] = 0;
            underflow = true;
            break;
          }
          s = f / r;
          c = g / r;
          g = d[i + 1] - p;
          r = (d[i] - g) * s + 2 * c * b;
          p = s * r;
          d[i + 1] = g + p;
          g = c * r - b;
          cs[2 * nrot] = c;
          cs[2 * nrot + 1] = s;
          nrot++;
        }
        // the rotations done: i = m − 1 … i + 1 (all of them down to l unless a zero stopped the sweep)
        if (i + 1 < m) {
          sw[2 * nsw] = i + 1;
          sw[2 * nsw + 1] = m;
          nsw++;
        }
        if (underflow) continue;
        d[l] -= p;
        e[l] = g;
        e[m] = 0;
      }
    } while (m !== l);
    used[nearestUnused(lambda, used, d[l])] = 1;
  }
  flush();

  // Ascending, with the eigenvectors (rows of Qᵀ Z): sort an index, then copy the rows out in that order.
  const order = Array.from({ length: n }, (_, i) => i).sort((x, y) => d[x] - d[y] || x - y);
  const values = new Float64Array(n);
  const vectors = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    values[k] = d[order[k]] * unscale;
    vectors.set(T.subarray(order[k] * ld, order[k] * ld + n), k * n);
  }
  return { values, vectors };
}
