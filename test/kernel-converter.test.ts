import { createRequire } from "node:module";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const req = createRequire(path.join(ROOT, "package.json"));

interface Converter {
  convert(prevDecl: string, src: string): { declOutput?: string; diagnostics: unknown[] } & Record<string, unknown>;
  complete(prevDecl: string, src: string, position: number): unknown;
  inspect(prevDecl: string, src: string, position: number): unknown;
  addModule(name: string, src: string): unknown;
  close(): void;
}
type Factory = { createConverter(o: { isJS: boolean; isBrowser: boolean }): Converter };
type Ours = Factory & { emitsCommonJSDirectly(sourceFile: unknown): boolean };
type TS = {
  createSourceFile(name: string, text: string, target: number, setParents: boolean, kind?: number): unknown;
  ScriptTarget: { ES2022: number };
  ScriptKind: { TS: number; TSX: number };
};

/** Runs the cells through both converters in order (each seeing the declarations of the earlier cells that
 * compiled) and expects the same result for every cell; returns the last declarations and the results. */
function sameAsTslab(cells: string[]) {
  const ours = (req("./kernels/runtime/converter.cjs") as Factory).createConverter({ isJS: false, isBrowser: false });
  const tslab = (req("tslab/dist/converter.js") as Factory).createConverter({ isJS: false, isBrowser: false });
  const results: ReturnType<Converter["convert"]>[] = [];
  let prevOurs = "";
  let prevTslab = "";
  try {
    for (const cell of cells) {
      const a = ours.convert(prevOurs, cell);
      const b = tslab.convert(prevTslab, cell);
      expect(a, cell).toEqual(b);
      results.push(a);
      if (!a.diagnostics.length) {
        prevOurs = a.declOutput ?? "";
        prevTslab = b.declOutput ?? "";
      }
    }
  } finally {
    ours.close();
    tslab.close();
  }
  return { decls: prevOurs, results };
}

// Cells run in order, each seeing the declarations of the earlier cells that compiled: imports (named, namespace,
// type-only), every kind of declaration, redeclarations, destructuring, hoisted vars, top-level await, overloads, a
// value shadowing a class, an interface merged with an earlier one, type errors, a syntax error.
const CELLS = [
  'import { createRng } from "landscape-lab";\nimport * as L from "landscape-lab";\nconst rng = createRng(1);',
  "const a = 1; let b = 2; var c = 3;\nfunction f(x: number) { return x + a; }\nclass K { y = 1 }\nenum E { A, B }\n" +
    "interface I { z: number }\ntype T = { w: string };\nnamespace NS { export const q = 1; }\nf(b)",
  "const { p, q: [r, s] } = { p: 1, q: [2, 3] as [number, number] };\np + r + s",
  "if (true) { var hoisted = 5; }\nfor (var i = 0; i < 2; i++) {}\nhoisted + i",
  'const a = "redeclared";\na.length',
  "type K = string;\nconst kk: K = 'x';\nkk",
  "const t = await Promise.resolve(3);\nt * 2",
  "async function g() { return 1 }\nawait g()",
  "const bad: number = 'str';",
  "undefinedName + 1",
  "let x = 1\nx = 2\nx",
  "const obj = { a: a, b: b };\nobj",
  "export const exported = 1;",
  'import type { Rng } from "landscape-lab";\nlet rr: Rng | null = null;\nrr',
  "function over(x: number): number;\nfunction over(x: string): string;\nfunction over(x: any) { return x }\nover(1)",
  "class K2 { static s = 1 }\nconst K = 5;\nK + K2.s",
  "interface I { extra: string }\nconst ii: I = { z: 1, extra: 'e' };\nii",
  "rng.uniform() < 1",
  "L.createRng(2).uniform() < 1",
  "1 +",
  "const arr = [1, 2, 3].map((v) => v * a.length);\narr",
  "1 + 1",
  "1 + 1",
];

