/**
 * The claims table that ends every tutorial: each claim of the theorem, what it predicts, what the run measured,
 * and whether it held. Computed in the run; a failing claim is shown, never hidden.
 */

/** One claim of a theorem, checked in the run. */
export interface Claim {
  /** The claim in words, e.g. "½‖∇L‖² ≥ λ_min(K)·L at random points". */
  claim: string;
  /** What the theory predicts (a number or a short text such as "≥ 1" or "−0.5"). */
  predicted: number | string;
  /** What this run measured. */
  measured: number | string;
  /** The tolerance used to judge it, if any. */
  tolerance?: number | string;
  /** Whether the measurement agrees with the prediction. */
  pass: boolean;
}

/** A table of claims with a summary. */
export class ClaimsTable {
  /** The rows, in order. */
  readonly rows: readonly Claim[];
  constructor(rows: readonly Claim[]) {
    rows.forEach((r, i) => {
      if (typeof r?.claim !== "string" || r.claim.length === 0) {
        throw new TypeError(`rows[${i}].claim: expected a non-empty string`);
      }
      if (typeof r.pass !== "boolean")
        throw new TypeError(`rows[${i}].pass: expected a boolean, got ${String(r.pass)}`);
    });
    this.rows = rows.map((r) => ({ ...r }));
  }
  /** Number of claims that held. */
  get passed(): number {
    return this.rows.filter((r) => r.pass).length;
  }
  /** Number of claims that failed. */
  get failed(): number {
    return this.rows.length - this.passed;
  }
}

/**
 * Builds the claims table of a tutorial.
 *
 * @param rows - the claims, each with predicted and measured values computed in the run.
 * @throws TypeError naming the row and field when a row is malformed.
 */
export function claimsTable(rows: readonly Claim[]): ClaimsTable {
  if (!Array.isArray(rows)) throw new TypeError("rows: expected an array of claims");
  return new ClaimsTable(rows);
}
