/**
 * Jupyter wire protocol (messaging spec 5.3): parsing, HMAC signing and building of messages.
 * https://jupyter-client.readthedocs.io/en/stable/messaging.html#the-wire-protocol
 */
"use strict";
const crypto = require("node:crypto");

const DELIM = Buffer.from("<IDS|MSG>");
const PROTOCOL_VERSION = "5.3";

/**
 * @param {string} scheme e.g. "hmac-sha256"
 * @param {string} key the connection file's key ("" disables signing)
 */
function createSigner(scheme, key) {
  if (!key) return () => "";
  const algo = (scheme || "hmac-sha256").replace(/^hmac-/, "");
  return (/** @type {Array<Buffer|string>} */ parts) => {
    const h = crypto.createHmac(algo, key);
    for (const p of parts) h.update(p);
    return h.digest("hex");
  };
}

/**
 * Parses a multipart message received on a ROUTER socket.
 * @param {Buffer[]} frames
 * @param {(parts: Buffer[]) => string} sign
 * @returns {import("./messages").WireMessage} a message of a type not yet known (the handler tables narrow it)
 */
function parse(frames, sign) {
  const i = frames.findIndex((f) => f.equals(DELIM));
  if (i < 0) throw new Error("message without <IDS|MSG> delimiter");
  const identities = frames.slice(0, i);
  const signature = frames[i + 1].toString();
  const parts = frames.slice(i + 2, i + 6);
  if (parts.length < 4) throw new Error("message with fewer than 4 parts");
  const expected = sign(parts);
  if (expected) {
    const a = Buffer.from(expected);
    const b = Buffer.from(signature);
    if (a.length !== b.length || !crypto.timingSafeEqual(a, b)) throw new Error("message with an invalid signature");
  }
  return {
    identities,
    header: JSON.parse(parts[0].toString()),
    parent_header: JSON.parse(parts[1].toString()),
    metadata: JSON.parse(parts[2].toString()),
    content: JSON.parse(parts[3].toString()),
    buffers: frames.slice(i + 6),
  };
}

/**
 * Builds the frames of one message.
 * @param {{ sign: (parts: Array<Buffer|string>) => string, session: string }} ctx
 * @param {string} msgType
 * @param {object} content
 * @param {any} parent the parent message (or null)
 * @param {Buffer[]} identities routing prefix (the topic for IOPub)
 * @param {object} [metadata]
 * @param {Buffer[]} [buffers] binary buffers after the content (comms)
 */
function build(ctx, msgType, content, parent, identities, metadata, buffers) {
  const header = {
    msg_id: crypto.randomUUID(),
    session: ctx.session,
    username: "kernel",
    date: new Date().toISOString(),
    msg_type: msgType,
    version: PROTOCOL_VERSION,
  };
  const parts = [
    JSON.stringify(header),
    JSON.stringify(parent ? parent.header : {}),
    JSON.stringify(metadata || {}),
    JSON.stringify(content),
  ];
  return [...identities, DELIM, ctx.sign(parts), ...parts, ...(buffers || [])];
}

module.exports = { createSigner, parse, build, PROTOCOL_VERSION };
