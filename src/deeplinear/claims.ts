/**
 * The claims table of tutorial 2, computed from the run's results and parameters: the first-order facts (critical
 * values in closed form, zero gradients), the second-order classification (the project's rank rule against the
 * exact Hessian, the strict/non-strict facts), where the weaker rank readings fail and by which mechanism (computed
 * per point), and the gradient-descent picture from a small init (escape times and step budget from the balanced
 * mode model, `escape.ts`).
 *
 * Hypotheses are computed from the run: Σ_XX invertible and Σ's eigenvalues distinct (measured on the data, noise
 * included), the family containing the points a claim is about, GD's step below the stability bound 2/β of the
 * data, the derived budget within the notebook's cap, the init small enough to start above the first critical
 * value. A claim whose hypothesis fails is "not applicable" with the run's values.
 */
import { claimUnder, hypothesis, judged, notApplicable, type Claim, type Hypothesis } from "../display/claims.js";
import type { DeepLinearProblem } from "./problem.js";
import type { CriticalKind } from "./landscape.js";
import type { FamilyRow } from "./family.js";
import type { MinimizerCheck } from "./minimizers.js";
import { type ScheduledRun, plateaus } from "./dynamics.js";
import { ESCAPE_FACTOR, STEP_CAP } from "./escape.js";
import { EPS, rank, symEigenvalues } from "./linalg.js";

/** Inputs of {@link deepLinearClaims}. */
export interface DeepLinearClaimsInput {
  /** Classified rows of every enumerated family (and any extra examples). */
  rows: readonly FamilyRow[];
  /** Classification of W = 0 per depth. */
  zero: readonly { H: number; kind: CriticalKind }[];
  /** Sampled global minimizers. */
  minimizers: readonly MinimizerCheck[];
  /** The problems (same data, one per network). */
  problems: readonly DeepLinearProblem[];
  /** GD runs on their derived schedules ({@link scheduledGD}), one per network. */
  runs: readonly ScheduledRun[];
}

/**
 * Relative tolerance of the exact identities (critical value, zero gradient, minimizers). The measured errors are
 * rounding, ~1e-15 times the conditioning of the random change of basis that hides each construction; 1e-9 leaves
 * six orders of magnitude for that conditioning and is still far below any critical-value gap the domains allow
 * (λ ≥ 0.25 against tr(YYᵀ) ≤ a few hundred).
 */
const IDENTITY_TOL = 1e-9;

function parseS(S: string): number[] {
  return S.slice(1, -1).split(",").filter(Boolean).map(Number);
}

/** The data hypotheses of the theorem, measured on the problem (noise included). */
function dataHypotheses(problem: DeepLinearProblem): Hypothesis[] {
  const ex = symEigenvalues(problem.Sxx);
  const inverseCondition = Math.min(...ex) / Math.max(...ex);
  const l = problem.lambdas;
  let gap = Infinity;
  for (let i = 0; i + 1 < l.length; i++) gap = Math.min(gap, (l[i] - l[i + 1]) / l[0]);
  const shown = l.map((v) => v.toPrecision(4)).join(", ");
  return [
    hypothesis(
      inverseCondition > 1e-8,
      `Σ_XX invertible (λ_min/λ_max = ${inverseCondition.toPrecision(3)})`,
      `Σ_XX nearly singular: λ_min/λ_max = ${inverseCondition.toPrecision(3)} ≤ 1e-8`,
    ),
    hypothesis(
      gap > 1e-6,
      `Σ's eigenvalues distinct (${shown}; smallest relative gap ${gap.toPrecision(3)})`,
      `Σ's eigenvalues nearly repeated (${shown}; smallest relative gap ${gap.toPrecision(3)} ≤ 1e-6): ` +
        `the eigen-directions, hence the classes, are not determined`,
    ),
  ];
}

/** How a weaker rank reading went wrong at one point, from the readings computed there. */
export type DisagreementMechanism = "residual-blind rank" | "misaligned eigen-directions";

/**
 * The mechanism of a disagreement between the plain layer-rank reading and the Hessian at one point: if the
 * Σ_XY-rank reading (which counts rank only through Σ_XY) gets it right, the layer reading counted rank in
 * directions the residual cannot see ("residual-blind rank"); otherwise even the Σ_XY ranks exceed s and only the
 * coupling W_{H:h₂+1}ᵀ G W_{h₁−1:1}ᵀ vanishes ("misaligned eigen-directions").
 *
 * @param row - a row of {@link classifyFamily}.
 * @returns the mechanism, or undefined when the layer reading agrees with the Hessian.
 */
