/**
 * The landscape-lab kernel against real Jupyter clients (Debian's jupyter_client, jupyter_kernel_test, nbclient
 * under /usr/bin/python3), with the kernel specs found through JUPYTER_PATH=<repo>.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const FIXTURES = path.join(ROOT, "test", "fixtures", "kernel");
const PYTHON = "/usr/bin/python3";

function python(args: string[], timeoutMs = 240_000) {
  const r = spawnSync(PYTHON, args, {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, JUPYTER_PATH: ROOT, PYTHONPATH: FIXTURES, PYTHONUNBUFFERED: "1" },
  });
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The last line of stdout that parses as JSON (the fixtures print one JSON object). */
function lastJson<T>(stdout: string): T {
  const line = stdout
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (!line) throw new Error(`no JSON in output:\n${stdout}`);
  return JSON.parse(line) as T;
}

beforeAll(() => {
  // Cells import the built library (landscape-lab/dist/...).
  if (!existsSync(path.join(ROOT, "dist", "jupyter", "index.js"))) {
    spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
  }
});

describe("landscape-lab kernel", () => {
  it("passes jupyter_kernel_test: every conformance test runs and passes except test_pager (no pager in TypeScript); interrupts stop sync and await loops", () => {
    const r = python(["-m", "unittest", "-v", "test_landscape_kernel"]);
    const results = new Map<string, string>();
    for (const m of r.stderr.matchAll(/^(test_\w+) \([\w.]+\) \.\.\. (?:\[.*\n)*?(ok|FAIL|ERROR|skipped.*)$/gm)) {
      results.set(m[1], m[2].startsWith("skipped") ? "skipped" : m[2]);
    }
    const notOk = [...results].filter(([, v]) => v !== "ok");
    expect(notOk, r.stderr.slice(-4000)).toEqual([["test_pager", "skipped"]]);
    for (const name of [
      "test_kernel_info",
      "test_execute_stdout",
      "test_execute_stderr",
      "test_execute_result",
      "test_display_data",
      "test_error",
      "test_completion",
      "test_is_complete",
      "test_inspect",
      "test_clear_output",
      "test_history",
      "test_interrupt_sync_and_async_loops",
      "test_one_error_per_type_error_with_cell_lines",
      "test_update_display_data_by_display_id",
    ]) {
      expect(results.get(name), name).toBe("ok");
    }
    expect(r.status, r.stderr.slice(-4000)).toBe(0);
  });

  it("through nbclient with allow_errors, the cell after a failing cell still runs, execution counts are 1..n, values become Out[n] and type errors are error outputs", () => {
    const r = python([path.join(FIXTURES, "run_nbclient.py")]);
    expect(r.status, r.stderr.slice(-4000)).toBe(0);
    type Out = {
      output_type: string;
      name?: string;
      text?: string;
      ename?: string;
      evalue?: string;
      data?: Record<string, unknown>;
    };
    const nb = lastJson<{ language_info: { name: string }; cells: { execution_count: number; outputs: Out[] }[] }>(
      r.stdout,
    );
    expect(nb.language_info.name).toBe("typescript");
    expect(nb.cells.map((c) => c.execution_count)).toEqual([1, 2, 3, 4, 5]);
    expect(nb.cells[0].outputs).toEqual([
      { output_type: "execute_result", data: { "text/plain": "21" }, execution_count: 1 },
    ]);
    expect(nb.cells[1].outputs.map((o) => [o.output_type, o.ename, o.evalue])).toEqual([
      ["error", "Error", "second cell fails"],
    ]);
    expect(nb.cells[2].outputs).toEqual([{ output_type: "stream", name: "stdout", text: "third cell runs 10\n" }]);
    expect(nb.cells[3].outputs.map((o) => [o.output_type, o.ename])).toEqual([["error", "TS2322"]]);
    const display = nb.cells[4].outputs.find((o) => o.output_type === "display_data");
    expect(display?.data?.["application/vnd.vegalite.v5+json"]).toEqual({ mark: "point" });
    expect(nb.cells[4].outputs.at(-1)).toMatchObject({ output_type: "execute_result", data: { "text/plain": "40" } });
  });

  it("the GPU kernel spec never computes silently on the CPU: without a GPU the banner and the first cell say why, and ensureBackend fails", () => {
    const r = python([path.join(FIXTURES, "run_gpu_check.py")]);
    expect(r.status, r.stderr.slice(-4000)).toBe(0);
    const res = lastJson<{
      banner: string;
      status: string;
      outputs: { type: string; name?: string; text?: string; evalue?: string; data?: Record<string, string> }[];
    }>(r.stdout);
    if (/tensor backend: FAILED/.test(res.banner)) {
      expect(res.banner).toMatch(/gpu/i);
      expect(res.status).toBe("error");
      const notice = res.outputs.find((o) => o.type === "stream" && o.name === "stderr");
      expect(notice?.text).toMatch(/tensor backend unavailable/);
      const err = res.outputs.find((o) => o.type === "error");
      expect(err?.evalue).toMatch(/LANDSCAPE_BACKEND=gpu/);
    } else {
      // A machine with a GPU: the backend runs on it.
      expect(res.status).toBe("ok");
      expect(res.banner).toMatch(/GPU/);
    }
  });
});
