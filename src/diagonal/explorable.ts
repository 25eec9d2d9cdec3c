/**
 * Tutorial 3's explorable figure: gradient-flow trajectories of a depth-D diagonal network on the paper's "line"
 * problem (A = [[1,1,1],[3,0,1]], y = (3,3)), one initialization scale α^D at a time under a slider, approaching the
 * ℓ1 minimizer that depth selects.
 */
import { sliderGrid, sliderLineChart } from "../display/explorable.js";
import type { VegaLiteSpec } from "../display/spec.js";
import { validateDepth } from "./core.js";
import { dlnClosedFormT, dlnFigure1Cases } from "./experiments.js";
import { dlnFlow } from "./flow.js";
import { dlnLimit } from "./limit.js";

/**
 * The step limit of one trajectory's flow: a figure's path needs far fewer steps than a claim's; an α^D whose flow
 * needs more is left out of the figure (and costs at most this many steps to find out).
 */
const FIGURE_FLOW_STEPS = 1e5;

/** One trajectory of {@link dlnTrajectorySweep}. */
export interface DlnTrajectory {
  alphaD: number;
  alpha: number;
  /** Times of the recorded points (log-spaced), and x(t) there. */
  times: number[];
  x: number[][];
  /** The exact limit x_α (dlnLimit), the trajectory's last point. */
  limit: number[];
  /** t of the limit on the basis-pursuit segment x = (1 − t, 2(1 − t), 3t): x₃/3. */
  t: number;
  /** ‖x_α − x*‖₂, x* the minimizer selected as α → 0. */
  distance: number;
}

/** Result of {@link dlnTrajectorySweep}. */
export interface DlnTrajectorySweep {
  depth: number;
  /** The paper's closed-form t selected at this depth, and that minimizer x* = (1 − t, 2(1 − t), 3t). */
  tSelected: number;
  selected: number[];
  /** One per α^D the flow could be integrated to its limit, largest α^D first. */
  trajectories: DlnTrajectory[];
  /** The α^D left out: below the largest one whose flow the integrator could not finish (its step limit). */
  skipped: number[];
}

/**
 * Gradient-flow trajectories x(t) of the depth-D diagonal network on the "line" problem from a = b = α·1, one per
 * α^D, each recorded at t = 0 and `points` − 1 log-spaced times from 10⁻⁴ until it has reached its exact limit (dlnLimit) to 1e-6,
 * the limit appended as its last point. Smaller α^D take longer (≈ α^−(D−2) for D > 2): from the first α^D whose
 * flow the stiff integrator cannot finish within the figure's step limit (10⁵), the smaller ones are left out and listed in
 * `skipped` (the slider covers the rest, which stay evenly spaced).
 *
 * @param opts.depth - D ≥ 2 (non-integer allowed).
 * @param opts.alphaDs - at least two values of α^D in (0, 1], evenly spaced in log₁₀ (the figure's slider), e.g.
 *   [1, 1e-2, 1e-4, 1e-6, 1e-8].
 * @param opts.points - recorded times per trajectory (default 80).
 * @throws Error naming `opts.depth`, `opts.alphaDs` or `opts.points` on bad input.
 */
