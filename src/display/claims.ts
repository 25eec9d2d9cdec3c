/**
 * The claim model every tutorial uses, and the claims table that ends each tutorial.
 *
 * A claim is one statement of a theorem checked in the run: what the theory predicts, what was measured, the
 * tolerance and how it was derived (from the theorem and the run's own quantities, never from the defaults), and a
 * status: `pass`, `fail` (a real finding, shown), or `not-applicable` when the run leaves the theorem's hypotheses
 * (the `reason` names the hypothesis and the run's values that break it). Applicability is decided by a
 * {@link Hypothesis} computed from the run, not by prose.
 */

/** The verdict on a claim. */
export type ClaimStatus = "pass" | "fail" | "not-applicable";

/** One claim of a theorem, checked in the run. */
export interface Claim {
  /** The claim in words, e.g. "½‖∇L‖² ≥ λ_min(K)·L at random points". */
  claim: string;
  /** What the theory predicts (a number or a short text such as "≥ 1" or "−0.5"). */
  predicted: number | string;
  /** What this run measured (empty for a claim that does not apply). */
  measured: number | string;
  /** The tolerance used to judge it, if any. */
  tolerance?: number | string;
  /** How the prediction and the tolerance follow from the theorem and this run's quantities. */
  derivation?: string;
  status: ClaimStatus;
  /** Why the claim does not apply (required for `not-applicable`), or a note on a failure. */
  reason?: string;
}

/** A hypothesis of a theorem, evaluated on the run: whether it holds, and what the run shows either way. */
export interface Hypothesis {
  holds: boolean;
  /** The hypothesis with the run's values, e.g. "P = 34 < n = 40" or "P = 66 ≥ n = 40: not under-parameterized". */
  reason: string;
}

/**
 * A hypothesis from a condition on the run.
 *
 * @param holds - whether the run satisfies it.
 * @param statement - the hypothesis with the run's values, read when it holds ("P = 34 < n = 40").
 * @param violation - what the run shows when it does not ("P = 66 ≥ n = 40: the network is not under-parameterized").
 */
export function hypothesis(holds: boolean, statement: string, violation: string): Hypothesis {
  return { holds, reason: holds ? statement : violation };
}

/** The fields of a judged claim: everything but the status, plus whether it held. */
export interface JudgedClaim extends Omit<Claim, "status"> {
  holds: boolean;
}

/**
 * A claim judged in the run: `pass` when it holds, else `fail`.
 *
 * @throws TypeError naming the field when the claim text is empty or `holds` is not a boolean.
 */
export function judged(row: JudgedClaim): Claim {
  const { holds, ...rest } = row;
  if (typeof holds !== "boolean") throw new TypeError(`holds: expected a boolean, got ${String(holds)}`);
  return checkClaim({ ...rest, status: holds ? "pass" : "fail" }, "claim");
}

/**
 * A claim the run cannot test because a hypothesis of the theorem fails in it.
 *
 * @param claim - the claim as it would read.
 * @param reason - the hypothesis and the run's values that break it.
 * @param predicted - what the theorem would predict, if it applied.
 */
export function notApplicable(claim: string, reason: string, predicted: number | string = ""): Claim {
  if (typeof reason !== "string" || reason.length === 0) {
    throw new TypeError(`reason: expected a non-empty string saying which hypothesis fails, got ${String(reason)}`);
  }
  return checkClaim({ claim, predicted, measured: "", status: "not-applicable", reason }, "claim");
}

/**
 * A claim that applies only under hypotheses: judged by `judge` when all hold, else not applicable with the failing
 * hypotheses' reasons (`judge` is not called then, so it may assume them).
 */
export function claimUnder(
  hypotheses: Hypothesis | readonly Hypothesis[],
  claim: string,
  judge: () => Claim | JudgedClaim,
  predicted: number | string = "",
): Claim {
  const list = Array.isArray(hypotheses) ? hypotheses : [hypotheses as Hypothesis];
  const broken = list.filter((h) => !h.holds);
  if (broken.length) return notApplicable(claim, broken.map((h) => h.reason).join("; "), predicted);
  const row = judge();
  return "holds" in row ? judged(row) : row;
}

/** Counts of a claims table by status. */
export interface ClaimCounts {
  passed: number;
  notApplicable: number;
  failed: number;
  total: number;
}

