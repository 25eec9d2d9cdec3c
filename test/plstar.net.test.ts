import { describe, expect, it } from "vitest";
import {
  hessianNorm,
  jacobian,
  lambdaMin,
  mlp,
  mlpFromWeights,
  mlpParameters,
  mlpWithParameters,
  mlpWeights,
  modelHvp,
  ntkInfinite,
  predict,
  sgdStepSize,
  squareLoss,
  squareLossGradient,
  squareLossHessianSpectrum,
  squareLossHvp,
  tangentKernel,
  tf,
  trainGD,
  trainSGD,
  plStarCheck,
} from "../src/index.js";
import { plKernelOneHidden } from "../src/plstar/net.js";
import {
  abtKernel as plAbtKernel,
  symmetricEigenvalues as plSymEigenvaluesOnly,
  symmetricExtremeEigenvalues as plSymExtremeEigenvalues,
} from "../src/linalg/index.js";
import { EigenvalueDecomposition, Matrix } from "ml-matrix";

const X3 = [
  [1, 0.5, -0.3],
  [0.2, -1, 0.7],
  [-0.4, 0.3, 1.1],
  [0.9, 0.9, 0.1],
];
const y3 = [0.3, -0.2, 0.5, 1.0];

function maxAbs(a: number[], b: number[]): number {
  return Math.max(...a.map((v, i) => Math.abs(v - b[i])));
}

describe("derivatives of an NTK-parameterized network agree with finite differences", () => {
  const nets = [
    mlp({ inputDim: 3, widths: [5, 4], activation: "tanh", outputActivation: "softplus", seed: 1 }),
    mlp({ inputDim: 3, widths: [6], activation: "erf", seed: 2 }),
    mlp({ inputDim: 3, widths: [4, 3], activation: "sigmoid", outputActivation: "tanh", seed: 3 }),
  ];

  it.each(nets.map((n, i) => [i, n] as const))("jacobian = central differences of f (net %i)", (_i, net) => {
    const J = jacobian(net, X3);
    const w = mlpParameters(net);
    const h = 1e-6;
    let err = 0;
    for (let p = 0; p < w.length; p++) {
      const wp = w.slice();
      wp[p] += h;
      const wm = w.slice();
      wm[p] -= h;
      const fp = predict(mlpWithParameters(net, wp), X3);
      const fm = predict(mlpWithParameters(net, wm), X3);
      for (let i = 0; i < X3.length; i++) err = Math.max(err, Math.abs((fp[i] - fm[i]) / (2 * h) - J[i][p]));
    }
    expect(J.length).toBe(X3.length);
    expect(J[0].length).toBe(net.parameterCount);
    expect(err).toBeLessThan(1e-8);
  });

  it.each(nets.map((n, i) => [i, n] as const))("model HVP ∇²f·v = difference of Jacobian rows (net %i)", (_i, net) => {
    const w = mlpParameters(net);
    const v = Array.from({ length: w.length }, (_, k) => Math.sin(k + 1));
    const e = 1e-5;
    const jp = jacobian(
      mlpWithParameters(
        net,
        w.map((a, k) => a + e * v[k]),
      ),
      X3,
    )[1];
    const jm = jacobian(
      mlpWithParameters(
        net,
        w.map((a, k) => a - e * v[k]),
      ),
      X3,
    )[1];
    const fd = jp.map((a, k) => (a - jm[k]) / (2 * e));
    const hv = modelHvp(net, X3[1], v);
    expect(maxAbs(hv, fd)).toBeLessThan(1e-7 * Math.max(1, ...hv.map(Math.abs)));
  });

  it.each(nets.map((n, i) => [i, n] as const))("loss HVP ∇²L·v = difference of loss gradients (net %i)", (_i, net) => {
    const w = mlpParameters(net);
    const v = Array.from({ length: w.length }, (_, k) => Math.cos(3 * k));
    const e = 1e-5;
    const gp = squareLossGradient(
      mlpWithParameters(
        net,
        w.map((a, k) => a + e * v[k]),
      ),
      X3,
      y3,
    );
    const gm = squareLossGradient(
      mlpWithParameters(
        net,
        w.map((a, k) => a - e * v[k]),
      ),
      X3,
      y3,
    );
    const fd = gp.map((a, k) => (a - gm[k]) / (2 * e));
    const hv = squareLossHvp(net, X3, y3, v);
    expect(maxAbs(hv, fd)).toBeLessThan(1e-7 * Math.max(1, ...hv.map(Math.abs)));
  });

  it("loss gradient = DFᵀ(F − y) and L = ½‖F − y‖²", () => {
    const net = nets[0];
    const J = jacobian(net, X3);
    const f = predict(net, X3);
    const r = f.map((v, i) => v - y3[i]);
    const g = squareLossGradient(net, X3, y3);
    const g2 = J[0].map((_, p) => J.reduce((s, row, i) => s + row[p] * r[i], 0));
    expect(maxAbs(g, g2)).toBeLessThan(1e-12);
    expect(squareLoss(net, X3, y3)).toBeCloseTo(0.5 * r.reduce((s, v) => s + v * v, 0), 14);
  });
});

