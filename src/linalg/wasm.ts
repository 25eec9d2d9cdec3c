/**
 * Float64 WebAssembly SIMD kernels shared by the modules that need fast float64 linear algebra. Their sources are
 * the WebAssembly text files in ./wasm/ (each kernel commented there with what it computes); `npm run build`
 * compiles them with wabt into ./wasm/binaries.ts (scripts/build-wasm.mjs), and this module instantiates them.
 *
 * - products.wat: `abt`, C (+)= A Bᵀ, used by the PL* module for X W₁ᵀ and the Gram matrices of the tangent kernel.
 * - activations.wat (on products.wat's memory): `relu` and `chunk`, the activation passes of the tangent kernel's
 *   chunks, and `derivatives`, σ, σ′ and σ″ of every activation the library offers (f64x2 approximations; accuracy
 *   stated there).
 * - tridiagonal.wat: `symv`, `syr2`, `fused`, the O(n³) steps of the Householder tridiagonalization in
 *   ./symmetricEigenvalues.ts.
 */
import { wasmBinaries } from "./wasm/binaries.js";

/** The part of a WebAssembly memory used here (the project's `lib` has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The products and activation kernels, on one memory (pointers in bytes, counts in elements). */
export interface AbtKernel {
  /**
   * C (+)= A Bᵀ for row-major A (na × len), B (nb × len), C with leading dimension ldc; na, nb, len even.
   * mode bit 0: lower 2 × 2 blocks only (j ≤ i); bit 1: overwrite C instead of adding to it.
   */
  abt(aPtr: number, na: number, bPtr: number, nb: number, len: number, cPtr: number, ldc: number, mode: number): void;
  /** For Z (n × cols, cols even): A = max(Z, 0), H = v ⊙ [Z > 0], f_i += Σ_k v_k A_ik. */
  relu(zPtr: number, aPtr: number, hPtr: number, vPtr: number, fPtr: number, n: number, cols: number): void;
  /**
   * `relu`'s pass for the activation of index `kind` in ACTIVATIONS (linear, relu, tanh, erf, softplus, sigmoid):
   * A = σ(Z), H = v ⊙ σ′(Z), f_i += Σ_k v_k A_ik.
   */
  chunk(
    kind: number,
    zPtr: number,
    aPtr: number,
    hPtr: number,
    vPtr: number,
    fPtr: number,
    n: number,
    cols: number,
  ): void;
  /** f = σ(z), d1 = σ′(z), d2 = σ″(z) for `count` entries (even), σ of index `kind` in ACTIVATIONS. */
  derivatives(kind: number, zPtr: number, fPtr: number, d1Ptr: number, d2Ptr: number, count: number): void;
  memory: WasmMemory;
}

/**
 * The tridiagonalization kernels and their memory (A symmetric, lower triangle stored, row stride n; pointers in
 * bytes; B the leading m × m block).
 */
export interface TridiagKernel {
  /** p[0..m) += B u. */
  symv(aPtr: number, n: number, m: number, uPtr: number, pPtr: number): void;
  /** B −= u pᵀ + p uᵀ (lower triangle). */
  syr2(aPtr: number, n: number, m: number, uPtr: number, pPtr: number): void;
  /** B −= u pᵀ + p uᵀ, then p2 += B u2 with the updated B, in one pass. */
  fused(aPtr: number, n: number, m: number, uPtr: number, pPtr: number, u2Ptr: number, p2Ptr: number): void;
  memory: WasmMemory;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

/** The compiled module built from ./wasm/`name`.wat. */
export function wasmModuleBytes(name: keyof typeof wasmBinaries): Uint8Array {
  return Uint8Array.from(atob(wasmBinaries[name]), (c) => c.charCodeAt(0));
}

/** The module's exports, or null when this runtime has no WebAssembly or rejects the module (no SIMD). */
function instantiate(name: keyof typeof wasmBinaries, imports: object = {}): Record<string, unknown> | null {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = wasmModuleBytes(name);
    if (!wasm || !wasm.validate(bytes)) return null;
    return new wasm.Instance(new wasm.Module(bytes), imports).exports as Record<string, unknown>;
  } catch {
    return null;
  }
}

let abt: AbtKernel | null | undefined;

/**
 * The products and activation kernels (one instance per process, sharing products.wat's memory), or null when this
 * runtime has no WebAssembly SIMD (the callers then use scalar JavaScript).
 */
export function abtKernel(): AbtKernel | null {
  if (abt !== undefined) return abt;
  const products = instantiate("products");
  const activations = products && instantiate("activations", { products: { memory: products.memory } });
  abt = products && activations ? ({ ...products, ...activations } as unknown as AbtKernel) : null;
  return abt;
}

let tridiag: TridiagKernel | null | undefined;

/** The tridiagonalization kernels (one instance per process), or null without WebAssembly SIMD. */
export function tridiagKernel(): TridiagKernel | null {
  if (tridiag === undefined) tridiag = instantiate("tridiagonal") as TridiagKernel | null;
  return tridiag;
}

/** Grows the kernel's memory to at least `bytes`. */
export function ensureWasmMemory(k: { memory: WasmMemory }, bytes: number): void {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
}
