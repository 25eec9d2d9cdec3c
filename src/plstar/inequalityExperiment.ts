/**
 * Section 1 of tutorial 1: the inequality ½‖∇L‖² ≥ λ_min(K)·L evaluated at random points w (random networks moved a
 * random distance from their initialization).
 */
import { createRng } from "../tensor/index.js";
import { plLossState, plStarCheck, plSymEigenvalues } from "./kernel.js";
import { mlp, mlpParameters, mlpWithParameters } from "./net.js";
import { plCheckInt, plCheckMatrix, plCheckVector } from "./validate.js";
import type { PlDataset } from "./data.js";

/** One random point of {@link plInequalityExperiment}. */
export interface PlInequalityRow {
  width: number;
  activation: string;
  /** Distance of the point from the network's initialization. */
  radius: number;
  loss: number;
  halfGradSq: number;
  lambdaMin: number;
  /** λ_max(K) (sets the eigensolver's rounding level). */
  lambdaMax: number;
  /** The rounding level of the right-hand side: 100·n·ε·λ_max(K)·L (the eigensolver's accuracy for λ_min). */
  rounding: number;
  /** λ_min(K) · L, the right-hand side. */
  rhs: number;
  /** ½‖∇L‖² / (λ_min(K) L) ≥ 1. */
  ratio: number;
}

/**
 * Evaluates ½‖∇L(w)‖² and λ_min(K(w)) L(w) at random points w: random networks (several widths and activations,
 * fresh initializations) moved a random distance from their initialization.
 */
export function plInequalityExperiment(options: {
  data: PlDataset;
  widths: number[];
  activations: string[];
  samples: number;
  seed: number;
}): PlInequalityRow[] {
  const { data } = options;
  const D = plCheckMatrix(data?.X, "data.X");
  plCheckVector(data.y, D.n, "data.y");
  const samples = plCheckInt(options.samples, "samples", 1);
  const rng = createRng(options.seed);
  const rows: PlInequalityRow[] = [];
  for (let s = 0; s < samples; s++) {
    const width = options.widths[s % options.widths.length];
    const act = options.activations[Math.floor(s / options.widths.length) % options.activations.length];
    const net0 = mlp({ inputDim: D.d, widths: [width], activation: act, seed: rng.int(2 ** 30) });
    const w = mlpParameters(net0);
    const radius = 3 * rng.uniform();
    const xi = rng.normals(w.length);
    const nx = Math.hypot(...xi);
    for (let k = 0; k < w.length; k++) w[k] += (radius * xi[k]) / nx;
    const p = plStarCheck(mlpWithParameters(net0, w), data.X, data.y);
    const K = plLossState(mlpWithParameters(net0, w), D, plCheckVector(data.y, D.n, "data.y")).kernel();
    const spectrum = plSymEigenvalues(K, D.n);
    rows.push({
      width,
      activation: act,
      radius,
      loss: p.loss,
      halfGradSq: p.halfGradSq,
      lambdaMin: p.lambdaMin,
      lambdaMax: spectrum[spectrum.length - 1],
      rhs: p.lambdaMin * p.loss,
      rounding: 100 * D.n * Number.EPSILON * spectrum[spectrum.length - 1] * p.loss,
      ratio: p.ratio,
    });
  }
  return rows;
}
