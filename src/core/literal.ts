/**
 * Reads a TypeScript literal — the right-hand side of a line of a notebook's `parameters` cell, or a `--set` value —
 * into a plain value without evaluating code: numbers (signs, exponents, `_` separators, hex/binary/octal,
 * `Infinity`), strings in `"…"`, `'…'` or `` `…` `` (no `${}`), `true`, `false`, `null`, arrays and objects (bare or
 * quoted keys, trailing commas). JSON is a subset. Anything else (a name, a call, an operator) is refused.
 */

/** A text that is not a literal; `at` is the offset where reading stopped. */
export class LiteralError extends SyntaxError {
  readonly at: number;
  constructor(message: string, at: number) {
    super(message);
    this.name = "LiteralError";
    this.at = at;
  }
}

/**
 * Parses a TypeScript literal.
 *
 * @param text - e.g. `16`, `1e-3`, `"auto"`, `[9, 3, 1]`, `{ a: 1 }`.
 * @returns the value.
 * @throws LiteralError saying what was found where a literal was expected.
 */
export function parseLiteral(text: string): unknown {
  const p = new Reader(text);
  p.space();
  const v = p.value();
  p.space();
  if (p.i < text.length) p.fail(`unexpected ${JSON.stringify(text.slice(p.i, p.i + 12))} after the value`);
  return v;
}

const NUMBER =
  /^[+-]?(?:0[xX][0-9a-fA-F_]+|0[bB][01_]+|0[oO][0-7_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?|Infinity)/;
const NAME = /^[A-Za-z_$][\w$]*/;

class Reader {
  i = 0;
  constructor(readonly s: string) {}

  fail(message: string): never {
    throw new LiteralError(message, this.i);
  }

  space(): void {
    for (;;) {
      const rest = this.s.slice(this.i);
      const m = /^(?:\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/)/.exec(rest);
      if (!m) return;
      this.i += m[0].length;
    }
  }

  value(): unknown {
    const c = this.s[this.i];
    if (c === undefined) this.fail("expected a value, found the end of the text");
    if (c === "[") return this.array();
    if (c === "{") return this.object();
    if (c === '"' || c === "'" || c === "`") return this.string();
    const rest = this.s.slice(this.i);
    const num = NUMBER.exec(rest);
    if (num) {
      this.i += num[0].length;
      const t = num[0].replace(/_/g, "");
      const sign = t.startsWith("-") ? -1 : 1;
      const body = t.replace(/^[+-]/, "");
      const v = /^0[xXbBoO]/.test(body) ? Number(body) : body === "Infinity" ? Infinity : Number(body);
      if (Number.isNaN(v)) this.fail(`${JSON.stringify(num[0])} is not a number`);
      return sign * v;
    }
    const name = NAME.exec(rest);
    if (name) {
      const word = name[0];
      if (word === "true" || word === "false" || word === "null") {
        this.i += word.length;
        return word === "true" ? true : word === "false" ? false : null;
      }
      this.fail(`${JSON.stringify(word)} is a name, not a literal (a string needs quotes)`);
    }
    this.fail(`${JSON.stringify(rest.slice(0, 12))} is not a literal`);
  }

  string(): string {
    const q = this.s[this.i++];
    let out = "";
    while (this.i < this.s.length) {
      const c = this.s[this.i++];
      if (c === q) return out;
      if (q === "`" && c === "$" && this.s[this.i] === "{") this.fail("a template with ${…} is not a literal");
      if (c === "\\") {
        const e = this.s[this.i++];
        const map: Record<string, string> = { n: "\n", t: "\t", r: "\r", b: "\b", f: "\f", v: "\v", 0: "\0" };
        if (e === "u") {
          const hex = /^[0-9a-fA-F]{4}/.exec(this.s.slice(this.i));
          if (!hex) this.fail("bad \\u escape");
          out += String.fromCharCode(parseInt(hex[0], 16));
          this.i += 4;
        } else out += map[e] ?? e;
      } else {
        if ((c === "\n" || c === "\r") && q !== "`") this.fail("unterminated string");
        out += c;
      }
    }
    this.fail("unterminated string");
  }

  array(): unknown[] {
    this.i++;
    const out: unknown[] = [];
    for (;;) {
      this.space();
      if (this.s[this.i] === "]") {
        this.i++;
        return out;
      }
      out.push(this.value());
      this.space();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "]") this.fail("expected , or ] in an array");
    }
  }

  object(): Record<string, unknown> {
    this.i++;
    const out: Record<string, unknown> = {};
    for (;;) {
      this.space();
      if (this.s[this.i] === "}") {
        this.i++;
        return out;
      }
      const c = this.s[this.i];
      let key: string;
      if (c === '"' || c === "'") key = this.string();
      else {
        const m = NAME.exec(this.s.slice(this.i)) ?? /^\d+/.exec(this.s.slice(this.i));
        if (!m) this.fail("expected a property name");
        key = m[0];
        this.i += key.length;
      }
      this.space();
      if (this.s[this.i] !== ":") this.fail(`expected : after ${JSON.stringify(key)}`);
      this.i++;
      this.space();
      out[key] = this.value();
      this.space();
      if (this.s[this.i] === ",") this.i++;
      else if (this.s[this.i] !== "}") this.fail("expected , or } in an object");
    }
  }
}
