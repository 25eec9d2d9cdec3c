/** Types of params.mjs (for the tests, which are TypeScript). */
export class ParameterError extends Error {}
export interface Parameter {
  name: string;
  value: string;
  line: number;
  endLine: number;
}
export interface ParameterUsed {
  name: string;
  value: string;
  overridden: boolean;
}
export interface NotebookJson {
  cells: { cell_type: string; metadata?: { tags?: string[] }; source: string | string[] }[];
  [key: string]: unknown;
}
export function findParametersCell(nb: NotebookJson): number;
export function parseParameters(source: string): Parameter[];
export function notebookParameters(nb: NotebookJson): Parameter[];
export function parseSets(list: string[]): { name: string; value: string }[];
export function valueSource(oldValue: string, text: string): string;
export function applyParameters(
  nb: NotebookJson,
  sets: { name: string; value: string }[],
  notebookName?: string,
): { notebook: NotebookJson; parameters: ParameterUsed[] };
export interface ParameterChecked extends ParameterUsed {
  domain?: string;
  description?: string;
}
export function checkParameterDomains(
  nb: NotebookJson,
  parameters: ParameterUsed[],
  notebookName: string,
  loadLibrary: () => Record<string, unknown>,
): ParameterChecked[];
