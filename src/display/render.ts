/**
 * Headless rendering of Vega-Lite specs to SVG with vega (no canvas, no browser).
 *
 * vega 6 is an ES module with top-level await, so it cannot be `require`d: it is loaded here with a real dynamic
 * `import()` (TypeScript keeps `import()` as is when compiling this CommonJS file under `module: node16`). Nothing
 * of vega's types appears in this module's exported signatures.
 */
import { createHash } from "node:crypto";
import type { VegaLiteSpec } from "./spec.js";

interface VegaView {
  toSVG(scaleFactor?: number): Promise<string>;
  finalize(): void;
}
interface VegaModule {
  View: new (runtime: unknown, options: { renderer: string; logLevel?: number }) => VegaView;
  parse(spec: unknown, config?: unknown): unknown;
}
interface VegaLiteModule {
  compile(spec: unknown, options?: { logger?: unknown }): { spec: unknown };
}

let loading: Promise<{ vega: VegaModule; vl: VegaLiteModule }> | undefined;

/** Loads vega and vega-lite once (ES modules, through a real dynamic import). */
function loadVega(): Promise<{ vega: VegaModule; vl: VegaLiteModule }> {
  if (!loading) {
    loading = Promise.all([import("vega"), import("vega-lite")]).then(([vega, vl]) => ({
      vega: vega as unknown as VegaModule,
      vl: vl as unknown as VegaLiteModule,
    }));
    loading.catch(() => {
      loading = undefined;
    });
  }
  return loading;
}

/** Collects vega-lite's compile warnings instead of letting them go to the console unasked. */
function collectingLogger(sink: string[]) {
  let level = 2;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: unknown[]) {
      sink.push(`error: ${args.join(" ")}`);
      return logger;
    },
    warn(...args: unknown[]) {
      sink.push(args.join(" "));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger;
}

/**
 * vega numbers clip paths and gradients with a process-wide counter (`clip7`), so the same chart rendered later gets
 * other ids, and two charts inlined in one page could share one. Renames every id to `v<hash>-<k>`, where the hash is
 * of the chart itself: the same chart always gives the same SVG, and different charts never share an id.
 */
function deterministicIds(svg: string): string {
  const map = new Map<string, number>();
  for (const m of svg.matchAll(/\sid="([^"]+)"/g)) if (!map.has(m[1])) map.set(m[1], map.size);
  if (map.size === 0) return svg;
  const ref = (id: string, whole: string, wrap: (k: number) => string) => {
    const k = map.get(id);
    return k === undefined ? whole : wrap(k);
  };
  const marked = svg
    .replace(/(\s)id="([^"]+)"/g, (w, sp: string, id: string) => ref(id, w, (k) => `${sp}id="@@ID${k}@@"`))
    .replace(/url\(#([^)]+)\)/g, (w, id: string) => ref(id, w, (k) => `url(#@@ID${k}@@)`))
    .replace(/href="#([^"]+)"/g, (w, id: string) => ref(id, w, (k) => `href="#@@ID${k}@@"`));
  const h = createHash("sha1").update(marked).digest("hex").slice(0, 8);
  return marked.replace(/@@ID(\d+)@@/g, (_, k: string) => `v${h}-${k}`);
}

/**
 * Drops the transparent points that lines carry for hovering (`point: "transparent"`, see `withInteraction`): a static
 * picture cannot be hovered, and each would cost an invisible element in the SVG.
 */
function withoutHoverPoints(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutHoverPoints);
  if (v === null || typeof v !== "object") return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) {
    if (k === "point" && x === "transparent") continue;
    out[k] = k === "data" || k === "datasets" ? x : withoutHoverPoints(x);
  }
  return out;
}

/**
 * Compiles a Vega-Lite spec and renders it to an SVG string, headless (vega's `renderer: "none"` + `toSVG()`).
 * The same spec always gives the same SVG.
 *
 * @param spec - a Vega-Lite v5 spec (for instance from `lineChart`).
 * @param options.warnings - an array that receives vega-lite's compile warnings (otherwise they are dropped).
 * @returns the SVG markup.
 * @throws Error starting with `spec:` when vega-lite cannot compile the spec or vega cannot render it.
 */
export async function renderSvg(spec: VegaLiteSpec, options: { warnings?: string[] } = {}): Promise<string> {
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    throw new Error("spec: expected a Vega-Lite spec object");
  }
  const { vega, vl } = await loadVega();
  let view: VegaView | undefined;
  try {
    // vega tags the data objects it ingests (a symbol property): render a copy, leave the caller's spec as it was
    const copy = withoutHoverPoints(JSON.parse(JSON.stringify(spec))) as VegaLiteSpec;
    const compiled = vl.compile(copy, { logger: collectingLogger(options.warnings ?? []) }).spec;
    view = new vega.View(vega.parse(compiled), { renderer: "none", logLevel: 0 });
    return deterministicIds(await view.toSVG());
  } catch (e) {
    throw new Error(`spec: cannot render this chart: ${e instanceof Error ? e.message : String(e)}`);
  } finally {
    view?.finalize();
  }
}
