import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, unknown>;
}
interface Cell {
  cell_type: string;
  source: string | string[];
  outputs?: Output[];
}
const join = (t: unknown) => (Array.isArray(t) ? t.join("") : String(t ?? ""));

describe("00-tour.ipynb executed through real Jupyter with the project's kernel", () => {
  let cells: Cell[] = [];
  let all: Output[] = [];

  beforeAll(() => {
    const out = mkdtempSync(path.join(tmpdir(), "tour-"));
    const r = spawnSync(
      process.execPath,
      [path.join(ROOT, "scripts", "run-notebooks.mjs"), "notebooks/00-tour.ipynb", "--out", out],
      { cwd: ROOT, encoding: "utf8" },
    );
    expect(r.status, r.stderr).toBe(0);
    cells = (JSON.parse(readFileSync(path.join(out, "00-tour.ipynb"), "utf8")) as { cells: Cell[] }).cells.filter(
      (c) => c.cell_type === "code",
    );
    all = cells.flatMap((c) => c.outputs ?? []);
  });

  it("no cell wrote an error (stderr or error output)", () => {
    const errors = all.filter((o) => o.output_type === "error" || o.name === "stderr");
    expect(errors.map((o) => join(o.text))).toEqual([]);
  });

  it("import { … } from 'landscape-lab' type-checks and the backend is reported with its reason", () => {
    const run = all.find((o) => o.data?.["application/vnd.landscape-lab.run+json"]);
    expect(run).toBeDefined();
    const info = run!.data!["application/vnd.landscape-lab.run+json"] as { backend: string; reason: string };
    expect(["wasm", "cpu", "tensorflow"]).toContain(info.backend);
    expect(info.reason).toMatch(/auto|forced/);
  });

  it("the seeded tiny model has a positive tangent-kernel eigenvalue (PL* at init)", () => {
    const line = all.map((o) => join(o.text)).find((t) => t.includes("λ_min(K(w₀))"));
    const m = /width 256: P = 1024 parameters, λ_min\(K\(w₀\)\) = (0\.\d{4}), λ_max\(K\(w₀\)\) = (\d+\.\d{4})/.exec(
      line ?? "",
    );
    expect(m, line).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThan(0);
    expect(Number(m![2])).toBeGreaterThan(Number(m![1]));
  });

  it("the training run shows as a danfojs table with the step, loss, lambda_min and distance columns", () => {
    const table = all.find(
      (o) => join(o.data?.["text/html"]).includes("<table") && !o.data?.["application/vnd.landscape-lab.claims+json"],
    );
    expect(table).toBeDefined();
    const html = join(table!.data!["text/html"]);
    for (const col of ["step", "loss", "lambda_min", "distance"]) expect(html).toContain(col);
  });

  it("the loss chart is a Vega-Lite bundle with an SVG that has drawn marks", () => {
    const chart = all.find((o) => o.data?.["application/vnd.vegalite.v5+json"]);
    expect(chart).toBeDefined();
    expect(typeof chart!.data!["application/vnd.vegalite.v5+json"]).toBe("object");
    const svg = join(chart!.data!["image/svg+xml"]);
    expect(svg).toMatch(/^<svg/);
    expect(svg).toMatch(/<path[^>]+d="M[\d.]+,[\d.]+L/);
  });

  it("the claims table has the tour's four claims and every one holds at the defaults", () => {
    const claims = all.find((o) => o.data?.["application/vnd.landscape-lab.claims+json"]);
    expect(claims).toBeDefined();
    const { rows } = claims!.data!["application/vnd.landscape-lab.claims+json"] as { rows: { status: string }[] };
    expect(rows.length).toBe(4);
    expect(rows.map((r) => r.status)).toEqual(["pass", "pass", "pass", "pass"]);
  });
});
