/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * Opens an exported report in Debian's Chromium with every network request blocked and reads what a reader sees.
 * Shared by the report tests (fixture notebook) and the tutorial tests (the real notebooks).
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

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
  /** drawn marks per chart: in its live view when it has one, else in its static SVG */
  charts: number[];
  /** charts that carry a spec (should become live views) and those that did */
  liveExpected: number;
  live: number;
  /** charts whose static SVG fallback is still in the page (hidden while the live view shows) */
  staticFallbacks: number;
  /** what the pointer did to each live chart (empty when `interact` is false) */
  interaction: ChartInteraction[];
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

/** What hovering, wheeling and sliding did to one live chart. */
export interface ChartInteraction {
  /** The figure's id (`chart-3`, `explorable-1`). */
  id: string;
  /** The tooltip's text after hovering the chart's marks one by one ("" if none showed). */
  tooltip: string;
  /** Whether the spec binds a zoom to its scales, and whether a wheel over the plot changed the axis labels. */
  zoomable: boolean;
  zoomed: boolean;
  /**
   * Whether the spec binds a selection to its legend, and whether clicking the first entry faded the others and a
   * shift-click on it brought them back.
   */
  legendBound: boolean;
  legendToggled: boolean;
  /** One entry per slider (range input) of the chart: its name and whether moving it end to end changed the marks. */
  sliders: { name: string; changed: boolean }[];
}

/** The drawn marks of a live chart as one string (paths, positions, opacities): equal strings, equal pictures. */
function marksSignature(page: Page, id: string): Promise<string> {
  return page.evaluate((fid) => {
    const svg = document.getElementById(fid)?.querySelector(".live svg");
    if (!svg) return "";
    return [...svg.querySelectorAll('g[class*="role-mark"] > *, g[class*="role-axis-label"] > *')]
      .map(
        (el) =>
          ["d", "transform", "opacity", "stroke-opacity", "x", "y"].map((a) => el.getAttribute(a) ?? "").join("|") +
          (el.textContent ?? ""),
      )
      .join("\n");
  }, id);
}

/**
 * Drives every live chart of the page with the pointer: hovers its marks until a tooltip shows, wheels over its plot
 * (zoom), moves each of its sliders from one end to the other (screenshots of both ends go to
 * test-artifacts/<shot>-<id>-min|max.png) and double-clicks to reset.
 */
