/**
 * Fully connected networks in NTK parameterization, computed in float64 on the CPU.
 *
 * a₀ = x, z_l = W_l a_{l−1} / √d_{l−1}, a_l = σ(z_l) for l = 1…L, and the scalar output
 * f(x) = σ_out(W_{L+1} a_L / √d_L) (σ_out = identity unless `outputActivation` is given). Weights are N(0, 1) at
 * initialization; there are no biases. Parameters are ordered layer by layer, each W_l row-major
 * (`[d_l][d_{l−1}]`).
 *
 * Everything here is exact float64 arithmetic over typed arrays: forward pass, back-propagated vectors, Jacobian,
 * Hessian-vector products (Pearlmutter's R-operator applied to the forward and backward passes). No tfjs tensor
 * is created.
 */
import { activation as lookupActivation, ACTIVATIONS, createRng, type ActivationName } from "../tensor/index.js";
import { plCheckInt, plCheckMatrix, type PlData } from "./validate.js";
import { checkMemoryBudget } from "../core/budget.js";
import {
  abtKernel as plAbtKernel,
  ensureWasmMemory as plAbtEnsureMemory,
  toRows,
  type AbtKernel as PlAbt,
} from "../linalg/index.js";

/** A network in NTK parameterization with a scalar output (plain data; weights in float64). */
export interface Mlp {
  /** Layer sizes `[d₀ (input), d₁, …, d_L, 1]`. */
  readonly dims: readonly number[];
  /** W₁ … W_{L+1}, each row-major `d_l × d_{l−1}`. */
  readonly weights: readonly Float64Array[];
  /** Hidden activation σ. */
  readonly activation: ActivationName;
  /** Output activation σ_out (`linear` = none). */
  readonly outputActivation: ActivationName;
  /** Number of parameters P = Σ d_l d_{l−1}. */
  readonly parameterCount: number;
}

function checkActivation(v: unknown, name: string): ActivationName {
  if (typeof v !== "string" || !(ACTIVATIONS as readonly string[]).includes(v)) {
    throw new Error(`${name}: expected one of ${ACTIVATIONS.join(", ")}, got ${String(v)}`);
  }
  return v as ActivationName;
}

function build(dims: number[], weights: Float64Array[], act: ActivationName, out: ActivationName): Mlp {
  let P = 0;
  for (let l = 1; l < dims.length; l++) P += dims[l] * dims[l - 1];
  return Object.freeze({
    dims: Object.freeze(dims.slice()),
    weights: Object.freeze(weights),
    activation: act,
    outputActivation: out,
    parameterCount: P,
  });
}

/**
 * A randomly initialized network in NTK parameterization: weights N(0, 1), scalar output.
 *
 * @param options.inputDim - input dimension d₀ (integer ≥ 1).
 * @param options.widths - hidden widths d₁ … d_L (each an integer ≥ 1; `[]` gives the linear model w·x/√d₀).
 * @param options.activation - hidden activation: linear, relu, tanh, erf, softplus or sigmoid.
 * @param options.outputActivation - optional σ_out applied to the output (default: none).
 * @param options.seed - integer seed of the initialization.
 * @returns the network (plain data).
 * @throws Error naming the offending option, or naming the widths and the bytes needed when the parameters would
 *   exceed the memory budget (`memoryBudget()`, see core/budget).
 */
export function mlp(options: {
  inputDim: number;
  widths: number[];
  activation: ActivationName | string;
  outputActivation?: ActivationName | string;
  seed: number;
}): Mlp {
  if (options === null || typeof options !== "object") throw new Error("options: expected an object");
  const d0 = plCheckInt(options.inputDim, "inputDim", 1);
  if (!Array.isArray(options.widths)) throw new Error("widths: expected an array of integers ≥ 1");
  options.widths.forEach((w, i) => plCheckInt(w, `widths[${i}]`, 1));
  const act = checkActivation(options.activation, "activation");
  const out =
    options.outputActivation === undefined ? "linear" : checkActivation(options.outputActivation, "outputActivation");
  plCheckInt(options.seed, "seed", Number.MIN_SAFE_INTEGER);
  const dims = [d0, ...options.widths, 1];
  let parameterCount = 0;
  for (let l = 1; l < dims.length; l++) parameterCount += dims[l] * dims[l - 1];
  checkMemoryBudget(
    "mlp",
    parameterCount * Float64Array.BYTES_PER_ELEMENT,
    `widths [${options.widths.join(", ")}] (inputDim ${d0}): ${parameterCount} float64 parameters`,
  );
  const rng = createRng(options.seed);
  const weights: Float64Array[] = [];
  for (let l = 1; l < dims.length; l++) weights.push(rng.normals(dims[l] * dims[l - 1]));
  return build(dims, weights, act, out);
}

