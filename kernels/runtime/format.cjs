/**
 * Turns what a cell produced into Jupyter message contents: the size cap of output bundles (the bundles themselves
 * are `mime.cjs`'s, shared with the library), `error` contents for thrown values (traceback in the cells' own line
 * numbers) and for TypeScript diagnostics (one per diagnostic).
 */
"use strict";
const path = require("node:path");
const util = require("node:util");

const ROOT = path.resolve(__dirname, "..", "..");

/** The TypeScript module (tslab's `@tslab/typescript-for-tslab`, TypeScript 5.0.4). */
/** @typedef {typeof import("typescript")} TS */
/** What the kernel keeps of a cell that ran, for tracebacks (`map`: compiled line → cell line, filled on demand). */
/** @typedef {{ src: string, output: string, map?: number[] | null }} CellEntry */
/** @typedef {Map<number, CellEntry>} Cells */
/** A position in a cell, as tslab's converter gives it. */
/** @typedef {{ offset: number, line: number, character: number }} Position */
/** A TypeScript diagnostic, as tslab's converter gives it. */
/** @typedef {{ start: Position, end?: Position, messageText: string, code: number, fileName?: string }} Diagnostic */
/** The content of an `error` message. */
/** @typedef {{ ename: string, evalue: string, traceback: string[] }} ErrorContent */
const RED = "\x1b[0;31m";
const GREEN = "\x1b[0;32m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

/**
 * The most bytes one output (a display_data or execute_result bundle) may carry: LANDSCAPE_MAX_OUTPUT_MB (default
 * 20). A front end keeps every output in the notebook file and in the browser's memory; hundreds of MB stall both.
 */
function maxOutputBytes() {
  const mb = Number(process.env.LANDSCAPE_MAX_OUTPUT_MB);
  return (Number.isFinite(mb) && mb > 0 ? mb : 20) * 1e6;
}

const HEAD_CHARS = 4000;

/**
 * Caps an output bundle at `limit` bytes (strings by length, JSON objects by their JSON text): a bundle over it is
 * replaced by text/plain — the head of its text/plain (or of the largest text entry) and a note naming the sizes,
 * the limit and how to show less. Bundles within the limit come back unchanged.
 * @param {Record<string, unknown>} data a normalized bundle
 * @param {number} [limit] bytes
 * @returns {{ data: Record<string, unknown>, capped: boolean }}
 */
function capBundle(data, limit = maxOutputBytes()) {
  let total = 0;
  /** @type {Array<[string, number]>} */
  const sizes = [];
  for (const [mime, v] of Object.entries(data)) {
    const n = typeof v === "string" ? v.length : JSON.stringify(v ?? null).length;
    sizes.push([mime, n]);
    total += n;
  }
  if (total <= limit) return { data, capped: false };
  const texts = /** @type {Array<[string, string]>} */ (Object.entries(data).filter(([, v]) => typeof v === "string"));
  const plain = data["text/plain"];
  const source = typeof plain === "string" ? plain : texts.length ? texts[0][1] : "";
  const head = source.length > HEAD_CHARS ? source.slice(0, HEAD_CHARS) + "\n…" : source;
  const mb = (/** @type {number} */ n) => `${(n / 1e6).toFixed(1)} MB`;
  const note =
    `[landscape-lab kernel: this output was not sent in full: ${mb(total)} ` +
    `(${sizes.map(([m, n]) => `${m} ${mb(n)}`).join(", ")}) is over the ${mb(limit)} limit per output ` +
    `(LANDSCAPE_MAX_OUTPUT_MB). The value is still in the kernel: show a part of it (e.g. the first rows) instead.]`;
  return { data: { "text/plain": head ? `${head}\n${note}` : note }, capped: true };
}

// ---------------------------------------------------------------------------------------------------------------
// Source lines of compiled cells. tslab compiles a cell in two steps (TypeScript -> ES module -> CommonJS) without
// source maps; on an error we redo the same two steps with `ts.transpileModule` and source maps, check that the
// result matches the code that ran line by line, and use the composed map.

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64I = new Map([...B64].map((c, i) => [c, i]));
/**
 * For each generated line, the source line (0-based) of its first mapped segment, or -1.
 * @param {string} mappings a source map's `mappings`
 * @returns {number[]}
 */
