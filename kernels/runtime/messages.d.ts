/**
 * The Jupyter messages the kernel handles (messaging protocol 5.3), as a discriminated union on
 * `header.msg_type`: each message type has its own `content`, and the I/O thread's handler tables
 * (`shellHandlers`, `controlHandlers` in io-worker.cjs) are typed so that a handler receives its own message.
 * Contents come from a front end as JSON: fields the protocol marks optional are optional here, and handlers
 * still read them defensively.
 */

/** A message header. */
export interface Header<T extends string = string> {
  msg_id: string;
  msg_type: T;
  session: string;
  username: string;
  date: string;
  version: string;
}

/** A message as `wire.parse` returns it, before its type is known. */
export interface WireMessage<T extends string = string, C = unknown> {
  /** ZeroMQ routing prefix (the ROUTER socket's identities). */
  identities: Buffer[];
  header: Header<T>;
  /** The request this message answers, or `{}`. */
  parent_header: Header | Record<string, never>;
  metadata: Record<string, unknown>;
  content: C;
  /** Binary buffers after the content (comms). */
  buffers: Buffer[];
}

export interface ExecuteRequest {
  code: string;
  silent?: boolean;
  store_history?: boolean;
  user_expressions?: Record<string, string>;
  allow_stdin?: boolean;
  stop_on_error?: boolean;
}

export interface CompleteRequest {
  code: string;
  cursor_pos: number;
}

export interface InspectRequest {
  code: string;
  cursor_pos: number;
  detail_level?: 0 | 1;
}

export interface IsCompleteRequest {
  code: string;
}

export interface HistoryRequest {
  output?: boolean;
  raw?: boolean;
  hist_access_type?: "range" | "tail" | "search";
  session?: number;
  start?: number;
  stop?: number;
  n?: number;
  pattern?: string;
  unique?: boolean;
}

export interface CommInfoRequest {
  target_name?: string;
}

export interface CommOpen {
  comm_id: string;
  target_name: string;
  data?: Record<string, unknown>;
}

export interface CommMsg {
  comm_id: string;
  data?: Record<string, unknown>;
}

export interface CommClose {
  comm_id: string;
  data?: Record<string, unknown>;
}

export interface ShutdownRequest {
  restart?: boolean;
}

export interface InputReply {
  value: string;
}

/** Contents of the shell channel's messages, by message type. */
export interface ShellContents {
  kernel_info_request: Record<string, never>;
  execute_request: ExecuteRequest;
  complete_request: CompleteRequest;
  inspect_request: InspectRequest;
  is_complete_request: IsCompleteRequest;
  comm_info_request: CommInfoRequest;
  history_request: HistoryRequest;
  comm_open: CommOpen;
  comm_msg: CommMsg;
  comm_close: CommClose;
  shutdown_request: ShutdownRequest;
}

/** Contents of the control channel's messages, by message type. */
export interface ControlContents {
  interrupt_request: Record<string, never>;
  shutdown_request: ShutdownRequest;
  kernel_info_request: Record<string, never>;
}

/** The message of one type, with its own content. */
export type Message<Contents, T extends keyof Contents & string> = WireMessage<T, Contents[T]>;

/** Any shell message the kernel handles (narrow it on `header.msg_type`). */
export type ShellMessage = { [T in keyof ShellContents]: Message<ShellContents, T> }[keyof ShellContents];

/** Any control message the kernel handles. */
export type ControlMessage = { [T in keyof ControlContents]: Message<ControlContents, T> }[keyof ControlContents];

/** A handler table: one handler per message type, each receiving its own message. */
export type Handlers<Contents> = { [T in keyof Contents & string]: (msg: Message<Contents, T>) => unknown };

/** The message types the comm handlers take (`comm_open`, `comm_msg`, `comm_close`). */
export type CommMessage = Message<ShellContents, "comm_open" | "comm_msg" | "comm_close">;

/**
 * Requests from the I/O thread to the main thread, by their `t` (main.cjs's `handlers`): the Jupyter requests the
 * main thread answers carry their message's own content.
 */
export interface MainRequests {
  execute: { id: number; code: string; count: number; silent: boolean; allowStdin: boolean };
  interrupt: { seq: number; source: string };
  complete_request: { id: number; content: CompleteRequest };
  inspect_request: { id: number; content: InspectRequest };
  is_complete_request: { id: number; content: IsCompleteRequest };
  comm_info_request: { id: number; content: CommInfoRequest };
  comm_open: { id: number; content: CommOpen; metadata: Record<string, unknown>; buffers: Uint8Array[] };
  comm_msg: { id: number; content: CommMsg; metadata: Record<string, unknown>; buffers: Uint8Array[] };
  comm_close: { id: number; content: CommClose; metadata: Record<string, unknown>; buffers: Uint8Array[] };
  shutdown: Record<string, never>;
}

/** One request to the main thread, with its `t`. */
export type MainRequest<T extends keyof MainRequests> = MainRequests[T] & { t: T };

/** The main thread's handler table: one handler per request type, each receiving its own request. */
export type MainHandlers = { [T in keyof MainRequests]: (m: MainRequest<T>) => unknown };
