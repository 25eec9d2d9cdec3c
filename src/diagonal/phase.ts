/**
 * Section 6 of tutorial 3: a Donoho–Tanner phase diagram of exact recovery by the depth-D flow limit and by basis
 * pursuit, with α^D derived per trial from the theory's rate and the problem's certificate gap, and the two
 * deterministic counts the claims are judged from (certified trials recovered; decided trials within tol of x_BP).
 */
import { expectInteger, expectNumber, expectNumberList, expectOptions } from "../core/validate.js";
import { parallelMap } from "../parallel/index.js";
import { dualRho, recoveryCertificate } from "./certificate.js";
import { validateDepth } from "./core.js";
import { dlnLimit, dlnSmallestAlphaD, type DlnLimitResult } from "./limit.js";
import { basisPursuit } from "./lp.js";
import { dlnSparseProblem } from "./recovery.js";

/** What the trials of one phase-diagram cell found (summed over its trials). */
export interface DlnPhaseCounts {
  /** Trials the flow limit recovered (‖x_α − x*‖∞ ≤ tol·‖x*‖∞). */
  dln: number;
  /** Trials basis pursuit recovered. */
  basisPursuit: number;
  /** Trials whose x* has a dual certificate on A (then basis pursuit must recover it). */
  certified: number;
  /** Certified trials that basis pursuit recovered. */
  certifiedRecovered: number;
  /**
   * Trials where the basis-pursuit solution is certified unique and the α^D the theory asks for is representable
   * (the flow limit's distance to x_BP is then predicted below tol·‖x_BP‖∞).
   */
  decided: number;
  /** Decided trials whose flow limit lies within tol·‖x_BP‖∞ of the basis-pursuit solution. */
  agrees: number;
  /** Range of the α^D used over the trials. */
  minAlphaD: number;
  maxAlphaD: number;
}

/** One cell of the phase diagram. */
export interface DlnPhaseCell {
  method: string;
  /** δ = m/n. */
  delta: number;
  /** ρ = k/m. */
  rho: number;
  m: number;
  k: number;
  /** Fraction of trials with exact recovery (‖x − x*‖∞ ≤ tol·‖x*‖∞). */
  probability: number;
  trials: number;
  /** The cell's counts (the same object on both methods' rows). */
  counts: DlnPhaseCounts;
}

/** One cell of {@link dlnPhaseDiagram} as a sweep point (plain data, so a worker thread can compute it). */
export interface DlnPhasePoint {
  delta: number;
  rho: number;
  m: number;
  k: number;
  /** Seed of the cell's first trial; trial t uses seed + t. */
  seed: number;
}

/** What every cell of {@link dlnPhaseDiagram} shares (plain data). */
export interface DlnPhaseShared {
  n: number;
  trials: number;
  depth: number;
  /** A fixed α^D for every trial, or null to derive it per trial ({@link dlnPhaseAlphaD}). */
  alphaD: number | null;
  tol: number;
}

/**
 * The α^D at which the theory predicts the depth-D flow limit within `tol`·scale of a basis-pursuit solution whose
 * certificate gap is `gap` = 1 − ρ, with a factor 10 to spare. Off the support the limit has leading-order mass
 *  - D = 2: scale·(α^D/scale)^gap (section 4: x_j ≈ α^D·e^(ρ·ln(scale/α^D))),
 *  - D > 2: α^D·gap^(−D/(D−2)) (x_j = α^D[(1 − u_j)^(−k) − …] with 1 − |u_j| ≥ gap),
 * and the support moves by `amplification` = ‖A_S⁺A_{S^c}‖∞ times that to keep A x = y; so α^D solves
 * (1 + amplification)·mass = tol·scale/10.
 *
 * @returns the α^D, or undefined when it is below {@link dlnSmallestAlphaD} (float64 cannot reach it).
 */
