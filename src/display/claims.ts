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
  /** One line: "3/4 claims hold (1 FAILED)". */
  summary(): string {
    const n = this.rows.length;
    return `${this.passed}/${n} claim${n === 1 ? "" : "s"} hold${this.failed ? ` (${this.failed} FAILED)` : ""}`;
  }
  /** The table as plain text, one claim a line. */
  toText(): string {
    const lines = this.rows.map(
      (r) =>
        `${r.pass ? "PASS" : "FAIL"}  ${r.claim} — predicted ${formatClaimValue(r.predicted)}, measured ` +
        `${formatClaimValue(r.measured)}${r.tolerance !== undefined ? `, tolerance ${formatClaimValue(r.tolerance)}` : ""}`,
    );
    return [`Claims: ${this.summary()}`, ...lines].join("\n");
  }
  /** The table as an HTML fragment, pass in green and fail in red (colour and word, so it also reads in grey). */
  toHtml(): string {
    const rows = this.rows
      .map(
        (r) =>
          `<tr class="${r.pass ? "ll-pass" : "ll-fail"}"><td style="text-align:left">${escapeHtml(r.claim)}</td>` +
          `<td>${escapeHtml(formatClaimValue(r.predicted))}</td><td>${escapeHtml(formatClaimValue(r.measured))}</td>` +
          `<td>${r.tolerance === undefined ? "" : escapeHtml(formatClaimValue(r.tolerance))}</td>` +
          `<td style="font-weight:bold;color:${r.pass ? "#1a7f37" : "#cf222e"};background:${r.pass ? "#dafbe1" : "#ffebe9"}">` +
          `${r.pass ? "✔ pass" : "✘ FAIL"}</td></tr>`,
      )
      .join("");
    const color = this.failed ? "#cf222e" : "#1a7f37";
    return (
      `<table class="ll-claims" style="border-collapse:collapse">` +
      `<caption style="text-align:left;font-weight:bold;color:${color}">Claims: ${escapeHtml(this.summary())}</caption>` +
      `<thead><tr><th style="text-align:left">claim</th><th>predicted</th><th>measured</th><th>tolerance</th><th>result</th></tr></thead>` +
      `<tbody>${rows}</tbody></table>`
    );
  }
  /** The MIME bundle Jupyter shows (the display protocol of Deno's kernel, also used by `show`). */
  [Symbol.for("Jupyter.display")](): Record<string, unknown> {
    return {
      "text/html": this.toHtml(),
      "text/plain": this.toText(),
      [CLAIMS_MIME]: { rows: this.rows.map((r) => ({ ...r })), passed: this.passed, failed: this.failed },
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
 * @param rows - the claims, each with predicted and measured values computed in the run.
 * @throws TypeError naming the row and field when a row is malformed.
 */
export function claimsTable(rows: readonly Claim[]): ClaimsTable {
  if (!Array.isArray(rows)) throw new TypeError("rows: expected an array of claims");
  return new ClaimsTable(rows);
}
