/**
 * The kernel's I/O thread: owns every ZeroMQ socket (shell, control, IOPub, stdin, heartbeat), speaks the Jupyter
 * messaging protocol 5.3, and forwards work to the main thread (which compiles and runs cells with tslab's
 * executor). Because it runs apart from the main thread, heartbeats, kernel_info, control messages, interrupts and
 * live output keep working while a cell computes synchronously.
 *
 * Interrupts (SIGINT from Jupyter, caught by ./sigint-worker.cjs, or interrupt_request on the control channel):
 * the main thread is asked to stop the cell; if it does not answer within INTERRUPT_GRACE_MS (it is busy in
 * JavaScript: a synchronous loop, or an await loop that never yields to the event loop), this thread stops the
 * running JavaScript through an inspector session (`Runtime.terminateExecution`), and the main thread then
 * finishes the cell as interrupted.
 */
"use strict";
const { parentPort: maybeParentPort, workerData, Worker } = require("node:worker_threads");
const fs = require("node:fs");
const path = require("node:path");
const crypto = require("node:crypto");
const { pathToFileURL } = require("node:url");
const inspector = require("node:inspector");
const wire = require("./wire.cjs");

/** @typedef {import("./messages").WireMessage} WireMessage */
/** @typedef {import("./messages").ShellMessage} ShellMessage */
/** @typedef {import("./messages").ControlMessage} ControlMessage */
/** @typedef {import("./messages").ShellContents} ShellContents */
/** @typedef {import("./messages").ControlContents} ControlContents */
/** A ZeroMQ socket (zeromq 6, loaded from tslab's dependencies at run time, untyped here). */
/** @typedef {any} Socket */

if (!maybeParentPort) throw new Error("io-worker.cjs runs as a worker thread of main.cjs");
const parentPort = maybeParentPort;

const INTERRUPT_GRACE_MS = 250;
/** LANDSCAPE_KERNEL_LOG=1: also log start-up times and interrupts (errors are always logged). */
const VERBOSE = process.env.LANDSCAPE_KERNEL_LOG === "1";
const STREAM_FLUSH_MS = 50;
const STREAM_FLUSH_BYTES = 64 * 1024;

/**
 * Kernel log: straight to the process's stderr (fd 2), never into a notebook.
 * @param {...unknown} args
 */
function log(...args) {
  try {
    fs.writeSync(2, `[landscape-lab kernel io] ${args.join(" ")}\n`);
  } catch {
    /* nothing to do */
  }
}

const conn = JSON.parse(fs.readFileSync(workerData.connectionFile, "utf8"));
const zmq = require(workerData.zeromqPath);
const ctx = { sign: wire.createSigner(conn.signature_scheme, conn.key), session: crypto.randomUUID() };

const iopub = new zmq.Publisher();
const shell = new zmq.Router();
const control = new zmq.Router();
const stdin = new zmq.Router();
const hb = new zmq.Reply();
for (const s of [iopub, shell, control, stdin, hb]) s.linger = 500;

// ---------------------------------------------------------------------------------------------------------------
// Sending. ZeroMQ allows one send in progress per socket (another one throws or rejects with EBUSY), so every
// send goes through a per-socket queue: the next message goes out when the previous send has resolved.

/**
 * The message and code of a thrown value (anything may be thrown).
 * @param {unknown} e
 * @returns {{ code?: unknown, message: string, stack: string }}
 */
function thrown(e) {
  if (e && typeof e === "object") {
    const o = /** @type {{ code?: unknown, message?: unknown, stack?: unknown }} */ (e);
    return { code: o.code, message: String(o.message ?? e), stack: String(o.stack ?? o.message ?? e) };
  }
  return { message: String(e), stack: String(e) };
}

/**
 * Parses a message received on `channel`, or logs why it was dropped (no delimiter, a bad signature, bad JSON).
 * @param {Buffer[]} frames
 * @param {string} channel
 * @returns {WireMessage | null}
 */
function parseOrDrop(frames, channel) {
  try {
    return wire.parse(frames, ctx.sign);
  } catch (e) {
    log(`dropped a ${channel} message:`, thrown(e).message);
    return null;
  }
}

