/**
 * The display layer: turns values (Vega-Lite specs, claims tables, danfojs DataFrames, anything with a Jupyter
 * representation) into MIME bundles, and sends a bundle to Jupyter when running in a kernel, or prints a short text
 * summary elsewhere (plain Node, tests).
 *
 * Every output goes through one internal function, `sendBundle`. It uses the kernel's `displayBundle` (from
 * `src/jupyter`) when that module exists and exports it; otherwise tslab's own display channel (a whole bundle per
 * output); otherwise tslab's one-MIME-type `display.raw`.
 */
import { createRequire } from "node:module";
import { inspect } from "node:util";
import { backendInfo, type BackendInfo } from "../tensor/index.js";
import { formatClaimValue } from "./claims.js";
import { withInteraction } from "./interaction.js";
import { renderSvg } from "./render.js";
import { VEGA_LITE_SCHEMA, type VegaLiteSpec } from "./spec.js";

const requireHere = createRequire(__filename);

/** MIME type of a Vega-Lite v5 spec (a JSON object in the bundle). */
export const VEGA_LITE_MIME = "application/vnd.vegalite.v5+json";
/** MIME type of the run information (backend, device, versions) that reports put in their header. */
export const RUN_INFO_MIME = "application/vnd.landscape-lab.run+json";

const JUPYTER_DISPLAY = Symbol.for("Jupyter.display");

type Bundle = Record<string, unknown>;
interface SendOptions {
  displayId?: string;
  update?: boolean;
}
interface KernelLayer {
  displayBundle?: (bundle: Bundle, opts?: SendOptions) => unknown;
  inKernel?: () => boolean;
  isKernel?: () => boolean;
}
interface TslabJupyter {
  lastWriteDisplayData: ((data: unknown, update: boolean) => void) | null;
}

let kernelLayer: KernelLayer | null | undefined;

/** The project's kernel layer (`src/jupyter/index.ts`, compiled), if it exists. */
function loadKernelLayer(): KernelLayer | null {
  if (kernelLayer === undefined) {
    try {
      kernelLayer = requireHere("../jupyter/index.js") as KernelLayer;
    } catch {
      kernelLayer = null;
    }
  }
  return kernelLayer;
}

/** tslab's jupyter module, only if the process already loaded it (i.e. we run inside tslab's kernel). */
function loadedTslabJupyter(): TslabJupyter | null {
  for (const key of Object.keys(requireHere.cache)) {
    if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) {
      return (requireHere.cache[key]?.exports as TslabJupyter) ?? null;
    }
  }
  return null;
}

/** True when this process is a Jupyter kernel (the project's launcher, or tslab). */
export function inJupyter(): boolean {
  const k = loadKernelLayer();
  const asked = k?.inKernel ?? k?.isKernel;
  if (typeof asked === "function") {
    try {
      if (asked()) return true;
    } catch {
      /* fall through to the other signs */
    }
  }
  if (loadedTslabJupyter()?.lastWriteDisplayData) return true;
  const main = requireHere.main?.filename ?? process.argv[1] ?? "";
  return /[\\/]kernels[\\/]launch\.cjs$/.test(main);
}

/** Which route `sendBundle` takes; exported for tests and diagnostics only through `displayRoute`. */
function route(): "kernel" | "tslab-bundle" | "tslab-raw" | "text" {
  if (!inJupyter()) return "text";
  if (typeof loadKernelLayer()?.displayBundle === "function") return "kernel";
  if (loadedTslabJupyter()?.lastWriteDisplayData) return "tslab-bundle";
  return "tslab-raw";
}

/** Where displays go now: `kernel` (project kernel bundles), `tslab-bundle`, `tslab-raw`, or `text` (stdout). */
export function displayRoute(): string {
  return route();
}

const RAW_PREFERENCE = ["image/svg+xml", "text/html", "image/png", "text/markdown", "text/plain"];

/**
 * Sends one MIME bundle as one output (or updates the output with `displayId`). Returns false when not in a kernel
 * (then the caller prints text).
 */
