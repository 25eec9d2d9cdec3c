#!/usr/bin/env node
/**
 * Notebooks are their own source: each `.ipynb` is edited in Jupyter and committed in the layout nbformat writes
 * (what Jupyter Notebook saves): keys sorted, indent 1, non-ASCII kept, every multi-line string as a list of lines,
 * a trailing newline — plus the project's rules for sources: no outputs, `execution_count` null, a unique `id` on
 * every cell, the project's kernelspec.
 *
 *   node scripts/notebook-format.mjs [--check] [files…]     (default: notebooks/*.ipynb)
 *
 * Without `--check` it rewrites each notebook into that form (outputs dropped, missing ids added from the cell's
 * position). With `--check` it writes nothing and exits 1 listing every notebook that is not in that form and why.
 */
import { readFileSync, readdirSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The kernelspec every tutorial names (the project's kernel). */
export const KERNELSPEC = { display_name: "TypeScript (landscape-lab)", language: "typescript", name: "landscape-lab" };

/** Splits a string into lines that keep their line ends, as nbformat's `split_lines` does. */
function splitLines(text) {
  if (Array.isArray(text)) text = text.join("");
  const lines = text.split(/(?<=\n)/);
  return lines.length === 1 && lines[0] === "" ? [] : lines;
}

/** A deep copy with object keys in sorted order (Python's `sort_keys=True`). */
function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, sortKeys(value[k])]),
    );
  }
  return value;
}

/**
 * The problems that keep a notebook from being a clean source: outputs, execution counts, missing or duplicate ids.
 *
 * @returns a list of messages (empty when clean).
 */
export function sourceProblems(nb) {
  const problems = [];
  const seen = new Set();
  (nb.cells ?? []).forEach((cell, i) => {
    if (typeof cell.id !== "string" || cell.id === "") problems.push(`cell ${i}: no id`);
    else if (seen.has(cell.id)) problems.push(`cell ${i}: duplicate id "${cell.id}"`);
    else seen.add(cell.id);
    if (cell.cell_type === "code") {
      const where = `cell ${i} (${cell.id ?? "no id"})`;
      if ((cell.outputs ?? []).length) problems.push(`${where}: has outputs`);
      if (cell.execution_count != null) problems.push(`${where}: execution_count is set`);
    }
  });
  return problems;
}

/** The notebook as a clean source (no outputs, ids on every cell, the kernelspec), not yet laid out. */
export function cleanNotebook(nb) {
  const ids = new Set((nb.cells ?? []).map((c) => c.id).filter((id) => typeof id === "string" && id));
  const cells = (nb.cells ?? []).map((cell, i) => {
    const out = { ...cell, source: splitLines(cell.source ?? "") };
    if (typeof out.id !== "string" || out.id === "") {
      let id = `cell-${i}`;
      for (let k = 1; ids.has(id); k++) id = `cell-${i}-${k}`;
      ids.add(id);
      out.id = id;
    }
    if (out.cell_type === "code") {
      out.outputs = [];
      out.execution_count = null;
    } else {
      delete out.outputs;
      delete out.execution_count;
    }
    out.metadata = out.metadata ?? {};
    return out;
  });
  const metadata = { ...(nb.metadata ?? {}), kernelspec: KERNELSPEC };
  return { ...nb, cells, metadata, nbformat: 4, nbformat_minor: Math.max(5, nb.nbformat_minor ?? 5) };
}

/** The text nbformat writes for a notebook: sorted keys, indent 1, non-ASCII kept, a trailing newline. */
export function layoutNotebook(nb) {
  return JSON.stringify(sortKeys(nb), null, 1) + "\n";
}

/** The normal text of a notebook file's content. */
export function formatNotebookText(text) {
  return layoutNotebook(cleanNotebook(JSON.parse(text)));
}

function defaultFiles() {
  const dir = path.join(ROOT, "notebooks");
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ipynb") && !f.startsWith("."))
    .sort()
    .map((f) => path.join(dir, f));
}

function main(argv) {
  const check = argv.includes("--check");
  const files = argv.filter((a) => a !== "--check");
  const targets = files.length ? files.map((f) => path.resolve(f)) : defaultFiles();
  let bad = 0;
  for (const file of targets) {
    const rel = path.relative(process.cwd(), file);
    const text = readFileSync(file, "utf8");
    let nb;
    try {
      nb = JSON.parse(text);
    } catch (e) {
      console.error(`${rel}: not valid JSON (${e.message})`);
      bad++;
      continue;
    }
    const normal = layoutNotebook(cleanNotebook(nb));
    if (check) {
      const problems = sourceProblems(nb);
      if (normal !== text && problems.length === 0) problems.push("not in nbformat's layout (run `npm run format`)");
      if (problems.length) {
        bad++;
        console.error(`${rel}:\n  ${problems.join("\n  ")}`);
      }
    } else if (normal !== text) {
      const tmp = `${file}.${process.pid}.tmp`;
      writeFileSync(tmp, normal);
      renameSync(tmp, file);
      console.log(`formatted ${rel}`);
    }
  }
  if (check && bad) {
    console.error(`${bad} notebook(s) are not clean sources; \`npm run format\` fixes layout, ids and outputs`);
    process.exit(1);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main(process.argv.slice(2));
