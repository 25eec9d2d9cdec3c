#!/usr/bin/env node
/**
 * Notebook runner: executes notebooks with Debian's nbclient and the project's own kernel (found through
 * JUPYTER_PATH, the user's Jupyter is not touched) and writes the executed copies to reports/executed/.
 *
 *   node scripts/run-notebooks.mjs [notebooks/…ipynb …] [--timeout SECONDS] [--kernel NAME] [--out DIR] [--allow-errors]
 *
 * With no notebook arguments it runs every notebooks/*.ipynb in name order. On a cell error it fails naming the
 * notebook, the cell index, the cell's first line and the error text; the previous executed copy is kept and the
 * failed run is written beside it as <name>.failed.ipynb.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const PYTHON = process.env.LANDSCAPE_PYTHON ?? "/usr/bin/python3";
const NBEXEC = path.join(ROOT, "scripts", "nbexec.py");

/** An error of the runner, with a message meant for the user. */
export class NotebookError extends Error {
  constructor(message, details = {}) {
    super(message);
    this.name = "NotebookError";
    Object.assign(this, details);
  }
}

/** Checks that a Python with nbclient and a Jupyter client is present; throws saying which package provides it. */
export function checkJupyter(python = PYTHON) {
  const r = spawnSync(python, ["-c", "import nbclient, nbformat, jupyter_client"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    const why = r.error ? `${python} not found` : r.stderr.trim().split("\n").pop();
    throw new NotebookError(
      `Jupyter is missing (${why}). Install Debian's packages: ` +
        "apt-get install jupyter-nbconvert python3-nbclient jupyter-client jupyter-notebook " +
        "(or pip install nbclient nbformat jupyter_client), or point LANDSCAPE_PYTHON at a Python that has them.",
    );
  }
  if (!existsSync(path.join(ROOT, "dist", "index.js"))) {
    throw new NotebookError("the library is not built: run `npm run build` (notebook cells import dist/)");
  }
}

/** The notebooks a run covers: the given paths (checked), or every notebooks/*.ipynb. */
export function resolveNotebooks(args) {
  if (args.length === 0) {
    const dir = path.join(ROOT, "notebooks");
    return readdirSync(dir)
      .filter((f) => f.endsWith(".ipynb"))
      .sort()
      .map((f) => path.join(dir, f));
  }
  return args.map((a) => {
    const p = path.resolve(a);
    if (!existsSync(p)) throw new NotebookError(`notebook not found: ${a} (resolved to ${p})`);
    if (!p.endsWith(".ipynb")) throw new NotebookError(`not a notebook (expected a .ipynb file): ${a}`);
    return p;
  });
}

/** The environment a kernel runs in: the project's kernel specs first, a private runtime dir. */
export function jupyterEnv(extra = {}) {
  const runtime = mkdtempSync(path.join(tmpdir(), "landscape-jupyter-"));
  const jp = [ROOT, process.env.JUPYTER_PATH].filter(Boolean).join(path.delimiter);
  return {
    ...process.env,
    JUPYTER_PATH: jp,
    JUPYTER_RUNTIME_DIR: runtime,
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    ...extra,
  };
}

/**
 * Executes one notebook. Resolves with { notebook, output, seconds }; rejects with a NotebookError naming the
 * notebook, cell index, first line and error.
 */
export function runNotebook(
  notebook,
  {
    outDir = path.join(ROOT, "reports", "executed"),
    kernel = "landscape-lab",
    cellTimeout = 600,
    timeout = 1200,
    allowErrors = false,
    env = {},
    source,
  } = {},
) {
  mkdirSync(outDir, { recursive: true });
  const name = path.basename(notebook, ".ipynb");
  const output = path.join(outDir, `${name}.ipynb`);
  const tmp = path.join(outDir, `.${name}.${process.pid}.tmp.ipynb`);
  const input = source ?? notebook;
  const rel = path.relative(process.cwd(), notebook) || notebook;
  return new Promise((resolve, reject) => {
    const e = jupyterEnv(env);
    const child = spawn(PYTHON, [NBEXEC, input, tmp, kernel, String(cellTimeout), allowErrors ? "1" : "0"], {
      env: e,
      cwd: path.dirname(notebook),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      rmSync(e.JUPYTER_RUNTIME_DIR, { recursive: true, force: true });
      let result;
      try {
        result = JSON.parse(out.trim().split("\n").pop() ?? "");
      } catch {
        result = undefined;
      }
      if (code === 0 && result?.ok) {
        renameSync(tmp, output);
        resolve({ notebook, output, seconds: result.seconds });
        return;
      }
      if (existsSync(tmp)) renameSync(tmp, path.join(outDir, `${name}.failed.ipynb`));
      if (signal) {
        reject(new NotebookError(`${rel}: killed after the notebook timeout of ${timeout} s`, { notebook }));
      } else if (result?.setup) {
        reject(new NotebookError(result.setup, { notebook }));
      } else if (result && result.cell !== undefined) {
        const where = result.cell === null ? "a cell" : `cell ${result.cell} ("${result.first_line}")`;
        reject(
          new NotebookError(`${rel}: ${where} failed: ${result.ename}: ${result.evalue}`, {
            notebook,
            cell: result.cell,
            firstLine: result.first_line,
            ename: result.ename,
            evalue: result.evalue,
          }),
        );
      } else {
        const tail = err.trim().split("\n").slice(-15).join("\n");
        reject(new NotebookError(`${rel}: execution failed (exit ${code}):\n${tail}`, { notebook }));
      }
    });
  });
}

function parseArgs(argv) {
  const opts = { notebooks: [], cellTimeout: 600, timeout: 1200, kernel: "landscape-lab", allowErrors: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new NotebookError(`${a}: expected a value`);
      return v;
    };
    if (a === "--timeout") {
      opts.timeout = Number(value());
      if (!(opts.timeout > 0)) throw new NotebookError(`--timeout: expected a positive number of seconds`);
    } else if (a === "--cell-timeout") {
      opts.cellTimeout = Number(value());
      if (!(opts.cellTimeout > 0)) throw new NotebookError(`--cell-timeout: expected a positive number of seconds`);
    } else if (a === "--kernel") opts.kernel = value();
    else if (a === "--out") opts.outDir = path.resolve(value());
    else if (a === "--allow-errors") opts.allowErrors = true;
    else if (a.startsWith("--")) throw new NotebookError(`unknown option ${a}`);
    else opts.notebooks.push(a);
  }
  return opts;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const notebooks = resolveNotebooks(opts.notebooks);
  checkJupyter();
  let failed = 0;
  for (const nb of notebooks) {
    const rel = path.relative(process.cwd(), nb);
    process.stdout.write(`${rel} … `);
    try {
      const r = await runNotebook(nb, opts);
      process.stdout.write(`ok (${r.seconds.toFixed(1)} s) → ${path.relative(process.cwd(), r.output)}\n`);
    } catch (e) {
      failed++;
      process.stdout.write("FAILED\n");
      console.error(e.message);
    }
  }
  if (failed) process.exit(1);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(2);
  });
}