function firstSourceLines(mappings) {
  const out = [];
  let srcLine = 0;
  for (const lineStr of mappings.split(";")) {
    let first = -1;
    for (const seg of lineStr.split(",")) {
      if (!seg) continue;
      /** @type {number[]} */
      const vals = [];
      let v = 0;
      let shift = 0;
      for (const c of seg) {
        const d = B64I.get(c) ?? 0;
        v += (d & 31) << shift;
        if (d & 32) shift += 5;
        else {
          vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
          v = 0;
          shift = 0;
        }
      }
      if (vals.length >= 4) {
        srcLine += vals[2];
        if (first < 0) first = srcLine;
      }
    }
    out.push(first);
  }
  return out;
}

const comparable = (/** @type {string} */ line) =>
  line
    .replace(/exports\.tsLastExpr\d* = /g, "")
    .replace(/\bexports\./g, "")
    .trim();

/**
 * @param {CellEntry} entry
 * @param {TS} ts
 * @returns {number[] | null}
 */
function lineMap(entry, ts) {
  if (entry.map !== undefined) return entry.map;
  entry.map = null;
  try {
    const header = entry.output.match(/^exports\.([\w$]+(?: = exports\.[\w$]+)*) = void 0;$/m);
    const names = header
      ? header[1].split(" = exports.").filter((/** @type {string} */ n) => !/^tsLastExpr\d*$/.test(n))
      : [];
    let src = "export {};\n" + entry.src;
    if (names.length) src += "\nexport {" + names.join(", ") + "}";
    if (header) src += "\nexport const __landscapeLastExprPlaceholder = 0;";
    const target = ts.ScriptTarget.ES2022;
    const common = {
      target,
      esModuleInterop: true,
      noImplicitUseStrict: true,
      newLine: ts.NewLineKind.LineFeed,
      sourceMap: true,
    };
    const s1 = ts.transpileModule(src, {
      fileName: "__tslab__.ts",
      compilerOptions: { ...common, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.React, experimentalDecorators: true },
    });
    const js1 = s1.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, "");
    const s2 = ts.transpileModule(js1, {
      fileName: "__tslab__.js",
      compilerOptions: { ...common, module: ts.ModuleKind.CommonJS },
    });
    const js2 = s2.outputText.replace(/\/\/# sourceMappingURL=.*\s*$/, "").split("\n");
    const ran = entry.output.split("\n");
    let same = 0;
    let nonEmpty = 0;
    for (let i = 0; i < ran.length; i++) {
      if (!ran[i].trim()) continue;
      nonEmpty++;
      if (comparable(ran[i]) === comparable(js2[i] || "")) same++;
    }
    if (nonEmpty === 0 || same / nonEmpty < 0.8) return null;
    const m2 = firstSourceLines(JSON.parse(s2.sourceMapText ?? "{}").mappings);
    const m1 = firstSourceLines(JSON.parse(s1.sourceMapText ?? "{}").mappings);
    const srcLines = entry.src.split("\n").length;
    entry.map = m2.map((l1) => {
      const l0 = l1 >= 0 ? m1[l1] : -1;
      // source line 0 is the "export {};" prefix; cell lines are 1-based.
      return l0 >= 1 && l0 <= srcLines ? l0 : -1;
    });
  } catch {
    entry.map = null;
  }
  return entry.map;
}

/**
 * Maps a line of a cell's compiled code (1-based) to the cell's line, or null.
 * @param {Cells} cells
 * @param {number} count
 * @param {number} jsLine
 * @param {TS} ts
 */
function cellLine(cells, count, jsLine, ts) {
  const entry = cells.get(count);
  if (!entry) return null;
  const map = lineMap(entry, ts);
  if (!map) return null;
  for (let l = jsLine - 1; l >= 0; l--) if (map[l] > 0) return map[l];
  return null;
}

/**
 * The lines of a cell up to `line`, the line marked and the span `col`..`endCol` underlined.
 * @param {string} src
 * @param {number} line 1-based
 * @param {number} [col] 1-based
 * @param {number} [endCol]
 */
function excerpt(src, line, col, endCol) {
  const lines = src.split("\n");
  const out = [];
  const width = String(Math.min(lines.length, line + 1)).length;
  for (let l = Math.max(1, line - 2); l <= Math.min(lines.length, line); l++) {
    const mark = l === line ? `${GREEN}---->${RESET} ` : "      ";
    out.push(`${mark}${String(l).padStart(width)} ${lines[l - 1]}`);
    if (l === line && col) {
      const len = Math.max(1, (endCol || col + 1) - col);
      out.push(`      ${" ".repeat(width)} ${" ".repeat(col - 1)}${RED}${"^".repeat(len)}${RESET}`);
    }
  }
  return out;
}

