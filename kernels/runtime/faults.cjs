/**
 * Faults that escape a cell, caught by the kernel so that the process (and the notebook's state) lives on:
 *
 * - `unhandledRejection` and `uncaughtException` reach the kernel's own listeners (`onFault`). Listeners that
 *   libraries add for these two events (tfjs-backend-wasm's Emscripten module adds two that rethrow, which would
 *   abort the process) still run, but through a wrapper that swallows what they throw: `process.on`,
 *   `addListener`, `prependListener`, `once` and `prependOnceListener` wrap them, and listeners present when the
 *   guards are installed are wrapped in place.
 * - `process.exit()` and `process.abort()` called by a cell (or by a library on its behalf) throw a
 *   {@link ProcessExitRefused} error instead of ending the kernel; the kernel itself ends through `realExit`.
 */
"use strict";

const FAULT_EVENTS = new Set(["unhandledRejection", "uncaughtException"]);

/** The error `process.exit()` / `process.abort()` throw inside the kernel. */
class ProcessExitRefused extends Error {
  /** @param {string} call what was called, e.g. `process.exit(1)` */
  constructor(call) {
    super(
      `${call} was refused: ending the process would end the kernel and lose this notebook's state ` +
        `(variables, trained models). To start over, restart the kernel (Kernel → Restart).`,
    );
    this.name = "ProcessExitRefused";
  }
}

/**
 * @param {Function} listener a library's listener for a fault event
 * @param {(text: string) => void} log
 * @returns {Function} the same listener, unable to throw
 */
function swallowing(listener, log) {
  if (listener.__landscapeWrapped) return listener;
  const wrapped = function (...args) {
    try {
      return listener.apply(this, args);
    } catch {
      // The library rethrew the fault (so as to crash); the kernel reports it through its own listener.
      log(`a fault listener of a library threw (ignored): ${listener.name || "anonymous"}`);
      return undefined;
    }
  };
  Object.defineProperty(wrapped, "__landscapeWrapped", { value: true });
  Object.defineProperty(wrapped, "listener", { value: listener }); // so removeListener(listener) finds it
  return wrapped;
}

/**
 * Installs the guards on `process`. Call once, before any library is loaded.
 *
 * @param {{ onFault: (kind: "unhandledRejection" | "uncaughtException", value: unknown) => void,
 *           log: (text: string) => void }} hooks
 * @returns {{ realExit: (code?: number) => never }}
 */
function installFaultGuards(hooks) {
  const realExit = process.exit.bind(process);
  const { log } = hooks;

  for (const event of FAULT_EVENTS) {
    for (const l of process.listeners(event)) {
      process.removeListener(event, l);
      process.on(event, swallowing(l, log));
    }
  }
  // The kernel's own listeners go first and unwrapped (they never throw).
  const report = (kind) => (value) => {
    try {
      hooks.onFault(kind, value);
    } catch (e) {
      log(`reporting a ${kind} failed: ${e && e.stack}`);
    }
  };
  process.prependListener("uncaughtException", report("uncaughtException"));
  process.prependListener("unhandledRejection", report("unhandledRejection"));
  for (const method of ["on", "addListener", "prependListener", "once", "prependOnceListener"]) {
    const orig = process[method];
    process[method] = function (event, listener) {
      if (FAULT_EVENTS.has(event) && typeof listener === "function") {
        return orig.call(this, event, swallowing(listener, log));
      }
      return orig.call(this, event, listener);
    };
  }

  process.exit = function exit(code) {
    throw new ProcessExitRefused(`process.exit(${code === undefined ? "" : code})`);
  };
  process.abort = function abort() {
    throw new ProcessExitRefused("process.abort()");
  };
  return { realExit };
}

module.exports = { installFaultGuards, ProcessExitRefused };
