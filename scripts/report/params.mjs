/**
 * Parameters of a notebook, papermill's convention: the code cell tagged `parameters` holds plain
 * `const name = value;` (or `let`) lines; `--set name=value` replaces a value in place (a `const` cannot be declared
 * twice, so unlike papermill no cell is added after it).
 */

/** A `--set`/parameters error, with a message meant for the user. */
export class ParameterError extends Error {
  constructor(message) {
    super(message);
    this.name = "ParameterError";
  }
}

const LINE = /^(\s*)(const|let)\s+([A-Za-z_$][\w$]*)(\s*:\s*[^=]+?)?\s*=\s*(.*)$/;

/** Splits a declaration line: indent, keyword, name, type annotation, value (no `;`), trailing // comment. */
function splitLine(text) {
  const m = LINE.exec(text);
  if (!m) return null;
  const { code } = scanLine(m[5]);
  return {
    indent: m[1],
    keyword: m[2],
    name: m[3],
    type: m[4] ?? "",
    value: code.trim().replace(/\s*;\s*$/, ""),
    comment: m[5].slice(code.length).trim(),
  };
}

function sourceText(cell) {
  return Array.isArray(cell.source) ? cell.source.join("") : String(cell.source ?? "");
}

/** Index of the code cell tagged `parameters`, or -1. */
export function findParametersCell(nb) {
  return (nb.cells ?? []).findIndex(
    (c) => c.cell_type === "code" && Array.isArray(c.metadata?.tags) && c.metadata.tags.includes("parameters"),
  );
}

/** Net count of open brackets in a line of code outside string literals, and the line without its // comment. */
function scanLine(text) {
  let depth = 0;
  let quote = null;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === "\\") i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'" || c === "`") quote = c;
    else if (c === "/" && text[i + 1] === "/") return { depth, code: text.slice(0, i).trimEnd() };
    else if ("([{".includes(c)) depth++;
    else if (")]}".includes(c)) depth--;
  }
  return { depth, code: text };
}

/**
 * The parameters a cell source defines: [{ name, value (source text), line, endLine }]. A value may span lines
 * while its brackets are open (`const widths = [\n 64,\n 128,\n];`).
 */
export function parseParameters(source) {
  const out = [];
  const lines = source.split("\n");
  for (let line = 0; line < lines.length; line++) {
    const d = splitLine(lines[line]);
    if (!d) continue;
    let endLine = line;
    let depth = scanLine(d.value).depth;
    const parts = [d.value];
    while (depth > 0 && endLine + 1 < lines.length) {
      endLine++;
      const next = scanLine(lines[endLine]);
      parts.push(next.code.trim());
      depth += next.depth;
    }
    const value = parts.join(endLine > line ? " " : "").replace(/\s*;\s*$/, "");
    out.push({ name: d.name, value, line, endLine });
    line = endLine;
  }
  return out;
}

/** The notebook's parameters (empty when it has no `parameters` cell). */
export function notebookParameters(nb) {
  const i = findParametersCell(nb);
  return i < 0 ? [] : parseParameters(sourceText(nb.cells[i]));
}

/**
 * Parses `--set name=value` arguments.
 *
 * @returns [{ name, value }] in order; a later one wins.
 */
export function parseSets(list) {
  return list.map((s) => {
    const eq = s.indexOf("=");
    if (eq <= 0) throw new ParameterError(`--set ${s}: expected name=value`);
    const name = s.slice(0, eq).trim();
    if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new ParameterError(`--set ${s}: "${name}" is not a variable name`);
    return { name, value: s.slice(eq + 1) };
  });
}

