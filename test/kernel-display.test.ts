/** The library's side of the Jupyter display protocol (src/jupyter), with a fake kernel sink. */
import { afterEach, describe, expect, it } from "vitest";
import {
  JUPYTER_DISPLAY_SYMBOL,
  clearOutput,
  displayBundle,
  inKernel,
  isJsonMimeType,
  isJupyterDisplayable,
  mimeBundleOf,
  newDisplayId,
  normalizeMimeBundle,
  withJupyterDisplay,
} from "../src/jupyter/index.js";

const SINK = Symbol.for("landscape-lab.jupyter.sink");
type Sent =
  { data: Record<string, unknown>; metadata: unknown; transient: unknown; update: boolean } | { clear: boolean };

function fakeKernel(): Sent[] {
  const sent: Sent[] = [];
  (globalThis as Record<symbol, unknown>)[SINK] = {
    display: (data: Record<string, unknown>, metadata: unknown, transient: unknown, update: boolean) =>
      sent.push({ data, metadata, transient, update }),
    clear: (wait: boolean) => sent.push({ clear: wait }),
  };
  return sent;
}

afterEach(() => {
  delete (globalThis as Record<symbol, unknown>)[SINK];
});

describe("displayBundle", () => {
  it("sends a whole bundle with JSON MIME types as objects and a display_id update", () => {
    const sent = fakeKernel();
    expect(inKernel()).toBe(true);
    const id = newDisplayId();
    displayBundle(
      { "application/vnd.vegalite.v5+json": '{"mark":"bar"}', "image/svg+xml": "<svg/>", "text/plain": "chart" },
      { displayId: id },
    );
    displayBundle({ "text/plain": "done" }, { displayId: id, update: true, metadata: { a: 1 } });
    clearOutput(true);
    expect(sent).toEqual([
      {
        data: { "application/vnd.vegalite.v5+json": { mark: "bar" }, "image/svg+xml": "<svg/>", "text/plain": "chart" },
        metadata: {},
        transient: { display_id: id },
        update: false,
      },
      { data: { "text/plain": "done" }, metadata: { a: 1 }, transient: { display_id: id }, update: true },
      { clear: true },
    ]);
  });

  it("rejects bad input naming the argument", () => {
    fakeKernel();
    expect(() => displayBundle(null as never)).toThrow(/^bundle:/);
    expect(() => displayBundle({ "text/plain": "x" }, { update: true })).toThrow(/^opts\.update:/);
    expect(() => withJupyterDisplay(3 as never, () => ({}))).toThrow(/^target:/);
    expect(() => withJupyterDisplay({}, 3 as never)).toThrow(/^toBundle:/);
  });

  it("outside a kernel prints text/plain only", () => {
    expect(inKernel()).toBe(false);
    const writes: string[] = [];
    const orig = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((s: string) => (writes.push(String(s)), true)) as typeof process.stdout.write;
    try {
      displayBundle({ "text/html": "<b>x</b>", "text/plain": "x" });
      displayBundle({ "text/html": "<b>y</b>" });
    } finally {
      process.stdout.write = orig;
    }
    expect(writes).toEqual(["x\n"]);
  });
});

describe("MIME bundles and the display protocol", () => {
  it("JSON MIME types are recognized; binary data becomes base64", () => {
    expect(isJsonMimeType("application/json")).toBe(true);
    expect(isJsonMimeType("application/vnd.vegalite.v5+json")).toBe(true);
    expect(isJsonMimeType("text/html")).toBe(false);
    expect(normalizeMimeBundle({ "image/png": new Uint8Array([1, 2, 3]), "text/plain": 5, x: undefined })).toEqual({
      "image/png": "AQID",
      "text/plain": "5",
    });
  });

  it("a value with Symbol.for('Jupyter.display') shows its own bundle plus util.inspect text/plain", async () => {
    const v = withJupyterDisplay({ n: 1 }, () => ({ "text/html": "<i>1</i>" }));
    expect(JUPYTER_DISPLAY_SYMBOL).toBe(Symbol.for("Jupyter.display"));
    expect(isJupyterDisplayable(v)).toBe(true);
    expect(isJupyterDisplayable({})).toBe(false);
    expect(JSON.stringify(v)).toBe('{"n":1}');
    expect(await mimeBundleOf(v)).toEqual({ "text/html": "<i>1</i>", "text/plain": "{ n: 1 }" });
    expect(await mimeBundleOf([1, 2])).toEqual({ "text/plain": "[ 1, 2 ]" });
  });
});
