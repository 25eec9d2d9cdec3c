import { describe, expect, it } from "vitest";
import {
  ArgumentError,
  expectChoice,
  expectInteger,
  expectMatrix,
  expectNumber,
  expectNumberList,
  expectVector,
} from "../src/core/validate.js";
import { LiteralError, parseLiteral } from "../src/core/literal.js";
import {
  ParameterError,
  choiceParameter,
  domainText,
  integerParameter,
  listParameter,
  numberParameter,
  parameterSchema,
} from "../src/core/parameters.js";
import { linearFit, logLogFit, normalQuantile, powerLawWindow, wilsonInterval } from "../src/core/stats.js";
import { createRng } from "../src/tensor/random.js";
import {
  frobeniusNorm,
  identityMatrix,
  matTVec,
  matVec,
  matrixFromRows,
  matrixToRows,
  multiplyMatrices,
  transposeMatrix,
  zeroMatrix,
} from "../src/core/matrix.js";

describe("validate: every error names the argument, the domain and the value", () => {
  it("numbers and integers: bounds open and closed, non-finite values refused", () => {
    expect(expectNumber(0.5, "lr", { min: 0, minOpen: true })).toBe(0.5);
    expect(() => expectNumber(0, "lr", { min: 0, minOpen: true })).toThrow("lr: expected a finite number > 0, got 0");
    expect(() => expectNumber(NaN, "x")).toThrow("x: expected a finite number, got NaN");
    expect(() => expectInteger(2.5, "batchSize", { min: 1 })).toThrow("batchSize: expected an integer ≥ 1, got 2.5");
    expect(() => expectInteger(600, "n", { min: 4, max: 512 })).toThrow("n: expected an integer in [4, 512], got 600");
    expect(() => expectInteger("3", "n")).toThrow('n: expected an integer, got "3"');
  });

  it("choices list the allowed strings", () => {
    expect(expectChoice("tanh", "activation", ["relu", "tanh"])).toBe("tanh");
    expect(() => expectChoice("gelu", "activation", ["relu", "tanh"])).toThrow(
      'activation: expected one of "relu", "tanh", got "gelu"',
    );
  });

  it("number lists check entries, length, distinctness and order, and say which entry is wrong", () => {
    const c = { min: 0, minOpen: true, distinct: true, order: "descending" as const, minLength: 1, maxLength: 3 };
    expect(expectNumberList([9, 3, 1], "lambdas", c)).toEqual([9, 3, 1]);
    expect(() => expectNumberList([9, 9, 1], "lambdas", c)).toThrow(
      /^lambdas: expected a list of 1 to 3 distinct finite numbers > 0 in strictly descending order, got \[9, 9, 1\] \(repeated entries\)$/,
    );
    expect(() => expectNumberList([1, 3], "lambdas", c)).toThrow(/entries 0 and 1 out of order/);
    expect(() => expectNumberList([3, -1], "lambdas", c)).toThrow(/entry 1 is -1/);
    expect(() => expectNumberList([4, 3, 2, 1], "lambdas", c)).toThrow(/length 4/);
  });

  it("matrices and vectors: the offending row or entry is named, and the error is an ArgumentError", () => {
    expect(
      expectMatrix(
        [
          [1, 2],
          [3, 4],
        ],
        "X",
      ).data,
    ).toEqual(new Float64Array([1, 2, 3, 4]));
    expect(() => expectMatrix([[1, 2], [3]], "X")).toThrow(
      /^X: expected a non-empty number\[\]\[\] .*\(row 1 has 1 entries, row 0 has 2\)$/,
    );
    expect(() => expectMatrix([[1, NaN]], "X")).toThrow(/entry \[0\]\[1\] is NaN/);
    expect(() => expectMatrix([[1, 2]], "X", 3, "the network's input dimension")).toThrow(
      "X: expected rows of length 3 (the network's input dimension), got [[1, 2]] (rows of 2)",
    );
    expect(() => expectVector([1, 2], "y", 3)).toThrow(
      "y: expected a number[] of 3 finite numbers, got [1, 2] (length 2)",
    );
    try {
      expectVector([1, Infinity], "y");
    } catch (e) {
      expect(e).toBeInstanceOf(ArgumentError);
      expect(e).toMatchObject({
        argument: "y",
        expected: "a number[] of finite numbers",
        detail: "entry 1 is Infinity",
      });
    }
  });
});

