/**
 * The expected loss of mini-batch SGD on the linearized model: the prediction the SGD claims of tutorial 1 are
 * judged against.
 *
 * Around w the model is F(w − δ) ≈ F(w) − DF δ, and one SGD step with a batch B of b distinct points drawn uniformly
 * moves by δ = η (n/b) Σ_{i∈B} r_i ∇f(x_i), so the residual r = F − y becomes r' = (I − η (n/b) K D_B) r, with K the
 * tangent kernel and D_B the diagonal indicator of B. Its second moment S = E[r rᵀ] then evolves exactly as
 *
 *   S' = S − η (K S + S K) + η² (n/b)² K (Π ∘ S) K,
 *
 * where Π_ii = b/n and Π_ij = b(b − 1)/(n(n − 1)) (i ≠ j) are the probabilities that B holds i, and i and j
 * (so Π ∘ S = Π_ij S + (Π_ii − Π_ij) Diag(S)). The expected loss is E[L] = ½ tr S. For b = n it is GD's
 * ½‖(I − ηK)^t r₀‖². Implementation: the recursion on the n × n matrix S in float64, 3n³ operations a step.
 */
import { expectInteger, expectNumber, expectVector } from "../core/validate.js";

/** One point of {@link expectedLinearizedSgdLoss}: the step and E[L(w_t)] of the linearized model. */
export interface ExpectedLoss {
  step: number;
  expectedLoss: number;
}

function multiply(A: Float64Array, B: Float64Array, n: number, out: Float64Array): void {
  out.fill(0);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < n; k++) {
      const a = A[i * n + k];
      if (a === 0) continue;
      const row = k * n;
      const o = i * n;
      for (let j = 0; j < n; j++) out[o + j] += a * B[row + j];
    }
  }
}

/**
 * E[L(w_t)] of mini-batch SGD (batches of b distinct points, step η · (n/b) Σ_{i∈B} r_i ∇f_i) on the model
 * linearized at w₀, from the residual r₀ = F(w₀) − y: exact for the linear model, the first-order prediction for a
 * network whose tangent kernel stays near K(w₀).
 *
 * @param kernel - K(w₀), n × n row-major (symmetric positive semi-definite).
 * @param residual - r₀ (length n).
 * @param options.lr - the step size η > 0.
 * @param options.batchSize - b, an integer in [1, n].
 * @param options.steps - the number of steps T ≥ 0.
 * @param options.record - record every this many steps (and the last); default 1.
 */
export function expectedLinearizedSgdLoss(
  kernel: ArrayLike<number>,
  residual: ArrayLike<number>,
  options: { lr: number; batchSize: number; steps: number; record?: number },
): ExpectedLoss[] {
  const r = expectVector(residual, "residual");
  const n = r.length;
  const K = expectVector(kernel, "kernel", n * n, `an n × n matrix, row-major, n = ${n} the residual's length`);
  const lr = expectNumber(options?.lr, "options.lr", { min: 0, minOpen: true });
  const b = expectInteger(options.batchSize, "options.batchSize", { min: 1, max: n });
  const steps = expectInteger(options.steps, "options.steps", { min: 0 });
  const record = options.record === undefined ? 1 : expectInteger(options.record, "options.record", { min: 1 });
  const pDiag = b / n;
  const pOff = n > 1 ? (b * (b - 1)) / (n * (n - 1)) : 0;
  const c2 = lr * lr * (n / b) ** 2;
  let S = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) S[i * n + j] = r[i] * r[j];
  const KS = new Float64Array(n * n);
  const PS = new Float64Array(n * n);
  const KPS = new Float64Array(n * n);
  const KPSK = new Float64Array(n * n);
  let next = new Float64Array(n * n);
  const trace = (M: Float64Array) => {
    let s = 0;
    for (let i = 0; i < n; i++) s += M[i * n + i];
    return s;
  };
  const out: ExpectedLoss[] = [{ step: 0, expectedLoss: 0.5 * trace(S) }];
  for (let t = 1; t <= steps; t++) {
    multiply(K, S, n, KS);
    for (let k = 0; k < n * n; k++) PS[k] = pOff * S[k];
    for (let i = 0; i < n; i++) PS[i * n + i] = pDiag * S[i * n + i];
    multiply(K, PS, n, KPS);
    multiply(KPS, K, n, KPSK);
    // K S + S K = K S + (K S)ᵀ for symmetric K and S. S is kept exactly symmetric (each pair computed once,
    // mirrored): on antisymmetric parts the recursion's map has eigenvalues up to 1 + ηλ_max, so rounding errors
    // left there would grow exponentially.
    for (let i = 0; i < n; i++) {
      for (let j = i; j < n; j++) {
        const v = S[i * n + j] - lr * (KS[i * n + j] + KS[j * n + i]) + 0.5 * c2 * (KPSK[i * n + j] + KPSK[j * n + i]);
        next[i * n + j] = v;
        next[j * n + i] = v;
      }
    }
    [S, next] = [next, S];
    if (t % record === 0 || t === steps) out.push({ step: t, expectedLoss: 0.5 * trace(S) });
  }
  return out;
}
