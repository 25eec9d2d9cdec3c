/**
 * Tensor backend selection for tfjs in Node.
 *
 * Order when nothing is forced: `tensorflow` (native libtensorflow, from `@tensorflow/tfjs-node-gpu` or
 * `@tensorflow/tfjs-node` when one installed and loads), else `wasm` (WebAssembly with SIMD), else `cpu`
 * (plain JavaScript). `LANDSCAPE_BACKEND` forces one; `gpu` demands a GPU (native CUDA or WebGPU) and fails with
 * a message saying what is missing. `tf.setBackend` returns false on failure and tfjs then silently stays on
 * another backend, so every switch is checked and the reason for the final choice is recorded.
 */
import { tf } from "./tf.js";
import { createRequire } from "node:module";

const requireHere = createRequire(__filename);

/** Names accepted by `LANDSCAPE_BACKEND` and {@link selectBackend}. */
export const BACKEND_CHOICES = ["auto", "gpu", "tensorflow", "webgpu", "wasm", "cpu"] as const;
/** A backend choice: `auto` picks the fastest that works; `gpu` demands a GPU. */
export type BackendChoice = (typeof BACKEND_CHOICES)[number];

/** What runs the tensors, for report headers and the kernel banner. */
export interface BackendInfo {
  /** The tfjs backend in use (`tensorflow`, `webgpu`, `wasm` or `cpu`). */
  backend: string;
  /** The device in words, e.g. `CPU (WebAssembly, SIMD, 1 thread)` or `GPU (CUDA)`. */
  device: string;
  /** What was asked for (`auto` unless forced by `LANDSCAPE_BACKEND` or an argument). */
  requested: BackendChoice;
  /** Why this backend runs: what was tried and what failed. */
  reason: string;
  /** Versions of the parts that compute. */
  versions: { tfjs: string; node: string; landscapeLab: string };
}

/** One way to bring up a backend; `load` registers it with tfjs or throws saying why it cannot. */
export interface BackendLoader {
  name: "tensorflow" | "webgpu" | "wasm" | "cpu";
  /** Registers the backend (idempotent). Throws with a human-readable reason when unavailable. */
  load(): Promise<void> | void;
  /** Describes the device once the backend is active. */
  device(): Promise<string> | string;
  /** True when this backend computes on a GPU. */
  gpu?(): boolean;
}

