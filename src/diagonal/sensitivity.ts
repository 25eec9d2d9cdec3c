/**
 * Section 4 of tutorial 3 (conditioning): how strongly the exact limit x_α depends on the data A as α ↓ 0.
 */
import { createRng } from "../tensor/index.js";
import { dlnLimit } from "./limit.js";

/** One point of the sensitivity sweep. */
export interface DlnSensitivityRow {
  depth: number;
  alphaD: number;
  /** max ‖x_α(A + δA) − x_α(A)‖∞ / (relative size of δA), over the trials. */
  sensitivity: number;
}

/**
 * How strongly the exact limit x_α depends on the data: perturbs every entry of A by a random relative amount of size
 * `perturbation` (seeded) and reports the largest change of x_α divided by `perturbation`. On a problem whose basis
 * pursuit has many solutions the face point is set by terms of relative size α^(D−2) (D > 2), so the sensitivity grows
 * like α^−(D−2) = (α^D)^−(D−2)/D — the limit is ill-conditioned for small α, in line with GHA.
 */
export function dlnSensitivitySweep(opts: {
  A: number[][];
  y: number[];
  depths: number[];
  alphaDs: number[];
  perturbation?: number;
  trials?: number;
  seed: number;
}): DlnSensitivityRow[] {
  const eps = opts.perturbation ?? 1e-10;
  const trials = opts.trials ?? 4;
  const rows: DlnSensitivityRow[] = [];
  for (const D of opts.depths)
    for (const aD of opts.alphaDs) {
      const rng = createRng(opts.seed);
      const alpha = aD ** (1 / D);
      const x0 = dlnLimit({ A: opts.A, y: opts.y, depth: D, alpha }).x;
      let worst = 0;
      for (let t = 0; t < trials; t++) {
        const A = opts.A.map((r) => r.map((v) => v * (1 + eps * (2 * rng.uniform() - 1))));
        const x1 = dlnLimit({ A, y: opts.y, depth: D, alpha }).x;
        for (let i = 0; i < x0.length; i++) worst = Math.max(worst, Math.abs(x1[i] - x0[i]));
      }
      rows.push({ depth: D, alphaD: aD, sensitivity: worst / eps });
    }
  return rows;
}
