/**
 * CPU-bound sweep items for bench/parallel.bench.mjs, run by parallelMap in worker threads (and serially for the
 * comparison). They use the BUILT library (dist/), as a notebook's sweep would.
 */
"use strict";
const path = require("node:path");
const lib = require(path.join(__dirname, "..", "..", "dist", "index.js"));

function normals(rng, n, scale) {
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = scale * rng.normal();
  return out;
}

/**
 * Empirical kernel of a random two-layer ReLU network at one width (float32, tfjs): n inputs in dimension d,
 * features F = relu(X W / √d), K = F Fᵀ / width; `repeats` independent draws from the item's seed. Returns the
 * mean diagonal and the smallest diagonal entry (plain numbers).
 */
async function reluKernel(item) {
  const { tf } = lib;
  await lib.ensureBackend();
  const { n = 256, d = 256, width, seed, repeats = 4 } = item;
  const rng = lib.createRng(seed);
  const x = tf.tensor2d(normals(rng, n * d, 1), [n, d]);
  let diagMean = 0;
  let diagMin = Infinity;
  for (let r = 0; r < repeats; r++) {
    const w = tf.tensor2d(normals(rng, d * width, 1 / Math.sqrt(d)), [d, width]);
    const k = tf.tidy(() => {
      const f = tf.relu(tf.matMul(x, w));
      return tf.div(tf.matMul(f, tf.transpose(f)), width); // explicit transpose: transposeB is ~10× slower in wasm
    });
    const kd = await k.data();
    w.dispose();
    k.dispose();
    for (let i = 0; i < n; i++) {
      diagMean += kd[i * n + i] / (n * repeats);
      diagMin = Math.min(diagMin, kd[i * n + i]);
    }
  }
  x.dispose();
  return { width, seed, diagMean, diagMin };
}

/**
 * Spectrum of a random symmetric matrix in float64 (ml-matrix EVD, plain JavaScript): the smallest and largest
 * eigenvalue of A + Aᵀ for an n×n Gaussian A from the item's seed.
 */
function symmetricSpectrum(item) {
  const { Matrix, EigenvalueDecomposition } = require("ml-matrix");
  const { n = 160, seed } = item;
  const rng = lib.createRng(seed);
  const a = new Matrix(n, n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a.set(i, j, rng.normal());
  const s = a.add(a.transpose());
  const ev = new EigenvalueDecomposition(s, { assumeSymmetric: true }).realEigenvalues;
  return { seed, min: Math.min(...ev), max: Math.max(...ev) };
}

/**
 * One point of the PL* width sweep (tutorial 1), with the library's own float64 functions: a one-hidden-layer
 * network of the item's width at initialization, λ_min of its tangent kernel on `shared.X`, and its Hessian norm.
 * This is what plstar's widthSweep computes per (width, seed); here each point is a parallelMap item.
 */
function plstarWidthPoint(item, _index, shared) {
  const net = lib.mlp({
    inputDim: shared.X[0].length,
    widths: [item.width],
    activation: shared.activation,
    outputActivation: "linear",
    seed: item.seed,
  });
  const K = lib.tangentKernel(net, shared.X);
  const hn = lib.hessianNorm(net, shared.X, { iterations: 100, tol: 1e-6 });
  return { width: item.width, seed: item.seed, lambdaMin: lib.lambdaMin(K), hessianNorm: hn };
}

module.exports = { reluKernel, symmetricSpectrum, plstarWidthPoint };
