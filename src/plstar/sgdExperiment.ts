/**
 * Section 4 of tutorial 1: mini-batch SGD at the safe step size for several batch sizes, each with the linearized
 * model's expected loss as its prediction.
 */
import { linearFit } from "../core/stats.js";
import { expectInteger, expectNumberList } from "../core/validate.js";
import { plLossState } from "./kernel.js";
import { mlp } from "./net.js";
import { expectedLinearizedSgdLoss } from "./linearizedSgd.js";
import { squareLossFloor } from "./lossFloor.js";
import { sgdRun, sgdStepSize, type PlTrainRecord } from "./train.js";
import { plCheckMatrix, plCheckPositive, plCheckVector } from "./validate.js";
import type { PlDataset } from "./data.js";

/** One batch size of {@link sgdExperiment}. */
export interface SgdRunSummary {
  batchSize: number;
  lr: number;
  steps: number;
  records: PlTrainRecord[];
  /** Fitted slope of log10 L against epochs (negative: exponential convergence). */
  log10LossPerEpoch: number;
  /** L(w_T)/L(w₀). */
  lossReduction: number;
  /**
   * E[L(w_T)]/L(w₀) of the same SGD on the linearized model (exact second-moment recursion, see
   * `expectedLinearizedSgdLoss`), the slower of the linearizations at w₀ and at w_T: the prediction.
   */
  expectedLossReduction: number;
  /** The rounding floor of L relative to L(w₀) (`squareLossFloor`). */
  floorReduction: number;
}

/**
 * The batch sizes of the SGD section for n points: 1, ⌈n/4⌉ and n, without repeats (for n ≤ 4 fewer than three).
 *
 * @param n - the number of training points, an integer ≥ 1.
 */
export function sgdBatchSizes(n: number): number[] {
  const points = expectInteger(n, "n", { min: 1 });
  return [...new Set([1, Math.ceil(points / 4), points])];
}

/**
 * SGD with several batch sizes on the same network and data, each at the safe step size of {@link sgdStepSize},
 * for the same number of epochs; each run with the prediction of the linearized model (its expected loss after the
 * same steps) and the loss's rounding floor.
 */
export function sgdExperiment(options: {
  data: PlDataset;
  width: number;
  activation: string;
  batchSizes: number[];
  epochs: number;
  seed: number;
}): SgdRunSummary[] {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const epochs = plCheckPositive(options.epochs, "epochs");
  const batchSizes = expectNumberList(options.batchSizes, "batchSizes", {
    integer: true,
    min: 1,
    max: D.n,
    minLength: 1,
    distinct: true,
  });
  const net = mlp({ inputDim: D.d, widths: [options.width], activation: options.activation, seed: options.seed });
  const state0 = plLossState(net, D, t);
  const kernel0 = state0.kernel();
  const floor = squareLossFloor(t, net.dims[1]);
  return batchSizes.map((b) => {
    const lr = sgdStepSize(net, options.data.X, b);
    const steps = Math.max(1, Math.round((epochs * D.n) / b));
    const record = Math.max(1, Math.floor(steps / 20));
    const run = sgdRun(net, options.data.X, options.data.y, {
      lr,
      steps,
      batchSize: b,
      seed: options.seed + b,
      record,
    });
    const rec = run.records;
    const fit = linearFit(
      rec.map((r) => r.epoch),
      rec.map((r) => Math.log10(r.loss)),
    );
    // The slower of the linearizations at w₀ and at w_T (the kernel moves a little along the run).
    const kernelT = plLossState(run.net, D, t).kernel();
    const expected = Math.max(
      ...[kernel0, kernelT].map((K) => {
        const e = expectedLinearizedSgdLoss(K, state0.r, { lr, batchSize: b, steps, record: steps });
        return e[e.length - 1].expectedLoss;
      }),
    );
    return {
      batchSize: b,
      lr,
      steps,
      records: rec,
      log10LossPerEpoch: fit.slope,
      lossReduction: rec[rec.length - 1].loss / rec[0].loss,
      expectedLossReduction: expected / state0.loss,
      floorReduction: floor / state0.loss,
    };
  });
}
