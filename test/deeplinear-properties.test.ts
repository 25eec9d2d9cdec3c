/**
 * Tutorial 2 under a reader's hand: parameter sets drawn from the declared domains (small sizes) run the notebook's
 * sequence of library calls end to end with no exception and no failing applicable claim; sets that leave a
 * hypothesis get "not applicable" with the reason; values outside the domains are refused naming the parameter.
 */
import { describe, expect, it } from "vitest";
import {
  checkGlobalMinimizers,
  classifyByHessian,
  classifyFamily,
  createRng,
  deepLinearClaims,
  deepLinearData,
  deepLinearParameters,
  deepLinearProblem,
  enumerateCriticalPoints,
  familySummary,
  lossCurveChart,
  networkWidths,
  plateauRows,
  problemSummary,
  ruleExamples,
  scheduledGD,
  zeroLayers,
  type DeepLinearParameterValues,
  type ParameterDomain,
} from "../src/index.js";

/** The notebook's cells, in order, as library calls (no claim logic here). */
function runNotebook(v: DeepLinearParameterValues) {
  deepLinearParameters.check(v);
  const data = deepLinearData({ dx: v.dx, dy: v.dy, N: v.N, lambdas: v.lambdas, noise: v.noise, seed: v.dataSeed });
  const problems = (["hiddenH2", "hiddenH3", "hiddenH4"] as const).map((h) =>
    deepLinearProblem({ X: data.X, Y: data.Y, widths: networkWidths(v, h) }),
  );
  problems.map(problemSummary);
  const families = problems.map((p) =>
    enumerateCriticalPoints(p, { seed: v.seed, maxLanes: p.H === 4 ? v.maxLanesH4 : v.maxLanes, aligned: true }),
  );
  const rows = problems.flatMap((p, i) => classifyFamily(p, families[i]));
  familySummary(rows);
  const examples = ruleExamples(problems, v.seed);
  const runs = problems.map((p) => scheduledGD(p, { lr: v.gdLr, initScale: v.gdInitScale, seed: v.seed }));
  const finished = runs.filter((r) => r.run !== undefined);
  if (finished.length)
    lossCurveChart(
      finished[0].problem,
      finished.map((r) => r.run!),
    );
  plateauRows(runs);
  const minimizers = problems.flatMap((p) => checkGlobalMinimizers(p, { count: v.minimizerCount, seed: v.seed }));
  const zero = problems.map((p) => ({ H: p.H, kind: classifyByHessian(p, zeroLayers(p)).kind }));
  return deepLinearClaims({ rows: rows.concat(examples.rows), zero, minimizers, problems, runs });
}

const DEFAULTS: DeepLinearParameterValues = {
  dx: 4,
  dy: 3,
  N: 40,
  lambdas: [9, 3, 1],
  noise: 0,
  dataSeed: 1,
  seed: 7,
  hiddenH2: [2],
  hiddenH3: [3, 2],
  hiddenH4: [3, 2, 3],
  maxLanes: 1,
  maxLanesH4: 0,
  gdInitScale: 0.05,
  gdLr: 0.01,
  minimizerCount: 2,
};

/** Small sizes so the file runs in about a minute on one core. */
const SMALL: Partial<Record<string, ParameterDomain>> = {
  dx: { kind: "integer", min: 1, max: 4 },
  dy: { kind: "integer", min: 1, max: 3 },
  N: { kind: "integer", min: 8, max: 60 },
  lambdas: { kind: "list", min: 0.5, max: 32, minLength: 1, maxLength: 3, order: "descending", scale: "log" },
  hiddenH2: { kind: "list", integer: true, min: 1, max: 3, minLength: 1, maxLength: 1 },
  hiddenH3: { kind: "list", integer: true, min: 1, max: 3, minLength: 2, maxLength: 2 },
  hiddenH4: { kind: "list", integer: true, min: 1, max: 3, minLength: 3, maxLength: 3 },
  maxLanes: { kind: "integer", min: 0, max: 1 },
  maxLanesH4: { kind: "integer", min: 0, max: 0 },
  gdInitScale: { kind: "number", min: 0.03, max: 0.2, scale: "log" },
  gdLr: { kind: "number", min: 0.003, max: 0.02, scale: "log" },
  minimizerCount: { kind: "integer", min: 1, max: 2 },
};