describe("tangent kernel K = DF DFᵀ", () => {
  it("the layerwise kernel equals J Jᵀ for a deep net with an output activation", () => {
    const net = mlp({ inputDim: 3, widths: [7, 5, 4], activation: "softplus", outputActivation: "tanh", seed: 9 });
    const J = jacobian(net, X3);
    const K = tangentKernel(net, X3);
    for (let i = 0; i < X3.length; i++)
      for (let j = 0; j < X3.length; j++) {
        const s = J[i].reduce((a, v, p) => a + v * J[j][p], 0);
        expect(K[i][j]).toBeCloseTo(s, 13);
      }
  });

  it("a 2-layer linear net with explicit weights has K = 1.5·XXᵀ (computed by hand)", () => {
    // W1 = I₂, w2 = (1, 2), d = m = 2: K = (x·x'/2)/2 + (x·x'/2)(1² + 2²)/2 = 1.5 x·x'.
    const net = mlpFromWeights({
      weights: [
        [
          [1, 0],
          [0, 1],
        ],
        [[1, 2]],
      ],
      activation: "linear",
    });
    const X = [
      [1, 0],
      [0, 1],
      [1, 1],
    ];
    const K = tangentKernel(net, X);
    const expected = [
      [1.5, 0, 1.5],
      [0, 1.5, 1.5],
      [1.5, 1.5, 3],
    ];
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(K[i][j]).toBeCloseTo(expected[i][j], 14);
  });

  it("a 2-layer net from explicit weights matches the closed form Σ_k [σ(z_k)σ(z'_k) + v_k²σ'(z_k)σ'(z'_k)x·x'/d]/m", () => {
    const W1 = [
      [0.5, -1.2, 0.3],
      [1.1, 0.4, -0.7],
      [-0.2, 0.9, 1.5],
      [0.8, 0.8, -0.1],
      [-1.3, 0.2, 0.6],
    ];
    const v = [0.7, -1.1, 0.4, 1.9, -0.5];
    const d = 3,
      m = 5;
    for (const act of ["tanh", "relu", "erf"] as const) {
      const net = mlpFromWeights({ weights: [W1, [v]], activation: act });
      const K = tangentKernel(net, X3);
      const sig = (z: number) => (act === "tanh" ? Math.tanh(z) : act === "relu" ? Math.max(0, z) : erfRef(z));
      const dsig = (z: number) =>
        act === "tanh"
          ? 1 - Math.tanh(z) ** 2
          : act === "relu"
            ? z > 0
              ? 1
              : 0
            : (2 / Math.sqrt(Math.PI)) * Math.exp(-z * z);
      const z = (x: number[]) => W1.map((row) => row.reduce((s, w, j) => s + w * x[j], 0) / Math.sqrt(d));
      for (let i = 0; i < X3.length; i++)
        for (let j = 0; j < X3.length; j++) {
          const zi = z(X3[i]),
            zj = z(X3[j]);
          const xx = X3[i].reduce((s, a, k) => s + a * X3[j][k], 0);
          let s = 0;
          for (let k = 0; k < m; k++)
            s += (sig(zi[k]) * sig(zj[k]) + v[k] ** 2 * dsig(zi[k]) * dsig(zj[k]) * (xx / d)) / m;
          expect(K[i][j]).toBeCloseTo(s, 12);
        }
    }
  });

  it.each([
    [5, 3, 300, "tanh", "softplus"],
    [7, 4, 257, "erf", "linear"],
    [6, 5, 513, "relu", "tanh"],
    [1, 1, 1, "relu", "linear"],
    [4, 2, 40, "softplus", "sigmoid"],
    [7, 16, 600, "relu", "softplus"],
    [9, 3, 255, "relu", "linear"],
  ] as const)(
    "the fused one-hidden-layer kernel (WebAssembly SIMD and scalar paths) equals J Jᵀ (n=%i, d=%i, m=%i, %s, out %s)",
    (n, d, m, act, out) => {
      const X = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(3 * i + j + 1)));
      const net = mlp({ inputDim: d, widths: [m], activation: act, outputActivation: out, seed: n + m });
      const D = { n, d, data: Float64Array.from(X.flat()) };
      expect(plAbtKernel()).not.toBeNull();
      const J = jacobian(net, X);
      const kw = plKernelOneHidden(net, D);
      const ks = plKernelOneHidden(net, D, { wasm: false });
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const s = J[i].reduce((a, v, p) => a + v * J[j][p], 0);
          expect(kw[i * n + j]).toBeCloseTo(s, 12);
          expect(ks[i * n + j]).toBeCloseTo(s, 12);
        }
    },
  );

  it("mlpWeights round-trips through mlpFromWeights", () => {
    const net = mlp({ inputDim: 2, widths: [3], activation: "relu", seed: 4 });
    const back = mlpFromWeights({ weights: mlpWeights(net), activation: "relu" });
    expect(Array.from(mlpParameters(back))).toEqual(Array.from(mlpParameters(net)));
  });
});

