/**
 * The claims of tutorial 3 (the implicit ℓ1 bias of diagonal linear networks), judged from the run's results.
 *
 * One function per notebook section, each from the section's results (and the parameters they came from) to claim
 * rows. Every prediction comes from the theorem, every tolerance from the theorem's next-order term or from float64
 * rounding, every fit window from the data ({@link powerLawWindow}) inside the range where the theory says the
 * asymptotic rate holds; a claim whose hypotheses the run leaves is not applicable, with the reason. Where a constant
 * remains, the derivation says why it is safe.
 *
 * The recurring quantities:
 *  - the rounding floor of a distance to a point of size s: 256 ulps of s (256·2⁻⁵²·s); below it a distance is
 *    rounding, not the rate;
 *  - the asymptotic regime of a D > 2 rate: α^(D−2) ≤ 0.1·gap, where gap = 1 − ρ is the certificate's gap (1 for the
 *    paper's well-separated problems). The next-order term changes the log–log slope by about α^(D−2)/gap (section 4),
 *    so there the slope is the theorem's within {@link SLOPE_TOLERANCE};
 *  - for D = 2 the next-order term is (α^D)^(1−ρ) relative, so the rate shows where that is ≤ 10⁻².
 */
import { claimUnder, hypothesis, judged, notApplicable, type Claim, type Hypothesis } from "../display/claims.js";
import { linearFit, logLogFit, normalQuantile, powerLawWindow, type WindowedFit } from "../core/stats.js";
import type {
  DlnConvergenceRow,
  DlnDepthTwoKink,
  DlnKinkRow,
  DlnSelectionRow,
  DlnSelectionTableRow,
} from "./experiments.js";
import type { DlnGDRow } from "./gd.js";
import type { DlnPhaseCell } from "./phase.js";
import type { DlnRecoveryResult } from "./recovery.js";
import type { DlnSensitivityRow } from "./sensitivity.js";
import type { DlnClosedFormCheck } from "./symbolic.js";
import type { DlnFlowResult } from "./flow.js";
import type { DlnLimitResult } from "./limit.js";

/** ulps of the solution's scale below which a distance is rounding (a few hundred, see the module docstring). */
export const ROUNDING_ULPS = 256;

/**
 * Width of the band the local log–log slopes of a fit window must share, and so the tolerance of a fitted D > 2
 * exponent: inside α^(D−2) ≤ 0.1·gap the next-order term moves the slope by at most about 0.1.
 */
export const SLOPE_TOLERANCE = 0.1;

const minus = (s: string): string => s.replace(/^-/, "−");
const sci = (v: number, d = 2): string => (Number.isFinite(v) ? minus(v.toExponential(d)) : String(v));
const fix = (v: number, d = 3): string => (Number.isFinite(v) ? minus(v.toFixed(d)) : String(v));
const list = (xs: readonly number[]): string => `{${xs.join(", ")}}`;
const unique = (xs: readonly number[]): number[] => [...new Set(xs)].sort((a, b) => a - b);

/** The rounding floor of a distance to a point of size `scale`: {@link ROUNDING_ULPS} ulps of it. */
export function roundingFloor(scale: number): number {
  return ROUNDING_ULPS * Number.EPSILON * Math.max(scale, Number.MIN_VALUE);
}

/** A rate fitted in a data-chosen window, with the points the theory allowed. */
export interface RateFit {
  group: string;
  fit?: WindowedFit;
  /** Points inside the theory's asymptotic range (before the floor is applied). */
  eligible: number;
  /** Why there is no window (fewer than 3 points left), when there is none. */
  reason?: string;
}

/**
 * Fits distance ∝ (α^D)^r on the points inside the theory's asymptotic range (`eligible`), above the rounding
 * floor, in the longest window whose local slopes agree within `slopeTolerance` ({@link powerLawWindow}, at least 3
 * points, ties to the small-α end).
 */
export function rateFit(
  group: string,
  points: readonly { alphaD: number; distance: number }[],
  opts: { floor: number; eligible: (alphaD: number) => boolean; slopeTolerance: number; range: string },
): RateFit {
  const pts = points.filter((p) => opts.eligible(p.alphaD));
  const fit = powerLawWindow(
    pts.map((p) => p.alphaD),
    pts.map((p) => p.distance),
    { floor: opts.floor, minPoints: 3, slopeTolerance: opts.slopeTolerance, asymptote: "small-x" },
  );
  if (fit) return { group, fit, eligible: pts.length };
  const above = pts.filter((p) => p.distance > opts.floor).length;
  return {
    group,
    eligible: pts.length,
    reason:
      `${group}: ${pts.length} α^D in the asymptotic range ${opts.range}, ${above} above the rounding floor ` +
      `${sci(opts.floor, 1)}, no 3 consecutive with local slopes within ${opts.slopeTolerance}`,
  };
}

const windowText = (f: WindowedFit): string => `α^D ∈ [${sci(f.xRange[0], 0)}, ${sci(f.xRange[1], 0)}], ${f.n} points`;

/**
 * Judges fitted exponents against predictions: holds when every fitted group is within its tolerance; not
 * applicable when no group has a window; groups without a window are named in the derivation.
 */
