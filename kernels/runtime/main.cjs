/**
 * The kernel's main thread: compiles and runs cells with tslab 1.0.22's executor (`tslab/dist/executor`,
 * `createExecutor`, with tslab's TypeScript converter), and turns what a cell produced into Jupyter outputs:
 * `execute_result` (text/plain by `util.inspect`, plus the value's own MIME bundle when it implements
 * `[Symbol.for("Jupyter.display")]()`), `error` messages (runtime errors with a traceback in the cell's lines; one
 * per TypeScript diagnostic), streams, and display_data/update_display_data/clear_output sent by the library
 * (src/jupyter). The ZeroMQ side lives in ./io-worker.cjs.
 *
 * How tslab's executor is reused (all of it through its public shapes, nothing in node_modules is modified):
 * - the converter set handed to `createExecutor` wraps tslab's converter to keep each cell's structured
 *   diagnostics (tslab itself only prints them);
 * - the `console` handed to `createExecutor` receives the last expression's value (`log`) and the thrown value
 *   (`error`), instead of printing them;
 * - `vm.runInThisContext` is wrapped to name each cell's script `In [n]` (stack frames then name the cell) and to
 *   run it without `breakOnSigint` (interrupts are done by the I/O thread, see io-worker.cjs).
 */
"use strict";
const path = require("node:path");
const util = require("node:util");
const v8 = require("node:v8");
const vm = require("node:vm");
const { MessageChannel, Worker } = require("node:worker_threads");
// The kernel's own timers: never the wrapped globals (see "timers" below).
const timers = require("node:timers");
const format = require("./format.cjs");
const mime = require("./mime.cjs");
const { installFaultGuards } = require("./faults.cjs");
const { createStaleModuleCheck } = require("./stale-modules.cjs");
const { createTensorGuard } = require("./tensors.cjs");
const { createStdin } = require("./stdin.cjs");
const { createComms } = require("./comms.cjs");
const versions = require("./versions.cjs");

const ROOT = path.resolve(__dirname, "..", "..");

/** @typedef {import("tslab/dist/converter").Converter} Converter */
/** @typedef {import("tslab/dist/converter").ConvertResult} ConvertResult */
/** @typedef {import("tslab/dist/converter").Diagnostic} Diagnostic */
/** @typedef {import("./messages").MainRequests} MainRequests */
/** @typedef {{ ename: string, evalue: string, traceback: string[] }} ErrorContent */
/** How a cell's run ended. */
/** @typedef {{ ok?: boolean, interrupted?: boolean, source?: string, internal?: unknown }} Outcome */
/**
 * A cell while it runs and just after.
 * @typedef {object} Cell
 * @property {number} count
 * @property {string} src
 * @property {boolean} interrupted
 * @property {boolean} finished
 * @property {boolean} settled its code and its own unhandled rejections are over
 * @property {boolean} allowStdin
 * @property {{ value: unknown } | undefined} value the last expression's value, when the cell gave one
 * @property {{ value: unknown } | undefined} error what the cell threw
 * @property {ErrorContent[]} faults faults that escaped the cell while it ran
 * @property {(outcome: Outcome) => void} resolve
 * @property {ReturnType<ReturnType<typeof createTensorGuard>["begin"]>} [tensorMark]
 * @property {ConvertResult} [converted]
 * @property {string} [basePrevDecl] the executor's declarations of the earlier cells when this cell was converted
 * @property {Diagnostic[]} [diagnostics]
 */
const TSLAB = versions.tslabDir();
const SINK = Symbol.for("landscape-lab.jupyter.sink");
const STDIN = Symbol.for("landscape-lab.jupyter.stdin");
/** Declarations of the globals the kernel adds, for the type checker of cells. */
const GLOBAL_DECLARATIONS = `declare global {
  /** Asks the notebook for a line of input (Jupyter stdin); returns it, or \`defaultValue\` for an empty line. */
  function prompt(message?: string, defaultValue?: string): string | null;
}
`;

/**
 * Starts the kernel on a connection file: checks tslab's and TypeScript's versions (a mismatch ends the process
 * with code 3 and a message on stderr, unless LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1), then starts the I/O and
 * SIGINT threads and answers requests.
 * @param {string} connectionFile
 */