/** @typedef {{ busy: boolean, items: Array<Array<Buffer | string>> }} SendQueue */
/** @type {Map<Socket, SendQueue>} */
const sendQueues = new Map();
/**
 * @param {Socket} sock
 * @param {Array<Buffer | string>} frames
 */
function send(sock, frames) {
  let q = sendQueues.get(sock);
  if (!q) sendQueues.set(sock, (q = { busy: false, items: [] }));
  q.items.push(frames);
  if (!q.busy) drain(sock, q);
}
/**
 * @param {Socket} sock
 * @param {SendQueue} q
 * @returns {void}
 */
function drain(sock, q) {
  if (!q.items.length || sock.closed) {
    q.busy = false;
    return;
  }
  q.busy = true;
  const retry = () => {
    setTimeout(() => drain(sock, q), 1);
  };
  let p;
  try {
    p = sock.send(q.items[0]);
  } catch (e) {
    if (thrown(e).code === "EBUSY") return retry();
    q.items.shift();
    log("send failed:", thrown(e).message);
    return drain(sock, q);
  }
  p.then(
    () => {
      q.items.shift();
      drain(sock, q);
    },
    (/** @type {unknown} */ e) => {
      if (thrown(e).code === "EBUSY") return retry();
      q.items.shift();
      if (!sock.closed) log("send failed:", thrown(e).message);
      drain(sock, q);
    },
  );
}

/**
 * Sends a message on IOPub.
 * @param {string} msgType
 * @param {object} content
 * @param {WireMessage | null} parent
 * @param {object} [metadata]
 * @param {Buffer[]} [buffers]
 */
function publish(msgType, content, parent, metadata, buffers) {
  if (msgType !== "stream") flushStreams();
  send(iopub, wire.build(ctx, msgType, content, parent, [Buffer.from(msgType)], metadata, buffers));
}

/**
 * A kernel-side comm_open / comm_msg / comm_close (from the main thread), parented like other output.
 * @param {{ msgType: string, content: object, metadata?: object, buffers?: ArrayBufferView[] }} m
 */
function publishComm(m) {
  const buffers = (m.buffers || []).map((b) => Buffer.from(b.buffer, b.byteOffset, b.byteLength));
  publish(m.msgType, m.content, outputParent, m.metadata || {}, buffers);
}
/**
 * Sends the reply to a request on the socket it came from.
 * @param {Socket} sock
 * @param {WireMessage} req
 * @param {string} msgType
 * @param {object} content
 * @param {object} [metadata]
 */
function reply(sock, req, msgType, content, metadata) {
  send(sock, wire.build(ctx, msgType, content, req, req.identities, metadata));
}

// ---------------------------------------------------------------------------------------------------------------
// Output from the main thread, attached to the execute_request that is running (or ran last, like ipykernel).

/** @type {WireMessage | null} */
let outputParent = null;
/** @typedef {"stdout" | "stderr"} StreamName */
/** @type {Record<StreamName, string>} */
const streams = { stdout: "", stderr: "" };
let streamBytes = 0;
/** @type {NodeJS.Timeout | null} */
let streamTimer = null;
let lastFlush = Date.now();

function flushStreams() {
  if (streamTimer) {
    clearTimeout(streamTimer);
    streamTimer = null;
  }
  lastFlush = Date.now();
  for (const name of /** @type {StreamName[]} */ (["stdout", "stderr"])) {
    if (!streams[name]) continue;
    const text = streams[name];
    streams[name] = "";
    if (outputParent) send(iopub, wire.build(ctx, "stream", { name, text }, outputParent, [Buffer.from("stream")]));
    else log(`${name} without a cell:`, text.trimEnd());
  }
  streamBytes = 0;
}
/**
 * @param {StreamName} name
 * @param {string} text
 */
function addStream(name, text) {
  streams[name] += text;
  streamBytes += text.length;
  if (streamBytes > STREAM_FLUSH_BYTES || Date.now() - lastFlush > 4 * STREAM_FLUSH_MS) flushStreams();
  else if (!streamTimer) streamTimer = setTimeout(flushStreams, STREAM_FLUSH_MS);
}

