/**
 * The claims of tutorial 1, judged from the experiments' results: every prediction and tolerance follows from a
 * theorem of Liu, Zhu & Belkin (arXiv 2003.00307) and this run's own quantities (μ, β, η, the number of steps, the
 * scatter of a sweep), never from the defaults; a claim whose hypothesis the run leaves (P ≥ n where P < n is
 * needed, σ″ ≡ 0, μ ≤ 0, …) is not applicable, with the run's values.
 *
 * Statistical claims (fitted exponents, fluctuations over seeds) are judged at the two-sided level
 * {@link CLAIM_CONFIDENCE} = 0.999, so that a run of all the tutorial's claims holding their theory fails one of
 * them by chance well under 1 % of the time. Rounding tolerances are stated as such.
 */
import { claimUnder, hypothesis, judged, type Claim, type Hypothesis } from "../display/claims.js";
import { logLogSlope, normalQuantile, powerLawWindow } from "../core/stats.js";
import { activation } from "../tensor/activations.js";
import type {
  GdExperimentResult,
  GdWidthRow,
  NonConvexResult,
  PlInequalityRow,
  SgdRunSummary,
  UnderParamNetwork,
  UnderParamResult,
  WidthSweepResult,
} from "./experiments.js";
import { slopeInterval, studentCritical } from "./slopeInterval.js";

/** The two-sided confidence level of the statistical claims. */
export const CLAIM_CONFIDENCE = 0.999;

/** Markov's δ of the SGD claims: P(L_T ≥ E[L_T]/δ) ≤ δ. */
const MARKOV_DELTA = 1e-3;

/** Float32's rounding unit (the width sweep's `tensor` kernels). */
const FLOAT32_EPSILON = 2 ** -23;

const minus = (s: string): string => s.replace(/^-/, "−");
const sci = (v: number): string => (Number.isFinite(v) ? minus(v.toExponential(2)) : String(v));
const fix = (v: number, d = 3): string => (Number.isFinite(v) ? minus(v.toFixed(d)) : String(v));
const num = (v: number): string => (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? fix(v, 4) : sci(v));

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
 * The claims table rows of tutorial 1: each claim of the paper, what it predicts from this run's quantities, what
 * the run measured, the tolerance and how it was derived, and whether it held or does not apply.
 */
