/**
 * Types of `mime.cjs` (MIME bundles for the Jupyter wire), for the library (`src/jupyter`) and the kernel's type
 * check, which holds `mime.cjs` to these signatures.
 */

/** A MIME bundle: MIME type → data. JSON types (`application/json`, `application/…+json`) carry objects. */
export type MimeBundle = Record<string, unknown>;

/** True for MIME types whose data is a JSON object in Jupyter (`application/json`, `application/vnd.…+json`). */
export function isJsonMimeType(mime: string): boolean;

/**
 * Normalizes a MIME bundle for the wire: JSON types carry objects (a JSON string is parsed), binary data becomes
 * base64, other values of text types become strings, `undefined` entries are dropped.
 * @throws Error when `bundle` is not an object.
 */
export function normalizeMimeBundle(bundle: MimeBundle): MimeBundle;

/** text/plain of a value, the way Node's REPL shows it (without colours). */
export function plainText(value: unknown): string;

/**
 * The MIME bundle of a value as a cell's result: its own bundle when it implements
 * `[Symbol.for("Jupyter.display")]()`, with `text/plain` added when missing.
 */
export function mimeBundleOf(value: unknown): Promise<MimeBundle>;

/** `Symbol.for("Jupyter.display")`. */
export const JUPYTER_DISPLAY_SYMBOL: symbol;