export function layerReadingMechanism(row: FamilyRow): DisagreementMechanism | undefined {
  if (row.byLayerRanks === row.byHessian) return undefined;
  return row.bySigmaRanks === row.byHessian ? "residual-blind rank" : "misaligned eigen-directions";
}

function landscapeClaims(input: DeepLinearClaimsInput, data: Hypothesis[]): Claim[] {
  const { rows, zero, minimizers, problems } = input;
  const claims: Claim[] = [];
  const hasRows = hypothesis(rows.length > 0, `${rows.length} constructed points`, "no constructed critical point");
  claims.push(
    claimUnder([...data, hasRows], "Loss at every constructed critical point = tr(YYᵀ) − Σ_{i∈S} λ_i", () => {
      const maxRel = Math.max(...rows.map((r) => r.relError));
      return {
        claim: "Loss at every constructed critical point = tr(YYᵀ) − Σ_{i∈S} λ_i",
        predicted: "relative error 0",
        measured: maxRel,
        tolerance: IDENTITY_TOL,
        derivation: "an identity: rounding only (measured ~1e-15 × the conditioning of the random change of basis)",
        holds: maxRel <= IDENTITY_TOL,
      };
    }),
  );
  claims.push(
    claimUnder([...data, hasRows], "∇L = 0 at every constructed critical point", () => {
      const maxGrad = Math.max(...rows.map((r) => r.gradient));
      return {
        claim: "∇L = 0 at every constructed critical point",
        predicted: 0,
        measured: maxGrad,
        tolerance: `${IDENTITY_TOL} · ‖Σ_YX‖`,
        derivation: "an identity: rounding only",
        holds: maxGrad <= IDENTITY_TOL,
      };
    }),
  );
  for (const p of problems) {
    const sub = rows.filter((r) => r.widths === p.widths.join("-"));
    const claim =
      `H = ${p.H} (${p.widths.join("-")}): the project's rank rule (pivot form, derived here; the paper's exact ` +
      `statement was not available) classifies every enumerated point as the exact Hessian does`;
    claims.push(
      claimUnder(
        [...data, hypothesis(sub.length > 0, `${sub.length} points`, "the family of this network is empty")],
        claim,
        () => {
          const ok = sub.filter((r) => r.agree).length;
          return {
            claim,
            predicted: `${sub.length}/${sub.length}`,
            measured: `${ok}/${sub.length}`,
            derivation: "the Hessian is the judge (exact blockwise Hessian, eigenvalue threshold 1000·n·ε·‖∇²L‖)",
            holds: ok === sub.length,
          };
        },
      ),
    );
  }
  for (const H of [...new Set(problems.filter((p) => p.H === 2).map((p) => p.widths.join("-")))]) {
    const saddles = rows.filter((r) => r.widths === H && r.byHessian !== "global-minimizer");
    const claim = `H = 2 (${H}): every saddle is strict`;
    claims.push(
      claimUnder(
        [...data, hypothesis(saddles.length > 0, `${saddles.length} saddles`, "the family has no saddle")],
        claim,
        () => {
          const strict = saddles.filter((r) => r.byHessian === "strict-saddle").length;
          return {
            claim,
            predicted: `${saddles.length}/${saddles.length} strict`,
            measured: `${strict}/${saddles.length} strict`,
            holds: strict === saddles.length,
          };
        },
      ),
    );
  }
  for (const z of zero) {
    const expected: CriticalKind = z.H >= 3 ? "non-strict-saddle" : "strict-saddle";
    claims.push(
      claimUnder(data, `W = 0 with H = ${z.H} is a ${z.H >= 3 ? "non-strict" : "strict"} saddle`, () => ({
        claim: `W = 0 with H = ${z.H} is a ${z.H >= 3 ? "non-strict" : "strict"} saddle`,
        predicted: expected,
        measured: z.kind,
        derivation:
          z.H >= 3
            ? "every term of the Hessian at 0 contains a product of H − 2 ≥ 1 zero layers except ‖D₁X‖² = 0"
            : "H = 2: ∂²L(0)[Δ] = 4⟨G, Δ₂Δ₁⟩ with G = −Σ_YX ≠ 0 takes both signs",
        holds: z.kind === expected,
      })),
    );
  }
  const notTop = rows.filter((r) => !parseS(r.S).every((v, i) => v === i));
  const notTopClaim = "S not of the form {0,…,s−1} ⇒ strict saddle";
  claims.push(
    claimUnder(
      [
        ...data,
        hypothesis(
          notTop.length > 0,
          `${notTop.length} such points`,
          "the family has no S skipping a larger eigenvalue (needs d_y ≥ 2 with two positive λ)",
        ),
      ],
      notTopClaim,
      () => {
        const strict = notTop.filter((r) => r.byHessian === "strict-saddle").length;
        return {
          claim: notTopClaim,
          predicted: `${notTop.length}/${notTop.length} strict`,
          measured: `${strict}/${notTop.length} strict`,
          holds: strict === notTop.length,
        };
      },
    ),
  );
  const deep = problems.filter((p) => p.H >= 3 && p.sMax >= 2);
  const nonStrictClaim = "H ≥ 3: non-strict saddles exist besides W = 0 (PSD Hessian above the minimum)";
  claims.push(
    claimUnder(
      [
        ...data,
        hypothesis(
          deep.length > 0,
          `s_max ≥ 2 for ${deep.map((p) => p.widths.join("-")).join(", ")} (S = {0} is a saddle with s < s_max)`,
          `no network with H ≥ 3 has s_max ≥ 2 (s_max = ${problems
            .filter((p) => p.H >= 3)
            .map((p) => `${p.sMax} for ${p.widths.join("-")}`)
            .join(", ")})`,
        ),
      ],
      nonStrictClaim,
      () => {
        const keys = new Set(deep.map((p) => p.widths.join("-")));
        const found = rows.filter((r) => keys.has(r.widths) && r.byHessian === "non-strict-saddle").length;
        return {
          claim: nonStrictClaim,
          predicted: "> 0",
          measured: found,
          derivation:
            "the bare construction of S = {0, …, s−1}, s < s_max, has no pivot pair: every middle product has rank s",
          holds: found > 0,
        };
      },
    ),
  );
  claims.push(...findingClaims(input, data));
  const mClaim = "Sampled global minimizers: ∇L = 0, L = minimum, Hessian PSD";
  claims.push(
    claimUnder(
      [
        ...data,
        hypothesis(minimizers.length > 0, `${minimizers.length} sampled`, "no minimizer sampled (minimizerCount)"),
      ],
      mClaim,
      () => {
        const good = minimizers.filter(
          (m) =>
            m.gradient <= IDENTITY_TOL && Math.abs(m.excessLoss) <= IDENTITY_TOL && m.lambdaMinHessian >= -m.threshold,
        ).length;
        return {
          claim: mClaim,
          predicted: `${minimizers.length}/${minimizers.length}`,
          measured: `${good}/${minimizers.length}`,
          tolerance: `${IDENTITY_TOL} (gradient, excess loss); Hessian threshold per point`,
          holds: good === minimizers.length,
        };
      },
    ),
  );
  return claims;
}

