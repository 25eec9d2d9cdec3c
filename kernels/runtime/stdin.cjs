/**
 * Input from the notebook (the main thread's side of Jupyter's stdin channel). A cell asks for a line with
 * `prompt(message, default)` (a global, as in Deno and browsers), the library's `input()` / `password()` (through
 * the bridge on `globalThis[Symbol.for("landscape-lab.jupyter.stdin")]`), or readline on `process.stdin`
 * (`rl.question(...)`, `rl.prompt()`, callback or promise flavour).
 *
 * Asking is synchronous, like Python's `input()`: the main thread posts `{ t: "input", prompt, password }` to the
 * I/O thread, which sends `input_request` on the stdin socket, and sleeps in `Atomics.wait` on a shared flag; the
 * I/O thread puts the `input_reply` value (or `{ interrupted: true }` on an interrupt or shutdown) on a
 * MessagePort and raises the flag; the main thread takes the message with `receiveMessageOnPort`. Heartbeats,
 * control and interrupts go on in the I/O thread meanwhile.
 *
 * readline: `process.stdin` is replaced by a Readable that never reads by itself. readline's `prompt()` (which
 * `question()` calls, in both the callback and the promise flavour) is wrapped for interfaces whose input is that
 * stream: after readline has written the prompt to its output (that text is kept out of the notebook: the front end
 * shows the prompt with its input box), the kernel asks for a line with that prompt and pushes it, with a newline,
 * into the stream.
 *
 * Without stdin (the execute_request's `allow_stdin` is false, e.g. nbconvert/nbclient runs) asking throws a
 * {@link StdinNotAllowed} error that says so.
 */
"use strict";
const { Readable } = require("node:stream");
const { receiveMessageOnPort } = require("node:worker_threads");

class StdinNotAllowed extends Error {
  constructor() {
    super(
      "this cell cannot ask for input: the client did not allow stdin (allow_stdin is false, as in notebooks run " +
        "by nbconvert, nbclient or `npm run notebooks`). Run the cell in a notebook front end, or set the value " +
        "in the cell instead of asking for it.",
    );
    this.name = "StdinNotAllowed";
  }
}

class InputInterrupted extends Error {
  constructor() {
    super("the cell was interrupted while waiting for input");
    this.name = "Interrupted";
  }
}

/**
 * @param {{ post: (m: object) => void, port: import("node:worker_threads").MessagePort, signal: Int32Array,
 *           cell: () => ({ allowStdin: boolean } | null), swallowStdout: (text: string | null) => void }} deps
 *   `post` sends to the I/O thread; `port` and `signal` carry the reply; `cell()` is the running cell;
 *   `swallowStdout(text)` keeps the next stdout write equal to `text` out of the notebook (null: stop).
 */
function createStdin(deps) {
  /**
   * Asks the notebook for a line (blocking this thread until the reply).
   * @param {string} prompt shown before the input box
   * @param {boolean} password hide what is typed
   * @returns {string}
   */
  function requestInput(prompt, password) {
    const cell = deps.cell();
    if (!cell) throw new Error("input: no cell is running (a callback after its cell ended cannot ask for input)");
    if (!cell.allowStdin) throw new StdinNotAllowed();
    Atomics.store(deps.signal, 0, 0);
    deps.post({ t: "input", prompt: String(prompt ?? ""), password: !!password });
    while (Atomics.load(deps.signal, 0) === 0) Atomics.wait(deps.signal, 0, 0, 1000);
    const got = receiveMessageOnPort(deps.port);
    const m = got && got.message;
    if (!m || m.interrupted) throw new InputInterrupted();
    return String(m.value ?? "");
  }

  /**
   * `prompt(message, default)`: the line typed, or `default` (when given) for an empty line.
   * @param {unknown} [message]
   * @param {unknown} [defaultValue]
   * @returns {string}
   */
  function prompt(message = "", defaultValue) {
    const text = message === undefined || message === null ? "" : String(message);
    const v = requestInput(text && !/\s$/.test(text) ? text + " " : text, false);
    return v === "" && defaultValue !== undefined ? String(defaultValue) : v;
  }

  const stream = new Readable({ read() {} });
  Object.defineProperty(stream, "isTTY", { value: false });
  Object.defineProperty(stream, "fd", { value: 0 });

  /**
   * Wraps readline's `prompt` (shared by both flavours of Interface; `question` shows its query through it) so
   * that, on `stream`, it asks the notebook for the line.
   */
  function installReadline() {
    const readline = require("node:readline");
    let asking = false;
    const askFor = (/** @type {string} */ text) => {
      if (asking) return;
      asking = true;
      try {
        const line = requestInput(text, false);
        stream.push(line + "\n");
      } finally {
        // An error (no stdin, an interrupt) is thrown from question()/prompt() into the cell.
        asking = false;
        deps.swallowStdout(null);
      }
    };
    const base = Object.getPrototypeOf(readline.Interface.prototype);
    const promptFn = base.prompt;
    /** @this {import("node:readline").Interface & { input?: unknown, getPrompt?: () => string }} */
    base.prompt = function (/** @type {unknown[]} */ ...args) {
      if (this.input !== stream || asking) return promptFn.apply(this, args);
      const text = typeof this.getPrompt === "function" ? this.getPrompt() : "";
      deps.swallowStdout(text);
      const r = promptFn.apply(this, args);
      askFor(text);
      return r;
    };
  }

  return { requestInput, prompt, stream, installReadline };
}

module.exports = { createStdin, StdinNotAllowed };
