/**
 * The WebAssembly SIMD kernels of the symmetric eigendecomposition with eigenvectors (./wasm/eigen.wat; what each
 * computes is stated there): `accumulate` forms the orthogonal factor of the Householder tridiagonalization,
 * `rotate` applies the QL iteration's recorded plane rotations to it, a block of columns at a time.
 */
import { wasmModuleBytes, type WasmMemory } from "./wasm.js";

/** The kernels and their memory (pointers in bytes, counts in elements; T row-major with row stride ld). */
export interface EigenKernel {
  /**
   * T (= I on entry) ← H_1 H_2 ⋯ H_{n−1} from the Householder vectors in U's rows, h (h_k = ‖u_k‖²/2) and gam
   * (gam_k = u_k · u_{k+1}), b reflectors a pass over the rows.
   */
  accumulate(tPtr: number, uPtr: number, ld: number, n: number, hPtr: number, gamPtr: number, b: number): void;
  /** Applies the sweeps (i32 pairs l, m at swPtr) with their (c, s) pairs at csPtr to the rows of T, `cols` columns. */
  rotate(tPtr: number, ld: number, cols: number, swPtr: number, nsw: number, csPtr: number): void;
  memory: WasmMemory;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let kernel: EigenKernel | null | undefined;

/** The kernels (one instance per process), or null when this runtime has no WebAssembly SIMD. */
export function eigenKernel(): EigenKernel | null {
  if (kernel !== undefined) return kernel;
  kernel = null;
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    const bytes = wasmModuleBytes("eigen");
    if (wasm && wasm.validate(bytes)) kernel = new wasm.Instance(new wasm.Module(bytes), {}).exports as EigenKernel;
  } catch {
    kernel = null;
  }
  return kernel;
}