// Abramowitz–Stegun-free erf reference by Simpson integration (independent of the library's erf).
function erfRef(x: number): number {
  const N = 2000;
  const h = x / N;
  let s = 1 + Math.exp(-x * x);
  for (let k = 1; k < N; k++) s += (k % 2 ? 4 : 2) * Math.exp(-((k * h) ** 2));
  return ((2 / Math.sqrt(Math.PI)) * (s * h)) / 3;
}

describe("lambdaMin", () => {
  it.each([1, 2, 3, 8, 17, 31, 100, 201])(
    "the eigenvalues-only solver (WebAssembly SIMD and scalar) agrees with ml-matrix's eigendecomposition (random symmetric, n = %i)",
    (n) => {
      const a = new Float64Array(n * n);
      let t = n;
      for (let i = 0; i < n; i++)
        for (let j = 0; j <= i; j++) {
          t = (t * 16807) % 2147483647;
          a[i * n + j] = a[j * n + i] = t / 2147483647 - 0.5;
        }
      const M = new Matrix(n, n);
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, a[i * n + j]);
      const ref = new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
      const ours = plSymEigenvaluesOnly(a, n);
      const scalar = plSymEigenvaluesOnly(a, n, { wasm: false });
      const ext = plSymExtremeEigenvalues(a, n);
      expect(Math.abs(ext.min - ref[0])).toBeLessThan(1e-12 * Math.max(1, n));
      expect(Math.abs(ext.max - ref[n - 1])).toBeLessThan(1e-12 * Math.max(1, n));
      for (let k = 0; k < n; k++) {
        expect(Math.abs(ours[k] - ref[k])).toBeLessThan(1e-12 * Math.max(1, n));
        expect(Math.abs(scalar[k] - ref[k])).toBeLessThan(1e-12 * Math.max(1, n));
      }
    },
  );

  it("handles rows that need no reflection (zero rows and columns) on both paths", () => {
    const n = 20;
    const a = new Float64Array(n * n);
    for (let i = 0; i < n; i++)
      for (let j = 0; j <= i; j++) a[i * n + j] = a[j * n + i] = i % 3 === 0 || j % 3 === 0 ? 0 : Math.cos(i * 7 + j);
    const M = new Matrix(n, n);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) M.set(i, j, a[i * n + j]);
    const ref = new EigenvalueDecomposition(M, { assumeSymmetric: true }).realEigenvalues.sort((x, y) => x - y);
    for (const wasm of [true, false]) {
      const ours = plSymEigenvaluesOnly(a, n, { wasm });
      for (let k = 0; k < n; k++) expect(Math.abs(ours[k] - ref[k])).toBeLessThan(1e-12);
    }
  });

  it("is 0 for a rank-deficient Gram matrix and exact for a diagonal one", () => {
    const B = [
      [1, 2],
      [0, 1],
      [3, -1],
      [1, 1],
    ];
    const G = B.map((r) => B.map((q) => r[0] * q[0] + r[1] * q[1]));
    expect(Math.abs(lambdaMin(G))).toBeLessThan(1e-13);
    expect(plSymEigenvaluesOnly(Float64Array.from([0, 0, 0, 0]), 2)).toEqual([0, 0]);
  });

  it("is the smallest eigenvalue of a symmetric matrix", () => {
    expect(
      lambdaMin([
        [3, 0, 0],
        [0, 1, 0],
        [0, 0, 2],
      ]),
    ).toBeCloseTo(1, 14);
    expect(
      lambdaMin([
        [2, 1],
        [1, 2],
      ]),
    ).toBeCloseTo(1, 14);
  });
});