/**
 * Where the two weaker rank readings disagree with the Hessian, classified per point by mechanism, with the
 * mechanism's precondition computed: residual-blind rank needs a kernel of Σ_YX (input side: d_x > rk Σ_YX) or of
 * Σ_XY (output side: d_y > rk Σ_YX); misaligned eigen-directions need two unused eigen-directions (|S^c| ≥ 2), one
 * read below h₁ and another written above h₂ (u_kᵀΣu_j = 0).
 */
function findingClaims(input: DeepLinearClaimsInput, data: Hypothesis[]): Claim[] {
  const { rows, problems } = input;
  const byWidths = new Map(problems.map((p) => [p.widths.join("-"), p]));
  const kernel = (p: DeepLinearProblem) => {
    const rk = rank(p.Syx, 1e3 * EPS * Math.max(p.dx, p.dy));
    return { rk, input: p.dx > rk, output: p.dy > rk };
  };
  const claims: Claim[] = [];
  const layerWrong = rows.filter((r) => layerReadingMechanism(r) !== undefined);
  const blind = layerWrong.filter((r) => layerReadingMechanism(r) === "residual-blind rank");
  const misaligned = layerWrong.filter((r) => layerReadingMechanism(r) === "misaligned eigen-directions");
  const blindUnexplained = blind.filter((r) => {
    const p = byWidths.get(r.widths);
    if (!p) return true;
    const k = kernel(p);
    return !(k.input || k.output);
  });
  const misalignedUnexplained = misaligned.filter((r) => {
    const p = byWidths.get(r.widths);
    return !p || p.dy - parseS(r.S).length < 2;
  });
  const kernels = problems.length ? kernel(problems[0]) : undefined;
  const kernelText = kernels
    ? `rk Σ_YX = ${kernels.rk}, d_x = ${problems[0].dx}, d_y = ${problems[0].dy}: ` +
      (kernels.input || kernels.output
        ? `Σ_YX has a kernel (${[kernels.input ? "input" : "", kernels.output ? "output" : ""].filter(Boolean).join(" and ")} side)`
        : "no kernel, so residual-blind rank cannot occur")
    : "";
  const hasRows = hypothesis(rows.length > 0, `${rows.length} points`, "no constructed critical point");
  const layerClaim =
    "Finding: where the plain layer-rank reading disagrees with the Hessian, the mechanism (computed per point) has " +
    "its precondition: residual-blind rank only where Σ_YX has a kernel, misaligned eigen-directions only where " +
    "|S^c| ≥ 2";
  claims.push(
    claimUnder([...data, hasRows], layerClaim, () => ({
      claim: layerClaim,
      predicted: `0 unexplained (${kernelText})`,
      measured:
        `${layerWrong.length}/${rows.length} disagree: ${blind.length} residual-blind rank, ` +
        `${misaligned.length} misaligned; unexplained ${blindUnexplained.length + misalignedUnexplained.length}`,
      derivation:
        "residual-blind: the Σ_XY-rank reading corrects the point; misaligned: only the coupling W_{H:h₂+1}ᵀGW_{h₁−1:1}ᵀ does",
      holds: blindUnexplained.length + misalignedUnexplained.length === 0,
    })),
  );
  const sigmaWrong = rows.filter((r) => r.bySigmaRanks !== r.byHessian);
  const sigmaUnexplained = sigmaWrong.filter((r) => {
    const p = byWidths.get(r.widths);
    return !p || p.dy - parseS(r.S).length < 2;
  });
  const sigmaClaim =
    "Finding: the Σ_XY-rank reading (no residual coupling) disagrees with the Hessian only at points with two or " +
    "more unused eigen-directions (|S^c| ≥ 2: a path from u_j-signal to u_k-output, u_kᵀΣu_j = 0)";
  claims.push(
    claimUnder([...data, hasRows], sigmaClaim, () => ({
      claim: sigmaClaim,
      predicted: "0 unexplained",
      measured: `${sigmaWrong.length}/${rows.length} disagree; ${sigmaUnexplained.length} with |S^c| < 2`,
      holds: sigmaUnexplained.length === 0,
    })),
  );
  return claims;
}

