/**
 * Shared float64 linear algebra for the library's modules (not re-exported from the package root): eigenvalues of
 * real symmetric matrices and the WebAssembly SIMD kernels they and the PL* module use.
 */
export { toNumberArray, toRows } from "./arrays.js";
export { lanczosNorm, type LanczosOptions } from "./lanczos.js";
export { symmetricEigen } from "./symmetricEigen.js";
export {
  symmetricEigenvalues,
  symmetricExtremeEigenvalues,
  tridiagonalExtremeEigenvalues,
  tridiagonalize,
} from "./symmetricEigenvalues.js";
export {
  abtKernel,
  ensureWasmMemory,
  tridiagKernel,
  wasmModuleBytes,
  type AbtKernel,
  type TridiagKernel,
  type WasmMemory,
} from "./wasm.js";
