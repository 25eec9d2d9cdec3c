/**
 * A cell's mistake never costs the session: the landscape-lab kernel driven by Debian's jupyter_client
 * (test/fixtures/kernel/run_session.py) through faults, file changes on disk, interrupts of tfjs work, stdin and
 * comms. Each scenario checks what the user sees and that the kernel is alive afterwards with its state intact.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const DRIVER = path.join(ROOT, "test", "fixtures", "kernel", "run_session.py");

type Msg = { msg_type: string; parent: string; content: Record<string, unknown> };
type Result = {
  alive: boolean;
  timeout?: boolean;
  reply?: Record<string, unknown>;
  outputs?: Msg[];
  iopub?: Msg[];
  input_requests?: { prompt: string; password: boolean; parent: boolean }[];
};
type Step = Record<string, unknown>;

/** Runs the steps in one fresh kernel; returns one result per step (fewer when the kernel died). */
function session(steps: Step[], env: Record<string, string> = {}, timeoutMs = 180_000): Result[] {
  const r = spawnSync("/usr/bin/python3", [DRIVER, JSON.stringify({ steps, env })], {
    cwd: ROOT,
    encoding: "utf8",
    timeout: timeoutMs,
    env: { ...process.env, JUPYTER_PATH: ROOT, PYTHONUNBUFFERED: "1" },
  });
  const line = (r.stdout ?? "")
    .trim()
    .split("\n")
    .reverse()
    .find((l) => l.startsWith("{"));
  if (r.status !== 0 || !line) throw new Error(`driver failed (${r.status}):\n${r.stdout}\n${r.stderr}`);
  return (JSON.parse(line) as { results: Result[] }).results;
}

const outputsOf = (r: Result, type: string) => (r.outputs ?? []).filter((m) => m.msg_type === type);
const resultText = (r: Result) =>
  (outputsOf(r, "execute_result")[0]?.content.data as Record<string, string> | undefined)?.["text/plain"];
const stderrOf = (r: Result) =>
  outputsOf(r, "stream")
    .filter((m) => m.content.name === "stderr")
    .map((m) => m.content.text)
    .join("");

/** A step that proves the kernel alive with its state: `1+1` and the value defined in the first cell. */
const ALIVE = { code: "[1 + 1, kept]" };
const expectAlive = (r: Result) => {
  expect(r.alive).toBe(true);
  expect(r.reply?.status, JSON.stringify(r)).toBe("ok");
  expect(resultText(r)).toBe("[ 2, 41 ]");
};

beforeAll(() => {
  if (!existsSync(path.join(ROOT, "dist", "jupyter", "index.js"))) {
    spawnSync("npx", ["tsc", "-p", "tsconfig.json"], { cwd: ROOT, stdio: "inherit" });
  }
});

