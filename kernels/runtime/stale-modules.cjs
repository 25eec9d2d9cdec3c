/**
 * Notices when JavaScript files the kernel has already loaded (`require.cache`) under a directory (the library's
 * `dist/`) are rebuilt on disk. Node keeps running the loaded code, while the TypeScript watch of the converter type-
 * checks cells against the new declarations; the kernel tells the user that a restart is needed instead of reloading
 * modules (a second copy of the library would hold its own tfjs engine and fail `instanceof` checks on old values).
 *
 * A file counts as changed when its modification time or size differ from when it was first seen AND its contents'
 * SHA-1 differs (a rebuild that writes the same bytes is not a change).
 */
"use strict";
const crypto = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");

/**
 * @param {string} dir absolute directory whose loaded files are watched (e.g. `<repo>/dist`)
 * @returns {{ record: () => void, changed: () => string[] }}
 */
function createStaleModuleCheck(dir) {
  const prefix = dir.endsWith(path.sep) ? dir : dir + path.sep;
  /** @type {Map<string, { mtimeMs: number, size: number, sha1: string }>} */
  const seen = new Map();
  const digest = (/** @type {string} */ file) => crypto.createHash("sha1").update(fs.readFileSync(file)).digest("hex");

  /** Remembers the loaded files under `dir` not seen before. */
  function record() {
    for (const file of Object.keys(require.cache)) {
      if (!file.startsWith(prefix) || seen.has(file)) continue;
      try {
        const st = fs.statSync(file);
        seen.set(file, { mtimeMs: st.mtimeMs, size: st.size, sha1: digest(file) });
      } catch {
        /* gone already */
      }
    }
  }

  /** The loaded files (relative to `dir`) whose contents on disk differ from what was loaded, or were removed. */
  function changed() {
    const out = [];
    for (const [file, was] of seen) {
      let st;
      try {
        st = fs.statSync(file);
      } catch {
        out.push(path.relative(dir, file));
        continue;
      }
      if (st.mtimeMs === was.mtimeMs && st.size === was.size) continue;
      let now;
      try {
        now = digest(file);
      } catch {
        now = "";
      }
      if (now !== was.sha1) out.push(path.relative(dir, file));
      else seen.set(file, { mtimeMs: st.mtimeMs, size: st.size, sha1: now });
    }
    return out;
  }

  return { record, changed };
}

module.exports = { createStaleModuleCheck };
