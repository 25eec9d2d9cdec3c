/**
 * Section 1 of tutorial 3: a k-sparse signal measured by a Gaussian matrix, and the distance of the depth-D flow limit
 * to the basis-pursuit solution (and to x*) as α ↓ 0, on an α^D grid extended past the kink (the budget grows as the
 * certificate gap shrinks).
 */
import { createRng } from "../tensor/index.js";
import { dualRho, recoveryCertificate, type RecoveryCertificate } from "./certificate.js";
import { dlnLimit, dlnSmallestAlphaD, type DlnLimitResult } from "./limit.js";
import { distance } from "./linalg.js";
import { basisPursuit } from "./lp.js";

/** A k-sparse signal measured by a Gaussian matrix (entries N(0, 1/m)). */
export function dlnSparseProblem(opts: { m: number; n: number; k: number; seed: number }): {
  A: number[][];
  y: number[];
  xStar: number[];
} {
  const { m, n, k } = opts;
  const rng = createRng(opts.seed);
  const A = Array.from({ length: m }, () => Array.from(rng.normals(n), (v) => v / Math.sqrt(m)));
  const xStar = new Array(n).fill(0);
  const perm = rng.permutation(n);
  for (let i = 0; i < k; i++) xStar[perm[i]] = (rng.uniform() < 0.5 ? -1 : 1) * (0.5 + rng.uniform());
  const y = A.map((row) => row.reduce((s, a, j) => s + a * xStar[j], 0));
  return { A, y, xStar };
}

/** One point of the sparse-recovery sweep. */
export interface DlnRecoveryRow {
  depth: number;
  alphaD: number;
  /** ‖x_α − x_BP‖₂. */
  toBasisPursuit: number;
  /** ‖x_α − x*‖₂. */
  toTruth: number;
}

/** Where the D > 2 rate of section 1 is asymptotic, per depth. */
export interface DlnRecoveryAsymptote {
  depth: number;
  /**
   * The certificate gap 1 − ρ that sets the kink: the smallest certificate level's, or the flow's own dual u at the
   * smallest α^D computed when that shows a smaller gap.
   */
  gap: number;
  /** The smallest α^D computed for this depth. */
  smallestAlphaD: number;
  /** Whether the grid reached (α^D/min|x_BP,S|)^((D−2)/D) ≤ 10⁻³·gap (three decades past the kink) within float64. */
  reached: boolean;
}

/** The result of {@link dlnRecoverySweep}. */
export interface DlnRecoveryResult {
  rows: DlnRecoveryRow[];
  basisPursuit: number[];
  /** ‖x_BP − x*‖₂. */
  bpError: number;
  /** The dual certificate of x* on A. */
  certificate: RecoveryCertificate;
  /** The dual certificate of x_BP (uniqueness of the basis-pursuit solution, and its gap). */
  bpCertificate: RecoveryCertificate;
  /** Per depth D > 2 (when x_BP is certified): the gap and how far the grid went. */
  asymptotes: DlnRecoveryAsymptote[];
}

/**
 * Section 1: the flow limit approaches the basis-pursuit solution (= x* when recovery holds) as α ↓ 0. For each
 * depth D > 2 the α^D grid is extended, one point a decade, until (α^D/min|x_BP,S|)^((D−2)/D) ≤ 10⁻³·gap — three
 * decades past the kink, where the rate α^D is asymptotic — or to the smallest α^D float64 resolves
 * ({@link dlnSmallestAlphaD}): the budget grows as the certificate gap shrinks. The gap is re-read from the flow's
 * own dual at the grid's end (up to 3 rounds) when it is smaller than the certificate's.
 */
export async function dlnRecoverySweep(opts: {
  A: number[][];
  y: number[];
  xStar: number[];
  depths: number[];
  alphaDs: number[];
}): Promise<DlnRecoveryResult> {
  const bp = await basisPursuit(opts.A, opts.y);
  const certificate = await recoveryCertificate(opts.A, opts.xStar);
  const bpCertificate = await recoveryCertificate(opts.A, bp.x);
  const xMin = Math.min(...bpCertificate.support.map((i) => Math.abs(bp.x[i])));
  const rows: DlnRecoveryRow[] = [];
  const asymptotes: DlnRecoveryAsymptote[] = [];
  const point = (D: number, aD: number): DlnLimitResult => {
    const r = dlnLimit({ A: opts.A, y: opts.y, depth: D, alpha: aD ** (1 / D) });
    rows.push({ depth: D, alphaD: aD, toBasisPursuit: distance(r.x, bp.x), toTruth: distance(r.x, opts.xStar) });
    return r;
  };
  for (const D of opts.depths) {
    for (const aD of opts.alphaDs) point(D, aD);
    if (!(D > 2 && bpCertificate.holds)) continue;
    let gap = 1 - bpCertificate.rho;
    let last = Math.min(...opts.alphaDs);
    let reached = false;
    for (let round = 0; round < 3; round++) {
      const target = Math.max(dlnSmallestAlphaD(D), xMin * (1e-3 * gap) ** (D / (D - 2)));
      const lgTarget = Math.floor(Math.log10(target) + 1e-9);
      let r: DlnLimitResult | undefined;
      for (let e = Math.round(Math.log10(last)) - 1; e >= lgTarget && e >= -300; e--) {
        last = Number(`1e${e}`);
        r = point(D, last);
      }
      reached = (last / xMin) ** ((D - 2) / D) <= 1e-3 * gap;
      if (!r) break;
      const flowGap = 1 - dualRho(r.u, bpCertificate.support);
      if (!(flowGap < gap)) break;
      gap = flowGap;
    }
    reached = (last / xMin) ** ((D - 2) / D) <= 1e-3 * gap;
    asymptotes.push({ depth: D, gap, smallestAlphaD: last, reached });
  }
  return { rows, basisPursuit: bp.x, bpError: distance(bp.x, opts.xStar), certificate, bpCertificate, asymptotes };
}