/**
 * A network from explicit weights (NTK parameterization: each layer's input is divided by √(its width)).
 *
 * @param options.weights - one `number[][]` per layer, shape `[d_l][d_{l−1}]`; the last has one row.
 * @param options.activation - hidden activation.
 * @param options.outputActivation - optional σ_out (default: none).
 * @throws Error naming `weights` when shapes are inconsistent or entries are not finite.
 */
export function mlpFromWeights(options: {
  weights: number[][][];
  activation: ActivationName | string;
  outputActivation?: ActivationName | string;
}): Mlp {
  if (options === null || typeof options !== "object") throw new Error("options: expected an object");
  const ws = options.weights;
  if (!Array.isArray(ws) || ws.length === 0) {
    throw new Error("weights: expected a non-empty array of number[][] (one per layer, shape [d_l][d_{l-1}])");
  }
  const act = checkActivation(options.activation, "activation");
  const out =
    options.outputActivation === undefined ? "linear" : checkActivation(options.outputActivation, "outputActivation");
  const dims: number[] = [];
  const flat: Float64Array[] = [];
  ws.forEach((W, l) => {
    const m = plCheckMatrix(W, `weights[${l}]`);
    if (l === 0) dims.push(m.d);
    else if (m.d !== dims[l]) {
      throw new Error(
        `weights: inconsistent shapes: weights[${l}] has ${m.d} columns but weights[${l - 1}] has ${dims[l]} rows`,
      );
    }
    dims.push(m.n);
    flat.push(m.data);
  });
  if (dims[dims.length - 1] !== 1) {
    throw new Error(`weights: expected the last layer to have 1 row (scalar output), got ${dims[dims.length - 1]}`);
  }
  return build(dims, flat, act, out);
}

/** The network's parameters as one flat float64 vector (layer by layer, row-major). */
export function mlpParameters(net: Mlp): Float64Array {
  const w = new Float64Array(net.parameterCount);
  let o = 0;
  for (const W of net.weights) {
    w.set(W, o);
    o += W.length;
  }
  return w;
}

/**
 * The same architecture with other parameters.
 *
 * @param net - the network.
 * @param w - P numbers, ordered as {@link mlpParameters}.
 */
export function mlpWithParameters(net: Mlp, w: ArrayLike<number>): Mlp {
  if (w.length !== net.parameterCount) {
    throw new Error(`w: expected ${net.parameterCount} parameters, got ${w.length}`);
  }
  const weights: Float64Array[] = [];
  let o = 0;
  for (let l = 1; l < net.dims.length; l++) {
    const size = net.dims[l] * net.dims[l - 1];
    const W = new Float64Array(size);
    for (let k = 0; k < size; k++) W[k] = w[o + k];
    weights.push(W);
    o += size;
  }
  return build(net.dims as number[], weights, net.activation, net.outputActivation);
}

/** The weights as nested arrays, `[layer][row][col]` (the format of {@link mlpFromWeights}). */
export function mlpWeights(net: Mlp): number[][][] {
  return net.weights.map((W, i) => {
    const rows = net.dims[i + 1];
    const cols = net.dims[i];
    return toRows(W, rows, cols);
  });
}

/** Checks that `net` looks like an {@link Mlp}. */
export function plCheckNet(net: unknown, name = "net"): Mlp {
  const n = net as Mlp;
  if (
    n === null ||
    typeof n !== "object" ||
    !Array.isArray(n.dims) ||
    !Array.isArray(n.weights) ||
    n.weights.length !== n.dims.length - 1 ||
    n.weights.some((W, l) => !(W instanceof Float64Array) || W.length !== n.dims[l + 1] * n.dims[l])
  ) {
    throw new Error(`${name}: expected a network from mlp() or mlpFromWeights()`);
  }
  return n;
}

