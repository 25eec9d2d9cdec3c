/**
 * The typed-array forms of the PL* module's large results (issue 15, item 3): jacobianMatrix, tangentKernelMatrix,
 * modelHvpArray and squareLossHvpArray return a Matrix / Float64Array with the same entries as the number[][] /
 * number[] forms, accept typed inputs without changing the result, and name bad arguments.
 */
import { describe, expect, it } from "vitest";
import {
  createRng,
  jacobian,
  jacobianMatrix,
  matrixFromRows,
  mlp,
  modelHvp,
  modelHvpArray,
  sphereData,
  squareLossHvp,
  squareLossHvpArray,
  tangentKernel,
  tangentKernelMatrix,
  type Matrix,
  type Mlp,
} from "../src/index.js";
import { plForward, plHvp, plWeightedGradient } from "../src/plstar/net.js";
import { plOneHiddenJacobian } from "../src/plstar/oneHiddenProducts.js";

const nets: [string, Mlp][] = [
  ["1 hidden layer, tanh", mlp({ inputDim: 5, widths: [37], activation: "tanh", seed: 1 })],
  [
    "1 hidden layer, relu, sigmoid output",
    mlp({ inputDim: 5, widths: [20], activation: "relu", outputActivation: "sigmoid", seed: 2 }),
  ],
  ["2 hidden layers, softplus", mlp({ inputDim: 5, widths: [9, 7], activation: "softplus", seed: 3 })],
  ["linear model", mlp({ inputDim: 5, widths: [], activation: "linear", seed: 4 })],
];
const X = sphereData({ n: 7, inputDim: 5, seed: 9 }).X;
const y = X.map((_, i) => Math.cos(i));

function rowsOf(M: Matrix): number[][] {
  return Array.from({ length: M.rows }, (_, i) => Array.from(M.data.subarray(i * M.cols, (i + 1) * M.cols)));
}

describe.each(nets)("typed results equal the number[][] results exactly (%s)", (_name, net) => {
  const v = Array.from(createRng(5).normals(net.parameterCount));
  it("jacobianMatrix is n × P and its rows are jacobian's rows", () => {
    const J = jacobianMatrix(net, X);
    expect(J.rows).toBe(X.length);
    expect(J.cols).toBe(net.parameterCount);
    expect(J.data).toBeInstanceOf(Float64Array);
    expect(rowsOf(J)).toEqual(jacobian(net, X));
  });
  it("tangentKernelMatrix is n × n and its rows are tangentKernel's rows", () => {
    const K = tangentKernelMatrix(net, X);
    expect([K.rows, K.cols]).toEqual([X.length, X.length]);
    expect(rowsOf(K)).toEqual(tangentKernel(net, X));
  });
  it("a Matrix X gives the same Jacobian and kernel as number[][] X", () => {
    const M = matrixFromRows(X);
    expect(jacobianMatrix(net, M).data).toEqual(jacobianMatrix(net, X).data);
    expect(tangentKernelMatrix(net, M).data).toEqual(tangentKernelMatrix(net, X).data);
  });
  it("modelHvpArray equals modelHvp, with number[] or Float64Array inputs", () => {
    const a = modelHvpArray(net, X[2], v);
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a)).toEqual(modelHvp(net, X[2], v));
    expect(modelHvpArray(net, Float64Array.from(X[2]), Float64Array.from(v))).toEqual(a);
  });
  it("squareLossHvpArray equals squareLossHvp, with number[][] or Matrix X and number[] or Float64Array v", () => {
    const a = squareLossHvpArray(net, X, y, v);
    expect(a).toBeInstanceOf(Float64Array);
    expect(Array.from(a)).toEqual(squareLossHvp(net, X, y, v));
    expect(squareLossHvpArray(net, matrixFromRows(X), Float64Array.from(y), Float64Array.from(v))).toEqual(a);
  });
  it("modelHvpArray does not modify its Float64Array arguments", () => {
    const x = Float64Array.from(X[1]);
    const vv = Float64Array.from(v);
    modelHvpArray(net, x, vv);
    expect(Array.from(x)).toEqual(X[1]);
    expect(Array.from(vv)).toEqual(v);
  });
});