describe("parseLiteral reads TypeScript literals without evaluating code", () => {
  it("numbers, strings, booleans, arrays and objects as TypeScript writes them", () => {
    expect(parseLiteral("16")).toBe(16);
    expect(parseLiteral("-1e-3")).toBe(-0.001);
    expect(parseLiteral("1_000")).toBe(1000);
    expect(parseLiteral("0x10")).toBe(16);
    expect(parseLiteral(".5")).toBe(0.5);
    expect(parseLiteral('"auto"')).toBe("auto");
    expect(parseLiteral("'tanh'")).toBe("tanh");
    expect(parseLiteral("`a\\nb`")).toBe("a\nb");
    expect(parseLiteral("[9, 3, 1,]")).toEqual([9, 3, 1]);
    expect(parseLiteral("{ a: 1, 'b': [true, null] } // note")).toEqual({ a: 1, b: [true, null] });
  });

  it("refuses names, calls, operators and templates with substitutions, saying what it found", () => {
    expect(() => parseLiteral("abc")).toThrow('"abc" is a name, not a literal (a string needs quotes)');
    expect(() => parseLiteral("n / 4")).toThrow(LiteralError);
    expect(() => parseLiteral("Math.sqrt(2)")).toThrow(/is a name/);
    expect(() => parseLiteral("`${x}`")).toThrow(/template/);
    expect(() => parseLiteral("[1, 2")).toThrow(/expected , or \]/);
    expect(() => parseLiteral("")).toThrow(/found the end/);
  });
});

describe("parameter schemas", () => {
  const schema = parameterSchema(
    "a test tutorial",
    {
      n: integerParameter("points", { min: 4, max: 512 }),
      lr: numberParameter("step", { min: 0, minOpen: true, max: 1, scale: "log" }),
      activation: choiceParameter("σ", ["relu", "tanh"]),
      widths: listParameter("widths", { integer: true, min: 1, minLength: 2, maxLength: 4 }),
      minExp: integerParameter("from 2^minExp", { min: 1, max: 10 }),
      maxExp: integerParameter("to 2^maxExp", { min: 1, max: 10 }),
    },
    [
      {
        names: ["minExp", "maxExp"],
        expected: "minExp < maxExp",
        check: (v) =>
          (v.minExp as number) < (v.maxExp as number) ? undefined : `minExp = ${v.minExp}, maxExp = ${v.maxExp}`,
      },
    ],
  );
  const good = { n: 16, lr: 0.1, activation: "relu", widths: [4, 2], minExp: 2, maxExp: 5 };

  it("check accepts a set inside the domains and refuses the first bad value naming parameter, domain and value", () => {
    expect(schema.check(good)).toEqual(good);
    expect(() => schema.check({ ...good, n: 2.5 })).toThrow("n: expected an integer in [4, 512], got 2.5");
    expect(() => schema.check({ ...good, lr: 0 })).toThrow("lr: expected a finite number in (0, 1], got 0");
    expect(() => schema.check({ ...good, widths: [4, 0] })).toThrow(
      /^widths: expected a list of 2 to 4 integers ≥ 1, got \[4, 0\] \(entry 1 is 0\)$/,
    );
    expect(() => schema.check({ ...good, minExp: 6, maxExp: 5 })).toThrow(
      "minExp, maxExp: expected minExp < maxExp, got minExp = 6, maxExp = 5",
    );
    expect(() => schema.check({ ...good, extra: 1 })).toThrow(
      /^extra: expected one of the parameters of a test tutorial/,
    );
    const { n: _n, ...missing } = good;
    expect(() => schema.check(missing)).toThrow("n: expected an integer in [4, 512], got undefined");
    expect(() => schema.check({ ...good, n: -1 })).toThrow(ParameterError);
  });

  it("table() lists each parameter's domain in words with its value", () => {
    expect(schema.table(good)[2]).toEqual({
      name: "activation",
      domain: 'one of "relu", "tanh"',
      description: "σ",
      value: '"relu"',
    });
    expect(domainText({ kind: "boolean" })).toBe("true or false");
  });

  it("sample() draws sets that pass check, obey the rules, honour narrower domains and are reproducible by seed", () => {
    const draws = Array.from({ length: 50 }, (_, i) =>
      schema.sample(createRng(i), { n: { kind: "integer", min: 4, max: 8 } }),
    );
    for (const d of draws) {
      expect(() => schema.check(d)).not.toThrow();
      expect(d.n as number).toBeLessThanOrEqual(8);
      expect(d.minExp as number).toBeLessThan(d.maxExp as number);
    }
    expect(new Set(draws.map((d) => d.activation)).size).toBe(2);
    expect(schema.sample(createRng(3))).toEqual(schema.sample(createRng(3)));
  });
});