describe("async faults and process.exit (wasm backend, whose module adds fault listeners that rethrow)", () => {
  it("an unawaited rejection, a throwing async function, a throw in a timer, in a setInterval and in an I/O callback are each an error on their cell or, when idle, on the next cell's stderr; process.exit is refused; the kernel keeps its state", () => {
    const r = session([
      { code: 'import * as tf from "@tensorflow/tfjs";\nconst kept = 41;\ntf.getBackend()' },
      { code: 'Promise.reject(new Error("not awaited"));\n1' },
      ALIVE,
      { code: '(async () => {\n  throw new Error("async boom");\n})();' },
      ALIVE,
      { code: 'setTimeout(() => {\n  throw new Error("late");\n}, 10);\n"scheduled"' },
      { sleep: 1.5 },
      ALIVE,
      {
        code: 'const h = setInterval(() => {\n  clearInterval(h);\n  throw new Error("tick");\n}, 5);\nawait new Promise((r) => setTimeout(r, 200));',
      },
      { code: 'require("node:fs").readFile("/nonexistent", () => {\n  throw new Error("io callback");\n});' },
      { sleep: 1.5 },
      ALIVE,
      { code: "process.exit(1)" },
      ALIVE,
      { code: 'setTimeout(() => process.exit(3), 5);\n"exit later"' },
      { sleep: 1.5 },
      ALIVE,
    ]);
    expect(r.map((x) => x.alive)).toEqual(r.map(() => true));
    expect(resultText(r[0])).toBe("'wasm'");

    // Un-awaited rejection: the cell that made it fails with the rejection, named as such.
    expect(r[1].reply).toMatchObject({ status: "error", ename: "Error", evalue: "not awaited" });
    expect((r[1].reply?.traceback as string[])[0]).toMatch(/Unhandled promise rejection.*In \[2\]/);
    expectAlive(r[2]);
    expect(r[3].reply).toMatchObject({ status: "error", evalue: "async boom" });
    expectAlive(r[4]);

    // A timer that throws after its cell ended: an error under that cell (iopub, its parent), and a line on the
    // stderr of the next cell.
    expect(r[5].reply?.status).toBe("ok");
    const late = r[6].iopub!.find((m) => m.msg_type === "error");
    expect(late?.content).toMatchObject({ ename: "Error", evalue: "late" });
    expect(late?.parent).toBe(r[5].outputs![0].parent);
    expect((late?.content.traceback as string[])[0]).toMatch(/timer callback of In \[6\]/);
    expect((late?.content.traceback as string[]).join("\n")).toMatch(/at Timeout\.<anonymous> \(In \[6\], line 2\)/);
    expectAlive(r[7]);
    expect(stderrOf(r[7])).toMatch(/While no cell was running.*\n {2}Error: late \(from a callback of In \[6\]\)/);

    // A throw in setInterval while its cell still runs: the cell fails with it.
    expect(r[8].reply).toMatchObject({ status: "error", evalue: "tick" });
    // A throw in an I/O callback (uncaughtException) after the cell ended.
    expect(r[10].iopub!.find((m) => m.msg_type === "error")?.content).toMatchObject({ evalue: "io callback" });
    expectAlive(r[11]);
    expect(stderrOf(r[11])).toMatch(/io callback/);

    // process.exit: refused with an error that says why.
    expect(r[12].reply).toMatchObject({ status: "error", ename: "ProcessExitRefused" });
    expect(r[12].reply?.evalue).toMatch(/process\.exit\(1\) was refused.*restart the kernel/);
    expectAlive(r[13]);
    expect(r[15].iopub!.find((m) => m.msg_type === "error")?.content).toMatchObject({ ename: "ProcessExitRefused" });
    expectAlive(r[16]);
  });

  it("with the cpu backend the same faults are reported the same way", () => {
    const r = session(
      [
        { code: 'import * as tf from "@tensorflow/tfjs";\nconst kept = 41;\ntf.getBackend()' },
        { code: 'Promise.reject(new Error("not awaited"));' },
        ALIVE,
      ],
      { LANDSCAPE_BACKEND: "cpu" },
    );
    expect(resultText(r[0])).toBe("'cpu'");
    expect(r[1].reply).toMatchObject({ status: "error", evalue: "not awaited" });
    expectAlive(r[2]);
  });
});

