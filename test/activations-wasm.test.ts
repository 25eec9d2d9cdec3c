/**
 * The WebAssembly activation kernels (src/linalg/wasm/activations.wat) against 40-digit reference values
 * (test/fixtures/activations-reference.json, written by scripts/activation-reference.py), at special arguments, and
 * inside the PL* passes that use them.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { abtKernel, ensureWasmMemory } from "../src/linalg/index.js";
import { ACTIVATIONS, type ActivationName } from "../src/tensor/index.js";
import { jacobian, mlp } from "../src/index.js";
import { plActivationPass, plKernelOneHidden } from "../src/plstar/net.js";

const reference = JSON.parse(readFileSync(path.join(__dirname, "fixtures", "activations-reference.json"), "utf8"));
const z = Float64Array.from(reference.z as string[], Number);

/** σ, σ′, σ″ of z through the kernel's `derivatives` (z of even length). */
function kernelValues(name: ActivationName, zs: Float64Array): Float64Array[] {
  const k = abtKernel()!;
  const n = zs.length;
  ensureWasmMemory(k, 4 * n * 8);
  const mem = new Float64Array(k.memory.buffer, 0, 4 * n);
  mem.set(zs);
  k.derivatives(ACTIVATIONS.indexOf(name), 0, n * 8, 2 * n * 8, 3 * n * 8, n);
  return [1, 2, 3].map((q) => mem.slice(q * n, (q + 1) * n));
}

/** The spacing of float64 numbers at |x| (2^−1074 below the normal range). */
function ulp(x: number): number {
  const exponent = Number((new BigUint64Array(new Float64Array([x]).buffer)[0] >> 52n) & 0x7ffn);
  return 2 ** (Math.max(exponent, 1) - 1075);
}

/** The number of entries whose float64 bits differ. */
function bitDifferences(a: Float64Array, b: Float64Array): number {
  const x = new BigUint64Array(Float64Array.from(a).buffer),
    y = new BigUint64Array(Float64Array.from(b).buffer);
  let count = Math.abs(x.length - y.length);
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) count++;
  return count;
}

const MIN_NORMAL = 2 ** -1022;
const DERIVATIVE = ["σ", "σ′", "σ″"];
/** Asserted bounds in ulp: σ and σ′ within 4, σ″ within 6 (normal results); subnormal results within 64 · 2^−1074. */
const BOUND_ULP = [4, 4, 6];
const BOUND_SUBNORMAL = 64 * 2 ** -1074;