// ---------------------------------------------------------------------------------------------------------------
// Batched passes. Matrices are row-major Float64Array, n rows (points).

/** Forward and backward quantities of a batch: per layer l = 1 … L+1. */
export interface PlCache {
  n: number;
  /** A[0] = X, A[l] = σ_l(Z[l]) (n × d_l). */
  A: Float64Array[];
  /** Z[l] pre-activations (n × d_l), Z[0] unused. */
  Z: Float64Array[];
  /** G[l] = ∂f/∂Z[l] (n × d_l), G[0] unused. */
  G: Float64Array[];
  /** E[l] = ∂f/∂A[l] (n × d_l). */
  E: Float64Array[];
  /** S1[l] = σ_l'(Z[l]) (n × d_l), S1[0] unused. */
  S1: Float64Array[];
  /** S2[l] = σ_l''(Z[l]), computed by the first Hessian-vector product on this cache and kept for the next ones. */
  S2?: Float64Array[];
  /** The outputs f(x_i). */
  f: Float64Array;
}

/**
 * out (n × r) = s · A (n × c) · Wᵀ, W r × c row-major. Loops over the rows of W outside and four rows of A at a
 * time inside, so each row of W is loaded once per four dot products (2–3× faster than the plain triple loop).
 */
function matMulABt(
  A: Float64Array,
  n: number,
  c: number,
  W: Float64Array,
  r: number,
  s: number,
  out = new Float64Array(n * r),
): Float64Array {
  for (let k = 0; k < r; k++) {
    const wk = k * c;
    let i = 0;
    for (; i + 3 < n; i += 4) {
      const a0 = i * c,
        a1 = a0 + c,
        a2 = a1 + c,
        a3 = a2 + c;
      let s0 = 0,
        s1 = 0,
        s2 = 0,
        s3 = 0;
      for (let j = 0; j < c; j++) {
        const w = W[wk + j];
        s0 += A[a0 + j] * w;
        s1 += A[a1 + j] * w;
        s2 += A[a2 + j] * w;
        s3 += A[a3 + j] * w;
      }
      out[i * r + k] = s * s0;
      out[(i + 1) * r + k] = s * s1;
      out[(i + 2) * r + k] = s * s2;
      out[(i + 3) * r + k] = s * s3;
    }
    for (; i < n; i++) {
      const a0 = i * c;
      let s0 = 0;
      for (let j = 0; j < c; j++) s0 += A[a0 + j] * W[wk + j];
      out[i * r + k] = s * s0;
    }
  }
  return out;
}

/** out (n × c) = s · G (n × r) · W (r × c). */
function matMulAW(G: Float64Array, n: number, r: number, W: Float64Array, c: number, s: number): Float64Array {
  const out = new Float64Array(n * c);
  for (let i = 0; i < n; i++) {
    const oi = i * c;
    for (let k = 0; k < r; k++) {
      const g = s * G[i * r + k];
      if (g === 0) continue;
      const wk = k * c;
      for (let j = 0; j < c; j++) out[oi + j] += g * W[wk + j];
    }
  }
  return out;
}

/** out (r × c) += s · Gᵀ (r × n) · A (n × c), i.e. Σ_i s g_i a_iᵀ. */
function addOuterSum(out: Float64Array, G: Float64Array, n: number, r: number, A: Float64Array, c: number, s: number) {
  for (let i = 0; i < n; i++) {
    const ai = i * c;
    for (let k = 0; k < r; k++) {
      const g = s * G[i * r + k];
      if (g === 0) continue;
      const ok = k * c;
      for (let j = 0; j < c; j++) out[ok + j] += g * A[ai + j];
    }
  }
}

/** Entries per call of the WebAssembly activation pass (4 arrays of this many float64: 1 MiB of its memory). */
const ACTIVATION_BLOCK = 32768;

/**
 * σ(z), σ′(z) and σ″(z) entrywise through the WebAssembly kernel `derivatives` (src/linalg/wasm/activations.wat:
 * f64x2 evaluation from one exponential and fitted polynomials, within 4 ulp of the exact value for σ and σ′ and
 * 6 ulp for σ″), in blocks of {@link ACTIVATION_BLOCK} entries; null without WebAssembly SIMD.
 */
