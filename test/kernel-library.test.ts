/**
 * The library's side of the kernel's stdin and comms (src/jupyter/input.ts, comm.ts) against fake kernel bridges,
 * and the memory budget (src/core/budget.ts) the library's constructors check.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openComm, registerCommTarget, unregisterCommTarget, type CommMessage } from "../src/jupyter/comm.js";
import { input, password } from "../src/jupyter/input.js";
import { checkMemoryBudget, formatBytes, memoryBudget, parseByteSize, setMemoryBudget } from "../src/core/budget.js";
import { zeroMatrix } from "../src/core/matrix.js";
import { mlp } from "../src/plstar/net.js";
import { show } from "../src/display/show.js";

const STDIN = Symbol.for("landscape-lab.jupyter.stdin");
const COMMS = Symbol.for("landscape-lab.jupyter.comms");
const g = globalThis as Record<symbol, unknown>;

type Published = { msgType: string; content: Record<string, unknown>; buffers: unknown[] };
type Listener = (t: string, c: Record<string, unknown>, m: Record<string, unknown>, b: Uint8Array[]) => void;

function fakeComms() {
  const published: Published[] = [];
  const targets = new Map<string, (c: Record<string, unknown>, m: Record<string, unknown>, b: Uint8Array[]) => void>();
  const listeners = new Map<string, Listener>();
  g[COMMS] = {
    publish: (msgType: string, content: Record<string, unknown>, _m: unknown, buffers: unknown[]) =>
      published.push({ msgType, content, buffers }),
    registerTarget: (name: string, h: never) => (h ? targets.set(name, h) : targets.delete(name)),
    listen: (id: string, l: Listener | null) => (l ? listeners.set(id, l) : listeners.delete(id)),
  };
  return { published, targets, listeners };
}

afterEach(() => {
  delete g[STDIN];
  delete g[COMMS];
  setMemoryBudget(null);
});

describe("input and password", () => {
  it("ask the kernel's bridge with the prompt and the password flag and return its answer", () => {
    const asked: [string, boolean][] = [];
    g[STDIN] = { input: (p: string, pw: boolean) => (asked.push([p, pw]), pw ? "secret" : "Ada") };
    expect(input("Name? ")).toBe("Ada");
    expect(password()).toBe("secret");
    expect(asked).toEqual([
      ["Name? ", false],
      ["Password: ", true],
    ]);
  });

  it("outside the kernel throw an error naming the function; a non-string prompt is refused naming prompt", () => {
    expect(() => input("x")).toThrow(/^input: needs the landscape-lab Jupyter kernel/);
    expect(() => password("x")).toThrow(/^password: needs the landscape-lab Jupyter kernel/);
    g[STDIN] = { input: () => "" };
    expect(() => input(3 as never)).toThrow(/^prompt: expected a string, got number/);
  });
});

describe("comms", () => {
  it("openComm publishes comm_open with the target and data, send and close publish comm_msg / comm_close with buffers, and a closed comm refuses to send", () => {
    const { published } = fakeComms();
    const comm = openComm("widgets", { a: 1 });
    const bytes = new Uint8Array([1, 2, 3]);
    comm.send({ b: 2 }, { buffers: [bytes] });
    comm.close({ bye: true });
    comm.close();
    expect(published).toEqual([
      { msgType: "comm_open", content: { comm_id: comm.id, target_name: "widgets", data: { a: 1 } }, buffers: [] },
      { msgType: "comm_msg", content: { comm_id: comm.id, data: { b: 2 } }, buffers: [bytes] },
      { msgType: "comm_close", content: { comm_id: comm.id, data: { bye: true } }, buffers: [] },
    ]);
    expect(comm.closed).toBe(true);
    expect(() => comm.send({})).toThrow(/is closed/);
  });

  it("a registered target gets the front end's comm with the open data; its onMsg and onClose handlers get later messages", () => {
    const { targets, listeners } = fakeComms();
    const seen: unknown[] = [];
    registerCommTarget("echo", (comm, msg) => {
      seen.push(["open", comm.id, comm.targetName, msg.data]);
      comm.onMsg((m: CommMessage) => seen.push(["msg", m.data, m.buffers.length]));
      comm.onClose((m: CommMessage) => seen.push(["close", m.data]));
    });
    targets.get("echo")!({ comm_id: "c1", target_name: "echo", data: { who: "me" } }, {}, []);
    listeners.get("c1")!("comm_msg", { comm_id: "c1", data: { v: 1 } }, {}, [new Uint8Array(2)]);
    listeners.get("c1")!("comm_close", { comm_id: "c1", data: {} }, {}, []);
    expect(seen).toEqual([
      ["open", "c1", "echo", { who: "me" }],
      ["msg", { v: 1 }, 1],
      ["close", {}],
    ]);
    unregisterCommTarget("echo");
    expect(targets.has("echo")).toBe(false);
  });

  it("refuses bad arguments naming them, and says comms need the kernel outside it", () => {
    expect(() => openComm("t")).toThrow(/^openComm: comms need the landscape-lab Jupyter kernel/);
    fakeComms();
    expect(() => openComm("")).toThrow(/^targetName: expected a non-empty string/);
    expect(() => openComm("t", [] as never)).toThrow(/^data: expected a JSON object, got object/);
    expect(() => registerCommTarget("t", 3 as never)).toThrow(/^handler: expected a function/);
  });
});

describe("memory budget", () => {
  it("parses sizes with decimal and binary units and refuses other text naming the argument", () => {
    expect(parseByteSize("1e9")).toBe(1e9);
    expect(parseByteSize("8GB")).toBe(8e9);
    expect(parseByteSize("512 MiB")).toBe(512 * 2 ** 20);
    expect(parseByteSize("1.5kb")).toBe(1500);
    expect(() => parseByteSize("lots", "LANDSCAPE_MEMORY_BUDGET")).toThrow(/^LANDSCAPE_MEMORY_BUDGET: expected a size/);
    expect(formatBytes(16e9)).toBe("16 GB");
    expect(formatBytes(1.25e6)).toBe("1.25 MB");
  });

  it("setMemoryBudget overrides LANDSCAPE_MEMORY_BUDGET, which overrides half the machine's memory; bad values are refused", () => {
    const saved = process.env.LANDSCAPE_MEMORY_BUDGET;
    try {
      delete process.env.LANDSCAPE_MEMORY_BUDGET;
      const machineHalf = memoryBudget();
      expect(machineHalf).toBeGreaterThan(0);
      process.env.LANDSCAPE_MEMORY_BUDGET = "2GB";
      expect(memoryBudget()).toBe(2e9);
      setMemoryBudget("3GB");
      expect(memoryBudget()).toBe(3e9);
      setMemoryBudget(null);
      expect(memoryBudget()).toBe(2e9);
      expect(() => setMemoryBudget(-1)).toThrow(/^bytes: expected a positive number of bytes/);
    } finally {
      if (saved === undefined) delete process.env.LANDSCAPE_MEMORY_BUDGET;
      else process.env.LANDSCAPE_MEMORY_BUDGET = saved;
    }
  });

  it("mlp and zeroMatrix refuse sizes over the budget naming the shape and the bytes needed, and build within it", () => {
    setMemoryBudget(1e6);
    expect(() => mlp({ inputDim: 10, widths: [1e5], activation: "relu", seed: 1 })).toThrow(
      /^mlp: widths \[100000\] \(inputDim 10\): 1100000 float64 parameters needs 8.8 MB, over the memory budget of 1 MB/,
    );
    expect(() => zeroMatrix(1000, 1000)).toThrow(/^zeroMatrix: a 1000 × 1000 float64 matrix needs 8 MB/);
    expect(mlp({ inputDim: 10, widths: [100], activation: "relu", seed: 1 }).parameterCount).toBe(1100);
    expect(zeroMatrix(10, 10).data.length).toBe(100);
    expect(() => checkMemoryBudget("f", 2e6, "a thing")).toThrow(/^f: a thing needs 2 MB, over the memory budget/);
  });
});

describe("show", () => {
  it("refuses undefined naming x instead of showing the text undefined", async () => {
    await expect(show(undefined)).rejects.toThrow(/^x: expected something to show, got undefined/);
  });
});
