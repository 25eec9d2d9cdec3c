/**
 * Rows of plain objects as a table `show` renders (the shape of a danfojs DataFrame: columns, values, index).
 */

/** A table as plain data that `show` renders (it has the shape of a danfojs DataFrame: columns, values, index). */
export interface DeepLinearTable {
  columns: string[];
  values: unknown[][];
  index: number[];
  shape: [number, number];
}

/**
 * Turns rows of plain objects into a {@link DeepLinearTable} for `show` (numbers are formatted by `show`).
 *
 * @param rows - objects with the same keys.
 * @param columns - which keys, in order (default: all keys of the first row except long arrays; arrays of at most
 *   8 numbers are shown as sets, e.g. "{0,1}").
 */
export function deepLinearTable(rows: readonly object[], columns?: readonly string[]): DeepLinearTable {
  if (!Array.isArray(rows)) throw new TypeError("rows: expected an array of objects");
  const first = (rows[0] ?? {}) as Record<string, unknown>;
  const short = (v: unknown) => Array.isArray(v) && v.length <= 8 && v.every((x) => typeof x === "number");
  const cols = columns ? [...columns] : Object.keys(first).filter((k) => !Array.isArray(first[k]) || short(first[k]));
  const values = rows.map((r) =>
    cols.map((c) => {
      const v = (r as Record<string, unknown>)[c];
      return short(v) ? `{${(v as number[]).join(",")}}` : v;
    }),
  );
  return { columns: cols, values, index: rows.map((_, i) => i), shape: [rows.length, cols.length] };
}
