/**
 * The parameters of the tour notebook (`00-tour`) and their domains.
 */
import { integerParameter, numberParameter, parameterSchema } from "../core/parameters.js";

/** A checked parameter set of the tour. */
export interface TourParameters extends Record<string, unknown> {
  seed: number;
  width: number;
  steps: number;
  lr: number;
}

/**
 * The tour's parameters: the seed of data and initialization, the hidden width, the number of gradient-descent
 * steps and the step size. Widths with fewer parameters than points (4·width < 8) are allowed: the PL* claims then say
 * why they do not apply.
 */
export const tourParameters = parameterSchema<TourParameters>(
  "the tour (00-tour)",
  {
    seed: integerParameter("seed of the data and the initialization", { min: 0, max: 1_000_000 }),
    width: integerParameter("hidden width m of the one-hidden-layer relu network", { min: 1, max: 16384 }),
    steps: integerParameter("gradient-descent steps", { min: 1, max: 5000 }),
    lr: numberParameter("step size η", { min: 0, minOpen: true, max: 2, scale: "log" }),
  },
  [],
  {
    width: { kind: "integer", min: 1, max: 4096 },
    steps: { kind: "integer", min: 50, max: 1000 },
    lr: { kind: "number", min: 0.01, max: 1, scale: "log" },
  },
);
