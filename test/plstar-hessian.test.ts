import { describe, expect, it } from "vitest";
import { createRng, hessianNorm, mlp, mlpFromWeights, modelHvp, sphereData } from "../src/index.js";
import { plOneHiddenHessian } from "../src/plstar/hessian.js";
import { plPowerNorm } from "../src/plstar/kernel.js";
import { plForward, plHvp } from "../src/plstar/net.js";

const ACTS = ["relu", "tanh", "erf", "softplus", "linear"] as const;
const OUTS = ["linear", "tanh", "softplus"] as const;

function maxRel(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0,
    den = 0;
  for (let k = 0; k < a.length; k++) {
    num = Math.max(num, Math.abs(a[k] - b[k]));
    den = Math.max(den, Math.abs(b[k]));
  }
  return num / den;
}

/**
 * Power iteration on the full R-operator (P-dimensional), as hessianNorm runs it for deeper networks, started from
 * the embedding of the one-hidden-layer route's start vector (N(0, I) in S's coordinates, drawn with seed 0).
 */
function genericHessianNorm(net: ReturnType<typeof mlp>, X: number[][], opts: { iterations: number; tol: number }) {
  let best = 0;
  const u0 = createRng(0).normals(2 * net.dims[1]);
  for (const x of X) {
    const xs = Float64Array.from(x);
    const cache = plForward(net, { n: 1, d: x.length, data: xs });
    const start = plOneHiddenHessian(net, xs).embed(u0);
    const h = plPowerNorm((v) => plHvp(net, cache, v, new Float64Array([1]), null).hv, net.parameterCount, {
      ...opts,
      start,
    });
    best = Math.max(best, h);
  }
  return best;
}

describe("the model Hessian of a one-hidden-layer network lives in a 2m-dimensional subspace", () => {
  it("∇²f(x) v = Π_S ∇²f(x) Π_S v: the O(m) product in S, embedded, equals the R-operator's product (all σ, σ_out)", () => {
    const rng = createRng(3);
    const x = rng.normals(5);
    for (const activation of ACTS)
      for (const outputActivation of OUTS) {
        const net = mlp({ inputDim: 5, widths: [17], activation, outputActivation, seed: 11 });
        const v = rng.normals(net.parameterCount);
        const H = plOneHiddenHessian(net, x);
        const structured = H.embed(H.apply(H.project(v)));
        const rop = plHvp(net, plForward(net, { n: 1, d: 5, data: x }), v, new Float64Array([1]), null).hv;
        expect(maxRel(structured, rop), `${activation}/${outputActivation}`).toBeLessThan(1e-12);
        expect(maxRel(modelHvp(net, Array.from(x), Array.from(v)), rop)).toBeLessThan(1e-12);
      }
  });

  it("the point x = 0 is handled (the first-layer block vanishes)", () => {
    const net = mlp({ inputDim: 3, widths: [4], activation: "tanh", outputActivation: "tanh", seed: 2 });
    const v = createRng(1).normals(net.parameterCount);
    const H = plOneHiddenHessian(net, new Float64Array(3));
    const rop = plHvp(
      net,
      plForward(net, { n: 1, d: 3, data: new Float64Array(3) }),
      v,
      new Float64Array([1]),
      null,
    ).hv;
    const structured = H.embed(H.apply(H.project(v)));
    for (let k = 0; k < rop.length; k++) expect(structured[k]).toBeCloseTo(rop[k], 14);
  });

  it("hessianNorm with one hidden layer finds what power iteration on the full R-operator finds (same iterates)", () => {
    const { X } = sphereData({ n: 5, inputDim: 6, seed: 4 });
    for (const activation of ["relu", "tanh", "softplus"])
      for (const outputActivation of ["linear", "tanh"]) {
        const net = mlp({ inputDim: 6, widths: [40], activation, outputActivation, seed: 9 });
        const opts = { iterations: 60, tol: 1e-9 };
        const h = hessianNorm(net, X, opts);
        expect(Math.abs(h - genericHessianNorm(net, X, opts)) / h, `${activation}/${outputActivation}`).toBeLessThan(
          1e-10,
        );
      }
  });

  it("linear output: ‖∇²f(x)‖ = max_k (|a_k| + √(a_k² + 4b_k²))/2 (2 × 2 blocks), recovered by hessianNorm", () => {
    // Closed form from the weights, written out independently of the library.
    const d = 3,
      m = 6;
    const rng = createRng(8);
    const W1 = Array.from({ length: m }, () => Array.from(rng.normals(d)));
    const w2 = [Array.from(rng.normals(m))];
    const net = mlpFromWeights({ weights: [W1, w2], activation: "tanh" });
    const x = [0.7, -1.2, 0.4];
    const xx = x.reduce((s, t) => s + t * t, 0);
    let expected = 0;
    for (let k = 0; k < m; k++) {
      const z = W1[k].reduce((s, w, j) => s + w * x[j], 0) / Math.sqrt(d);
      const t = Math.tanh(z);
      const s1 = 1 - t * t,
        s2 = -2 * t * s1;
      const a = (w2[0][k] * s2 * xx) / (d * Math.sqrt(m));
      const b = (s1 * Math.sqrt(xx)) / Math.sqrt(d * m);
      expected = Math.max(expected, (Math.abs(a) + Math.sqrt(a * a + 4 * b * b)) / 2);
    }
    expect(hessianNorm(net, [x], { iterations: 5000, tol: 1e-15 })).toBeCloseTo(expected, 9);
  });
});
