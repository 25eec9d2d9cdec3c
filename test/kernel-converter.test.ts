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
