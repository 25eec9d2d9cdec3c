/**
 * The claims of tutorial 1, judged from the experiments' results (computed in the run, never typed in).
 */
import { judged, type Claim, type JudgedClaim } from "../display/claims.js";
import { logLogSlope } from "../core/stats.js";
import {
  type GdExperimentResult,
  type GdWidthRow,
  type NonConvexResult,
  type PlInequalityRow,
  type SgdRunSummary,
  type UnderParamResult,
  type WidthSweepResult,
} from "./experiments.js";

const minus = (s: string): string => s.replace(/^-/, "−");
const sci = (v: number): string => (Number.isFinite(v) ? minus(v.toExponential(2)) : String(v));
const fix = (v: number, d = 3): string => (Number.isFinite(v) ? minus(v.toFixed(d)) : String(v));

/** The results the claims are judged from; leave out a section to leave out its claims. */
export interface PlStarResults {
  inequality?: readonly PlInequalityRow[];
  /** Width sweep with a linear output (relu or erf, so K_∞ is known). */
  sweep?: WidthSweepResult;
  /** Width sweep with σ on the output. */
  sweepOutput?: WidthSweepResult;
  gd?: GdExperimentResult;
  gdWidths?: { rows: readonly GdWidthRow[]; kernelChangeSlope: number; distanceSlope: number };
  sgd?: readonly SgdRunSummary[];
  under?: UnderParamResult;
  nonConvex?: NonConvexResult;
}

/**
 * The claims table rows of tutorial 1: each claim of the paper, what it predicts, what this run measured, the
 * tolerance, and whether it held.
 */
