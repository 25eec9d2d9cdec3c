/**
 * The parameters of tutorial 3 (notebooks/03-diagonal-linear-networks.ipynb) with their domains.
 *
 * Every domain is what a reader may set and still have the notebook run to the end and tell the truth: a value
 * inside it either satisfies the hypotheses of the claims or gives not-applicable rows naming the hypothesis.
 * Upper bounds on sizes and list lengths keep a run within the notebook's budget (about a minute).
 */
import {
  integerParameter,
  listParameter,
  numberParameter,
  parameterSchema,
  type ParameterRule,
} from "../core/parameters.js";

/** A checked parameter set of tutorial 3. */
export interface DiagonalParameters extends Record<string, unknown> {
  seed: number;
  depths: number[];
  alphaDDecades: number;
  recoveryM: number;
  recoveryN: number;
  recoveryK: number;
  kinkDepths: number[];
  kinkEpsilons: number[];
  kinkDecades: number;
  phaseN: number;
  phaseDeltas: number[];
  phaseRhos: number[];
  phaseTrials: number;
  phaseDepth: number;
  gdDepth: number;
  gdAlpha: number;
  gdLrs: number[];
  gdT: number;
}

/**
 * Depths strictly between 2 and 2.5 are left out: the asymptotic range of their rates, α^(D−2) ≤ 0.1, starts below
 * α^D = 10^(−D/(D−2)) (10⁻⁵ at D = 2.5, 10⁻²¹ at D = 2.1), beyond every grid of the notebook.
 */
function depthRule(name: string): ParameterRule {
  return {
    names: [name],
    expected: `every entry of ${name} is 2 or in [2.5, 6] (between 2 and 2.5 the rates need α^D below 1e-5)`,
    check: (v) => {
      const bad = (v[name] as number[]).filter((D) => D > 2 && D < 2.5);
      return bad.length ? `${name} = [${(v[name] as number[]).join(", ")}]` : undefined;
    },
  };
}

/**
 * The schema of tutorial 3's parameter cell. Depths are real numbers ≥ 2 (the paper allows real D); the largest
 * depth is 6 because for D > 2 the exact limit needs α^(D−2) ≥ 1e-13 (float64 resolves 1 − |u| ≈ α^(D−2)), which
 * every α^D down to 10⁻¹⁴ meets for D ≤ 28, and larger D adds nothing the tutorial shows.
 */
