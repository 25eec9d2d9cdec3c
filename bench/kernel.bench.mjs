/**
 * Kernel speed through jupyter_client (Debian /usr/bin/python3), landscape-lab vs ipykernel in the same command:
 * start time (launch to kernel_info reply), `1+1` round trip, a cell that defines and uses a new variable (type
 * checked), the same cell's time over the first and last cells run (growth with the number of cells), and the same
 * cell in a session that imported the library (as every notebook does).
 * Run: npm run build && node bench/kernel.bench.mjs [--cells 25] [--starts 3]
 *
 * Before/after on a shared machine: `--ab <dir>` (a checkout of an earlier commit with its own `kernels/` and links
 * to this repository's node_modules and dist, e.g. `git worktree add /tmp/kold <commit>` then `ln -s`) runs that
 * kernel and this one side by side, interleaved (`--rounds` rounds of 5 cells of each kind per kernel, alternating
 * which goes first), and prints the medians of both with the load average; nothing is written.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const argv = process.argv.slice(2);
const arg = (n, d) => (argv.includes(n) ? Number(argv[argv.indexOf(n) + 1]) : d);
const CELLS = arg("--cells", 25);
const STARTS = arg("--starts", 3);
const AB = argv.includes("--ab") ? path.resolve(argv[argv.indexOf("--ab") + 1]) : null;
const ROUNDS = arg("--rounds", 12);

// One cell's round trip through jupyter_client: execute, wait for the reply and the idle status (milliseconds).
const PY_RUN = String.raw`
import json, os, statistics, sys, time
from jupyter_client.manager import start_new_kernel
def run(kc, code):
    t = time.perf_counter()
    mid = kc.execute(code)
    reply = kc.get_shell_msg(timeout=60)
    while True:
        m = kc.get_iopub_msg(timeout=60)
        if m["parent_header"].get("msg_id") == mid and m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
            break
    assert reply["content"]["status"] == "ok", reply["content"]
    return (time.perf_counter() - t) * 1000
`;

const abPy = String.raw`${PY_RUN}
names, rounds = sys.argv[1:3], int(sys.argv[3])
ks, res, n_def = {}, {}, {}
for n in names:
    km, kc = start_new_kernel(kernel_name=n, startup_timeout=60)
    for i in range(11): run(kc, "1+1")
    ks[n], res[n], n_def[n] = (km, kc), {"one_plus_one": [], "define_use": [], "define_use_lib": []}, 0
def define_use(n):
    i = n_def[n]; n_def[n] += 1
    return run(ks[n][1], "const v%d = %d;\nv%d * 2" % (i, i, i))
load = [os.getloadavg()[0]]
for r in range(rounds):
    for n in (names if r % 2 == 0 else names[::-1]):
        res[n]["one_plus_one"] += [run(ks[n][1], "1+1") for i in range(5)]
        res[n]["define_use"] += [define_use(n) for i in range(5)]
for n in names:
    run(ks[n][1], 'import { createRng, ensureBackend } from "landscape-lab";')
    for i in range(5): define_use(n)
for r in range(rounds):
    for n in (names if r % 2 == 0 else names[::-1]):
        res[n]["define_use_lib"] += [define_use(n) for i in range(5)]
load.append(os.getloadavg()[0])
for n in names:
    ks[n][1].stop_channels(); ks[n][0].shutdown_kernel()
print(json.dumps({"medians_ms": {n: {k: round(statistics.median(v), 2) for k, v in res[n].items()} for n in names}, "load_1min": load}))
`;

if (AB) {
  // Two kernel specs in a temporary JUPYTER_PATH: the earlier checkout's kernel and this one.
  const dir = mkdtempSync(path.join(tmpdir(), "kernel-ab-"));
  for (const [name, launch] of [
    ["before", path.join(AB, "kernels", "launch.cjs")],
    ["after", path.join(root, "kernels", "launch.cjs")],
  ]) {
    mkdirSync(path.join(dir, "kernels", name), { recursive: true });
    const spec = {
      argv: ["node", launch, "--backend", "auto", "{connection_file}"],
      display_name: name,
      language: "typescript",
    };
    writeFileSync(path.join(dir, "kernels", name, "kernel.json"), JSON.stringify(spec));
  }
  const env = { ...process.env, JUPYTER_PATH: dir };
  const r = spawnSync("/usr/bin/python3", ["-c", abPy, "before", "after", String(ROUNDS)], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(r.stderr.slice(-2000));
  console.log(r.stdout.trim().split("\n").pop());
  process.exit(0);
}

const py = String.raw`${PY_RUN}
name, lang, cells, starts = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
out = {"start": [], "one_plus_one": [], "define_use": [], "first_cell": []}
for s in range(starts):
    t = time.perf_counter()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=60)
    out["start"].append((time.perf_counter() - t) * 1000)
    out["first_cell"].append(run(kc, "1+1"))
    if s < starts - 1:
        kc.stop_channels(); km.shutdown_kernel(); continue
    for i in range(5): run(kc, "1+1")
    out["one_plus_one"] = [run(kc, "1+1") for i in range(cells)]
    fmt = "const v%d = %d;\nv%d * 2" if lang == "ts" else "v%d = %d\nv%d * 2"
    out["define_use"] = [run(kc, fmt % (i, i, i)) for i in range(cells)]
    # growth: the same kind of cell after many more cells have run
    for i in range(cells, cells + 100): run(kc, fmt % (i, i, i))
    out["define_use_after_125"] = [run(kc, fmt % (i, i, i)) for i in range(cells + 100, 2 * cells + 100)]
    # a notebook's session: the library (its type declarations, for the type checker) is imported first
    run(kc, 'import { createRng, ensureBackend } from "landscape-lab";' if lang == "ts" else "import numpy as np")
    base = 2 * cells + 100
    out["define_use_lib"] = [run(kc, fmt % (i, i, i)) for i in range(base, base + cells)]
    kc.stop_channels(); km.shutdown_kernel()
print(json.dumps(out))
`;

function measure(kernel, lang) {
  const env = { ...process.env, JUPYTER_PATH: root };
  delete env.OPENBLAS_CORETYPE;
  delete env.OPENBLAS_L2_SIZE;
  const r = spawnSync("/usr/bin/python3", ["-c", py, kernel, lang, String(CELLS), String(STARTS)], {
    cwd: root,
    env,
    encoding: "utf8",
    timeout: 600_000,
  });
  if (r.status !== 0) throw new Error(`${kernel}: ${r.stderr.slice(-2000)}`);
  return JSON.parse(r.stdout.trim().split("\n").pop());
}

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
  return { median_ms: +median.toFixed(2), min_ms: +s[0].toFixed(2), max_ms: +s.at(-1).toFixed(2), runs: s.length };
};

const ours = measure("landscape-lab", "ts");
const ref = measure("python3", "py");
const rows = [
  ["start (launch to kernel_info reply)", "start", "goal <= 1000 ms"],
  ["first cell after start (1+1)", "first_cell", "includes TypeScript compiler warm-up still running"],
  ["1+1 round trip", "one_plus_one", ""],
  ["define-and-use cell (type-checked)", "define_use", "goal <= 8 ms"],
  ["define-and-use cell after 125 cells", "define_use_after_125", "growth with cells run"],
  [
    "define-and-use cell, library imported",
    "define_use_lib",
    'after `import { … } from "landscape-lab"` (python: import numpy): its declarations are type-checked too',
  ],
].map(([name, key, note]) => {
  const project = stats(ours[key]);
  const reference = { label: "ipykernel (Debian python3-ipykernel)", ...stats(ref[key]) };
  return { name, project, reference, ratio: +(reference.median_ms / project.median_ms).toFixed(3), note };
});
console.log("kernel bench (jupyter_client, median [min..max] ms)");
for (const r of rows) {
  const p = r.project;
  const q = r.reference;
  console.log(
    `${r.name.padEnd(40)} landscape-lab ${String(p.median_ms).padStart(8)} [${p.min_ms}..${p.max_ms}]  ipykernel ${String(q.median_ms).padStart(8)} [${q.min_ms}..${q.max_ms}]  ratio ${r.ratio}  ${r.note}`,
  );
}
mkdirSync(path.join(root, "bench", "out"), { recursive: true });
writeFileSync(path.join(root, "bench", "out", "kernel.json"), JSON.stringify(rows, null, 2) + "\n");
