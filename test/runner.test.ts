import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const RUNNER = path.join(ROOT, "scripts", "run-notebooks.mjs");

function run(args: string[], env: Record<string, string> = {}) {
  return spawnSync(process.execPath, [RUNNER, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, ...env },
  });
}

interface Cell {
  cell_type: string;
  outputs?: { output_type: string; name?: string; text?: string | string[] }[];
}
const text = (c: Cell) =>
  (c.outputs ?? [])
    .map((o) => (Array.isArray(o.text) ? o.text.join("") : (o.text ?? "")))
    .join("")
    .trim();

describe("notebook runner (real Jupyter: Debian nbclient + the project's kernel)", () => {
  beforeAll(() => {
    if (!existsSync(path.join(ROOT, "dist", "index.js")))
      execFileSync(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.json"], { cwd: ROOT });
  });

  it("executes a notebook that imports the library and writes the executed copy with its outputs", () => {
    const out = mkdtempSync(path.join(tmpdir(), "runner-"));
    const r = run(["test/fixtures/runner-ok.ipynb", "--out", out]);
    expect(r.status, r.stderr).toBe(0);
    const nb = JSON.parse(readFileSync(path.join(out, "runner-ok.ipynb"), "utf8")) as { cells: Cell[] };
    expect(text(nb.cells[0])).toMatch(/^backend=(wasm|cpu|tensorflow)$/);
    expect(text(nb.cells[1])).toBe("answer=42");
  });

  it("a failing cell names the notebook, the cell index, its first line and the error", () => {
    const out = mkdtempSync(path.join(tmpdir(), "runner-"));
    const r = run(["test/fixtures/runner-fail.ipynb", "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('test/fixtures/runner-fail.ipynb: cell 1 ("const boom = 1;") failed');
    expect(r.stderr).toContain("deliberate failure in cell two");
    // no executed copy is written as if it had succeeded
    expect(existsSync(path.join(out, "runner-fail.ipynb"))).toBe(false);
    expect(existsSync(path.join(out, "runner-fail.failed.ipynb"))).toBe(true);
  });

  it("a notebook that does not exist is named in the error", () => {
    const r = run(["notebooks/does-not-exist.ipynb"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/notebook not found: notebooks\/does-not-exist\.ipynb/);
  });

  it("a missing Jupyter says which Debian packages provide it", () => {
    const r = run(["test/fixtures/runner-ok.ipynb"], { LANDSCAPE_PYTHON: "/nonexistent/python3" });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/Jupyter is missing.*apt-get install jupyter-nbconvert python3-nbclient/);
  });
});