function sendBundle(bundle: Bundle, opts: SendOptions = {}): boolean {
  const r = route();
  if (r === "text") return false;
  if (r === "kernel") {
    loadKernelLayer()!.displayBundle!(bundle, opts);
    return true;
  }
  if (r === "tslab-bundle") {
    const tj = loadedTslabJupyter()!;
    tj.lastWriteDisplayData!(
      { data: bundle, metadata: {}, transient: opts.displayId ? { display_id: opts.displayId } : {} },
      Boolean(opts.update),
    );
    return true;
  }
  // tslab's public API: one MIME type per output.
  const tslab = requireHere("tslab") as {
    display: { raw(m: string, d: string): void };
    newDisplay(): { raw(m: string, d: string): void };
  };
  const mime = RAW_PREFERENCE.find((m) => typeof bundle[m] === "string") ?? "text/plain";
  const data = typeof bundle[mime] === "string" ? (bundle[mime] as string) : inspect(bundle[mime]);
  if (opts.displayId) {
    let d = rawDisplays.get(opts.displayId);
    if (!d) rawDisplays.set(opts.displayId, (d = tslab.newDisplay()));
    d.raw(mime, data);
  } else tslab.display.raw(mime, data);
  return true;
}
const rawDisplays = new Map<string, { raw(m: string, d: string): void }>();

/** True for a plain object that looks like a Vega-Lite spec. */
export function isVegaLiteSpec(x: unknown): x is VegaLiteSpec {
  if (x === null || typeof x !== "object" || Array.isArray(x)) return false;
  const o = x as Record<string, unknown>;
  if (typeof o.$schema === "string") return o.$schema.includes("vega-lite");
  return ["mark", "layer", "hconcat", "vconcat", "concat", "facet", "repeat"].some((k) => k in o);
}

interface DataFrameLike {
  columns: string[];
  values: unknown[][];
  index: unknown[];
  shape: number[];
}

function isDataFrame(x: unknown): x is DataFrameLike {
  if (x === null || typeof x !== "object") return false;
  const o = x as Partial<DataFrameLike>;
  try {
    return Array.isArray(o.columns) && Array.isArray(o.values) && Array.isArray(o.index) && Array.isArray(o.shape);
  } catch {
    return false;
  }
}