describe("the kernel's converter (kernels/runtime/converter.cjs: one TypeScript program per cell) keeps tslab 1.0.22's results", () => {
  it("gives the same output, declarations, diagnostics, completions and quick info as tslab's converter, cell by cell", () => {
    const ours = (req("./kernels/runtime/converter.cjs") as Factory).createConverter({ isJS: false, isBrowser: false });
    const tslab = (req("tslab/dist/converter.js") as Factory).createConverter({ isJS: false, isBrowser: false });
    try {
      let prevOurs = "";
      let prevTslab = "";
      let withDiagnostics = 0;
      for (const cell of CELLS) {
        const a = ours.convert(prevOurs, cell);
        const b = tslab.convert(prevTslab, cell);
        expect(a, cell).toEqual(b);
        if (a.diagnostics.length) withDiagnostics++;
        else {
          prevOurs = a.declOutput ?? "";
          prevTslab = b.declOutput ?? "";
        }
      }
      expect(withDiagnostics).toBe(5);
      expect(prevOurs).toContain("declare const rng");
      for (const [src, pos] of [
        ["rn", 2],
        ["Math.", 5],
        ["createRng(1).unif", 17],
        ["", 0],
      ] as const) {
        expect(ours.complete(prevOurs, src, pos), src).toEqual(tslab.complete(prevTslab, src, pos));
      }
      for (const [src, pos] of [
        ["createRng", 3],
        ["Math.max", 6],
        ["rng", 1],
      ] as const) {
        expect(ours.inspect(prevOurs, src, pos), src).toEqual(tslab.inspect(prevTslab, src, pos));
      }
      expect(ours.addModule("convmod", "export const mm: number = 'no';")).toEqual(
        tslab.addModule("convmod", "export const mm: number = 'no';"),
      );
    } finally {
      ours.close();
      tslab.close();
    }
  }, 60_000);
});

// Cells whose CommonJS code the converter emits in one emit (or, for enums, namespaces and decorators, in tslab's
// two steps): exports of every kind of declaration, updates of exported variables, imports and re-exports, default
// exports, top-level await, classes with fields, accessors, private names and static blocks, comments.
const COMMONJS_CELLS = [
  'import { createRng } from "landscape-lab";\nconst rng = createRng(1);',
  "let cnt = 0;\ncnt++;\n--cnt;\ncnt += 2;\nfor (cnt of [1, 2]) {}\n[cnt] = [5];\n({ cnt } = { cnt: 7 });\ncnt",
  "cnt++;\ncnt",
  "createRng(3).uniform() < 1",
  "export default function () { return 1 }",
  "export default class { m() { return 2 } }",
  "export * from 'node:util';",
  "export { join } from 'node:path';\n1",
  "export * as utl from 'node:util';",
  "class Acc { accessor z = 1; static #c = 2; static { Acc.#c++; } #p = 3; get p() { return this.#p } set p(v) { this.#p = v } }\nnew Acc().p",
  "function fe(): number { enum Inner { A = 2 } return Inner.A }\nfe()",
  "enum E2 { P = 1 }\nnamespace NS2 { export const z = E2.P }\nNS2.z",
  "function deco(t: any) { return t }\n@deco class Dec {}\nDec",
  "const enum CE { A = 1 }\nCE.A",
  "abstract class Abs<T> { abstract get(): T; protected p = 1 }\nclass Impl extends Abs<string> { get() { return 's' } }\nnew Impl().get()",
  "/** doc */\nconst documented = 1; // trailing\n/* c */ documented",
  "let und: number | undefined;\nund ??= 3;\nund ||= 4;\nund &&= 5;\nund",
  "const [d1, ...drest] = [1, 2, 3];\nconst { e1, ...erest } = { e1: 1, e2: 2 };\n[d1, drest, e1, erest]",
  "class Par { constructor(readonly r: number) {} }\nclass Chi extends Par { constructor() { super(1) } }\nnew Chi().r",
  "import * as util from 'node:util';\nutil.format('%d', 1)",
  "import def, * as star from 'node:events';\ndef === star.EventEmitter",
  "import { EventEmitter } from 'node:events';\nclass MyE extends EventEmitter {}\nnew MyE() instanceof EventEmitter",
  "const dyn = await import('node:path');\ndyn.sep",
  "function hoist() { return hoisted2 }\nvar hoisted2 = 3;\nhoist()",
  "const ex1 = 1, ex2 = 2;\nlet ex3 = ex1;\nex3++;\nex3 + ex2",
  "function exf() {}\nclass ExC {}\ntype ExT = 1;\ninterface ExI {}\n[exf, ExC]",
  "x => x",
  "`multi\nline ${cnt}\ntemplate`",
  "// only a comment",
  "const a2 = 2;\n/* block at end */",
];