/** Counts claims by status. */
export function countClaims(rows: readonly Pick<Claim, "status">[]): ClaimCounts {
  let passed = 0;
  let notApplicable = 0;
  let failed = 0;
  for (const r of rows) {
    if (r.status === "pass") passed++;
    else if (r.status === "not-applicable") notApplicable++;
    else failed++;
  }
  return { passed, notApplicable, failed, total: rows.length };
}

/** The one-line summary every view uses: "17 hold · 2 not applicable · 0 fail". */
export function claimSummary(counts: ClaimCounts): string {
  return `${counts.passed} hold · ${counts.notApplicable} not applicable · ${counts.failed} fail`;
}

function checkClaim(r: Claim, name: string): Claim {
  if (r === null || typeof r !== "object") throw new TypeError(`${name}: expected a claim object, got ${String(r)}`);
  if (typeof r.claim !== "string" || r.claim.length === 0) {
    throw new TypeError(`${name}.claim: expected a non-empty string, got ${JSON.stringify(r.claim)}`);
  }
  if (r.status !== "pass" && r.status !== "fail" && r.status !== "not-applicable") {
    throw new TypeError(`${name}.status: expected "pass", "fail" or "not-applicable", got ${JSON.stringify(r.status)}`);
  }
  if (r.status === "not-applicable" && !r.reason) {
    throw new TypeError(`${name}.reason: expected the failing hypothesis for a not-applicable claim, got nothing`);
  }
  const out: Claim = { claim: r.claim, predicted: r.predicted ?? "", measured: r.measured ?? "", status: r.status };
  if (r.tolerance !== undefined) out.tolerance = r.tolerance;
  if (r.derivation !== undefined) out.derivation = r.derivation;
  if (r.reason !== undefined) out.reason = r.reason;
  return out;
}

const VERDICT: Record<ClaimStatus, { text: string; word: string; color: string; background: string }> = {
  pass: { text: "PASS", word: "✔ pass", color: "#1a7f37", background: "#dafbe1" },
  fail: { text: "FAIL", word: "✘ FAIL", color: "#cf222e", background: "#ffebe9" },
  "not-applicable": { text: "N/A ", word: "– not applicable", color: "#57606a", background: "#eaeef2" },
};

/** How many rows a claims table shows by default; the rest are counted, and `table.rows` keeps them all. */
export const CLAIMS_DISPLAY_LIMIT = 200;

