/**
 * Section 2 of tutorial 1: one-hidden-layer networks of growing width at initialization — λ_min(K), the distance of K
 * to the infinite-width kernel K∞ and the model's Hessian norm — computed on all CPU cores (or in tfjs, float32, on a
 * GPU).
 */
import { logLogSlope } from "../core/stats.js";
import { parallelMap } from "../parallel/index.js";
import { hessianNorm, plKernelFlat, plSymEigenvalues } from "./kernel.js";
import { mlp, type Mlp } from "./net.js";
import { ntkInfinite } from "./ntk.js";
import { plEnsureTensorBackend, plKernelTensorFlat, plResolveKernel, type PlKernelChoice } from "./tensor.js";
import { plCheckInt, plCheckMatrix } from "./validate.js";
import type { PlDataset } from "./data.js";

/** One network of {@link widthSweep}. */
export interface WidthSweepRow {
  width: number;
  seed: number;
  /** λ_min(K(w₀)). */
  lambdaMin: number;
  /** ‖K_m(w₀) − K_∞‖_F / ‖K_∞‖_F (NaN when there is no closed-form K_∞: output activation or other σ). */
  kernelError: number;
  /** max_i ‖∇²_w f(x_i; w₀)‖. */
  hessianNorm: number;
}

/** Result of {@link widthSweep}: per network, per width (means over seeds), and fitted log–log slopes. */
export interface WidthSweepResult {
  activation: string;
  outputActivation: string;
  /** How the tangent kernels were computed: `float64` (CPU) or `tensor` (tfjs, float32, e.g. on a GPU). */
  kernel: "float64" | "tensor";
  rows: WidthSweepRow[];
  /** Means over seeds, one per width. */
  summary: { width: number; lambdaMin: number; kernelError: number; hessianNorm: number }[];
  /** λ_min(K_∞) (NaN without closed form). */
  lambdaMinInfinite: number;
  /** Number of data points n (the kernels are n × n). */
  points: number;
  /** Fitted slope of log ‖K_m − K_∞‖/‖K_∞‖ against log m (theory: −½). */
  kernelErrorSlope: number;
  /** Fitted slope of log ‖H_f‖ against log m (theory: −½ with a linear output, 0 with σ on the output). */
  hessianSlope: number;
}

/** One point of {@link widthSweep} (plain data, so a worker thread can compute it). */
export interface WidthSweepPoint {
  width: number;
  /** Index of the network among the width's seeds (0 … seeds − 1). */
  seed: number;
  /** The seed of the network's initialization. */
  initSeed: number;
}

/** What every point of {@link widthSweep} shares (plain data). */
export interface WidthSweepShared {
  /** The points (rows). */
  X: number[][];
  activation: string;
  outputActivation: string;
  /** The infinite-width kernel K_∞ on X, or null when there is no closed form. */
  kernelInfinite: number[][] | null;
  /** Hidden units per chunk of the tfjs kernel (`kernel: "tensor"` only; default: the kernel's own). */
  chunkColumns?: number;
}

