/**
 * The parameters of tutorial 1 (PL* in wide networks) with their domains: what a reader may set in the notebook's
 * cell tagged `parameters` and have the tutorial run to the end and tell the truth.
 *
 * The domains keep the theorems meaningful or let them fail visibly: every width the sweeps use has P = m(d + 1)
 * parameters, far above n at the smallest width allowed (m ≥ 2⁵, so P ≥ 160 > n ≤ 48); d ≥ 4 because on a circle
 * (d = 2) the bias-free relu and erf kernels of 48 points are singular to rounding (λ_min(K∞) ≈ 1e-15: measured),
 * which would leave every PL* claim without its hypothesis; the non-convexity section needs convexDim ≥ 2 because
 * the sphere of R¹ is {−1, 1}: its points repeat and an odd (bias-free tanh) network cannot fit them; the GD, under- and
 * over-parameterized and non-convexity sections check their own hypotheses (P > n or P < n, σ″ ≢ 0) from the run
 * and report a claim as not applicable, with the run's values, where a reader's choice leaves them. The upper ends
 * are set by run time: each alone keeps the notebook within about a minute on two cores (measured with the other
 * parameters at their defaults); the recorded sweep draws from the narrower `sweepDomains` so that several large
 * values together stay within that budget.
 */
import {
  choiceParameter,
  integerParameter,
  parameterSchema,
  type ParameterRule,
  type ParameterSchema,
} from "../core/parameters.js";
import { ACTIVATIONS } from "../tensor/activations.js";

/** A checked parameter set of tutorial 1. */
export interface PlStarParameterValues extends Record<string, unknown> {
  n: number;
  inputDim: number;
  dataSeed: number;
  seed: number;
  minWidthExponent: number;
  maxWidthExponent: number;
  sweepSeeds: number;
  sweepKernel: "auto" | "float64" | "tensor";
  sweepActivation: "relu" | "erf";
  outputActivation: (typeof ACTIVATIONS)[number];
  gdWidth: number;
  gdSteps: number;
  gdStudyMaxExponent: number;
  sgdWidth: number;
  sgdEpochs: number;
  underN: number;
  underWidth: number;
  overWidth: number;
  underSteps: number;
  convexN: number;
  convexDim: number;
  convexWidth: number;
}

const rules: ParameterRule[] = [
  {
    names: ["minWidthExponent", "maxWidthExponent"],
    expected: "maxWidthExponent ≥ minWidthExponent + 3 (at least four widths, so a slope has a standard error)",
    check: (v) =>
      (v.maxWidthExponent as number) >= (v.minWidthExponent as number) + 3
        ? undefined
        : `minWidthExponent = ${String(v.minWidthExponent)}, maxWidthExponent = ${String(v.maxWidthExponent)}`,
  },
  {
    names: ["minWidthExponent", "gdStudyMaxExponent"],
    expected: "gdStudyMaxExponent ≥ minWidthExponent + 2 (at least three widths, so a slope has a standard error)",
    check: (v) =>
      (v.gdStudyMaxExponent as number) >= (v.minWidthExponent as number) + 2
        ? undefined
        : `minWidthExponent = ${String(v.minWidthExponent)}, gdStudyMaxExponent = ${String(v.gdStudyMaxExponent)}`,
  },
];

/**
 * The parameter schema of tutorial 1: `plStarParameters.check({ … })` in the notebook refuses a value outside its
 * domain with the parameter's name, the domain and the value; the report command reads the same schema.
 */
export const plStarParameters: ParameterSchema<PlStarParameterValues> = parameterSchema<PlStarParameterValues>(
  "tutorial 1 (PL* in wide networks)",
  {
    n: integerParameter("training points", { min: 4, max: 48 }),
    inputDim: integerParameter("input dimension d", { min: 4, max: 64 }),
    dataSeed: integerParameter("seed of the data sets", { min: 0, max: 1_000_000 }),
    seed: integerParameter("seed of the network initializations and of SGD's batches", { min: 0, max: 1_000_000 }),
    minWidthExponent: integerParameter("the width sweeps start at m = 2^minWidthExponent", { min: 5, max: 10 }),
    maxWidthExponent: integerParameter("the width sweep ends at m = 2^maxWidthExponent", { min: 8, max: 15 }),
    sweepSeeds: integerParameter("networks per width in the width sweep", { min: 1, max: 8 }),
    sweepKernel: choiceParameter("how the width sweep computes its tangent kernels", ["auto", "float64", "tensor"]),
    sweepActivation: choiceParameter("σ of the width sweep's hidden layer (K∞ in closed form)", ["relu", "erf"]),
    outputActivation: choiceParameter("σ_out of the 'no transition to linearity' sweep", ACTIVATIONS),
    gdWidth: integerParameter("width of the GD run at η = 1/β", { min: 32, max: 8192 }),
    gdSteps: integerParameter("GD steps (both GD sections)", { min: 50, max: 1000 }),
    gdStudyMaxExponent: integerParameter("the GD width study ends at m = 2^gdStudyMaxExponent", { min: 7, max: 13 }),
    sgdWidth: integerParameter("width of the SGD runs", { min: 128, max: 4096 }),
    sgdEpochs: integerParameter("SGD epochs (passes over the data) per batch size", { min: 10, max: 200 }),
    underN: integerParameter("points of the under-parameterized comparison", { min: 4, max: 100 }),
    underWidth: integerParameter("width of the small network (P = underWidth·(d + 1))", { min: 1, max: 32 }),
    overWidth: integerParameter("width of the wide network it is compared with", { min: 32, max: 2048 }),
    underSteps: integerParameter("GD steps of the comparison", { min: 50, max: 2000 }),
    convexN: integerParameter("points of the non-convexity section", { min: 2, max: 16 }),
    convexDim: integerParameter("input dimension of the non-convexity section", { min: 2, max: 8 }),
    convexWidth: integerParameter("width of its network (P = convexWidth·(convexDim + 1))", { min: 1, max: 32 }),
  },
  rules,
  {
    maxWidthExponent: { kind: "integer", min: 9, max: 14 },
    gdWidth: { kind: "integer", min: 64, max: 4096 },
    gdSteps: { kind: "integer", min: 100, max: 600 },
    // SGD with b = 1 costs epochs · n full-loss evaluations of n·m·d each: the largest term with n and d high.
    sgdWidth: { kind: "integer", min: 256, max: 1024 },
    sgdEpochs: { kind: "integer", min: 20, max: 80 },
    underN: { kind: "integer", min: 4, max: 60 },
    overWidth: { kind: "integer", min: 64, max: 1024 },
    underSteps: { kind: "integer", min: 100, max: 1000 },
  },
);
