/**
 * Typed arrays → plain `number[]` for the public API. `Array.from(typedArray)` goes through the iterator protocol
 * (~50 ns an element in Node 20: 50 µs for a 32 × 32 kernel, more than computing it); an indexed loop into a
 * preallocated array costs ~2 ns an element.
 */

/** The elements `[start, start + length)` of a typed (or any array-like) array as a plain `number[]`. */
export function toNumberArray(a: ArrayLike<number>, start = 0, length = a.length - start): number[] {
  const out = new Array<number>(length);
  for (let k = 0; k < length; k++) out[k] = a[start + k];
  return out;
}

/** A row-major flat matrix (rows × cols) as `number[][]` (one plain array per row). */
export function toRows(a: ArrayLike<number>, rows: number, cols = rows): number[][] {
  const out = new Array<number[]>(rows);
  for (let i = 0; i < rows; i++) out[i] = toNumberArray(a, i * cols, cols);
  return out;
}
