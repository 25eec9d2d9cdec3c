/**
 * The memory budget: the most bytes one model or matrix of the library may take. Constructors check the size they
 * are about to allocate against it and refuse with an error naming the shape and the bytes needed, instead of
 * allocating until V8 aborts or the OOM killer ends the kernel (and the notebook's state with it).
 *
 * The budget is, in order: the value given to {@link setMemoryBudget}; the environment variable
 * `LANDSCAPE_MEMORY_BUDGET` (bytes, or a number with a unit: `512MB`, `8GB`, `1.5GiB`); half of the machine's
 * memory (`os.totalmem()`, or the cgroup's `memory.max` when lower).
 */
import { readFileSync } from "node:fs";
import { totalmem } from "node:os";

let override: number | null = null;

const UNITS: Record<string, number> = {
  "": 1,
  B: 1,
  KB: 1e3,
  MB: 1e6,
  GB: 1e9,
  TB: 1e12,
  KIB: 2 ** 10,
  MIB: 2 ** 20,
  GIB: 2 ** 30,
  TIB: 2 ** 40,
};

/**
 * Reads a size such as `"8GB"`, `"512 MiB"` or `"1e9"` as bytes.
 *
 * @param text - a non-negative number with an optional unit (B, KB, MB, GB, TB, KiB, MiB, GiB, TiB).
 * @param name - the name of what is read, for the error.
 * @throws Error naming `name` when the text is not such a size.
 */
export function parseByteSize(text: string, name = "size"): number {
  const m = /^\s*([0-9]*\.?[0-9]+(?:e[+-]?\d+)?)\s*([a-z]*)\s*$/i.exec(String(text));
  const unit = m ? UNITS[m[2].toUpperCase()] : undefined;
  if (!m || unit === undefined) {
    throw new Error(`${name}: expected a size in bytes such as 8GB, 512MiB or 1e9, got ${JSON.stringify(text)}`);
  }
  return Number(m[1]) * unit;
}

/** The machine's memory for this process: total memory, or the cgroup (v2) limit when lower. */
function machineMemory(): number {
  let mem = totalmem();
  try {
    const max = readFileSync("/sys/fs/cgroup/memory.max", "utf8").trim();
    if (/^\d+$/.test(max)) mem = Math.min(mem, Number(max));
  } catch {
    /* no cgroup v2 limit */
  }
  return mem;
}

/** The memory budget in bytes (see the module's description for where it comes from). */
export function memoryBudget(): number {
  if (override !== null) return override;
  const env = process.env.LANDSCAPE_MEMORY_BUDGET;
  if (env !== undefined && env.trim() !== "") return parseByteSize(env, "LANDSCAPE_MEMORY_BUDGET");
  return Math.floor(machineMemory() / 2);
}

/**
 * Sets the memory budget for this process (`null` goes back to the environment's or the default).
 *
 * @param bytes - a positive number of bytes, a size text such as `"16GB"`, or null.
 * @throws Error naming `bytes` when it is not a positive size.
 */
export function setMemoryBudget(bytes: number | string | null): void {
  if (bytes === null) {
    override = null;
    return;
  }
  const n = typeof bytes === "string" ? parseByteSize(bytes, "bytes") : bytes;
  if (typeof n !== "number" || !Number.isFinite(n) || n <= 0) {
    throw new Error(`bytes: expected a positive number of bytes, got ${String(bytes)}`);
  }
  override = n;
}

/** A byte count for people: `1.5 GB`, `320 MB`, `12 kB`, `8 B` (decimal units). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  const units: [number, string][] = [
    [1e12, "TB"],
    [1e9, "GB"],
    [1e6, "MB"],
    [1e3, "kB"],
  ];
  for (const [size, unit] of units) {
    if (bytes >= size) return `${(bytes / size).toPrecision(3).replace(/\.?0+$/, "")} ${unit}`;
  }
  return `${bytes} B`;
}

/**
 * Refuses an allocation larger than the memory budget.
 *
 * @param what - the function allocating, e.g. `"mlp"`.
 * @param bytes - the bytes it would allocate.
 * @param shape - what is allocated, e.g. `"widths [1e9] (inputDim 1): 2e9 float64 parameters"`.
 * @throws Error naming `what`, the shape, the bytes needed and the budget, when `bytes` exceeds the budget.
 */
export function checkMemoryBudget(what: string, bytes: number, shape: string): void {
  const budget = memoryBudget();
  if (bytes > budget) {
    throw new Error(
      `${what}: ${shape} needs ${formatBytes(bytes)}, over the memory budget of ${formatBytes(budget)} ` +
        `(raise it with setMemoryBudget(bytes) or LANDSCAPE_MEMORY_BUDGET, e.g. LANDSCAPE_MEMORY_BUDGET=32GB)`,
    );
  }
}