function judgeRates(
  claim: string,
  fits: readonly (RateFit & { predicted: number; tolerance: number })[],
  derivation: string,
  predictedText: string,
): Claim {
  const fitted = fits.filter((f) => f.fit);
  const missing = fits.filter((f) => !f.fit);
  if (!fitted.length) return notApplicable(claim, missing.map((f) => f.reason).join("; "), predictedText);
  const worst = fitted.reduce((w, f) =>
    Math.abs(f.fit!.slope - f.predicted) / f.tolerance > Math.abs(w.fit!.slope - w.predicted) / w.tolerance ? f : w,
  );
  const skipped = missing.length ? ` Not fitted: ${missing.map((f) => f.reason).join("; ")}.` : "";
  return judged({
    claim,
    predicted: predictedText,
    measured: `${fix(worst.fit!.slope)} (${worst.group}; ${windowText(worst.fit!)})`,
    tolerance: fitted.every((f) => f.tolerance === worst.tolerance) ? worst.tolerance : `${fix(worst.tolerance)} here`,
    derivation: `${derivation} Worst of ${fitted.length} fitted groups shown.${skipped}`,
    holds: fitted.every((f) => Math.abs(f.fit!.slope - f.predicted) <= f.tolerance),
  });
}

/** Section 0's results: the direct (a, b) flow, the ν-flow and the exact limit on one problem. */
export interface FlowCheckResults {
  depth: number;
  alpha: number;
  y: readonly number[];
  direct: DlnFlowResult;
  flow: DlnFlowResult;
  limit: DlnLimitResult;
  /** Relative tolerances the two integrators ran at. */
  directRtol: number;
  flowRtol: number;
}

/**
 * Section 0: the closed-form ν-flow equals the direct (a, b) flow, and the dual-Newton limit equals the direct flow
 * at its last time.
 */
export function flowCheckClaims(r: FlowCheckResults): Claim[] {
  let gap = 0;
  let scale = 0;
  r.flow.x.forEach((x, i) =>
    x.forEach((v, j) => {
      gap = Math.max(gap, Math.abs(v - r.direct.x[i][j]));
      scale = Math.max(scale, Math.abs(r.direct.x[i][j]));
    }),
  );
  const steps = r.direct.steps + r.flow.steps;
  const flowTol = Math.max(r.directRtol, r.flowRtol) * steps * Math.max(1, scale);
  const last = r.direct.x[r.direct.x.length - 1];
  const gapLimit = Math.max(...r.limit.x.map((v, j) => Math.abs(v - last[j])));
  const residual = Math.sqrt(2 * r.direct.loss[r.direct.loss.length - 1]);
  const yNorm = Math.hypot(...r.y);
  const tEnd = r.direct.times[r.direct.times.length - 1];
  const limitTol = 10 * residual + flowTol;
  return [
    judged({
      claim: `The closed-form flow (ODE in ν) equals the direct (a, b) flow, D = ${r.depth}, α = ${r.alpha}, at t ∈ ${list(r.direct.times)}`,
      predicted: 0,
      measured: gap,
      tolerance: sci(flowTol),
      derivation:
        `Local tolerances ${sci(r.directRtol, 0)} (Dormand–Prince) and ${sci(r.flowRtol, 0)} (ESDIRK) relative; ` +
        `global error ≤ local tolerance × ${steps} steps × max|x| = ${fix(scale)}.`,
      holds: gap <= flowTol,
    }),
    claimUnder(
      hypothesis(
        residual <= 1e-3 * yNorm,
        `the direct flow has converged by t = ${tEnd}: ‖Ax − y‖ = ${sci(residual)} ≤ 1e-3·‖y‖`,
        `the direct flow has not converged by t = ${tEnd}: ‖Ax − y‖ = ${sci(residual)} > 1e-3·‖y‖ = ${sci(1e-3 * yNorm)}`,
      ),
      `dlnLimit (dual Newton) equals the direct (a, b) flow at t = ${tEnd}`,
      () => ({
        claim: `dlnLimit (dual Newton) equals the direct (a, b) flow at t = ${tEnd}`,
        predicted: 0,
        measured: gapLimit,
        tolerance: sci(limitTol),
        derivation:
          "Past the plateaus the flow contracts at an O(1) rate, so what is left to travel is of the order of the " +
          `residual ‖Ax − y‖ = ${sci(residual)}: tolerance 10 × residual + the integrator's ${sci(flowTol)}.`,
        holds: gapLimit <= limitTol,
      }),
      0,
    ),
  ];
}

/**
 * The tolerance of a float64 evaluation of the closed form at depth D: 4096 ulps times the exponent D/(D − 2)
 * (1 for D = 2), which multiplies the rounding of (1 ± cG) in (1 ± cG)^(−D/(D−2)).
 */
export function closedFormTolerance(depth: number): number {
  return 4096 * Number.EPSILON * (depth === 2 ? 1 : Math.max(1, depth / (depth - 2)));
}

/** Section 0: the closed form solves the flow (mathjs) and matches the library's x(u), dx/du, at every depth. */
export function closedFormClaims(checks: readonly DlnClosedFormCheck[]): Claim[] {
  const rows = checks.map((c) => ({
    depth: c.depth,
    worst: Math.max(c.flowResidual, c.xGap, c.dxGap),
    tol: closedFormTolerance(c.depth),
  }));
  const worst = rows.reduce((w, r) => (r.worst / r.tol > w.worst / w.tol ? r : w));
  return [
    judged({
      claim: `The closed form solves the flow (mathjs symbolic derivative) and matches the library's x(u), dx/du (D ∈ ${list(rows.map((r) => r.depth))})`,
      predicted: 0,
      measured: `${sci(worst.worst)} (D = ${worst.depth})`,
      tolerance: sci(worst.tol),
      derivation:
        "Two float64 evaluations of one formula: 4096 ulps × D/(D − 2), the exponent that amplifies the rounding of " +
        "1 ± cG (1 for D = 2).",
      holds: rows.every((r) => r.worst <= r.tol),
    }),
  ];
}