// Cells whose declarations the later cells see and partly shadow: JSDoc comments, statements declaring several
// names, imports, overloads, classes, interfaces, type aliases, enums, namespaces.
const DECLARATION_CELLS = [
  "/** The first. */\nconst d1 = 1, d2 = 'two', d3 = [3];\n/** A function.\n * @param x a number\n */\nfunction df(x: number) { return x }",
  "const b1 = Buffer.from('x');\nconst u8 = new Uint8Array(2);",
  "import { readFileSync, existsSync as ex } from 'node:fs';\nimport * as nodePath from 'node:path';\nimport defPath from 'node:path';",
  "const d2 = 2;",
  "const readFileSync = 5;",
  "type d3 = string;",
  "let nodePath = 1;",
  "interface Shape { /** width */ w: number; h: number } // trailing\n/* block */ class Box implements Shape { w = 1; h = 2; /** area */ area() { return this.w * this.h } }",
  "class Box { other = 1 }",
  "function df(x: string): string;\nfunction df(x: any) { return x }",
  "const obj = {\n  // inner comment\n  a: 1,\n  b: { c: [1, 2, 3] as const },\n  f(x: number) { return x },\n};",
  "enum Color { Red = 'r', Green = 'g' }\nnamespace Space { export const s = 1; export function g() {} }",
  "const Color = 1;",
  "type Gen<T extends object = {}> = { [K in keyof T]?: T[K] } & { readonly tag: `t-${string}` };\nconst gen: Gen<{ a: number }> = { tag: 't-x' };",
  "abstract class Ab2 { protected abstract m(): void; private p = 1; static readonly s: number = 2; constructor(public q?: number) {} }",
  "let ex = 3;",
  "const defPath = 0;",
  "const u8 = 0, b1 = 1;",
  "var d1: any;",
];

describe("the kernel's converter emits CommonJS in one emit and reuses printed declarations, with tslab 1.0.22's results", () => {
  it("emits the same CommonJS code as tslab's two steps (ES module, then transpiled), cell by cell", () => {
    const { results } = sameAsTslab(COMMONJS_CELLS);
    expect(results.filter((r) => r.diagnostics.length)).toEqual([]);
    expect(results[1].output).toContain("exports.cnt = ");
  }, 60_000);

  it("emits in one step only cells without enums, namespaces, decorators or JSX (anywhere in the cell)", () => {
    const ours = req("./kernels/runtime/converter.cjs") as Ours;
    const ts = req(
      req.resolve("@tslab/typescript-for-tslab", { paths: [path.join(ROOT, "node_modules", "tslab")] }),
    ) as TS;
    const direct = (src: string, tsx = false) =>
      ours.emitsCommonJSDirectly(
        ts.createSourceFile(
          tsx ? "m.tsx" : "m.ts",
          "export {};\n" + src,
          ts.ScriptTarget.ES2022,
          true,
          tsx ? ts.ScriptKind.TSX : ts.ScriptKind.TS,
        ),
      );
    for (const src of [
      "1 + 1",
      "const a: number = 1;\na",
      "class K { #p = 1; static { } }",
      "export default 1",
      "type T = 1",
    ]) {
      expect(direct(src), src).toBe(true);
    }
    for (const src of [
      "enum E { A }",
      "function f() { const enum C { A } return C.A }",
      "namespace N { export const a = 1 }",
      "declare global { var g: number }",
      "const f = () => { @((t: any) => t) class D {} return D }",
      "export default @((t: any) => t) class {}",
    ]) {
      expect(direct(src), src).toBe(false);
    }
    expect(direct("const e = <div />;", true)).toBe(false);
  });

  it("prints the earlier cells' declarations as tslab does while later cells shadow parts of them", () => {
    const { decls, results } = sameAsTslab(DECLARATION_CELLS);
    expect(results.filter((r) => r.diagnostics.length)).toEqual([]);
    expect(decls).toContain("/** The first. */\ndeclare const d3: number[];");
    expect(decls).toContain("declare const u8 = 0, b1 = 1;");
    expect(decls).not.toContain("readFileSync,");
  }, 60_000);
});
