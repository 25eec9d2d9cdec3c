import { beforeAll, describe, expect, it } from "vitest";
import { ACTIVATIONS, activation, erf, ensureBackend, liveTensors, tf } from "../src/tensor/index.js";

/**
 * f(x) = Σ_i c_i σ(x_i · s) for a fixed vector c, so ∇f = c ⊙ s σ'(s x) and the Hessian-vector product is
 * Hv = c ⊙ s² σ''(s x) ⊙ v. tfjs's built-in tanh/sigmoid/exp give wrong or throwing second derivatives
 * (tfjs#3252); the library's activations must give the right ones.
 */
function hvpAutodiff(name: string, x: number[], c: number[], v: number[], s: number): number[] {
  const act = activation(name);
  return tf.tidy(() => {
    const ct = tf.tensor1d(c);
    const vt = tf.tensor1d(v);
    const f = (xx: tf.Tensor) => tf.sum(tf.mul(ct, act.apply(tf.mul(xx, s))));
    // `+ 0·Σx` keeps x connected when σ'' ≡ 0 (linear), where tfjs would otherwise refuse to differentiate.
    const gv = (xx: tf.Tensor) => tf.add(tf.sum(tf.mul(tf.grad(f)(xx), vt)), tf.mul(0, tf.sum(xx)));
    return Array.from(tf.grad(gv)(tf.tensor1d(x)).dataSync());
  });
}

function gradAutodiff(name: string, x: number[], c: number[], s: number): number[] {
  const act = activation(name);
  return tf.tidy(() => {
    const ct = tf.tensor1d(c);
    const f = (xx: tf.Tensor) => tf.sum(tf.mul(ct, act.apply(tf.mul(xx, s))));
    return Array.from(tf.grad(f)(tf.tensor1d(x)).dataSync());
  });
}

describe("activations have correct first and second derivatives (Hessian-vector products)", () => {
  beforeAll(async () => {
    await ensureBackend();
  });
  const x = [-1.3, -0.4, 0.2, 0.9, 1.7];
  const c = [0.7, -1.1, 1.3, 0.5, -0.9];
  const v = [1.0, -0.5, 0.25, 2.0, -1.5];
  const s = 1.1;

  for (const name of ACTIVATIONS) {
    it(`${name}: HVP by autodiff equals finite differences of the gradient and the float64 closed form`, () => {
      const act = activation(name);
      const before = liveTensors();
      const hv = hvpAutodiff(name, x, c, v, s);
      // central finite differences of the autodiff gradient along v (float32: step 1e-2, second-order accurate)
      const h = 1e-2;
      const gp = gradAutodiff(
        name,
        x.map((xi, i) => xi + h * v[i]),
        c,
        s,
      );
      const gm = gradAutodiff(
        name,
        x.map((xi, i) => xi - h * v[i]),
        c,
        s,
      );
      const fd = gp.map((g, i) => (g - gm[i]) / (2 * h));
      const exact = x.map((xi, i) => c[i] * s * s * act.d2f(s * xi) * v[i]);
      const scale = Math.max(1, ...exact.map(Math.abs));
      for (let i = 0; i < x.length; i++) {
        expect(Math.abs(hv[i] - exact[i]) / scale).toBeLessThan(2e-3);
        expect(Math.abs(fd[i] - exact[i]) / scale).toBeLessThan(2e-2);
      }
      expect(liveTensors()).toBe(before);
    });

    it(`${name}: float64 derivatives match finite differences of f`, () => {
      const act = activation(name);
      for (const t of [-2.2, -0.7, 0.3, 1.4]) {
        const h = 1e-5;
        expect(act.df(t)).toBeCloseTo((act.f(t + h) - act.f(t - h)) / (2 * h), 6);
        expect(act.d2f(t)).toBeCloseTo((act.df(t + h) - act.df(t - h)) / (2 * h), 6);
      }
    });
  }

  it("the library's tanh fixes tfjs's built-in second derivative (which is wrong or throws)", () => {
    const ours = hvpAutodiff("tanh", x, c, v, s);
    const exact = x.map((xi, i) => c[i] * s * s * activation("tanh").d2f(s * xi) * v[i]);
    let builtinWrong = false;
    try {
      const builtin = tf.tidy(() => {
        const ct = tf.tensor1d(c);
        const vt = tf.tensor1d(v);
        const f = (xx: tf.Tensor) => tf.sum(tf.mul(ct, tf.tanh(tf.mul(xx, s))));
        const gv = (xx: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(xx), vt));
        return Array.from(tf.grad(gv)(tf.tensor1d(x)).dataSync());
      });
      builtinWrong = builtin.some((b, i) => Math.abs(b - exact[i]) > 1e-2);
    } catch {
      builtinWrong = true;
    }
    expect(builtinWrong).toBe(true);
    ours.forEach((o, i) => expect(o).toBeCloseTo(exact[i], 3));
  });

  it("erf in float64 matches reference values to 1e-14", () => {
    // reference values: erf(0.5), erf(1), erf(2), erf(3.5) (Abramowitz & Stegun tables / mpmath)
    expect(erf(0.5)).toBeCloseTo(0.5204998778130465, 14);
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 14);
    expect(erf(2)).toBeCloseTo(0.9953222650189527, 14);
    expect(erf(-3.5)).toBeCloseTo(-0.9999992569016276, 14);
  });

  it("an unknown activation names the argument and the valid names", () => {
    expect(() => activation("gelu")).toThrow(/^activation: unknown "gelu"; expected one of linear, relu/);
  });
});
