/**
 * The one-hidden-layer tangent kernel on several threads (issue 15, item 2): the blocked kernel is bit-for-bit the
 * same for 1, 2 and 3 threads, also when helper threads computed some of the blocks; it agrees with the one-pass
 * kernel to rounding; the block cut depends on the sizes only.
 */
import { afterAll, describe, expect, it } from "vitest";
import { jacobianMatrix, mlp, sphereData, tangentKernelMatrix, type Mlp } from "../src/index.js";
import {
  SHARED_JACOBIAN_ENTRIES,
  BLOCKED_WORK,
  MAX_BLOCKS,
  closeKernelThreads,
  kernelBlocks,
  lastKernelThreadsRun,
} from "../src/plstar/kernelThreads.js";
import { CHUNK, plKernelOneHidden } from "../src/plstar/net.js";

afterAll(() => closeKernelThreads());

function sameBits(a: Float64Array, b: Float64Array): boolean {
  return (
    a.length === b.length &&
    Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))
  );
}

function maxRel(a: Float64Array, b: Float64Array): number {
  let num = 0,
    den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
}

describe("the block cut depends on n and m only", () => {
  it.each([
    [64, 4096],
    [47, 1000],
    [32, 16384],
    [400, 1024],
    [16, 1 << 20],
  ])("n = %i, m = %i: at most MAX_BLOCKS blocks of whole chunks covering every unit", (n, m) => {
    const { blocks, blockUnits } = kernelBlocks(n, m);
    expect(n * n * m).toBeGreaterThanOrEqual(BLOCKED_WORK);
    expect(blocks).toBeGreaterThanOrEqual(2);
    expect(blocks).toBeLessThanOrEqual(MAX_BLOCKS);
    expect(blockUnits % CHUNK).toBe(0);
    expect((blocks - 1) * blockUnits).toBeLessThan(m);
    expect(blocks * blockUnits).toBeGreaterThanOrEqual(m);
  });
  it("below n² m = BLOCKED_WORK there are no blocks (the one-pass kernel)", () => {
    expect(kernelBlocks(32, BLOCKED_WORK / 1024 - 1).blocks).toBe(0);
    expect(kernelBlocks(8, 4096).blocks).toBe(0);
  });
});

// Sizes past the threshold, odd n, d and last chunk included (the padding paths); every activation kind of kernel.
const cases: [string, Mlp, number][] = [
  ["relu, n = 64, d = 16, m = 4096", mlp({ inputDim: 16, widths: [4096], activation: "relu", seed: 1 }), 64],
  ["tanh, n = 47, d = 5, m = 1001", mlp({ inputDim: 5, widths: [1001], activation: "tanh", seed: 2 }), 47],
  [
    "softplus, sigmoid output, n = 45, d = 7, m = 1283",
    mlp({ inputDim: 7, widths: [1283], activation: "softplus", outputActivation: "sigmoid", seed: 3 }),
    45,
  ],
];

describe.each(cases)("blocked tangent kernel (%s)", (_name, net, n) => {
  const X = sphereData({ n, inputDim: net.dims[0], seed: 4 }).X;
  it("1, 2 and 3 threads give bit-identical kernels", () => {
    const one = tangentKernelMatrix(net, X, { threads: 1 });
    expect(lastKernelThreadsRun()).toMatchObject({ threads: 1, byHelpers: 0 });
    expect(lastKernelThreadsRun().blocks).toBeGreaterThanOrEqual(2);
    for (const threads of [2, 3]) expect(sameBits(tangentKernelMatrix(net, X, { threads }).data, one.data)).toBe(true);
  });
  it("a kernel whose blocks were partly computed by helper threads is bit-identical to the one-thread kernel", () => {
    const one = tangentKernelMatrix(net, X, { threads: 1 });
    // The helpers may still be starting, or descheduled on a loaded machine: call until one took a block.
    let helped = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000) {
      const K = tangentKernelMatrix(net, X, { threads: 2 });
      expect(sameBits(K.data, one.data)).toBe(true);
      if (lastKernelThreadsRun().byHelpers > 0) {
        helped++;
        if (helped >= 3) break;
      }
    }
    expect(helped).toBeGreaterThanOrEqual(3);
  });
  it("agrees with the one-pass kernel (WebAssembly and scalar JavaScript) to rounding, and is symmetric", () => {
    const K = tangentKernelMatrix(net, X, { threads: 2 }).data;
    const D = { n, d: net.dims[0], data: Float64Array.from(X.flat()) };
    expect(maxRel(K, plKernelOneHidden(net, D))).toBeLessThan(1e-13);
    expect(maxRel(K, plKernelOneHidden(net, D, { wasm: false }))).toBeLessThan(1e-13);
    for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) expect(K[i * n + j]).toBe(K[j * n + i]);
  });
});

