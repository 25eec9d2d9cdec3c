"use strict";
/**
 * A fix for tslab 1.0.22's converter: it rewrites references to earlier cells' variables as `exports.name`, but
 * misses shorthand properties, so `f({ seed })` with `seed` declared in an earlier cell fails at run time with
 * "ReferenceError: seed is not defined". Before tslab compiles a cell, every shorthand property whose name an earlier
 * cell declared is expanded to `name: name` (the same meaning, in object literals and destructuring assignments
 * alike). Lines never change; positions of diagnostics are mapped back to the cell's own text.
 */

/** The TypeScript module (tslab's `@tslab/typescript-for-tslab`, TypeScript 5.0.4). */
/** @typedef {typeof import("typescript")} TS */
/** An insertion into the cell's text: at `offset` of the original, `length` characters. */
/** @typedef {{ offset: number, length: number }} Edit */

/**
 * Names declared at the top level of tslab's declarations of the earlier cells.
 * @param {TS} ts
 * @param {string | undefined} prevDecl
 * @returns {Set<string>}
 */
function declaredNames(ts, prevDecl) {
  /** @type {Set<string>} */
  const names = new Set();
  if (!prevDecl) return names;
  const sf = ts.createSourceFile("prev.d.ts", prevDecl, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const add = (/** @type {import("typescript").Node | undefined} */ n) => {
    if (n && ts.isIdentifier(n)) names.add(n.text);
  };
  /** @param {import("typescript").BindingName} b */
  const addBinding = (b) => {
    if (ts.isIdentifier(b)) names.add(b.text);
    else for (const el of b.elements) if (!ts.isOmittedExpression(el)) addBinding(el.name);
  };
  for (const st of sf.statements) {
    if (ts.isVariableStatement(st)) for (const d of st.declarationList.declarations) addBinding(d.name);
    else if (ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st) || ts.isEnumDeclaration(st)) add(st.name);
    else if (ts.isImportDeclaration(st) && st.importClause) {
      add(st.importClause.name);
      const nb = st.importClause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) add(nb.name);
      else if (nb) for (const el of nb.elements) add(el.name);
    } else if (ts.isImportEqualsDeclaration(st)) add(st.name);
  }
  return names;
}

/**
 * Expands shorthand properties naming earlier cells' declarations.
 *
 * @param {TS} ts
 * @param {string} src the cell's text
 * @param {Set<string> | (() => Set<string>)} prevNames the names declared by the earlier cells, or a function giving
 *   them: it is called only when the cell has a shorthand property (reading the names parses the earlier cells'
 *   declarations).
 * @returns {{ src: string, edits: Edit[] }} the rewritten source and the insertions (offset in the original,
 *   inserted length), in increasing order.
 */
function expandShorthands(ts, src, prevNames) {
  let names = typeof prevNames === "function" ? undefined : prevNames;
  if ((names && names.size === 0) || !src.includes("{")) return { src, edits: [] };
  const sf = ts.createSourceFile("cell.ts", src, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  /** @type {Array<{ offset: number, text: string }>} */
  const edits = [];
  const knownNames = () => (names ??= typeof prevNames === "function" ? prevNames() : prevNames);
  /** @param {import("typescript").Node} node */
  const visit = (node) => {
    if (ts.isShorthandPropertyAssignment(node) && knownNames().has(node.name.text)) {
      edits.push({ offset: node.name.getEnd(), text: `: ${node.name.text}` });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  if (edits.length === 0) return { src, edits: [] };
  edits.sort((a, b) => a.offset - b.offset);
  let out = "";
  let at = 0;
  for (const e of edits) {
    out += src.slice(at, e.offset) + e.text;
    at = e.offset;
  }
  out += src.slice(at);
  return { src: out, edits: edits.map((e) => ({ offset: e.offset, length: e.text.length })) };
}

/**
 * Maps a position `{ offset, line, character }` in the expanded source back to the original cell text.
 * @template {{ offset?: number, character: number }} P
 * @param {P} pos
 * @param {Edit[]} edits
 * @param {string} expandedSrc
 * @returns {P}
 */
function mapPosition(pos, edits, expandedSrc) {
  if (!pos || edits.length === 0 || typeof pos.offset !== "number") return pos;
  let shift = 0;
  for (const e of edits) {
    const expandedAt = e.offset + shift; // where this insertion starts in the expanded text
    if (pos.offset <= expandedAt) break;
    if (pos.offset < expandedAt + e.length) {
      shift += pos.offset - expandedAt; // inside the inserted text: clamp to the insertion point
      break;
    }
    shift += e.length;
  }
  if (shift === 0) return pos;
  const offset = pos.offset - shift;
  // characters removed on this position's own line
  const lineStart = expandedSrc.lastIndexOf("\n", pos.offset - 1) + 1;
  const sameLineShift = shift - Math.max(0, shiftBefore(edits, lineStart));
  return { ...pos, offset, character: pos.character - sameLineShift };
}

/**
 * @param {Edit[]} edits
 * @param {number} expandedOffset
 */
function shiftBefore(edits, expandedOffset) {
  let shift = 0;
  for (const e of edits) {
    if (e.offset + shift >= expandedOffset) break;
    shift += e.length;
  }
  return shift;
}

module.exports = { declaredNames, expandShorthands, mapPosition };