export const diagonalParameters = parameterSchema<DiagonalParameters>(
  "tutorial 3 (diagonal linear networks)",
  {
    seed: integerParameter("seed of the random problems and perturbations", { min: 0, max: 1_000_000 }),
    depths: listParameter("depths D of Figure 1, the selection, recovery and sensitivity sections", {
      min: 2,
      max: 6,
      minLength: 1,
      maxLength: 5,
      distinct: true,
      order: "ascending",
    }),
    alphaDDecades: integerParameter("α^D runs over 1, 10⁻¹, …, 10^−alphaDDecades", { min: 4, max: 14 }),
    recoveryM: integerParameter("measurements m of the sparse-recovery problem", { min: 2, max: 60 }),
    recoveryN: integerParameter("unknowns n of the sparse-recovery problem", { min: 3, max: 120 }),
    recoveryK: integerParameter("nonzeros k of the sparse signal x*", { min: 1, max: 59 }),
    kinkDepths: listParameter("depths of Figure 2 (the kink); D = 2 is the degrading-rate case", {
      min: 2,
      max: 6,
      minLength: 1,
      maxLength: 5,
      distinct: true,
      order: "ascending",
    }),
    kinkEpsilons: listParameter("gaps ε of A = [1, 1 − ε]", {
      min: 0,
      max: 1,
      minOpen: true,
      maxOpen: true,
      minLength: 1,
      maxLength: 6,
      distinct: true,
      order: "descending",
      scale: "log",
    }),
    kinkDecades: integerParameter("Figure 2's α^D runs over 1, 10⁻¹, …, 10^−kinkDecades (D > 2)", { min: 4, max: 16 }),
    phaseN: integerParameter("unknowns n of the phase diagram's problems", { min: 8, max: 60 }),
    phaseDeltas: listParameter("δ = m/n of the phase diagram", {
      min: 0,
      max: 1,
      minOpen: true,
      maxOpen: true,
      minLength: 1,
      maxLength: 10,
      distinct: true,
      order: "ascending",
    }),
    phaseRhos: listParameter("ρ = k/m of the phase diagram", {
      min: 0,
      max: 1,
      minOpen: true,
      minLength: 1,
      maxLength: 10,
      distinct: true,
      order: "ascending",
    }),
    phaseTrials: integerParameter("random problems per cell of the phase diagram", { min: 1, max: 20 }),
    phaseDepth: numberParameter("depth D of the flow limit in the phase diagram", { min: 2, max: 6 }),
    gdDepth: numberParameter("depth D of the gradient-descent comparison", { min: 2, max: 6 }),
    gdAlpha: numberParameter("initialization scale α of the gradient-descent comparison", {
      min: 0.05,
      max: 1,
      scale: "log",
    }),
    gdLrs: listParameter("gradient-descent step sizes η", {
      min: 0.0005,
      max: 0.05,
      minLength: 3,
      maxLength: 6,
      distinct: true,
      order: "descending",
      scale: "log",
    }),
    gdT: numberParameter("time horizon T of the gradient-descent comparison", { min: 1, max: 20 }),
  },
  [
    depthRule("depths"),
    depthRule("kinkDepths"),
    {
      names: ["recoveryK", "recoveryM", "recoveryN"],
      expected: "recoveryK < recoveryM < recoveryN (a sparse signal, fewer measurements than unknowns)",
      check: (v) =>
        (v.recoveryK as number) < (v.recoveryM as number) && (v.recoveryM as number) < (v.recoveryN as number)
          ? undefined
          : `recoveryK = ${String(v.recoveryK)}, recoveryM = ${String(v.recoveryM)}, recoveryN = ${String(v.recoveryN)}`,
    },
    {
      names: ["phaseDeltas", "phaseRhos", "phaseTrials"],
      expected:
        "phaseDeltas.length × phaseRhos.length × phaseTrials ≤ 400 (each trial solves three LPs and up to six limits, " +
        "≈ 0.1 s at n = 60: the phase diagram stays within the notebook's minute)",
      check: (v) => {
        const trials =
          (v.phaseDeltas as number[]).length * (v.phaseRhos as number[]).length * (v.phaseTrials as number);
        return trials <= 400 ? undefined : `${trials} trials`;
      },
    },
  ],
  {
    // integer depths, so that D = 2 (the degrading-rate case) is drawn; real depths are drawn by the property test
    depths: {
      kind: "list",
      integer: true,
      min: 2,
      max: 5,
      minLength: 1,
      maxLength: 4,
      distinct: true,
      order: "ascending",
    },
    kinkDepths: {
      kind: "list",
      integer: true,
      min: 2,
      max: 6,
      minLength: 1,
      maxLength: 4,
      distinct: true,
      order: "ascending",
    },
    recoveryM: { kind: "integer", min: 8, max: 40 },
    recoveryN: { kind: "integer", min: 16, max: 80 },
    recoveryK: { kind: "integer", min: 1, max: 10 },
    phaseN: { kind: "integer", min: 10, max: 40 },
    phaseDeltas: { kind: "list", min: 0.1, max: 0.9, minLength: 2, maxLength: 8, distinct: true, order: "ascending" },
    phaseRhos: { kind: "list", min: 0.05, max: 0.9, minLength: 2, maxLength: 8, distinct: true, order: "ascending" },
    phaseTrials: { kind: "integer", min: 1, max: 8 },
  },
);
