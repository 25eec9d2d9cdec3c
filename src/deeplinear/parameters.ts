/**
 * The parameters of tutorial 2 (the second-order landscape of deep linear networks) with their domains: what a
 * reader may set in the notebook's cell tagged `parameters` and have the tutorial run to the end and tell the truth.
 *
 * The domains follow the theorem's hypotheses where a parameter alone decides them: Σ_XX = XXᵀ invertible needs
 * N ≥ d_x; Σ = Σ_YXΣ_XX⁻¹Σ_XY has rank ≤ d_x, so d_y ≥ d_x + 2 would give it a repeated eigenvalue 0 (refused:
 * d_y ≤ d_x + 1); `lambdas` are the min(d_x, d_y) distinct positive eigenvalues of the noiseless Σ. Noise changes
 * Σ's eigenvalues; the tutorial computes them and `deepLinearProblem` checks they stay distinct. The three networks
 * (depths 2, 3, 4) on the same data are given by their hidden widths; the full widths [d_x, d_1, …, d_y] start with
 * d_x and end with d_y by construction ({@link networkWidths}). The GD step budget is derived from lr, init and depth
 * (see `gdSchedule`); a rule refuses an (lr, init, lambdas) whose derived budget exceeds {@link STEP_CAP} for the
 * deepest network, since that run would not end within the notebook's time. The GD step's stability (η < 2/β from
 * the data's scale) depends on the drawn data, so the claims check it and report "not applicable" with β when a
 * reader's η is above it. The upper ends of sizes are set by run time: hidden widths ≤ 4 (all widths 4 with
 * maxLanes = 2 enumerate ~3500 points, ~30 s of Hessians on one core; width 5 everywhere took ~80 s), N ≤ 400; the
 * sweep draws from narrower `sweepDomains`.
 */
import {
  integerParameter,
  listParameter,
  numberParameter,
  parameterSchema,
  type ParameterRule,
  type ParameterSchema,
} from "../core/parameters.js";
import { STEP_CAP, scheduleFromSpectrum } from "./escape.js";

/** A checked parameter set of tutorial 2. */
export interface DeepLinearParameterValues extends Record<string, unknown> {
  dx: number;
  dy: number;
  N: number;
  lambdas: number[];
  noise: number;
  dataSeed: number;
  seed: number;
  hiddenH2: number[];
  hiddenH3: number[];
  hiddenH4: number[];
  maxLanes: number;
  maxLanesH4: number;
  gdInitScale: number;
  gdLr: number;
  minimizerCount: number;
}

const HIDDEN = ["hiddenH2", "hiddenH3", "hiddenH4"] as const;

/** The full widths list [d_x, d_1, …, d_{H−1}, d_y] of one network from the parameters. */
export function networkWidths(values: Readonly<Record<string, unknown>>, hidden: (typeof HIDDEN)[number]): number[] {
  return [values.dx as number, ...(values[hidden] as number[]), values.dy as number];
}