export function plActivationPass(
  name: ActivationName,
  z: Float64Array,
): { f: Float64Array; d1: Float64Array; d2: Float64Array } | null {
  const k = plAbtKernel();
  if (!k) return null;
  const n = z.length;
  const f = new Float64Array(n),
    d1 = new Float64Array(n),
    d2 = new Float64Array(n);
  const B = ACTIVATION_BLOCK;
  plAbtEnsureMemory(k, 4 * B * 8);
  const mem = new Float64Array(k.memory.buffer, 0, 4 * B);
  const kind = ACTIVATIONS.indexOf(name);
  for (let o = 0; o < n; o += B) {
    const len = Math.min(B, n - o);
    mem.set(z.subarray(o, o + len), 0);
    if (len & 1) mem[len] = 0; // the kernel takes pairs
    k.derivatives(kind, 0, B * 8, 2 * B * 8, 3 * B * 8, len + (len & 1));
    f.set(mem.subarray(B, B + len), o);
    d1.set(mem.subarray(2 * B, 2 * B + len), o);
    d2.set(mem.subarray(3 * B, 3 * B + len), o);
  }
  return { f, d1, d2 };
}

/** out[k] = σ(z[k]) (relu and linear inlined: these loops run over n × width entries). */
function applyF(name: ActivationName, z: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  if (name === "linear") out.set(z);
  else if (name === "relu")
    for (let k = 0; k < z.length; k++) out[k] = 0.5 * (z[k] + Math.abs(z[k])); // branch-free
  else {
    const f = lookupActivation(name).f;
    for (let k = 0; k < z.length; k++) out[k] = f(z[k]);
  }
  return out;
}

/** out[k] = σ'(z[k]), given a = σ(z) too (tanh' = 1 − a², sigmoid' = a(1 − a): no second evaluation). */
function derivativeOf(name: ActivationName, z: Float64Array, a: Float64Array): Float64Array {
  const out = new Float64Array(z.length);
  if (name === "linear") out.fill(1);
  else if (name === "relu") for (let k = 0; k < z.length; k++) out[k] = (z[k] > 0) as unknown as number | 0;
  else if (name === "tanh") for (let k = 0; k < z.length; k++) out[k] = 1 - a[k] * a[k];
  else if (name === "sigmoid") for (let k = 0; k < z.length; k++) out[k] = a[k] * (1 - a[k]);
  else {
    const df = lookupActivation(name).df;
    for (let k = 0; k < z.length; k++) out[k] = df(z[k]);
  }
  return out;
}

/** out[k] = s[k] · e[k]. */
function times(s: Float64Array, e: Float64Array): Float64Array {
  const out = new Float64Array(s.length);
  for (let k = 0; k < s.length; k++) out[k] = s[k] * e[k];
  return out;
}

/** σ_l''(Z[l]) for every layer of a cache (computed once, on the first Hessian-vector product). */
function secondDerivatives(net: Mlp, cache: PlCache): Float64Array[] {
  if (cache.S2) return cache.S2;
  const L1 = net.dims.length - 1;
  const S2: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L1; l++) {
    const name = l === L1 ? net.outputActivation : net.activation;
    const z = cache.Z[l];
    const out = new Float64Array(z.length);
    if (name !== "linear" && name !== "relu") {
      const fast = plActivationPass(name, z);
      if (fast) out.set(fast.d2);
      else {
        const d2f = lookupActivation(name).d2f;
        for (let k = 0; k < z.length; k++) out[k] = d2f(z[k]);
      }
    }
    S2.push(out);
  }
  cache.S2 = S2;
  return S2;
}