describe("tutorial 2 properties", () => {
  const rng = createRng(20261208);
  const sets = Array.from({ length: 10 }, () => deepLinearParameters.sample(rng, SMALL));
  for (const [i, v] of sets.entries()) {
    it(`drawn set ${i + 1} (dx = ${v.dx}, dy = ${v.dy}, hidden ${JSON.stringify([v.hiddenH2, v.hiddenH3, v.hiddenH4])}, ε = ${v.gdInitScale}, η = ${v.gdLr}) runs end to end with no failing applicable claim`, () => {
      const claims = runNotebook(v);
      expect(claims.length).toBeGreaterThan(10);
      expect(claims.filter((c) => c.status === "fail")).toEqual([]);
      for (const c of claims.filter((c) => c.status === "not-applicable")) expect(c.reason).toBeTruthy();
    }, 60_000);
  }

  it("η above the stability bound 2/β of the H = 4 network makes its GD claim not applicable, naming η and 2/β", () => {
    const claims = runNotebook({ ...DEFAULTS, gdLr: 0.04 });
    const h4 = claims.find((c) => c.claim.startsWith("GD from") && c.claim.includes("H = 4"))!;
    expect(h4.status).toBe("not-applicable");
    expect(h4.reason).toMatch(/η = 0\.04 ≥ 2\/β = /);
    const h2 = claims.find((c) => c.claim.startsWith("GD from") && c.claim.includes("H = 2"))!;
    expect(h2.status).toBe("pass");
  }, 60_000);

  it("d_y = 1 makes the 'S skips a larger eigenvalue' and 'non-strict saddles besides 0' claims not applicable", () => {
    const claims = runNotebook({
      ...DEFAULTS,
      dy: 1,
      lambdas: [4],
      hiddenH2: [2],
      hiddenH3: [2, 2],
      hiddenH4: [2, 2, 2],
    });
    const skip = claims.find((c) => c.claim.startsWith("S not of the form"))!;
    expect(skip.status).toBe("not-applicable");
    expect(skip.reason).toMatch(/no S skipping a larger eigenvalue/);
    const nonStrict = claims.find((c) => c.claim.startsWith("H ≥ 3: non-strict saddles"))!;
    expect(nonStrict.status).toBe("not-applicable");
    expect(nonStrict.reason).toMatch(/s_max = 1/);
    expect(claims.filter((c) => c.status === "fail")).toEqual([]);
  }, 60_000);

  it("square widths (s_max = d_y with a hidden layer of s_max units, H ≥ 3) make that network's GD claim not applicable", () => {
    const claims = runNotebook({ ...DEFAULTS, dx: 2, dy: 2, lambdas: [9, 3], hiddenH3: [2, 2], hiddenH4: [3, 3, 3] });
    const h3 = claims.find((c) => c.claim.includes("H = 3 (2-2-2-2)") && c.claim.startsWith("GD from"))!;
    expect(h3.status).toBe("not-applicable");
    expect(h3.reason).toMatch(/s_max = d_y = 2 and 2 hidden layer\(s\) of exactly 2 unit/);
    const h4 = claims.find((c) => c.claim.includes("H = 4 (2-3-3-3-2)") && c.claim.startsWith("GD from"))!;
    expect(h4.status).toBe("pass");
  }, 60_000);

  it("a large init (ε = 0.3 for H = 3) takes the pause claim's H = 3 network out, naming the overlapping modes", () => {
    const claims = runNotebook({ ...DEFAULTS, gdInitScale: 0.3, hiddenH4: [3, 2, 3] });
    const pause = claims.find((c) => c.claim.startsWith("GD, H ≥ 3: the loss pauses"))!;
    const text = pause.status === "not-applicable" ? pause.reason! : String(pause.derivation);
    expect(text).toMatch(/ε = 0\.3 is not small for H = 3/);
    expect(pause.status).not.toBe("fail");
  }, 60_000);

  it("the schema refuses values outside the domains, naming the parameter, the domain and the value", () => {
    expect(() => deepLinearParameters.check({ ...DEFAULTS, N: 3 })).toThrow(/^N, dx: expected N ≥ dx/);
    expect(() => deepLinearParameters.check({ ...DEFAULTS, dy: 6 })).toThrow(
      /^dy: expected an integer in \[1, 5\], got 6/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, dx: 1, dy: 3, lambdas: [1] })).toThrow(
      /^dx, dy: expected dy ≤ dx \+ 1/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, lambdas: [9, 3] })).toThrow(
      /^lambdas, dx, dy: expected lambdas has min\(dx, dy\) entries/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, lambdas: [1, 3, 9] })).toThrow(
      /^lambdas: expected .*strictly descending/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, lambdas: [9, 3, 2.9999999] })).toThrow(
      /^lambdas: expected consecutive lambdas differ by at least 1e-6/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, hiddenH3: [3] })).toThrow(
      /^hiddenH3: expected a list of 2 integers/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, gdInitScale: 0.006, gdLr: 0.002 })).toThrow(
      /^gdLr, gdInitScale, .*: expected a derived GD step budget ≤ 2000000.*budget \d+ steps for H = 4/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, gdLr: 0.1 })).toThrow(
      /^gdLr, .*: expected a derived GD step budget .*η = 0\.1 is beyond the balanced-mode model's stable range for H = 3/,
    );
    expect(() => deepLinearParameters.check({ ...DEFAULTS, gdInitScale: 0.02, gdLr: 0.005 })).not.toThrow();
  });
});
