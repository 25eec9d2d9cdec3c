/** A sweep function in TypeScript source, as the library's own modules are under vitest (see parallel.test.ts). */
export function cube(x: number, index: number): { x: number; index: number; cube: number } {
  return { x, index, cube: x * x * x };
}
