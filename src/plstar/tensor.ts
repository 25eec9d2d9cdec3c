/**
 * The tangent kernel of a one-hidden-layer network in tfjs (float32), for the GPU route: the same closed form as the
 * float64 kernel of `tangentKernel`, computed with matrix products on whatever tfjs backend runs (WebGPU or CUDA on a
 * GPU machine; wasm or cpu here), over column chunks of the hidden layer so that memory stays bounded and the
 * Jacobian is never formed.
 */
import { isMainThread } from "node:worker_threads";
import { activation as lookupActivation, backendInfo, ensureBackend, tf, type BackendInfo } from "../tensor/index.js";
import { toRows } from "../linalg/index.js";
import { plCheckNet, type Mlp } from "./net.js";
import { plCheckInt, plCheckMatrix, type PlData } from "./validate.js";

/** Float32 entries per chunk array (n × c or d × c): 2²² = 16 MiB each. */
const CHUNK_ELEMENTS = 1 << 22;

/** Options of {@link tangentKernelTensor}. */
export interface TangentKernelTensorOptions {
  /**
   * Hidden units per chunk (integer ≥ 1). Default: as many as keep each chunk array (n × c and d × c floats) at
   * most 2²² entries. The result does not depend on it beyond float32 rounding.
   */
  chunkColumns?: number;
}

/**
 * W[k0 : k0 + cw]ᵀ as float32, d × cw row-major, from the row-major m × d float64 W: the transpose is done here,
 * in blocks of 32 rows, while converting (4× faster than tfjs-wasm's transpose of the uploaded chunk).
 */
function transposedChunk(W: Float64Array, k0: number, cw: number, d: number): Float32Array {
  const out = new Float32Array(d * cw);
  for (let kb = 0; kb < cw; kb += 32) {
    const ke = Math.min(cw, kb + 32);
    for (let j = 0; j < d; j++) {
      const o = j * cw;
      for (let k = kb; k < ke; k++) out[o + k] = W[(k0 + k) * d + j];
    }
  }
  return out;
}

function checkOneHidden(net: unknown): Mlp {
  const n = plCheckNet(net);
  if (n.dims.length !== 3) {
    throw new Error(
      `net: expected a network with one hidden layer (mlp with widths: [m]), got ${n.dims.length - 2} hidden ` +
        "layers; use tangentKernel (float64) for other depths",
    );
  }
  return n;
}

/**
 * Internal: the kernel as a flat row-major Float64Array (n × n), symmetrized, from checked data. Async because a
 * GPU backend (WebGPU) can only be read back asynchronously.
 */
export async function plKernelTensorFlat(
  net: Mlp,
  D: PlData,
  options: TangentKernelTensorOptions = {},
): Promise<Float64Array> {
  const n = D.n,
    d = D.d,
    m = net.dims[1];
  const cols =
    options.chunkColumns === undefined
      ? Math.max(1, Math.floor(CHUNK_ELEMENTS / Math.max(n, d)))
      : plCheckInt(options.chunkColumns, "options.chunkColumns", 1);
  const sigma = lookupActivation(net.activation);
  const W1 = net.weights[0]; // m × d, row-major
  const v = net.weights[1]; // 1 × m
  const owned: tf.Tensor[] = [];
  try {
    const X = tf.tensor2d(new Float32Array(D.data), [n, d], "float32");
    owned.push(X);
    let GA: tf.Tensor = tf.zeros([n, n]);
    owned.push(GA);
    let GH: tf.Tensor = tf.zeros([n, n]);
    owned.push(GH);
    let fsum: tf.Tensor = tf.zeros([n, 1]);
    owned.push(fsum);
    const s1 = 1 / Math.sqrt(d);
    for (let k0 = 0; k0 < m; k0 += cols) {
      const cw = Math.min(cols, m - k0);
      const wt = transposedChunk(W1, k0, cw, d);
      const vc = new Float32Array(v.subarray(k0, k0 + cw));
      const [ga, gh, fs] = tf.tidy(() => {
        const Wt = tf.tensor2d(wt, [d, cw], "float32");
        const vt = tf.tensor2d(vc, [1, cw], "float32");
        // Z = X W_cᵀ / √d (n × cw). Explicit transposes throughout: tfjs-wasm 4.22's matMul with transposeA or
        // transposeB is ~10× slower than matMul of an explicitly transposed operand.
        const Z = tf.mul(tf.matMul(X, Wt), s1);
        const A = sigma.apply(Z);
        const H = tf.mul(sigma.derivative(Z), vt);
        return [
          tf.add(GA, tf.matMul(A, tf.transpose(A))),
          tf.add(GH, tf.matMul(H, tf.transpose(H))),
          tf.add(fsum, tf.matMul(A, tf.transpose(vt))),
        ];
      });
      owned.push(ga, gh, fs);
      GA.dispose();
      GH.dispose();
      fsum.dispose();
      GA = ga;
      GH = gh;
      fsum = fs;
    }
    const K = tf.tidy(() => {
      const XX = tf.div(tf.matMul(X, tf.transpose(X)), d);
      const inner = tf.div(tf.add(GA, tf.mul(XX, GH)), m);
      if (net.outputActivation === "linear") return inner;
      // σ_out on the output: ∇f = σ_out'(v·a/√m) ∇(v·a/√m), so K = (g gᵀ) ⊙ K_inner with g_i = σ_out'(f_i).
      const g = lookupActivation(net.outputActivation).derivative(tf.div(fsum, Math.sqrt(m)));
      return tf.mul(tf.matMul(g, tf.transpose(g)), inner);
    });
    owned.push(K);
    const k = await K.data();
    const out = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      out[i * n + i] = k[i * n + i];
      for (let j = 0; j < i; j++) {
        const val = 0.5 * (k[i * n + j] + k[j * n + i]);
        out[i * n + j] = val;
        out[j * n + i] = val;
      }
    }
    return out;
  } finally {
    for (const t of owned) if (!t.isDisposed) t.dispose();
  }
}