describe("WebAssembly activations (activations.wat `derivatives`)", () => {
  const evenZ = z.length % 2 === 0 ? z : Float64Array.from([...z, 0]);

  for (const name of ["tanh", "erf", "softplus", "sigmoid"] as const) {
    it(`${name}: σ and σ′ within 4 ulp and σ″ within 6 ulp of the 40-digit values at ${z.length} arguments (normal results; subnormal ones within 64·2^−1074)`, () => {
      const got = kernelValues(name, evenZ);
      for (let q = 0; q < 3; q++) {
        let worstUlp = 0,
          worstSub = 0;
        for (let i = 0; i < z.length; i++) {
          const want = Number(reference[name][q][i]);
          const err = Math.abs(got[q][i] - want);
          // erf″ = −2z erf′ is rounded from erf′: where erf′ is subnormal, only the absolute bound applies.
          const fromSubnormal = name === "erf" && q === 2 && Math.abs(Number(reference.erf[1][i])) < MIN_NORMAL;
          if (Math.abs(want) < MIN_NORMAL || fromSubnormal) worstSub = Math.max(worstSub, err);
          else worstUlp = Math.max(worstUlp, err / ulp(want));
        }
        expect(worstUlp, `${name} ${DERIVATIVE[q]} (ulp)`).toBeLessThanOrEqual(BOUND_ULP[q]);
        expect(worstSub, `${name} ${DERIVATIVE[q]} (subnormal)`).toBeLessThanOrEqual(BOUND_SUBNORMAL);
      }
    });
  }

  it("tanh and sigmoid σ are within 4 ulp of Math.tanh and of 1/(1 + Math.exp(−z)) (e^z/(1 + e^z) below 0) at the fixture's arguments", () => {
    const [tanh] = kernelValues("tanh", evenZ);
    const [sigmoid] = kernelValues("sigmoid", evenZ);
    let worst = 0;
    for (let i = 0; i < z.length; i++) {
      const t = Math.tanh(z[i]);
      const s = z[i] >= 0 ? 1 / (1 + Math.exp(-z[i])) : Math.exp(z[i]) / (1 + Math.exp(z[i]));
      if (Math.abs(t) >= MIN_NORMAL) worst = Math.max(worst, Math.abs(tanh[i] - t) / ulp(t));
      if (s >= MIN_NORMAL) worst = Math.max(worst, Math.abs(sigmoid[i] - s) / ulp(s));
    }
    expect(worst).toBeLessThanOrEqual(4);
  });

  it("±0, ±∞ and NaN give the limits of σ, σ′ and σ″ (tanh(−0) = −0, erf(±∞) = ±1, softplus(∞) = ∞, …)", () => {
    const args = [0, -0, Infinity, -Infinity, NaN, 3, -2];
    const ln2 = Math.log(2);
    const expected: Record<ActivationName, number[][]> = {
      linear: [args, args.map(() => 1), args.map(() => 0)],
      relu: [
        [0, -0, Infinity, 0, NaN, 3, 0],
        [0, 0, 1, 0, 0, 1, 0],
        [0, 0, 0, 0, 0, 0, 0],
      ],
      tanh: [
        [0, -0, 1, -1, NaN, Math.tanh(3), Math.tanh(-2)],
        [1, 1, 0, 0, NaN, NaN, NaN],
        [-0, 0, -0, 0, NaN, NaN, NaN],
      ],
      erf: [
        [0, -0, 1, -1, NaN, NaN, NaN],
        [2 / Math.sqrt(Math.PI), 2 / Math.sqrt(Math.PI), 0, 0, NaN, NaN, NaN],
        [-0, 0, -0, 0, NaN, NaN, NaN],
      ],
      softplus: [
        [ln2, ln2, Infinity, 0, NaN, NaN, NaN],
        [0.5, 0.5, 1, 0, NaN, NaN, NaN],
        [0.25, 0.25, 0, 0, NaN, NaN, NaN],
      ],
      sigmoid: [
        [0.5, 0.5, 1, 0, NaN, NaN, NaN],
        [0.25, 0.25, 0, 0, NaN, NaN, NaN],
        [-0, 0, -0, 0, NaN, NaN, NaN],
      ],
    };
    for (const name of ACTIVATIONS) {
      const got = kernelValues(name, Float64Array.from([...args, 0]));
      for (let q = 0; q < 3; q++)
        for (let i = 0; i < 5; i++) {
          // the first five arguments are special; NaN in the table past them means "not checked here"
          const want = expected[name][q][i];
          expect(
            Object.is(got[q][i], want),
            `${name} ${DERIVATIVE[q]}(${Object.is(args[i], -0) ? "-0" : args[i]})`,
          ).toBe(true);
        }
      if (name === "linear" || name === "relu") {
        for (let q = 0; q < 3; q++) expect(got[q][5]).toBe(expected[name][q][5]);
      }
    }
  });

  it("an entry's values do not depend on the entry that shares its f64x2 instruction (bit for bit)", () => {
    // Pair every argument with a different partner: reversed order pairs small |z| with large |z|.
    const reversed = Float64Array.from(evenZ).reverse();
    for (const name of ACTIVATIONS) {
      const a = kernelValues(name, evenZ),
        b = kernelValues(name, reversed);
      for (let q = 0; q < 3; q++) {
        expect(bitDifferences(a[q], Float64Array.from(b[q]).reverse()), `${name} ${DERIVATIVE[q]}`).toBe(0);
      }
    }
  });

  it("plActivationPass over 70001 entries (blocks of 32768, odd tail) equals the kernel on the pieces, bit for bit", () => {
    const n = 70001;
    const zs = Float64Array.from({ length: n }, (_, i) => 6 * Math.sin(0.37 * i) + 1e-3 * i);
    for (const name of ["tanh", "erf", "softplus", "sigmoid"] as const) {
      const pass = plActivationPass(name, zs)!;
      const padded = new Float64Array(n + 1);
      padded.set(zs);
      const whole = kernelValues(name, padded);
      const parts = [pass.f, pass.d1, pass.d2];
      for (let q = 0; q < 3; q++) {
        expect(bitDifferences(parts[q], whole[q].subarray(0, n)), `${name} ${DERIVATIVE[q]}`).toBe(0);
      }
    }
  });

  it.each([
    [5, 3, 257, "sigmoid"],
    [4, 5, 3, "softplus"],
    [7, 2, 513, "tanh"],
    [3, 4, 259, "erf"],
  ] as const)(
    "the one-hidden-layer tangent kernel through the WebAssembly activation pass equals the scalar path and J Jᵀ to 1e-13 (n=%i, d=%i, odd m=%i, %s: padding columns stay zero)",
    (n, d, m, act) => {
      const X = Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.cos(2 * i + j + 0.5)));
      const net = mlp({ inputDim: d, widths: [m], activation: act, seed: m });
      const D = { n, d, data: Float64Array.from(X.flat()) };
      const fast = plKernelOneHidden(net, D);
      const scalar = plKernelOneHidden(net, D, { wasm: false });
      const J = jacobian(net, X);
      let scale = 0;
      for (const v of scalar) scale = Math.max(scale, Math.abs(v));
      for (let i = 0; i < n; i++)
        for (let j = 0; j < n; j++) {
          const jj = J[i].reduce((a, v, p) => a + v * J[j][p], 0);
          expect(Math.abs(fast[i * n + j] - scalar[i * n + j]) / scale).toBeLessThanOrEqual(1e-13);
          expect(Math.abs(fast[i * n + j] - jj) / scale).toBeLessThanOrEqual(1e-13);
        }
    },
  );
});
