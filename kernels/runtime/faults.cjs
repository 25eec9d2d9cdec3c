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

/** A listener of `process` events, as Node calls it. */
/** @typedef {(...args: any[]) => void} Listener */

/**
 * @param {Listener} listener a library's listener for a fault event
 * @param {(text: string) => void} log
 * @returns {Listener} the same listener, unable to throw
 */
function swallowing(listener, log) {
  if (/** @type {Listener & { __landscapeWrapped?: boolean }} */ (listener).__landscapeWrapped) return listener;
  /** @this {unknown} @param {unknown[]} args */
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

  // Typed as one of the two events: their listeners differ only in the arguments, which pass through untouched.
  for (const event of /** @type {Array<"uncaughtException">} */ ([...FAULT_EVENTS])) {
    for (const l of process.listeners(event)) {
      process.removeListener(event, l);
      process.on(event, swallowing(/** @type {Listener} */ (l), log));
    }
  }
  // The kernel's own listeners go first and unwrapped (they never throw).
  /** @param {"unhandledRejection" | "uncaughtException"} kind */
  const report = (kind) => (/** @type {unknown} */ value) => {
    try {
      hooks.onFault(kind, value);
    } catch (e) {
      log(`reporting a ${kind} failed: ${e instanceof Error ? e.stack : String(e)}`);
    }
  };
  process.prependListener("uncaughtException", report("uncaughtException"));
  process.prependListener("unhandledRejection", report("unhandledRejection"));
  for (const method of ["on", "addListener", "prependListener", "once", "prependOnceListener"]) {
    const proc = /** @type {Record<string, any>} */ (/** @type {unknown} */ (process));
    const orig = proc[method];
    /** @this {unknown} @param {string | symbol} event @param {unknown} listener */
    proc[method] = function (event, listener) {
      if (typeof event === "string" && FAULT_EVENTS.has(event) && typeof listener === "function") {
        return orig.call(this, event, swallowing(/** @type {Listener} */ (listener), log));
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
