/**
 * The GPU route: a width sweep of the library's tfjs tangent kernel (`tangentKernelTensor`, float32) of a
 * one-hidden-layer ReLU network in NTK parameterization, K = [F Fᵀ + (X Xᵀ / d) ⊙ (G Gᵀ)] / m with
 * F = relu(X Wᵀ / √d), G = relu'(X Wᵀ / √d) · v, timed on the CPU backend (LANDSCAPE_BACKEND=wasm) and on a GPU
 * (LANDSCAPE_BACKEND=gpu: tfjs-node-gpu or WebGPU), each in its own process, and NumPy (float32) for reference.
 * Where no GPU route starts, the GPU rows say why. The library's time includes converting the float64 weights to
 * float32 and uploading them (NumPy's weights are float32 already).
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
  const X = [];
  const rx = lib.createRng(1);
  for (let i = 0; i < N; i++) X.push(Array.from(rx.normals(D)));
  // The network is drawn once per width, outside the timing (as NumPy's weights are): the sweep times the kernel,
  // including the float64 → float32 copy and upload of the weights and the copy of K back from the device.
  const kernelOf = (net) => lib.tangentKernelTensor(net, X);
  const out = { ok: true, backend: info.backend, device: info.device, widths: [] };
  for (const m of WIDTHS) {
    const net = lib.mlp({ inputDim: D, widths: [m], activation: "relu", seed: 2 });
    const before = tf.memory().numTensors;
    const t = await timeIt(() => kernelOf(net), { warmup: 1, runs: RUNS, maxMs: 20_000 });
    const k = await kernelOf(net);
    if (tf.memory().numTensors !== before) throw new Error(`tangentKernelTensor leaked tensors at width ${m}`);
    let trace = 0;
    for (let i = 0; i < N; i++) trace += k[i][i];
    out.widths.push({ width: m, timing: t, trace: trace / N });
  }
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
  const what = (m) => `tangentKernelTensor (tfjs), 1 hidden layer, n=d=${N}, width ${m}`;
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