function start(connectionFile) {
  const started = Date.now();
  const versionCheck = versions.checkVersions(TSLAB);
  const versionWarning = versionCheck.problems.length
    ? versions.mismatchMessage(versionCheck, process.env.LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH === "1")
    : "";
  if (versionWarning) {
    process.stderr.write(versionWarning);
    if (process.env.LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH !== "1") process.exit(3);
  }
  // stdin replies reach this thread while it waits synchronously (see stdin.cjs).
  const inputChannel = new MessageChannel();
  const inputSignal = new Int32Array(new SharedArrayBuffer(4));
  const io = new Worker(path.join(__dirname, "io-worker.cjs"), {
    workerData: {
      connectionFile,
      zeromqPath: require.resolve("zeromq", { paths: [TSLAB, ROOT] }),
      inputPort: inputChannel.port2,
      inputSignal,
    },
    transferList: [inputChannel.port2],
    stdout: false,
    stderr: false,
  });
  const post = (/** @type {object} */ m) => io.postMessage(m);
  const kernelLog = (/** @type {string} */ text, info = true) => post({ t: "log", text, info });

  // ---- faults that escape a cell (before any library loads: tfjs-backend-wasm adds listeners that rethrow).
  const { realExit } = installFaultGuards({
    onFault: (kind, value) => reportFault(kind, value, null),
    log: (text) => kernelLog(text),
  });

  // ---- outputs: process.stdout/stderr of cells (and of everything else in this thread) go to the notebook.
  const decoder = new util.TextDecoder();
  /** @type {string | null} a readline prompt, shown by the front end with its input box instead */
  let swallowed = null;
  for (const name of /** @type {Array<"stdout" | "stderr">} */ (["stdout", "stderr"])) {
    /** @type {(chunk: string | Uint8Array, encoding?: unknown, cb?: unknown) => boolean} */
    const write = (chunk, encoding, cb) => {
      const text = typeof chunk === "string" ? chunk : decoder.decode(chunk);
      if (name === "stdout" && swallowed !== null && text === swallowed) swallowed = null;
      else post({ t: "stream", name, text });
      const done = typeof encoding === "function" ? encoding : cb;
      if (typeof done === "function") done();
      return true;
    };
    process[name].write = /** @type {typeof process.stdout.write} */ (write);
  }

  // ---- the library's display channel (src/jupyter): a sink on globalThis.
  const sink = {
    /**
     * @param {Record<string, unknown>} data a normalized MIME bundle
     * @param {Record<string, unknown> | undefined} metadata
     * @param {Record<string, unknown> | undefined} transient
     * @param {boolean} update
     */
    display(data, metadata, transient, update) {
      const capped = format.capBundle(data);
      const meta = capped.capped ? {} : metadata || {};
      post({
        t: "display",
        update: !!update,
        content: { data: capped.data, metadata: meta, transient: transient || {} },
      });
    },
    /** @param {boolean} wait */
    clear(wait) {
      post({ t: "clear", wait: !!wait });
    },
  };
  /** @type {Record<symbol, unknown>} */ (globalThis)[SINK] = sink;
  // tslab's own display API (`import * as tslab from "tslab"; tslab.display.html(...)`) keeps working.
  const tslabJupyter = /** @type {typeof import("tslab/dist/jupyter")} */ (
    require(path.join(TSLAB, "dist", "jupyter.js"))
  );
  tslabJupyter.lastWriteDisplayData = (content, update) =>
    sink.display(mime.normalizeMimeBundle(content.data), content.metadata, content.transient, update);

  // ---- stdin: prompt(), the library's input()/password(), readline on process.stdin.
  const stdin = createStdin({
    post,
    port: inputChannel.port1,
    signal: inputSignal,
    cell: () => (runningCell && !runningCell.finished ? runningCell : null),
    swallowStdout: (text) => {
      swallowed = text;
    },
  });
  stdin.installReadline();
  Object.defineProperty(process, "stdin", { value: stdin.stream, configurable: true, enumerable: true });
  const globals = /** @type {Record<string | symbol, unknown>} */ (/** @type {unknown} */ (globalThis));
  globals.prompt = stdin.prompt;
  globals[STDIN] = {
    input: (/** @type {string} */ prompt, /** @type {boolean} */ password) => stdin.requestInput(prompt, password),
  };

  // ---- timers: callbacks scheduled by an interrupted cell never run (this stops its await loops).
  /** @type {Cell | null} */
  let runningCell = null;
  for (const name of ["setTimeout", "setInterval", "setImmediate"]) {
    const orig = /** @type {Function} */ (globals[name]);
    /** @this {unknown} @param {unknown} cb @param {unknown[]} rest */
    const wrapped = function (cb, ...rest) {
      const cell = runningCell;
      if (!cell || typeof cb !== "function") return orig.call(this, cb, ...rest);
      return orig.call(
        this,
        /** @this {unknown} @param {unknown[]} args */
        function (...args) {
          if (cell.interrupted) return undefined;
          try {
            return cb.apply(this, args);
          } catch (e) {
            reportFault(name === "setInterval" ? "interval" : "timer", e, cell);
            return undefined;
          }
        },
        ...rest,
      );
    };
    globals[name] = Object.assign(wrapped, orig);
  }

  // ---- vm: name each cell's script, and run it without breakOnSigint.
  /** @type {string | null} */
  let scriptName = null;
  const origRun = vm.runInThisContext;
  /** @type {typeof vm.runInThisContext} */
  const runNamed = function (code, options) {
    if (scriptName && typeof code === "string" && code.startsWith("(")) {
      const o = typeof options === "object" && options ? options : {};
      return origRun.call(vm, code, { ...o, filename: scriptName, breakOnSigint: false });
    }
    return origRun.call(vm, code, options);
  };
  vm.runInThisContext = runNamed;

  // ---- tslab's executor with our converter set and console.
  // tslab's converter, derived to build one TypeScript program per cell (./converter.cjs; same API and outputs).
  const { createConverter, isCompleteCode } = require("./converter.cjs");
  const { createExecutor } = /** @type {typeof import("tslab/dist/executor")} */ (
    require(path.join(TSLAB, "dist", "executor.js"))
  );
  const { printQuickInfo } = /** @type {typeof import("tslab/dist/inspect")} */ (
    require(path.join(TSLAB, "dist", "inspect.js"))
  );
  /** @type {typeof import("typescript")} */
  const ts = require(require.resolve("@tslab/typescript-for-tslab", { paths: [TSLAB] }));
  const { declaredNames, expandShorthands, mapPosition } = require("./shorthand.cjs");
  /** @type {Cell | null} what the running cell produced */
  let current = null;
  // tslab keeps the declarations of a cell only when it ran to the end. Like ipykernel (where a cell that fails
  // half-way has defined what ran), the declarations of a cell that threw or was interrupted stay visible to the
  // type checker of later cells: `declOverride` replaces the executor's previous declarations until the next
  // cell succeeds.
  /** @type {{ base: string | undefined, decl: string } | null} the executor's prevDecl, the failed cell's declarations */
  let declOverride = null;
  const effectiveDecl = (/** @type {string} */ prevDecl) =>
    declOverride && declOverride.base === prevDecl ? declOverride.decl : prevDecl;
  /** @type {{ decl: string | undefined, names: Set<string> }} */
  let namesCache = { decl: undefined, names: new Set() };
  const declaredNamesOf = (/** @type {string} */ decl) => {
    if (namesCache.decl !== decl) namesCache = { decl, names: declaredNames(ts, decl) };
    return namesCache.names;
  };
  /**
   * @param {Converter} conv
   * @returns {Converter}
   */
  const wrapConverter = (conv) => ({
    ...conv,
    convert(prevDecl, src) {
      const decl = effectiveDecl(prevDecl);
      // tslab misses shorthand properties naming earlier cells' variables (`f({ seed })`): expand them first.
      const expanded = expandShorthands(ts, src, () => declaredNamesOf(decl));
      const r = conv.convert(decl, expanded.src);
      if (expanded.edits.length && r.diagnostics) {
        for (const d of r.diagnostics) {
          d.start = mapPosition(d.start, expanded.edits, expanded.src);
          d.end = mapPosition(d.end, expanded.edits, expanded.src);
        }
      }
      if (current) {
        // Known before the cell runs, so that faults from its timers map to its lines too.
        if (r.output) cells.set(current.count, { src: current.src, output: r.output });
        current.converted = r;
        current.basePrevDecl = prevDecl;
        current.diagnostics = r.diagnostics;
      }
      return r;
    },
    inspect(prevDecl, src, position) {
      return conv.inspect(effectiveDecl(prevDecl), src, position);
    },
    complete(prevDecl, src, position) {
      return conv.complete(effectiveDecl(prevDecl), src, position);
    },
    addModule(name, src, meta) {
      const d = conv.addModule(name, src, meta);
      if (current) current.diagnostics = d;
      return d;
    },
  });
  /** @type {Converter | null} */
  let nodeConv = null;
  /** @type {Converter | null} */
  let browserConv = null;
  const convs = {
    /** @returns {Converter} */
    get node() {
      return (nodeConv ??= wrapConverter(
        createConverter({ isJS: false, isBrowser: false, globalDeclarations: GLOBAL_DECLARATIONS }),
      ));
    },
    /** @returns {Converter} */
    get browser() {
      return (browserConv ??= wrapConverter(
        createConverter({ isJS: false, isBrowser: true, globalDeclarations: GLOBAL_DECLARATIONS }),
      ));
    },
    close() {
      nodeConv?.close();
      browserConv?.close();
    },
  };
  const executor = createExecutor(process.cwd(), convs, {
    log: (/** @type {unknown} */ value) => {
      if (current) current.value = { value };
    },
    error: (/** @type {unknown} */ first) => {
      // printDiagnostics calls error("%s%d:%d - %s", ...): those are kept structured by wrapConverter.
      if (first === "%s%d:%d - %s") return;
      if (current) current.error = { value: first };
    },
  });

  // ---- library, backend and banner.
  /** @type {Error | null} */
  let backendError = null;
  let backendNoticeShown = false;
  // The library's compiled files as loaded; an import cell after a rebuild of dist/ says a restart is needed.
  // LANDSCAPE_KERNEL_LIBRARY_DIR names another directory of compiled code to watch instead (tests use a scratch one).
  const libraryDir = path.resolve(ROOT, process.env.LANDSCAPE_KERNEL_LIBRARY_DIR || "dist");
  const libraryFiles = createStaleModuleCheck(libraryDir);
  const backendRequested = process.env.LANDSCAPE_BACKEND || "auto";
  (async () => {
    let backend = "not loaded";
    let version = "unknown";
    try {
      version = require(path.join(ROOT, "package.json")).version;
      const lib = require(path.join(ROOT, "dist", "index.js"));
      try {
        const bi = await lib.ensureBackend();
        backend = `${bi.backend} — ${bi.device}`;
      } catch (e) {
        backendError = e instanceof Error ? e : new Error(String(e));
        backend = `FAILED (${backendRequested} requested): ${backendError.message}`;
      }
    } catch (e) {
      backendError = new Error(
        `the landscape-lab library could not be loaded (run npm run build): ${e instanceof Error ? e.message : e}`,
      );
      backend = backendError.message;
    }
    const tslabVersion = require(path.join(TSLAB, "package.json")).version;
    const banner =
      `landscape-lab ${version} — TypeScript notebook kernel\n` +
      `tslab ${tslabVersion} executor, TypeScript ${ts.version}, Node ${process.version}\n` +
      `tensor backend: ${backend}\n` +
      `JavaScript heap limit: ${(v8.getHeapStatistics().heap_size_limit / 1e9).toFixed(1)} GB` +
      (versionWarning ? `\n${versionWarning.trimEnd()}` : "");
    libraryFiles.record();
    post({
      t: "info",
      info: {
        heapLimit: v8.getHeapStatistics().heap_size_limit,
        banner,
        version,
        typescript: ts.version,
        backendError: backendError?.message,
      },
    });
    kernelLog(`ready in ${Date.now() - started} ms; ${backend}`);
    // Warm the TypeScript converter (hundreds of ms) after kernel_info can be answered.
    timers.setTimeout(() => {
      const t = Date.now();
      try {
        convs.node.convert("", "0");
      } catch (e) {
        kernelLog(`converter warm-up failed: ${e instanceof Error ? e.message : e}`, false);
      }
      kernelLog(`TypeScript converter ready in ${Date.now() - t} ms`);
    }, 0);
  })();

  // ---- cells.
  const tensorGuard = createTensorGuard(); // an interrupted cell's tfjs scopes and tensors are cleaned up
  /** @type {import("./format.cjs").Cells} count → { src, output } for tracebacks */
  const cells = new Map();
  let interruptedSeq = 0;
  let lastCount = 0; // the cell that ran last (idle faults are attributed to it unless their origin is known)
  /** @type {Array<{ content: { ename: string, evalue: string }, origin: number }>} faults while no cell ran */
  let idleFaults = [];

  /**
   * A fault that escaped a cell (an unhandled rejection, a throw in a timer or another callback): an `error` output
   * on the running cell (whose reply then says error), or, while no cell runs, on the cell that ran last (like
   * ipykernel's background output) and summarized on the stderr of the next cell.
   * @param {"unhandledRejection" | "uncaughtException" | "timer" | "interval"} kind
   * @param {unknown} value the rejection reason or the thrown value
   * @param {{ count: number } | null} origin the cell that scheduled the callback, when known
   */
  function reportFault(kind, value, origin) {
    const cell = runningCell && !runningCell.settled ? runningCell : null;
    const originCount = origin ? origin.count : cell ? cell.count : lastCount;
    const content = format.faultError(kind, value, cells, ts, originCount);
    post({ t: "error", content });
    if (cell) cell.faults.push(content);
    else idleFaults.push({ content, origin: originCount });
  }

  /** Tells an import cell when the library's compiled files were rebuilt after the kernel loaded them (stderr). */
  function reportRebuiltLibrary() {
    const changed = libraryFiles.changed();
    if (!changed.length) return;
    const some = changed
      .slice(0, 3)
      .map((f) => path.relative(ROOT, path.join(libraryDir, f)))
      .join(", ");
    process.stderr.write(
      `landscape-lab kernel: the library was rebuilt on disk after this kernel loaded it ` +
        `(${changed.length} file(s) changed: ${some}${changed.length > 3 ? ", …" : ""}). Cells still run the library ` +
        `as it was loaded, while type checks see the new declarations: restart the kernel (Kernel → Restart) to ` +
        `use the new build.\n`,
    );
  }

  /** Writes the faults that happened while no cell ran to the running cell's stderr (one line each). */
  function reportIdleFaults() {
    if (!idleFaults.length) return;
    const lines = idleFaults.map(
      (f) => `  ${f.content.ename}: ${f.content.evalue}${f.origin ? ` (from a callback of In [${f.origin}])` : ""}\n`,
    );
    idleFaults = [];
    process.stderr.write(`While no cell was running, the kernel caught ${lines.length} error(s):\n${lines.join("")}`);
  }

  /**
   * @param {Cell} cell
   * @param {Outcome} outcome
   */
  function finishCell(cell, outcome) {
    if (cell.finished) return;
    cell.finished = true;
    cell.resolve(outcome);
  }

  /**
   * Runs one cell; resolves with the execute_reply's status (and error fields).
   * @param {import("./messages").MainRequest<"execute">} m
   * @returns {Promise<{ status: string } & Partial<ErrorContent>>}
   */
  async function runCell(m) {
    if (backendError && !backendNoticeShown) {
      backendNoticeShown = true;
      process.stderr.write(`landscape-lab kernel: tensor backend unavailable — ${backendError.message}\n`);
    }
    reportIdleFaults();
    const imports = /\b(?:import|require)\b/.test(m.code);
    if (imports) reportRebuiltLibrary();
    /** @type {Cell} */
    const cell = {
      count: m.count,
      src: m.code,
      interrupted: false,
      finished: false,
      settled: false,
      allowStdin: !!m.allowStdin,
      value: undefined,
      error: undefined,
      faults: [],
      resolve: () => {},
    };
    /** @type {Outcome} */
    const outcome = await new Promise((resolve) => {
      cell.resolve = resolve;
      current = cell;
      runningCell = cell;
      scriptName = `In [${m.count}]`;
      cell.tensorMark = tensorGuard.begin();
      // Started from a microtask of its own: if the I/O thread has to terminate this JavaScript, only the cell's
      // code is unwound (from a timer or immediate callback, Node's async-context stack would be left corrupted).
      Promise.resolve().then(() => {
        executor.execute(m.code).then(
          (ok) => finishCell(cell, { ok }),
          (/** @type {unknown} */ e) => finishCell(cell, { ok: false, internal: e }),
        );
      });
    });
    scriptName = null;
    let tensorNote = "";
    if (outcome.interrupted) {
      const c = tensorGuard.cleanUp(cell.tensorMark ?? null);
      if (c.scopes || c.tensors) {
        tensorNote = `tfjs cleaned up: ${c.scopes} open scope(s) ended, ${c.tensors} tensor(s) of this cell disposed`;
      }
    } else tensorGuard.end();
    if (cell.converted && cell.converted.output) cells.set(m.count, { src: m.code, output: cell.converted.output });
    // Let the cell's rejected promises that nothing handles surface (Node reports them after the microtasks of the
    // current macrotask): they belong to this cell.
    if (!outcome.interrupted) await new Promise((resolve) => timers.setImmediate(resolve));
    cell.settled = true;
    lastCount = m.count;
    if (imports) libraryFiles.record();
    if (runningCell === cell) runningCell = null;
    if (current === cell) current = null;

    const ranPartly =
      cell.converted && cell.converted.declOutput !== undefined && !(cell.diagnostics && cell.diagnostics.length);
    if (outcome.ok && !outcome.interrupted) declOverride = null;
    else if (ranPartly && cell.converted && cell.converted.declOutput !== undefined) {
      declOverride = { base: cell.basePrevDecl, decl: cell.converted.declOutput };
    }

    /** @type {ErrorContent[]} */
    const errors = [];
    if (outcome.interrupted) {
      errors.push(format.interruptError(outcome.source, tensorNote));
    } else if (outcome.internal) {
      errors.push(format.runtimeError(outcome.internal, cells, ts));
    } else if (cell.diagnostics && cell.diagnostics.length) {
      errors.push(...format.diagnosticErrors(cell.diagnostics, m.code, m.count));
    } else if (cell.error) {
      errors.push(format.runtimeError(cell.error.value, cells, ts));
    } else if (!outcome.ok) {
      errors.push({ ename: "Error", evalue: "the cell failed", traceback: ["the cell failed"] });
    }
    if (cell.faults.length) {
      // Already sent as outputs while the cell ran; the reply says error.
      for (const e of errors) post({ t: "error", content: e });
      return { status: "error", ...(errors[0] || cell.faults[0]) };
    }
    if (errors.length) {
      for (const e of errors) post({ t: "error", content: e });
      return { status: "error", ...errors[0] };
    }
    if (cell.value && !m.silent) {
      try {
        const capped = format.capBundle(await mime.mimeBundleOf(cell.value.value));
        post({ t: "result", data: capped.data, metadata: {} });
      } catch (e) {
        const err = format.runtimeError(e, cells, ts);
        post({ t: "error", content: err });
        return { status: "error", ...err };
      }
    }
    return { status: "ok" };
  }

  /** @param {import("./messages").MainRequest<"interrupt">} m */
  function onInterrupt(m) {
    post({ t: "interrupt-ack", seq: m.seq });
    if (m.seq <= interruptedSeq) return;
    interruptedSeq = m.seq;
    const cell = runningCell;
    if (!cell) return;
    cell.interrupted = true;
    try {
      executor.interrupt();
    } catch {
      /* not running an async cell */
    }
    finishCell(cell, { interrupted: true, source: m.source });
  }

  // ---- comms (see comms.cjs): kernel-side messages go out on IOPub through the I/O thread.
  const comms = createComms({
    publish: (msgType, content, metadata, buffers) => post({ t: "comm", msgType, content, metadata, buffers }),
    log: (text) => kernelLog(text, false),
  });

  // ---- requests from the I/O thread: one named handler per message type. Shell requests come one at a time, in
  // order (the I/O thread sends the next after a reply); `interrupt` comes at any time.
  const replyTo = (/** @type {{ id: number }} */ m, /** @type {object} */ result) =>
    post({ t: "reply", id: m.id, result });
  const errorReply = (/** @type {unknown} */ e) => ({
    status: "error",
    ename: "Error",
    evalue: String(e instanceof Error ? e.message : e),
    traceback: [],
  });

  /** @param {import("./messages").MainRequest<"execute">} m */
  async function onExecute(m) {
    let result;
    try {
      result = await runCell(m);
    } catch (e) {
      result = { status: "error", ...format.runtimeError(e, cells, ts) };
      post({ t: "error", content: result });
    }
    replyTo(m, result);
  }

  /** @param {import("./messages").MainRequest<"complete_request">} m */
  function onComplete(m) {
    try {
      const code = m.content.code;
      const pos = format.cursorToUtf16(code, m.content.cursor_pos);
      const info = executor.complete(code, pos);
      replyTo(m, {
        status: "ok",
        matches: info.candidates,
        cursor_start: format.utf16ToCursor(code, info.start),
        cursor_end: format.utf16ToCursor(code, info.end),
        metadata: {},
      });
    } catch (e) {
      replyTo(m, errorReply(e));
    }
  }

  /** @param {import("./messages").MainRequest<"inspect_request">} m */
  function onInspect(m) {
    try {
      const code = m.content.code;
      const qi = executor.inspect(code, format.cursorToUtf16(code, m.content.cursor_pos));
      replyTo(
        m,
        format.isKnownQuickInfo(qi)
          ? { status: "ok", found: true, data: { "text/plain": printQuickInfo(qi) }, metadata: {} }
          : { status: "ok", found: false, data: {}, metadata: {} },
      );
    } catch (e) {
      replyTo(m, errorReply(e));
    }
  }

  /** @param {import("./messages").MainRequest<"is_complete_request">} m */
  function onIsComplete(m) {
    replyTo(m, format.isComplete(m.content.code, isCompleteCode, ts));
  }

  /**
   * comm_open / comm_msg / comm_close from the front end: a handler error is an error output of that message.
   * @template {"comm_open" | "comm_msg" | "comm_close"} T
   * @param {(content: MainRequests[T]["content"], metadata: Record<string, unknown>, buffers: Uint8Array[]) => void} handle
   * @returns {(m: import("./messages").MainRequest<T>) => void}
   */
  function onCommMessage(handle) {
    return (m) => {
      try {
        handle(m.content || {}, m.metadata || {}, m.buffers || []);
      } catch (e) {
        post({ t: "error", content: format.runtimeError(e, cells, ts) });
        kernelLog(`error in a comm handler (${m.t}): ${e instanceof Error ? e.message : String(e)}`, false);
      }
      replyTo(m, { status: "ok" });
    };
  }

  /** @param {import("./messages").MainRequest<"comm_info_request">} m */
  function onCommInfo(m) {
    replyTo(m, comms.info(m.content && m.content.target_name));
  }

  function onShutdown() {
    try {
      convs.close();
    } catch {
      /* closing anyway */
    }
  }

  /**
   * One named handler per request type from the I/O thread, each receiving its own request (messages.d.ts).
   * @type {import("./messages").MainHandlers}
   */
  const handlers = {
    execute: onExecute,
    interrupt: onInterrupt,
    complete_request: onComplete,
    inspect_request: onInspect,
    is_complete_request: onIsComplete,
    comm_open: onCommMessage(comms.onOpen),
    comm_msg: onCommMessage(comms.onMsg),
    comm_close: onCommMessage(comms.onClose),
    comm_info_request: onCommInfo,
    shutdown: onShutdown,
  };
  io.on("message", (/** @type {{ t: string }} */ m) => {
    // The one cast of the dispatch: TypeScript does not relate `m.t` to the handler it picks.
    const table = /** @type {Record<string, (m: { t: string }) => unknown>} */ (/** @type {unknown} */ (handlers));
    const handler = Object.hasOwn(table, m.t) ? table[m.t] : null;
    if (handler) handler(m);
  });
  io.on("error", (e) => {
    require("node:fs").writeSync(2, `landscape-lab kernel: I/O thread failed: ${e && e.stack}\n`);
    realExit(1);
  });
  io.on("exit", (code) => realExit(code || 0));
}

module.exports = { start };
