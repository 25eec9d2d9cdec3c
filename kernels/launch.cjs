#!/usr/bin/env node
/**
 * Launches the landscape-lab Jupyter kernel (see kernels/runtime/: a Jupyter protocol layer of the project's own
 * over `zeromq`, running tslab 1.0.22's TypeScript executor).
 * Usage (from a kernel.json): node launch.cjs [--backend auto|gpu|wasm|cpu|…] <connection_file>
 * `--backend X` sets LANDSCAPE_BACKEND=X (except `auto`) before the library loads; with `gpu` and no GPU, the
 * kernel banner and the first cell's output say why, and `await ensureBackend()` fails with that message.
 */
"use strict";

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

require("./runtime/main.cjs").start(connectionFile);
