/**
 * A Vega-Lite specification as plain data. Kept as our own structural type so that the library's `.d.ts` files
 * never reference vega-lite's types (tslab's TypeScript 5.0.4 with node10 resolution cannot see them).
 */
export interface VegaLiteSpec {
  $schema?: string;
  [key: string]: unknown;
}

/** The Vega-Lite schema our specs declare (JupyterLab's renderer for `application/vnd.vegalite.v5+json`). */
export const VEGA_LITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json";
