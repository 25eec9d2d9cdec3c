/** Types of html.mjs (for the tests, which are TypeScript). */
import type { ChartBytes } from "./charts.mjs";

export interface ReportFacts {
  title: string;
  claims: object[];
  runInfo?: object;
  passed: number;
  failed: number;
  /** The page's explorable figures: anchor id and title. */
  explorables: { id: string; title: string }[];
  chartBytes: ChartBytes;
}
export function cellSeconds(cell: object): number | undefined;
export function formatSeconds(s: number | undefined): string;
export function formatValue(v: unknown): string;
export function collectFacts(nb: object): { claims: object[]; runInfo?: object };
export function notebookTitle(nb: object, fallback: string): string;
export function claimsTableHtml(rows: object[], errors: string[]): string;
export function buildReportHtml(
  nb: object,
  meta: {
    name: string;
    title?: string;
    date: string;
    commit: string;
    runSeconds: number;
    parameters?: { name: string; value: string; overridden: boolean }[];
    source?: string;
  },
  ctx: { renderSvg(spec: object): Promise<string>; errors: string[] },
): Promise<{ html: string; facts: ReportFacts }>;
export function buildIndexHtml(entries: object[]): string;
