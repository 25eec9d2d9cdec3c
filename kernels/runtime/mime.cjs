/**
 * MIME bundles for the Jupyter wire, the one implementation shared by the kernel (format.cjs: cell results,
 * tslab's display API) and the library (`src/jupyter`: `normalizeMimeBundle`, `isJsonMimeType`, `mimeBundleOf`,
 * `displayBundle`). It lives with the kernel, in plain CommonJS with no dependencies, so that the kernel starts and
 * displays whether or not `dist/` is built or current; the library requires it at run time by its path in the
 * package (`../../kernels/runtime/mime.cjs` from both `src/jupyter` and `dist/jupyter`), typed by `mime.d.cts`,
 * which the kernel's type check holds this file to.
 */
"use strict";
const util = require("node:util");

/**
 * True for MIME types whose data is a JSON object in Jupyter (`application/json`, `application/vnd.…+json`), as
 * nbformat decides it.
 * @type {typeof import("./mime.cjs").isJsonMimeType}
 */
function isJsonMimeType(mime) {
  return /^application\/(?:[\w.+-]+\+)?json$/.test(mime);
}

/**
 * @param {Uint8Array | ArrayBuffer} v
 * @returns {string}
 */
function toBase64(v) {
  const u = v instanceof Uint8Array ? v : new Uint8Array(v);
  return Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString("base64");
}

/**
 * Normalizes a MIME bundle for the wire: JSON types carry objects (a JSON string is parsed), binary data
 * (`Uint8Array`, `Buffer`, `ArrayBuffer`) becomes base64, other values of text types become strings, `undefined`
 * entries are dropped.
 * @type {typeof import("./mime.cjs").normalizeMimeBundle}
 */
function normalizeMimeBundle(bundle) {
  if (bundle === null || typeof bundle !== "object" || Array.isArray(bundle)) {
    const got = bundle === null ? "null" : Array.isArray(bundle) ? "an array" : typeof bundle;
    throw new Error(`bundle: expected an object mapping MIME types to data, got ${got}`);
  }
  /** @type {Record<string, unknown>} */
  const out = {};
  for (const [mime, v] of Object.entries(bundle)) {
    if (v === undefined) continue;
    if (isJsonMimeType(mime)) {
      if (typeof v === "string") {
        try {
          out[mime] = JSON.parse(v);
        } catch {
          out[mime] = v;
        }
      } else out[mime] = v;
    } else if (v instanceof Uint8Array || v instanceof ArrayBuffer) out[mime] = toBase64(v);
    else if (typeof v === "string") out[mime] = v;
    else out[mime] = typeof v === "object" ? JSON.stringify(v) : String(v);
  }
  return out;
}

/**
 * text/plain of a value, the way Node's REPL shows it (without colours).
 * @type {typeof import("./mime.cjs").plainText}
 */
function plainText(value) {
  return util.inspect(value, { depth: 4, maxArrayLength: 100, breakLength: 100 });
}

/** The symbol of the display protocol (Deno's convention). */
const JUPYTER_DISPLAY_SYMBOL = Symbol.for("Jupyter.display");

/**
 * The MIME bundle of a value as a cell's result: the value's own bundle when it implements
 * `[Symbol.for("Jupyter.display")]()` (may return a promise; a result that is not an object is ignored), with
 * `text/plain` from {@link plainText} when the bundle has none.
 * @type {typeof import("./mime.cjs").mimeBundleOf}
 */
async function mimeBundleOf(value) {
  /** @type {Record<string, unknown>} */
  let data = {};
  if (value !== null && (typeof value === "object" || typeof value === "function")) {
    const show = /** @type {Record<symbol, unknown>} */ (value)[JUPYTER_DISPLAY_SYMBOL];
    if (typeof show === "function") {
      const b = await show.call(value);
      if (b && typeof b === "object") data = normalizeMimeBundle(b);
    }
  }
  if (data["text/plain"] === undefined) data["text/plain"] = plainText(value);
  return data;
}

module.exports = { isJsonMimeType, normalizeMimeBundle, plainText, mimeBundleOf, JUPYTER_DISPLAY_SYMBOL };