/** Section 1's results. */
export interface RecoveryResults {
  m: number;
  n: number;
  k: number;
  xStar: readonly number[];
  sweep: DlnRecoveryResult;
}

/**
 * Section 1: basis pursuit recovers x* when a dual certificate of x* exists on the run's A; and, whether or not it
 * recovers x*, the D > 2 flow limit approaches the basis-pursuit solution at rate α^D.
 */
export function recoveryClaims(r: RecoveryResults): Claim[] {
  const out: Claim[] = [];
  const { sweep } = r;
  const xNorm = Math.hypot(...r.xStar);
  const relTol = Math.sqrt(Number.EPSILON);
  const c = sweep.certificate;
  const recoverClaim = `Basis pursuit recovers the ${r.k}-sparse x* (m = ${r.m}, n = ${r.n}) when a dual certificate of x* exists on A`;
  out.push(
    claimUnder(
      hypothesis(
        c.holds,
        `dual certificate on the run's A: ρ = min over A_Sᵀν = sign(x*_S) of max_{i∉S}|A_iᵀν| = ${fix(c.rho, 4)} < 1`,
        c.fullRank
          ? `no certificate on the run's A: ρ = ${fix(c.rho, 4)} ≥ 1 (recovery is then not guaranteed; ‖x_BP − x*‖/‖x*‖ = ${sci(sweep.bpError / xNorm)})`
          : `A_S (the ${r.k} columns on x*'s support) is rank-deficient: no certificate`,
      ),
      recoverClaim,
      () => ({
        claim: recoverClaim,
        predicted: 0,
        measured: sweep.bpError / xNorm,
        tolerance: sci(relTol),
        derivation:
          "ρ < 1 (an LP on the run's A; Fuchs' least-squares ν gives " +
          `${fix(c.leastSquaresRho, 4)}) makes x* the unique ℓ1 minimizer. Relative error ≤ √ε (half the float64 digits): the LP ` +
          "vertex re-solved on its support is exact to rounding, a wrong support is off by O(1).",
        holds: sweep.bpError / xNorm <= relTol,
      }),
      0,
    ),
  );
  const bc = sweep.bpCertificate;
  const bpScale = Math.max(...sweep.basisPursuit.map(Math.abs));
  const xMin = Math.min(...bc.support.map((i) => Math.abs(sweep.basisPursuit[i])));
  const deep = unique(sweep.rows.map((q) => q.depth)).filter((D) => D > 2);
  const rateClaim =
    "The flow limit approaches the basis-pursuit solution (whether or not it is x*): ‖x_α − x_BP‖ ∝ α^D for D > 2";
  const hyps: Hypothesis[] = [
    hypothesis(deep.length > 0, `depths D > 2: ${list(deep)}`, `depths has no D > 2 (the rate α^D is for D > 2)`),
    hypothesis(
      bc.holds,
      `x_BP is the unique basis-pursuit solution (certificate ρ = ${fix(bc.rho, 4)} < 1)`,
      `x_BP is not certified unique (ρ = ${fix(bc.rho, 4)}): the limit approaches the depth's selected minimizer`,
    ),
  ];
  out.push(
    claimUnder(
      hyps,
      rateClaim,
      () =>
        judgeRates(
          rateClaim,
          deep.map((D) => {
            const gap = sweep.asymptotes.find((a) => a.depth === D)?.gap ?? 1 - bc.rho;
            return {
              ...rateFit(
                `D = ${D}`,
                sweep.rows.filter((q) => q.depth === D).map((q) => ({ alphaD: q.alphaD, distance: q.toBasisPursuit })),
                {
                  floor: roundingFloor(bpScale),
                  eligible: (aD) => (aD / xMin) ** ((D - 2) / D) <= 0.1 * gap,
                  slopeTolerance: SLOPE_TOLERANCE,
                  range: `(α^D/min|x_BP,S|)^((D−2)/D) ≤ 0.1·(1 − ρ) = ${sci(0.1 * gap, 1)}`,
                },
              ),
              predicted: 1,
              tolerance: SLOPE_TOLERANCE,
            };
          }),
          "Asymptotic range (α^D/min|x_BP,S|)^((D−2)/D) ≤ 0.1·(1 − ρ) (on the support 1 − |u_i| ≈ (α^D/|x_i|)^((D−2)/D)), " +
            `gap 1 − ρ per depth (${sweep.asymptotes.map((a) => `D = ${a.depth}: ${sci(a.gap)}`).join(", ")}; the ` +
            `certificate's, or the flow's own dual where smaller), min|x_BP,S| = ${sci(xMin)}; the α^D grid extended ` +
            `to ${sweep.asymptotes.map((a) => `${sci(a.smallestAlphaD, 0)}${a.reached ? "" : " (float64's limit)"}`).join(", ")}; floor ` +
            `${ROUNDING_ULPS} ulps of ‖x_BP‖∞; window chosen from the data.`,
          "1",
        ),
      1,
    ),
  );
  return out;
}

