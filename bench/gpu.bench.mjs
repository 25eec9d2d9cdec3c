/**
 * The GPU route: a tfjs width sweep of the tangent kernel of a one-hidden-layer ReLU network in NTK
 * parameterization, K = [F Fᵀ + (X Xᵀ / d) ⊙ (G Gᵀ)] / m with F = relu(X W / √d), G = relu'(X W / √d) · v,
 * timed on the CPU backend (LANDSCAPE_BACKEND=wasm) and on a GPU (LANDSCAPE_BACKEND=gpu: tfjs-node-gpu or WebGPU),
 * each in its own process, and NumPy (float32) for reference. Where no GPU route starts, the GPU rows say why.
 * Goal (issue 8): the width sweep ≥ 10× faster on a lent H100 than on the 2-core CPU.
 *
 *   npm run build && node bench/gpu.bench.mjs            # BENCH_GPU_WIDTHS=1024,4096,… to change the widths
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { loadLibrary, python, row, timeIt, writeResults } from "./lib/bench.mjs";

const N = 256;
const D = 256;
const WIDTHS = (process.env.BENCH_GPU_WIDTHS ?? "1024,4096,16384,65536").split(",").map(Number);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** Child mode: time the sweep on the backend LANDSCAPE_BACKEND selects; print one JSON line. */
async function child() {
  const lib = loadLibrary();
  const { tf } = lib;
  let info;
  try {
    info = await lib.ensureBackend();
  } catch (e) {
    console.log(JSON.stringify({ ok: false, error: e.message }));
    return;
  }
  const x = tf.randomNormal([N, D], 0, 1, "float32", 1);
  const xxt = tf.tidy(() => tf.div(tf.matMul(x, tf.transpose(x)), D));
  // The weights are drawn once per width, outside the timing (as NumPy's are): the sweep times the kernel itself.
  const kernelOf = async (w, v, m) => {
    const k = tf.tidy(() => {
      const pre = tf.div(tf.matMul(x, w), Math.sqrt(D));
      const f = tf.relu(pre);
      const g = tf.mul(tf.cast(tf.greater(pre, 0), "float32"), v);
      // An explicit transpose: tfjs-wasm 4.22's matMul(a, b, false, true) is ~10× slower than matMul(a, transpose(b)).
      return tf.div(tf.add(tf.matMul(f, tf.transpose(f)), tf.mul(xxt, tf.matMul(g, tf.transpose(g)))), m);
    });
    const data = await k.data(); // includes the copy back from the device
    k.dispose();
    return data;
  };
  const out = { ok: true, backend: info.backend, device: info.device, widths: [] };
  for (const m of WIDTHS) {
    const w = tf.randomNormal([D, m], 0, 1, "float32", 2);
    const v = tf.randomNormal([1, m], 0, 1, "float32", 3);
    const t = await timeIt(() => kernelOf(w, v, m), { warmup: 1, runs: RUNS, maxMs: 20_000 });
    const k = await kernelOf(w, v, m);
    w.dispose();
    v.dispose();
    let trace = 0;
    for (let i = 0; i < N; i++) trace += k[i * N + i];
    out.widths.push({ width: m, timing: t, trace: trace / N });
  }
  x.dispose();
  xxt.dispose();
  console.log(JSON.stringify(out));
}

function runChild(backend) {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), "--child"], {
    env: { ...process.env, LANDSCAPE_BACKEND: backend },
    encoding: "utf8",
    timeout: 900_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = (r.stdout ?? "")
    .trim()
    .split("\n")
    .filter((l) => l.startsWith("{"))
    .pop();
  if (!line)
    return { ok: false, error: `exit ${r.status}: ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" ")}` };
  return JSON.parse(line);
}

async function main() {
  const cpu = runChild("wasm");
  const gpu = runChild("gpu");
  const ref = python(
    String.raw`
n, d = P["n"], P["d"]
rng = np.random.default_rng(1)
x = rng.standard_normal((n, d), dtype=np.float32)
xxt = (x @ x.T) / np.float32(d)
out = []
for m in P["widths"]:
    w = rng.standard_normal((d, m), dtype=np.float32)
    v = rng.standard_normal((1, m), dtype=np.float32)
    def kernel():
        pre = (x @ w) / np.float32(np.sqrt(d))
        f = np.maximum(pre, 0)
        g = (pre > 0).astype(np.float32) * v
        return (f @ f.T + xxt * (g @ g.T)) / np.float32(m)
    out.append({"width": m, "timing": bench(kernel, warmup=1, runs=P["runs"], max_ms=20000)})
emit(out)`,
    { n: N, d: D, widths: WIDTHS, runs: RUNS },
  );
  const rows = [];
  const what = (m) => `tfjs tangent kernel, 1 hidden layer, n=d=${N}, width ${m}`;
  if (!cpu.ok) throw new Error(`the CPU run failed: ${cpu.error}`);
  for (const c of cpu.widths) {
    const r = ref?.find((x) => x.width === c.width);
    rows.push(
      row(
        `${what(c.width)}: ${cpu.backend} (CPU) vs NumPy`,
        c.timing,
        r && { label: "NumPy float32 (OpenBLAS, all cores)", ...r.timing },
        cpu.device,
      ),
    );
  }
  if (gpu.ok) {
    for (const g of gpu.widths) {
      const c = cpu.widths.find((x) => x.width === g.width);
      const diff = Math.abs(g.trace - c.trace) / Math.abs(c.trace);
      rows.push(
        row(
          `${what(g.width)}: ${gpu.backend} (GPU) vs the CPU run`,
          g.timing,
          { label: `${cpu.backend} on the CPU`, ...c.timing },
          `${gpu.device}; speed-up goal ≥ 10×; mean diagonal differs from the CPU run by ${diff.toExponential(1)} (relative)`,
        ),
      );
    }
  } else {
    rows.push({
      name: `${what("…")}: GPU route`,
      project: null,
      reference: null,
      ratio: null,
      note: `not run: no GPU route starts on this machine (${gpu.error.split(". Use the CPU")[0]})`,
    });
  }
  writeResults("gpu", rows);
}

if (process.argv.includes("--child")) await child();
else await main();
