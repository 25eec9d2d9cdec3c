/**
 * The kernel's start-up check of tslab's and TypeScript's versions (kernels/runtime/versions.cjs).
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = path.resolve(__dirname, "..");
const require_ = createRequire(__filename);
const versions = require_(path.join(ROOT, "kernels", "runtime", "versions.cjs")) as {
  checkVersions(
    tslabDir: string,
    expected?: { tslab?: string; typescript?: string },
  ): { tslab: string | null; typescript: string | null; problems: string[] };
  expectedTslab(): string;
};

const scratch = mkdtempSync(path.join(tmpdir(), "landscape-tslab-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A fake tslab package directory with the given versions of tslab and of its TypeScript. */
function fakeTslab(name: string, tslab: string, typescript: string | null): string {
  const dir = path.join(scratch, name, "tslab");
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "tslab", version: tslab }));
  if (typescript !== null) {
    const ts = path.join(dir, "node_modules", "@tslab", "typescript-for-tslab");
    mkdirSync(ts, { recursive: true });
    writeFileSync(
      path.join(ts, "package.json"),
      JSON.stringify({ name: "@tslab/typescript-for-tslab", version: typescript }),
    );
  }
  return dir;
}

describe("kernel version check", () => {
  it("expects the tslab version pinned in package.json (1.0.22) and finds it installed with TypeScript 5.0.4", () => {
    expect(versions.expectedTslab()).toBe("1.0.22");
    const r = versions.checkVersions(path.join(ROOT, "node_modules", "tslab"));
    expect(r).toMatchObject({ tslab: "1.0.22", typescript: "5.0.4", problems: [] });
  });

  it("names the found and the expected version for another tslab and another TypeScript", () => {
    const r = versions.checkVersions(fakeTslab("other", "1.0.23", "5.1.0"));
    expect(r.problems).toEqual([
      expect.stringMatching(/^tslab 1\.0\.23 found in .*, expected 1\.0\.22 \(the version pinned in package\.json\)$/),
      "tslab's TypeScript 5.1.0 found, expected 5.0.4",
    ]);
  });

  it("says tslab and its TypeScript were not found in an empty directory", () => {
    const dir = path.join(scratch, "empty");
    mkdirSync(dir, { recursive: true });
    const r = versions.checkVersions(dir);
    expect(r.tslab).toBeNull();
    expect(r.problems[0]).toMatch(/^tslab was not found in .*empty \(expected tslab 1\.0\.22; run npm ci\)$/);
    expect(r.problems[1]).toMatch(/TypeScript \(@tslab\/typescript-for-tslab\) was not found/);
  });

  it("the kernel refuses to start with another tslab: exit code 3 and a stderr message naming 1.0.21 and 1.0.22", () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, "kernels", "launch.cjs"), path.join(scratch, "none.json")], {
      encoding: "utf8",
      timeout: 60_000,
      env: { ...process.env, LANDSCAPE_KERNEL_TSLAB_DIR: fakeTslab("old", "1.0.21", "5.0.4") },
    });
    expect(r.status, r.stderr).toBe(3);
    expect(r.stderr).toContain("landscape-lab kernel: refusing to start");
    expect(r.stderr).toMatch(/tslab 1\.0\.21 found in .*, expected 1\.0\.22/);
    expect(r.stderr).toContain("LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1");
  });
});
