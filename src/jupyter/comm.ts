/**
 * Comms: two-way messages between a cell's objects and the front end (Jupyter messaging spec, "Custom messages";
 * the base of widgets). A comm has an id and a target name; either side opens it (`comm_open`), both send
 * `comm_msg`, either closes it (`comm_close`). The kernel provides the bridge
 * `globalThis[Symbol.for("landscape-lab.jupyter.comms")]`; outside the kernel these functions throw.
 */
import { randomUUID } from "node:crypto";

/** JSON data of a comm message. */
export type CommData = Record<string, unknown>;

/** Binary buffers that travel with a comm message (after its JSON). */
export type CommBuffers = ArrayBufferView[];

/** A message received on a comm: its JSON `data`, its metadata and binary buffers. */
export interface CommMessage {
  data: CommData;
  metadata: Record<string, unknown>;
  buffers: Uint8Array[];
}

interface WireContent {
  comm_id: string;
  target_name?: string;
  data?: CommData;
}

interface CommsBridge {
  publish(
    msgType: "comm_open" | "comm_msg" | "comm_close",
    content: Record<string, unknown>,
    metadata: Record<string, unknown>,
    buffers: CommBuffers,
  ): void;
  registerTarget(
    name: string,
    handler: ((content: WireContent, metadata: Record<string, unknown>, buffers: Uint8Array[]) => void) | null,
  ): void;
  listen(
    commId: string,
    listener:
      | ((
          msgType: "comm_msg" | "comm_close",
          content: WireContent,
          metadata: Record<string, unknown>,
          buffers: Uint8Array[],
        ) => void)
      | null,
  ): void;
}

const COMMS_KEY = Symbol.for("landscape-lab.jupyter.comms");

function bridge(what: string): CommsBridge {
  const b = (globalThis as Record<symbol, unknown>)[COMMS_KEY];
  if (!b || typeof (b as CommsBridge).publish !== "function") {
    throw new Error(`${what}: comms need the landscape-lab Jupyter kernel (no front end outside it)`);
  }
  return b as CommsBridge;
}

function checkData(data: unknown, name: string): CommData {
  if (data === undefined) return {};
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    throw new Error(`${name}: expected a JSON object, got ${data === null ? "null" : typeof data}`);
  }
  return data as CommData;
}

/** Options of {@link Comm.send}, {@link Comm.close} and {@link openComm}. */
export interface CommSendOptions {
  metadata?: Record<string, unknown>;
  buffers?: CommBuffers;
}

/**
 * One comm. Messages from the front end reach the handlers given to {@link Comm.onMsg}; {@link Comm.onClose}
 * handlers run when the front end closes it.
 */
export class Comm {
  private msgHandlers: Array<(msg: CommMessage) => void> = [];
  private closeHandlers: Array<(msg: CommMessage) => void> = [];
  private closedFlag = false;

  /** @internal */
  constructor(
    /** The comm's id (shared with the front end). */
    readonly id: string,
    /** The target name it was opened with. */
    readonly targetName: string,
    private readonly b: CommsBridge,
  ) {
    b.listen(id, (msgType, content, metadata, buffers) => {
      const msg: CommMessage = { data: content.data ?? {}, metadata, buffers };
      if (msgType === "comm_close") {
        this.closedFlag = true;
        for (const h of this.closeHandlers) h(msg);
      } else for (const h of this.msgHandlers) h(msg);
    });
  }

  /** True once either side closed the comm. */
  get closed(): boolean {
    return this.closedFlag;
  }

  /**
   * Sends `data` to the front end (`comm_msg`).
   *
   * @param data - a JSON object.
   * @param opts - metadata and binary buffers.
   * @throws Error when the comm is closed or `data` is not an object.
   */
  send(data: CommData = {}, opts: CommSendOptions = {}): void {
    if (this.closedFlag) throw new Error(`comm ${this.id} (${this.targetName}) is closed`);
    this.b.publish(
      "comm_msg",
      { comm_id: this.id, data: checkData(data, "data") },
      opts.metadata ?? {},
      opts.buffers ?? [],
    );
  }

  /**
   * Closes the comm (`comm_close`, with optional data); later sends throw. Closing twice does nothing.
   *
   * @param data - a JSON object for the front end.
   */
  close(data: CommData = {}, opts: CommSendOptions = {}): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    this.b.publish(
      "comm_close",
      { comm_id: this.id, data: checkData(data, "data") },
      opts.metadata ?? {},
      opts.buffers ?? [],
    );
  }

  /** Adds a handler for the front end's messages on this comm. */
  onMsg(handler: (msg: CommMessage) => void): this {
    if (typeof handler !== "function") throw new Error("handler: expected a function");
    this.msgHandlers.push(handler);
    return this;
  }

  /** Adds a handler for the front end closing this comm. */
  onClose(handler: (msg: CommMessage) => void): this {
    if (typeof handler !== "function") throw new Error("handler: expected a function");
    this.closeHandlers.push(handler);
    return this;
  }
}

/**
 * Opens a comm from the kernel (`comm_open` with `targetName`); the front end must have registered that target.
 *
 * @param targetName - the front end's comm target.
 * @param data - a JSON object sent with the open message.
 * @param opts - metadata and binary buffers.
 * @throws Error outside the kernel, or on a bad argument.
 */
export function openComm(targetName: string, data: CommData = {}, opts: CommSendOptions = {}): Comm {
  if (typeof targetName !== "string" || !targetName) {
    throw new Error(`targetName: expected a non-empty string, got ${JSON.stringify(targetName)}`);
  }
  const b = bridge("openComm");
  const comm = new Comm(randomUUID().replace(/-/g, ""), targetName, b);
  b.publish(
    "comm_open",
    { comm_id: comm.id, target_name: targetName, data: checkData(data, "data") },
    opts.metadata ?? {},
    opts.buffers ?? [],
  );
  return comm;
}

/**
 * Registers what happens when the front end opens a comm with `targetName`: `handler` gets the new {@link Comm}
 * and the open message (attach {@link Comm.onMsg} there). Registering the name again replaces the handler.
 *
 * @param targetName - the comm target's name.
 * @param handler - called for each comm the front end opens on this target.
 * @throws Error outside the kernel, or on a bad argument.
 */
export function registerCommTarget(targetName: string, handler: (comm: Comm, msg: CommMessage) => void): void {
  if (typeof targetName !== "string" || !targetName) {
    throw new Error(`targetName: expected a non-empty string, got ${JSON.stringify(targetName)}`);
  }
  if (typeof handler !== "function") throw new Error("handler: expected a function (comm, msg) => void");
  const b = bridge("registerCommTarget");
  b.registerTarget(targetName, (content, metadata, buffers) => {
    const comm = new Comm(content.comm_id, targetName, b);
    handler(comm, { data: content.data ?? {}, metadata, buffers });
  });
}

/**
 * Removes the handler of a comm target: later `comm_open`s for it are closed by the kernel.
 *
 * @param targetName - the comm target's name.
 */
export function unregisterCommTarget(targetName: string): void {
  bridge("unregisterCommTarget").registerTarget(targetName, null);
}