export function dlnPhaseAlphaD(
  depth: number,
  gap: number,
  tol: number,
  scale: number,
  amplification = 0,
): number | undefined {
  const D = validateDepth(depth);
  if (!(gap > 0)) return undefined;
  const target = Math.log10(tol / 10 / (1 + amplification));
  const lg = D === 2 ? Math.log10(scale) + target / gap : target + Math.log10(scale) + (D / (D - 2)) * Math.log10(gap);
  const a = 10 ** Math.min(0, lg);
  return a >= dlnSmallestAlphaD(D) ? a : undefined;
}

/**
 * One cell of the phase diagram: `trials` random k-sparse problems (m × n Gaussian A, seeds point.seed + t), and
 * how many of them the depth-D flow limit and basis pursuit recover exactly (‖x − x*‖∞ ≤ tol·‖x*‖∞), how many carry
 * a dual certificate, and (with α^D derived per trial from the basis-pursuit solution's certificate gap,
 * {@link dlnPhaseAlphaD}) how many flow limits lie within tol of the basis-pursuit solution. A pure function of its
 * arguments (what `parallelMap` runs in a worker thread).
 *
 * @param point - δ, ρ, m, k and the seed of the first trial.
 * @param _index - position in the diagram (unused).
 * @param shared - n, trials, depth, α^D (or null) and tol.
 */
export async function dlnPhaseCellCounts(
  point: DlnPhasePoint,
  _index: number,
  shared: DlnPhaseShared,
): Promise<DlnPhaseCounts> {
  const c: DlnPhaseCounts = {
    dln: 0,
    basisPursuit: 0,
    certified: 0,
    certifiedRecovered: 0,
    decided: 0,
    agrees: 0,
    minAlphaD: Infinity,
    maxAlphaD: 0,
  };
  const D = shared.depth;
  for (let t = 0; t < shared.trials; t++) {
    const p = dlnSparseProblem({ m: point.m, n: shared.n, k: point.k, seed: point.seed + t });
    const scale = Math.max(...p.xStar.map(Math.abs));
    const err = (x: number[], to: number[]): number => Math.max(...x.map((v, i) => Math.abs(v - to[i])));
    const bp = await basisPursuit(p.A, p.y);
    const bpOk = bp.status === "Optimal" && err(bp.x, p.xStar) <= shared.tol * scale;
    if (bpOk) c.basisPursuit++;
    const cert = await recoveryCertificate(p.A, p.xStar);
    if (cert.holds) {
      c.certified++;
      if (bpOk) c.certifiedRecovered++;
    }
    let alphaD = shared.alphaD ?? undefined;
    let decided = false;
    const bpScale = bp.status === "Optimal" ? Math.max(...bp.x.map(Math.abs)) : NaN;
    let lim: DlnLimitResult | undefined;
    if (alphaD === undefined) {
      const bpCert = bp.status === "Optimal" && bpScale > 0 ? await recoveryCertificate(p.A, bp.x) : undefined;
      const amp = bpCert?.amplification ?? NaN;
      let derived = bpCert?.holds ? dlnPhaseAlphaD(D, 1 - bpCert.rho, shared.tol, bpScale, amp) : undefined;
      // The rate is set by the certificate the flow selects, not by the smallest one: read its gap from the
      // flow's own dual u at that α^D and, while smaller, derive α^D again from it (u approaches the selected
      // certificate as α^D falls, so a few rounds settle it).
      let gap = bpCert ? 1 - bpCert.rho : NaN;
      for (let round = 0; round < 5 && derived !== undefined && bpCert; round++) {
        lim = dlnLimit({ A: p.A, y: p.y, depth: D, alpha: derived ** (1 / D) });
        const flowGap = 1 - dualRho(lim.u, bpCert.support);
        if (!(flowGap < gap)) break;
        gap = flowGap;
        derived = dlnPhaseAlphaD(D, gap, shared.tol, bpScale, amp);
        lim = undefined;
      }
      decided = derived !== undefined;
      alphaD = derived ?? dlnSmallestAlphaD(D);
    }
    c.minAlphaD = Math.min(c.minAlphaD, alphaD);
    c.maxAlphaD = Math.max(c.maxAlphaD, alphaD);
    lim ??= dlnLimit({ A: p.A, y: p.y, depth: D, alpha: alphaD ** (1 / D) });
    if (err(lim.x, p.xStar) <= shared.tol * scale) c.dln++;
    if (decided) {
      c.decided++;
      if (err(lim.x, bp.x) <= shared.tol * bpScale) c.agrees++;
    }
  }
  return c;
}

