/**
 * The versions the kernel was written against, checked at start. The kernel runs tslab's executor and a converter
 * derived from tslab 1.0.22's (`converter.cjs`), and reaches into tslab's internals (`dist/executor.js`,
 * `dist/jupyter.js`, `dist/inspect.js`, the watch host's shapes) and TypeScript's (the CommonJS transform, parse
 * diagnostics). Another tslab or TypeScript may load and then give wrong outputs, wrong line numbers or a crash in
 * the middle of a session, so a mismatch refuses to start, naming what was found and what is expected;
 * `LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1` starts anyway, with the warning on stderr and in the banner.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * The tslab package the kernel runs: the project's node_modules/tslab, or LANDSCAPE_KERNEL_TSLAB_DIR (another
 * installation, e.g. to try a tslab upgrade; the version check below still applies).
 * @returns {string}
 */
function tslabDir() {
  return path.resolve(ROOT, process.env.LANDSCAPE_KERNEL_TSLAB_DIR || path.join("node_modules", "tslab"));
}

/** TypeScript as tslab 1.0.22 pins it (`@tslab/typescript-for-tslab`), the one the converter was derived against. */
const EXPECTED_TYPESCRIPT = "5.0.4";

/**
 * @typedef {object} VersionCheck
 * @property {string | null} tslab the version of tslab found (null: not found)
 * @property {string | null} typescript the version of tslab's TypeScript found (null: not found)
 * @property {{ tslab: string, typescript: string }} expected
 * @property {string[]} problems one sentence per mismatch (empty: all as expected)
 */

/**
 * Reads a package.json's `version`, or null when the file is missing or unreadable.
 * @param {string} file
 * @returns {string | null}
 */
function readVersion(file) {
  try {
    const v = JSON.parse(fs.readFileSync(file, "utf8")).version;
    return typeof v === "string" ? v : null;
  } catch {
    return null;
  }
}

/**
 * The tslab version the project pins: `dependencies.tslab` of the project's package.json (an exact version).
 * @param {string} [root] the project's root
 * @returns {string}
 */
function expectedTslab(root = ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  return String(pkg.dependencies && pkg.dependencies.tslab).replace(/^[=v]/, "");
}

/**
 * Compares the tslab in `tslabDir` and the TypeScript it resolves (`@tslab/typescript-for-tslab`) with the versions
 * the kernel was written against.
 * @param {string} tslabDir tslab's package directory
 * @param {{ tslab?: string, typescript?: string }} [expected] defaults: the project's pin, and TypeScript 5.0.4
 * @returns {VersionCheck}
 */
function checkVersions(tslabDir, expected = {}) {
  const want = { tslab: expected.tslab ?? expectedTslab(), typescript: expected.typescript ?? EXPECTED_TYPESCRIPT };
  const tslab = readVersion(path.join(tslabDir, "package.json"));
  let typescript = null;
  try {
    const pkg = require.resolve("@tslab/typescript-for-tslab/package.json", { paths: [tslabDir] });
    typescript = readVersion(pkg);
  } catch {
    /* not installed */
  }
  const problems = [];
  if (tslab === null) problems.push(`tslab was not found in ${tslabDir} (expected tslab ${want.tslab}; run npm ci)`);
  else if (tslab !== want.tslab) {
    problems.push(`tslab ${tslab} found in ${tslabDir}, expected ${want.tslab} (the version pinned in package.json)`);
  }
  if (typescript === null) {
    problems.push(`tslab's TypeScript (@tslab/typescript-for-tslab) was not found from ${tslabDir}`);
  } else if (typescript !== want.typescript) {
    problems.push(`tslab's TypeScript ${typescript} found, expected ${want.typescript}`);
  }
  return { tslab, typescript, expected: want, problems };
}

/**
 * The message written to stderr for a failed check.
 * @param {VersionCheck} check
 * @param {boolean} starting true when the kernel starts anyway (LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1)
 * @returns {string}
 */
function mismatchMessage(check, starting) {
  const head = starting
    ? "landscape-lab kernel: WARNING: starting with versions it was not written for " +
      "(LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1); outputs, line numbers and interrupts may be wrong:"
    : "landscape-lab kernel: refusing to start: the kernel runs tslab's internals and a converter derived from " +
      `tslab ${check.expected.tslab}, and was not written for the versions installed:`;
  const tail = starting
    ? ""
    : `\nInstall the pinned versions (npm ci), or set LANDSCAPE_KERNEL_ALLOW_VERSION_MISMATCH=1 to start anyway.`;
  return `${head}\n${check.problems.map((p) => `  - ${p}`).join("\n")}${tail}\n`;
}

module.exports = { checkVersions, expectedTslab, mismatchMessage, tslabDir, EXPECTED_TYPESCRIPT };
