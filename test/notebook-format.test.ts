import { spawnSync } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: an untyped .mjs script
import { cleanNotebook, formatNotebookText, layoutNotebook, sourceProblems } from "../scripts/notebook-format.mjs";

const ROOT = path.resolve(__dirname, "..");
const NOTEBOOKS = readdirSync(path.join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
  .sort();

describe("notebooks are their own source", () => {
  for (const f of NOTEBOOKS) {
    it(`${f}: equals what Debian's nbformat writes for it (a Jupyter save leaves it unchanged)`, () => {
      const file = path.join(ROOT, "notebooks", f);
      const r = spawnSync(
        "/usr/bin/python3",
        ["-c", "import nbformat,sys; sys.stdout.write(nbformat.writes(nbformat.read(sys.argv[1], 4)) + '\\n')", file],
        { encoding: "utf8" },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(readFileSync(file, "utf8")).toBe(r.stdout);
    });

    it(`${f}: has no outputs, no execution counts, a unique id per cell, and is already formatted`, () => {
      const text = readFileSync(path.join(ROOT, "notebooks", f), "utf8");
      expect(sourceProblems(JSON.parse(text))).toEqual([]);
      expect(formatNotebookText(text)).toBe(text);
    });
  }

  it("the formatter drops outputs and counts, adds missing ids, splits sources into lines and sorts keys", () => {
    const nb = {
      nbformat: 4,
      nbformat_minor: 4,
      metadata: {},
      cells: [
        { source: "a\nb", cell_type: "code", metadata: {}, execution_count: 3, outputs: [{ output_type: "stream" }] },
        { cell_type: "markdown", metadata: {}, source: ["# t"], id: "cell-0" },
      ],
    };
    expect(sourceProblems(nb)).toEqual([
      "cell 0: no id",
      "cell 0 (no id): has outputs",
      "cell 0 (no id): execution_count is set",
    ]);
    const clean = cleanNotebook(nb);
    expect(clean.cells[0]).toMatchObject({ id: "cell-0-1", source: ["a\n", "b"], outputs: [], execution_count: null });
    expect(sourceProblems(clean)).toEqual([]);
    const text = layoutNotebook(clean);
    expect(text.indexOf('"cell_type"')).toBeLessThan(text.indexOf('"execution_count"'));
    expect(text.endsWith("}\n")).toBe(true);
  });
});
