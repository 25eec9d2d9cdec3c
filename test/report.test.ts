/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { inspectReport, launchChromium } from "./support/browser.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const REPORT = path.join(ROOT, "scripts", "report.mjs");
const FIXTURES = path.join(ROOT, "test", "fixtures");

function report(args: string[]) {
  return spawnSync(process.execPath, [REPORT, ...args], { cwd: ROOT, encoding: "utf8", timeout: 300_000 });
}

// The report modules are plain ESM scripts; load them through a dynamic import.
const loadParams = () => import("../scripts/report/params.mjs");
const loadMarkdown = () => import("../scripts/report/markdown.mjs");
type Params = Awaited<ReturnType<typeof loadParams>>;
type Markdown = Awaited<ReturnType<typeof loadMarkdown>>;
let params: Params;
let md: Markdown;

beforeAll(async () => {
  params = await loadParams();
  md = await loadMarkdown();
});

describe("parameters (papermill's convention: the cell tagged `parameters`)", () => {
  const nb = () => ({
    cells: [
      { cell_type: "markdown", metadata: {}, source: "# t" },
      {
        cell_type: "code",
        metadata: { tags: ["parameters"] },
        source: 'const width = 64; // hidden units\nlet seed: number = 1;\nconst name = "run";\nconst lrs = [0.1, 1];',
      },
    ],
  });

  it("--set replaces values in place, quotes string parameters, and records the values used", () => {
    const sets = params.parseSets(["width=4096", "name=big run", "lrs=[0.5]"]);
    const { notebook, parameters } = params.applyParameters(nb(), sets, "t.ipynb");
    const src = notebook.cells[1].source as string;
    expect(src).toContain("const width = 4096; // hidden units");
    expect(src).toContain('const name = "big run";');
    expect(src).toContain("const lrs = [0.5];");
    expect(src).toContain("let seed: number = 1;");
    expect(parameters).toEqual([
      { name: "width", value: "4096", overridden: true },
      { name: "seed", value: "1", overridden: false },
      { name: "name", value: '"big run"', overridden: true },
      { name: "lrs", value: "[0.5]", overridden: true },
    ]);
  });

  it("a value spanning lines (open brackets) is read whole and replaced whole", () => {
    const multi = {
      cells: [
        {
          cell_type: "code",
          metadata: { tags: ["parameters"] },
          source:
            'const widths = [\n  64, // small\n  128,\n];\nconst label = "a(b";\nconst url = "http://x"; // where\nconst steps = 10;',
        },
      ],
    };
    expect(params.parseParameters(multi.cells[0].source as string).map((p) => [p.name, p.value])).toEqual([
      ["widths", "[ 64, 128, ]"],
      ["label", '"a(b"'],
      ["url", '"http://x"'],
      ["steps", "10"],
    ]);
    const { notebook } = params.applyParameters(
      multi,
      params.parseSets(["widths=[8, 16]", "url=http://y", "steps=3"]),
      "m.ipynb",
    );
    expect(notebook.cells[0].source).toBe(
      'const widths = [8, 16];\nconst label = "a(b";\nconst url = "http://y"; // where\nconst steps = 3;\n// overridden by the report command: widths, url, steps',
    );
  });

  it("a --set name that the parameters cell does not define is an error listing the parameters", () => {
    expect(() => params.applyParameters(nb(), params.parseSets(["depth=3"]), "t.ipynb")).toThrow(
      /^--set depth: not a parameter of t\.ipynb; its parameters cell defines: width = 64, seed = 1, name = "run", lrs = \[0\.1, 1\]$/,
    );
    expect(() => params.parseSets(["width"])).toThrow(/^--set width: expected name=value/);
    const noParams = { cells: [{ cell_type: "code", metadata: {}, source: "const a = 1;" }] };
    expect(() => params.applyParameters(noParams, params.parseSets(["a=2"]), "x.ipynb")).toThrow(
      /no cell tagged "parameters"/,
    );
  });
});

