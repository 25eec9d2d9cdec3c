#!/usr/bin/env node
/**
 * Launches the landscape-lab Jupyter kernel (see kernels/runtime/: a Jupyter protocol layer of the project's own
 * over `zeromq`, running tslab 1.0.22's TypeScript executor).
 * Usage (from a kernel.json): node launch.cjs [--backend auto|gpu|wasm|cpu|…] <connection_file>
 * `--backend X` sets LANDSCAPE_BACKEND=X (except `auto`) before the library loads; with `gpu` and no GPU, the
 * kernel banner and the first cell's output say why, and `await ensureBackend()` fails with that message.
 *
 * Heap limit: V8's default (~4 GB) is not the machine's memory. Unless node already runs with
 * `--max-old-space-size` (on its command line or in NODE_OPTIONS), this process starts the kernel as a child node
 * with `--max-old-space-size` = LANDSCAPE_KERNEL_HEAP_MB, or half of the machine's memory (the cgroup's limit when
 * lower), at least 1024 MB. Jupyter signals the kernel's process group (interrupts, terminate, kill), so the child
 * gets them directly: this process ignores SIGINT, passes SIGTERM on, ends with the child's exit code, and the
 * child ends when this process goes (its IPC channel closes).
 */
"use strict";
const fs = require("node:fs");
const os = require("node:os");
const { spawn } = require("node:child_process");

const args = process.argv.slice(2);
let backend;
let connectionFile;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--backend") backend = args[++i];
  else if (args[i].startsWith("--backend=")) backend = args[i].slice("--backend=".length);
  else connectionFile = args[i];
}
if (!connectionFile) {
  console.error("landscape-lab kernel: missing the connection file argument (Jupyter passes {connection_file})");
  process.exit(2);
}
if (backend && backend !== "auto") process.env.LANDSCAPE_BACKEND = backend;

/** Half of the memory this process may use (total, or the cgroup v2 limit when lower), in MB, at least 1024. */
function machineHeapMb() {
  let mem = os.totalmem();
  try {
    const max = fs.readFileSync("/sys/fs/cgroup/memory.max", "utf8").trim();
    if (/^\d+$/.test(max)) mem = Math.min(mem, Number(max));
  } catch {
    /* no cgroup v2 limit */
  }
  return Math.max(1024, Math.floor(mem / 2 / 2 ** 20));
}

const heapSet = [...process.execArgv, ...(process.env.NODE_OPTIONS || "").split(/\s+/)].some((a) =>
  a.startsWith("--max-old-space-size"),
);
if (heapSet || process.env.LANDSCAPE_KERNEL_CHILD === "1") {
  if (process.channel) {
    process.channel.unref();
    process.on("disconnect", () => process.kill(process.pid, "SIGTERM"));
  }
  require("./runtime/main.cjs").start(connectionFile);
} else {
  const requested = Number(process.env.LANDSCAPE_KERNEL_HEAP_MB);
  const heapMb = Number.isInteger(requested) && requested > 0 ? requested : machineHeapMb();
  const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, process.argv[1], ...args], {
    stdio: ["inherit", "inherit", "inherit", "ipc"],
    env: { ...process.env, LANDSCAPE_KERNEL_CHILD: "1" },
  });
  process.on("SIGINT", () => {}); // the child has it (Jupyter signals the process group)
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 128 + (os.constants.signals[signal] || 0) : 1)));
}