function libraryVersion(): string {
  try {
    return (requireHere("../../package.json") as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/**
 * Parses a backend choice, e.g. the value of `LANDSCAPE_BACKEND`.
 *
 * @param value - the text to parse; empty or undefined means `auto`.
 * @param source - what the text came from, named in the error.
 * @throws Error listing the valid names when `value` is not one of them.
 */
export function parseBackendChoice(value: string | undefined, source = "LANDSCAPE_BACKEND"): BackendChoice {
  if (value === undefined || value.trim() === "") return "auto";
  const v = value.trim().toLowerCase();
  if ((BACKEND_CHOICES as readonly string[]).includes(v)) return v as BackendChoice;
  throw new Error(`${source}: unknown backend "${value}"; expected one of ${BACKEND_CHOICES.join(", ")}`);
}

// ---------------------------------------------------------------------------------------------------------------
// GPU routes. Both loaders take their system dependencies as arguments (module loading, library probes), so tests
// can drive the real loader code with fakes on a machine without a GPU.

/** Where the dynamic libraries of a GPU route were looked for, and what was found. */
export interface GpuLibraryProbe {
  /** Library file names (sonames) that the dynamic loader can find, among those asked for. */
  found: string[];
  /** Those it cannot find. */
  missing: string[];
}

/**
 * Looks for shared libraries the way the dynamic loader would: `LD_LIBRARY_PATH`, the `ldconfig` cache and the usual
 * Debian/RHEL library folders. Used to say exactly which GPU library is missing.
 *
 * @param sonames - library file names, e.g. `["libvulkan.so.1"]`.
 */
export function probeSharedLibraries(sonames: readonly string[]): GpuLibraryProbe {
  const fs = requireHere("node:fs") as typeof import("node:fs");
  const cp = requireHere("node:child_process") as typeof import("node:child_process");
  const dirs = [
    ...(process.env.LD_LIBRARY_PATH ?? "").split(":").filter(Boolean),
    "/usr/lib/x86_64-linux-gnu",
    "/lib/x86_64-linux-gnu",
    "/usr/lib/aarch64-linux-gnu",
    "/usr/lib64",
    "/usr/lib",
    "/usr/local/cuda/lib64",
    "/usr/local/nvidia/lib64",
  ];
  let cache = "";
  for (const ldconfig of ["/sbin/ldconfig", "/usr/sbin/ldconfig"]) {
    try {
      const r = cp.spawnSync(ldconfig, ["-p"], { encoding: "utf8", timeout: 5000 });
      if (r.status === 0) {
        cache = r.stdout;
        break;
      }
    } catch {
      // no ldconfig: the folder scan below decides
    }
  }
  const found: string[] = [];
  const missing: string[] = [];
  for (const so of sonames) {
    const inCache = cache.split("\n").some((line) => line.trim().startsWith(so + " "));
    const onDisk = dirs.some((d) => fs.existsSync(`${d}/${so}`));
    (inCache || onDisk ? found : missing).push(so);
  }
  return { found, missing };
}

/** Folders where Vulkan ICD manifests (one JSON file per GPU driver) live. */
const VULKAN_ICD_DIRS = ["/usr/share/vulkan/icd.d", "/etc/vulkan/icd.d", "/usr/local/share/vulkan/icd.d"];

/** The Vulkan driver manifests installed (`VK_ICD_FILENAMES`/`VK_DRIVER_FILES`, else the standard folders). */
export function vulkanIcdFiles(): string[] {
  const fs = requireHere("node:fs") as typeof import("node:fs");
  const forced = process.env.VK_DRIVER_FILES ?? process.env.VK_ICD_FILENAMES;
  if (forced) return forced.split(":").filter((f) => f && fs.existsSync(f));
  const out: string[] = [];
  for (const d of VULKAN_ICD_DIRS) {
    try {
      for (const f of fs.readdirSync(d)) if (f.endsWith(".json")) out.push(`${d}/${f}`);
    } catch {
      // folder absent
    }
  }
  return out;
}

/** System dependencies of the native libtensorflow loader (replaced by fakes in tests). */
export interface TensorflowLoaderDeps {
  /** Loads a package by name (default: `require`). */
  requireModule?: (name: string) => unknown;
  /** Finds shared libraries (default: {@link probeSharedLibraries}). */
  probeLibraries?: (sonames: readonly string[]) => GpuLibraryProbe;
}

/** CUDA libraries libtensorflow 2.9.1 (tfjs-node-gpu 4.22) opens at run time. */
export const TFJS_NODE_GPU_CUDA_LIBS = ["libcudart.so.11.0", "libcublas.so.11", "libcudnn.so.8"] as const;

/**
 * Builds the native libtensorflow loader: `@tensorflow/tfjs-node-gpu` (CUDA) first, then `@tensorflow/tfjs-node`
 * (CPU). A GPU build whose CUDA 11 / cuDNN 8 libraries are missing runs on the CPU (libtensorflow falls back
 * silently); the loader notices and reports `gpu() === false` with the missing libraries in `device()`.
 */
export function createTensorflowLoader(deps: TensorflowLoaderDeps = {}): BackendLoader {
  const load = deps.requireModule ?? ((name: string) => requireHere(name));
  const probe = deps.probeLibraries ?? probeSharedLibraries;
  let pkgLoaded: string | undefined;
  let missingCuda: string[] = [];
  return {
    name: "tensorflow",
    load() {
      if (tf.findBackendFactory("tensorflow") && pkgLoaded) return;
      const errors: string[] = [];
      for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
        try {
          load(pkg);
        } catch (e) {
          errors.push(`${pkg}: ${firstLine(e)}`);
          continue;
        }
        if (tf.findBackendFactory("tensorflow")) {
          pkgLoaded = pkg;
          missingCuda = pkg.endsWith("-gpu") ? probe(TFJS_NODE_GPU_CUDA_LIBS).missing : [];
          return;
        }
        errors.push(
          `${pkg}: loaded but registered no "tensorflow" backend (an alias of plain tfjs, see environment.md)`,
        );
      }
      throw new Error(errors.join("; "));
    },
    device() {
      if (pkgLoaded?.endsWith("-gpu")) {
        return missingCuda.length
          ? `CPU (libtensorflow GPU build without CUDA: ${missingCuda.join(", ")} not found; needs CUDA 11.2 + cuDNN 8.1)`
          : "GPU (CUDA, libtensorflow)";
      }
      return "CPU (libtensorflow)";
    },
    gpu: () => Boolean(pkgLoaded?.endsWith("-gpu")) && missingCuda.length === 0,
  };
}

/** Native libtensorflow through tfjs-node-gpu (CUDA) or tfjs-node (CPU). */
export const tensorflowLoader: BackendLoader = createTensorflowLoader();

/** The parts of the `webgpu` npm package (Dawn for Node) the loader uses. */
export interface WebgpuModule {
  /** Creates a `GPU` object (what `navigator.gpu` is in a browser) from Dawn toggles. */
  create(options: string[]): unknown;
  /** WebGPU's global constructors and constants (GPUBufferUsage, GPUMapMode, …) that tfjs expects on globalThis. */
  globals?: Record<string, unknown>;
}

/** System dependencies of the WebGPU loader (replaced by fakes in tests). */
export interface WebgpuLoaderDeps {
  /** Loads the `webgpu` package (default: `require("webgpu")`, falling back to `import()`). */
  loadWebgpu?: () => WebgpuModule | Promise<WebgpuModule>;
  /** Loads `@tensorflow/tfjs-backend-webgpu`, which registers the `webgpu` backend (default: `require`). */
  loadTfjsWebgpu?: () => unknown;
  /** Finds shared libraries (default: {@link probeSharedLibraries}). */
  probeLibraries?: (sonames: readonly string[]) => GpuLibraryProbe;
  /** Lists Vulkan driver manifests (default: {@link vulkanIcdFiles}). */
  icdFiles?: () => string[];
}

interface GpuAdapterLike {
  /** True for a software (CPU) implementation, per the WebGPU spec. */
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; device?: string; description?: string };
  requestDevice?: (descriptor?: { requiredFeatures?: unknown[] }) => Promise<unknown>;
}

interface GpuLike {
  requestAdapter(options?: unknown): Promise<GpuAdapterLike | null>;
}

/**
 * Explains a missing WebGPU adapter: which part of the Vulkan stack is absent.
 *
 * @param probe - shared-library lookup; @param icdFiles - Vulkan driver manifests.
 */
export function explainNoWebgpuAdapter(
  probe: (sonames: readonly string[]) => GpuLibraryProbe = probeSharedLibraries,
  icdFiles: () => string[] = vulkanIcdFiles,
): string {
  if (probe(["libvulkan.so.1"]).missing.length) {
    return (
      "WebGPU found no adapter: the Vulkan loader libvulkan.so.1 is not installed (Debian: apt-get install " +
      "libvulkan1), and a GPU with its Vulkan driver (NVIDIA: the driver's Vulkan ICD) is needed too"
    );
  }
  const icds = icdFiles();
  if (!icds.length) {
    return (
      "WebGPU found no adapter: libvulkan.so.1 is there but no Vulkan driver is installed (no ICD manifest in " +
      `${VULKAN_ICD_DIRS.join(", ")}; NVIDIA: the driver's Vulkan ICD, e.g. Debian nvidia-vulkan-icd)`
    );
  }
  return (
    `WebGPU found no adapter although Vulkan drivers are installed (${icds.join(", ")}): no usable GPU is visible ` +
    "to this process, or Dawn rejected every Vulkan device (software drivers such as Mesa 22's lavapipe lack " +
    "features it requires); check nvidia-smi, /dev/nvidia* and that the ICD matches the kernel driver's version"
  );
}

/**
 * Builds the WebGPU loader: Dawn from the `webgpu` npm package provides `navigator.gpu` in Node and
 * `@tensorflow/tfjs-backend-webgpu` registers the `webgpu` backend on it. Needs, at run time, the Vulkan loader
 * (`libvulkan1`) and a GPU's Vulkan driver; without an adapter it throws saying which part is missing.
 */
export function createWebgpuLoader(deps: WebgpuLoaderDeps = {}): BackendLoader {
  const loadWebgpu =
    deps.loadWebgpu ??
    (async (): Promise<WebgpuModule> => {
      try {
        return requireHere("webgpu") as WebgpuModule;
      } catch (e) {
        const code = (e as { code?: string }).code;
        // The package is an ES module: require() of it needs Node ≥ 20.19; older versions import() it.
        if (code === "ERR_REQUIRE_ESM") return (await import("webgpu")) as unknown as WebgpuModule;
        throw e;
      }
    });
  const loadTfjsWebgpu = deps.loadTfjsWebgpu ?? (() => requireHere("@tensorflow/tfjs-backend-webgpu"));
  const probe = deps.probeLibraries ?? probeSharedLibraries;
  const icdFiles = deps.icdFiles ?? vulkanIcdFiles;
  let adapterName = "";
  let software = false;
  return {
    name: "webgpu",
    async load() {
      if (tf.findBackendFactory("webgpu") && adapterName) return;
      let mod: WebgpuModule;
      try {
        mod = await loadWebgpu();
      } catch (e) {
        throw new Error(
          `the "webgpu" package is not installed or does not load: ${firstLine(e)} ` +
            "(it is an optional dependency: npm install webgpu@0.6.2 @tensorflow/tfjs-backend-webgpu@4.22.0)",
        );
      }
      if (typeof mod?.create !== "function") throw new Error('the "webgpu" package has no create(): not Dawn for Node');
      const gpu = mod.create([]) as GpuLike;
      const adapter = await gpu.requestAdapter({ powerPreference: "high-performance" });
      if (!adapter) throw new Error(explainNoWebgpuAdapter(probe, icdFiles));
      const info = adapter.info ?? {};
      adapterName = [info.vendor, info.architecture, info.device || info.description].filter(Boolean).join(" ");
      // A software rasterizer is WebGPU on the CPU: usable when webgpu is asked for by name, never as "a GPU".
      software = adapter.isFallbackAdapter === true || /llvmpipe|lavapipe|swiftshader|software/i.test(adapterName);
      // tfjs-backend-webgpu uses browser globals: GPUBufferUsage, GPUMapMode, GPUTextureUsage, … (Dawn exports them).
      const g = globalThis as Record<string, unknown>;
      for (const [k, v] of Object.entries(mod.globals ?? {})) if (g[k] === undefined) g[k] = v;
      // tfjs 4.22 asks for requiredFeatures [..., ['bgra8unorm-storage']] (an array inside the array); a browser's
      // WebIDL conversion stringifies it, Dawn for Node may not: flatten it before it reaches Dawn.
      const gpuForTfjs: GpuLike = {
        requestAdapter: async (options?: unknown) => {
          const a = await gpu.requestAdapter(options);
          if (a && typeof a.requestDevice === "function") {
            const requestDevice = a.requestDevice.bind(a);
            try {
              a.requestDevice = (d) =>
                requestDevice(d?.requiredFeatures ? { ...d, requiredFeatures: d.requiredFeatures.flat() } : d);
            } catch {
              // a frozen adapter object: leave tfjs's request as it is
            }
          }
          return a;
        },
      };
      if (!g.navigator)
        Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
      try {
        (g.navigator as { gpu?: unknown }).gpu = gpuForTfjs;
      } catch {
        Object.defineProperty(g.navigator as object, "gpu", { value: gpuForTfjs, configurable: true, writable: true });
      }
      try {
        loadTfjsWebgpu();
      } catch (e) {
        throw new Error(`@tensorflow/tfjs-backend-webgpu does not load: ${firstLine(e)}`);
      }
      if (!tf.findBackendFactory("webgpu")) {
        throw new Error(
          '@tensorflow/tfjs-backend-webgpu loaded but registered no "webgpu" backend (navigator.gpu unset?)',
        );
      }
    },
    device: () =>
      `${software ? "CPU (WebGPU software adapter" : "GPU (WebGPU"}${adapterName ? `: ${adapterName}` : ""}, float32)`,
    gpu: () => !software,
  };
}

/** WebGPU through the `webgpu` npm package (Dawn) and `@tensorflow/tfjs-backend-webgpu`. */
export const webgpuLoader: BackendLoader = createWebgpuLoader();

/** WebAssembly with SIMD (single-threaded in Node). */
export const wasmLoader: BackendLoader = {
  name: "wasm",
  load() {
    if (tf.findBackendFactory("wasm")) return;
    requireHere("@tensorflow/tfjs-backend-wasm");
  },
  async device() {
    const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
    return `CPU (WebAssembly, ${simd ? "SIMD" : "no SIMD"}, 1 thread, float32)`;
  },
};

/** Plain JavaScript kernels (slow; always there). */
export const cpuLoader: BackendLoader = {
  name: "cpu",
  load() {
    if (!tf.findBackendFactory("cpu")) throw new Error("tfjs has no cpu backend registered");
  },
  device: () => "CPU (JavaScript, float32)",
};

const DEFAULT_LOADERS: Record<BackendLoader["name"], BackendLoader> = {
  tensorflow: tensorflowLoader,
  webgpu: webgpuLoader,
  wasm: wasmLoader,
  cpu: cpuLoader,
};

function firstLine(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  return msg.split("\n")[0];
}

let current: BackendInfo | undefined;

/**
 * Selects and activates the tensor backend, checking that tfjs really switched.
 *
 * @param options.choice - what to use; default: `LANDSCAPE_BACKEND`, else `auto`.
 * @param options.loaders - replacement loaders (tests use fakes for backends this machine lacks).
 * @returns what now runs and why.
 * @throws Error when a forced backend cannot start (the message says what is missing), or when the choice is
 *   not a known name.
 */
export async function selectBackend(
  options: { choice?: BackendChoice | string; loaders?: Partial<Record<BackendLoader["name"], BackendLoader>> } = {},
): Promise<BackendInfo> {
  const requested =
    options.choice === undefined
      ? parseBackendChoice(process.env.LANDSCAPE_BACKEND)
      : parseBackendChoice(options.choice, "choice");
  const loaders = { ...DEFAULT_LOADERS, ...options.loaders };
  const order: BackendLoader[] =
    requested === "auto"
      ? [loaders.tensorflow, loaders.wasm, loaders.cpu]
      : requested === "gpu"
        ? [loaders.tensorflow, loaders.webgpu]
        : [loaders[requested]];
  const failures: string[] = [];
  for (const loader of order) {
    try {
      await loader.load();
      const ok = await tf.setBackend(loader.name);
      if (!ok || tf.getBackend() !== loader.name) {
        throw new Error(`tf.setBackend("${loader.name}") returned false; tfjs stayed on "${tf.getBackend()}"`);
      }
      await tf.ready();
      if (requested === "gpu" && !(loader.gpu?.() ?? false)) {
        throw new Error(`${loader.name} runs on the CPU here, not on a GPU: ${await loader.device()}`);
      }
      const device = await loader.device();
      const reason =
        (requested === "auto"
          ? "auto: fastest available"
          : `forced by ${options.choice ?? "LANDSCAPE_BACKEND"}=${requested}`) +
        (failures.length ? `; skipped ${failures.join("; ")}` : "");
      current = {
        backend: loader.name,
        device,
        requested,
        reason,
        versions: { tfjs: tf.version.tfjs, node: process.versions.node, landscapeLab: libraryVersion() },
      };
      return current;
    } catch (e) {
      failures.push(`${loader.name} (${firstLine(e)})`);
    }
  }
  if (requested === "gpu") {
    throw new Error(
      `LANDSCAPE_BACKEND=gpu: no GPU backend could start: ${failures.join("; ")}. ` +
        "Use the CPU kernel (landscape-lab) or see environment.md for what a GPU machine needs.",
    );
  }
  throw new Error(`backend "${requested}" could not start: ${failures.join("; ")}`);
}

let pending: Promise<BackendInfo> | undefined;

/**
 * Selects the backend once per process (from `LANDSCAPE_BACKEND`, else automatically) and returns what runs.
 * Notebooks `await` this in their first cell; library functions that use tensors call it too.
 */
export function ensureBackend(): Promise<BackendInfo> {
  if (!pending) {
    pending = selectBackend();
    pending.catch(() => {
      pending = undefined;
    });
  }
  return pending;
}

/**
 * The backend now running, for report headers. Before {@link ensureBackend} has finished it describes tfjs's
 * default and says that no selection was made yet.
 */
export function backendInfo(): BackendInfo {
  if (current && tf.getBackend() === current.backend) return { ...current, versions: { ...current.versions } };
  return {
    backend: tf.getBackend(),
    device: "unknown",
    requested: parseBackendChoice(process.env.LANDSCAPE_BACKEND),
    reason: "no selection yet (await ensureBackend())",
    versions: { tfjs: tf.version.tfjs, node: process.versions.node, landscapeLab: libraryVersion() },
  };
}