describe("Markdown and math at export time (KaTeX, no network)", () => {
  it("renders $…$ and $$…$$ with KaTeX, keeps dollars in code, leaves no raw $…$", () => {
    const errors: string[] = [];
    const html = md.renderMarkdown(
      "Inline $\\lambda_{\\min}(K) > 0$ and\n\n$$\\|\\nabla L\\|^2 \\ge 2\\mu L$$\n\nCode `x = $a$` stays.\n\n```\n$ npm run report\n```\n",
      errors,
    );
    expect(errors).toEqual([]);
    expect(html.match(/class="katex"/g)?.length).toBe(2);
    expect(html).toContain('class="katex-display"');
    expect(html).toContain("<code>x = $a$</code>");
    expect(html).toContain("$ npm run report");
    const outsideCode = html.replace(/<code[\s\S]*?<\/code>/g, "").replace(/<annotation[\s\S]*?<\/annotation>/g, "");
    expect(outsideCode).not.toMatch(/\$/);
  });

  it("a TeX error is reported and shown in red, not thrown", () => {
    const errors: string[] = [];
    const html = md.renderMarkdown("bad $\\frac{1}{$ here", errors);
    expect(errors.length).toBe(1);
    expect(html).toContain("tex-error");
  });

  it("KaTeX's CSS carries its fonts as data: URIs (no file or network URL)", () => {
    const css = md.katexCss();
    expect(css).toContain("url(data:font/woff2;base64,");
    expect(css).not.toMatch(/url\((?!data:)/);
  });
});

describe("npm run report (real Jupyter + a real browser with the network blocked)", () => {
  let out: string;
  let ok: ReturnType<typeof report>;
  let browser: Browser;

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, "dist", "index.js"))) {
      throw new Error("dist/ is missing: run `npm run build` first (notebook cells import the built library)");
    }
    out = mkdtempSync(path.join(tmpdir(), "landscape-report-"));
    ok = report([path.join(FIXTURES, "report-ok.ipynb"), "--set", "n=32", "--set", "label=fixture run", "--out", out]);
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
  });

  it("exports the fixture notebook and records the parameter values used", () => {
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(
      /report-ok\.ipynb: ok — ran [\d.]+ s, exported in [\d.]+ s, claims: 2 hold · 0 not applicable · 0 fail/,
    );
    const summary = JSON.parse(readFileSync(path.join(out, "report-ok.json"), "utf8"));
    expect(summary.parameters).toEqual([
      { name: "n", value: "32", overridden: true },
      { name: "seed", value: "1", overridden: false },
      { name: "label", value: '"fixture run"', overridden: true },
    ]);
    expect(summary).toMatchObject({ claims: 2, passed: 2, notApplicable: 0, failed: 0 });
    expect(summary.device).toMatch(/^(wasm|cpu|tensorflow|webgpu) — /);
    // the run really used the value: the claims table shows n = 32
    const html = readFileSync(path.join(out, "report-ok.html"), "utf8");
    expect(html).toMatch(/<td>32<\/td><td><\/td><td class="verdict">✔ pass/);
    // scripts only inline (the chart libraries and their boot script), nothing linked or fetched
    expect(html).not.toMatch(/<script[^>]*\ssrc=|<link|src="http|href="http/);
    expect(html).toContain('http-equiv="Content-Security-Policy" content="default-src \'none\';');
    // no temporary files left beside the notebook or the reports
    expect(readdirSync(FIXTURES).filter((f) => f.startsWith("."))).toEqual([]);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
  });

  for (const page of ["report-ok.html", "index.html"]) {
    it(`${page} opens offline: no request, no console error, charts drawn, math rendered, claims table present`, async () => {
      const facts = await inspectReport(browser, path.join(out, page), page.replace(/\.html$/, ""));
      expect(facts.requests).toEqual([]);
      expect(facts.failed).toEqual([]);
      expect(facts.errors).toEqual([]);
      expect(facts.raw).toEqual([]);
      expect(facts.claimRows).toBeGreaterThan(0);
      if (page === "report-ok.html") {
        expect(facts.charts.length).toBe(4);
        expect(facts.charts.every((n) => n > 0)).toBe(true);
        // every chart is a live view that shows a tooltip on hover; the line and scatter charts zoom on the wheel
        expect({ live: facts.live, expected: facts.liveExpected, fallbacks: facts.staticFallbacks }).toEqual({
          live: 4,
          expected: 4,
          fallbacks: 4,
        });
        expect(facts.interaction.filter((c) => c.tooltip === "").map((c) => c.id)).toEqual([]);
        expect(facts.interaction.filter((c) => c.zoomable && !c.zoomed).map((c) => c.id)).toEqual([]);
        expect(facts.interaction.filter((c) => c.zoomable).length).toBeGreaterThanOrEqual(2);
        expect(facts.katex).toBeGreaterThanOrEqual(4);
        expect(facts.katexFont).toBe(true);
        expect(facts.claimsCaption).toMatch(/Claims: 2 hold · 0 not applicable · 0 fail/);
        expect(facts.codeCells).toBe(5);
        expect(facts.folded).toBe(true);
      } else {
        expect(facts.claimsCaption).toMatch(/Report fixture: a power law/);
        expect(facts.claimsCaption).toMatch(/2 hold · 0 not applicable · 0 fail/);
      }
    });
  }

  it("a failing notebook writes no report; the error names notebook, cell and message", () => {
    // a previous report of the same name must stay as it was
    writeFileSync(path.join(out, "report-fail.html"), "previous report");
    const r = report([path.join(FIXTURES, "report-fail.ipynb"), "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /report-fail\.ipynb: cell 3 \("console\.log\("before"\);"\) failed: Error: deliberate failure in fixture/,
    );
    expect(r.stderr).toMatch(/no report written for .*report-fail\.ipynb/);
    expect(readFileSync(path.join(out, "report-fail.html"), "utf8")).toBe("previous report");
    expect(existsSync(path.join(out, "report-fail.json"))).toBe(false);
    expect(readdirSync(out).filter((f) => f.startsWith("."))).toEqual([]);
    expect(readdirSync(FIXTURES).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("an unknown --set name stops before anything runs, listing the notebook's parameters", () => {
    const r = report([path.join(FIXTURES, "report-ok.ipynb"), "--set", "width=4096", "--out", out]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(
      /--set width: not a parameter of .*report-ok\.ipynb; its parameters cell defines: n = 64, seed = 1, label = "fixture"/,
    );
    expect(r.stdout).toBe("");
  });
});
