import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

interface Output {
  output_type: string;
  text?: string | string[];
  ename?: string;
  evalue?: string;
  traceback?: string[];
}
const join = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));
// eslint-disable-next-line no-control-regex
const plain = (s: string) => s.replace(/\u001b\[[0-9;]*m/g, "");

describe("the kernel resolves shorthand properties that name earlier cells' variables (tslab 1.0.22 does not)", () => {
  let cells: { outputs: Output[] }[] = [];
  beforeAll(() => {
    const out = mkdtempSync(path.join(tmpdir(), "shorthand-"));
    const r = spawnSync(
      process.execPath,
      [
        path.join(ROOT, "scripts", "run-notebooks.mjs"),
        "test/fixtures/kernel-shorthand.ipynb",
        "--out",
        out,
        "--allow-errors",
      ],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    cells = JSON.parse(readFileSync(path.join(out, "kernel-shorthand.ipynb"), "utf8")).cells;
  });

  it("f({ seed, n }) and destructuring assignments from shorthands see the earlier cell's values", () => {
    const text = cells[1].outputs.map((o) => join(o.text)).join("");
    expect(text).toBe("pair=73\nm=3 s=7\n");
  });

  it("a shorthand naming a local that shadows an earlier variable keeps the local", () => {
    expect(cells[2].outputs.map((o) => join(o.text)).join("")).toBe("shadow=5\n");
  });

  it("a type error after an expanded shorthand points at the cell's own column", () => {
    const err = cells[3].outputs.find((o) => o.output_type === "error");
    expect(err?.evalue).toMatch(/Cannot find name 'notDefinedAnywhere'/);
    const tb = plain((err?.traceback ?? []).join("\n"));
    const src = "const q = { seed, n, z: notDefinedAnywhere };";
    expect(tb).toContain(`column ${src.indexOf("notDefinedAnywhere") + 1}`);
  });
});

describe("expandShorthands (kernels/runtime/shorthand.cjs)", () => {
  const req = createRequire(path.join(ROOT, "package.json"));
  const ts = req(req.resolve("@tslab/typescript-for-tslab", { paths: [path.join(ROOT, "node_modules", "tslab")] }));
  type Expanded = { src: string; edits: { offset: number; length: number }[] };
  const { expandShorthands } = req("./kernels/runtime/shorthand.cjs") as {
    expandShorthands(ts: unknown, src: string, names: Set<string> | (() => Set<string>)): Expanded;
  };

  it("reads the earlier cells' names only when the cell has a shorthand property, and expands the same way either way", () => {
    let reads = 0;
    const names = () => {
      reads++;
      return new Set(["seed", "n"]);
    };
    for (const src of [
      "const v1 = 1;\nv1 * 2",
      "function f(o: { a: number }) { return { b: o.a } }",
      "if (1) { seed }",
    ]) {
      expect(expandShorthands(ts, src, names), src).toEqual({ src, edits: [] });
    }
    expect(reads).toBe(0);
    const src = "const o = { seed, x: 1, n };\nconst { seed: s } = o;";
    const lazy = expandShorthands(ts, src, names);
    expect(reads).toBe(1);
    expect(lazy).toEqual(expandShorthands(ts, src, new Set(["seed", "n"])));
    expect(lazy.src).toBe("const o = { seed: seed, x: 1, n: n };\nconst { seed: s } = o;");
    expect(expandShorthands(ts, "({ seed })", () => new Set())).toEqual({ src: "({ seed })", edits: [] });
  });
});