/** Options shared by the sweeps that run their points on all CPU cores. */
export interface PlSweepOptions {
  /**
   * Worker threads for the sweep's points (see `parallelMap`); default all cores (or `LANDSCAPE_WORKERS`); `1` runs
   * them in this thread. The results do not depend on it.
   */
  workers?: number;
  /** Called after each finished point with (finished, total), e.g. a progress bar's tick. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * One network of {@link widthSweep}: λ_min(K(w₀)), the relative distance of K(w₀) to K_∞ and the Hessian norm of
 * the model at initialization. A pure function of its arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - width, seed index and initialization seed.
 * @param _index - position in the sweep (unused).
 * @param shared - data, activations and K_∞.
 */
export function widthSweepPoint(point: WidthSweepPoint, _index: number, shared: WidthSweepShared): WidthSweepRow {
  const { D, net } = sweepNet(point, shared);
  return sweepRow(point, shared, D, net, plKernelFlat(net, D));
}

/**
 * {@link widthSweepPoint} with the tangent kernel computed in tfjs (float32) on the active backend — the GPU when
 * one runs — instead of float64 on the CPU; λ_min, the distance to K_∞ and the Hessian norm stay float64.
 *
 * @param point - width, seed index and initialization seed.
 * @param _index - position in the sweep (unused).
 * @param shared - data, activations, K_∞ and the chunk size.
 */
export async function widthSweepPointTensor(
  point: WidthSweepPoint,
  _index: number,
  shared: WidthSweepShared,
): Promise<WidthSweepRow> {
  const { D, net } = sweepNet(point, shared);
  await plEnsureTensorBackend();
  const K = await plKernelTensorFlat(net, D, { chunkColumns: shared.chunkColumns });
  return sweepRow(point, shared, D, net, K);
}

function sweepNet(point: WidthSweepPoint, shared: WidthSweepShared) {
  const D = plCheckMatrix(shared?.X, "shared.X");
  const width = plCheckInt(point?.width, "point.width", 1);
  const net = mlp({
    inputDim: D.d,
    widths: [width],
    activation: shared.activation,
    outputActivation: shared.outputActivation,
    seed: point.initSeed,
  });
  return { D, net };
}

function sweepRow(
  point: WidthSweepPoint,
  shared: WidthSweepShared,
  D: { n: number; d: number },
  net: Mlp,
  Kf: Float64Array,
): WidthSweepRow {
  const lm = plSymEigenvalues(Kf, D.n)[0];
  const Kinf = shared.kernelInfinite;
  let err = NaN;
  if (Kinf) {
    let num = 0;
    let den = 0;
    for (let i = 0; i < D.n; i++)
      for (let j = 0; j < D.n; j++) {
        num += (Kf[i * D.n + j] - Kinf[i][j]) ** 2;
        den += Kinf[i][j] ** 2;
      }
    err = Math.sqrt(num / den);
  }
  const hn = hessianNorm(net, shared.X, { iterations: 100, tol: 1e-6 });
  return { width: net.dims[1], seed: point.seed, lambdaMin: lm, kernelError: err, hessianNorm: hn };
}

/**
 * One-hidden-layer networks of growing width m at initialization: λ_min(K), distance of K to the infinite-width
 * kernel, and the Hessian norm of the model, with fitted log–log slopes. The networks are independent: they are
 * computed on all CPU cores (`parallelMap`, widest first); the result is the same for any number of workers.
 *
 * @param options.data - the data set (only X is used).
 * @param options.widths - at least two widths m.
 * @param options.activation - σ of the hidden layer.
 * @param options.outputActivation - σ_out (default linear).
 * @param options.seeds - networks per width (different initializations).
 * @param options.seed - base seed; network s of width m is initialized with seed + 1000·s + m.
 * @param options.kernel - how the tangent kernels are computed: `float64` (exact, CPU), `tensor` (tfjs, float32, on the
 *   active backend; one hidden layer), or `auto` (default): `tensor` when the tfjs backend runs on a GPU
 *   (`backendInfo().device` starts with "GPU"), else `float64`. λ_min, ‖K_m − K_∞‖ and ‖H_f‖ are float64 either way.
 * @param options.chunkColumns - hidden units per chunk of the tfjs kernel (default: the kernel's own).
 * @param options.workers - worker threads (default all cores; 1 = this thread; a GPU backend runs in this thread).
 * @param options.onProgress - called after each network with (finished, total).
 */
export async function widthSweep(
  options: {
    data: PlDataset;
    widths: number[];
    activation: string;
    outputActivation?: string;
    seeds: number;
    seed: number;
    kernel?: PlKernelChoice;
    chunkColumns?: number;
  } & PlSweepOptions,
): Promise<WidthSweepResult> {
  const D = plCheckMatrix(options?.data?.X, "data.X");
  const kernel = plResolveKernel(options.kernel ?? "auto");
  if (options.chunkColumns !== undefined) plCheckInt(options.chunkColumns, "chunkColumns", 1);
  const seeds = plCheckInt(options.seeds, "seeds", 1);
  if (!Array.isArray(options.widths) || options.widths.length < 2) {
    throw new Error("widths: expected at least two widths");
  }
  for (const width of options.widths) plCheckInt(width, "widths[i]", 1);
  const out = options.outputActivation ?? "linear";
  const closed = out === "linear" && (options.activation === "relu" || options.activation === "erf");
  const Kinf = closed ? ntkInfinite(options.activation, options.data.X) : null;
  const lambdaMinInfinite = Kinf ? plSymEigenvalues(Float64Array.from(Kinf.flat()), D.n)[0] : NaN;
  const points: WidthSweepPoint[] = [];
  for (const width of options.widths)
    for (let s = 0; s < seeds; s++) points.push({ width, seed: s, initSeed: options.seed + 1000 * s + width });
  const shared: WidthSweepShared = {
    X: options.data.X,
    activation: options.activation,
    outputActivation: out,
    kernelInfinite: Kinf,
  };
  if (kernel === "tensor" && options.chunkColumns !== undefined) shared.chunkColumns = options.chunkColumns;
  const rows = await parallelMap<WidthSweepPoint, WidthSweepRow, WidthSweepShared>(
    points,
    { module: __filename, export: kernel === "tensor" ? "widthSweepPointTensor" : "widthSweepPoint" },
    { shared, workers: options.workers, onProgress: options.onProgress, cost: (p) => p.width },
  );
  const summary: WidthSweepResult["summary"] = [];
  for (let w = 0; w < options.widths.length; w++) {
    const acc = { lambdaMin: 0, kernelError: 0, hessianNorm: 0 };
    for (let s = 0; s < seeds; s++) {
      const r = rows[w * seeds + s];
      acc.lambdaMin += r.lambdaMin / seeds;
      acc.kernelError += r.kernelError / seeds;
      acc.hessianNorm += r.hessianNorm / seeds;
    }
    summary.push({ width: options.widths[w], ...acc });
  }
  const ws = summary.map((r) => r.width);
  return {
    activation: options.activation,
    outputActivation: out,
    kernel,
    rows,
    summary,
    lambdaMinInfinite,
    points: D.n,
    kernelErrorSlope: Kinf
      ? logLogSlope(
          ws,
          summary.map((r) => r.kernelError),
        )
      : NaN,
    hessianSlope: logLogSlope(
      ws,
      summary.map((r) => r.hessianNorm),
    ),
  };
}
