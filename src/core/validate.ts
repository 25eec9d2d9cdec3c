/**
 * Argument checks shared by every module. Each failure is an {@link ArgumentError} whose message has one form:
 * `<argument>: expected <domain>, got <value>` — the argument's name, what was expected and what came.
 */
import type { Matrix } from "./matrix.js";

/** A bad argument: names the argument, the expected domain and the value received. */
export class ArgumentError extends RangeError {
  /** The argument's name as the caller wrote it (`options.lr`, `widths[2]`, …). */
  readonly argument: string;
  /** The domain in words, e.g. "an integer in [1, 512]". */
  readonly expected: string;
  /** The value received, as text. */
  readonly got: string;
  /** What exactly is wrong with it, when the value alone does not say (e.g. "entry 3 is NaN"). */
  readonly detail?: string;
  constructor(argument: string, expected: string, got: unknown, detail?: string) {
    const shown = describeValue(got);
    super(`${argument}: expected ${expected}, got ${shown}${detail ? ` (${detail})` : ""}`);
    this.name = "ArgumentError";
    this.argument = argument;
    this.expected = expected;
    this.got = shown;
    this.detail = detail;
  }
}

/** A value already written as text for an error message (e.g. "minExp = 6, maxExp = 5"), shown verbatim. */
export class ValueText {
  constructor(readonly text: string) {}
}

/** A short text for a value in an error message: strings quoted, long arrays cut, objects as JSON. */
export function describeValue(v: unknown): string {
  if (v instanceof ValueText) return v.text;
  if (typeof v === "string") return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : String(v);
  if (v === undefined || v === null || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const a = Array.from(v as ArrayLike<unknown>);
    const head = a.slice(0, 8).map(describeValue).join(", ");
    return `[${head}${a.length > 8 ? `, … (${a.length} entries)` : ""}]`;
  }
  try {
    const s = JSON.stringify(v);
    return s.length > 80 ? `${s.slice(0, 77)}...` : s;
  } catch {
    return String(v);
  }
}

/** Bounds of a number domain; `min`/`max` are inclusive unless marked open. */
export interface NumberBounds {
  min?: number;
  max?: number;
  /** `min` itself is excluded (e.g. lr > 0). */
  minOpen?: boolean;
  /** `max` itself is excluded. */
  maxOpen?: boolean;
}

/** The domain of a number in words: "a finite number > 0", "an integer in [4, 512]". */
export function numberDomainText(bounds: NumberBounds, integer = false): string {
  const what = integer ? "an integer" : "a finite number";
  const { min, max, minOpen, maxOpen } = bounds;
  if (min !== undefined && max !== undefined) {
    return `${what} in ${minOpen ? "(" : "["}${min}, ${max}${maxOpen ? ")" : "]"}`;
  }
  if (min !== undefined) return `${what} ${minOpen ? ">" : "≥"} ${min}`;
  if (max !== undefined) return `${what} ${maxOpen ? "<" : "≤"} ${max}`;
  return what;
}

function inBounds(v: number, b: NumberBounds): boolean {
  if (b.min !== undefined && (b.minOpen ? !(v > b.min) : !(v >= b.min))) return false;
  if (b.max !== undefined && (b.maxOpen ? !(v < b.max) : !(v <= b.max))) return false;
  return true;
}

/**
 * Checks a finite number within bounds.
 *
 * @returns the number.
 * @throws ArgumentError naming `name`, the domain and the value.
 */
export function expectNumber(v: unknown, name: string, bounds: NumberBounds = {}): number {
  if (typeof v !== "number" || !Number.isFinite(v) || !inBounds(v, bounds)) {
    throw new ArgumentError(name, numberDomainText(bounds), v);
  }
  return v;
}

/**
 * Checks an integer (a safe integer) within bounds.
 *
 * @returns the integer.
 * @throws ArgumentError naming `name`, the domain and the value.
 */
export function expectInteger(v: unknown, name: string, bounds: NumberBounds = {}): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || !inBounds(v, bounds)) {
    throw new ArgumentError(name, numberDomainText(bounds, true), v);
  }
  return v;
}

/** Checks a finite number > 0. */
export function expectPositive(v: unknown, name: string): number {
  return expectNumber(v, name, { min: 0, minOpen: true });
}

/** Checks a boolean. */
export function expectBoolean(v: unknown, name: string): boolean {
  if (typeof v !== "boolean") throw new ArgumentError(name, "true or false", v);
  return v;
}

/** The domain of a choice in words: `one of "a", "b"`. */
export function choiceDomainText(choices: readonly string[]): string {
  return `one of ${choices.map((c) => JSON.stringify(c)).join(", ")}`;
}

/**
 * Checks that a value is one of the given strings.
 *
 * @throws ArgumentError listing the choices.
 */
export function expectChoice<T extends string>(v: unknown, name: string, choices: readonly T[]): T {
  if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
    throw new ArgumentError(name, choiceDomainText(choices), v);
  }
  return v as T;
}

/** Constraints on a list of numbers. */
export interface NumberListConstraints extends NumberBounds {
  /** Entries must be integers. */
  integer?: boolean;
  minLength?: number;
  maxLength?: number;
  /** No two entries equal. */
  distinct?: boolean;
  /** Entries strictly increasing or strictly decreasing. */
  order?: "ascending" | "descending";
}

