import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inspectReport, launchChromium } from "./support/browser.js";

/**
 * The README's main command over the real tutorials: every notebook executes through real Jupyter with the project's
 * kernel at its default parameters, its report opens offline in a real browser, and every claim of its theorem holds
 * in the run (a failing claim fails here, as it shows in red in the report).
 */
const ROOT = path.resolve(__dirname, "..");
const NOTEBOOKS = readdirSync(path.join(ROOT, "notebooks"))
  .filter((f) => f.endsWith(".ipynb"))
  .sort()
  .map((f) => f.replace(/\.ipynb$/, ""));

interface Summary {
  claims: number;
  passed: number;
  notApplicable: number;
  failed: number;
  seconds?: number;
  rows: { claim: string; status: string; reason?: string; predicted?: unknown; measured?: unknown }[];
}

describe("every tutorial, exported by `npm run report` and opened offline", () => {
  let out: string;
  let run: ReturnType<typeof spawnSync>;
  let browser: Browser;

  beforeAll(async () => {
    out = mkdtempSync(path.join(tmpdir(), "landscape-tutorials-"));
    run = spawnSync(process.execPath, [path.join(ROOT, "scripts", "report.mjs"), "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
      timeout: 900_000,
    });
    browser = await launchChromium();
  }, 960_000);

  afterAll(async () => {
    await browser?.close();
  });

  it("the report command succeeds for all notebooks and writes an index", () => {
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(NOTEBOOKS.length).toBeGreaterThanOrEqual(4);
    expect(existsSync(path.join(out, "index.html"))).toBe(true);
  });

  for (const name of NOTEBOOKS) {
    it(`${name}: at the defaults every claim of the theorem applies and holds, and the JSON carries every row`, () => {
      const summary = JSON.parse(readFileSync(path.join(out, `${name}.json`), "utf8")) as Summary;
      const notHolding = summary.rows
        .filter((r) => r.status !== "pass")
        .map((r) => `${r.status}: ${r.claim} ${r.reason ?? ""}`);
      expect(summary.claims).toBeGreaterThan(0);
      expect(summary.rows.length).toBe(summary.claims);
      expect(notHolding).toEqual([]);
      expect({ passed: summary.passed, notApplicable: summary.notApplicable, failed: summary.failed }).toEqual({
        passed: summary.claims,
        notApplicable: 0,
        failed: 0,
      });
    });

    it(`${name}: the report opens offline with live charts (tooltips, zoom, legend toggles, the explorable figure's slider), math and the claims table`, async () => {
      const facts = await inspectReport(browser, path.join(out, `${name}.html`), `tutorial-${name}`);
      expect(facts.requests).toEqual([]);
      expect(facts.failed).toEqual([]);
      expect(facts.errors).toEqual([]);
      expect(facts.raw).toEqual([]);
      expect(facts.charts.length).toBeGreaterThan(0);
      expect(facts.charts.filter((n) => n === 0)).toEqual([]);
      expect(facts.katex).toBeGreaterThan(0);
      expect(facts.claimRows).toBeGreaterThan(0);
      expect(facts.verdicts.some((v) => /FAIL/i.test(v))).toBe(false);
      // every chart is a live view over its kept SVG: a hover shows its values, the wheel zooms what can zoom
      expect({ live: facts.live, fallbacks: facts.staticFallbacks }).toEqual({
        live: facts.charts.length,
        fallbacks: facts.charts.length,
      });
      expect(facts.interaction.filter((c) => c.tooltip === "").map((c) => c.id)).toEqual([]);
      expect(facts.interaction.filter((c) => c.zoomable && !c.zoomed).map((c) => c.id)).toEqual([]);
      expect(facts.interaction.filter((c) => c.legendBound && !c.legendToggled).map((c) => c.id)).toEqual([]);
      // each tutorial (not the tour) has an explorable figure whose slider changes what is drawn
      const sliders = facts.interaction.flatMap((c) => c.sliders);
      if (name !== "00-tour") expect(sliders.length).toBeGreaterThan(0);
      expect(sliders.filter((s) => !s.changed)).toEqual([]);
    });
  }
});
