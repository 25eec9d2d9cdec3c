/**
 * Chart rendering: the display layer's `renderSvg` (Vega-Lite → Vega → SVG, headless) on the tutorials' kinds of
 * charts, against matplotlib drawing the same chart to SVG (Debian /usr/bin/python3, matplotlib's SVG backend).
 * "warm": in a process that has rendered before (a notebook after its first chart); "cold": a fresh process's first
 * chart, including loading vega / matplotlib.
 *
 *   npm run build && node bench/vega.bench.mjs
 */
import { spawnSync } from "node:child_process";
import path from "node:path";
import { ROOT, loadLibrary, python, row, summarize, timeIt, writeResults } from "./lib/bench.mjs";

const lib = loadLibrary();
const RUNS = Number(process.env.BENCH_RUNS ?? 10);

// The same data for both sides: generated here, passed to Python as JSON.
const xs = Array.from({ length: 500 }, (_, i) => i + 1);
const lines = [0.5, 1, 1.5, 2].map((p, k) => ({
  name: `width 2^${k + 6}`,
  x: xs,
  y: xs.map((t) => 1 / t ** p + 1e-6),
}));
const grid = {
  x: Array.from({ length: 30 }, (_, j) => j / 29),
  y: Array.from({ length: 30 }, (_, i) => i / 29),
  z: Array.from({ length: 30 }, (_, i) => Array.from({ length: 30 }, (_, j) => Math.sin(i / 5) * Math.cos(j / 7))),
};
const sx = Array.from({ length: 1000 }, (_, i) => 2 ** (6 + (8 * i) / 999));
const sy = sx.map((m, i) => m ** -0.5 * (1 + 0.1 * Math.sin(i)));

const charts = [
  {
    name: "line chart, 4 series × 500 points, log–log",
    spec: () => lib.lineChart(lines, { title: "loss", xLabel: "step", yLabel: "loss", xScale: "log", yScale: "log" }),
    py: String.raw`
def draw(ax, P):
    for s in P["lines"]:
        ax.loglog(s["x"], s["y"], label=s["name"])
    ax.set_title("loss"); ax.set_xlabel("step"); ax.set_ylabel("loss"); ax.legend()`,
  },
  {
    name: "heatmap, 30 × 30 cells",
    spec: () => lib.heatmap(grid, { title: "phase diagram", xLabel: "δ", yLabel: "ρ" }),
    py: String.raw`
def draw(ax, P):
    g = P["grid"]
    im = ax.imshow(np.array(g["z"]), origin="lower", extent=[0, 1, 0, 1], cmap="viridis", aspect="auto")
    ax.figure.colorbar(im, ax=ax); ax.set_title("phase diagram"); ax.set_xlabel("δ"); ax.set_ylabel("ρ")`,
  },
  {
    name: "scatter, 1000 points, fitted log–log slope",
    spec: () =>
      lib.scatterWithFit(sx, sy, {
        title: "‖H‖ vs width",
        xLabel: "width",
        yLabel: "‖H‖",
        xScale: "log",
        yScale: "log",
      }),
    py: String.raw`
def draw(ax, P):
    x = np.array(P["sx"]); y = np.array(P["sy"])
    ax.scatter(x, y, s=4); ax.set_xscale("log"); ax.set_yscale("log")
    k, c = np.polyfit(np.log(x), np.log(y), 1)
    ax.plot(x, np.exp(c) * x ** k, "--"); ax.set_title("‖H‖ vs width"); ax.set_xlabel("width"); ax.set_ylabel("‖H‖")`,
  },
];

const PY_COMMON = String.raw`
import io, time
t_import = time.perf_counter()
import matplotlib
matplotlib.use("svg")
import matplotlib.pyplot as plt
def render():
    fig, ax = plt.subplots(figsize=(5.25, 3.25))
    draw(ax, P)
    buf = io.StringIO(); fig.savefig(buf, format="svg"); plt.close(fig)
    return buf.getvalue()
`;

function coldProject(spec) {
  const code = `
    const t0 = performance.now();
    const lib = require(${JSON.stringify(path.join(ROOT, "dist", "index.js"))});
    const spec = JSON.parse(require("node:fs").readFileSync(0, "utf8"));
    lib.renderSvg(spec).then(() => console.log(JSON.stringify({ ms: performance.now() - t0 })));`;
  const samples = [];
  for (let r = 0; r < 3; r++) {
    const res = spawnSync(process.execPath, ["-e", code], { encoding: "utf8", input: JSON.stringify(spec) });
    const line = res.stdout.trim().split("\n").pop();
    if (res.status !== 0 || !line) throw new Error(`cold render failed: ${res.stderr.split("\n").slice(-3).join(" ")}`);
    samples.push(JSON.parse(line).ms);
  }
  return summarize(samples);
}

const data = { lines, grid, sx, sy };
const rows = [];
for (let i = 0; i < charts.length; i++) {
  const c = charts[i];
  const spec = c.spec();
  let bytes = 0;
  const warm = await timeIt(
    async () => {
      bytes = (await lib.renderSvg(spec)).length;
    },
    { warmup: 2, runs: RUNS },
  );
  const ref = python(c.py + PY_COMMON + "\nemit(bench(render, warmup=2, runs=P['runs']))", { ...data, runs: RUNS });
  rows.push(
    row(
      `${c.name}: renderSvg (warm)`,
      warm,
      ref && { label: "matplotlib 3.6 SVG (warm)", ...ref },
      `SVG ${bytes} bytes`,
    ),
  );
}
// Cold: the first chart of a fresh process (vega, vega-lite and the library loaded on the way), line chart only.
try {
  const cold = coldProject(charts[0].spec());
  const coldRef = [];
  for (let r = 0; r < 3; r++) {
    const one = python(
      charts[0].py + PY_COMMON + "\nrender()\nemit({'ms': (time.perf_counter() - t_import) * 1000})",
      data,
    );
    if (one) coldRef.push(one.ms);
  }
  rows.push(
    row(
      `${charts[0].name}: first chart in a fresh process (cold)`,
      cold,
      coldRef.length ? { label: "matplotlib: import + first SVG", ...summarize(coldRef) } : null,
      "project side includes require of the library (tfjs) and the dynamic import of vega/vega-lite",
    ),
  );
} catch (e) {
  console.error(e.message);
}
writeResults("vega", rows);