describe("files changing on disk while the kernel runs", () => {
  it("touched package.json files, node_modules metadata and @types changes leave later cells working; after dist/ is rebuilt an import cell says a restart is needed", () => {
    // A scratch directory stands for dist/ (LANDSCAPE_KERNEL_LIBRARY_DIR), so that kernels of other tests running at
    // the same time do not see a rebuild of the real library.
    mkdirSync(path.join(ROOT, "test-artifacts"), { recursive: true });
    const lib = mkdtempSync(path.join(ROOT, "test-artifacts", "kernel-lib-"));
    const file = path.join(lib, "index.js");
    writeFileSync(file, "exports.version = 1;\n");
    const touch = (p: string) => `fs.utimesSync(${JSON.stringify(p)}, new Date(), new Date());`;
    try {
      const r = session(
        [
          {
            code:
              'import { inKernel } from "landscape-lab";\nimport * as fs from "node:fs";\nconst kept = 41;\n' +
              `const lib = require(${JSON.stringify(file)});`,
          },
          {
            code: [
              touch(path.join(ROOT, "package.json")),
              touch(path.join(ROOT, "node_modules", "@tensorflow", "tfjs", "package.json")),
              touch(path.join(ROOT, "node_modules", "@types", "node", "package.json")),
              `fs.chmodSync(${JSON.stringify(path.join(ROOT, "node_modules", "@types", "node", "package.json"))}, 0o644);`,
            ].join("\n"),
          },
          { sleep: 1.5 },
          ALIVE,
          { code: "const typed: number = kept + 1;\ntyped" },
          { code: `fs.writeFileSync(${JSON.stringify(file)}, "exports.version = 2;\\n");` },
          { sleep: 1.5 },
          { code: `const again = require(${JSON.stringify(file)});\nagain.version` },
          ALIVE,
        ],
        { LANDSCAPE_KERNEL_LIBRARY_DIR: path.relative(ROOT, lib) },
      );
      expect(r.map((x) => x.alive)).toEqual(r.map(() => true));
      expect(r[1].reply?.status).toBe("ok");
      expect(r[2].iopub!.filter((m) => m.msg_type === "error")).toEqual([]);
      expectAlive(r[3]);
      expect(r[4].reply?.status).toBe("ok");
      expect(resultText(r[4])).toBe("42");
      // Node still has the module as loaded; the import cell says a restart is needed, naming the changed file.
      expect(r[7].reply?.status).toBe("ok");
      expect(resultText(r[7])).toBe("1");
      const rel = path.relative(ROOT, file).split(path.sep).join("/");
      expect(stderrOf(r[7])).toContain(`(1 file(s) changed: ${rel})`);
      expect(stderrOf(r[7])).toMatch(/library was rebuilt on disk .*restart the kernel/s);
      expectAlive(r[8]);
    } finally {
      rmSync(lib, { recursive: true, force: true });
    }
  });
});

describe("interrupts leave tfjs clean", () => {
  it("interrupting a loop inside tf.tidy and an await loop of tfjs work ends the open scopes and disposes the cell's tensors: numTensors is back to its value before the cell, and later tensors are not captured", () => {
    const count = "[tf.memory().numTensors - before, tf.engine().state.scopeStack.length, kept]";
    const r = session([
      {
        code:
          'import * as tf from "@tensorflow/tfjs";\nconst kept = 41;\nconst keptT = tf.scalar(3);\n' +
          "const before = tf.memory().numTensors;",
      },
      {
        code: 'const a = tf.ones([4]);\ntf.tidy(() => {\n  tf.add(a, a);\n  console.log("in tidy");\n  for (;;) {}\n});',
        interrupt_on_output: true,
      },
      { code: count },
      {
        code:
          'const m = tf.ones([32, 32]);\nconsole.log("looping");\nfor (;;) {\n  await Promise.resolve();\n  tf.tidy(() => tf.matMul(m, m));\n' +
          "  tf.tidy(() => {\n    tf.ones([8]);\n    tf.matMul(m, m);\n  });\n}",
        interrupt_on_output: true,
      },
      { code: count },
      { code: "const u = tf.ones([3]);\n[tf.memory().numTensors - before, tf.engine().state.activeScope === null]" },
      { code: "u.dispose();\n[tf.memory().numTensors - before, keptT.dataSync()[0]]" },
      ALIVE,
    ]);
    for (const i of [1, 3]) expect(r[i].reply).toMatchObject({ status: "error", ename: "Interrupted" });
    // Stopped inside tidy: its scope is ended; the await loop leaked a tensor per turn: those are disposed.
    expect((r[1].reply?.traceback as string[]).join("\n")).toMatch(/tfjs cleaned up: [1-9]\d* open scope\(s\) ended/);
    expect((r[3].reply?.traceback as string[]).join("\n")).toMatch(/tfjs cleaned up: .* [1-9]\d* tensor\(s\)/);
    expect(resultText(r[2])).toBe("[ 0, 0, 41 ]");
    expect(resultText(r[4])).toBe("[ 0, 0, 41 ]");
    expect(resultText(r[5])).toBe("[ 1, true ]");
    expect(resultText(r[6])).toBe("[ 0, 3 ]");
    expectAlive(r[7]);
  });
});