/** Section 2 (Figure 1): residuals, D > 2 rates on the three problems, and the plane's D = 2 rate 1 − ρ = 1/2. */
export function convergenceClaims(rows: readonly DlnConvergenceRow[]): Claim[] {
  const scaleOf = (c: string): number => rows.find((r) => r.case === c)?.scale ?? 1;
  const out: Claim[] = [];
  const maxResidual = Math.max(...rows.map((r) => r.residual));
  const depths = unique(rows.map((r) => r.depth));
  const cases = [...new Set(rows.map((r) => r.case))];
  // the dual Newton stops at ‖Ax − y‖ ≤ 1e-15·scale: residuals are rounding, bounded by ε·‖A‖·‖x‖ a few hundred times
  const residualTol = 1e-10;
  out.push(
    judged({
      claim: `Every flow limit interpolates: max ‖Ax_α − y‖ over Figure 1 (${rows.length} limits: ${cases.length} problems × ${depths.length} depths × ${rows.length / Math.max(1, cases.length * depths.length)} α^D)`,
      predicted: 0,
      measured: maxResidual,
      tolerance: residualTol,
      derivation:
        "Newton stops at a residual of 1e-15 relative; 1e-10 leaves 5 orders for the problems' scales (≤ 10).",
      holds: maxResidual <= residualTol,
    }),
  );
  const deep = depths.filter((D) => D > 2);
  const deepClaim = `Figure 1, D > 2: distance ∝ α^D (fitted slope, worst over ${cases.length} problems${deep.length ? ` and D ∈ ${list(deep)}` : ""})`;
  if (!deep.length) out.push(notApplicable(deepClaim, `depths = ${list(depths)} has no D > 2`, 1));
  else {
    const fits = cases.flatMap((c) =>
      deep.map((D) => ({
        ...rateFit(
          `${c}, D = ${D}`,
          rows.filter((r) => r.case === c && r.depth === D),
          {
            floor: roundingFloor(scaleOf(c)),
            eligible: (aD) => aD ** ((D - 2) / D) <= 0.1,
            slopeTolerance: SLOPE_TOLERANCE,
            range: "α^(D−2) ≤ 0.1",
          },
        ),
        predicted: 1,
        tolerance: SLOPE_TOLERANCE,
      })),
    );
    out.push(
      judgeRates(
        deepClaim,
        fits,
        `Asymptotic range α^(D−2) ≤ 0.1 (the next-order term moves the slope by ≈ α^(D−2)); floor ${ROUNDING_ULPS} ` +
          "ulps of ‖x_lim‖; window chosen from the data (local slopes within 0.1).",
        "1",
      ),
    );
  }
  const planeClaim = "Figure 1, plane, D = 2: slope 1 − ρ with certificate ρ = 1/2 (column 4 = ½ column 1)";
  const planeRows = rows.filter((r) => r.case === "plane" && r.depth === 2);
  if (!planeRows.length) out.push(notApplicable(planeClaim, `depths = ${list(depths)} has no D = 2`, 0.5));
  else {
    const rho = 0.5;
    // next-order term (α^D)^(1−ρ) ≤ 1e-2 ⇒ α^D ≤ 10^(−2/(1−ρ)); its relative effect on the slope ≤ 2·that
    const hi = 10 ** (-2 / (1 - rho));
    const fit = rateFit("plane, D = 2", planeRows, {
      floor: roundingFloor(scaleOf("plane")),
      eligible: (aD) => aD <= hi,
      slopeTolerance: 2e-2 * (1 - rho),
      range: `(α^D)^(1−ρ) ≤ 1e-2, i.e. α^D ≤ ${sci(hi, 0)}`,
    });
    out.push(
      judgeRates(
        planeClaim,
        [{ ...fit, predicted: 1 - rho, tolerance: 2e-2 * (1 - rho) }],
        "The next-order term is (α^D)^(1−ρ) relative, ≤ 1e-2 in the range α^D ≤ 10^(−2/(1−ρ)), so the exponent is " +
          "1 − ρ within 2·1e-2·(1 − ρ).",
        "0.5",
      ),
    );
  }
  return out;
}

/**
 * Section 3: the limit's t converges to the closed-form t_D (rate fitted in a data-chosen window: α^D for D > 2, any
 * positive exponent for D = 2), and selectedMinimizer gives the closed-form t without any flow.
 */
