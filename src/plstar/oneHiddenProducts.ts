/**
 * The Jacobian and the model Hessian-vector product of a one-hidden-layer network, f(x) = σ_out(v·σ(W₁x/√d)/√m),
 * written for that case (float64, exact): the generic layer-by-layer code in net.ts handles any depth; these are
 * the fast paths of `jacobianMatrix` and `modelHvpArray` for the tutorials' wide one-hidden-layer networks.
 */
import { abtKernel, ensureWasmMemory } from "../linalg/index.js";
import { ACTIVATIONS, activation as lookupActivation } from "../tensor/index.js";
import { plActivationPass, type Mlp } from "./net.js";
import { plJacobianRows } from "./kernelThreads.js";
import type { PlData } from "./validate.js";

/** σ(z) and σ′(z) entrywise (σ″ too where the WebAssembly pass gives it at no extra pass). */
function activate(name: string, z: Float64Array): { f: Float64Array; d1: Float64Array; d2: Float64Array | null } {
  const n = z.length;
  if (name === "linear") return { f: z, d1: new Float64Array(n).fill(1), d2: new Float64Array(n) };
  if (name === "relu") {
    const f = new Float64Array(n),
      d1 = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      const x = z[k];
      f[k] = 0.5 * (x + Math.abs(x)); // branch-free: the sign of z is random
      d1[k] = (x > 0) as unknown as number | 0;
    }
    return { f, d1, d2: new Float64Array(n) };
  }
  const fast = plActivationPass(name as Parameters<typeof plActivationPass>[0], z);
  if (fast) return fast;
  const a = lookupActivation(name as Parameters<typeof lookupActivation>[0]);
  const f = new Float64Array(n),
    d1 = new Float64Array(n),
    d2 = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    f[k] = a.f(z[k]);
    d1[k] = a.df(z[k]);
    d2[k] = a.d2f(z[k]);
  }
  return { f, d1, d2 };
}

/** out[o … o + len) = c · x[xo … xo + len), four entries a step (a third faster than one: these loops write J). */
function scaledCopy(out: Float64Array, o: number, c: number, x: Float64Array, xo: number, len: number): void {
  let j = 0;
  for (; j + 3 < len; j += 4) {
    out[o + j] = c * x[xo + j];
    out[o + j + 1] = c * x[xo + j + 1];
    out[o + j + 2] = c * x[xo + j + 2];
    out[o + j + 3] = c * x[xo + j + 3];
  }
  for (; j < len; j++) out[o + j] = c * x[xo + j];
}

/**
 * The Jacobian of a one-hidden-layer network, n × P row-major (parameters W₁ row-major, then v): row i is
 * [g_i σ′(z_ik) v_k x_i/√(d m) for each unit k, then g_i σ(z_ik)/√m], z = W₁x_i/√d, g_i = σ_out′(v·σ(z)/√m). Without
 * WebAssembly SIMD, plain loops; with it, Z = (X/√d) W₁ᵀ by the product `abt` and A = σ(Z), H = (v/√m) ⊙ σ′(Z) and
 * the output pre-activations by the tangent kernel's activation pass (`relu` / `chunk`). The entries are written by
 * {@link plJacobianRows} (row blocks shared with helper threads when `threads` > 1 and J is large; the same entries
 * for any thread count). `wasm: false` takes the plain loops (for tests).
 */
export function plOneHiddenJacobian(net: Mlp, D: PlData, threads = 1, wasm = true): Float64Array {
  const n = D.n,
    d = D.d,
    m = net.dims[1];
  const W1 = net.weights[0],
    v = net.weights[1];
  const sd = 1 / Math.sqrt(d),
    sm = 1 / Math.sqrt(m);
  const out = lookupActivation(net.outputActivation);
  const x = D.data;
  const k = wasm ? abtKernel() : null;
  if (k) {
    const nP = n + (n & 1),
      dP = d + (d & 1),
      mP = m + (m & 1);
    // WebAssembly memory: X/√d | W₁ | Z | A | H | v/√m | output pre-activations | X | g.
    const oXs = 0,
      oW = nP * dP,
      oZ = oW + mP * dP,
      oA = oZ + nP * mP,
      oH = oA + nP * mP,
      oV = oH + nP * mP,
      oF = oV + mP,
      oX = oF + nP,
      oG = oX + n * d,
      total = oG + n;
    ensureWasmMemory(k, total * 8);
    const mem = new Float64Array(k.memory.buffer, 0, total);
    if (dP !== d || nP !== n || mP !== m) mem.fill(0, 0, oZ);
    for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mem[oXs + i * dP + j] = x[i * d + j] * sd;
    if (dP === d) mem.set(W1, oW);
    else for (let u = 0; u < m; u++) mem.set(W1.subarray(u * d, (u + 1) * d), oW + u * dP);
    k.abt(oXs * 8, nP, oW * 8, mP, dP, oZ * 8, mP, 2); // Z = X W₁ᵀ/√d (overwrite, all blocks)
    for (let u = 0; u < m; u++) mem[oV + u] = v[u] * sm;
    if (mP !== m) mem[oV + m] = 0;
    mem.fill(0, oF, oF + nP);
    const kind = ACTIVATIONS.indexOf(net.activation);
    if (net.activation === "relu") k.relu(oZ * 8, oA * 8, oH * 8, oV * 8, oF * 8, n, mP);
    else k.chunk(kind, oZ * 8, oA * 8, oH * 8, oV * 8, oF * 8, n, mP);
    mem.set(x, oX);
    for (let i = 0; i < n; i++) mem[oG + i] = out.name === "linear" ? 1 : out.df(mem[oF + i]);
    return plJacobianRows({ S: mem, oH, oA, oX, oG, stride: mP }, n, d, m, threads);
  }
  // Without WebAssembly SIMD: S = H | A | X | g in plain loops.
  const a = lookupActivation(net.activation);
  const oH = 0,
    oA = n * m,
    oX = 2 * n * m,
    oG = oX + n * d;
  const S = new Float64Array(oG + n);
  for (let i = 0; i < n; i++) {
    let pre = 0;
    for (let u = 0; u < m; u++) {
      let s = 0;
      for (let j = 0; j < d; j++) s += x[i * d + j] * W1[u * d + j];
      const z = s * sd;
      const au = a.f(z);
      S[oA + i * m + u] = au;
      S[oH + i * m + u] = v[u] * sm * a.df(z);
      pre += v[u] * sm * au;
    }
    S[oG + i] = out.name === "linear" ? 1 : out.df(pre);
  }
  S.set(x, oX);
  return plJacobianRows({ S, oH, oA, oX, oG, stride: m }, n, d, m, threads);
}

