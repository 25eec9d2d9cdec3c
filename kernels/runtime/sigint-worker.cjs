/**
 * SIGINT watcher thread. Node delivers `process.on("SIGINT")` on the main thread's event loop, which a busy cell
 * starves. Node's `breakOnSigint` watchdog, however, catches the signal on its own thread: this worker sleeps in
 * `Atomics.wait` inside `vm.runInThisContext(..., { breakOnSigint: true })`, so a SIGINT interrupts the wait, and
 * the worker tells the I/O thread, which interrupts the cell (see io-worker.cjs).
 *
 * The main thread must then not add or remove SIGINT listeners, nor use `breakOnSigint` itself (libuv would
 * replace the watchdog's signal handler, and a SIGINT would end the process): the kernel's main thread runs cells
 * with `breakOnSigint: false` and registers no SIGINT listener.
 */
"use strict";
const { parentPort } = require("node:worker_threads");
const vm = require("node:vm");

globalThis.__landscapeSigintWait = new Int32Array(new SharedArrayBuffer(4));
for (;;) {
  try {
    vm.runInThisContext("Atomics.wait(globalThis.__landscapeSigintWait, 0, 0)", { breakOnSigint: true });
  } catch (e) {
    const code = e && typeof e === "object" && "code" in e ? e.code : undefined;
    if (code === "ERR_SCRIPT_EXECUTION_INTERRUPTED") parentPort?.postMessage("sigint");
  }
}
