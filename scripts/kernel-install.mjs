#!/usr/bin/env node
/**
 * `npm run kernel:install`: registers the kernel specs kernels/landscape-lab and kernels/landscape-lab-gpu with
 * `jupyter kernelspec install --user`, with the launcher path made absolute in the installed kernel.json (the
 * specs in the repository use `{resource_dir}/../launch.cjs`, which only works where they lie, e.g. through
 * JUPYTER_PATH=<repo>). Options: --jupyter <path> (default: jupyter on PATH, else /usr/bin/jupyter),
 * --prefix <dir> (install under <dir> instead of --user).
 */
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const opt = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const which = (cmd) => spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" }).stdout.trim();
const jupyter = opt("--jupyter") ?? (which("jupyter") || "/usr/bin/jupyter");
const prefix = opt("--prefix");
const launcher = path.join(root, "kernels", "launch.cjs");
if (!existsSync(path.join(root, "dist", "index.js"))) {
  console.warn("kernel:install: the library is not built yet; run `npm run build` before using the kernel");
}

for (const name of ["landscape-lab", "landscape-lab-gpu"]) {
  const src = path.join(root, "kernels", name);
  const tmp = mkdtempSync(path.join(tmpdir(), "landscape-kernel-"));
  const dir = path.join(tmp, name);
  cpSync(src, dir, { recursive: true });
  const spec = JSON.parse(readFileSync(path.join(dir, "kernel.json"), "utf8"));
  spec.argv = spec.argv.map((a) =>
    a === "node" ? process.execPath : a.replace("{resource_dir}/../launch.cjs", launcher),
  );
  writeFileSync(path.join(dir, "kernel.json"), JSON.stringify(spec, null, 2) + "\n");
  const where = prefix ? ["--prefix", prefix] : ["--user"];
  const r = spawnSync(jupyter, ["kernelspec", "install", ...where, "--replace", "--name", name, dir], {
    stdio: "inherit",
  });
  rmSync(tmp, { recursive: true, force: true });
  if (r.status !== 0) {
    console.error(`kernel:install: ${jupyter} kernelspec install failed for ${name}`);
    process.exit(r.status ?? 1);
  }
  console.log(`kernel:install: ${name} -> node ${launcher}`);
}
