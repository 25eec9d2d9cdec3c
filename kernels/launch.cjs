#!/usr/bin/env node
/**
 * Launches the landscape-lab Jupyter kernel: tslab's TypeScript executor from this project's own node_modules.
 * Usage (from a kernel.json): node launch.cjs [--backend auto|gpu|…] <connection_file>
 */
"use strict";
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const args = process.argv.slice(2);
let backend;
let connectionFile;
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--backend") backend = args[++i];
  else connectionFile = args[i];
}
if (!connectionFile) {
  console.error("landscape-lab kernel: missing the connection file argument (Jupyter passes {connection_file})");
  process.exit(2);
}
if (backend && backend !== "auto") process.env.LANDSCAPE_BACKEND = backend;

const tslab = require(path.join(root, "node_modules", "tslab", "dist", "main.js"));
tslab.startKernel({ configPath: connectionFile, enableFindLocal: false, jsKernel: false, globalVersion: "" });

// Start backend selection now, so the first cell finds it ready; a forced GPU that is missing is reported here
// (kernel log) and again, to the user, by the first `await ensureBackend()` in a cell.
try {
  const lib = require(path.join(root, "dist", "index.js"));
  lib.ensureBackend().catch((e) => console.error(`landscape-lab kernel: ${e.message}`));
} catch (e) {
  console.error(`landscape-lab kernel: the library is not built (run npm run build): ${e.message}`);
}
