/**
 * The infinite-width neural tangent kernel of a one-hidden-layer network in NTK parameterization,
 * f(x) = Σ_k v_k σ(w_k·x / √d) / √m with w_k, v_k ~ N(0, 1), in closed form.
 */
import { plCheckMatrix } from "./validate.js";

/** Activations whose one-hidden-layer NTK has a closed form here. */
export type NtkKind = "relu" | "erf";

/**
 * The infinite-width NTK of a one-hidden-layer network (NTK parameterization, no biases, linear output):
 *
 * K∞(x, x′) = E[σ(u)σ(u′)] + (x·x′/d) E[σ′(u)σ′(u′)], (u, u′) ~ N(0, Σ), Σ = [[x·x, x·x′], [x·x′, x′·x′]] / d.
 *
 * - relu (arc-cosine kernels of degree 1 and 0, Cho & Saul 2009), with cos θ = Σ₁₂/√(Σ₁₁Σ₂₂):
 *   E[σσ′] = √(Σ₁₁Σ₂₂)(sin θ + (π − θ) cos θ)/(2π), E[σ′σ′] = (π − θ)/(2π). On the diagonal K∞(x, x) = ‖x‖²/d.
 * - erf (Williams 1997): E[erf(u)erf(u′)] = (2/π) arcsin(2Σ₁₂/√((1 + 2Σ₁₁)(1 + 2Σ₂₂))),
 *   E[erf′(u)erf′(u′)] = (4/π)/√((1 + 2Σ₁₁)(1 + 2Σ₂₂) − 4Σ₁₂²).
 *
 * @param kind - "relu" or "erf".
 * @param X - the points (rows).
 * @returns the n × n kernel matrix.
 */
export function ntkInfinite(kind: NtkKind | string, X: number[][]): number[][] {
  if (kind !== "relu" && kind !== "erf") throw new Error(`kind: expected "relu" or "erf", got ${String(kind)}`);
  const { n, d, data } = plCheckMatrix(X, "X");
  const dot = (i: number, j: number): number => {
    let s = 0;
    for (let k = 0; k < d; k++) s += data[i * d + k] * data[j * d + k];
    return s / d;
  };
  const q = Array.from({ length: n }, (_, i) => dot(i, i));
  const K: number[][] = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      const s12 = dot(i, j);
      const s11 = q[i],
        s22 = q[j];
      let v: number;
      if (kind === "relu") {
        const nn = Math.sqrt(s11 * s22);
        if (nn === 0) v = 0;
        else {
          const c = Math.max(-1, Math.min(1, s12 / nn));
          const th = Math.acos(c);
          const k1 = (nn * (Math.sin(th) + (Math.PI - th) * c)) / (2 * Math.PI);
          const k0 = (Math.PI - th) / (2 * Math.PI);
          v = k1 + s12 * k0;
        }
      } else {
        const a = (1 + 2 * s11) * (1 + 2 * s22);
        const k1 = (2 / Math.PI) * Math.asin(Math.max(-1, Math.min(1, (2 * s12) / Math.sqrt(a))));
        const k0 = 4 / Math.PI / Math.sqrt(a - 4 * s12 * s12);
        v = k1 + s12 * k0;
      }
      K[i][j] = v;
      K[j][i] = v;
    }
  }
  return K;
}