describe("public functions leak no tensors", () => {
  it("tf.memory().numTensors is unchanged by every public function", () => {
    const before = tf.memory().numTensors;
    const net = mlp({ inputDim: 3, widths: [4], activation: "tanh", seed: 1 });
    const net2 = mlpFromWeights({ weights: mlpWeights(net), activation: "tanh" });
    jacobian(net2, X3);
    lambdaMin(tangentKernel(net, X3));
    hessianNorm(net, X3);
    squareLossHessianSpectrum(net, X3, y3);
    plStarCheck(net, X3, y3);
    ntkInfinite("relu", X3);
    ntkInfinite("erf", X3);
    sgdStepSize(net, X3, 2);
    trainGD(net, X3, y3, { lr: 0.1, steps: 3 });
    trainSGD(net, X3, y3, { lr: 0.05, steps: 3, batchSize: 2, seed: 1 });
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe("bad input throws an error naming the argument", () => {
  const net = mlp({ inputDim: 3, widths: [4], activation: "relu", seed: 1 });
  it.each([
    [
      "X and y of different lengths",
      () => trainGD(net, X3, [1, 2], { lr: 0.1, steps: 1 }),
      /^y: expected a number\[\] of 4 finite numbers.*\(length 2\)/,
    ],
    [
      "ragged X",
      () =>
        tangentKernel(net, [
          [1, 2, 3],
          [1, 2],
        ]),
      /^X: expected .*equal length/,
    ],
    ["NaN in X", () => jacobian(net, [[1, NaN, 3]]), /^X: expected .*finite numbers.*entry \[0\]\[1\] is NaN/],
    [
      "Infinity in y",
      () => trainGD(net, X3, [1, 2, Infinity, 0], { lr: 0.1, steps: 1 }),
      /^y: expected .*finite numbers.*entry 2 is Infinity/,
    ],
    ["X of the wrong dimension", () => tangentKernel(net, [[1, 2]]), /^X: expected rows of length 3/],
    ["empty X", () => tangentKernel(net, []), /^X: expected a non-empty/],
    [
      "width < 1",
      () => mlp({ inputDim: 3, widths: [0], activation: "relu", seed: 1 }),
      /^widths\[0\]: expected an integer ≥ 1/,
    ],
    ["inputDim 0", () => mlp({ inputDim: 0, widths: [2], activation: "relu", seed: 1 }), /^inputDim: /],
    [
      "unknown activation",
      () => mlp({ inputDim: 1, widths: [2], activation: "gelu", seed: 1 }),
      /^activation: expected one of/,
    ],
    ["lr = 0", () => trainGD(net, X3, y3, { lr: 0, steps: 1 }), /^lr: expected a finite number > 0/],
    ["lr < 0", () => trainSGD(net, X3, y3, { lr: -1, steps: 1, batchSize: 1, seed: 1 }), /^lr: /],
    ["batchSize > n", () => trainSGD(net, X3, y3, { lr: 0.1, steps: 1, batchSize: 5, seed: 1 }), /^batchSize: /],
    [
      "weights of inconsistent shapes",
      () =>
        mlpFromWeights({
          weights: [
            [
              [1, 2],
              [3, 4],
            ],
            [[1, 2, 3]],
          ],
          activation: "relu",
        }),
      /^weights: inconsistent shapes/,
    ],
    [
      "a last layer with 2 rows",
      () => mlpFromWeights({ weights: [[[1, 2]], [[1], [2]]], activation: "relu" }),
      /^weights: expected the last layer/,
    ],
    [
      "ragged weights",
      () => mlpFromWeights({ weights: [[[1, 2], [3]], [[1, 2]]], activation: "relu" }),
      /^weights\[0\]: /,
    ],
    [
      "non-square K",
      () =>
        lambdaMin([
          [1, 2, 3],
          [4, 5, 6],
        ]),
      /^K: expected a square matrix/,
    ],
    [
      "non-symmetric K",
      () =>
        lambdaMin([
          [1, 2],
          [0, 1],
        ]),
      /^K: expected a symmetric/,
    ],
    ["unknown NTK kind", () => ntkInfinite("tanh", X3), /^kind: /],
    ["not a network", () => tangentKernel({} as never, X3), /^net: /],
  ])("%s", (_name, fn, msg) => {
    expect(fn).toThrow(msg);
  });
});
