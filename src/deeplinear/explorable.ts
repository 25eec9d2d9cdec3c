/**
 * Tutorial 2's explorable figure: gradient descent on one deep linear problem from several initialization scales,
 * one loss curve at a time under a slider, with the predicted critical values its plateaus sit at.
 */
import { sliderGrid, sliderLineChart } from "../display/explorable.js";
import type { VegaLiteSpec } from "../display/spec.js";
import { type GdRun, type Plateau, deepLinearGD, defaultGdLr, plateaus } from "./dynamics.js";
import { gdSchedule } from "./escape.js";
import { type DeepLinearProblem, assertProblem } from "./problem.js";

/** Result of {@link deepLinearInitSweep}: one GD run per initialization scale, with its plateaus. */
export interface InitScaleSweep {
  /** Depth and widths of the problem. */
  H: number;
  widths: number[];
  /** The scales, as given. */
  initScales: number[];
  /** runs[k] starts from initScales[k]. */
  runs: GdRun[];
  /** plateaus[k]: steps run k spent near each critical value tr(YYᵀ) − λ₁ − … − λ_s. */
  plateaus: Plateau[][];
}

/**
 * Runs `deepLinearGD` on one problem from each initialization scale (same seed, steps and step size: only the scale
 * differs) and measures its plateaus.
 *
 * @param problem - from `deepLinearProblem`.
 * @param opts.initScales - at least two scales, evenly spaced in log₁₀ (the explorable figure's slider has one step),
 *   e.g. [0.3162, 0.1, 0.03162, 0.01] (10^−0.5 … 10^−2).
 * @param opts.steps - GD steps per run; by default the derived budget ({@link gdSchedule}) of the smallest scale, the
 *   slowest to escape, so every run reaches the global minimum; at most `maxSteps` (default 200 000: seven runs of a
 *   few small matrices stay within a few seconds).
 * @param opts.lr - step size (default `deepLinearGD`'s); opts.seed - initialization seed.
 * @returns the runs and their plateaus.
 * @throws Error naming `opts.initScales` when they are not positive and evenly spaced in log₁₀, or the option GD rejects.
 */
export function deepLinearInitSweep(
  problem: DeepLinearProblem,
  opts: { initScales: number[]; steps?: number; maxSteps?: number; lr?: number; seed: number },
): InitScaleSweep {
  assertProblem(problem);
  if (!opts || !Array.isArray(opts.initScales)) throw new Error("opts.initScales: expected an array of scales");
  sliderGrid(opts.initScales, 10, "opts.initScales");
  const smallest = Math.min(...opts.initScales);
  const steps =
    opts.steps ??
    Math.min(
      opts.maxSteps ?? 200_000,
      gdSchedule(problem, { lr: opts.lr ?? defaultGdLr(problem), initScale: smallest }).steps,
    );
  const runs = opts.initScales.map((initScale) =>
    deepLinearGD(problem, { steps, lr: opts.lr, initScale, seed: opts.seed }),
  );
  return {
    H: problem.H,
    widths: problem.widths.slice(),
    initScales: opts.initScales.slice(),
    runs,
    plateaus: runs.map((r) => plateaus(problem, r)),
  };
}

/**
 * The explorable figure of tutorial 2: a slider over log₁₀ of the initialization scale σ shows that run's loss curve
 * (log–log, faint: the other scales) over the dashed predicted critical values; beside it, the steps the run spent
 * near each of them.
 *
 * @param problem - the problem of the sweep (gives tr(YYᵀ), λ and s_max).
 * @param sweep - from {@link deepLinearInitSweep}.
 * @returns a Vega-Lite spec (an explorable figure); pass it to `show`.
 */
export function initScaleExplorable(problem: DeepLinearProblem, sweep: InitScaleSweep): VegaLiteSpec {
  assertProblem(problem);
  if (!sweep || !Array.isArray(sweep.runs) || sweep.runs.length !== sweep.initScales?.length) {
    throw new Error("sweep: expected the result of deepLinearInitSweep");
  }
  // S = {0..s−1}: the critical value after s directions are learned
  const label = (s: number) => (s === 0 ? "S = ∅" : s === 1 ? "S = {0}" : `S = {0..${s - 1}}`);
  const rules: { value: number; label: string }[] = [];
  let v = problem.trYY;
  rules.push({ value: v, label: "S = ∅ (W = 0)" });
  for (let s = 1; s <= problem.sMax; s++) {
    v -= problem.lambdas[s - 1];
    rules.push({ value: v, label: s === problem.sMax ? `global min, ${label(s)}` : label(s) });
  }
  return sliderLineChart(
    sweep.runs.map((r, k) => ({
      value: sweep.initScales[k],
      x: r.steps.map((t) => t + 1),
      y: r.losses,
      readout: [
        "steps near each critical value:",
        ...sweep.plateaus[k].map((p) => `  ${label(p.s)}: ${p.steps}`),
        `final loss ${r.losses[r.losses.length - 1].toPrecision(4)}`,
      ],
    })),
    {
      parameter: { name: "log10scale", label: "log₁₀ init scale σ", base: 10, symbol: "σ" },
      title: `Plateaus of gradient descent, H = ${sweep.H} (${sweep.widths.join("-")})`,
      subtitle: "loss from W_h = σ·N(0, 1); dashed: predicted critical values tr(YYᵀ) − Σ_{i∈S} λ_i",
      hint:
        "Move the slider to smaller initializations: the loss curve keeps the same staircase, its plateaus sitting " +
        "exactly on the dashed critical values (saddles), but the first plateau at W = 0 lasts longer and longer " +
        "(roughly like 1/σ^(H−2) for H ≥ 3), so the escape shifts to the right.",
      xLabel: "GD step + 1",
      xScale: "log",
      yLabel: "loss",
      yScale: "log",
      curveName: "GD from scale σ",
      rules: rules.filter((r) => r.value > 0),
      width: 500,
      height: 300,
    },
  );
}