const isStringLiteral = (v) => /^(["'`]).*\1$/s.test(v.trim());

/** The TypeScript text for a new value: JSON literals as they are, a string parameter quoted, else as written. */
export function valueSource(oldValue, text) {
  const t = text.trim();
  if (isStringLiteral(oldValue)) return isStringLiteral(t) ? t : JSON.stringify(text);
  try {
    JSON.parse(t);
    return t;
  } catch {
    if (t === "") throw new ParameterError("--set: expected a value after =");
    return t;
  }
}

/**
 * Returns a copy of the notebook with the parameters cell's values replaced, and the values used.
 *
 * @param nb - the notebook (nbformat 4 JSON).
 * @param sets - [{ name, value }] from {@link parseSets}.
 * @param notebookName - named in errors.
 * @returns { notebook, parameters: [{ name, value, overridden }] }
 * @throws ParameterError listing the notebook's parameters when a name is not one of them, or when the notebook
 *   has no cell tagged `parameters`.
 */
export function applyParameters(nb, sets, notebookName = "notebook") {
  const copy = JSON.parse(JSON.stringify(nb));
  const i = findParametersCell(copy);
  if (i < 0) {
    if (sets.length) {
      throw new ParameterError(
        `--set ${sets.map((s) => s.name).join(", ")}: ${notebookName} has no cell tagged "parameters"`,
      );
    }
    return { notebook: copy, parameters: [] };
  }
  const cell = copy.cells[i];
  const lines = sourceText(cell).split("\n");
  const defined = parseParameters(lines.join("\n"));
  const byName = new Map(defined.map((p) => [p.name, p]));
  const unknown = sets.filter((s) => !byName.has(s.name));
  if (unknown.length) {
    const list = defined.map((p) => `${p.name} = ${p.value}`).join(", ") || "(none)";
    throw new ParameterError(
      `--set ${unknown.map((s) => s.name).join(", ")}: not a parameter of ${notebookName}; its parameters cell defines: ${list}`,
    );
  }
  const overridden = new Map();
  for (const s of sets) overridden.set(s.name, valueSource(byName.get(s.name).value, s.value));
  // replace from the last parameter up, so earlier line numbers stay valid
  for (const p of [...defined].reverse()) {
    if (!overridden.has(p.name)) continue;
    const d = splitLine(lines[p.line]);
    const comment = p.endLine === p.line && d.comment ? ` ${d.comment}` : "";
    lines.splice(
      p.line,
      p.endLine - p.line + 1,
      `${d.indent}${d.keyword} ${d.name}${d.type} = ${overridden.get(p.name)};${comment}`,
    );
  }
  if (overridden.size) lines.push(`// overridden by the report command: ${[...overridden.keys()].join(", ")}`);
  cell.source = lines.join("\n");
  const parameters = defined.map((p) => ({
    name: p.name,
    value: overridden.get(p.name) ?? p.value,
    overridden: overridden.has(p.name),
  }));
  return { notebook: copy, parameters };
}

/**
 * Checks a notebook's parameter values against the domains its library declares, before anything runs. The notebook
 * names its schema in its metadata (`"landscape-lab": { "parameters": "<export>" }`, an export of the built library,
 * a `ParameterSchema`); each value's source text is read as a TypeScript literal (no code is evaluated), then the
 * schema checks the whole set (domains and rules between parameters).
 *
 * @param nb - the notebook with the values applied ({@link applyParameters}).
 * @param parameters - [{ name, value (source text), overridden }] from {@link applyParameters}.
 * @param notebookName - named in errors.
 * @param loadLibrary - returns the built library (`require("dist/index.js")`: `parseLiteral`, `domainText`, the
 *   schema); called only when the notebook names a schema.
 * @returns the parameters with their `domain` and `description` (none when the notebook names no schema).
 * @throws ParameterError "<notebook>: <name>: expected <domain>, got <value>".
 */
export function checkParameterDomains(nb, parameters, notebookName, loadLibrary) {
  const schemaName = nb.metadata?.["landscape-lab"]?.parameters;
  if (!schemaName) return parameters;
  const library = loadLibrary();
  const schema = library[schemaName];
  if (!schema || typeof schema.check !== "function" || !schema.specs) {
    throw new ParameterError(
      `${notebookName}: its metadata names the parameter schema "${schemaName}", which the built library does not export (run npm run build)`,
    );
  }
  const values = {};
  const described = parameters.map((p) => {
    const spec = schema.specs[p.name];
    const domain = spec ? library.domainText(spec.domain) : undefined;
    try {
      values[p.name] = library.parseLiteral(p.value);
    } catch (e) {
      throw new ParameterError(
        `${notebookName}: ${p.name}: expected ${domain ?? "a TypeScript literal"}, got ${p.value} (not a literal: ${e.message})`,
      );
    }
    return { ...p, domain, description: spec?.description };
  });
  try {
    schema.check(values);
  } catch (e) {
    if (e?.name === "ParameterError") throw new ParameterError(`${notebookName}: ${e.message}`);
    throw e;
  }
  return described;
}
