/**
 * Comms (Jupyter messaging spec, "Custom messages"): the main thread's registry of comm targets and open comms.
 *
 * The library (src/jupyter/comm.ts) reaches it through the bridge on
 * `globalThis[Symbol.for("landscape-lab.jupyter.comms")]`:
 * - `publish(msgType, content, metadata, buffers)` sends a kernel-side `comm_open` / `comm_msg` / `comm_close` on
 *   IOPub (parented to the running cell or the comm message being handled);
 * - `registerTarget(name, handler | null)`: `handler(content, metadata, buffers)` is called when the front end opens
 *   a comm with that target name;
 * - `listen(commId, listener | null)`: `listener(msgType, content, metadata, buffers)` gets the front end's
 *   `comm_msg` and `comm_close` for that comm.
 * The kernel keeps the set of open comms (both directions) for `comm_info_request`. A front end's `comm_open` for
 * a target nobody registered is answered with a `comm_close` (as ipykernel does).
 */
"use strict";

const COMMS = Symbol.for("landscape-lab.jupyter.comms");

/** @typedef {import("./messages").CommOpen} CommOpen */
/** @typedef {import("./messages").CommMsg | import("./messages").CommClose} CommMsgOrClose */
/** @typedef {Record<string, unknown>} Metadata */
/** @typedef {(content: CommOpen, metadata: Metadata, buffers: Uint8Array[]) => void} TargetHandler */
/** @typedef {(msgType: "comm_msg" | "comm_close", content: CommMsgOrClose, metadata: Metadata, buffers: Uint8Array[]) => void} CommListener */

/**
 * @param {{ publish: (msgType: string, content: object, metadata: object, buffers: ArrayBufferView[]) => void,
 *           log: (text: string) => void }} deps
 */
function createComms(deps) {
  /** @type {Map<string, TargetHandler>} target name → handler */
  const targets = new Map();
  /** @type {Map<string, string>} open comm id → target name */
  const open = new Map();
  /** @type {Map<string, CommListener>} comm id → listener */
  const listeners = new Map();

  const bridge = {
    /**
     * @param {string} msgType
     * @param {{ comm_id?: unknown, target_name?: unknown }} content
     * @param {object} [metadata]
     * @param {ArrayBufferView[]} [buffers]
     */
    publish(msgType, content, metadata = {}, buffers = []) {
      if (!["comm_open", "comm_msg", "comm_close"].includes(msgType)) {
        throw new Error(`msgType: expected comm_open, comm_msg or comm_close, got ${msgType}`);
      }
      const id = content && content.comm_id;
      if (typeof id !== "string" || !id) throw new Error("content.comm_id: expected a non-empty string");
      if (msgType === "comm_open") open.set(id, String(content.target_name));
      else if (!open.has(id)) throw new Error(`comm ${id} is not open`);
      if (msgType === "comm_close") {
        open.delete(id);
        listeners.delete(id);
      }
      deps.publish(msgType, content, metadata, buffers);
    },
    /**
     * @param {string} name
     * @param {TargetHandler | null} handler
     */
    registerTarget(name, handler) {
      if (handler) targets.set(name, handler);
      else targets.delete(name);
    },
    /**
     * @param {string} commId
     * @param {CommListener | null} listener
     */
    listen(commId, listener) {
      if (listener) listeners.set(commId, listener);
      else listeners.delete(commId);
    },
  };
  /** @type {Record<symbol, unknown>} */ (globalThis)[COMMS] = bridge;

  /**
   * A front end's comm_open.
   * @param {CommOpen} content
   * @param {Metadata} metadata
   * @param {Uint8Array[]} buffers
   */
  function onOpen(content, metadata, buffers) {
    const id = content.comm_id;
    const handler = targets.get(content.target_name);
    if (!handler) {
      deps.log(`comm_open for the unknown target ${JSON.stringify(content.target_name)}: closing it`);
      deps.publish("comm_close", { comm_id: id, data: {} }, {}, []);
      return;
    }
    open.set(id, content.target_name);
    handler(content, metadata, buffers);
  }

  /**
   * A front end's comm_msg.
   * @param {CommMsgOrClose} content
   * @param {Metadata} metadata
   * @param {Uint8Array[]} buffers
   */
  function onMsg(content, metadata, buffers) {
    const l = listeners.get(content.comm_id);
    if (l) l("comm_msg", content, metadata, buffers);
    else if (!open.has(content.comm_id)) deps.log(`comm_msg for the unknown comm ${content.comm_id}`);
  }

  /**
   * A front end's comm_close.
   * @param {CommMsgOrClose} content
   * @param {Metadata} metadata
   * @param {Uint8Array[]} buffers
   */
  function onClose(content, metadata, buffers) {
    const l = listeners.get(content.comm_id);
    open.delete(content.comm_id);
    listeners.delete(content.comm_id);
    if (l) l("comm_close", content, metadata, buffers);
  }

  /**
   * comm_info_reply content: the open comms, all or those of one target.
   * @param {string} [targetName]
   */
  function info(targetName) {
    /** @type {Record<string, { target_name: string }>} */
    const comms = {};
    for (const [id, target] of open) {
      if (!targetName || target === targetName) comms[id] = { target_name: target };
    }
    return { status: "ok", comms };
  }

  return { onOpen, onMsg, onClose, info };
}

module.exports = { createComms };
