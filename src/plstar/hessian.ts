/**
 * The model Hessian ∇²_w f(x; w) of a one-hidden-layer network at one point, as an operator on the 2m-dimensional
 * subspace that holds its range (float64, exact).
 *
 * With f̃ = Σ_k v_k σ(z_k)/√m, z_k = w_k·x/√d and f = σ_out(f̃), the only non-zero second derivatives of f̃ are
 * ∂²f̃/∂w_k² = v_k σ''(z_k) x xᵀ/(d√m) and ∂²f̃/∂w_k∂v_k = σ'(z_k) x/√(dm) (hidden units do not couple), and
 * ∇²f = σ_out'(f̃) ∇²f̃ + σ_out''(f̃) ∇f̃ ∇f̃ᵀ. Every one of these terms lies in S = span{e_k ⊗ x̂, e_k^v : k ≤ m}
 * (x̂ = x/‖x‖; e_k^v the k-th output weight): ∇²f = Π_S ∇²f Π_S. In the orthonormal coordinates (p, q) of S,
 *
 *   (H u)_p = a ⊙ p + b ⊙ q + c (g·u) g_p,   (H u)_q = b ⊙ p + c (g·u) g_q,
 *
 * with a_k = σ_out' v_k σ''(z_k)‖x‖²/(d√m), b_k = σ_out' σ'(z_k)‖x‖/√(dm), c = σ_out''(f̃),
 * g_p = v_k σ'(z_k)‖x‖/√(dm), g_q = σ(z_k)/√m. A product costs O(m) instead of O(m d) for the full
 * R-operator, and a power iteration started from Π_S v₀ visits exactly the iterates of one started from v₀
 * (H v₀ = H Π_S v₀), so the norm it finds is the same.
 */
import { activation as lookupActivation } from "../tensor/index.js";
import { plActivationPass, type Mlp } from "./net.js";

/** The model Hessian at one point in the coordinates (p, q) ∈ R^{2m} of the subspace S that holds its range. */
export interface PlOneHiddenHessian {
  /** Hidden width m (coordinates: p = u[0 … m), q = u[m … 2m)). */
  readonly m: number;
  /** The coordinates of Π_S v for v ∈ R^P (parameters ordered as `mlpParameters`). */
  project(v: Float64Array): Float64Array;
  /** H u in coordinates (u ∈ R^{2m}), written into `out` when given (length 2m, not u itself). */
  apply(u: Float64Array, out?: Float64Array): Float64Array;
  /**
   * out = H (scale · u) and its norm ‖out‖, in one pass (a power-iteration step: see `plPowerNorm`).
   */
  step(u: Float64Array, scale: number, out: Float64Array): number;
  /** The vector of R^P with coordinates u. */
  embed(u: Float64Array): Float64Array;
}

/**
 * The Hessian operator of a one-hidden-layer network (`net.dims.length === 3`) at the point x (length d).
 * Building it costs one forward pass, O(m d); each product afterwards O(m).
 */
export function plOneHiddenHessian(net: Mlp, x: Float64Array): PlOneHiddenHessian {
  const d = net.dims[0],
    m = net.dims[1];
  if (net.dims.length !== 3) throw new Error("net: expected a network with one hidden layer");
  const W = net.weights[0],
    v = net.weights[1];
  const act = lookupActivation(net.activation);
  const out = lookupActivation(net.outputActivation);
  let xx = 0;
  for (let j = 0; j < d; j++) xx += x[j] * x[j];
  const xn = Math.sqrt(xx);
  const xhat = new Float64Array(d);
  if (xn > 0) for (let j = 0; j < d; j++) xhat[j] = x[j] / xn;
  const sd = 1 / Math.sqrt(d),
    sm = 1 / Math.sqrt(m);
  const a = new Float64Array(m),
    b = new Float64Array(m),
    gp = new Float64Array(m),
    gq = new Float64Array(m);
  const zs = new Float64Array(m);
  for (let k = 0; k < m; k++) {
    let z = 0;
    const o = k * d;
    for (let j = 0; j < d; j++) z += W[o + j] * x[j];
    zs[k] = z * sd;
  }
  // σ, σ′, σ″ of every unit in one WebAssembly pass (tanh, erf, softplus, sigmoid; scalar for linear and relu).
  const fast = act.name === "linear" || act.name === "relu" ? null : plActivationPass(act.name, zs);
  let pre = 0;
  for (let k = 0; k < m; k++) {
    const z = zs[k];
    const s1 = fast ? fast.d1[k] : act.df(z);
    const s0 = fast ? fast.f[k] : act.f(z);
    pre += v[k] * s0;
    a[k] = v[k] * (fast ? fast.d2[k] : act.d2f(z)) * xx * sd * sd * sm;
    b[k] = s1 * xn * sd * sm;
    gp[k] = v[k] * b[k];
    gq[k] = s0 * sm;
  }
  pre *= sm;
  const o1 = out.df(pre),
    c = out.d2f(pre);
  if (o1 !== 1)
    for (let k = 0; k < m; k++) {
      a[k] *= o1;
      b[k] *= o1;
    }
  const step = (u: Float64Array, scale: number, out: Float64Array) => oneHiddenStep(a, b, gp, gq, c, u, scale, out);
  return {
    m,
    project(w: Float64Array): Float64Array {
      const u = new Float64Array(2 * m);
      for (let k = 0; k < m; k++) {
        let s = 0;
        const o = k * d;
        for (let j = 0; j < d; j++) s += w[o + j] * xhat[j];
        u[k] = s;
        u[m + k] = w[m * d + k];
      }
      return u;
    },
    apply(u: Float64Array, out?: Float64Array): Float64Array {
      const r = out ?? new Float64Array(2 * m);
      step(u, 1, r);
      return r;
    },
    step,
    embed(u: Float64Array): Float64Array {
      const w = new Float64Array(m * d + m);
      for (let k = 0; k < m; k++) {
        const p = u[k],
          o = k * d;
        for (let j = 0; j < d; j++) w[o + j] = p * xhat[j];
        w[m * d + k] = u[m + k];
      }
      return w;
    },
  };
}

/** out = H (scale · u) in S's coordinates, returns ‖out‖ (one pass over the units; see the module's comment). */
function oneHiddenStep(
  a: Float64Array,
  b: Float64Array,
  gp: Float64Array,
  gq: Float64Array,
  c: number,
  u: Float64Array,
  scale: number,
  out: Float64Array,
): number {
  const m = a.length;
  let gu = 0;
  if (c !== 0) for (let k = 0; k < m; k++) gu += gp[k] * u[k] + gq[k] * u[m + k];
  const cg = c * gu * scale;
  let s0 = 0,
    s1 = 0;
  for (let k = 0; k < m; k++) {
    const p = scale * u[k],
      q = scale * u[m + k];
    const r = a[k] * p + b[k] * q + cg * gp[k],
      t = b[k] * p + cg * gq[k];
    out[k] = r;
    out[m + k] = t;
    s0 += r * r;
    s1 += t * t;
  }
  return Math.sqrt(s0 + s1);
}
