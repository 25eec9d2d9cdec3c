/**
 * Section 5 of tutorial 1: GD on an under-parameterized network (P < n: rank K ≤ P, λ_min(K) = 0) against a wide one,
 * same data.
 */
import { plLossState, plSymEigenvalues } from "./kernel.js";
import { mlp } from "./net.js";
import { squareLossFloor } from "./lossFloor.js";
import { type PlTrainRecord } from "./train.js";
import { plCheckMatrix, plCheckVector } from "./validate.js";
import type { PlDataset } from "./data.js";
import { plGdAtOneOverBeta } from "./gdExperiment.js";

/** One network of {@link underParameterizedExperiment}. */
export interface UnderParamNetwork {
  width: number;
  parameterCount: number;
  records: PlTrainRecord[];
  /** The step η = 1/β, β = 1.1 ‖∇²L‖ checked along the run. */
  eta: number;
  /** λ_min(K(w₀))/λ_max(K(w₀)). */
  lambdaMinOverLambdaMax: number;
  /** min over the recorded steps of λ_min(K(w_t)). */
  mu: number;
  /** The rounding floor of L (`squareLossFloor`). */
  lossFloor: number;
}

/** Result of {@link underParameterizedExperiment}. */
export interface UnderParamResult {
  /** The small network (P < n unless the reader chose otherwise; the claims check it). */
  under: UnderParamNetwork;
  /** The wide network on the same data, for comparison. */
  over: UnderParamNetwork;
  n: number;
}

/**
 * GD at η = 1/β on a small network (P < n: rank K ≤ P, λ_min(K) = 0) and on a wide one, same data.
 */
export function underParameterizedExperiment(options: {
  data: PlDataset;
  underWidth: number;
  overWidth: number;
  activation: string;
  steps: number;
  seed: number;
}): UnderParamResult {
  const D = plCheckMatrix(options.data?.X, "data.X");
  const t = plCheckVector(options.data.y, D.n, "data.y");
  const one = (width: number): UnderParamNetwork => {
    const net = mlp({ inputDim: D.d, widths: [width], activation: options.activation, seed: options.seed });
    const { eta, run } = plGdAtOneOverBeta(net, D, t, options.data, {
      steps: options.steps,
      record: Math.max(1, Math.floor(options.steps / 10)),
      safety: 1.1,
      recordHessian: true,
    });
    const K = plLossState(net, D, t).kernel();
    const ev = plSymEigenvalues(K, D.n);
    let mu = Infinity;
    for (const r of run.records) if (Number.isFinite(r.lambdaMin)) mu = Math.min(mu, r.lambdaMin);
    return {
      width,
      parameterCount: net.parameterCount,
      records: run.records,
      eta,
      lambdaMinOverLambdaMax: ev[0] / ev[ev.length - 1],
      mu,
      lossFloor: squareLossFloor(t, width),
    };
  };
  return { under: one(options.underWidth), over: one(options.overWidth), n: D.n };
}