// ---------------------------------------------------------------------------------------------------------------
// The main thread: requests with ids, and its messages.

let nextId = 1;
/** @type {Map<number, (result: any) => void>} */
const pending = new Map();
/**
 * Posts a request to the main thread; resolves with its reply's result.
 * @param {string} type
 * @param {object} payload
 * @returns {Promise<any>}
 */
function callMain(type, payload) {
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    parentPort.postMessage({ t: type, id, ...payload });
  });
}

/**
 * What the main thread reports once started (see main.cjs).
 * @type {{ heapLimit: number, banner: string, version: string, typescript: string, backendError?: string } | null}
 */
let info = null;
/** @type {Array<() => void>} */
let infoWaiters = [];
/** @typedef {import("./messages").Message<ShellContents, "execute_request">} ExecuteRequestMessage */
/** @type {{ req: ExecuteRequestMessage, count: number, id: number, output?: string | null } | null} the running cell */
let running = null;
let interruptSeq = 0;
let ackedSeq = 0;

parentPort.on("message", (/** @type {any} a message from main.cjs's post() */ m) => {
  switch (m.t) {
    case "stream":
      addStream(m.name, m.text);
      break;
    case "display":
      if (outputParent) publish(m.update ? "update_display_data" : "display_data", m.content, outputParent);
      break;
    case "clear":
      if (outputParent) publish("clear_output", { wait: !!m.wait }, outputParent);
      break;
    case "result":
      if (running) {
        running.output = typeof m.data["text/plain"] === "string" ? m.data["text/plain"] : null;
        publish(
          "execute_result",
          { execution_count: running.count, data: m.data, metadata: m.metadata || {} },
          running.req,
        );
      }
      break;
    case "error":
      if (outputParent) publish("error", m.content, outputParent);
      break;
    case "reply": {
      const r = pending.get(m.id);
      pending.delete(m.id);
      if (r) r(m.result);
      break;
    }
    case "info":
      info = m.info;
      for (const w of infoWaiters) w();
      infoWaiters = [];
      break;
    case "input":
      requestInput(m);
      break;
    case "comm":
      publishComm(m);
      break;
    case "interrupt-ack":
      ackedSeq = Math.max(ackedSeq, m.seq);
      break;
    case "log":
      if (m.info !== true || VERBOSE) log(m.text);
      break;
  }
});

// ---------------------------------------------------------------------------------------------------------------
// stdin: the main thread waits synchronously for an input_reply (see stdin.cjs); its answer goes through a
// MessagePort and a shared flag.

/** @type {{ req: WireMessage } | null} the input_request waiting for its reply */
let pendingInput = null;

/** @param {{ value?: string, interrupted?: boolean }} answer */
function answerInput(answer) {
  pendingInput = null;
  workerData.inputPort.postMessage(answer);
  Atomics.store(workerData.inputSignal, 0, 1);
  Atomics.notify(workerData.inputSignal, 0);
}

/**
 * Sends input_request for the running cell (the prompt after the cell's output so far).
 * @param {{ prompt: string, password: boolean }} m
 */
function requestInput(m) {
  if (!running) return answerInput({ interrupted: true });
  flushStreams();
  pendingInput = { req: running.req };
  send(
    stdin,
    wire.build(ctx, "input_request", { prompt: m.prompt, password: m.password }, running.req, running.req.identities),
  );
}

/** @param {Buffer[]} frames */
function onStdin(frames) {
  const msg = parseOrDrop(frames, "stdin");
  if (!msg) return;
  if (msg.header.msg_type !== "input_reply") return log("unknown stdin message:", msg.header.msg_type);
  if (!pendingInput) return log("input_reply without an input_request");
  const content = /** @type {Partial<import("./messages").InputReply> | null} */ (msg.content);
  answerInput({ value: String((content && content.value) ?? "") });
}

// ---------------------------------------------------------------------------------------------------------------
// Memory: while a cell runs, the main thread's JavaScript heap is read every HEAP_POLL_MS through the inspector
// (`Runtime.getHeapUsage` is answered even while the main thread computes); past 75 % and 90 % of V8's heap limit
// the cell's stderr says so, once each, before V8 would abort the process.