async function interactWithCharts(p: Page, shot: string): Promise<ChartInteraction[]> {
  const ids = await p.evaluate(() =>
    [...document.querySelectorAll("figure.chart.is-live")].map((f) => (f as HTMLElement).id),
  );
  const out: ChartInteraction[] = [];
  let tooltipShot = false;
  for (const id of ids) {
    const fig = p.locator(`#${id}`);
    await fig.scrollIntoViewIfNeeded();
    const spec = await p.evaluate((fid) => {
      const f = document.getElementById(fid)!;
      return document.getElementById(f.getAttribute("data-spec")!)!.textContent ?? "";
    }, id);
    // hover marks (symbols, rects, points) until the tooltip shows, up to 40 tries spread over the chart
    const boxes = await p.evaluate((fid) => {
      const svg = document.getElementById(fid)!.querySelector(".live svg")!;
      const els = [
        ...svg.querySelectorAll(
          // data marks only (legend symbols are mark-symbol groups too)
          "g.role-mark.mark-symbol > path, g.role-mark.mark-rect > path, g.role-mark.mark-rule > line",
        ),
      ];
      const step = Math.max(1, Math.floor(els.length / 40));
      return els
        .filter((_, k) => k % step === 0)
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 || r.height > 0)
        .map((r) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 }));
    }, id);
    let tooltip = "";
    for (const b of boxes) {
      await p.mouse.move(b.x, b.y);
      tooltip = await p.evaluate(() => {
        const t = document.getElementById("vg-tooltip-element");
        return t && t.classList.contains("visible") ? (t.textContent ?? "").trim() : "";
      });
      if (tooltip) break;
    }
    if (tooltip && !tooltipShot) {
      tooltipShot = true;
      await p.screenshot({ path: path.join(ARTIFACTS, `${shot}-tooltip.png`) });
    }
    // a param bound to the scales (key order varies: Jupyter writes keys sorted)
    const zoomable = /"bind":"scales"/.test(spec);
    let zoomed = false;
    if (zoomable) {
      const before = await marksSignature(p, id);
      // wheel inside a plot: on the data mark nearest the marks' centroid (an interior point; in a facet or a
      // concatenation the chart's centre may fall between panels), else at the centre of the first plot
      const cx = boxes.reduce((a, b) => a + b.x, 0) / boxes.length;
      const cy = boxes.reduce((a, b) => a + b.y, 0) / boxes.length;
      const nearest = [...boxes].sort((a, b) => Math.hypot(a.x - cx, a.y - cy) - Math.hypot(b.x - cx, b.y - cy))[0];
      const plot =
        nearest ??
        (await p.evaluate((fid) => {
          const bg = document
            .getElementById(fid)!
            .querySelector(".live svg g.mark-group.role-scope, .live svg .role-frame");
          const r = (bg ?? document.getElementById(fid)!.querySelector(".live svg")!).getBoundingClientRect();
          return { x: r.x + r.width / 2, y: r.y + r.height / 2 };
        }, id));
      await p.mouse.move(plot.x, plot.y);
      await p.mouse.wheel(0, -240);
      await p.waitForTimeout(100);
      zoomed = (await marksSignature(p, id)) !== before;
      await p.mouse.dblclick(plot.x, plot.y);
    }
    const legendBound = /"bind":"legend"/.test(spec);
    let legendToggled = false;
    if (legendBound) {
      const entry = await p.evaluate((fid) => {
        const el = document.getElementById(fid)!.querySelector(".live svg .role-legend-symbol path");
        const r = el?.getBoundingClientRect();
        return r ? { x: r.x + r.width / 2, y: r.y + r.height / 2 } : undefined;
      }, id);
      if (entry) {
        const before = await marksSignature(p, id);
        await p.mouse.click(entry.x, entry.y);
        await p.waitForTimeout(100);
        legendToggled = (await marksSignature(p, id)) !== before;
        // shift-click toggles the entry off again: the selection is empty, every series full again
        await p.keyboard.down("Shift");
        await p.mouse.click(entry.x, entry.y);
        await p.keyboard.up("Shift");
        legendToggled = legendToggled && (await marksSignature(p, id)) === before;
      }
    }
    await p.mouse.move(0, 0); // no tooltip left over the slider screenshots
    const sliders: ChartInteraction["sliders"] = [];
    const ranges = fig.locator('input[type="range"]');
    for (let k = 0; k < (await ranges.count()); k++) {
      const input = ranges.nth(k);
      const name = (await input.getAttribute("name")) ?? `slider ${k + 1}`;
      const set = async (end: "min" | "max") => {
        await input.evaluate((el, e) => {
          const r = el as HTMLInputElement;
          r.value = e === "min" ? r.min : r.max;
          r.dispatchEvent(new Event("input", { bubbles: true }));
        }, end);
        await p.waitForTimeout(150);
        await fig.screenshot({ path: path.join(ARTIFACTS, `${shot}-${id}-${end}.png`) });
        return marksSignature(p, id);
      };
      const atMin = await set("min");
      const atMax = await set("max");
      sliders.push({ name, changed: atMin !== atMax && atMin !== "" });
    }
    out.push({ id, tooltip, zoomable, zoomed, legendBound, legendToggled, sliders });
  }
  await p.mouse.move(0, 0);
  return out;
}

/**
 * Opens `file` with the network blocked, waits for fonts and for the live charts, saves a full-page screenshot to
 * test-artifacts/<shot>.png and returns the facts. With `interact` (default true), it also drives every live chart
 * with the pointer (see {@link ChartInteraction}).
 */
export async function inspectReport(
  browser: Browser,
  file: string,
  shot: string,
  options: { interact?: boolean; javaScript?: boolean } = {},
): Promise<PageFacts> {
  const ctx = await browser.newContext({
    viewport: { width: 1000, height: 900 },
    javaScriptEnabled: options.javaScript !== false,
  });
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
  if (options.javaScript !== false) {
    // live views draw asynchronously: wait until every chart with a spec is live (or 10 s, then report what is)
    await p
      .waitForFunction(
        () =>
          document.querySelectorAll("figure.chart[data-spec]").length ===
          document.querySelectorAll("figure.chart.is-live").length,
        undefined,
        { timeout: 10_000 },
      )
      .catch(() => undefined);
  }
  const facts = await p.evaluate(() => {
    const figures = [...document.querySelectorAll("figure.chart")];
    const charts = figures.map((fig) => {
      const svg = fig.querySelector(fig.classList.contains("is-live") ? ".live svg" : ".static svg, svg");
      if (!svg) return 0;
      const marks = [...svg.querySelectorAll('g[class*="role-mark"] > *')].filter((el) => {
        const r = el.getBoundingClientRect();
        return r.width > 0 || r.height > 0;
      });
      return marks.length;
    });
    const raw: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (n.parentElement?.closest("code, pre, annotation, .katex-mathml, script, style")) continue;
      const m = /\$[^$\s][^$]*\$/.exec(n.textContent ?? "");
      if (m) raw.push(m[0]);
    }
    return {
      charts,
      liveExpected: document.querySelectorAll("figure.chart[data-spec]").length,
      live: document.querySelectorAll("figure.chart.is-live").length,
      staticFallbacks: figures.filter((f) => f.querySelector(".static svg")).length,
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
  const interaction = options.interact === false || facts.live === 0 ? [] : await interactWithCharts(p, shot);
  await ctx.close();
  return { requests, failed, errors, ...facts, interaction };
}
