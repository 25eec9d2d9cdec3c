/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens an exported report in Debian's Chromium with every network request blocked and reads what a reader sees.
 * Shared by the report tests (fixture notebook) and the tutorial tests (the real notebooks).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser } from "playwright-core";

export const ARTIFACTS = path.resolve(__dirname, "..", "..", "test-artifacts");

/** Launches Debian's Chromium headless, never a downloaded browser, with background networking off. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** What a report page shows, and what it tried to do. */
export interface PageFacts {
  /** URLs the page asked for beyond itself (all blocked). */
  requests: string[];
  failed: string[];
  /** console errors and uncaught page errors */
  errors: string[];
  /** drawn marks per chart */
  charts: number[];
  /** raw `$…$` left in the text */
  raw: string[];
  katex: number;
  katexFont: boolean;
  claimsCaption: string;
  claimRows: number;
  /** verdict cells' texts, in order */
  verdicts: string[];
  folded: boolean;
  codeCells: number;
}

/**
 * Opens `file` with the network blocked, waits for fonts, saves a full-page screenshot to test-artifacts/<shot>.png
 * and returns the facts.
 */
export async function inspectReport(browser: Browser, file: string, shot: string): Promise<PageFacts> {
  const ctx = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const pageUrl = `file://${file}`;
  const requests: string[] = [];
  const failed: string[] = [];
  const errors: string[] = [];
  await ctx.route("**/*", (route) => {
    const url = route.request().url();
    if (url === pageUrl) return route.continue();
    requests.push(url);
    return route.abort();
  });
  const p = await ctx.newPage();
  p.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  p.on("pageerror", (e) => errors.push(e.message));
  p.on("requestfailed", (r) => failed.push(r.url()));
  await p.goto(pageUrl, { waitUntil: "load" });
  await p.evaluate(() => document.fonts.ready);
  const facts = await p.evaluate(() => {
    const charts = [...document.querySelectorAll("figure.chart svg")].map((svg) => {
      const marks = [...svg.querySelectorAll('g[class*="role-mark"] > *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 || r.height > 0;
      });
      return marks.length;
    });
    const raw: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest("code, pre, annotation, .katex-mathml")) continue;
      const m = /\$[^$\s][^$]*\$/.exec(n.textContent ?? "");
      if (m) raw.push(m[0]);
    }
    return {
      charts,
      raw,
      katex: document.querySelectorAll(".katex").length,
      katexFont: document.fonts.check("16px KaTeX_Main"),
      claimsCaption: document.querySelector("table.claims caption, table.claims")?.textContent ?? "",
      claimRows: document.querySelectorAll("table.claims tbody tr").length,
      verdicts: [...document.querySelectorAll("table.claims td.verdict")].map((td) => td.textContent ?? ""),
      folded: [...document.querySelectorAll("details.code")].every((d) => !(d as HTMLDetailsElement).open),
      codeCells: document.querySelectorAll("details.code").length,
    };
  });
  mkdirSync(ARTIFACTS, { recursive: true });
  await p.screenshot({ path: path.join(ARTIFACTS, `${shot}.png`), fullPage: true });
  await ctx.close();
  return { requests, failed, errors, ...facts };
}