const rules: ParameterRule[] = [
  {
    names: ["dx", "dy"],
    expected: "dy ≤ dx + 1 (Σ has rank ≤ d_x, so d_y ≥ d_x + 2 repeats the eigenvalue 0)",
    check: (v) => ((v.dy as number) <= (v.dx as number) + 1 ? undefined : `dx = ${String(v.dx)}, dy = ${String(v.dy)}`),
  },
  {
    names: ["N", "dx"],
    expected: "N ≥ dx (Σ_XX = XXᵀ invertible needs at least d_x samples)",
    check: (v) => ((v.N as number) >= (v.dx as number) ? undefined : `N = ${String(v.N)}, dx = ${String(v.dx)}`),
  },
  {
    names: ["lambdas"],
    expected:
      "consecutive lambdas differ by at least 1e-6 · lambdas[0] (Σ's eigen-directions, hence the classes, defined)",
    check: (v) => {
      const l = v.lambdas as number[];
      const i = l.findIndex((x, k) => k + 1 < l.length && x - l[k + 1] < 1e-6 * l[0]);
      return i < 0 ? undefined : `lambdas[${i}] = ${l[i]}, lambdas[${i + 1}] = ${l[i + 1]}`;
    },
  },
  {
    names: ["lambdas", "dx", "dy"],
    expected: "lambdas has min(dx, dy) entries (the non-zero eigenvalues of the noiseless Σ)",
    check: (v) => {
      const m = Math.min(v.dx as number, v.dy as number);
      const l = v.lambdas as number[];
      return l.length === m ? undefined : `lambdas has ${l.length} entries, min(dx, dy) = ${m}`;
    },
  },
  {
    names: ["gdLr", "gdInitScale", "lambdas", "dx", "dy", ...HIDDEN],
    expected: `a derived GD step budget ≤ ${STEP_CAP} for every depth (smaller init or step means a longer escape)`,
    check: (v) => {
      const over = HIDDEN.map((name) => {
        const w = networkWidths(v, name);
        const lambdas = [...(v.lambdas as number[])].sort((a, b) => b - a);
        const sMax = Math.min(Math.min(...w), lambdas.length);
        const minValue = lambdas.slice(sMax).reduce((s, l) => s + l, 0);
        const steps = scheduleFromSpectrum(w.length - 1, lambdas, sMax, minValue, {
          lr: v.gdLr as number,
          initScale: v.gdInitScale as number,
        }).steps;
        const H = w.length - 1;
        // the scalar map w ↦ w + 2ηw^{H−1}(σ − w^H) has slope 1 − 2ηHσ^{2−2/H} at its fixed point σ^{1/H}
        const unstable = (v.gdLr as number) * H * lambdas[0] ** (1 - 1 / H) >= 1;
        return { H, steps, unstable };
      }).filter((b) => !(b.steps <= STEP_CAP));
      return over.length === 0
        ? undefined
        : `gdLr = ${String(v.gdLr)}, gdInitScale = ${String(v.gdInitScale)}: ` +
            over
              .map((b) =>
                Number.isFinite(b.steps)
                  ? `budget ${b.steps} steps for H = ${b.H}`
                  : b.unstable
                    ? `η = ${String(v.gdLr)} is beyond the balanced-mode model's stable range for H = ${b.H} ` +
                      `(η·H·λ₁^{1−1/H} ≥ 1)`
                    : `the balanced-mode model does not finish within ${10 * STEP_CAP} steps for H = ${b.H}`,
              )
              .join(", ");
    },
  },
];

const hiddenList = (H: number) =>
  listParameter(`hidden widths [d_1, …, d_${H - 1}] of the H = ${H} network`, {
    integer: true,
    min: 1,
    max: 4,
    minLength: H - 1,
    maxLength: H - 1,
  });

/**
 * The parameter schema of tutorial 2: `deepLinearParameters.check({ … })` in the notebook refuses a value outside
 * its domain with the parameter's name, the domain and the value; the report command reads the same schema.
 */
export const deepLinearParameters: ParameterSchema<DeepLinearParameterValues> =
  parameterSchema<DeepLinearParameterValues>(
    "tutorial 2 (the second-order landscape of deep linear networks)",
    {
      dx: integerParameter("input dimension d_x", { min: 1, max: 5 }),
      dy: integerParameter("output dimension d_y", { min: 1, max: 5 }),
      N: integerParameter("samples", { min: 1, max: 400 }),
      lambdas: listParameter("eigenvalues of the noiseless Σ, min(d_x, d_y) of them", {
        min: 0.25,
        max: 64,
        minLength: 1,
        maxLength: 5,
        order: "descending",
        scale: "log",
      }),
      noise: numberParameter("std of the noise added to Y (0: Σ has exactly the eigenvalues lambdas)", {
        min: 0,
        max: 1,
      }),
      dataSeed: integerParameter("seed of the data", { min: 0, max: 1_000_000 }),
      seed: integerParameter("seed of the constructions and of the GD initializations", { min: 0, max: 1_000_000 }),
      hiddenH2: hiddenList(2),
      hiddenH3: hiddenList(3),
      hiddenH4: hiddenList(4),
      maxLanes: integerParameter("junk lanes combined per constructed point for H = 2, 3", { min: 0, max: 2 }),
      maxLanesH4: integerParameter("junk lanes combined per constructed point for H = 4", { min: 0, max: 1 }),
      gdInitScale: numberParameter("std ε of the initial GD entries", { min: 0.005, max: 0.3, scale: "log" }),
      gdLr: numberParameter("GD step η", { min: 0, minOpen: true, max: 0.1, scale: "log" }),
      minimizerCount: integerParameter("random global minimizers checked per depth", { min: 1, max: 20 }),
    },
    rules,
    {
      N: { kind: "integer", min: 10, max: 100 },
      lambdas: { kind: "list", min: 0.5, max: 32, minLength: 1, maxLength: 5, order: "descending", scale: "log" },
      gdInitScale: { kind: "number", min: 0.02, max: 0.2, scale: "log" },
      gdLr: { kind: "number", min: 0.002, max: 0.02, scale: "log" },
    },
  );
