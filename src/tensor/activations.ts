/**
 * Activations with correct second derivatives.
 *
 * tfjs's own gradients of `tanh`, `sigmoid`, `exp` and `softmax` are wrong or throw when differentiated twice
 * (tfjs#3252: the backward functions reuse the forward output as a constant). Every activation here is a
 * `tf.customGrad` whose gradient recomputes σ'(x) from the input x with ops whose first derivative is right, so a
 * gradient of a gradient (a Hessian-vector product) through it is right too. Tested against finite differences.
 */
import { tf } from "./tf.js";

/** Names of the activations the library offers. */
export const ACTIVATIONS = ["linear", "relu", "tanh", "erf", "softplus", "sigmoid"] as const;
/** An activation name. */
export type ActivationName = (typeof ACTIVATIONS)[number];

/** An activation: elementwise, differentiable twice through tfjs autodiff. */
export interface Activation {
  name: ActivationName;
  /** Applies σ to a tensor (differentiable twice). */
  apply(x: tf.Tensor): tf.Tensor;
  /** σ' applied to a tensor, elementwise (float32; 0 where σ' is undefined, e.g. relu at 0). */
  derivative(x: tf.Tensor): tf.Tensor;
  /** σ on a float64 number. */
  f(x: number): number;
  /** σ' on a float64 number. */
  df(x: number): number;
  /** σ'' on a float64 number (0 where undefined, e.g. relu at 0). */
  d2f(x: number): number;
}

const SQRT_PI = Math.sqrt(Math.PI);

/** erf in float64 (Abramowitz–Stegun 7.1.26 is too coarse; this uses a series / continued fraction, ~1e-15). */
export function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 2.5) {
    // Maclaurin series, converges fast for |x| < 2.5.
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 1; n < 80; n++) {
      term *= -x2 / n;
      const add = term / (2 * n + 1);
      sum += add;
      if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
    }
    return (2 / SQRT_PI) * sum;
  }
  // erfc by Lentz continued fraction for large |x|.
  const z = ax;
  let f = z,
    C = z,
    D = 0;
  for (let n = 1; n < 200; n++) {
    const an = n / 2;
    D = z + an * D;
    D = 1 / D;
    C = z + an / C;
    const delta = C * D;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  const erfc = Math.exp(-z * z) / (SQRT_PI * f);
  return x > 0 ? 1 - erfc : erfc - 1;
}

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

function custom(fwd: (x: tf.Tensor) => tf.Tensor, deriv: (x: tf.Tensor) => tf.Tensor): (x: tf.Tensor) => tf.Tensor {
  // tfjs types the custom function's arguments as a union of tensors and the save function; it calls it as
  // (x, save) for one input.
  const body = (x: tf.Tensor, save: tf.GradSaveFunc) => {
    save([x]);
    return { value: fwd(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, deriv(saved[0])) };
  };
  const g = tf.customGrad(body as unknown as Parameters<typeof tf.customGrad>[0]);
  return (x: tf.Tensor) => g(x) as tf.Tensor;
}

const TWO_OVER_SQRT_PI = 2 / SQRT_PI;

/** σ' as tensor ops, each with a right first derivative (used by `apply`'s gradient and by `derivative`). */
const reluDerivative = (x: tf.Tensor) => tf.step(x, 0);
// 1 − tanh² recomputed from x; tanh's first derivative in tfjs is right.
const tanhDerivative = (x: tf.Tensor) => tf.sub(1, tf.square(tf.tanh(x)));
const erfDerivative = (x: tf.Tensor) => tf.mul(TWO_OVER_SQRT_PI, tf.exp(tf.neg(tf.square(x))));
const softplusDerivative = (x: tf.Tensor) => tf.sigmoid(x);
const sigmoidDerivative = (x: tf.Tensor) => {
  const s = tf.sigmoid(x);
  return tf.mul(s, tf.sub(1, s));
};

const table: Record<ActivationName, Activation> = {
  linear: {
    name: "linear",
    apply: (x) => tf.clone(x),
    derivative: (x) => tf.onesLike(x),
    f: (x) => x,
    df: () => 1,
    d2f: () => 0,
  },
  relu: {
    name: "relu",
    apply: custom((x) => tf.relu(x), reluDerivative),
    derivative: reluDerivative,
    f: (x) => (x > 0 ? x : 0),
    df: (x) => (x > 0 ? 1 : 0),
    d2f: () => 0,
  },
  tanh: {
    name: "tanh",
    apply: custom((x) => tf.tanh(x), tanhDerivative),
    derivative: tanhDerivative,
    f: Math.tanh,
    df: (x) => 1 - Math.tanh(x) ** 2,
    d2f: (x) => -2 * Math.tanh(x) * (1 - Math.tanh(x) ** 2),
  },
  erf: {
    name: "erf",
    apply: custom((x) => tf.erf(x), erfDerivative),
    derivative: erfDerivative,
    f: erf,
    df: (x) => TWO_OVER_SQRT_PI * Math.exp(-x * x),
    d2f: (x) => -2 * x * TWO_OVER_SQRT_PI * Math.exp(-x * x),
  },
  softplus: {
    name: "softplus",
    apply: custom((x) => tf.softplus(x), softplusDerivative),
    derivative: softplusDerivative,
    f: (x) => (x > 30 ? x : Math.log1p(Math.exp(x))),
    df: sigmoid,
    d2f: (x) => sigmoid(x) * (1 - sigmoid(x)),
  },
  sigmoid: {
    name: "sigmoid",
    apply: custom((x) => tf.sigmoid(x), sigmoidDerivative),
    derivative: sigmoidDerivative,
    f: sigmoid,
    df: (x) => sigmoid(x) * (1 - sigmoid(x)),
    d2f: (x) => {
      const s = sigmoid(x);
      return s * (1 - s) * (1 - 2 * s);
    },
  },
};

/**
 * Looks up an activation by name.
 *
 * @param name - one of {@link ACTIVATIONS}.
 * @throws Error naming `activation` and listing the valid names when `name` is unknown.
 */
export function activation(name: ActivationName | string): Activation {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    throw new Error(`activation: unknown "${name}"; expected one of ${ACTIVATIONS.join(", ")}`);
  }
  return table[name as ActivationName];
}