/**
 * ∇²_w f(x) u of a one-hidden-layer network at one point, for u = (U, u_v) (U m × d row-major, then m numbers):
 * with z = W₁x/√d, r_k = U_k·x and p = v·σ(z)/√m,
 * (∇²p u)_{W_k} = [v_k σ″(z_k) r_k/(d√m) + σ′(z_k) u_{v,k}/√(d m)] x, (∇²p u)_{v_k} = σ′(z_k) r_k/√(d m), and
 * ∇²f u = σ_out′(p) ∇²p u + σ_out″(p) (∇p·u) ∇p. One pass over W₁ and U (both dot products per unit), one
 * activation pass, one pass writing the result. `finite` is false when x or u held a NaN or an infinity (or the
 * result overflowed).
 */
export function plOneHiddenHvp(net: Mlp, x: Float64Array, u: Float64Array): { hv: Float64Array; finite: boolean } {
  const d = net.dims[0],
    m = net.dims[1];
  const W = net.weights[0],
    v = net.weights[1];
  const sd = 1 / Math.sqrt(d),
    sm = 1 / Math.sqrt(m);
  const z = new Float64Array(m),
    r = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    const o = k * d;
    let z0 = 0,
      z1 = 0,
      r0 = 0,
      r1 = 0;
    let j = 0;
    for (; j + 1 < d; j += 2) {
      const x0 = x[j],
        x1 = x[j + 1];
      z0 += W[o + j] * x0;
      z1 += W[o + j + 1] * x1;
      r0 += u[o + j] * x0;
      r1 += u[o + j + 1] * x1;
    }
    if (j < d) {
      z0 += W[o + j] * x[j];
      r0 += u[o + j] * x[j];
    }
    z[k] = (z0 + z1) * sd;
    r[k] = r0 + r1;
  }
  const act = activate(net.activation, z);
  const s0 = act.f,
    s1 = act.d1;
  let s2 = act.d2;
  if (!s2) {
    const d2f = lookupActivation(net.activation).d2f;
    s2 = new Float64Array(m);
    for (let k = 0; k < m; k++) s2[k] = d2f(z[k]);
  }
  const out = lookupActivation(net.outputActivation);
  const uv = u.subarray(m * d);
  const cW = sd * sd * sm,
    cX = sd * sm;
  const alpha = new Float64Array(m),
    beta = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    alpha[k] = v[k] * s2[k] * r[k] * cW + s1[k] * uv[k] * cX;
    beta[k] = s1[k] * r[k] * cX;
  }
  if (out.name !== "linear") {
    let pre = 0,
      dot = 0;
    for (let k = 0; k < m; k++) {
      pre += v[k] * s0[k];
      dot += v[k] * s1[k] * r[k] * cX + s0[k] * uv[k] * sm;
    }
    pre *= sm;
    const o1 = out.df(pre),
      c = out.d2f(pre) * dot;
    for (let k = 0; k < m; k++) {
      alpha[k] = o1 * alpha[k] + c * v[k] * s1[k] * cX;
      beta[k] = o1 * beta[k] + c * s0[k] * sm;
    }
  }
  const hv = new Float64Array(m * d + m);
  // NaN or ±Infinity anywhere in x or u reaches α or β (through z, r or u_v; 0 · ∞ is NaN too): their sum is the
  // caller's finiteness check at O(m).
  let check = 0;
  for (let k = 0; k < m; k++) {
    const a = alpha[k],
      o = k * d;
    check += a + beta[k];
    scaledCopy(hv, o, a, x, 0, d);
  }
  hv.set(beta, m * d);
  return { hv, finite: Number.isFinite(check) };
}
