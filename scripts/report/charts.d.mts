/** Types of charts.mjs (for the tests, which are TypeScript). */
export const CONTENT_SECURITY_POLICY: string;
export const MAX_EMBEDDED_ROWS: number;
export const BOOT_SCRIPT: string;
export const CHART_CSS: string;
export function vegaLibraries(): {
  html: string;
  bytes: Record<string, number>;
  versions: Record<string, string>;
};
export function thinRows<T>(rows: T[], max: number): T[];
export function thinSpec<S>(spec: S, max?: number): { spec: S; dropped: number };
export function scriptJson(value: unknown): string;
export interface ChartBytes {
  libraries: number;
  specs: number;
  svg: number;
  charts: number;
  thinnedRows: number;
}
export function chartFigure(svg: string, spec: object | undefined, alt: string | undefined, ctx: object): string;
export function liveChartsTail(ctx: object): { scripts: string; cost: ChartBytes };