/**
 * A Donoho–Tanner phase diagram: for each (δ = m/n, ρ = k/m), the fraction of random k-sparse problems (Gaussian A)
 * recovered exactly by the depth-D flow limit and by basis pursuit. Without `alphaD`, each trial's α^D is derived
 * from the depth and the problem ({@link dlnPhaseAlphaD}: the α^D at which the predicted distance to the
 * basis-pursuit solution is below the recovery threshold); with it, every trial uses that α^D. The cells are
 * independent: they are computed on all CPU cores (`parallelMap`); the result is the same for any number of workers.
 * Trial t of the c-th cell (δ-major order) uses the seed `seed + c·trials + t`.
 *
 * @param opts.tol - recovery threshold relative to ‖x*‖∞ (default 1e-4).
 * @param opts.onCell - called after each finished cell (for a progress bar).
 * @param opts.onProgress - called after each finished cell with (finished, total).
 * @param opts.workers - worker threads (default all cores; 1 = this thread).
 * @throws ArgumentError naming `n`, `trials`, `deltas`, `rhos`, `depth` or `alphaD` when out of domain.
 */
export async function dlnPhaseDiagram(opts: {
  n: number;
  deltas: number[];
  rhos: number[];
  trials: number;
  depth: number;
  alphaD?: number;
  seed: number;
  tol?: number;
  onCell?: () => void;
  onProgress?: (done: number, total: number) => void;
  workers?: number;
}): Promise<DlnPhaseCell[]> {
  const o = expectOptions<typeof opts>(opts, "options");
  const n = expectInteger(o.n, "n", { min: 1 });
  const trials = expectInteger(o.trials, "trials", { min: 1 });
  const deltas = expectNumberList(o.deltas, "deltas", { min: 0, minOpen: true, minLength: 1 });
  const rhos = expectNumberList(o.rhos, "rhos", { min: 0, minOpen: true, minLength: 1 });
  const depth = validateDepth(o.depth);
  const alphaD = o.alphaD === undefined ? null : expectNumber(o.alphaD, "alphaD", { min: 0, max: 1, minOpen: true });
  const shared: DlnPhaseShared = { n, trials, depth, alphaD, tol: o.tol ?? 1e-4 };
  const points: DlnPhasePoint[] = [];
  for (const delta of deltas)
    for (const rho of rhos) {
      const m = Math.max(1, Math.round(delta * n));
      const k = Math.max(1, Math.round(rho * m));
      points.push({ delta, rho, m, k, seed: (o.seed as number) + points.length * trials });
    }
  const counts = await parallelMap<DlnPhasePoint, DlnPhaseCounts, DlnPhaseShared>(
    points,
    { module: __filename, export: "dlnPhaseCellCounts" },
    {
      shared,
      workers: o.workers,
      cost: (p) => p.m,
      onProgress: (done, total) => {
        o.onCell?.();
        o.onProgress?.(done, total);
      },
    },
  );
  const label = `DLN limit (D = ${depth}, α^D ${alphaD === null ? "from each problem's certificate" : `= ${alphaD.toExponential(0)}`})`;
  const cells: DlnPhaseCell[] = [];
  points.forEach(({ delta, rho, m, k }, i) => {
    const cc = counts[i];
    cells.push({ method: label, delta, rho, m, k, probability: cc.dln / trials, trials, counts: cc });
    cells.push({
      method: "basis pursuit",
      delta,
      rho,
      m,
      k,
      probability: cc.basisPursuit / trials,
      trials,
      counts: cc,
    });
  });
  return cells;
}