export function plStarClaims(res: PlStarResults): Claim[] {
  const out: Claim[] = [];
  if (res.inequality && res.inequality.length > 0) out.push(inequalityClaim(res.inequality));
  if (res.sweep) out.push(...sweepClaims(res.sweep));
  if (res.sweepOutput) out.push(outputHessianClaim(res.sweepOutput));
  if (res.gd) out.push(...gdClaims(res.gd));
  if (res.gdWidths) out.push(...gdWidthClaims(res.gdWidths.rows));
  if (res.sgd) for (const run of res.sgd) out.push(sgdClaim(run));
  if (res.under) out.push(...underClaims(res.under));
  if (res.nonConvex) out.push(...nonConvexClaims(res.nonConvex));
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

function inequalityClaim(rows: readonly PlInequalityRow[]): Claim {
  const count = rows.length;
  const violations = rows.filter((r) => r.halfGradSq < r.rhs - r.rounding).length;
  const positive = rows.filter((r) => r.rhs > 0);
  const minRatio = positive.length ? Math.min(...positive.map((r) => r.ratio)) : NaN;
  return judged({
    claim: `½‖∇L‖² ≥ λ_min(K)·L at ${count} random points (min ratio where λ_min(K) > 0; violations)`,
    predicted: "ratio ≥ 1; 0 violations",
    measured: `${fix(minRatio)}; ${violations} violations`,
    tolerance: "100·n·ε·λ_max(K)·L",
    derivation:
      "exact: ‖∇L‖² = (F − y)ᵀK(F − y) ≥ λ_min(K)‖F − y‖² = 2λ_min(K)L; the tolerance is rounding only " +
      "(the eigensolver's λ_min of the n × n kernel is exact to O(n ε λ_max), taken with a factor 100)",
    holds: violations === 0,
  });
}

// ---------------------------------------------------------------------------------------------------------------

function sweepClaims(s: WidthSweepResult): Claim[] {
  const out: Claim[] = [];
  const widths = [...new Set(s.rows.map((r) => r.width))].sort((a, b) => a - b);
  const M = widths[widths.length - 1];
  const m0 = widths[0];
  const seeds = s.rows.filter((r) => r.width === M).length;
  const float32 = s.kernel === "tensor";
  const closedForm = hypothesis(
    Number.isFinite(s.lambdaMinInfinite),
    `K∞ in closed form (σ = ${s.activation}, linear output)`,
    `no closed-form K∞ for σ = ${s.activation} with σ_out = ${s.outputActivation}`,
  );
  const z = normalQuantile(1 - (1 - CLAIM_CONFIDENCE) / 2);
  out.push(
    claimUnder(closedForm, `λ_min(K_m(w₀)) → λ_min(K∞) (gap at the largest width m = ${M})`, () => {
      const li = s.lambdaMinInfinite;
      const scaled = s.rows.map((r) => Math.sqrt(r.width) * Math.abs(r.lambdaMin - li)).sort((a, b) => a - b);
      const median = scaled[Math.floor((scaled.length - 1) / 2)] / 2 + scaled[Math.ceil((scaled.length - 1) / 2)] / 2;
      // median |N(0, σ²)| = σ·Φ⁻¹(3/4): a robust estimate of the fluctuation scale.
      const sigma = median / normalQuantile(0.75);
      const largest = s.rows.filter((r) => r.width === M);
      const mean = largest.reduce((a, r) => a + r.lambdaMin, 0) / largest.length;
      const gap = Math.abs(mean - li);
      // Weyl: |Δλ_min| ≤ ‖ΔK‖_F ≤ n·max|ΔK_ij|; a float32 entry sums m products, rounding like ε₃₂√m (K∞'s
      // diagonal is 1 on this data).
      const rounding = float32 ? s.points * FLOAT32_EPSILON * Math.sqrt(M) : 0;
      const tol = (z * sigma) / Math.sqrt(M) + rounding;
      return {
        claim: `λ_min(K_m(w₀)) → λ_min(K∞) (gap at the largest width m = ${M}, mean of ${seeds})`,
        predicted: `λ_min(K∞) = ${fix(li, 4)}`,
        measured: `${fix(mean, 4)} (gap ${sci(gap)})`,
        tolerance: sci(tol),
        derivation:
          `K_m − K∞ is a mean of m i.i.d. terms, so λ_min fluctuates by σ/√m: σ = ${fix(sigma)} estimated from all ` +
          `${s.rows.length} networks as median(√m·|λ_min(K_m) − λ_min(K∞)|)/Φ⁻¹(3/4); tolerance z·σ/√${M}, ` +
          `z = ${fix(z, 2)} (two-sided ${CLAIM_CONFIDENCE})` +
          (float32 ? `, plus float32 rounding n·ε₃₂·√m = ${sci(rounding)} (Weyl)` : ""),
        holds: gap <= tol,
      };
    }),
  );
  const floor = float32 ? 1e3 * FLOAT32_EPSILON : 1e3 * Number.EPSILON;
  const usable = s.rows.filter((r) => r.kernelError > floor);
  out.push(
    claimUnder(
      [
        closedForm,
        hypothesis(
          usable.length >= 3,
          `${usable.length} networks above the rounding floor`,
          `only ${usable.length} networks with ‖K_m − K∞‖/‖K∞‖ above the rounding floor ${sci(floor)}`,
        ),
      ],
      "‖K_m − K∞‖/‖K∞‖ ∝ m^(−1/2) (fitted log–log slope over every network)",
      () => {
        const fit = slopeInterval(
          usable.map((r) => r.width),
          usable.map((r) => r.kernelError),
          CLAIM_CONFIDENCE,
        );
        return {
          claim: "‖K_m − K∞‖/‖K∞‖ ∝ m^(−1/2) (fitted log–log slope over every network)",
          predicted: -0.5,
          measured: fix(fit.slope),
          tolerance: fix(fit.halfWidth),
          derivation:
            `K_m − K∞ is a mean of m i.i.d. terms: E‖K_m − K∞‖² ∝ 1/m; tolerance t·SE, the slope's ` +
            `${CLAIM_CONFIDENCE} interval from its standard error ${sci(fit.slopeStdError)} over ${fit.n} networks ` +
            `(${widths.length} widths × seeds), t for ${fit.n - 2} degrees of freedom` +
            (float32 ? `; kernels in float32: points below ${sci(floor)} = 1000·ε₃₂ dropped` : ""),
          holds: Math.abs(fit.slope + 0.5) <= fit.halfWidth,
        };
      },
      -0.5,
    ),
  );
  out.push(linearOutputHessianClaim(s, m0, M));
  return out;
}

/** Relative accuracy of the sweep's Hessian norms (power iteration stopped at relative change 1e-6). */
const POWER_TOLERANCE = 1e-6;

function linearOutputHessianClaim(s: WidthSweepResult, m0: number, M: number): Claim {
  const fit = slopeInterval(
    s.rows.map((r) => r.width),
    s.rows.map((r) => r.hessianNorm),
    CLAIM_CONFIDENCE,
  );
  const rounding = (2 * POWER_TOLERANCE) / Math.log(M / m0);
  const tol = (Number.isFinite(fit.halfWidth) ? fit.halfWidth : 0) + rounding;
  // With σ″ ≢ 0 on the hidden layer, ∇²_w f has the diagonal blocks v_k σ″(u_k) x xᵀ/(d√m), whose norm
  // max_k |v_k σ″(u_k)|/√m carries the √(2 ln m) of a maximum of m Gaussians: the slope of √(ln m)/√m over these
  // widths is the other end of the predicted range.
  const widths = [...new Set(s.rows.map((r) => r.width))];
  const curved = curvedOutput(s.activation);
  const upper = curved
    ? logLogSlope(
        widths,
        widths.map((m) => Math.sqrt(Math.log(m) / m)),
      )
    : -0.5;
  const predicted = curved ? `−0.5 … ${fix(upper)}` : -0.5;
  return judged({
    claim: `‖H_f‖ ∝ m^(−1/2) with a linear output (σ = ${s.activation}; fitted slope over every network)`,
    predicted,
    measured: fix(fit.slope, 4),
    tolerance: sci(tol),
    derivation:
      "transition to linearity: ‖∇²_w f‖ = O(1/√m) (for relu exactly ‖x‖/√(dm))" +
      (curved
        ? `; σ = ${s.activation} has σ″ ≢ 0, so the diagonal blocks' max_k|v_k σ″(u_k)|/√m add the √(2 ln m) of a ` +
          `maximum of m Gaussians: up to the slope ${fix(upper)} of √(ln m/m) over m = ${m0} … ${M}`
        : "") +
      `; tolerance t·SE = ${sci(fit.halfWidth)} (the slope's ${CLAIM_CONFIDENCE} interval over ${fit.n} networks) ` +
      `plus the power iteration's accuracy 2·${sci(POWER_TOLERANCE)}/ln(${M}/${m0})`,
    holds: fit.slope + tol >= -0.5 && fit.slope - tol <= upper,
  });
}

/** Whether σ″ ≢ 0: σ″ evaluated on a grid of [−3, 3] (linear and relu have σ″ = 0 wherever it exists). */
function curvedOutput(name: string): boolean {
  const act = activation(name);
  for (let k = -12; k <= 12; k++) if (act.d2f(k / 4 + 0.05) !== 0) return true;
  return false;
}

function outputHessianClaim(s: WidthSweepResult): Claim {
  const statement = `‖H_f‖ does not vanish like m^(−1/2) with σ_out = ${s.outputActivation} (fitted slope)`;
  const fit = slopeInterval(
    s.rows.map((r) => r.width),
    s.rows.map((r) => r.hessianNorm),
    CLAIM_CONFIDENCE,
  );
  const low = fit.slope - fit.halfWidth;
  const high = fit.slope + fit.halfWidth;
  return claimUnder(
    [
      hypothesis(
        curvedOutput(s.outputActivation),
        `σ_out = ${s.outputActivation} has σ″ ≢ 0`,
        `σ_out = ${s.outputActivation} has σ″ ≡ 0: H_f = σ′·H_z has no rank-one part, so the non-linear-output ` +
          "case does not arise",
      ),
      hypothesis(
        !(low <= -0.5 && high >= 0) && Number.isFinite(fit.halfWidth),
        `the slope's ${CLAIM_CONFIDENCE} interval separates 0 from −½`,
        `inconclusive: the slope's ${CLAIM_CONFIDENCE} interval ${fix(fit.slope)} ± ${fix(fit.halfWidth)} over ` +
          `${fit.n} networks holds both 0 and −½ (more widths or sweepSeeds resolve it)`,
      ),
    ],
    statement,
    () => ({
      claim: statement,
      predicted: "> −0.5 (→ 0 as m → ∞)",
      measured: `${fix(fit.slope)} ± ${fix(fit.halfWidth)}`,
      tolerance: `${CLAIM_CONFIDENCE} interval`,
      derivation:
        "H_f = σ″(z)∇z∇zᵀ + σ′(z)H_z: the rank-one part stays O(1) (‖∇z‖² = K_z(x, x)), H_z = O(1/√m), so the " +
        `slope tends to 0 from below; holds when the slope's ${CLAIM_CONFIDENCE} interval (t·SE over ` +
        `${fit.n} networks) lies above the linear-output rate −½`,
      holds: low > -0.5,
    }),
    "> −0.5",
  );
}

// ---------------------------------------------------------------------------------------------------------------

function overParameterized(P: number, n: number, what: string): Hypothesis {
  return hypothesis(
    P > n,
    `${what}: P = ${P} > n = ${n}`,
    `${what}: P = ${P} ≤ n = ${n}, not over-parameterized (rank K ≤ P, λ_min(K) = 0 when P < n)`,
  );
}

/**
 * μ > 0 above rounding: λ_min(K) from the eigensolver is exact to about n·ε·λ_max(K) ≤ n·ε·β, so μ must exceed
 * 100·n·ε·β to be a PL* constant rather than a rounded zero.
 */
function positiveMu(mu: number, beta: number, n: number, what: string): Hypothesis {
  const rounding = 100 * n * Number.EPSILON * beta;
  return hypothesis(
    mu > rounding,
    `${what}: μ = ${num(mu)} > 0`,
    `${what}: μ = min_t λ_min(K(w_t)) = ${num(mu)} is zero to rounding (≤ 100·n·ε·β = ${sci(rounding)}) along ` +
      "the run: no PL* constant",
  );
}

/** The smallest T with (1 − ημ)^T ≤ target. */
function stepsToReach(rate: number, target: number): number {
  return rate <= 0 ? 1 : Math.ceil(Math.log(target) / Math.log(rate));
}

function gdClaims(g: GdExperimentResult): Claim[] {
  const T = g.records.length - 1;
  const what = `GD at m = ${g.width}`;
  const hyps = [overParameterized(g.parameterCount, g.n, what), positiveMu(g.mu, g.beta, g.n, what)];
  const rate = 1 - g.eta * g.mu;
  const constants = `μ = min_t λ_min(K(w_t)) = ${num(g.mu)}, β = ${num(g.beta)} (1.1·‖∇²L‖ checked along the run, ${g.attempts} run${g.attempts > 1 ? "s" : ""}), η = 1/β = ${num(g.eta)}`;
  const floorRatio = g.lossFloor / g.loss0;
  const out: Claim[] = [];
  const smooth = hypothesis(
    !(g.betaRun > g.beta),
    `β = ${num(g.beta)} ≥ ‖∇²L(w_t)‖ on the path`,
    `‖∇²L(w_t)‖ = ${num(g.betaRun)} > β = ${num(g.beta)} after ${g.attempts} runs: β-smoothness not established`,
  );
  if (Number.isFinite(g.betaRun)) {
    out.push(
      claimUnder(hyps[0], "β bounds ‖∇²L(w_t)‖ along the path (the theorem's hypothesis, at recorded steps)", () => ({
        claim: "β bounds ‖∇²L(w_t)‖ along the path (the theorem's hypothesis, at recorded steps)",
        predicted: `≤ β = ${num(g.beta)}`,
        measured: num(g.betaRun),
        derivation: `β = 1.1·‖∇²L(w₀)‖ = ${num(g.beta)}, raised to 1.1× the largest value met and rerun if exceeded`,
        holds: g.betaRun <= g.beta,
      })),
    );
  }
  out.push(
    claimUnder([...hyps, smooth], `${what}: L(w_t) ≤ (1 − ημ)^t L(w₀) at every step t ≤ ${T}`, () => {
      let worst = 0;
      let checked = 0;
      for (let i = 1; i < g.records.length; i++) {
        const bound = rate ** g.records[i].step * g.loss0;
        if (bound <= g.lossFloor) continue;
        checked++;
        worst = Math.max(worst, g.records[i].loss / bound);
      }
      return {
        claim: `${what}: L(w_t) ≤ (1 − ημ)^t L(w₀) at every step t ≤ ${T}`,
        predicted: "max_{t ≥ 1} L(w_t)/bound ≤ 1",
        measured: `${fix(worst, 4)} over ${checked} steps`,
        tolerance: "1e-12 relative (rounding)",
        derivation: `Theorem (GD under μ-PL* and β-smoothness): ${constants}; steps where the bound is below the rounding floor L = ${sci(g.lossFloor)} are not checked`,
        holds: worst <= 1 + 1e-12,
      };
    }),
  );
  const R = g.R;
  out.push(
    claimUnder([...hyps, smooth], `${what}: the path stays in B(w₀, R), R = 2√(2βL₀)/μ`, () => ({
      claim: `${what}: the path stays in B(w₀, R), R = 2√(2βL₀)/μ`,
      predicted: `≤ R = ${num(R)}`,
      measured: num(g.maxDistance),
      derivation: `R = 2√(2·${num(g.beta)}·${num(g.loss0)})/${num(g.mu)} from β, L₀ = L(w₀) and μ of this run`,
      holds: g.maxDistance <= R,
    })),
  );
  const predicted = Math.max(rate ** T, floorRatio);
  out.push(
    claimUnder([...hyps, smooth], `${what}: L(w_T)/L(w₀) ≤ (1 − ημ)^T after T = ${T} steps`, () => ({
      claim: `${what}: L(w_T)/L(w₀) ≤ (1 − ημ)^T after T = ${T} steps`,
      predicted: `≤ ${sci(predicted)}`,
      measured: sci(g.finalLoss / g.loss0),
      tolerance: "1e-12 relative (rounding)",
      derivation:
        `(1 − ημ)^T = (1 − ${num(g.eta * g.mu)})^${T}` +
        (rate ** T < floorRatio ? `, below the rounding floor L/L₀ = ${sci(floorRatio)}, which is used` : "") +
        `; ${constants}; L/L₀ ≤ 1e-8 needs T ≥ ${stepsToReach(rate, 1e-8)} steps at this rate`,
      holds: g.finalLoss / g.loss0 <= predicted * (1 + 1e-12),
    })),
  );
  return out;
}

function gdWidthClaims(rows: readonly GdWidthRow[]): Claim[] {
  const widths = rows.map((r) => r.width);
  const degenerate = rows.filter((r) => !(r.mu > 100 * r.n * Number.EPSILON * r.beta));
  const hyp = hypothesis(
    rows.length >= 3 && degenerate.length === 0,
    `${rows.length} widths, μ > 0 at each`,
    rows.length < 3
      ? `${rows.length} widths: a slope needs at least 3 for its standard error`
      : `μ = min_t λ_min(K(w_t)) is zero to rounding (≤ 100·n·ε·β) at m = ${degenerate
          .map((r) => r.width)
          .join(", ")}: no PL* constant`,
  );
  const out: Claim[] = [];
  out.push(
    claimUnder(hyp, `the GD path stays in B(w₀, R) at every width m = ${widths.join(", ")}`, () => {
      const worst = Math.max(...rows.map((r) => r.maxDistance / r.R));
      return {
        claim: `the GD path stays in B(w₀, R) at every width m = ${widths.join(", ")}`,
        predicted: "max_m ‖w_t − w₀‖/R ≤ 1",
        measured: fix(worst, 4),
        derivation: "R = 2√(2βL₀)/μ of each width's own run (β = 1.1‖∇²L(w₀)‖, μ = min recorded λ_min(K(w_t)))",
        holds: worst <= 1,
      };
    }),
  );
  out.push(
    claimUnder(hyp, "‖w_t − w₀‖ stays bounded as m grows (log–log slope of the max distance)", () => {
      const fit = slopeInterval(
        widths,
        rows.map((r) => r.maxDistance),
        CLAIM_CONFIDENCE,
      );
      return {
        claim: "‖w_t − w₀‖ stays bounded as m grows (log–log slope of the max distance)",
        predicted: 0,
        measured: fix(fit.slope),
        tolerance: fix(fit.halfWidth),
        derivation:
          "the distance GD travels tends to √(r₀ᵀK∞⁻¹r₀), independent of m; tolerance t·SE, the slope's " +
          `${CLAIM_CONFIDENCE} interval from the scatter of the ${fit.n} widths around the fit`,
        holds: Math.abs(fit.slope) <= fit.halfWidth,
      };
    }),
  );
  out.push(
    claimUnder(hyp, "the relative change of K along GD shrinks at least like m^(−1/2) (slope)", () => {
      const fit = slopeInterval(
        widths,
        rows.map((r) => r.maxKernelChange),
        CLAIM_CONFIDENCE,
      );
      return {
        claim: "the relative change of K along GD shrinks at least like m^(−1/2) (slope)",
        predicted: "≤ −0.5",
        measured: fix(fit.slope),
        tolerance: fix(fit.halfWidth),
        derivation:
          "‖K(w) − K(w₀)‖ = O(R‖H_f‖) = O(R/√m) on the ball; holds when the slope is ≤ −½ + t·SE " +
          `(its ${CLAIM_CONFIDENCE} interval over ${fit.n} widths)`,
        holds: fit.slope <= -0.5 + fit.halfWidth,
      };
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

function sgdClaim(r: SgdRunSummary): Claim {
  const statement = `SGD, batch ${r.batchSize}: L_T/L₀ ≤ E[L_T]/(δL₀) of the linearized model and log L falls per epoch`;
  const predicted = Math.max(r.expectedLossReduction / MARKOV_DELTA, r.floorReduction);
  return claimUnder(
    hypothesis(
      r.expectedLossReduction < 1,
      `the linearized model's E[L_T]/L₀ = ${sci(r.expectedLossReduction)} < 1`,
      `the linearized model's E[L_T]/L₀ = ${sci(r.expectedLossReduction)} ≥ 1 at this step: no decrease predicted`,
    ),
    statement,
    () => ({
      claim: statement,
      predicted: `≤ ${sci(predicted)}; slope < 0`,
      measured: `${sci(r.lossReduction)}; ${fix(r.log10LossPerEpoch)} per epoch`,
      tolerance: `δ = ${MARKOV_DELTA} (Markov)`,
      derivation:
        `E[L_T] from the exact second-moment recursion of SGD on the model linearized at w₀ (the slower of ` +
        `K(w₀) and K(w_T)), η = ${num(r.lr)}, b = ${r.batchSize}, T = ${r.steps} steps; Markov's inequality: ` +
        `P(L_T ≥ E[L_T]/δ) ≤ δ` +
        (r.expectedLossReduction / MARKOV_DELTA < r.floorReduction
          ? `; below the rounding floor L/L₀ = ${sci(r.floorReduction)}, which is used`
          : ""),
      holds: r.lossReduction <= predicted && r.log10LossPerEpoch < 0,
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------------

/** ln Γ(k/2 + 1) for an integer k ≥ 1, by the recursion Γ(x + 1) = xΓ(x) from Γ(1) = 1 or Γ(3/2) = √π/2. */
function logGammaHalfPlusOne(k: number): number {
  let x = k % 2 === 0 ? 1 : 1.5;
  let lg = k % 2 === 0 ? 0 : Math.log(Math.sqrt(Math.PI) / 2);
  while (x < k / 2 + 1) {
    lg += Math.log(x);
    x += 1;
  }
  return lg;
}

function finalRatio(net: UnderParamNetwork): number {
  return net.records[net.records.length - 1].loss / net.records[0].loss;
}

function underClaims(u: UnderParamResult): Claim[] {
  const P = u.under.parameterCount;
  const small = hypothesis(
    P < u.n,
    `P = ${P} < n = ${u.n}`,
    `P = ${P} ≥ n = ${u.n}: the small network (width ${u.under.width}) is not under-parameterized`,
  );
  const out: Claim[] = [];
  const rounding = 100 * u.n * Number.EPSILON;
  out.push(
    claimUnder(small, `under-parameterized (P = ${P}, n = ${u.n}): λ_min(K)/λ_max(K) = 0`, () => ({
      claim: `under-parameterized (P = ${P} < n = ${u.n}): λ_min(K)/λ_max(K) = 0`,
      predicted: 0,
      measured: sci(u.under.lambdaMinOverLambdaMax),
      tolerance: sci(rounding),
      derivation: "exact: K = DF DFᵀ has rank ≤ P < n; tolerance the eigensolver's rounding 100·n·ε relative to λ_max",
      holds: Math.abs(u.under.lambdaMinOverLambdaMax) <= rounding,
    })),
  );
  out.push(
    claimUnder(small, `under-parameterized (P = ${P}, n = ${u.n}): GD stalls above a global minimum`, () => {
      const k = u.n - P;
      // P(χ²_k ≤ x) ≤ (x/2)^{k/2}/Γ(k/2 + 1): x = 2(pΓ(k/2 + 1))^{2/k} has probability ≤ p below it.
      const p = Number((1 - CLAIM_CONFIDENCE).toPrecision(6));
      const x = 2 * Math.exp((2 / k) * (Math.log(p) + logGammaHalfPlusOne(k)));
      const lossT = u.under.records[u.under.records.length - 1].loss;
      return {
        claim: `under-parameterized (P = ${P} < n = ${u.n}): GD stalls above a global minimum`,
        predicted: `L(w_T) ≥ ${sci(x / 2)}`,
        measured: `L(w_T) = ${sci(lossT)} (L_T/L₀ = ${sci(finalRatio(u.under))})`,
        tolerance: `probability ${p}`,
        derivation:
          `F's image is (locally) P-dimensional, so for labels y ~ N(0, I_n) min_w L ≈ ½χ²_{n−P}; ` +
          `P(χ²_${k} ≤ x) ≤ (x/2)^(${k}/2)/Γ(${k}/2 + 1) = ${p} at x = ${sci(x)}`,
        holds: lossT >= x / 2,
      };
    }),
  );
  const o = u.over;
  const T = o.records.length - 1;
  const what = `the wide network (m = ${o.width})`;
  out.push(
    claimUnder(
      [overParameterized(o.parameterCount, u.n, what), positiveMu(o.mu, 1 / o.eta, u.n, what)],
      `${what} fits the same data: L_T/L₀ ≤ (1 − ημ)^T, T = ${T}`,
      () => {
        const predicted = Math.max((1 - o.eta * o.mu) ** T, o.lossFloor / o.records[0].loss);
        return {
          claim: `${what} fits the same data: L_T/L₀ ≤ (1 − ημ)^T, T = ${T}`,
          predicted: `≤ ${sci(predicted)}`,
          measured: sci(finalRatio(o)),
          tolerance: "1e-12 relative (rounding)",
          derivation: `μ = min recorded λ_min(K(w_t)) = ${num(o.mu)}, η = 1/β = ${num(o.eta)}, T = ${T}; floored at the rounding floor`,
          holds: finalRatio(o) <= predicted * (1 + 1e-12),
        };
      },
    ),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------

function nonConvexClaims(c: NonConvexResult): Claim[] {
  const P = c.parameterCount;
  const h = c.hessianAtMinimizer;
  const hyps = [
    overParameterized(P, c.n, "the network"),
    hypothesis(
      c.minimizerLoss <= c.lossFloor,
      `a global minimizer found: L(w*) = ${sci(c.minimizerLoss)}`,
      `L(w*) = ${sci(c.minimizerLoss)} above the rounding floor ${sci(c.lossFloor)}: no global minimizer found`,
    ),
  ];
  const out: Claim[] = [];
  const nullDim = P - c.n;
  const nullText = nullDim > 0 ? `P − n = ${nullDim}` : "P − n";
  out.push(
    claimUnder(hyps, `at the global minimizer, ∇²L ⪰ 0 with ${nullText} zero eigenvalues`, () => ({
      claim: `at the global minimizer (L = ${sci(c.minimizerLoss)}), ∇²L ⪰ 0 with P − n = ${nullDim} zero eigenvalues`,
      predicted: `λ_min ≥ 0, ${nullDim} zero`,
      measured: `λ_min = ${sci(h.min)}, ${h.nearZero} within tolerance; next ${sci(h.smallestAboveNull)}`,
      tolerance: sci(h.tolerance),
      derivation:
        "∇²L(w*) = DFᵀDF (rank n) + Σ r_i∇²f_i with r = 0; tolerance: eigensolver rounding 100·P·ε·λ_max plus " +
        "√n‖r(w*)‖·max_i‖∇²f(x_i)‖",
      holds: h.min >= -h.tolerance && h.nearZero === nullDim,
    })),
  );
  const deltas = c.rows.map((r) => r.delta);
  out.push(
    claimUnder(hyps, `not locally convex: λ_min(∇²L) < 0 at w* ± δv for δ = ${deltas.join(", ")}`, () => {
      const worst = Math.max(...c.rows.map((r) => r.lambdaMinHessian));
      return {
        claim: `not locally convex: λ_min(∇²L) < 0 at w* ± δv for δ = ${deltas.join(", ")}`,
        predicted: "< 0 for every δ",
        measured: `max over δ of λ_min: ${sci(worst)}`,
        tolerance: sci(h.tolerance),
        derivation:
          "on the null space of DF the curvature term Σ r_i∇²f_i is linear in δv to first order, so w* + δv or " +
          "w* − δv has a negative eigenvalue; it must be below −(the rounding tolerance at w*)",
        holds: worst < -h.tolerance,
      };
    }),
  );
  out.push(
    claimUnder(hyps, "the negative eigenvalue scales like δ (log–log slope of −λ_min)", () => {
      const win = powerLawWindow(
        deltas,
        c.rows.map((r) => -r.lambdaMinHessian),
        { floor: h.tolerance, minPoints: 3, slopeTolerance: 0.1, asymptote: "small-x" },
      );
      if (!win) {
        return {
          claim: "the negative eigenvalue scales like δ (log–log slope of −λ_min)",
          predicted: 1,
          measured: "no window of 3 δ's with agreeing local slopes",
          holds: false,
        };
      }
      const t = win.n > 2 ? studentCritical(CLAIM_CONFIDENCE, win.n - 2) * win.slopeStdError : NaN;
      const tol = Math.max(win.localSpread, Number.isFinite(t) ? t : 0);
      return {
        claim: "the negative eigenvalue scales like δ (log–log slope of −λ_min)",
        predicted: 1,
        measured: fix(win.slope),
        tolerance: fix(tol),
        derivation:
          `λ_min ≈ −cδ + O(δ²); fitted over δ ∈ [${win.xRange[0]}, ${win.xRange[1]}], the window where the local ` +
          `slopes agree within 0.1 (chosen from the data, ${win.belowFloor} below the rounding floor dropped); ` +
          "tolerance the larger of the local slopes' spread and t·SE",
        holds: Math.abs(win.slope - 1) <= tol,
      };
    }),
  );
  return out;
}