/** Forward and backward pass of a batch (float64). */
export function plForward(net: Mlp, X: PlData): PlCache {
  const { dims } = net;
  const L1 = dims.length - 1; // index of the output layer
  const n = X.n;
  const A: Float64Array[] = [X.data];
  const Z: Float64Array[] = [new Float64Array(0)];
  const S1: Float64Array[] = [new Float64Array(0)];
  for (let l = 1; l <= L1; l++) {
    const z = matMulABt(A[l - 1], n, dims[l - 1], net.weights[l - 1], dims[l], 1 / Math.sqrt(dims[l - 1]));
    const name = l === L1 ? net.outputActivation : net.activation;
    // σ and σ′ of tanh, erf, softplus and sigmoid through the WebAssembly pass (σ″ is dropped: the first
    // Hessian-vector product on the cache computes it).
    const fast = name === "linear" || name === "relu" ? null : plActivationPass(name, z);
    const a = fast ? fast.f : applyF(name, z);
    Z.push(z);
    A.push(a);
    S1.push(fast ? fast.d1 : derivativeOf(name, z, a));
  }
  const G: Float64Array[] = new Array<Float64Array>(L1 + 1);
  const E: Float64Array[] = new Array<Float64Array>(L1 + 1);
  E[L1] = new Float64Array(n).fill(1);
  for (let l = L1; l >= 1; l--) {
    const g = times(S1[l], E[l]);
    G[l] = g;
    if (l > 1) E[l - 1] = matMulAW(g, n, dims[l], net.weights[l - 1], dims[l - 1], 1 / Math.sqrt(dims[l - 1]));
  }
  G[0] = new Float64Array(0);
  E[0] = new Float64Array(0);
  return { n, A, Z, G, E, S1, f: A[L1] };
}

/**
 * Σ_i c_i ∇_w f(x_i), flat (P).
 */
export function plWeightedGradient(net: Mlp, cache: PlCache, c: Float64Array): Float64Array {
  const { dims } = net;
  const out = new Float64Array(net.parameterCount);
  let o = 0;
  for (let l = 1; l < dims.length; l++) {
    const r = dims[l],
      cc = dims[l - 1];
    const Gc = new Float64Array(cache.n * r);
    for (let i = 0; i < cache.n; i++) for (let k = 0; k < r; k++) Gc[i * r + k] = c[i] * cache.G[l][i * r + k];
    addOuterSum(out.subarray(o, o + r * cc), Gc, cache.n, r, cache.A[l - 1], cc, 1 / Math.sqrt(cc));
    o += r * cc;
  }
  return out;
}

/**
 * Σ_i α_i H_i v + Σ_i γ_i (∇f_iᵀ v) ∇f_i with H_i = ∇²_w f(x_i), by the R-operator (exact, float64).
 * Also returns R{f}_i = ∇f_iᵀ v.
 */
export function plHvp(
  net: Mlp,
  cache: PlCache,
  v: Float64Array,
  alpha: Float64Array,
  gamma: Float64Array | null,
): { hv: Float64Array; rf: Float64Array } {
  const { dims } = net;
  const L1 = dims.length - 1;
  const n = cache.n;
  // Split v per layer.
  const V: Float64Array[] = [];
  let o = 0;
  for (let l = 1; l <= L1; l++) {
    V.push(v.subarray(o, o + dims[l] * dims[l - 1]));
    o += dims[l] * dims[l - 1];
  }
  // R-forward.
  const RZ: Float64Array[] = [new Float64Array(0)];
  const RA: Float64Array[] = [new Float64Array(n * dims[0])];
  for (let l = 1; l <= L1; l++) {
    const s = 1 / Math.sqrt(dims[l - 1]);
    const rz = matMulABt(cache.A[l - 1], n, dims[l - 1], V[l - 1], dims[l], s);
    if (l > 1) {
      const t = matMulABt(RA[l - 1], n, dims[l - 1], net.weights[l - 1], dims[l], s);
      for (let k = 0; k < rz.length; k++) rz[k] += t[k];
    }
    RZ.push(rz);
    RA.push(times(cache.S1[l], rz));
  }
  const rf = RA[L1];
  // R-backward, accumulating the product layer by layer.
  const hv = new Float64Array(net.parameterCount);
  const offsets: number[] = [0];
  for (let l = 1; l <= L1; l++) offsets.push(offsets[l - 1] + dims[l] * dims[l - 1]);
  let RE = new Float64Array(n); // R{E_{L+1}} = 0
  const S2 = secondDerivatives(net, cache);
  for (let l = L1; l >= 1; l--) {
    const e = cache.E[l],
      rz = RZ[l],
      s1 = cache.S1[l],
      s2 = S2[l];
    const d = dims[l];
    const RG = new Float64Array(n * d);
    for (let k = 0; k < RG.length; k++) RG[k] = s2[k] * rz[k] * e[k] + s1[k] * RE[k];
    const G = cache.G[l];
    const c = dims[l - 1];
    const s = 1 / Math.sqrt(c);
    // (α⊙RG + (γ⊙Rf)⊙G)ᵀ A_{l−1} + (α⊙G)ᵀ RA_{l−1}
    const M1 = new Float64Array(n * d);
    const M2 = new Float64Array(n * d);
    for (let i = 0; i < n; i++) {
      const gi = gamma ? gamma[i] * rf[i] : 0;
      const ai = alpha[i];
      for (let k = 0; k < d; k++) {
        const idx = i * d + k;
        M1[idx] = ai * RG[idx] + gi * G[idx];
        M2[idx] = ai * G[idx];
      }
    }
    const block = hv.subarray(offsets[l - 1], offsets[l]);
    addOuterSum(block, M1, n, d, cache.A[l - 1], c, s);
    if (l > 1) addOuterSum(block, M2, n, d, RA[l - 1], c, s);
    if (l > 1) {
      const t1 = matMulAW(RG, n, d, net.weights[l - 1], c, s);
      const t2 = matMulAW(G, n, d, V[l - 1], c, s);
      for (let k = 0; k < t1.length; k++) t1[k] += t2[k];
      RE = t1;
    }
  }
  return { hv, rf };
}