describe("stdin: input_request / input_reply", () => {
  it("with allow_stdin, prompt(), input(), password() and readline (callback and promise flavours) send input_request with the prompt (password hidden) and get the input_reply value; without stdin a StdinNotAllowed error; an interrupt ends the wait", () => {
    const rl =
      'import * as readline from "node:readline";\n' +
      "const rl = readline.createInterface({ input: process.stdin, output: process.stdout });\n" +
      'const answer = await new Promise<string>((r) => rl.question("Favourite number? ", r));\n' +
      'rl.close();\nconsole.log("got", answer);';
    const rlp =
      'import * as rlp from "node:readline/promises";\n' +
      "const rl2 = rlp.createInterface({ input: process.stdin, output: process.stdout });\n" +
      'const again = await rl2.question("Again? ");\nrl2.close();\nagain';
    const r = session([
      { code: 'import { input, password } from "landscape-lab";\nconst kept = 41;' },
      { code: 'const name = prompt("Your name?");\nconsole.log("hello", name);', allow_stdin: true, input: ["Ada"] },
      { code: 'const secret = password("Token:");\nsecret.length', allow_stdin: true, input: ["hunter2"] },
      { code: rl, allow_stdin: true, input: ["7"] },
      { code: rlp, allow_stdin: true, input: ["yes"] },
      { code: 'input("City: ")', allow_stdin: true, input: ["Lyon"] },
      { code: 'input("no stdin here")', allow_stdin: false },
      { code: 'input("wait")', allow_stdin: true, interrupt_on_input: true },
      { code: "[1 + 1, kept, name, secret.length]" },
    ]);
    expect(r.map((x) => x.alive)).toEqual(r.map(() => true));
    expect(r.slice(1, 6).map((x) => x.reply?.status)).toEqual(["ok", "ok", "ok", "ok", "ok"]);
    expect(r[1].input_requests).toEqual([{ parent: true, prompt: "Your name? ", password: false }]);
    expect(outputsOf(r[1], "stream").map((m) => m.content.text)).toEqual(["hello Ada\n"]);
    expect(r[2].input_requests).toEqual([{ parent: true, prompt: "Token:", password: true }]);
    expect(resultText(r[2])).toBe("7");
    expect(JSON.stringify(r[2].outputs)).not.toContain("hunter2");
    // readline's prompt goes into the input_request, not into the output.
    expect(r[3].input_requests).toEqual([{ parent: true, prompt: "Favourite number? ", password: false }]);
    expect(outputsOf(r[3], "stream").map((m) => m.content.text)).toEqual(["got 7\n"]);
    expect(r[4].input_requests).toEqual([{ parent: true, prompt: "Again? ", password: false }]);
    expect(resultText(r[4])).toBe("'yes'");
    expect(resultText(r[5])).toBe("'Lyon'");
    expect(r[6].input_requests).toEqual([]);
    expect(r[6].reply).toMatchObject({ status: "error", ename: "StdinNotAllowed" });
    expect(r[6].reply?.evalue).toMatch(/did not allow stdin/);
    expect(r[7].input_requests).toEqual([{ parent: true, prompt: "wait", password: false }]);
    expect(r[7].reply).toMatchObject({ status: "error", ename: "Interrupted" });
    expect(r[8].reply?.status).toBe("ok");
    expect(resultText(r[8])).toBe("[ 2, 41, 'Ada', 7 ]");
  });
});