describe("statistics", () => {
  it("linearFit recovers slope and intercept of y = 2x + 1 exactly, with zero standard error", () => {
    const f = linearFit([0, 1, 2, 3], [1, 3, 5, 7]);
    expect(f.slope).toBeCloseTo(2, 14);
    expect(f.intercept).toBeCloseTo(1, 14);
    expect(f.r2).toBeCloseTo(1, 14);
    expect(f.slopeStdError).toBeCloseTo(0, 12);
  });

  it("linearFit's slope standard error matches the textbook formula on noisy data", () => {
    const x = [1, 2, 3, 4, 5];
    const y = [1.1, 1.9, 3.2, 3.8, 5.1];
    const f = linearFit(x, y);
    // numpy: np.polyfit(x, y, 1) → slope 0.99, residual sum of squares 0.107; Σ(x − x̄)² = 10, n − 2 = 3
    expect(f.slope).toBeCloseTo(0.99, 12);
    expect(f.slopeStdError).toBeCloseTo(Math.sqrt(0.107 / 3 / 10), 10);
  });

  it("logLogFit gives the exponent of a power law and drops non-positive points", () => {
    const x = [1, 2, 4, 8, 16, -1];
    const y = x.map((v) => 3 * v ** -0.5);
    y[5] = 1;
    expect(logLogFit(x, y).slope).toBeCloseTo(-0.5, 12);
    expect(logLogFit(x, y).n).toBe(5);
  });

  it("powerLawWindow drops points at the floor and the pre-asymptotic head, and fits the exponent in between", () => {
    // y = x (rate 1) for x ≤ 1e-2, a bend above, the floor 1e-14 below x = 1e-14
    const x = [1, 1e-1, 1e-2, 1e-4, 1e-6, 1e-8, 1e-10, 1e-12, 1e-16, 1e-18];
    const y = x.map((v) => Math.max(1e-14, v <= 1e-2 ? v : Math.sqrt(v) * 1e-1));
    const w = powerLawWindow(x, y, { floor: 1e-14, minPoints: 3, slopeTolerance: 0.05, asymptote: "small-x" })!;
    expect(w.slope).toBeCloseTo(1, 10);
    expect(w.belowFloor).toBe(2);
    expect(w.xRange).toEqual([1e-12, 1e-2]);
    expect(powerLawWindow([1, 2], [1, 2], { minPoints: 3 })).toBeUndefined();
  });

  it("normalQuantile and the Wilson interval match their reference values", () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959963985, 8);
    expect(normalQuantile(0.01)).toBeCloseTo(-2.326347874, 8);
    // statsmodels proportion_confint(18, 20, method="wilson") = (0.699, 0.972)
    const w = wilsonInterval(18, 20, 0.95);
    expect(w.low).toBeCloseTo(0.699, 3);
    expect(w.high).toBeCloseTo(0.9721, 3);
    expect(wilsonInterval(20, 20).high).toBe(1);
    expect(() => wilsonInterval(3, 2)).toThrow(/successes: expected an integer in \[0, 2\], got 3/);
  });
});

describe("the library's matrix (row-major Float64Array with dimensions)", () => {
  it("round-trips number[][] and multiplies, transposes and applies as NumPy does on a 2×3 · 3×2 example", () => {
    const a = matrixFromRows([
      [1, 2, 3],
      [4, 5, 6],
    ]);
    const b = matrixFromRows([
      [7, 8],
      [9, 10],
      [11, 12],
    ]);
    // numpy: A @ B = [[58, 64], [139, 154]]
    expect(matrixToRows(multiplyMatrices(a, b))).toEqual([
      [58, 64],
      [139, 154],
    ]);
    expect(matrixToRows(transposeMatrix(a))).toEqual([
      [1, 4],
      [2, 5],
      [3, 6],
    ]);
    expect(Array.from(matVec(a, [1, 0, -1]))).toEqual([-2, -2]);
    expect(Array.from(matTVec(a, [1, -1]))).toEqual([-3, -3, -3]);
    expect(frobeniusNorm(identityMatrix(4))).toBe(2);
    expect(zeroMatrix(2, 3).data.length).toBe(6);
  });

  it("refuses a product of mismatched shapes naming the argument and both shapes", () => {
    const a = zeroMatrix(2, 3);
    expect(() => multiplyMatrices(a, a)).toThrow("b: expected a matrix with 3 rows (a has 3 columns), got 2 × 3");
  });
});