function isBackendInfo(x: unknown): x is BackendInfo {
  if (x === null || typeof x !== "object") return false;
  const o = x as Partial<BackendInfo>;
  return (
    "backend" in o && typeof o.device === "string" && typeof o.requested === "string" && typeof o.versions === "object"
  );
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function cell(v: unknown): string {
  if (typeof v === "number") return formatClaimValue(v);
  if (v === null || v === undefined) return "";
  return String(v);
}

/** A DataFrame as an HTML table and aligned text (first and last rows when long). */
function dataFrameBundle(df: DataFrameLike, maxRows = 40): Bundle {
  const n = df.values.length;
  const idx =
    n <= maxRows
      ? [...Array(n).keys()]
      : [...Array(maxRows / 2).keys(), ...Array.from({ length: maxRows / 2 }, (_, k) => n - maxRows / 2 + k)];
  const header = ["", ...df.columns.map(String)];
  const body = idx.map((i) => [String(df.index[i]), ...(df.values[i] as unknown[]).map(cell)]);
  const htmlRows = body.map((r, k) => {
    const gap =
      n > maxRows && k === maxRows / 2
        ? `<tr><td colspan="${header.length}">… ${n - maxRows} more rows …</td></tr>`
        : "";
    return `${gap}<tr><th>${escapeHtml(r[0])}</th>${r
      .slice(1)
      .map((c) => `<td>${escapeHtml(c)}</td>`)
      .join("")}</tr>`;
  });
  const html =
    `<table class="dataframe"><thead><tr>${header.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead>` +
    `<tbody>${htmlRows.join("")}</tbody></table><p style="font-size:smaller">${n} rows × ${df.columns.length} columns</p>`;
  const all = [header, ...body];
  const widths = header.map((_, j) => Math.max(...all.map((r) => (r[j] ?? "").length)));
  const text = all.map((r) => r.map((c, j) => (c ?? "").padStart(widths[j])).join("  ")).join("\n");
  return { "text/html": html, "text/plain": `${text}\n[${n} rows × ${df.columns.length} columns]` };
}

/** The run-information bundle (what computes), which reports put in their header. */
function runInfoBundle(info: BackendInfo): Bundle {
  const data = {
    backend: info.backend ?? "none",
    device: info.device,
    requested: info.requested,
    reason: info.reason,
    versions: { ...info.versions },
    platform: `${process.platform}-${process.arch}`,
  };
  const line = `backend ${info.backend} — ${info.device} (tfjs ${info.versions.tfjs}, Node ${info.versions.node}, landscape-lab ${info.versions.landscapeLab})`;
  return {
    [RUN_INFO_MIME]: data,
    "text/html": `<div class="ll-runinfo" style="font-size:smaller;color:#555">${escapeHtml(line)}</div>`,
    "text/plain": line,
  };
}

/**
 * The MIME bundle `show` sends for a value: a chart gives its Vega-Lite spec (JSON object), an SVG render and a
 * one-line text; a claims table its HTML, text and rows (JSON); a DataFrame an HTML and a text table; a value with
 * `[Symbol.for("Jupyter.display")]()` its own bundle; backend info a run-information bundle; anything else text.
 *
 * @param x - the value to display.
 * @returns the bundle (MIME type → data).
 */
export async function toMimeBundle(x: unknown): Promise<Record<string, unknown>> {
  if (x !== null && (typeof x === "object" || typeof x === "function")) {
    const own = (x as { [JUPYTER_DISPLAY]?: () => unknown })[JUPYTER_DISPLAY];
    if (typeof own === "function") {
      const b = await own.call(x);
      if (b === null || typeof b !== "object") {
        throw new Error("x: its [Symbol.for('Jupyter.display')]() returned no MIME bundle object");
      }
      return { ...(b as Bundle) };
    }
  }
  if (isVegaLiteSpec(x)) {
    // hand-written specs get the builders' tooltips, zoom and legend toggles too (interactive in JupyterLab)
    const spec: VegaLiteSpec = withInteraction({ $schema: VEGA_LITE_SCHEMA, ...x });
    const svg = await renderSvg(spec);
    const summary = typeof spec.description === "string" ? spec.description : "Vega-Lite chart";
    return { [VEGA_LITE_MIME]: spec, "image/svg+xml": svg, "text/plain": summary };
  }
  if (isDataFrame(x)) return dataFrameBundle(x);
  if (isBackendInfo(x)) return runInfoBundle(x);
  if (typeof x === "string") return { "text/plain": x };
  return { "text/plain": inspect(x, { depth: 4 }) };
}

/**
 * Displays a value: a Vega-Lite spec (interactive in JupyterLab, SVG in Notebook and reports), a `ClaimsTable`, a
 * danfojs DataFrame, or anything with a Jupyter representation. In a Jupyter kernel it sends one display bundle;
 * elsewhere (plain Node) it prints a short text summary.
 *
 * @param x - what to show.
 * @throws Error naming `x` when it is undefined (an expression that returned nothing: there is nothing to show).
 */
export async function show(x: unknown): Promise<void> {
  if (x === undefined)
    throw new Error("x: expected something to show, got undefined (did the expression return nothing?)");
  const bundle = await toMimeBundle(x);
  if (!sendBundle(bundle)) {
    const text = bundle["text/plain"];
    console.log(typeof text === "string" ? text : inspect(text));
  }
}

/**
 * Displays what computes this run (backend, device, versions) as a run-information bundle; the report command puts
 * it in the report's header. Call after `ensureBackend()`.
 */
export async function displayRunInfo(): Promise<void> {
  await show(backendInfo());
}

/** A progress indicator made by {@link progress}. */
export interface Progress {
  /** Counts `n` steps done (default 1). */
  tick(n?: number): void;
  /** Marks the work finished and shows the total time. */
  done(): void;
}

function duration(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 10) return `${s.toFixed(1)} s`;
  if (s < 60) return `${Math.round(s)} s`;
  const m = Math.floor(s / 60);
  const r = Math.round(s - 60 * m);
  return m < 60
    ? `${m} min ${String(r).padStart(2, "0")} s`
    : `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, "0")} min`;
}