/** The domain of a list of numbers in words. */
export function numberListDomainText(c: NumberListConstraints): string {
  const len =
    c.minLength !== undefined && c.maxLength !== undefined
      ? c.minLength === c.maxLength
        ? `${c.minLength}`
        : `${c.minLength} to ${c.maxLength}`
      : c.minLength !== undefined
        ? `at least ${c.minLength}`
        : c.maxLength !== undefined
          ? `at most ${c.maxLength}`
          : "";
  const element = numberDomainText(c, c.integer).replace(
    /^(an integer|a finite number)/,
    c.integer ? "integers" : "finite numbers",
  );
  const parts = [`a list of ${len ? `${len} ` : ""}${c.distinct ? "distinct " : ""}${element}`];
  if (c.order) parts.push(`in strictly ${c.order} order`);
  return parts.join(" ");
}

/**
 * Checks a list of numbers: each entry in bounds, the length, distinctness and order.
 *
 * @returns a copy as `number[]`.
 * @throws ArgumentError naming the list (or the entry, `name[i]`), the domain and the value.
 */
export function expectNumberList(v: unknown, name: string, c: NumberListConstraints = {}): number[] {
  const domain = numberListDomainText(c);
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new ArgumentError(name, domain, v);
  const a = Array.from(v as ArrayLike<unknown>);
  if ((c.minLength !== undefined && a.length < c.minLength) || (c.maxLength !== undefined && a.length > c.maxLength)) {
    throw new ArgumentError(name, domain, v, `length ${a.length}`);
  }
  const out = a.map((x, i) => {
    if (typeof x !== "number" || !Number.isFinite(x) || (c.integer && !Number.isSafeInteger(x)) || !inBounds(x, c)) {
      throw new ArgumentError(name, domain, v, `entry ${i} is ${describeValue(x)}`);
    }
    return x;
  });
  if (c.distinct && new Set(out).size !== out.length) throw new ArgumentError(name, domain, v, "repeated entries");
  if (c.order) {
    for (let i = 1; i < out.length; i++) {
      const ok = c.order === "ascending" ? out[i] > out[i - 1] : out[i] < out[i - 1];
      if (!ok) throw new ArgumentError(name, domain, v, `entries ${i - 1} and ${i} out of order`);
    }
  }
  return out;
}

/** A matrix checked and flattened: the library's {@link Matrix} (`rows × cols`, row-major float64). */
export type CheckedMatrix = Matrix;

/**
 * Checks a non-empty `number[][]` of finite numbers with rows of equal length and flattens it.
 *
 * @param cols - the row length required, if known (with `colsMeaning`, e.g. "the network's input dimension").
 * @throws ArgumentError naming the matrix, the shape expected and what came (the offending row or entry).
 */
export function expectMatrix(X: unknown, name: string, cols?: number, colsMeaning?: string): CheckedMatrix {
  const domain = "a non-empty number[][] of finite numbers with rows of equal length";
  if (!Array.isArray(X) || X.length === 0) throw new ArgumentError(name, domain, X);
  const first = X[0] as unknown;
  if (!Array.isArray(first) && !ArrayBuffer.isView(first))
    throw new ArgumentError(name, domain, X, "row 0 is not an array");
  const c = (first as ArrayLike<unknown>).length;
  if (c === 0) throw new ArgumentError(name, domain, X, "row 0 is empty");
  const data = new Float64Array(X.length * c);
  for (let i = 0; i < X.length; i++) {
    const row = X[i] as unknown;
    if (!Array.isArray(row) && !ArrayBuffer.isView(row)) {
      throw new ArgumentError(name, domain, X, `row ${i} is not an array`);
    }
    const r = row as ArrayLike<unknown>;
    if (r.length !== c) throw new ArgumentError(name, domain, X, `row ${i} has ${r.length} entries, row 0 has ${c}`);
    for (let j = 0; j < c; j++) {
      const v = r[j];
      if (typeof v !== "number" || !Number.isFinite(v)) {
        throw new ArgumentError(name, domain, X, `entry [${i}][${j}] is ${describeValue(v)}`);
      }
      data[i * c + j] = v;
    }
  }
  if (cols !== undefined && c !== cols) {
    throw new ArgumentError(name, `rows of length ${cols}${colsMeaning ? ` (${colsMeaning})` : ""}`, X, `rows of ${c}`);
  }
  return { rows: X.length, cols: c, data };
}

/**
 * Checks a vector of finite numbers, of a given length when `length` is set.
 *
 * @returns a float64 copy.
 * @throws ArgumentError naming the vector, the length expected and the offending entry.
 */
export function expectVector(v: unknown, name: string, length?: number, lengthMeaning?: string): Float64Array {
  const domain =
    length === undefined
      ? "a number[] of finite numbers"
      : `a number[] of ${length} finite numbers${lengthMeaning ? ` (${lengthMeaning})` : ""}`;
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) throw new ArgumentError(name, domain, v);
  const a = v as ArrayLike<unknown>;
  if (length !== undefined && a.length !== length) throw new ArgumentError(name, domain, v, `length ${a.length}`);
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    if (typeof x !== "number" || !Number.isFinite(x)) {
      throw new ArgumentError(name, domain, v, `entry ${i} is ${describeValue(x)}`);
    }
    out[i] = x;
  }
  return out;
}

/**
 * Checks an options object (a plain object or undefined, which reads as `{}`).
 *
 * @throws ArgumentError naming `name` when it is not an object.
 */
export function expectOptions<T extends object>(v: unknown, name = "options"): Partial<T> {
  if (v === undefined) return {};
  if (v === null || typeof v !== "object" || Array.isArray(v)) throw new ArgumentError(name, "an options object", v);
  return v as Partial<T>;
}