/** A table of claims with a summary. */
export class ClaimsTable {
  /** The rows, in order (all of them, whatever the display shows). */
  readonly rows: readonly Claim[];
  /** How many rows the display (text, HTML, JSON for reports) carries; the summary always counts every row. */
  readonly displayLimit: number;
  constructor(rows: readonly Claim[], displayLimit = CLAIMS_DISPLAY_LIMIT) {
    this.rows = rows.map((r, i) => checkClaim(r, `rows[${i}]`));
    if (!(displayLimit >= 1)) throw new RangeError(`displayLimit: expected a number ≥ 1, got ${displayLimit}`);
    this.displayLimit = displayLimit;
  }
  /** The same table displaying up to `limit` rows (`Infinity` for all of them). */
  withDisplayLimit(limit: number): ClaimsTable {
    return new ClaimsTable(this.rows, limit);
  }
  /** The rows the display carries, and how many it leaves out. */
  private shown(): { rows: readonly Claim[]; hidden: number } {
    if (this.rows.length <= this.displayLimit) return { rows: this.rows, hidden: 0 };
    return { rows: this.rows.slice(0, this.displayLimit), hidden: this.rows.length - this.displayLimit };
  }
  /** Counts by status. */
  get counts(): ClaimCounts {
    return countClaims(this.rows);
  }
  /** Number of claims that held. */
  get passed(): number {
    return this.counts.passed;
  }
  /** Number of claims that do not apply to this run. */
  get notApplicable(): number {
    return this.counts.notApplicable;
  }
  /** Number of claims that failed. */
  get failed(): number {
    return this.counts.failed;
  }
  /** One line: "17 hold · 1 not applicable · 0 fail". */
  summary(): string {
    return claimSummary(this.counts);
  }
  /** The table as plain text, one claim a line (a not-applicable claim with its reason). */
  toText(): string {
    const { rows: shown, hidden } = this.shown();
    const lines = shown.map((r) =>
      r.status === "not-applicable"
        ? `${VERDICT[r.status].text}  ${r.claim} — not applicable: ${r.reason}`
        : `${VERDICT[r.status].text}  ${r.claim} — predicted ${formatClaimValue(r.predicted)}, measured ` +
          `${formatClaimValue(r.measured)}${r.tolerance !== undefined ? `, tolerance ${formatClaimValue(r.tolerance)}` : ""}` +
          (r.derivation ? ` (${r.derivation})` : ""),
    );
    if (hidden) lines.push(`… ${hidden} more rows (table.rows has all; table.withDisplayLimit(Infinity) shows them)`);
    return [`Claims: ${this.summary()}`, ...lines].join("\n");
  }
  /**
   * The table as an HTML fragment: pass in green, fail in red, not applicable in grey with its reason under the
   * claim (colour and word, so it also reads in grey); the derivation of a tolerance under it.
   */
  toHtml(): string {
    const { rows: shown, hidden } = this.shown();
    const more = hidden
      ? `<tr><td colspan="5" style="text-align:left">… ${hidden} more rows (<code>table.rows</code> has all; ` +
        `<code>table.withDisplayLimit(Infinity)</code> shows them)</td></tr>`
      : "";
    const rows = shown
      .map((r) => {
        const v = VERDICT[r.status];
        const note = r.reason
          ? `<br><small style="color:#57606a">${r.status === "not-applicable" ? "not applicable: " : ""}${escapeHtml(r.reason)}</small>`
          : "";
        const derivation = r.derivation ? `<br><small style="color:#57606a">${escapeHtml(r.derivation)}</small>` : "";
        return (
          `<tr class="ll-${r.status}"${r.status === "not-applicable" ? ' style="color:#57606a"' : ""}>` +
          `<td style="text-align:left">${escapeHtml(r.claim)}${note}</td>` +
          `<td>${escapeHtml(formatClaimValue(r.predicted))}</td><td>${escapeHtml(formatClaimValue(r.measured))}</td>` +
          `<td>${r.tolerance === undefined ? "" : escapeHtml(formatClaimValue(r.tolerance))}${derivation}</td>` +
          `<td style="font-weight:bold;color:${v.color};background:${v.background}">${v.word}</td></tr>`
        );
      })
      .join("");
    const color = this.failed ? "#cf222e" : "#1a7f37";
    return (
      `<table class="ll-claims" style="border-collapse:collapse">` +
      `<caption style="text-align:left;font-weight:bold;color:${color}">Claims: ${escapeHtml(this.summary())}</caption>` +
      `<thead><tr><th style="text-align:left">claim</th><th>predicted</th><th>measured</th><th>tolerance</th><th>result</th></tr></thead>` +
      `<tbody>${rows}${more}</tbody></table>`
    );
  }
  /** The MIME bundle Jupyter shows (the display protocol of Deno's kernel, also used by `show`). */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    const c = this.counts;
    const { rows, hidden } = this.shown();
    return {
      "text/html": this.toHtml(),
      "text/plain": this.toText(),
      [CLAIMS_MIME]: {
        rows: rows.map((r) => ({ ...r })),
        omitted: hidden,
        passed: c.passed,
        notApplicable: c.notApplicable,
        failed: c.failed,
      },
    };
  }
}

/** The MIME type that carries a claims table's rows as JSON (the report finds the table by it). */
export const CLAIMS_MIME = "application/vnd.landscape-lab.claims+json";

/**
 * Formats a value for tables: integers below 10¹² exactly (a width of 16384 stays 16384), other numbers to 4
 * significant digits (exponent form outside 1e-3…1e5).
 */
export function formatClaimValue(v: number | string | undefined): string {
  if (v === undefined) return "";
  if (typeof v === "string") return v;
  if (!Number.isFinite(v)) return String(v);
  if (v === 0) return "0";
  const a = Math.abs(v);
  if (Number.isInteger(v) && a < 1e12) return String(v).replace(/^-/, "−");
  const s = a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3).replace(/\.?0+e/, "e");
  return s.replace(/^-/, "−");
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/**
 * Builds the claims table of a tutorial.
 *
 * @param rows - the claims ({@link judged}, {@link notApplicable}, {@link claimUnder}).
 * @throws TypeError naming the row and field when a row is malformed.
 */
export function claimsTable(rows: readonly Claim[]): ClaimsTable {
  if (!Array.isArray(rows)) throw new TypeError(`rows: expected an array of claims, got ${typeof rows}`);
  return new ClaimsTable(rows);
}
