/**
 * The GD runs as a table: per run and critical value, the predicted and measured arrival and the time spent near it.
 */
import { type ScheduledRun, arrivalSteps, plateaus } from "./dynamics.js";

/** One line of {@link plateauRows}. */
export interface PlateauRow {
  H: number;
  widths: string;
  /** |S| of the critical value S = {0..s−1}. */
  s: number;
  /** The predicted value tr(YYᵀ) − λ₁ − … − λ_s. */
  value: number;
  /** Predicted arrival at this value (balanced-mode model; 0 for s = 0). */
  predictedArrival: number;
  /** Measured arrival (first step at or below the midpoint from the previous value; 0 for s = 0). */
  arrival: number;
  /** GD steps with the loss within the band of the value. */
  stepsNearValue: number;
  band: number;
}

/**
 * Per run and per critical value tr(YYᵀ) − λ₁ − … − λ_s: the predicted and measured arrival and the time spent
 * within the band of it. Runs that were not run (budget above the cap) give no rows.
 *
 * @param runs - from {@link scheduledGD}.
 */
export function plateauRows(runs: readonly ScheduledRun[]): PlateauRow[] {
  if (!Array.isArray(runs)) throw new TypeError(`runs: expected an array of scheduled runs, got ${typeof runs}`);
  return runs.flatMap((r) => {
    if (!r.run) return [];
    const measured = arrivalSteps(r.problem, r.run);
    return plateaus(r.problem, r.run).map((p) => ({
      H: r.problem.H,
      widths: r.problem.widths.join("-"),
      s: p.s,
      value: p.value,
      predictedArrival: p.s === 0 ? 0 : r.schedule.arrivals[p.s - 1],
      arrival: p.s === 0 ? 0 : measured[p.s - 1],
      stepsNearValue: p.steps,
      band: p.band,
    }));
  });
}