export function plStarClaims(res: PlStarResults): Claim[] {
  const out: JudgedClaim[] = [];
  if (res.inequality && res.inequality.length > 0) {
    const rows = res.inequality;
    const violations = rows.filter((r) => r.halfGradSq < r.rhs * (1 - 1e-9) - 1e-15).length;
    const positive = rows.filter((r) => r.rhs > 0);
    const minRatio = positive.length ? Math.min(...positive.map((r) => r.ratio)) : NaN;
    out.push({
      claim: `½‖∇L‖² ≥ λ_min(K)·L at ${rows.length} random points (min ratio where λ_min(K) > 0; violations)`,
      predicted: "ratio ≥ 1; 0 violations",
      measured: `${fix(minRatio)}; ${violations} violations`,
      tolerance: "1e-9 relative",
      holds: violations === 0 && !(minRatio < 1 - 1e-9),
    });
  }
  if (res.sweep) {
    const s = res.sweep;
    const last = s.summary[s.summary.length - 1];
    const rel = Math.abs(last.lambdaMin - s.lambdaMinInfinite) / s.lambdaMinInfinite;
    out.push({
      claim: `λ_min(K_m(w₀)) → λ_min(K∞) (relative gap at m = ${last.width})`,
      predicted: `λ_min(K∞) = ${fix(s.lambdaMinInfinite, 4)}`,
      measured: `${fix(last.lambdaMin, 4)} (gap ${(100 * rel).toFixed(1)}%)`,
      tolerance: "10%",
      holds: rel <= 0.1,
    });
    out.push({
      claim: "‖K_m − K∞‖/‖K∞‖ ∝ m^(−1/2) (fitted log–log slope)",
      predicted: -0.5,
      measured: fix(s.kernelErrorSlope),
      tolerance: 0.15,
      holds: Math.abs(s.kernelErrorSlope + 0.5) <= 0.15,
    });
    out.push({
      claim: "‖H_f‖ ∝ m^(−1/2) with a linear output (fitted slope)",
      predicted: -0.5,
      measured: fix(s.hessianSlope),
      tolerance: 0.1,
      holds: Math.abs(s.hessianSlope + 0.5) <= 0.1,
    });
  }
  if (res.sweepOutput) {
    const s = res.sweepOutput;
    out.push({
      claim: `‖H_f‖ does not shrink with σ_out = ${s.outputActivation} (fitted slope)`,
      predicted: 0,
      measured: fix(s.hessianSlope),
      tolerance: 0.15,
      holds: Math.abs(s.hessianSlope) <= 0.15,
    });
  }
  if (res.gd) {
    const g = res.gd;
    out.push({
      claim: `GD at η = 1/β: L(w_t) ≤ (1 − ημ)^t L(w₀) at every step (m = ${g.width})`,
      predicted: "true",
      measured: String(g.boundHolds),
      holds: g.boundHolds,
    });
    if (Number.isFinite(g.betaRun)) {
      out.push({
        claim: "β bounds ‖∇²L(w_t)‖ along the path (hypothesis, checked at recorded steps)",
        predicted: `≤ β = ${fix(g.beta)}`,
        measured: fix(g.betaRun),
        holds: g.betaRun <= g.beta,
      });
    }
    out.push({
      claim: "the GD path stays in B(w₀, R), R = 2√(2βL₀)/μ",
      predicted: `≤ R = ${fix(g.R, 1)}`,
      measured: fix(g.maxDistance),
      holds: g.maxDistance <= g.R,
    });
    const red = g.finalLoss / g.loss0;
    out.push({
      claim: `GD converges to a global minimizer (L(w_T)/L(w₀) after ${g.records.length - 1} steps)`,
      predicted: "≤ 1e-8",
      measured: sci(red),
      holds: red <= 1e-8,
    });
  }
  if (res.gdWidths) {
    const w = res.gdWidths;
    out.push({
      claim: "‖w_t − w₀‖ stays bounded as m grows (log–log slope of max distance)",
      predicted: 0,
      measured: fix(w.distanceSlope),
      tolerance: 0.15,
      holds: Math.abs(w.distanceSlope) <= 0.15,
    });
    out.push({
      claim: "the relative change of K along GD shrinks at least like m^(−1/2) (slope)",
      predicted: "≤ −0.5",
      measured: fix(w.kernelChangeSlope),
      tolerance: 0.1,
      holds: w.kernelChangeSlope <= -0.4,
    });
  }
  if (res.sgd && res.sgd.length > 0) {
    const worst = Math.max(...res.sgd.map((r) => r.lossReduction));
    const slopes = res.sgd.map((r) => r.log10LossPerEpoch);
    out.push({
      claim: `SGD (batch ${res.sgd.map((r) => r.batchSize).join(", ")}) converges exponentially: L_T/L₀, worst batch size`,
      predicted: "≤ 1e-4",
      measured: sci(worst),
      holds: worst <= 1e-4 && slopes.every((s) => s < 0),
    });
  }
  if (res.under) {
    const u = res.under;
    const r0 = u.under.records[0].loss;
    const rT = u.under.records[u.under.records.length - 1].loss;
    const o0 = u.over.records[0].loss;
    const oT = u.over.records[u.over.records.length - 1].loss;
    out.push({
      claim: `under-parameterized (P = ${u.under.parameterCount} < n = ${u.n}): λ_min(K) = 0 (relative to λ_max)`,
      predicted: 0,
      measured: sci(u.under.lambdaMinOverLambdaMax),
      tolerance: "1e-12",
      holds: Math.abs(u.under.lambdaMinOverLambdaMax) <= 1e-12,
    });
    out.push({
      claim: "under-parameterized: the loss stalls above 0 while the wide net fits (L_T/L₀ under | over)",
      predicted: "≥ 1e-2 | ≤ 1e-8",
      measured: `${sci(rT / r0)} | ${sci(oT / o0)}`,
      holds: rT / r0 >= 1e-2 && oT / o0 <= 1e-8,
    });
  }
  if (res.nonConvex) {
    const c = res.nonConvex;
    const top = c.hessianAtMinimizer.max;
    out.push({
      claim: `at the global minimizer found (L = ${sci(c.minimizerLoss)}), ∇²L ⪰ 0 with P − n = ${c.parameterCount - c.n} zero eigenvalues`,
      predicted: `λ_min ≈ 0, ${c.parameterCount - c.n} near zero`,
      measured: `λ_min = ${sci(c.hessianAtMinimizer.min)}, ${c.hessianAtMinimizer.nearZero} near zero`,
      tolerance: "1e-10·λ_max",
      holds: c.hessianAtMinimizer.min >= -1e-10 * top && c.hessianAtMinimizer.nearZero === c.parameterCount - c.n,
    });
    const allNeg = c.rows.every((r) => r.lambdaMinHessian < 0);
    out.push({
      claim: `not locally convex: λ_min(∇²L) < 0 within δ of w*, δ = ${c.rows.map((r) => r.delta).join(", ")}`,
      predicted: "< 0 for every δ",
      measured: `max over δ of λ_min: ${sci(Math.max(...c.rows.map((r) => r.lambdaMinHessian)))}`,
      holds: allNeg,
    });
    const slope = logLogSlope(
      c.rows.map((r) => r.delta),
      c.rows.map((r) => -r.lambdaMinHessianMedian),
    );
    out.push({
      claim: "the negative eigenvalue scales like δ (log–log slope of −λ_min)",
      predicted: 1,
      measured: fix(slope),
      tolerance: 0.1,
      holds: Math.abs(slope - 1) <= 0.1,
    });
  }
  return out.map(judged);
}