export function selectionClaims(sweep: readonly DlnSelectionRow[], table: readonly DlnSelectionTableRow[]): Claim[] {
  const depths = unique(sweep.map((r) => r.depth));
  const fits = depths.map((D) => {
    const f = rateFit(
      `D = ${D}`,
      sweep.filter((r) => r.depth === D).map((r) => ({ alphaD: r.alphaD, distance: r.error })),
      {
        floor: roundingFloor(1),
        eligible: (aD) => D === 2 || aD ** ((D - 2) / D) <= 0.1,
        slopeTolerance: SLOPE_TOLERANCE,
        range: D === 2 ? "all α^D" : "α^(D−2) ≤ 0.1",
      },
    );
    return { ...f, depth: D };
  });
  const claim = `The flow limit's t converges to the closed-form t_D (D ∈ ${list(depths)}): |t(α) − t_D| ∝ (α^D)^r`;
  const fitted = fits.filter((f) => f.fit);
  const missing = fits.filter((f) => !f.fit);
  const ok = (f: (typeof fits)[number]): boolean =>
    f.depth === 2 ? f.fit!.slope > 0 : Math.abs(f.fit!.slope - 1) <= SLOPE_TOLERANCE;
  const rows: Claim[] = [];
  if (!fitted.length) rows.push(notApplicable(claim, missing.map((f) => f.reason).join("; "), "r = 1 (D > 2), r > 0"));
  else {
    const worst = fitted.find((f) => !ok(f)) ?? fitted[fitted.length - 1];
    rows.push(
      judged({
        claim,
        predicted: "r = 1 (D > 2); r > 0 (D = 2)",
        measured: fitted.map((f) => `D = ${f.depth}: ${fix(f.fit!.slope)}`).join("; "),
        tolerance: SLOPE_TOLERANCE,
        derivation:
          `Windows chosen from the data (worst: D = ${worst.depth}, ${windowText(worst.fit!)}); for D > 2 inside ` +
          `α^(D−2) ≤ 0.1, floor ${ROUNDING_ULPS} ulps of t. A limit at another point would level off, not fall.` +
          (missing.length ? ` Not fitted: ${missing.map((f) => f.reason).join("; ")}.` : ""),
        holds: fitted.every(ok),
      }),
    );
  }
  const tSel = Math.max(...table.map((r) => Math.abs(r.selected - r.closed)));
  const selTol = 1e-10;
  rows.push(
    judged({
      claim: `selectedMinimizer (the potential minimized on the basis-pursuit face) gives the closed-form t (D ∈ ${list(table.map((r) => r.depth))})`,
      predicted: "t_D",
      measured: tSel,
      tolerance: selTol,
      derivation:
        "Newton on a strictly convex potential, stopped at machine precision; 1e-10 allows the conditioning of the " +
        "potential's Hessian on the face (≤ 1e5 here).",
      holds: tSel <= selTol,
    }),
  );
  return rows;
}

/**
 * The leading-order distance of the D > 2 limit to (1, 0) on A = [1, 1 − ε], y = 1, divided by α^D:
 * C_D(ε) = √(1 + (1 − ε)²)·(ε^(−k) − (2 − ε)^(−k)), k = D/(D − 2). (x₁ ≈ 1 puts 1 − u₁ ≈ α^(D−2), so
 * u₂ = (1 − ε)u₁ gives x₂ = α^D[(1 − u₂)^(−k) − (1 + u₂)^(−k)] with 1 − u₂ ≈ ε; it grows like ε^(−D/(D−2)).)
 */
export function kinkConstant(depth: number, epsilon: number): number {
  const k = depth / (depth - 2);
  return Math.hypot(1, 1 - epsilon) * (epsilon ** -k - (2 - epsilon) ** -k);
}

