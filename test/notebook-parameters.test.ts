import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import * as library from "../src/index.js";
import { ParameterSchema } from "../src/core/parameters.js";
import { parseLiteral } from "../src/core/literal.js";
const loadParams = () => import("../scripts/report/params.mjs");
type NotebookJson = Parameters<Awaited<ReturnType<typeof loadParams>>["notebookParameters"]>[0];

const ROOT = path.resolve(__dirname, "..");
const NOTEBOOKS = readdirSync(path.join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
  .sort();

interface Notebook extends NotebookJson {
  metadata: { "landscape-lab"?: { parameters?: string } };
  cells: { cell_type: string; source: string[] }[];
}

describe("every notebook declares its parameters with domains the library checks", () => {
  for (const f of NOTEBOOKS) {
    const nb = JSON.parse(readFileSync(path.join(ROOT, "notebooks", f), "utf8")) as Notebook;

    it(`${f}: its metadata names a parameter schema the library exports, with exactly the parameters cell's names`, async () => {
      const { notebookParameters } = await loadParams();
      const name = nb.metadata["landscape-lab"]?.parameters;
      expect(name, 'metadata "landscape-lab".parameters').toBeTypeOf("string");
      const schema = (library as Record<string, unknown>)[name!];
      expect(schema).toBeInstanceOf(ParameterSchema);
      const names = notebookParameters(nb).map((p) => p.name);
      expect([...names].sort()).toEqual([...(schema as ParameterSchema).names].sort());
    });

    it(`${f}: every default value is a literal inside its domain`, async () => {
      const { notebookParameters } = await loadParams();
      const schema = (library as Record<string, unknown>)[
        nb.metadata["landscape-lab"]?.parameters ?? ""
      ] as ParameterSchema;
      const values = Object.fromEntries(notebookParameters(nb).map((p) => [p.name, parseLiteral(p.value)]));
      expect(() => schema.check(values)).not.toThrow();
    });

    it(`${f}: the code cell after the parameters cell starts by checking every parameter (the same message in Jupyter)`, async () => {
      const { notebookParameters, findParametersCell } = await loadParams();
      const name = nb.metadata["landscape-lab"]?.parameters ?? "";
      const i = findParametersCell(nb);
      const next = nb.cells.slice(i + 1).find((c) => c.cell_type === "code");
      const first = next?.source.join("") ?? "";
      const m = new RegExp(`^${name}\\.check\\(\\{([^}]*)\\}\\);`).exec(first);
      expect(m, first.split("\n")[0]).not.toBeNull();
      const checked = m![1]
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      const names = notebookParameters(nb).map((p) => p.name);
      expect([...checked].sort()).toEqual([...names].sort());
    });
  }

  it("the report command refuses a value outside its domain before the kernel starts: exit 2, parameter, domain, value", () => {
    const t0 = Date.now();
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "scripts", "report.mjs"), "notebooks/00-tour.ipynb", "--set", "width=abc", "--set", "lr=0.1"],
      { cwd: ROOT, encoding: "utf8", env: { ...process.env, PATH: "/nonexistent" } },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("notebooks/00-tour.ipynb: width: expected an integer in [1, 16384], got abc");
    expect(Date.now() - t0).toBeLessThan(20_000);
    const r2 = spawnSync(
      process.execPath,
      [path.join(ROOT, "scripts", "report.mjs"), "notebooks/00-tour.ipynb", "--set", "lr=0"],
      {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, PATH: "/nonexistent" },
      },
    );
    expect(r2.status).toBe(2);
    expect(r2.stderr).toContain("lr: expected a finite number in (0, 2], got 0");
  });

  it("a value that breaks a hypothesis runs to the end and the report says which claims do not apply and why", () => {
    const out = mkdtempSync(path.join(tmpdir(), "landscape-hypothesis-"));
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "scripts", "report.mjs"), "notebooks/00-tour.ipynb", "--set", "width=1", "--out", out],
      { cwd: ROOT, encoding: "utf8", timeout: 300_000 },
    );
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(path.join(out, "00-tour.json"), "utf8")) as {
      rows: { claim: string; status: string; reason?: string }[];
      notApplicable: number;
      failed: number;
    };
    expect(summary.failed).toBe(0);
    expect(summary.notApplicable).toBe(2);
    for (const row of summary.rows.filter((x) => x.status === "not-applicable")) {
      expect(row.reason).toContain("P = 4 < n = 8");
    }
    const html = readFileSync(path.join(out, "00-tour.html"), "utf8");
    expect(html).toContain("Claims: 2 hold · 2 not applicable · 0 fail");
    expect(html).toMatch(
      /<tr class="not-applicable"><td class="claim">[^<]*<div class="reason">not applicable: P = 4 &lt; n = 8/,
    );
  }, 300_000);
});