describe("comms", () => {
  it("a front end's comm_open reaches the registered target, comm_msg round-trips (handler output parented to the message), comm_close reaches onClose, comm_info lists open comms by target, an unknown target is closed, and a cell opens, sends on and closes its own comm", () => {
    const register =
      'import { openComm, registerCommTarget } from "landscape-lab";\nconst kept = 41;\n' +
      "const received: unknown[] = [];\n" +
      'registerCommTarget("echo", (comm, msg) => {\n  received.push(msg.data);\n' +
      "  comm.onMsg((m) => {\n    received.push(m.data);\n    comm.send({ echo: m.data.value });\n" +
      '    console.log("handler saw", m.data.value);\n  });\n  comm.onClose(() => received.push("closed"));\n' +
      "  comm.send({ hello: msg.data.who });\n});";
    const r = session([
      { code: register },
      { comm_open: { comm_id: "c1", target_name: "echo", data: { who: "client" } } },
      { comm_info: {} },
      { comm_msg: { comm_id: "c1", data: { value: 5 } } },
      { comm_info: { target_name: "other" } },
      { comm_close: { comm_id: "c1", data: {} } },
      { comm_info: { target_name: "echo" } },
      { comm_open: { comm_id: "c2", target_name: "nobody", data: {} } },
      { code: 'const k = openComm("front", { a: 1 });\nk.send({ b: 2 });\nreceived' },
      { comm_info: {} },
      { code: "k.close();\n[k.closed, kept + 1]" },
      { comm_info: {} },
    ]);
    expect(r.map((x) => x.alive)).toEqual(r.map(() => true));
    expect(r[0].reply?.status).toBe("ok");
    expect(r[1].iopub).toEqual([
      { msg_type: "comm_msg", parent: expect.any(String), content: { comm_id: "c1", data: { hello: "client" } } },
    ]);
    expect(r[2].reply).toEqual({ status: "ok", comms: { c1: { target_name: "echo" } } });
    expect(r[3].iopub!.map((m) => [m.msg_type, m.content])).toEqual([
      ["comm_msg", { comm_id: "c1", data: { echo: 5 } }],
      ["stream", { name: "stdout", text: "handler saw 5\n" }],
    ]);
    expect(r[4].reply).toEqual({ status: "ok", comms: {} });
    expect(r[6].reply).toEqual({ status: "ok", comms: {} });
    expect(r[7].iopub!.map((m) => [m.msg_type, m.content])).toEqual([["comm_close", { comm_id: "c2", data: {} }]]);
    const id = (outputsOf(r[8], "comm_open")[0]?.content as { comm_id: string }).comm_id;
    expect(outputsOf(r[8], "comm_open").map((m) => m.content)).toEqual([
      { comm_id: id, target_name: "front", data: { a: 1 } },
    ]);
    expect(outputsOf(r[8], "comm_msg").map((m) => m.content)).toEqual([{ comm_id: id, data: { b: 2 } }]);
    expect(resultText(r[8])).toBe("[ { who: 'client' }, { value: 5 }, 'closed' ]");
    expect(r[9].reply).toEqual({ status: "ok", comms: { [id]: { target_name: "front" } } });
    expect(outputsOf(r[10], "comm_close").map((m) => m.content)).toEqual([{ comm_id: id, data: {} }]);
    expect(resultText(r[10])).toBe("[ true, 42 ]");
    expect(r[11].reply).toEqual({ status: "ok", comms: {} });
  });
});

describe("inspect, is_complete, help_links", () => {
  it("inspect of an unknown name is found false and of a known one found with its signature; is_complete says incomplete for unclosed template literals and block comments, invalid for an unclosed quote string; help_links are the READMEs and the tutorials as existing files", () => {
    const r = session([
      { inspect: { code: "nosuchname", cursor_pos: 3 } },
      { inspect: { code: "Math.max", cursor_pos: 6 } },
      { is_complete: "`abc" },
      { is_complete: "const s = `a ${1} b" },
      { is_complete: '"abc' },
      { is_complete: "'abc" },
      { is_complete: "/* a comment" },
      { is_complete: "const s = `a\nb`;" },
      { is_complete: "function f() {" },
      { is_complete: '"abc\\' },
      { kernel_info: true },
      { code: "1 + 1" },
    ]);
    expect(r[0].reply).toEqual({ status: "ok", found: false, data: {}, metadata: {} });
    expect(r[1].reply).toMatchObject({ status: "ok", found: true });
    expect((r[1].reply?.data as Record<string, string>)["text/plain"]).toMatch(/Math\.max\(\.\.\.values: number\[\]\)/);
    expect(r.slice(2, 10).map((x) => x.reply?.status)).toEqual([
      "incomplete",
      "incomplete",
      "invalid",
      "invalid",
      "incomplete",
      "complete",
      "incomplete",
      "incomplete",
    ]);
    const links = r[10].reply?.help_links as { text: string; url: string }[];
    expect(links.map((l) => l.text)).toContain("landscape-lab README");
    expect(links.filter((l) => /notebooks\/0[1-3]-.*\.ipynb$/.test(l.url)).length).toBe(3);
    for (const l of links) expect(existsSync(new URL(l.url)), l.url).toBe(true);
    expect(resultText(r[11])).toBe("2");
  });
});