/** Section 4 (Figure 2): the D = 2 rate ε, the D > 2 slope 1 after the kink, and the constant C_D(ε) ∝ ε^(−D/(D−2)). */
export function kinkClaims(rows: readonly DlnKinkRow[], depthTwo: readonly DlnDepthTwoKink[]): Claim[] {
  const out: Claim[] = [];
  const epsilons = unique(rows.map((r) => r.epsilon)).reverse();
  const d2Claim = `Figure 2, D = 2: the rate exponent equals ε (ε ∈ ${list(epsilons)}), worst relative error`;
  const inWindow = depthTwo.filter((w) => w.rows.length >= 2);
  const noWindow = depthTwo.filter((w) => w.rows.length < 2);
  if (!depthTwo.length) out.push(notApplicable(d2Claim, "kinkDepths has no D = 2", "ε"));
  else if (!inWindow.length) out.push(notApplicable(d2Claim, noWindow.map((w) => w.reason).join("; "), "ε"));
  else {
    const fits = inWindow.map((w) => {
      const f = logLogFit(
        w.rows.map((r) => r.alphaD),
        w.rows.map((r) => r.distance),
      );
      const rel = Math.abs(f.slope - w.epsilon) / w.epsilon;
      return { w, slope: f.slope, rel, tol: 2 * w.nextOrder };
    });
    const worst = fits.reduce((a, b) => (b.rel / b.tol > a.rel / a.tol ? b : a));
    out.push(
      judged({
        claim: d2Claim,
        predicted: "ε",
        measured: `${sci(worst.rel)} (ε = ${worst.w.epsilon}: slope ${fix(worst.slope, 5)})`,
        tolerance: sci(worst.tol),
        derivation:
          "distance = (α^D)^ε·(1 + O((α^D)^ε)); each ε is fitted over α^D ≤ 10^(−2/ε) down to 1e-300 (where " +
          "(α^D)^ε ≤ 1e-2), and the next-order term changes the slope by at most (α^D)^ε relative: tolerance " +
          `2·(α^D_max)^ε.${noWindow.length ? ` Not fitted: ${noWindow.map((w) => w.reason).join("; ")}.` : ""}`,
        holds: fits.every((f) => f.rel <= f.tol),
      }),
    );
  }
  const deep = unique(rows.map((r) => r.depth)).filter((D) => D > 2);
  const eps = unique(rows.map((r) => r.epsilon)).reverse();
  const slopeClaim = `Figure 2, D > 2: slope 1 once α^(D−2) ≤ 0.1·ε (worst over ${deep.length ? `D ∈ ${list(deep)}, ` : ""}ε ∈ ${list(eps)})`;
  const constClaim =
    "Figure 2, D > 2: distance = α^D·C_D(ε) at the smallest α^D, C_D(ε) = √(1+(1−ε)²)(ε^(−k) − (2−ε)^(−k)) ∝ ε^(−D/(D−2)), k = D/(D−2)";
  if (!deep.length) {
    const reason = `kinkDepths has no D > 2`;
    out.push(notApplicable(slopeClaim, reason, 1), notApplicable(constClaim, reason, "1"));
    return out;
  }
  const floor = roundingFloor(1);
  out.push(
    judgeRates(
      slopeClaim,
      deep.flatMap((D) =>
        eps.map((e) => ({
          ...rateFit(
            `D = ${D}, ε = ${e}`,
            rows.filter((r) => r.depth === D && r.epsilon === e),
            {
              floor,
              eligible: (aD) => aD ** ((D - 2) / D) <= 0.1 * e,
              slopeTolerance: SLOPE_TOLERANCE,
              range: "α^(D−2) ≤ 0.1·ε",
            },
          ),
          predicted: 1,
          tolerance: SLOPE_TOLERANCE,
        })),
      ),
      `Past the kink (α^(D−2) ≤ 0.1·ε) the slope is 1 − O(α^(D−2)/ε); floor ${ROUNDING_ULPS} ulps of ‖(1, 0)‖; ` +
        "window chosen from the data.",
      "1",
    ),
  );
  const ratios = deep.flatMap((D) =>
    eps.flatMap((e) => {
      const pts = rows.filter((r) => r.depth === D && r.epsilon === e && r.distance > floor);
      if (!pts.length) return [];
      const p = pts.reduce((a, b) => (b.alphaD < a.alphaD ? b : a));
      const k = D / (D - 2);
      // next order: 1 − u₁ ≈ α^(D−2) shifts 1 − u₂ = ε + (1 − ε)(1 − u₁), changing C by the relative amount
      // k(1 − ε)α^(D−2)·(ε^(−k−1) + (2 − ε)^(−k−1))/(ε^(−k) − (2 − ε)^(−k)) (≈ k(1 − ε)α^(D−2)/ε for small ε)
      const next =
        (k * (1 - e) * p.alphaD ** ((D - 2) / D) * (e ** (-k - 1) + (2 - e) ** (-k - 1))) / (e ** -k - (2 - e) ** -k);
      const tol = 2 * next + floor / p.distance;
      const rel = Math.abs(p.distance / (p.alphaD * kinkConstant(D, e)) - 1);
      return [{ D, e, alphaD: p.alphaD, rel, tol }];
    }),
  );
  const asymptotic = ratios.filter((q) => q.tol <= 0.5);
  if (!asymptotic.length) {
    out.push(
      notApplicable(
        constClaim,
        `no (D, ε) reaches the asymptotic range above the rounding floor (twice the next-order term plus floor/distance ≤ 0.5 needs smaller α^D than 10^−${Math.round(-Math.log10(Math.min(...rows.map((r) => r.alphaD))))})`,
        "1",
      ),
    );
  } else {
    const worst = asymptotic.reduce((a, b) => (b.rel / b.tol > a.rel / a.tol ? b : a));
    const skipped = ratios.length - asymptotic.length;
    out.push(
      judged({
        claim: constClaim,
        predicted: "distance / (α^D·C_D(ε)) = 1",
        measured: `${sci(worst.rel)} off (D = ${worst.D}, ε = ${worst.e}, α^D = ${sci(worst.alphaD, 0)})`,
        tolerance: sci(worst.tol),
        derivation:
          "At the smallest α^D above the floor; 1 − u₁ ≈ α^(D−2) shifts 1 − u₂ = ε + (1 − ε)(1 − u₁), a relative " +
          "change k(1 − ε)α^(D−2)(ε^(−k−1) + (2 − ε)^(−k−1))/(ε^(−k) − (2 − ε)^(−k)) (≈ k(1 − ε)α^(D−2)/ε for small ε); " +
          "tolerance twice that plus floor/distance." +
          (skipped ? ` ${skipped} (D, ε) pairs still before the kink (tolerance > 0.5) left out.` : ""),
        holds: asymptotic.every((q) => q.rel <= q.tol),
      }),
    );
  }
  return out;
}

/**
 * Section 4 (sensitivity): for D > 2 the sensitivity of x_α to A grows like (α^D)^(−(D−2)/D); for D = 2 it grows
 * like ln(1/α^D) — affine in ln(1/α^D) with a positive slope, and closer to that than to any power of α^D.
 */