export function dlnTrajectorySweep(opts: { depth: number; alphaDs: number[]; points?: number }): DlnTrajectorySweep {
  if (!opts || typeof opts !== "object") throw new Error("opts: expected { depth, alphaDs, points? }");
  let depth: number;
  try {
    depth = validateDepth(opts.depth);
  } catch (e) {
    throw new Error(`opts.depth: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!Array.isArray(opts.alphaDs) || opts.alphaDs.some((a) => !(a > 0 && a <= 1))) {
    throw new Error(`opts.alphaDs: expected values of α^D in (0, 1], got ${JSON.stringify(opts.alphaDs)}`);
  }
  sliderGrid(opts.alphaDs, 10, "opts.alphaDs");
  const points = opts.points ?? 80;
  if (!Number.isInteger(points) || points < 10 || points > 2000) {
    throw new Error(`opts.points: expected an integer from 10 to 2000, got ${String(points)}`);
  }
  const { A, y } = dlnFigure1Cases()[0];
  const tSelected = dlnClosedFormT(depth);
  const selected = [1 - tSelected, 2 * (1 - tSelected), 3 * tSelected];
  const trajectoryAt = (alphaD: number): DlnTrajectory => {
    const alpha = alphaD ** (1 / depth);
    const limit = Array.from(dlnLimit({ A, y, depth, alpha }).x);
    // the flow needs longer the smaller α (≈ α^−(D−2) for D > 2, log(1/α) for D = 2): extend the horizon until done
    for (let horizon = 1e3; ; horizon *= 100) {
      // x(0) = 0, then log-spaced times from 10⁻⁴ to the horizon
      const times = [0, ...Array.from({ length: points - 1 }, (_, k) => 1e-4 * (horizon / 1e-4) ** (k / (points - 2)))];
      const flow = dlnFlow({ A, y, depth, alpha, times, maxSteps: FIGURE_FLOW_STEPS });
      const gap = (v: number[]) => Math.hypot(...v.map((c, i) => c - limit[i]));
      const done = flow.x.findIndex((v) => gap(v) <= 1e-6 * Math.max(1, Math.hypot(...limit)));
      if (done >= 0 || horizon >= 1e13) {
        const keep = done >= 0 ? done + 1 : points;
        return {
          alphaD,
          alpha,
          times: [...times.slice(0, keep), times[keep - 1]],
          x: [...flow.x.slice(0, keep), limit],
          limit,
          t: limit[2] / 3,
          distance: Math.hypot(...limit.map((c, i) => c - selected[i])),
        };
      }
    }
  };
  const trajectories: DlnTrajectory[] = [];
  const skipped: number[] = [];
  for (const alphaD of [...opts.alphaDs].sort((a, b) => b - a)) {
    if (skipped.length) {
      skipped.push(alphaD);
      continue;
    }
    try {
      trajectories.push(trajectoryAt(alphaD));
    } catch (e) {
      if (!(e instanceof Error && /too many steps/.test(e.message))) throw e;
      skipped.push(alphaD);
    }
  }
  return { depth, tSelected, selected, trajectories, skipped };
}

/**
 * The explorable figure of tutorial 3: a slider over log₁₀ α^D draws the flow's path from x = 0 in the (x₁, x₃) plane
 * to its limit (a dot), over the solution line Ax = y (dashed), its basis-pursuit segment (the ℓ1 minimizers) and the
 * minimizer the depth selects (diamond); beside it, the limit's t, the closed-form t and their distance.
 *
 * @param sweep - from {@link dlnTrajectorySweep}.
 * @returns a Vega-Lite spec (an explorable figure); pass it to `show`.
 */
export function dlnTrajectoryExplorable(sweep: DlnTrajectorySweep): VegaLiteSpec {
  if (!sweep || !Array.isArray(sweep.trajectories) || sweep.trajectories.length < 2) {
    throw new Error("sweep: expected the result of dlnTrajectorySweep with at least two trajectories");
  }
  const line = [-0.15, 1.15];
  const D = Number(sweep.depth.toPrecision(6));
  return sliderLineChart(
    sweep.trajectories.map((r) => ({
      value: r.alphaD,
      x: r.x.map((v) => v[0]),
      y: r.x.map((v) => v[2]),
      readout: [
        `limit: t = ${r.t.toFixed(6)}`,
        `selected (α → 0): t = ${sweep.tSelected.toFixed(6)}`,
        `‖x_α − x*‖ = ${r.distance.toExponential(2)}`,
        `flow time to reach it ≈ ${r.times[r.times.length - 1].toPrecision(2)}`,
      ],
    })),
    {
      parameter: { name: "log10alphaD", label: "log₁₀ α^D", base: 10, symbol: "α^D" },
      title: `Gradient flow of a depth-${D} diagonal network picks an ℓ1 minimizer`,
      subtitle:
        "A = [[1,1,1],[3,0,1]], y = (3,3): paths x(t) from x = 0, seen in the (x₁, x₃) plane" +
        (sweep.skipped?.length
          ? `; α^D ≤ ${Math.max(...sweep.skipped).toExponential(0)} left out (their flow needs more than the figure's 10⁵ integration steps)`
          : ""),
      hint:
        "Move the slider to smaller initializations α^D: every limit lies on the segment of ℓ1 minimizers (all have " +
        "‖x‖₁ = 3), but which one depends on α — the end point of the path slides along the segment onto the " +
        `diamond, the minimizer depth D = ${D} selects (the readout gives the distance), while the flow takes longer ` +
        "to get there. Wheel-zoom on the diamond to see the last steps.",
      xLabel: "x₁",
      yLabel: "x₃",
      curveName: "flow path x(t) and its limit",
      references: [
        { name: "solutions Ax = y", x: line.map((t) => 1 - t), y: line.map((t) => 3 * t), predicted: true },
        { name: "ℓ1 minimizers (basis pursuit)", x: [1, 0], y: [0, 3] },
      ],
      markers: [{ name: `selected at depth ${D} (closed form)`, x: sweep.selected[0], y: sweep.selected[2] }],
      endpoint: true,
      width: 420,
      height: 320,
    },
  );
}