describe("memory", () => {
  it("the kernel starts with the heap limit it is given (LANDSCAPE_KERNEL_HEAP_MB) and warns on the cell's stderr when the heap passes 75 % of it; mlp refuses widths over the memory budget naming the widths and bytes; divergent trainGD stops with a message naming lr; outputs over LANDSCAPE_MAX_OUTPUT_MB become a head and a note", () => {
    const r = session(
      [
        { kernel_info: true },
        {
          code:
            'import * as v8 from "node:v8";\nimport { mlp, trainGD } from "landscape-lab";\nconst kept = 41;\n' +
            "const limit = v8.getHeapStatistics().heap_size_limit;\nMath.round(limit / 2 ** 20)",
        },
        {
          code:
            "let hog: number[][] = [];\n" +
            "while (v8.getHeapStatistics().used_heap_size < 0.8 * limit) hog.push(new Array(1e5).fill(1.5));\n" +
            "await new Promise((r) => setTimeout(r, 1000));\nhog = [];",
        },
        ALIVE,
        { code: 'mlp({ inputDim: 1, widths: [1e9], activation: "relu", seed: 1 })' },
        {
          code:
            'const net = mlp({ inputDim: 2, widths: [16], activation: "linear", seed: 1 });\n' +
            "trainGD(net, [[1, 0], [0, 1], [1, 1]], [1, 2, 3], { lr: 1e6, steps: 50 }).shape[0]",
        },
        ALIVE,
        {
          code:
            'import { displayBundle } from "landscape-lab";\n' +
            'displayBundle({ "text/html": "<tr><td>1</td></tr>".repeat(1e5), "text/plain": "row\\n".repeat(1e5) });\n' +
            '({ [Symbol.for("Jupyter.display")]() {\n  return { "text/html": "<p>".repeat(1e6) };\n} })',
        },
        ALIVE,
      ],
      { LANDSCAPE_KERNEL_HEAP_MB: "700", LANDSCAPE_MEMORY_BUDGET: "1GB", LANDSCAPE_MAX_OUTPUT_MB: "1" },
    );
    expect(r.map((x) => x.alive)).toEqual(r.map(() => true));
    expect(r[0].reply?.banner).toMatch(/JavaScript heap limit: 0\.[78] GB/);
    // V8 adds its young generation to the old-space size it is given.
    expect(Number(resultText(r[1]))).toBeGreaterThanOrEqual(700);
    expect(Number(resultText(r[1]))).toBeLessThan(800);
    expect(stderrOf(r[2])).toMatch(/memory: the JavaScript heap holds [\d.]+ GB of its [\d.]+ GB limit \(\d+ %\)/);
    expectAlive(r[3]);
    expect(r[4].reply).toMatchObject({ status: "error", ename: "Error" });
    expect(r[4].reply?.evalue).toMatch(/^mlp: widths \[1000000000\] .* needs 16 GB, over the memory budget of 1 GB/);
    expect(r[5].reply?.status).toBe("ok");
    expect(Number(resultText(r[5]))).toBeLessThan(51);
    expect(stderrOf(r[5])).toMatch(
      /trainGD: training diverged: the loss became (Infinity|NaN) at step \d+ of 50 with lr = 1000000/,
    );
    expectAlive(r[6]);
    // Outputs over LANDSCAPE_MAX_OUTPUT_MB: a head and a note instead of megabytes.
    const shown = [...outputsOf(r[7], "display_data"), ...outputsOf(r[7], "execute_result")].map(
      (m) => m.content.data as Record<string, string>,
    );
    expect(shown.map((d) => Object.keys(d))).toEqual([["text/plain"], ["text/plain"]]);
    for (const d of shown) {
      expect(d["text/plain"].length).toBeLessThan(6000);
      expect(d["text/plain"]).toMatch(/this output was not sent in full: [\d.]+ MB .* over the 1\.0 MB limit/);
    }
    expect(shown[0]["text/plain"]).toMatch(/^row\nrow\n/);
    expectAlive(r[8]);
  });
});