/**
 * Adds M Mᵀ (M n × m row-major) into the lower triangle (with diagonal) of G (n × n), with 2 × 2 register blocking.
 */
export function plGramAdd(M: Float64Array, n: number, m: number, G: Float64Array): void {
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const a0 = i * m,
      a1 = a0 + m;
    for (let j = 0; j + 1 <= i; j += 2) {
      const b0 = j * m,
        b1 = b0 + m;
      let s00 = 0,
        s01 = 0,
        s10 = 0,
        s11 = 0;
      for (let k = 0; k < m; k++) {
        const x0 = M[a0 + k],
          x1 = M[a1 + k],
          y0 = M[b0 + k],
          y1 = M[b1 + k];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      G[i * n + j] += s00;
      G[i * n + j + 1] += s01;
      G[(i + 1) * n + j] += s10;
      G[(i + 1) * n + j + 1] += s11;
    }
    // the diagonal 2 × 2 block
    let s00 = 0,
      s10 = 0,
      s11 = 0;
    for (let k = 0; k < m; k++) {
      const x0 = M[a0 + k],
        x1 = M[a1 + k];
      s00 += x0 * x0;
      s10 += x1 * x0;
      s11 += x1 * x1;
    }
    G[i * n + i] += s00;
    G[(i + 1) * n + i] += s10;
    G[(i + 1) * n + i + 1] += s11;
  }
  if (i < n) {
    // last row when n is odd
    const a0 = i * m;
    for (let j = 0; j <= i; j++) {
      const b0 = j * m;
      let s = 0;
      for (let k = 0; k < m; k++) s += M[a0 + k] * M[b0 + k];
      G[i * n + j] += s;
    }
  }
}

/** Copies the lower triangle of G (n × n) onto the upper. */
export function plSymmetrize(G: Float64Array, n: number): void {
  for (let r = 0; r < n; r++) for (let c = r + 1; c < n; c++) G[r * n + c] = G[c * n + r];
}

/** Gram matrix G = M Mᵀ of an n × m row-major matrix (float64). */
export function plGram(M: Float64Array, n: number, m: number): Float64Array {
  const G = new Float64Array(n * n);
  plGramAdd(M, n, m, G);
  plSymmetrize(G, n);
  return G;
}

/** Hidden units per chunk in {@link plKernelOneHidden} (n × 256 float64 blocks stay in cache). */
export const CHUNK = 256;

/**
 * Tangent kernel of a one-hidden-layer network, fused and chunked over the hidden units (no n × m array is
 * formed): with z = W₁x/√d, a = σ(z), h_k = v_k σ'(z_k) and g = σ_out'(v·a/√m),
 * K(x, x') = g g' [a·a' + (x·x'/d) h·h'] / m.
 */