describe("threaded kernel options", () => {
  const net = mlp({ inputDim: 3, widths: [8], activation: "relu", seed: 1 });
  const X = sphereData({ n: 4, inputDim: 3, seed: 1 }).X;
  it.each([0, 1.5, -2])("threads = %s throws an ArgumentError naming options.threads", (threads) => {
    expect(() => tangentKernelMatrix(net, X, { threads })).toThrow(/^options\.threads: expected an integer ≥ 1, got /);
  });
  it("below the threshold the kernel is the one-pass kernel, bit for bit", () => {
    const K = tangentKernelMatrix(net, X, { threads: 2 }).data;
    expect(lastKernelThreadsRun().blocks).toBe(0);
    expect(sameBits(K, plKernelOneHidden(net, { n: 4, d: 3, data: Float64Array.from(X.flat()) }))).toBe(true);
  });
});

const jacobianCases: [string, Mlp, number][] = [
  ["tanh, n = 32, d = 16, m = 1024", mlp({ inputDim: 16, widths: [1024], activation: "tanh", seed: 5 }), 32],
  [
    "relu, sigmoid output, n = 33, d = 7, m = 1001",
    mlp({ inputDim: 7, widths: [1001], activation: "relu", outputActivation: "sigmoid", seed: 6 }),
    33,
  ],
];

describe.each(jacobianCases)("Jacobian rows written by several threads (%s)", (_name, net, n) => {
  const X = sphereData({ n, inputDim: net.dims[0], seed: 7 }).X;
  it("1, 2 and 3 threads give bit-identical Jacobians; with threads > 1 it lives in a SharedArrayBuffer", () => {
    expect(n * net.parameterCount).toBeGreaterThanOrEqual(SHARED_JACOBIAN_ENTRIES);
    const one = jacobianMatrix(net, X, { threads: 1 });
    expect(one.data.buffer).toBeInstanceOf(ArrayBuffer);
    for (const threads of [2, 3]) {
      const J = jacobianMatrix(net, X, { threads });
      expect(J.data.buffer).toBeInstanceOf(SharedArrayBuffer);
      expect([J.rows, J.cols]).toEqual([one.rows, one.cols]);
      expect(sameBits(J.data, one.data)).toBe(true);
    }
  });
  it("a Jacobian whose rows were partly written by helper threads is bit-identical to the one-thread Jacobian", () => {
    const one = jacobianMatrix(net, X, { threads: 1 }).data;
    let helped = 0;
    const t0 = Date.now();
    while (Date.now() - t0 < 60_000 && helped < 3) {
      expect(sameBits(jacobianMatrix(net, X, { threads: 2 }).data, one)).toBe(true);
      if (lastKernelThreadsRun().byHelpers > 0) helped++;
    }
    expect(helped).toBe(3);
  });
});

describe("the shared array reused between calls", () => {
  it("kernels of alternating sizes (odd and even n, d, m) are the bits of the same calls made first", () => {
    // X1 rows cut to each network's input dimension (5 or 7; the sphere's rows need not be unit after the cut).
    const X1 = sphereData({ n: 47, inputDim: 7, seed: 8 }).X;
    const X2 = sphereData({ n: 64, inputDim: 16, seed: 9 }).X;
    const first = cases.map(([, net], i) =>
      tangentKernelMatrix(net, i === 0 ? X2 : X1.map((r) => r.slice(0, net.dims[0]))),
    );
    for (let round = 0; round < 3; round++)
      cases.forEach(([, net], i) => {
        const X = i === 0 ? X2 : X1.map((r) => r.slice(0, net.dims[0]));
        expect(sameBits(tangentKernelMatrix(net, X, { threads: 2 }).data, first[i].data)).toBe(true);
      });
  });
});