/** The hypotheses every GD claim of one run needs, computed from the run. */
function gdHypotheses(r: ScheduledRun): Hypothesis[] {
  return [
    hypothesis(
      r.lr < r.stability.maxLr,
      `η = ${r.lr} < 2/β = ${r.stability.maxLr.toPrecision(3)} (stable near the minimizers)`,
      `η = ${r.lr} ≥ 2/β = ${r.stability.maxLr.toPrecision(3)} (β = 2H·λ_max(Σ_XX)·λ₁^{(H−1)/H} = ` +
        `${r.stability.beta.toPrecision(3)} bounds the sharpness at the minimizers): stability is not guaranteed`,
    ),
    hypothesis(r.orientation.free, r.orientation.reason, r.orientation.reason),
    hypothesis(
      r.run !== undefined,
      `budget ${r.schedule.steps} steps ≤ ${STEP_CAP}`,
      `derived budget ${r.schedule.steps} steps > ${STEP_CAP} (the notebook's cap): not run`,
    ),
    hypothesis(r.run === undefined || r.run.finite, "the run stayed finite", "the run diverged (non-finite loss)"),
  ];
}

/** Why a run cannot show a pause, or undefined when it can. */
function pauseObstacle(r: ScheduledRun): string | undefined {
  const p = r.problem;
  const broken = gdHypotheses(r).filter((h) => !h.holds);
  if (broken.length) return broken.map((h) => h.reason).join("; ");
  if (p.sMax < 2) return `s_max = ${p.sMax}: no intermediate critical value`;
  const firstMid = p.trYY - p.lambdas[0] / 2;
  if (!(r.run!.losses[0] > firstMid)) {
    return `not a small init: L(0) = ${r.run!.losses[0].toPrecision(4)} ≤ tr(YYᵀ) − λ₁/2 = ${firstMid.toPrecision(4)}`;
  }
  const { pauses, transits } = r.schedule;
  if (!pauses.every((v, i) => v >= 2 * (transits[i] + transits[i + 1]))) {
    return (
      `ε = ${r.initScale} is not small for H = ${p.H}: the predicted pauses ${pauses.join(", ")} are not twice the ` +
      `jumps around them (${transits.join(", ")} steps), the modes overlap`
    );
  }
  return undefined;
}