const HIDDEN_FRAME = /\(node:|at node:|[\\/]tslab[\\/]dist[\\/]|[\\/]kernels[\\/]runtime[\\/]|<anonymous>\)?$/;

/**
 * The `error` content of a thrown value, with stack frames in cell lines (`In [n], line L`).
 * @param {unknown} value
 * @param {Cells} cells
 * @param {TS} ts
 * @returns {ErrorContent}
 */
function runtimeError(value, cells, ts) {
  let ename;
  let evalue;
  let stack = "";
  const o = /** @type {{ name?: unknown, message?: unknown, stack?: unknown, constructor?: { name?: string } }} */ (
    value
  );
  if (value instanceof Error || (value && typeof value === "object" && typeof o.stack === "string")) {
    ename = String(o.name || (o.constructor && o.constructor.name) || "Error");
    evalue = String(o.message ?? "");
    stack = String(o.stack || "");
  } else {
    ename = "Uncaught";
    evalue = util.inspect(value);
  }
  /** @type {string[]} */
  const frames = [];
  let innermost = /** @type {{ count: number, line: number | null } | null} */ (null);
  for (const raw of stack.split("\n")) {
    if (!/^\s+at /.test(raw)) continue;
    let line = raw.replace(/\(?In \[(\d+)\]:(\d+):(\d+)\)?/, (all, n, l) => {
      const mapped = cellLine(cells, Number(n), Number(l), ts);
      if (!innermost) innermost = { count: Number(n), line: mapped };
      const where = mapped ? `In [${n}], line ${mapped}` : `In [${n}]`;
      return all.startsWith("(") ? `(${where})` : where;
    });
    if (line === raw && HIDDEN_FRAME.test(raw)) continue;
    line = line
      .split(ROOT + path.sep)
      .join("")
      .replace(/\bat Proxy\./, "at ");
    // A cell's top level shows as two frames (its wrapper function and the script): keep one.
    if (frames[frames.length - 1] !== line) frames.push(line);
  }
  const traceback = [`${RED}${ename}${RESET}: ${evalue}`, ...frames];
  const innerCell = innermost && cells.get(innermost.count);
  if (innermost && innermost.line && innerCell) {
    traceback.push("", `${BOLD}Cell In [${innermost.count}], line ${innermost.line}${RESET}`);
    traceback.push(...excerpt(innerCell.src, innermost.line));
  }
  return { ename, evalue, traceback };
}

/**
 * One `error` content per TypeScript diagnostic (a diagnostic's chained messages stay together).
 * @param {Diagnostic[]} diagnostics
 * @param {string} src the cell's text
 * @param {number} count the cell's execution count
 * @returns {ErrorContent[]}
 */
function diagnosticErrors(diagnostics, src, count) {
  /** @type {Diagnostic[][]} */
  const groups = [];
  for (const d of diagnostics) {
    const last = groups[groups.length - 1];
    if (last && last[0].start === d.start) last.push(d);
    else groups.push([d]);
  }
  return groups.map((g) => {
    const d = g[0];
    const line = d.start.line + 1;
    const col = d.start.character + 1;
    const ename = `TS${d.code}`;
    const evalue = d.messageText;
    const where = d.fileName
      ? `${d.fileName}, line ${line}, column ${col}`
      : `Cell In [${count}], line ${line}, column ${col}`;
    const traceback = [`${RED}TypeScript error ${ename}${RESET}: ${evalue}`];
    for (const c of g.slice(1)) traceback.push(`  ${c.messageText}`);
    traceback.push("", `${BOLD}${where}${RESET}`);
    if (!d.fileName) {
      const endCol = d.end && d.end.line === d.start.line ? d.end.character + 1 : col + 1;
      traceback.push(...excerpt(src, line, col, endCol));
    }
    return { ename, evalue, traceback };
  });
}

const FAULT_KINDS = {
  unhandledRejection: "Unhandled promise rejection (a promise that nothing awaited or caught was rejected)",
  uncaughtException: "Uncaught exception in a callback",
  timer: "Uncaught exception in a timer callback",
  interval: "Uncaught exception in a setInterval callback",
};

