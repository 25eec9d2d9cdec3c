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

let nativeIsGpu = false;

/** Native libtensorflow through tfjs-node-gpu (CUDA) or tfjs-node (CPU). */
export const tensorflowLoader: BackendLoader = {
  name: "tensorflow",
  load() {
    if (tf.findBackendFactory("tensorflow")) return;
    const errors: string[] = [];
    for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
      try {
        requireHere(pkg);
      } catch (e) {
        errors.push(`${pkg}: ${firstLine(e)}`);
        continue;
      }
      if (tf.findBackendFactory("tensorflow")) {
        nativeIsGpu = pkg.endsWith("-gpu");
        return;
      }
      errors.push(`${pkg}: loaded but registered no "tensorflow" backend (an alias of plain tfjs, see environment.md)`);
    }
    throw new Error(errors.join("; "));
  },
  device() {
    return nativeIsGpu ? "GPU (CUDA, libtensorflow)" : "CPU (libtensorflow)";
  },
  gpu: () => nativeIsGpu,
};

/** WebGPU through the `webgpu` npm package (Dawn) and `@tensorflow/tfjs-backend-webgpu`. */
export const webgpuLoader: BackendLoader = {
  name: "webgpu",
  async load() {
    if (tf.findBackendFactory("webgpu")) return;
    let create: (opts: string[]) => unknown;
    try {
      ({ create } = requireHere("webgpu") as { create: (opts: string[]) => unknown });
    } catch (e) {
      throw new Error(`the "webgpu" package is not installed or does not load: ${firstLine(e)}`);
    }
    const gpu = create([]) as { requestAdapter(): Promise<unknown> };
    const adapter = await gpu.requestAdapter();
    if (!adapter) {
      throw new Error(
        "WebGPU found no adapter (no GPU, or no Vulkan loader/driver: Debian libvulkan1 and the NVIDIA Vulkan ICD)",
      );
    }
    const g = globalThis as unknown as { navigator?: { gpu?: unknown } };
    if (!g.navigator) Object.defineProperty(globalThis, "navigator", { value: {}, configurable: true, writable: true });
    (g.navigator as { gpu?: unknown }).gpu = gpu;
    try {
      requireHere("@tensorflow/tfjs-backend-webgpu");
    } catch (e) {
      throw new Error(`@tensorflow/tfjs-backend-webgpu does not load: ${firstLine(e)}`);
    }
  },
  device: () => "GPU (WebGPU, float32)",
  gpu: () => true,
};

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
        throw new Error(`${loader.name} runs on the CPU here, not on a GPU`);
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