export function sensitivityClaims(rows: readonly DlnSensitivityRow[], perturbation: number): Claim[] {
  const out: Claim[] = [];
  const depths = unique(rows.map((r) => r.depth));
  const deep = depths.filter((D) => D > 2);
  const deepClaim = `Sensitivity of x_α to A grows like (α^D)^(−(D−2)/D) (${deep.length ? `D ∈ ${list(deep)}; ` : "D > 2; "}fitted slope)`;
  if (!deep.length) out.push(notApplicable(deepClaim, `depths = ${list(depths)} has no D > 2`));
  else {
    const fits = deep.map((D) => ({
      ...rateFit(
        `D = ${D}`,
        rows.filter((r) => r.depth === D).map((r) => ({ alphaD: r.alphaD, distance: r.sensitivity })),
        {
          floor: 0,
          eligible: (aD) => {
            const a = aD ** ((D - 2) / D);
            return a <= 0.1 && a >= 1e4 * perturbation;
          },
          slopeTolerance: SLOPE_TOLERANCE * ((D - 2) / D),
          range: `1e4·δ ≤ α^(D−2) ≤ 0.1 (δ = ${sci(perturbation, 0)})`,
        },
      ),
      predicted: -(D - 2) / D,
      tolerance: SLOPE_TOLERANCE * ((D - 2) / D),
    }));
    out.push(
      judgeRates(
        deepClaim,
        fits,
        "Range 1e4·δ ≤ α^(D−2) ≤ 0.1: above, the selection term is not yet small; below, the perturbation δ moves " +
          "x by more than 1e-4 (no longer linear). The next-order term changes the exponent by ≈ 0.1 of itself.",
        deep.map((D) => fix(-(D - 2) / D)).join(", "),
      ),
    );
  }
  const d2 = rows.filter((r) => r.depth === 2);
  const d2Claim =
    "D = 2: sensitivity grows like ln(1/α^D): the slope of the sensitivity against ln(1/α^D) is > 0 (95% interval)";
  if (d2.length < 3) {
    out.push(
      notApplicable(
        d2Claim,
        d2.length
          ? `only ${d2.length} α^D (a slope with an interval needs 3)`
          : `depths = ${list(depths)} has no D = 2`,
      ),
    );
  } else {
    const L = d2.map((r) => Math.log(1 / r.alphaD));
    const affine = linearFit(
      L,
      d2.map((r) => r.sensitivity),
    );
    const z = normalQuantile(0.975);
    const low = affine.slope - z * affine.slopeStdError;
    const high = affine.slope + z * affine.slopeStdError;
    out.push(
      judged({
        claim: d2Claim,
        predicted: "> 0",
        measured: `${fix(affine.slope)} ∈ [${fix(low)}, ${fix(high)}]`,
        tolerance: "95% interval",
        derivation:
          `The face point is set by a term of relative size 1/ln(1/α^D), so the sensitivity is affine in ` +
          `ln(1/α^D) (R² = ${fix(affine.r2, 4)} over ${d2.length} α^D); least squares with a normal interval from ` +
          "the slope's standard error (the perturbations are random, so the spread is noise, not a tolerance).",
        holds: low > 0,
      }),
    );
  }
  return out;
}

/** Section 6: the phase diagram's deterministic claims. */
export function phaseClaims(cells: readonly DlnPhaseCell[], depth: number, tol: number): Claim[] {
  const counts = cells.filter((c) => c.method !== "basis pursuit").map((c) => c.counts);
  const sum = (f: (c: (typeof counts)[number]) => number): number => counts.reduce((s, c) => s + f(c), 0);
  const trials = counts.length ? cells[0].trials * counts.length : 0;
  const certified = sum((c) => c.certified);
  const certifiedRecovered = sum((c) => c.certifiedRecovered);
  const decided = sum((c) => c.decided);
  const agrees = sum((c) => c.agrees);
  const minA = Math.min(...counts.map((c) => c.minAlphaD));
  const maxA = Math.max(...counts.map((c) => c.maxAlphaD));
  const fuchsClaim = "Phase diagram: basis pursuit recovers x* in every trial where a dual certificate of x* exists";
  const agreeClaim = `Phase diagram: the D = ${depth} flow limit at the α^D the theory asks for lies within ${sci(tol, 0)}·‖x_BP‖∞ of the basis-pursuit solution (every decided trial)`;
  return [
    claimUnder(
      hypothesis(
        certified > 0,
        `${certified} of ${trials} trials certified`,
        `none of the ${trials} trials has a certificate (ρ ≥ 1 everywhere)`,
      ),
      fuchsClaim,
      () => ({
        claim: fuchsClaim,
        predicted: `${certified} of ${certified}`,
        measured: `${certifiedRecovered} of ${certified}`,
        tolerance: 0,
        derivation: `A certificate (ρ < 1 from an LP on the trial's A) is a proof of recovery: no exception allowed. (${trials} trials in all; the uncertified ones may or may not be recovered.)`,
        holds: certifiedRecovered === certified,
      }),
      `${certified} of ${certified}`,
    ),
    claimUnder(
      hypothesis(
        decided > 0,
        `${decided} of ${trials} trials decided`,
        `no trial is decided: the basis-pursuit solutions' certificate gaps need α^D below float64's reach`,
      ),
      agreeClaim,
      () => ({
        claim: agreeClaim,
        predicted: `${decided} of ${decided}`,
        measured: `${agrees} of ${decided}`,
        tolerance: 0,
        derivation:
          "Per trial, α^D from the rate, the certificate gap 1 − ρ (the smallest certificate level of x_BP, or the " +
          "flow's own dual u when it shows a smaller gap) and a = ‖A_S⁺A_{S^c}‖∞: D = 2: α^D = s·(tol/(10(1 + a)))^(1/(1−ρ)); " +
          `D > 2: α^D = tol·s·(1 − ρ)^(D/(D−2))/(10(1 + a)), s = ‖x_BP‖∞ (range used: ${sci(minA, 1)} … ${sci(maxA, 1)}). ` +
          `${trials - decided} trials undecided (x_BP not certified unique, or α^D below float64's reach) are left out.`,
        holds: agrees === decided,
      }),
      `${decided} of ${decided}`,
    ),
  ];
}