const HEAP_POLL_MS = 250;
const HEAP_LEVELS = [0.75, 0.9];
/** @type {NodeJS.Timeout | null} */
let heapTimer = null;
const gb = (/** @type {number} */ bytes) => `${(bytes / 1e9).toFixed(2)} GB`;

function watchHeap() {
  const limit = info && info.heapLimit;
  if (!limit || heapTimer) return;
  let warned = 0;
  heapTimer = setInterval(() => {
    let s;
    try {
      s = inspectorSession();
    } catch (e) {
      log("cannot read the heap usage:", thrown(e).message);
      return unwatchHeap();
    }
    s.post("Runtime.getHeapUsage", (err, result) => {
      const r = /** @type {{ usedSize: number } | undefined} */ (result);
      if (err || !r || !running || warned >= HEAP_LEVELS.length) return;
      const fraction = r.usedSize / limit;
      if (fraction < HEAP_LEVELS[warned]) return;
      while (warned < HEAP_LEVELS.length && fraction >= HEAP_LEVELS[warned]) warned++;
      addStream(
        "stderr",
        `landscape-lab kernel: memory: the JavaScript heap holds ${gb(r.usedSize)} of its ${gb(limit)} limit ` +
          `(${Math.round(100 * fraction)} %). When it is full the kernel process ends and this notebook's state is ` +
          `lost: interrupt the cell, drop large arrays (x = null) and dispose tensors. A kernel started with ` +
          `LANDSCAPE_KERNEL_HEAP_MB=<MB> gets another limit.\n`,
      );
      flushStreams();
    });
  }, HEAP_POLL_MS);
}

function unwatchHeap() {
  if (heapTimer) clearInterval(heapTimer);
  heapTimer = null;
}

// ---------------------------------------------------------------------------------------------------------------
// Interrupts.

/** @type {import("node:inspector").Session | null} */
let session = null;
/** The inspector session on the main thread (interrupts, heap usage). */
function inspectorSession() {
  if (!session) {
    session = new inspector.Session();
    session.connectToMainThread();
  }
  return session;
}
function terminateMain() {
  try {
    inspectorSession().post("Runtime.terminateExecution", (err) => err && log("terminateExecution:", err.message));
  } catch (e) {
    log("cannot stop the main thread:", thrown(e).message);
  }
}
/** @param {string} source what interrupted: "SIGINT" or "interrupt_request" */
function interrupt(source) {
  // A cell waiting for input is woken first (its wait throws); the usual interrupt follows.
  if (pendingInput) answerInput({ interrupted: true });
  const seq = ++interruptSeq;
  parentPort.postMessage({ t: "interrupt", seq, source });
  const cell = running;
  if (!cell) return;
  setTimeout(() => {
    if (ackedSeq < seq && running === cell) {
      if (VERBOSE) log(`main thread busy: stopping its JavaScript (interrupt from ${source})`);
      terminateMain();
    }
  }, INTERRUPT_GRACE_MS);
}

// SIGINT watcher thread (see sigint-worker.cjs).
const sigintWorker = new Worker(path.join(__dirname, "sigint-worker.cjs"));
sigintWorker.on("message", (m) => m === "sigint" && interrupt("SIGINT"));
sigintWorker.on("error", (e) => log("SIGINT watcher failed:", e.message));
sigintWorker.unref();

// ---------------------------------------------------------------------------------------------------------------
// Requests.

function languageInfo() {
  return {
    name: "typescript",
    version: (info && info.typescript) || "5.0.4",
    mimetype: "text/typescript",
    file_extension: ".ts",
    pygments_lexer: "typescript",
    // tslab's setting: TypeScript highlighting in Notebook (name + typescript) and JupyterLab (mode).
    codemirror_mode: { mode: "typescript", name: "javascript", typescript: true },
  };
}

/**
 * kernel_info's help_links: the project's README, the kernel's README and each tutorial notebook (its first
 * heading), as file URLs of this checkout (the project has no web site).
 */
