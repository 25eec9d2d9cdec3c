/**
 * The code each pool worker runs, kept as a string so the pool works the same from the built library and from the
 * TypeScript sources under vitest (a worker thread cannot load `.ts`). It is plain CommonJS for Node ≥ 20.19.
 *
 * Protocol (main → worker): `{ type: "job", job, file, name, shared }` loads the task module once per job and
 * remembers `shared`; `{ type: "items", job, indices, items }` runs a chunk of items (their input indices given) in
 * order. Worker → main: `{ type: "ready", job }`, `{ type: "job-error", job, message }`,
 * `{ type: "results", job, indices, values }`, `{ type: "error", job, index, message, name, stack }` (the chunk stops
 * at its first failing item). Messages are handled one after another, in order.
 */
export const WORKER_SOURCE = String.raw`
"use strict";
const { parentPort } = require("node:worker_threads");
const { pathToFileURL } = require("node:url");
const { createRequire } = require("node:module");

const modules = new Map();
let current = { job: -1, fn: undefined, shared: undefined };

async function loadModule(file) {
  if (modules.has(file)) return modules.get(file);
  const req = createRequire(file);
  let mod;
  try {
    mod = req(file);
  } catch (e) {
    if (e && (e.code === "ERR_REQUIRE_ESM" || e.code === "ERR_REQUIRE_ASYNC_MODULE")) {
      mod = await import(pathToFileURL(file).href);
    } else {
      throw e;
    }
  }
  modules.set(file, mod);
  return mod;
}

function pick(mod, name) {
  if (mod == null) return undefined;
  if (typeof mod[name] === "function") return mod[name];
  if (mod.default != null && typeof mod.default[name] === "function") return mod.default[name];
  if (name === "default" && typeof mod === "function") return mod;
  return undefined;
}

function send(msg) {
  try {
    parentPort.postMessage(msg);
  } catch (e) {
    // A result that cannot be structured-cloned (functions, class instances with native handles, tensors).
    parentPort.postMessage({
      type: "error",
      job: msg.job,
      index: msg.index,
      name: "DataCloneError",
      message:
        "the result cannot be sent back from the worker (structured clone failed: " +
        String(e && e.message ? e.message : e).split("\n")[0] +
        "); return plain data: numbers, arrays, typed arrays, plain objects",
      stack: "",
    });
  }
}

async function handle(msg) {
  if (msg.type === "job") {
    try {
      const mod = await loadModule(msg.file);
      const fn = pick(mod, msg.name);
      if (typeof fn !== "function") {
        const names = mod && typeof mod === "object" ? Object.keys(mod).slice(0, 20).join(", ") : typeof mod;
        throw new Error('has no function export "' + msg.name + '" (exports: ' + names + ")");
      }
      current = { job: msg.job, fn, shared: msg.shared };
      send({ type: "ready", job: msg.job });
    } catch (e) {
      current = { job: -1, fn: undefined, shared: undefined };
      send({ type: "job-error", job: msg.job, message: String(e && e.message ? e.message : e).split("\n")[0] });
    }
    return;
  }
  if (msg.type === "items") {
    if (msg.job !== current.job) return; // the job failed to load; the main thread already knows
    const values = [];
    for (let k = 0; k < msg.items.length; k++) {
      const index = msg.indices[k];
      try {
        values.push(await current.fn(msg.items[k], index, current.shared));
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        send({ type: "error", job: msg.job, index, name: err.name, message: err.message, stack: err.stack || "" });
        return;
      }
    }
    send({ type: "results", job: msg.job, indices: msg.indices, index: msg.indices[0], values });
  }
}

let chain = Promise.resolve();
parentPort.on("message", (msg) => {
  chain = chain.then(() => handle(msg));
});
`;
