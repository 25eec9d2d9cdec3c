/**
 * The library's side of the Jupyter display protocol: send any MIME bundle to the notebook (with `display_id`
 * updates), clear a cell's output, and the display protocol a value implements to show itself as a cell's result
 * (`[Symbol.for("Jupyter.display")]()` returning a MIME bundle, the convention of Deno's kernel).
 *
 * In the project's kernel (kernels/launch.cjs) outputs go to the notebook through a sink the kernel puts on
 * `globalThis[Symbol.for("landscape-lab.jupyter.sink")]`; elsewhere (plain Node, tests) the bundle's
 * `text/plain` is printed to stdout, and nothing else happens.
 */
import { randomBytes } from "node:crypto";
// The one implementation of MIME bundles, shared with the kernel (kernels/runtime/mime.cjs; see kernels/README.md).
// The same relative path reaches it from src/jupyter and from dist/jupyter.
import * as shared from "../../kernels/runtime/mime.cjs";

/** A MIME bundle: MIME type → data. JSON types (`application/json`, `application/…+json`) carry objects. */
export type MimeBundle = Record<string, unknown>;

/** The symbol of the display protocol: `Symbol.for("Jupyter.display")` (Deno's convention). */
export const JUPYTER_DISPLAY_SYMBOL: unique symbol = Symbol.for("Jupyter.display") as never;

/** A value that shows itself in Jupyter: its display method returns a MIME bundle (or a promise of one). */
export interface JupyterDisplayable {
  [JUPYTER_DISPLAY_SYMBOL](): MimeBundle | Promise<MimeBundle>;
}

/** Options of {@link displayBundle}. */
export interface DisplayBundleOptions {
  /** Names the output so that later calls with `update: true` replace it (progress bars, live charts). */
  displayId?: string;
  /** Replace the output named `displayId` (sends `update_display_data`) instead of adding a new one. */
  update?: boolean;
  /** Output metadata, e.g. `{ "image/png": { width: 400 } }`. */
  metadata?: Record<string, unknown>;
}

interface Sink {
  display(
    data: MimeBundle,
    metadata: Record<string, unknown>,
    transient: Record<string, unknown>,
    update: boolean,
  ): void;
  clear(wait: boolean): void;
}

const SINK_KEY = Symbol.for("landscape-lab.jupyter.sink");

function sink(): Sink | undefined {
  const s = (globalThis as Record<symbol, unknown>)[SINK_KEY];
  return s && typeof (s as Sink).display === "function" ? (s as Sink) : undefined;
}

/** True when this code runs inside the landscape-lab Jupyter kernel (outputs reach a notebook). */
export function inKernel(): boolean {
  return sink() !== undefined;
}

/**
 * True for MIME types whose data is a JSON object in Jupyter (`application/json`, `application/vnd.…+json`).
 *
 * @param mime - a MIME type such as `application/vnd.vegalite.v5+json`.
 */
export function isJsonMimeType(mime: string): boolean {
  return shared.isJsonMimeType(mime);
}

/**
 * Normalizes a MIME bundle for the wire: JSON types carry objects (a JSON string is parsed), binary data
 * (`Uint8Array`, `Buffer`, `ArrayBuffer`, e.g. PNG bytes) becomes base64, other values of text types become
 * strings, `undefined` entries are dropped.
 *
 * @param bundle - MIME type → data.
 * @throws Error when `bundle` is not an object.
 */
export function normalizeMimeBundle(bundle: MimeBundle): MimeBundle {
  return shared.normalizeMimeBundle(bundle);
}

/** A fresh id for {@link displayBundle}'s `displayId` (16 hex digits). */
export function newDisplayId(): string {
  return randomBytes(8).toString("hex");
}

/**
 * Displays a MIME bundle in the running cell (Jupyter `display_data`), or replaces an earlier output that has the
 * same `displayId` when `update` is true (`update_display_data`). Put several representations in one bundle
 * (e.g. a Vega-Lite spec as an object, an SVG fallback and `text/plain`): the front end shows the richest it can.
 * Outside a kernel, prints the bundle's `text/plain` (if any) to stdout.
 *
 * @param bundle - MIME type → data; JSON types take objects (strings are parsed), binary types take bytes.
 * @param opts - `displayId` to name the output, `update` to replace it, `metadata` for the output.
 * @throws Error when `bundle` is not an object, or `update` is set without a `displayId`.
 */
export function displayBundle(bundle: MimeBundle, opts: DisplayBundleOptions = {}): void {
  const data = normalizeMimeBundle(bundle);
  if (opts.update && !opts.displayId) throw new Error("opts.update: needs opts.displayId (the output to replace)");
  const s = sink();
  if (!s) {
    const text = data["text/plain"];
    if (typeof text === "string") process.stdout.write(text.endsWith("\n") ? text : text + "\n");
    return;
  }
  const transient = opts.displayId ? { display_id: opts.displayId } : {};
  s.display(data, opts.metadata ?? {}, transient, opts.update === true);
}

/**
 * Clears the running cell's output (Jupyter `clear_output`).
 *
 * @param wait - if true, the front end clears only when the next output arrives (no flicker in animations).
 */
export function clearOutput(wait = false): void {
  sink()?.clear(wait);
}

/**
 * True when `value` implements the display protocol (`[Symbol.for("Jupyter.display")]` is a function).
 *
 * @param value - anything.
 */
export function isJupyterDisplayable(value: unknown): value is JupyterDisplayable {
  return (
    value !== null &&
    (typeof value === "object" || typeof value === "function") &&
    typeof (value as Record<symbol, unknown>)[JUPYTER_DISPLAY_SYMBOL] === "function"
  );
}

/**
 * Gives `target` the display protocol: as a cell's last expression it then shows the bundle `toBundle` returns.
 * Returns `target` (the property is non-enumerable, so JSON and `util.inspect` ignore it).
 *
 * @param target - the object to extend (a chart, a table, …).
 * @param toBundle - builds the MIME bundle; called each time the value is shown.
 * @throws Error when `target` is not an object or `toBundle` is not a function.
 */
export function withJupyterDisplay<T extends object>(
  target: T,
  toBundle: () => MimeBundle | Promise<MimeBundle>,
): T & JupyterDisplayable {
  if (target === null || (typeof target !== "object" && typeof target !== "function")) {
    throw new Error("target: expected an object");
  }
  if (typeof toBundle !== "function") throw new Error("toBundle: expected a function returning a MIME bundle");
  Object.defineProperty(target, JUPYTER_DISPLAY_SYMBOL, {
    value: toBundle,
    enumerable: false,
    configurable: true,
    writable: true,
  });
  return target as T & JupyterDisplayable;
}

/**
 * The MIME bundle of a value as the kernel shows it: the value's own bundle when it implements the display
 * protocol, with `text/plain` from `util.inspect` added when missing.
 *
 * @param value - anything.
 */
export function mimeBundleOf(value: unknown): Promise<MimeBundle> {
  return shared.mimeBundleOf(value);
}

export { input, password } from "./input.js";
export { Comm, openComm, registerCommTarget, unregisterCommTarget } from "./comm.js";
export type { CommBuffers, CommData, CommMessage, CommSendOptions } from "./comm.js";
