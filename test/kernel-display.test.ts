/** The library's side of the Jupyter display protocol (src/jupyter), with a fake kernel sink. */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
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

describe("the kernel without dist/ (kernels/runtime/mime.cjs is the one MIME bundle implementation)", () => {
  const ROOT = path.resolve(__dirname, "..");
  const scratch = mkdtempSync(path.join(tmpdir(), "landscape-nodist-"));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it("the library's normalizeMimeBundle is mime.cjs's: the same error naming what came", () => {
    const shared = createRequire(__filename)(path.join(ROOT, "kernels", "runtime", "mime.cjs")) as {
      normalizeMimeBundle(b: unknown): unknown;
    };
    expect(() => normalizeMimeBundle(null as never)).toThrow(
      "bundle: expected an object mapping MIME types to data, got null",
    );
    expect(() => shared.normalizeMimeBundle([])).toThrow(
      "bundle: expected an object mapping MIME types to data, got an array",
    );
  });

  it("a checkout with no dist/ starts, shows a value's own bundle as execute_result and tslab.display as display_data, and its banner says the library was not loaded", () => {
    cpSync(path.join(ROOT, "kernels"), path.join(scratch, "kernels"), { recursive: true });
    cpSync(path.join(ROOT, "package.json"), path.join(scratch, "package.json"));
    symlinkSync(path.join(ROOT, "node_modules"), path.join(scratch, "node_modules"));
    const steps = [
      {
        code: `({ [Symbol.for("Jupyter.display")]: () => ({ "text/html": "<b>shown</b>", "application/json": '{"a":1}' }) })`,
      },
      { code: `import * as tslab from "tslab";\ntslab.display.html("<i>tslab</i>");` },
      { kernel_info: true },
    ];
    const r = spawnSync(
      "/usr/bin/python3",
      [path.join(ROOT, "test", "fixtures", "kernel", "run_session.py"), JSON.stringify({ steps })],
      {
        cwd: scratch,
        encoding: "utf8",
        timeout: 180_000,
        env: { ...process.env, JUPYTER_PATH: scratch, PYTHONUNBUFFERED: "1" },
      },
    );
    const line = (r.stdout ?? "")
      .trim()
      .split("\n")
      .reverse()
      .find((l) => l.startsWith("{"));
    expect(line, `${r.stdout}\n${r.stderr}`).toBeDefined();
    type Out = { msg_type: string; content: { data?: Record<string, unknown> } };
    type Step = { outputs?: Out[]; reply?: { status?: string; banner?: string } };
    const results = (JSON.parse(line as string) as { results: Step[] }).results;
    expect(results[2].reply?.banner).toMatch(/the landscape-lab library could not be loaded \(run npm run build\)/);
    const result = results[0].outputs?.find((o) => o.msg_type === "execute_result");
    expect(result?.content.data).toMatchObject({ "text/html": "<b>shown</b>", "application/json": { a: 1 } });
    expect(typeof result?.content.data?.["text/plain"]).toBe("string");
    const shown = results[1].outputs?.find((o) => o.msg_type === "display_data");
    expect(shown?.content.data).toEqual({ "text/html": "<i>tslab</i>" });
  });
});