/**
 * The `error` content of a fault that escaped a cell (the kernel caught it and goes on): the thrown value's class
 * and message, a first line saying what kind of fault it was and which cell scheduled it, then the traceback.
 * @param {keyof typeof FAULT_KINDS} kind
 * @param {unknown} value
 * @param {Cells} cells
 * @param {TS} ts
 * @param {number} originCount the cell it is attributed to (0: none)
 */
function faultError(kind, value, cells, ts, originCount) {
  const base = runtimeError(value, cells, ts);
  const from = originCount ? ` of In [${originCount}]` : "";
  const head = `${BOLD}${FAULT_KINDS[kind] || kind}${from}${RESET} — the kernel caught it; the session goes on.`;
  return { ename: base.ename, evalue: base.evalue, traceback: [head, ...base.traceback] };
}

/**
 * @param {string} [source] what interrupted the cell (SIGINT, interrupt_request)
 * @param {string} [note] a line on what the kernel cleaned up after the cell
 */
function interruptError(source, note) {
  const evalue = `the cell was interrupted${source ? ` (${source})` : ""}`;
  const traceback = [`${RED}Interrupted${RESET}: ${evalue}`];
  if (note) traceback.push(note);
  return { ename: "Interrupted", evalue, traceback };
}

/**
 * is_complete_reply content. An unterminated template literal or block comment is `incomplete` (the next line
 * continues it); an unterminated '…' or "…" string is `invalid` (a newline cannot continue it) unless its line ends
 * in a line continuation (an odd number of backslashes); the rest is tslab's `isCompleteCode` (unclosed brackets,
 * with the indent of the next line; code ending in a blank line is complete).
 * @param {string} code
 * @param {(code: string) => { completed: boolean, indent?: string }} isCompleteCode tslab's
 * @param {TS} ts the TypeScript module
 */
function isComplete(code, isCompleteCode, ts) {
  code = String(code ?? "");
  if (!/(^|\n)\s*\n\s*$/.test(code)) {
    // parseDiagnostics: TypeScript's syntax errors of the file (internal, not in its declarations).
    const sf =
      /** @type {import("typescript").SourceFile & { parseDiagnostics?: import("typescript").Diagnostic[] }} */ (
        ts.createSourceFile("cell.tsx", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TSX)
      );
    for (const d of sf.parseDiagnostics || []) {
      if (d.code === 1160 || (d.code === 1010 && d.start === code.length)) return { status: "incomplete", indent: "" };
      // "Unexpected end of text": a string whose last character is a line continuation.
      if (d.code === 1126 && d.start === code.length && /(?:^|[^\\])(?:\\\\)*\\$/.test(code)) {
        return { status: "incomplete", indent: "" };
      }
      if (d.code === 1002) {
        const line = code.slice(0, d.start).split("\n").pop() ?? "";
        const trailing = (/\\*$/.exec(line) ?? [""])[0].length;
        return trailing % 2 === 1 ? { status: "incomplete", indent: "" } : { status: "invalid" };
      }
    }
  }
  const r = isCompleteCode(code);
  return r.completed ? { status: "complete" } : { status: "incomplete", indent: r.indent || "" };
}

/**
 * True when TypeScript's quick info names something (an unknown name has kind "" and type `any`).
 * @param {{ kind: string } | undefined} qi
 */
function isKnownQuickInfo(qi) {
  return !!qi && qi.kind !== "";
}

/**
 * Jupyter counts cursor positions in Unicode code points; JavaScript strings in UTF-16 units.
 * @param {string} code
 * @param {number | null | undefined} cursor code points
 * @returns {number} UTF-16 units
 */
function cursorToUtf16(code, cursor) {
  if (cursor == null) return code.length;
  let units = 0;
  let points = 0;
  for (const ch of code) {
    if (points >= cursor) break;
    units += ch.length;
    points++;
  }
  return units;
}
/**
 * @param {string} code
 * @param {number} units UTF-16 units
 * @returns {number} code points
 */
function utf16ToCursor(code, units) {
  return [...code.slice(0, units)].length;
}

module.exports = {
  runtimeError,
  diagnosticErrors,
  interruptError,
  faultError,
  capBundle,
  isComplete,
  isKnownQuickInfo,
  cursorToUtf16,
  utf16ToCursor,
};