export function plKernelOneHidden(net: Mlp, X: PlData, options: { wasm?: boolean } = {}): Float64Array {
  if (options.wasm !== false) {
    const k = plAbtKernel();
    if (k) return kernelOneHiddenWasm(net, X, k);
  }
  const n = X.n,
    d = X.d,
    m = net.dims[1];
  const W1 = net.weights[0],
    v = net.weights[1];
  const act = net.activation;
  const s1 = 1 / Math.sqrt(d);
  const GA = new Float64Array(n * n);
  const GH = new Float64Array(n * n);
  const fsum = new Float64Array(n);
  const Ac = new Float64Array(n * CHUNK);
  const Hc = new Float64Array(n * CHUNK);
  const x = X.data;
  const Zc = new Float64Array(n * CHUNK);
  for (let k0 = 0; k0 < m; k0 += CHUNK) {
    const cw = Math.min(CHUNK, m - k0);
    // Zc = X W₁[k0 : k0 + cw]ᵀ / √d (n × cw, in place).
    matMulABt(x, n, d, W1.subarray(k0 * d, (k0 + cw) * d), cw, s1, Zc);
    // a = σ(z), h = v σ'(z), and the running output sums.
    activateChunk(Zc, 0, 1, Ac, 0, Hc, 0, cw, n, cw, v, k0, act, fsum);
    plGramAdd(Ac, n, cw, GA);
    plGramAdd(Hc, n, cw, GH);
  }
  return assembleOneHiddenKernel(net, plGram(x, n, d), 0, 1 / d, fsum, GA, 0, GH, 0, n);
}

/**
 * One chunk of hidden units of {@link plKernelOneHidden}: for each point i and unit k0 + kk, z = zScale·Z, a = σ(z)
 * into A, h = v σ'(z) into H (rows of `stride`), and the output sums Σ v a added to `fsum`.
 */
function activateChunk(
  Z: Float64Array,
  zOff: number,
  zScale: number,
  A: Float64Array,
  aOff: number,
  H: Float64Array,
  hOff: number,
  stride: number,
  n: number,
  cw: number,
  v: Float64Array,
  k0: number,
  act: ActivationName,
  fsum: Float64Array,
): void {
  const { f, df } = lookupActivation(act);
  for (let i = 0; i < n; i++) {
    const o = i * stride;
    let fs = 0;
    if (act === "relu") {
      for (let kk = 0; kk < cw; kk++) {
        // branch-free (the sign of z is random: a branch here mispredicts half the time, ~10× slower)
        const z = Z[zOff + o + kk] * zScale;
        const vk = v[k0 + kk];
        const a = 0.5 * (z + Math.abs(z));
        A[aOff + o + kk] = a;
        H[hOff + o + kk] = vk * ((z > 0) as unknown as number | 0);
        fs += vk * a;
      }
    } else {
      for (let kk = 0; kk < cw; kk++) {
        const z = Z[zOff + o + kk] * zScale;
        const vk = v[k0 + kk];
        const a = act === "linear" ? z : f(z);
        A[aOff + o + kk] = a;
        H[hOff + o + kk] = act === "linear" ? vk : vk * df(z);
        fs += vk * a;
      }
    }
    fsum[i] += fs;
  }
}

/**
 * K(x_i, x_j) = g_i g_j [G_A + (XXᵀ/d) ⊙ G_H]_ij / m from the accumulated Gram matrices (rows of `stride`; X Xᵀ
 * times `xxScale` is X Xᵀ/d).
 */
export function assembleOneHiddenKernel(
  net: Mlp,
  XX: Float64Array,
  xxOff: number,
  xxScale: number,
  fsum: Float64Array,
  GA: Float64Array,
  gaOff: number,
  GH: Float64Array,
  ghOff: number,
  stride: number,
): Float64Array {
  const n = fsum.length,
    m = net.dims[1];
  const outDf = lookupActivation(net.outputActivation).df;
  const g = new Float64Array(n);
  for (let i = 0; i < n; i++) g[i] = net.outputActivation === "linear" ? 1 : outDf(fsum[i] / Math.sqrt(m));
  const K = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j <= i; j++) {
      const val =
        (g[i] *
          g[j] *
          (GA[gaOff + i * stride + j] + XX[xxOff + i * stride + j] * xxScale * GH[ghOff + i * stride + j])) /
        m;
      K[i * n + j] = val;
      K[j * n + i] = val;
    }
  return K;
}