/** Section 7's results. */
export interface GDResults {
  comparison: {
    rows: readonly DlnGDRow[];
    endGap: readonly { lr: number; gap: number; toLimit: number; diverged: boolean }[];
    flowToLimit: number;
    flowScale: number;
  };
  y: readonly number[];
  T: number;
  /** The tolerances dlnFlow ran at (relative and absolute). */
  flowRtol: number;
  flowAtol: number;
}

/**
 * Section 7: the flow at T equals the exact limit (once it has converged), and gradient descent stays O(η) from the
 * flow: the log–log slope of the gap against η tends to 1, its deviation shrinking with η.
 */
export function gdClaims(r: GDResults): Claim[] {
  const flowRows = r.comparison.rows.filter((q) => q.method === "gradient flow");
  const lossT = flowRows[flowRows.length - 1]?.loss ?? NaN;
  const residual = Math.sqrt(2 * lossT);
  const yNorm = Math.hypot(...r.y);
  const limitTol = 10 * residual + 100 * r.flowRtol;
  const out: Claim[] = [
    claimUnder(
      hypothesis(
        residual <= 1e-3 * yNorm,
        `the flow has converged by T = ${r.T}: ‖Ax − y‖ = ${sci(residual)}`,
        `the flow has not converged by T = ${r.T}: ‖Ax − y‖ = ${sci(residual)} > 1e-3·‖y‖ (raise gdT)`,
      ),
      `The flow (dlnFlow) at T = ${r.T} equals the exact limit (dlnLimit)`,
      () => ({
        claim: `The flow (dlnFlow) at T = ${r.T} equals the exact limit (dlnLimit)`,
        predicted: 0,
        measured: r.comparison.flowToLimit,
        tolerance: sci(limitTol),
        derivation:
          "Past the plateaus what is left to travel is of the order of the residual: 10 × ‖Ax − y‖ + 100 × the " +
          "integrator's rtol.",
        holds: r.comparison.flowToLimit <= limitTol,
      }),
      0,
    ),
  ];
  const ok = [...r.comparison.endGap]
    .filter((g) => !g.diverged && g.gap > 0 && Number.isFinite(g.gap))
    .sort((a, b) => b.lr - a.lr);
  const claim =
    "GD stays O(η) from the flow: order p of ‖x_GD(T) − x_flow(T)‖ ∝ η^p over the two smallest η (p = 1, not 0 or 2)";
  if (ok.length < 3) {
    out.push(
      notApplicable(
        claim,
        `${ok.length} of ${r.comparison.endGap.length} step sizes ran without diverging; the claim needs 3 (the larger pair shows whether the steps are in the O(η) regime)`,
        1,
      ),
    );
    return out;
  }
  const [a, b, c] = ok.slice(-3);
  const orderOf = (p: typeof a, q: typeof a): number => Math.log(p.gap / q.gap) / Math.log(p.lr / q.lr);
  const order = orderOf(b, c);
  const previous = orderOf(a, b);
  const scale = r.comparison.flowScale;
  // the flow itself is accurate to ≈ 100·(rtol·|x| + atol) (global vs local error)
  const accuracy = 100 * (r.flowRtol * scale + r.flowAtol);
  out.push(
    claimUnder(
      [
        hypothesis(
          Math.abs(previous - 1) < 0.5,
          `the larger step sizes are in the O(η) regime: order over η ∈ {${a.lr}, ${b.lr}} is ${fix(previous)}`,
          `the step sizes are not in the O(η) regime yet: the order over η ∈ {${a.lr}, ${b.lr}} is ${fix(previous)}, not 1 ± ½ (near GD's stability edge; use smaller gdLrs)`,
        ),
        hypothesis(
          b.gap <= 0.1 * scale,
          `perturbative: the gap at η = ${b.lr} is ${sci(b.gap)} ≤ 10% of |x_flow(T)| = ${sci(scale)}`,
          `not perturbative: GD at η = ${b.lr} ends ${sci(b.gap)} from the flow, more than 10% of |x_flow(T)| = ${sci(scale)} (a different regime, not a small perturbation; use smaller gdLrs)`,
        ),
        hypothesis(
          c.gap >= 100 * accuracy,
          `the gaps are resolved: ${sci(c.gap)} ≥ 100 × the flow's accuracy ${sci(accuracy, 1)}`,
          `the gap at η = ${c.lr} (${sci(c.gap)}) is within 100× the flow's own accuracy ${sci(accuracy, 1)}`,
        ),
      ],
      claim,
      () => ({
        claim,
        predicted: 1,
        measured: `${fix(order)} (η ∈ {${b.lr}, ${c.lr}})`,
        tolerance: 0.5,
        derivation:
          "GD is a first-order discretization: gap = c₁η + c₂η² + …, so the order is an integer and 1 unless c₁ = 0 " +
          "(order 2) or GD does not converge to the flow (order 0); |p − 1| < ½ decides which, whatever c₂/c₁ is. " +
          "GD is read at T by interpolating between its steps (an O(η²) error).",
        holds: Math.abs(order - 1) < 0.5,
      }),
      1,
    ),
  );
  return out;
}
