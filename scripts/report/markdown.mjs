/**
 * Markdown with math → HTML at export time: `$…$`, `$$…$$`, `\(…\)`, `\[…\]` are rendered by KaTeX (HTML + MathML,
 * no script in the page), the rest by marked. Code spans and fenced code keep their dollars. KaTeX's CSS is
 * inlined with its fonts as data: URIs, so a report needs no network.
 */
import { readFileSync, readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import katex from "katex";
import { Marked } from "marked";

const require = createRequire(import.meta.url);

/** Renders TeX to HTML (throws nothing: a TeX error is shown in red with its source, and reported to `errors`). */
export function renderTex(tex, displayMode, errors = []) {
  try {
    return katex.renderToString(tex, { displayMode, throwOnError: true, output: "htmlAndMathml", strict: "ignore" });
  } catch (e) {
    errors.push(`${displayMode ? "$$" : "$"}${tex}${displayMode ? "$$" : "$"}: ${e.message}`);
    return `<code class="tex-error" title="${escapeHtml(e.message)}" style="color:#cf222e">${escapeHtml(tex)}</code>`;
  }
}

export function escapeHtml(s) {
  return String(s).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const MATH_PATTERNS = [
  // display first, so that $$ is not read as two $
  { re: /\$\$([\s\S]+?)\$\$/y, display: true },
  { re: /\\\[([\s\S]+?)\\\]/y, display: true },
  { re: /\\\(([\s\S]+?)\\\)/y, display: false },
  // inline $…$: not empty, no space just inside the dollars, no blank line inside, not followed by a digit
  { re: /\$(?![\s$])((?:\\.|[^\\$\n]|\n(?!\s*\n))+?)(?<!\s)\$(?!\d)/y, display: false },
];

/**
 * Replaces math with placeholders, leaving code (fenced blocks, indented-free inline spans) untouched.
 *
 * @returns { text, math: [{ tex, display }] }
 */
export function extractMath(src) {
  const math = [];
  let out = "";
  let i = 0;
  const atLineStart = (k) => k === 0 || src[k - 1] === "\n";
  while (i < src.length) {
    // fenced code block
    if (atLineStart(i)) {
      const fence = /^( {0,3})(`{3,}|~{3,})[^\n]*\n/.exec(src.slice(i));
      if (fence) {
        const close = new RegExp(
          `\\n {0,3}${fence[2][0] === "`" ? "`" : "~"}{${fence[2].length},}[ \\t]*(?:\\n|$)`,
          "g",
        );
        close.lastIndex = i + fence[0].length - 1;
        const m = close.exec(src);
        const end = m ? m.index + m[0].length : src.length;
        out += src.slice(i, end);
        i = end;
        continue;
      }
    }
    const ch = src[i];
    if (ch === "`") {
      const run = /^`+/.exec(src.slice(i))[0];
      const close = src.indexOf(run, i + run.length);
      if (close > 0) {
        out += src.slice(i, close + run.length);
        i = close + run.length;
        continue;
      }
      out += run;
      i += run.length;
      continue;
    }
    if (ch === "\\" && src[i + 1] === "$") {
      out += "&#36;";
      i += 2;
      continue;
    }
    if (ch === "$" || (ch === "\\" && (src[i + 1] === "[" || src[i + 1] === "("))) {
      let matched = false;
      for (const p of MATH_PATTERNS) {
        p.re.lastIndex = i;
        const m = p.re.exec(src);
        if (m) {
          math.push({ tex: m[1].trim(), display: p.display });
          const token = `MATHPLACEHOLDER${math.length - 1}X`;
          // display math stands as its own paragraph
          out += p.display ? `\n\n${token}\n\n` : token;
          i += m[0].length;
          matched = true;
          break;
        }
      }
      if (matched) continue;
    }
    out += ch;
    i++;
  }
  return { text: out, math };
}

const marked = new Marked({ gfm: true, breaks: false });

/**
 * Markdown (with math) → HTML.
 *
 * @param src - the cell source.
 * @param errors - receives KaTeX errors (text), so the caller can warn.
 */
export function renderMarkdown(src, errors = []) {
  const { text, math } = extractMath(src);
  let html = marked.parse(text);
  html = html.replace(/<p>MATHPLACEHOLDER(\d+)X<\/p>/g, (_, k) => {
    const m = math[Number(k)];
    return `<div class="math-display">${renderTex(m.tex, true, errors)}</div>`;
  });
  html = html.replace(/MATHPLACEHOLDER(\d+)X/g, (_, k) => {
    const m = math[Number(k)];
    return renderTex(m.tex, m.display, errors);
  });
  return html;
}

/** One line of Markdown (a heading's text) with math → inline HTML (no <p>). */
export function renderMarkdownInline(src, errors = []) {
  const { text, math } = extractMath(String(src));
  return marked
    .parseInline(text)
    .replace(/MATHPLACEHOLDER(\d+)X/g, (_, k) => renderTex(math[Number(k)].tex, false, errors));
}

/** One line of Markdown as plain text (for <title>): markup and TeX commands removed. */
export function markdownToPlain(src) {
  return String(marked.parseInline(String(src)))
    .replace(/<[^>]+>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/\$/g, "");
}

/** Plain text that may hold `$…$` (claim names): math rendered, the rest escaped. */
export function renderInline(src, errors = []) {
  const { text, math } = extractMath(String(src));
  return escapeHtml(text)
    .replace(/&amp;#36;/g, "&#36;")
    .replace(/MATHPLACEHOLDER(\d+)X/g, (_, k) => renderTex(math[Number(k)].tex, false, errors));
}

let css;

/** KaTeX's stylesheet with its woff2 fonts inlined as data: URIs (other font formats dropped). */
export function katexCss() {
  if (css) return css;
  const dist = path.dirname(require.resolve("katex/dist/katex.min.css"));
  const fonts = new Map(
    readdirSync(path.join(dist, "fonts"))
      .filter((f) => f.endsWith(".woff2"))
      .map((f) => [f, readFileSync(path.join(dist, "fonts", f)).toString("base64")]),
  );
  css = readFileSync(path.join(dist, "katex.min.css"), "utf8").replace(/src:([^;}]+)/g, (whole, list) => {
    const m = /url\(fonts\/([^)]+\.woff2)\)/.exec(list);
    if (!m || !fonts.has(m[1])) return whole;
    return `src:url(data:font/woff2;base64,${fonts.get(m[1])}) format("woff2")`;
  });
  if (/url\((?!data:)/.test(css)) throw new Error("katex.min.css: a font url was left pointing to a file");
  return css;
}