describe("typed forms name a bad argument, what was expected and what came", () => {
  const net = nets[0][1];
  const P = net.parameterCount;
  it.each([
    [
      "Matrix X with the wrong number of columns",
      () => jacobianMatrix(net, { rows: 2, cols: 3, data: new Float64Array(6) }),
      /^X: expected a Matrix .*cols = 5 .*got 2 × 3 with 6 entries/,
    ],
    [
      "Matrix X whose data is too short",
      () => tangentKernelMatrix(net, { rows: 2, cols: 5, data: new Float64Array(9) }),
      /^X: expected a Matrix .*got 2 × 5 with 9 entries/,
    ],
    [
      "Matrix X with a NaN",
      () => tangentKernelMatrix(net, { rows: 1, cols: 5, data: Float64Array.from([0, 1, NaN, 0, 0]) }),
      /^X: expected a Matrix .*\(entry \[0\]\[2\] is NaN\)/,
    ],
    [
      "v of the wrong length",
      () => modelHvpArray(net, X[0], new Float64Array(P - 1)),
      new RegExp(`^v: expected a Float64Array or number\\[\\] of ${P} finite numbers .*got length ${P - 1}`),
    ],
    [
      "v with an Infinity",
      () =>
        squareLossHvpArray(
          net,
          X,
          y,
          Float64Array.from({ length: P }, (_, k) => (k === 3 ? Infinity : 0)),
        ),
      /^v: expected .*\(entry 3 is Infinity\)/,
    ],
    [
      "a Float64Array v with a NaN (one hidden layer: found through the product)",
      () =>
        modelHvpArray(
          net,
          X[0],
          Float64Array.from({ length: P }, (_, k) => (k === 7 ? NaN : 1)),
        ),
      /^v: expected .*\(entry 7 is NaN\)/,
    ],
    [
      "a Float64Array v with an Infinity in the output layer's block",
      () =>
        modelHvpArray(
          net,
          X[0],
          Float64Array.from({ length: P }, (_, k) => (k === P - 1 ? -Infinity : 0)),
        ),
      new RegExp(`^v: expected .*\\(entry ${P - 1} is -Infinity\\)`),
    ],
    [
      "a Float64Array v with a NaN, two hidden layers",
      () =>
        modelHvpArray(
          nets[2][1],
          X[0],
          Float64Array.from({ length: nets[2][1].parameterCount }, () => NaN),
        ),
      /^v: expected .*\(entry 0 is NaN\)/,
    ],
    [
      "x of the wrong dimension",
      () => modelHvpArray(net, [1, 2], new Float64Array(P)),
      /^x: expected a Float64Array or number\[\] of 5 finite numbers \(the network's input dimension\), got length 2/,
    ],
  ])("%s", (_name, f, message) => {
    expect(f).toThrow(message);
  });
});

describe("one-hidden-layer fast paths agree with the layer-by-layer code (R-operator, batched passes)", () => {
  const cases: [string, Mlp][] = [
    ["tanh", mlp({ inputDim: 5, widths: [37], activation: "tanh", seed: 11 })],
    ["relu, odd sizes", mlp({ inputDim: 3, widths: [9], activation: "relu", seed: 12 })],
    [
      "erf, softplus output",
      mlp({ inputDim: 6, widths: [21], activation: "erf", outputActivation: "softplus", seed: 13 }),
    ],
    [
      "sigmoid, tanh output",
      mlp({ inputDim: 4, widths: [16], activation: "sigmoid", outputActivation: "tanh", seed: 14 }),
    ],
    [
      "linear, sigmoid output",
      mlp({ inputDim: 5, widths: [8], activation: "linear", outputActivation: "sigmoid", seed: 15 }),
    ],
  ];
  it.each(cases)(
    "jacobianMatrix (WebAssembly and plain loops) and modelHvpArray within 1e-13 of plForward / plHvp (%s)",
    (_name, net) => {
      const d = net.dims[0];
      const Xs = sphereData({ n: 5, inputDim: d, seed: 3 }).X;
      const D = { n: 5, d, data: Float64Array.from(Xs.flat()) };
      const cache = plForward(net, D);
      const P = net.parameterCount;
      const J = jacobianMatrix(net, Xs).data;
      // The generic Jacobian: row i = ∇_w f(x_i) = the weighted gradient with c = e_i.
      for (let i = 0; i < 5; i++) {
        const e = new Float64Array(5);
        e[i] = 1;
        expect(maxRel(J.subarray(i * P, (i + 1) * P), plWeightedGradient(net, cache, e))).toBeLessThan(1e-13);
      }
      // The plain-loop path (no WebAssembly) too.
      expect(maxRel(plOneHiddenJacobian(net, D, 1, false), J)).toBeLessThan(1e-13);
      const u = createRng(8).normals(P);
      const x = Float64Array.from(Xs[1]);
      const ref = plHvp(net, plForward(net, { n: 1, d, data: x }), u, new Float64Array([1]), null).hv;
      expect(maxRel(modelHvpArray(net, x, u), ref)).toBeLessThan(1e-13);
    },
  );
});

function maxRel(a: Float64Array, b: Float64Array): number {
  let num = 0,
    den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
}

describe("deep tangent kernels (Gram matrices by the WebAssembly product) equal J Jᵀ", () => {
  it.each([
    ["2 hidden layers, tanh, odd sizes", mlp({ inputDim: 5, widths: [13, 9], activation: "tanh", seed: 21 }), 11],
    [
      "3 hidden layers, relu, sigmoid output",
      mlp({ inputDim: 4, widths: [8, 6, 7], activation: "relu", outputActivation: "sigmoid", seed: 22 }),
      10,
    ],
  ] as [string, Mlp, number][])("%s: within 1e-13 of J Jᵀ from jacobianMatrix", (_name, net, n) => {
    const Xs = sphereData({ n, inputDim: net.dims[0], seed: 5 }).X;
    const K = tangentKernelMatrix(net, Xs).data;
    const J = jacobianMatrix(net, Xs);
    const P = J.cols;
    const JJ = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < P; p++) s += J.data[i * P + p] * J.data[j * P + p];
        JJ[i * n + j] = s;
      }
    expect(maxRel(K, JJ)).toBeLessThan(1e-13);
  });
});