/**
 * The tangent kernel K = DF DFᵀ (n × n) of a one-hidden-layer network in NTK parameterization, computed in tfjs
 * (float32) on the active backend — a GPU under WebGPU or CUDA, else wasm or cpu. For f(x) = v·σ(W x/√d)/√m,
 *
 *   K(x, x') = [Σ_k σ(z_k) σ(z'_k) + (x·x'/d) Σ_k v_k² σ'(z_k) σ'(z'_k)] / m,  z = W x/√d,
 *
 * times σ_out'(f(x)) σ_out'(f(x')) when the network has an output activation. The hidden units are processed in
 * column chunks (matrix products, the Jacobian is never formed); no tensor outlives the call. Agrees with the
 * float64 {@link tangentKernel} to float32 accuracy (relative error ~1e-6); use that one where more digits matter.
 *
 * @param net - a network from `mlp`/`mlpFromWeights` with exactly one hidden layer (`widths: [m]`).
 * @param X - the points, `number[][]` (rows = points, length = input dimension).
 * @param options.chunkColumns - hidden units per chunk (default: chunk arrays of at most 2²² floats).
 * @returns the kernel as `number[][]` (symmetric).
 * @throws Error naming `net` when it is not a one-hidden-layer network, `X` when it is not a finite matrix with
 *   rows of the input dimension, `options.chunkColumns` when it is not an integer ≥ 1.
 */
export async function tangentKernelTensor(
  net: Mlp,
  X: number[][],
  options: TangentKernelTensorOptions = {},
): Promise<number[][]> {
  const checked = checkOneHidden(net);
  const D = plCheckMatrix(X, "X", checked.dims[0]);
  if (options === null || typeof options !== "object") throw new Error("options: expected an object");
  const K = await plKernelTensorFlat(checked, D, options);
  return toRows(K, D.n);
}

/** How a sweep computes its tangent kernels: `float64` on the CPU, `tensor` in tfjs (float32), `auto` decides. */
export type PlKernelChoice = "auto" | "float64" | "tensor";

/**
 * Resolves a kernel choice: `auto` means `tensor` when the active tfjs backend computes on a GPU
 * (`backendInfo().device` starts with "GPU"), else `float64`.
 *
 * @param choice - `auto` (default), `float64` or `tensor`.
 * @param info - the backend (default: {@link backendInfo}).
 * @throws Error naming `kernel` when the choice is not one of the three.
 */
export function plResolveKernel(
  choice: unknown = "auto",
  info: Pick<BackendInfo, "device"> = backendInfo(),
): "float64" | "tensor" {
  if (choice !== "auto" && choice !== "float64" && choice !== "tensor") {
    throw new Error(`kernel: expected "auto", "float64" or "tensor", got ${String(choice)}`);
  }
  if (choice !== "auto") return choice;
  return /^GPU/.test(info.device) ? "tensor" : "float64";
}

/**
 * Internal: makes sure a worker thread has selected its backend before tensor work (the main thread keeps the
 * backend the user selected; a pool worker gets `LANDSCAPE_BACKEND` from the pool).
 */
export async function plEnsureTensorBackend(): Promise<void> {
  if (!isMainThread) await ensureBackend();
}