/** @type {Array<{ text: string, url: string }> | null} */
let helpLinksCache = null;
function helpLinks() {
  if (helpLinksCache) return helpLinksCache;
  const root = path.resolve(__dirname, "..", "..");
  /** @type {Array<{ text: string, url: string }>} */
  const links = [];
  const add = (/** @type {string} */ text, /** @type {string} */ file) =>
    fs.existsSync(file) && links.push({ text, url: pathToFileURL(file).href });
  add("landscape-lab README", path.join(root, "README.md"));
  add("landscape-lab kernel README", path.join(root, "kernels", "README.md"));
  const dir = path.join(root, "notebooks");
  /** @type {string[]} */
  let names = [];
  try {
    names = fs
      .readdirSync(dir)
      .filter((n) => /^\d.*\.ipynb$/.test(n))
      .sort();
  } catch {
    /* no notebooks in this checkout */
  }
  for (const name of names) {
    let title = name.replace(/\.ipynb$/, "");
    try {
      const nb = JSON.parse(fs.readFileSync(path.join(dir, name), "utf8"));
      const md = nb.cells.find((/** @type {{ cell_type: string }} */ c) => c.cell_type === "markdown");
      const src = Array.isArray(md.source) ? md.source.join("") : String(md.source);
      const heading = src.split("\n").find((/** @type {string} */ l) => /^#\s/.test(l));
      if (heading) title = heading.replace(/^#+\s*/, "").replace(/\\\*/g, "*");
    } catch {
      /* keep the file name */
    }
    add(title, path.join(dir, name));
  }
  return (helpLinksCache = links);
}

async function kernelInfo() {
  if (!info) {
    await new Promise((resolve) => {
      infoWaiters.push(() => resolve(undefined));
      setTimeout(resolve, 3000);
    });
  }
  return {
    status: "ok",
    protocol_version: wire.PROTOCOL_VERSION,
    implementation: "landscape-lab",
    implementation_version: (info && info.version) || "unknown",
    language_info: languageInfo(),
    banner: (info && info.banner) || "landscape-lab (TypeScript; tslab executor) — still starting",
    debugger: false,
    help_links: helpLinks(),
  };
}

let executionCount = 0;

// History of this kernel session (session number 1): [session, line, input] or [session, line, [input, output]].
/** @typedef {{ line: number, input: string, output: string | null }} HistoryEntry */
/** @type {HistoryEntry[]} */
const history = [];
/**
 * The history_reply's entries for a history_request.
 * @param {import("./messages").HistoryRequest} q
 */
function historyQuery(q) {
  const fmt = (/** @type {HistoryEntry} */ h) => [1, h.line, q.output ? [h.input, h.output] : h.input];
  const n = typeof q.n === "number" && Number.isInteger(q.n) && q.n > 0 ? q.n : undefined;
  if (q.hist_access_type === "tail") return history.slice(n ? -n : 0).map(fmt);
  if (q.hist_access_type === "range") {
    if (q.session !== undefined && q.session !== 1 && q.session !== 0) return [];
    const start = q.start ?? 0;
    const stop = q.stop ?? Infinity;
    return history.filter((h) => h.line >= start && h.line < stop).map(fmt);
  }
  if (q.hist_access_type === "search") {
    const glob = String(q.pattern ?? "*");
    const escaped = glob
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, "[\\s\\S]*")
      .replace(/\?/g, ".");
    const re = new RegExp("^" + escaped + "$");
    let hits = history.filter((h) => re.test(h.input));
    if (q.unique) {
      const seen = new Set();
      hits = hits.reverse().filter((h) => (seen.has(h.input) ? false : (seen.add(h.input), true)));
      hits.reverse();
    }
    return hits.slice(n ? -n : 0).map(fmt);
  }
  return [];
}
/** @type {WireMessage[]} */
const shellQueue = [];
let shellBusy = false;

/** @param {Buffer[]} frames */
async function onShell(frames) {
  const msg = parseOrDrop(frames, "shell");
  if (!msg) return;
  shellQueue.push(msg);
  if (shellBusy) return;
  shellBusy = true;
  try {
    for (let msg = shellQueue.shift(); msg; msg = shellQueue.shift()) await handleShell(msg);
  } finally {
    shellBusy = false;
  }
}

/**
 * Forwards a request to the main thread and replies with its result (complete, inspect, is_complete, comm_info).
 * @param {import("./messages").Message<ShellContents, "complete_request" | "inspect_request" | "is_complete_request" | "comm_info_request">} msg
 */
function forwardToMain(msg) {
  const type = msg.header.msg_type;
  return callMain(type, { content: msg.content }).then((result) =>
    reply(shell, msg, type.replace("_request", "_reply"), result),
  );
}

/**
 * comm_open / comm_msg / comm_close from the front end (no reply): the main thread runs the comm's handlers, whose
 * output goes to this message (as ipykernel does), then to the cell that ran last again.
 * @param {import("./messages").CommMessage} msg
 */
async function onCommMessage(msg) {
  const saved = outputParent;
  outputParent = msg;
  try {
    await callMain(msg.header.msg_type, { content: msg.content, metadata: msg.metadata, buffers: msg.buffers });
  } finally {
    flushStreams();
    outputParent = saved;
  }
}

/**
 * The handler of a message's type in a handler table, or null. The one cast of the dispatch is here: TypeScript
 * does not relate `msg.header.msg_type` (a string from the wire) to the handler it picks, whose parameter is that
 * type's message.
 * @template Contents
 * @param {import("./messages").Handlers<Contents>} table
 * @param {WireMessage} msg
 * @returns {((msg: WireMessage) => unknown) | null}
 */
function handlerFor(table, msg) {
  const type = msg.header.msg_type;
  return Object.hasOwn(table, type)
    ? /** @type {Record<string, (msg: WireMessage) => unknown>} */ (/** @type {unknown} */ (table))[type]
    : null;
}

/**
 * One named handler per shell message type, each receiving its own message type (messages.d.ts).
 * @type {import("./messages").Handlers<ShellContents>}
 */
const shellHandlers = {
  kernel_info_request: async (msg) => reply(shell, msg, "kernel_info_reply", await kernelInfo()),
  execute_request: (msg) => execute(msg),
  complete_request: forwardToMain,
  inspect_request: forwardToMain,
  is_complete_request: forwardToMain,
  comm_info_request: forwardToMain,
  history_request: (msg) =>
    reply(shell, msg, "history_reply", { status: "ok", history: historyQuery(msg.content || {}) }),
  comm_open: onCommMessage,
  comm_msg: onCommMessage,
  comm_close: onCommMessage,
  shutdown_request: (msg) => shutdown(shell, msg),
};

/**
 * Handles a request with its handler in `table`, between `status` busy and idle; an unknown type or a handler's
 * error is logged.
 * @template Contents
 * @param {import("./messages").Handlers<Contents>} table
 * @param {WireMessage} msg
 * @param {string} channel
 */
async function dispatch(table, msg, channel) {
  const type = msg.header.msg_type;
  publish("status", { execution_state: "busy" }, msg);
  try {
    const handler = handlerFor(table, msg);
    if (handler) await handler(msg);
    else log(`unknown ${channel} message:`, type);
  } catch (e) {
    log(`error while handling ${type}:`, thrown(e).stack);
  } finally {
    publish("status", { execution_state: "idle" }, msg);
  }
}

/** @param {WireMessage} msg */
function handleShell(msg) {
  return dispatch(shellHandlers, msg, "shell");
}

/** @param {ExecuteRequestMessage} msg */
async function execute(msg) {
  const c = msg.content || {};
  const silent = !!c.silent;
  const storeHistory = silent ? false : c.store_history !== false;
  if (storeHistory) executionCount++;
  const count = executionCount;
  if (!silent) publish("execute_input", { code: c.code, execution_count: count }, msg);
  outputParent = msg;
  const id = nextId++;
  running = { req: msg, count, id };
  watchHeap();
  /** @type {{ status: string, ename?: string, evalue?: string, traceback?: string[] }} */
  const done = await new Promise((resolve) => {
    pending.set(id, resolve);
    parentPort.postMessage({
      t: "execute",
      id,
      code: String(c.code ?? ""),
      count,
      silent,
      allowStdin: c.allow_stdin === true,
    });
  });
  if (storeHistory) history.push({ line: count, input: String(c.code ?? ""), output: running?.output ?? null });
  running = null;
  unwatchHeap();
  flushStreams();
  const base = { execution_count: count };
  if (done.status === "ok") {
    reply(shell, msg, "execute_reply", { status: "ok", ...base, user_expressions: {}, payload: [] }, { status: "ok" });
    return;
  }
  reply(
    shell,
    msg,
    "execute_reply",
    { status: "error", ...base, ename: done.ename, evalue: done.evalue, traceback: done.traceback },
    { status: "error" },
  );
  if (c.stop_on_error !== false) {
    // Like ipykernel: execute requests already queued when a cell fails are aborted.
    const rest = [];
    for (const q of shellQueue.splice(0)) {
      if (q.header.msg_type !== "execute_request") {
        rest.push(q);
        continue;
      }
      publish("status", { execution_state: "busy" }, q);
      reply(shell, q, "execute_reply", { status: "aborted", execution_count: null }, { status: "aborted" });
      publish("status", { execution_state: "idle" }, q);
    }
    shellQueue.push(...rest);
  }
}

let shuttingDown = false;
/**
 * @param {Socket} sock the socket the request came on (shell or control)
 * @param {import("./messages").WireMessage<"shutdown_request", import("./messages").ShutdownRequest>} msg
 */
function shutdown(sock, msg) {
  const restart = !!(msg.content && msg.content.restart);
  reply(sock, msg, "shutdown_reply", { status: "ok", restart });
  if (shuttingDown) return;
  shuttingDown = true;
  flushStreams();
  if (pendingInput) answerInput({ interrupted: true });
  if (running) terminateMain();
  // Close the sockets here (ending the process with open ZeroMQ sockets in a worker aborts in the addon), then end
  // this thread; the main thread exits when it sees this thread exit.
  setTimeout(() => {
    for (const s of [shell, control, stdin, hb, iopub]) {
      try {
        s.close();
      } catch {
        /* already closed */
      }
    }
    parentPort.postMessage({ t: "shutdown" });
    setTimeout(() => process.exit(0), 20);
  }, 50);
  // If the main thread cannot exit by itself (stuck), end the process.
  setTimeout(() => process.kill(process.pid, "SIGKILL"), 3000).unref();
}

/**
 * One named handler per control message type, each receiving its own message type (messages.d.ts).
 * @type {import("./messages").Handlers<ControlContents>}
 */
const controlHandlers = {
  interrupt_request: (msg) => {
    interrupt("interrupt_request");
    reply(control, msg, "interrupt_reply", { status: "ok" });
  },
  shutdown_request: (msg) => shutdown(control, msg),
  kernel_info_request: async (msg) => reply(control, msg, "kernel_info_reply", await kernelInfo()),
};

/** @param {Buffer[]} frames */
async function handleControl(frames) {
  const msg = parseOrDrop(frames, "control");
  if (msg) await dispatch(controlHandlers, msg, "control");
}

/**
 * @param {Socket} sock
 * @param {(frames: Buffer[]) => unknown} fn
 */
async function loop(sock, fn) {
  try {
    // Handlers are not awaited: the shell keeps its own queue (so requests queued behind a failing cell can be
    // aborted), and control messages must be handled while a cell runs.
    for await (const frames of sock) fn(frames);
  } catch (e) {
    if (!sock.closed) log("socket loop ended:", thrown(e).message);
  }
}

async function main() {
  const addr = (/** @type {number} */ port) => `${conn.transport}://${conn.ip}:${port}`;
  await Promise.all([
    iopub.bind(addr(conn.iopub_port)),
    shell.bind(addr(conn.shell_port)),
    control.bind(addr(conn.control_port)),
    stdin.bind(addr(conn.stdin_port)),
    hb.bind(addr(conn.hb_port)),
  ]);
  loop(shell, onShell);
  loop(control, handleControl);
  loop(stdin, onStdin);
  loop(hb, (/** @type {Buffer[]} */ frames) => send(hb, frames));
  parentPort.postMessage({ t: "ready" });
}
main().catch((e) => {
  log("cannot start:", thrown(e).stack);
  process.kill(process.pid, "SIGTERM");
});
