import { afterEach, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import {
  TFJS_NODE_GPU_CUDA_LIBS,
  createTensorflowLoader,
  createWebgpuLoader,
  explainNoWebgpuAdapter,
  probeSharedLibraries,
  selectBackend,
  tf,
  type BackendLoader,
  type GpuLibraryProbe,
  type WebgpuModule,
} from "../src/tensor/index.js";

const requireHere = createRequire(__filename);

/** A stand-in for a native backend: enough for tf.setBackend to succeed (no kernels: no ops run on it). */
class FakeNativeBackend extends tf.KernelBackend {
  override dispose(): void {}
}

function registerFakeBackend(name: string, init?: () => Promise<void>): void {
  if (tf.findBackendFactory(name)) tf.removeBackend(name);
  tf.registerBackend(name, async () => {
    await init?.();
    return new FakeNativeBackend();
  });
}

const allFound = (sonames: readonly string[]): GpuLibraryProbe => ({ found: [...sonames], missing: [] });
const noneFound = (sonames: readonly string[]): GpuLibraryProbe => ({ found: [], missing: [...sonames] });
const failing = (name: BackendLoader["name"], why: string): BackendLoader => ({
  name,
  load() {
    throw new Error(why);
  },
  device: () => "never",
});

const saved = { navigator: Object.getOwnPropertyDescriptor(globalThis, "navigator") };

afterEach(async () => {
  for (const name of ["tensorflow", "webgpu"]) if (tf.findBackendFactory(name)) tf.removeBackend(name);
  const g = globalThis as Record<string, unknown>;
  delete g.GPUBufferUsage;
  delete g.GPUMapMode;
  if (saved.navigator) Object.defineProperty(globalThis, "navigator", saved.navigator);
  else delete g.navigator;
  await selectBackend({ choice: "wasm" });
});

describe("GPU route 1: native libtensorflow with CUDA (@tensorflow/tfjs-node-gpu), driven by a fake package", () => {
  it("with tfjs-node-gpu and CUDA 11/cuDNN 8 present, LANDSCAPE_BACKEND=gpu selects it and reports a CUDA GPU", async () => {
    const loaded: string[] = [];
    const loader = createTensorflowLoader({
      requireModule: (name) => {
        loaded.push(name);
        if (name === "@tensorflow/tfjs-node-gpu") registerFakeBackend("tensorflow");
        return {};
      },
      probeLibraries: allFound,
    });
    const old = process.env.LANDSCAPE_BACKEND;
    process.env.LANDSCAPE_BACKEND = "gpu";
    try {
      const info = await selectBackend({ loaders: { tensorflow: loader } });
      expect(info).toMatchObject({ backend: "tensorflow", requested: "gpu", device: "GPU (CUDA, libtensorflow)" });
      expect(info.reason).toMatch(/forced by LANDSCAPE_BACKEND=gpu/);
      expect(tf.getBackend()).toBe("tensorflow");
      expect(loaded).toEqual(["@tensorflow/tfjs-node-gpu"]); // the GPU package is tried first
      expect(loader.gpu?.()).toBe(true);
    } finally {
      if (old === undefined) delete process.env.LANDSCAPE_BACKEND;
      else process.env.LANDSCAPE_BACKEND = old;
    }
  });

  it("tfjs-node-gpu without the CUDA libraries runs on the CPU: auto still uses it, a demanded GPU fails naming them", async () => {
    const probed: string[][] = [];
    const make = () =>
      createTensorflowLoader({
        requireModule: (name) => {
          if (name === "@tensorflow/tfjs-node-gpu") registerFakeBackend("tensorflow");
          return {};
        },
        probeLibraries: (sonames) => {
          probed.push([...sonames]);
          return noneFound(sonames);
        },
      });
    const auto = await selectBackend({ choice: "auto", loaders: { tensorflow: make() } });
    expect(auto.backend).toBe("tensorflow");
    expect(auto.device).toMatch(/^CPU \(libtensorflow GPU build without CUDA: libcudart\.so\.11\.0.*CUDA 11\.2/);
    expect(probed[0]).toEqual([...TFJS_NODE_GPU_CUDA_LIBS]);
    tf.removeBackend("tensorflow");
    await expect(
      selectBackend({
        choice: "gpu",
        loaders: { tensorflow: make(), webgpu: failing("webgpu", "no adapter (fake)") },
      }),
    ).rejects.toThrow(
      /^LANDSCAPE_BACKEND=gpu: no GPU backend could start: tensorflow \(tensorflow runs on the CPU here, not on a GPU: .*libcudnn\.so\.8.*\); webgpu \(no adapter \(fake\)\)/,
    );
  });

  it("tfjs-node aliased to plain tfjs (this project's override) is reported, not mistaken for libtensorflow", () => {
    const loader = createTensorflowLoader({
      requireModule: (name) => {
        if (name === "@tensorflow/tfjs-node-gpu") throw new Error("Cannot find module '@tensorflow/tfjs-node-gpu'");
        return {}; // the alias loads and registers nothing
      },
      probeLibraries: allFound,
    });
    expect(() => loader.load()).toThrow(
      /@tensorflow\/tfjs-node-gpu: Cannot find module.*; @tensorflow\/tfjs-node: loaded but registered no "tensorflow" backend/,
    );
  });
});

describe("GPU route 2: WebGPU through Dawn (webgpu npm package) and @tensorflow/tfjs-backend-webgpu, with fakes", () => {
  function fakeDawn(adapter: object | null): WebgpuModule {
    return {
      create: () => ({ requestAdapter: async () => adapter }),
      globals: { GPUBufferUsage: { MAP_READ: 1, COPY_DST: 8 }, GPUMapMode: { READ: 1 } },
    };
  }

  it("no adapter: the error says which part of the Vulkan stack is missing", async () => {
    const noVulkan = createWebgpuLoader({ loadWebgpu: () => fakeDawn(null), probeLibraries: noneFound });
    await expect(noVulkan.load()).rejects.toThrow(
      /libvulkan\.so\.1 is not installed \(Debian: apt-get install libvulkan1\)/,
    );
    const noDriver = createWebgpuLoader({
      loadWebgpu: () => fakeDawn(null),
      probeLibraries: allFound,
      icdFiles: () => [],
    });
    await expect(noDriver.load()).rejects.toThrow(/no Vulkan driver is installed .*nvidia-vulkan-icd/);
    const noDevice = createWebgpuLoader({
      loadWebgpu: () => fakeDawn(null),
      probeLibraries: allFound,
      icdFiles: () => ["/usr/share/vulkan/icd.d/nvidia_icd.json"],
    });
    await expect(noDevice.load()).rejects.toThrow(
      /no usable GPU is visible .*nvidia_icd\.json|nvidia_icd\.json.*no usable GPU/,
    );
  });

  it("the webgpu package missing is reported as an optional dependency to install", async () => {
    const loader = createWebgpuLoader({
      loadWebgpu: () => {
        throw new Error("Cannot find module 'webgpu'");
      },
    });
    await expect(loader.load()).rejects.toThrow(/the "webgpu" package is not installed .*npm install webgpu@0\.6\.2/);
  });

  it("with an adapter: navigator.gpu and WebGPU's globals are set up for tfjs, nested requiredFeatures are flattened, and a demanded GPU selects webgpu", async () => {
    let deviceRequest: { requiredFeatures?: unknown[] } | undefined;
    const adapter = {
      info: { vendor: "nvidia", architecture: "hopper", device: "", description: "NVIDIA H100" },
      requestDevice: async (d?: { requiredFeatures?: unknown[] }) => {
        deviceRequest = d;
        return {};
      },
    };
    const loader = createWebgpuLoader({
      loadWebgpu: () => fakeDawn(adapter),
      loadTfjsWebgpu: () => {
        // what @tensorflow/tfjs-backend-webgpu does on require: register only if navigator.gpu exists, then ask it
        const nav = (globalThis as { navigator?: { gpu?: { requestAdapter(): Promise<typeof adapter> } } }).navigator;
        if (!nav?.gpu) return;
        registerFakeBackend("webgpu", async () => {
          const a = await nav.gpu!.requestAdapter();
          await a.requestDevice({ requiredFeatures: ["timestamp-query", ["bgra8unorm-storage"]] });
        });
      },
    });
    const info = await selectBackend({
      choice: "gpu",
      loaders: { tensorflow: failing("tensorflow", "no libtensorflow (fake)"), webgpu: loader },
    });
    expect(info.backend).toBe("webgpu");
    expect(info.device).toBe("GPU (WebGPU: nvidia hopper NVIDIA H100, float32)");
    expect(info.reason).toMatch(/skipped tensorflow \(no libtensorflow \(fake\)\)/);
    expect(deviceRequest?.requiredFeatures).toEqual(["timestamp-query", "bgra8unorm-storage"]);
    const g = globalThis as Record<string, unknown>;
    expect(g.GPUBufferUsage).toEqual({ MAP_READ: 1, COPY_DST: 8 });
    expect((g.navigator as { gpu?: unknown }).gpu).toBeDefined();
  });

  it("a software WebGPU adapter (fallback, e.g. llvmpipe) is WebGPU on the CPU: a demanded GPU is refused", async () => {
    const make = () =>
      createWebgpuLoader({
        loadWebgpu: () => fakeDawn({ isFallbackAdapter: true, info: { vendor: "mesa", device: "llvmpipe (LLVM 15)" } }),
        loadTfjsWebgpu: () => registerFakeBackend("webgpu"),
      });
    await expect(
      selectBackend({ choice: "gpu", loaders: { tensorflow: failing("tensorflow", "none (fake)"), webgpu: make() } }),
    ).rejects.toThrow(
      /webgpu \(webgpu runs on the CPU here, not on a GPU: CPU \(WebGPU software adapter: mesa llvmpipe/,
    );
    tf.removeBackend("webgpu");
    const byName = await selectBackend({ choice: "webgpu", loaders: { webgpu: make() } });
    expect(byName.device).toMatch(/^CPU \(WebGPU software adapter/);
  });

  it("a tfjs-backend-webgpu that registers nothing (loaded before navigator.gpu existed) is an error, not a silent CPU", async () => {
    const loader = createWebgpuLoader({
      loadWebgpu: () => fakeDawn({ info: {} }),
      loadTfjsWebgpu: () => ({}),
    });
    await expect(loader.load()).rejects.toThrow(/registered no "webgpu" backend/);
  });
});

describe("GPU routes on this machine (real packages)", () => {
  const vulkan = probeSharedLibraries(["libvulkan.so.1"]);

  it("the webgpu package (Dawn) loads; without the Vulkan loader it finds no adapter", async () => {
    const dawn = requireHere("webgpu") as WebgpuModule;
    expect(typeof dawn.create).toBe("function");
    expect(dawn.globals?.GPUBufferUsage).toBeDefined();
    const gpu = dawn.create([]) as { requestAdapter(): Promise<unknown> };
    const adapter = await gpu.requestAdapter();
    if (vulkan.missing.length) expect(adapter).toBeNull();
    else expect(adapter === null || typeof adapter === "object").toBe(true);
    if (adapter === null) expect(explainNoWebgpuAdapter()).toMatch(/^WebGPU found no adapter: /);
  });

  it("LANDSCAPE_BACKEND=gpu without a GPU fails with a message naming each route and what it lacks", async () => {
    const old = process.env.LANDSCAPE_BACKEND;
    process.env.LANDSCAPE_BACKEND = "gpu";
    try {
      const outcome = await selectBackend().then(
        (info) => ({ info, error: undefined }),
        (error: Error) => ({ info: undefined, error }),
      );
      if (outcome.info) {
        // only on a machine with a working GPU route
        expect(outcome.info.device).toMatch(/^GPU/);
      } else {
        const msg = outcome.error!.message;
        expect(msg).toMatch(/^LANDSCAPE_BACKEND=gpu: no GPU backend could start: tensorflow \(/);
        expect(msg).toMatch(/@tensorflow\/tfjs-node-gpu/);
        expect(msg).toMatch(/; webgpu \(/);
        expect(msg).toMatch(/see environment\.md/);
        if (vulkan.missing.length)
          expect(msg).toMatch(/libvulkan\.so\.1 is not installed \(Debian: apt-get install libvulkan1\)/);
      }
    } finally {
      if (old === undefined) delete process.env.LANDSCAPE_BACKEND;
      else process.env.LANDSCAPE_BACKEND = old;
    }
  });
});
