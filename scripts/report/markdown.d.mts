/** Types of markdown.mjs (for the tests, which are TypeScript). */
export function renderTex(tex: string, displayMode: boolean, errors?: string[]): string;
export function escapeHtml(s: string): string;
export function extractMath(src: string): { text: string; math: { tex: string; display: boolean }[] };
export function renderMarkdown(src: string, errors?: string[]): string;
export function renderInline(src: string, errors?: string[]): string;
export function katexCss(): string;
export function renderMarkdownInline(src: string, errors?: string[]): string;
export function markdownToPlain(src: string): string;