/**
 * {@link plKernelOneHidden} with the products (X W₁ᵀ, X Xᵀ and both Gram matrices) and the activation pass in the
 * WebAssembly SIMD kernels (`relu` for relu, `chunk` for the others: see {@link plActivationPass} for the accuracy).
 * X is stored scaled by 1/√d (so Z = X W₁ᵀ and X Xᵀ/d come out scaled). Only the zero padding is cleared (odd n or
 * d, a narrower last chunk); the Gram matrices are overwritten by the first chunk and accumulated by the others, lower
 * triangles only (all the assembly reads).
 */
function kernelOneHiddenWasm(net: Mlp, X: PlData, k: PlAbt): Float64Array {
  const n = X.n,
    d = X.d,
    m = net.dims[1];
  const W1 = net.weights[0],
    v = net.weights[1];
  const act = net.activation;
  const s1 = 1 / Math.sqrt(d);
  const nP = n + (n & 1),
    dP = d + (d & 1);
  // Layout (float64 offsets): X/√d | W₁ chunk | Z chunk | A chunk | H chunk | G_A | G_H | X Xᵀ/d | v chunk | f.
  const oX = 0,
    oW = oX + nP * dP,
    oZ = oW + CHUNK * dP,
    oA = oZ + nP * CHUNK,
    oH = oA + nP * CHUNK,
    oGA = oH + nP * CHUNK,
    oGH = oGA + nP * nP,
    oXX = oGH + nP * nP,
    oV = oXX + nP * nP,
    oF = oV + CHUNK,
    total = oF + nP;
  plAbtEnsureMemory(k, total * 8);
  const mem = new Float64Array(k.memory.buffer, 0, total);
  if (dP !== d || nP !== n) mem.fill(0, oX, oW);
  const x = X.data;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mem[oX + i * dP + j] = x[i * d + j] * s1;
  k.abt(oX * 8, nP, oX * 8, nP, dP, oXX * 8, nP, 3); // X Xᵀ/d, lower blocks (overwrite)
  const kind = ACTIVATIONS.indexOf(act);
  const fsum = mem.subarray(oF, oF + n);
  fsum.fill(0);
  // The padding row of A and H (odd n) stays zero: the activation pass writes rows 0 … n − 1 only.
  if (nP !== n) mem.fill(0, oA, oH + nP * CHUNK);
  for (let k0 = 0; k0 < m; k0 += CHUNK) {
    const cw = Math.min(CHUNK, m - k0);
    const cwP = cw + (cw & 1);
    if (cwP !== cw || dP !== d) mem.fill(0, oW, oW + CHUNK * dP);
    if (dP === d) mem.set(W1.subarray(k0 * d, (k0 + cw) * d), oW);
    else for (let kk = 0; kk < cw; kk++) mem.set(W1.subarray((k0 + kk) * d, (k0 + kk + 1) * d), oW + kk * dP);
    // A and H: padding rows and columns must be zero; the row stride changes when the last chunk is narrower.
    if (cwP !== CHUNK) mem.fill(0, oA, oH + nP * CHUNK);
    k.abt(oX * 8, nP, oW * 8, cwP, dP, oZ * 8, cwP, 2); // Z = X W₁ᵀ/√d (overwrite)
    // Padding column (odd cw): W₁'s padding row is zero, so z = 0 there, and v = 0 makes h = 0 and adds nothing to f.
    mem.set(v.subarray(k0, k0 + cw), oV);
    if (cwP !== cw) mem[oV + cw] = 0;
    if (act === "relu") k.relu(oZ * 8, oA * 8, oH * 8, oV * 8, oF * 8, n, cwP);
    else {
      k.chunk(kind, oZ * 8, oA * 8, oH * 8, oV * 8, oF * 8, n, cwP);
      // σ(0) ≠ 0 for some activations (softplus, sigmoid): the padding column of A is cleared again.
      if (cwP !== cw) for (let i = 0; i < n; i++) mem[oA + i * cwP + cw] = 0;
    }
    const mode = k0 === 0 ? 3 : 1; // lower blocks; the first chunk overwrites
    k.abt(oA * 8, nP, oA * 8, nP, cwP, oGA * 8, nP, mode);
    k.abt(oH * 8, nP, oH * 8, nP, cwP, oGH * 8, nP, mode);
  }
  return assembleOneHiddenKernel(net, mem, oXX, 1, fsum, mem, oGA, mem, oGH, nP);
}