function rateText(r: number): string {
  if (!Number.isFinite(r) || r <= 0) return "–/s";
  return r >= 100 ? `${Math.round(r)}/s` : r >= 1 ? `${r.toFixed(1)}/s` : `${(1 / r).toFixed(1)} s each`;
}

/**
 * A progress bar for a loop over steps or a sweep, with rate and time left. In Jupyter it is one output updated in
 * place (at most ~4 times a second); elsewhere it prints a few plain lines (at 25 %, 50 %, 75 % and the end).
 *
 * @param total - the number of steps (a positive integer).
 * @param label - what is being done, e.g. "training".
 * @param options.now - clock in milliseconds (tests pass a fake one).
 * @param options.write - where plain lines go outside Jupyter (default `console.log`).
 * @throws Error starting with `total:` when it is not a positive integer.
 */
export function progress(
  total: number,
  label = "progress",
  options: { now?: () => number; write?: (line: string) => void } = {},
): Progress {
  if (!Number.isInteger(total) || total <= 0) {
    throw new Error(`total: expected a positive integer number of steps, got ${String(total)}`);
  }
  const now = options.now ?? (() => performance.now());
  const write = options.write ?? ((line: string) => console.log(line));
  const start = now();
  const jupyter = options.write === undefined && inJupyter();
  const displayId = `ll-progress-${Math.random().toString(16).slice(2)}-${Math.round(start)}`;
  let count = 0;
  let finished = false;
  let lastUpdate = -Infinity;
  let nextQuarter = 1;
  let first = true;

  const status = (): { text: string; html: string } => {
    const elapsed = (now() - start) / 1000;
    const frac = Math.min(1, count / total);
    const rate = elapsed > 0 ? count / elapsed : NaN;
    const tail = finished
      ? `done in ${duration(elapsed)} (${rateText(rate)})`
      : `${rateText(rate)}, ${count > 0 ? duration((total - count) / rate) : "?"} left`;
    const width = 24;
    const full = Math.round(frac * width);
    const bar = "█".repeat(full) + "·".repeat(width - full);
    const text = `${label}: ${bar} ${count}/${total} (${Math.floor(frac * 100)} %) · ${tail}`;
    const html =
      `<div class="ll-progress" style="font-family:monospace;font-size:12px">` +
      `<progress value="${count}" max="${total}" style="width:16em;vertical-align:middle"></progress> ` +
      `${escapeHtml(label)}: ${count}/${total} (${Math.floor(frac * 100)} %) · ${escapeHtml(tail)}</div>`;
    return { text, html };
  };

  const emit = (force: boolean) => {
    const t = now();
    if (jupyter) {
      if (!force && t - lastUpdate < 250) return;
      lastUpdate = t;
      const s = status();
      sendBundle({ "text/html": s.html, "text/plain": s.text }, { displayId, update: !first });
      first = false;
      return;
    }
    const quarter = Math.floor((4 * count) / total);
    if (force || quarter >= nextQuarter) {
      if (!force || finished) nextQuarter = quarter + 1;
      write(status().text);
    }
  };

  if (jupyter) emit(true);
  return {
    tick(n = 1) {
      if (finished) return;
      if (typeof n !== "number" || !Number.isFinite(n) || n < 0) {
        throw new Error(`n: expected a non-negative number of steps, got ${String(n)}`);
      }
      count = Math.min(total, count + n);
      if (count < total) emit(false);
    },
    done() {
      if (finished) return;
      finished = true;
      emit(true);
    },
  };
}