function gdClaims(runs: readonly ScheduledRun[]): Claim[] {
  const claims: Claim[] = [];
  for (const r of runs) {
    const p = r.problem;
    const reachClaim =
      `GD from ε = ${r.initScale}, η = ${r.lr}, H = ${p.H} (${p.widths.join("-")}): reaches the global minimum ` +
      `value within the step budget derived from η, ε and H`;
    claims.push(
      claimUnder(
        gdHypotheses(r),
        reachClaim,
        () => {
          const run = r.run!;
          const reached = run.losses[run.losses.length - 1];
          return {
            claim: reachClaim,
            predicted: p.minValue,
            measured: reached,
            tolerance: r.schedule.tolerance,
            derivation: `${r.schedule.steps} steps: ${r.schedule.derivation}`,
            holds: Math.abs(reached - p.minValue) <= r.schedule.tolerance,
          };
        },
        p.minValue,
      ),
    );
  }
  const deep = runs.filter((r) => r.problem.H >= 3);
  const usable = deep.filter((r) => pauseObstacle(r) === undefined);
  const excluded = deep
    .filter((r) => pauseObstacle(r) !== undefined)
    .map((r) => `H = ${r.problem.H} (${r.problem.widths.join("-")}): ${pauseObstacle(r)}`);
  const pauseClaim =
    `GD, H ≥ 3: the loss pauses at each intermediate critical value tr(YYᵀ) − λ₁ − … − λ_s for at least ` +
    `1/${ESCAPE_FACTOR} of the predicted pause k_{s+1} − k_s` +
    (usable.length ? ` (${usable.map((r) => `H = ${r.problem.H}`).join(", ")})` : "");
  if (usable.length === 0) {
    claims.push(notApplicable(pauseClaim, excluded.join("; ") || "no network with H ≥ 3"));
    return claims;
  }
  const parts = usable.map((r) => {
    const pl = plateaus(r.problem, r.run!);
    const steps = r.schedule.pauses.map((_, i) => pl[i + 1].steps);
    return { r, steps, band: pl[0].band, ok: steps.every((v, i) => v >= r.schedule.pauses[i] / ESCAPE_FACTOR) };
  });
  claims.push(
    judged({
      claim: pauseClaim,
      predicted: parts
        .map(
          (x) =>
            `H=${x.r.problem.H}: ${x.r.schedule.pauses.map((v) => `≥ ${Math.ceil(v / ESCAPE_FACTOR)}`).join(", ")}`,
        )
        .join("; "),
      measured: parts.map((x) => `H=${x.r.problem.H}: ${x.steps.join(", ")}`).join("; "),
      tolerance: `steps within ±${parts[0].band.toPrecision(2)} (5% of min λ_s) of each value`,
      derivation:
        `predicted pause k_{s+1} − k_s (balanced-mode model) = ` +
        parts.map((x) => `H=${x.r.problem.H}: ${x.r.schedule.pauses.join(", ")}`).join("; ") +
        ` steps, ∝ ε^−(H−2)(1/σ_{s+1} − 1/σ_s)/(2η(H−2)); one-sided because each arrival may move by the init's ` +
        `alignment factor (0.27–4.7 in calibration)` +
        (excluded.length ? `; not covered: ${excluded.join("; ")}` : ""),
      holds: parts.every((x) => x.ok),
    }),
  );
  return claims;
}

/**
 * The claims table of the tutorial, computed from this run's results and parameters (ε and η travel in `runs`).
 *
 * @param input - rows, W = 0 classes, minimizer checks, problems and scheduled GD runs.
 * @returns rows for `claimsTable`: each holds, fails, or is not applicable with the hypothesis that fails.
 * @throws TypeError naming the input field when it is missing.
 */
export function deepLinearClaims(input: DeepLinearClaimsInput): Claim[] {
  if (input === null || typeof input !== "object") throw new TypeError("input: expected { rows, zero, … }");
  for (const key of ["rows", "zero", "minimizers", "problems", "runs"] as const) {
    if (!Array.isArray(input[key])) throw new TypeError(`input.${key}: expected an array, got ${typeof input[key]}`);
  }
  if (input.problems.length === 0) return [notApplicable("the tutorial's claims", "no network was built")];
  const data = dataHypotheses(input.problems[0]);
  return [...landscapeClaims(input, data), ...gdClaims(input.runs)];
}
