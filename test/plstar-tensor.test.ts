/**
 * The tfjs (float32) tangent kernel of one-hidden-layer networks — the GPU route of tutorial 1's width sweep —
 * against the float64 kernel, on the backends this machine has (wasm, cpu).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import * as path from "node:path";
import {
  ACTIVATIONS,
  activation,
  backendInfo,
  ensureBackend,
  liveTensors,
  selectBackend,
  tf,
} from "../src/tensor/index.js";
import {
  mlp,
  mlpFromWeights,
  sphereData,
  tangentKernel,
  tangentKernelTensor,
  widthSweep,
  type Mlp,
} from "../src/plstar/index.js";
import { plResolveKernel } from "../src/plstar/tensor.js";

function relFrobenius(A: number[][], B: number[][]): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < B.length; i++)
    for (let j = 0; j < B.length; j++) {
      num += (A[i][j] - B[i][j]) ** 2;
      den += B[i][j] ** 2;
    }
  return Math.sqrt(num / den);
}

const data = sphereData({ n: 7, inputDim: 5, seed: 11 });
const X = data.X;

beforeAll(async () => {
  await ensureBackend();
});

describe("tangentKernelTensor: K = [Σ_k σ(z_k)σ(z'_k) + (x·x'/d) Σ_k v_k² σ'(z_k)σ'(z'_k)]/m in float32", () => {
  const cases: { width: number; chunkColumns?: number }[] = [
    { width: 8 },
    { width: 300, chunkColumns: 64 }, // five chunks, the last one narrower
    { width: 2048 },
  ];
  for (const act of ["relu", "tanh", "erf", "softplus", "linear", "sigmoid"]) {
    it(`${act}: equals the float64 tangentKernel to float32 accuracy (relative Frobenius error < 1e-4), chunked or not`, async () => {
      for (const c of cases) {
        const net = mlp({ inputDim: 5, widths: [c.width], activation: act, seed: c.width });
        const K = await tangentKernelTensor(net, X, { chunkColumns: c.chunkColumns });
        const K64 = tangentKernel(net, X);
        expect(K.length).toBe(7);
        expect(relFrobenius(K, K64)).toBeLessThan(1e-4);
        for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++) expect(K[i][j]).toBe(K[j][i]);
      }
    });
  }

  it("with σ_out on the output, K is multiplied by σ_out'(f(x)) σ_out'(f(x')) (matches float64 for tanh, softplus)", async () => {
    for (const out of ["tanh", "softplus"]) {
      const net = mlp({ inputDim: 5, widths: [500], activation: "relu", outputActivation: out, seed: 3 });
      const K = await tangentKernelTensor(net, X, { chunkColumns: 128 });
      expect(relFrobenius(K, tangentKernel(net, X))).toBeLessThan(1e-4);
      const plain = await tangentKernelTensor(mlpFromWeights({ weights: weightsOf(net), activation: "relu" }), X);
      expect(relFrobenius(K, plain)).toBeGreaterThan(1e-2); // σ_out' really enters
    }
  });

  it("the chunk size changes the result only by float32 rounding", async () => {
    const net = mlp({ inputDim: 5, widths: [777], activation: "tanh", seed: 9 });
    const whole = await tangentKernelTensor(net, X);
    for (const chunkColumns of [1, 100, 777, 5000]) {
      expect(relFrobenius(await tangentKernelTensor(net, X, { chunkColumns }), whole)).toBeLessThan(1e-5);
    }
  });

  it("leaks no tensor (tf.memory().numTensors equal before and after), also when it throws", async () => {
    const net = mlp({ inputDim: 5, widths: [300], activation: "erf", outputActivation: "tanh", seed: 1 });
    const before = liveTensors();
    await tangentKernelTensor(net, X, { chunkColumns: 64 });
    await tangentKernelTensor(net, X);
    expect(liveTensors()).toBe(before);
    await expect(tangentKernelTensor(net, [[1, 2, 3, 4, Number.NaN]])).rejects.toThrow(/^X: /);
    expect(liveTensors()).toBe(before);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("bad input throws an error naming the argument and what was expected", async () => {
    const net = mlp({ inputDim: 5, widths: [16], activation: "relu", seed: 1 });
    const deep = mlp({ inputDim: 5, widths: [16, 16], activation: "relu", seed: 1 });
    await expect(tangentKernelTensor(deep, X)).rejects.toThrow(/^net: expected a network with one hidden layer/);
    await expect(tangentKernelTensor({} as Mlp, X)).rejects.toThrow(/^net: expected a network from mlp\(\)/);
    await expect(tangentKernelTensor(net, [[1, 2, 3]])).rejects.toThrow(/^X: expected rows of length 5/);
    await expect(tangentKernelTensor(net, [[1, 2, 3, 4, 5], [1]])).rejects.toThrow(/^X: expected a non-empty/);
    await expect(tangentKernelTensor(net, [])).rejects.toThrow(/^X: expected a non-empty/);
    await expect(tangentKernelTensor(net, X, { chunkColumns: 0 })).rejects.toThrow(
      /^options\.chunkColumns: expected an integer ≥ 1/,
    );
  });

  it("gives the same kernel on the cpu backend as on the default one (wasm), to float32 accuracy", async () => {
    const previous = backendInfo().backend;
    const net = mlp({ inputDim: 5, widths: [400], activation: "softplus", outputActivation: "tanh", seed: 4 });
    const K0 = await tangentKernelTensor(net, X, { chunkColumns: 150 });
    try {
      await selectBackend({ choice: "cpu" });
      expect(tf.getBackend()).toBe("cpu");
      const before = liveTensors();
      const K1 = await tangentKernelTensor(net, X, { chunkColumns: 150 });
      expect(liveTensors()).toBe(before);
      expect(relFrobenius(K1, K0)).toBeLessThan(1e-5);
      expect(relFrobenius(K1, tangentKernel(net, X))).toBeLessThan(1e-4);
    } finally {
      await selectBackend({ choice: previous });
    }
    expect(tf.getBackend()).toBe(previous);
  });
});

describe("Activation.derivative is σ' as a tensor op", () => {
  it("equals the float64 df of every activation on a grid (float32 accuracy)", () => {
    const xs = [-3, -1.2, -0.3, 0.4, 1.1, 2.5];
    for (const name of ACTIVATIONS) {
      const a = activation(name);
      const got = tf.tidy(() => Array.from(a.derivative(tf.tensor1d(xs)).dataSync()));
      xs.forEach((x, i) => expect(got[i]).toBeCloseTo(a.df(x), 6));
    }
  });
});

describe("widthSweep with kernel: tensor — the GPU route, checked here on the CPU backends", () => {
  const sweepData = sphereData({ n: 8, inputDim: 4, seed: 3 });
  const opts = { data: sweepData, widths: [32, 128, 512], activation: "relu", seeds: 2, seed: 5, workers: 1 };

  it("auto means tensor only on a GPU device; on the CPU the sweep stays float64", async () => {
    expect(plResolveKernel("auto", { device: "GPU (WebGPU: nvidia hopper, float32)" })).toBe("tensor");
    expect(plResolveKernel("auto", { device: "GPU (CUDA, libtensorflow)" })).toBe("tensor");
    expect(plResolveKernel("auto", { device: "CPU (WebAssembly, SIMD, 1 thread, float32)" })).toBe("float64");
    expect(plResolveKernel("auto", { device: "CPU (WebGPU software adapter: llvmpipe, float32)" })).toBe("float64");
    expect(plResolveKernel("float64", { device: "GPU (CUDA, libtensorflow)" })).toBe("float64");
    expect(plResolveKernel("auto")).toBe("float64"); // this machine has no GPU
    expect(() => plResolveKernel("gpu")).toThrow(/^kernel: expected "auto", "float64" or "tensor"/);
    const auto = await widthSweep(opts);
    expect(auto.kernel).toBe("float64");
    expect(await widthSweep({ ...opts, kernel: "float64" })).toStrictEqual(auto);
    await expect(widthSweep({ ...opts, kernel: "fp16" as "tensor" })).rejects.toThrow(/^kernel: /);
    await expect(widthSweep({ ...opts, kernel: "tensor", chunkColumns: 0 })).rejects.toThrow(/^chunkColumns: /);
  });

  it("λ_min(K), ‖K_m − K∞‖/‖K∞‖ and ‖H_f‖ agree with the float64 sweep (kernel in float32), no tensor leaked", async () => {
    for (const outputActivation of ["linear", "tanh"]) {
      const f64 = await widthSweep({ ...opts, outputActivation, kernel: "float64" });
      const before = liveTensors();
      const t32 = await widthSweep({ ...opts, outputActivation, kernel: "tensor", chunkColumns: 100 });
      expect(liveTensors()).toBe(before);
      expect(t32.kernel).toBe("tensor");
      expect(t32.rows.map((r) => [r.width, r.seed])).toEqual(f64.rows.map((r) => [r.width, r.seed]));
      t32.rows.forEach((r, i) => {
        const e = f64.rows[i];
        expect(Math.abs(r.lambdaMin - e.lambdaMin) / e.lambdaMin).toBeLessThan(1e-4);
        if (outputActivation === "linear") expect(Math.abs(r.kernelError - e.kernelError)).toBeLessThan(1e-5);
        else expect(r.kernelError).toBeNaN();
        expect(r.hessianNorm).toBe(e.hessianNorm); // float64 either way
      });
      expect(Math.abs(t32.hessianSlope - f64.hessianSlope)).toBe(0);
      if (outputActivation === "linear")
        expect(Math.abs(t32.kernelErrorSlope - f64.kernelErrorSlope)).toBeLessThan(1e-3);
    }
  });

  describe("on 2 worker threads (the built library: workers load dist/)", () => {
    const DIST = path.join(__dirname, "..", "dist", "index.js");
    let dist: typeof import("../src/index.js");
    beforeAll(() => {
      if (!existsSync(DIST))
        throw new Error("dist/ is missing: run `npm run build` first (the sweeps' workers load it)");
      dist = createRequire(__filename)(DIST) as typeof dist;
    });
    afterAll(async () => {
      await dist?.closeParallelPool();
    });

    it("each worker selects its own tfjs backend and the tensor sweep equals the serial tensor sweep bit for bit", async () => {
      await dist.ensureBackend();
      const serial = await dist.widthSweep({ ...opts, kernel: "tensor", workers: 1 });
      const parallel = await dist.widthSweep({ ...opts, kernel: "tensor", workers: 2 });
      expect(dist.lastParallelRun()).toMatchObject({ items: 6, workers: 2 });
      expect(parallel).toStrictEqual(serial);
      expect(serial.kernel).toBe("tensor");
    });
  });
});

function weightsOf(net: Mlp): number[][][] {
  return net.weights.map((W, l) => {
    const rows = net.dims[l + 1];
    const cols = net.dims[l];
    const out: number[][] = [];
    for (let r = 0; r < rows; r++) out.push(Array.from(W.subarray(r * cols, (r + 1) * cols)));
    return out;
  });
}
