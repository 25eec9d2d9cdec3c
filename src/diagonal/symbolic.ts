/**
 * A symbolic check of the closed form of the diagonal-network flow, with mathjs.
 *
 * The flow ȧ = D a^{D−1} ⊙ r, ḃ = −D b^{D−1} ⊙ r (r = Aᵀ(y − Ax) = dG/dt, G = Aᵀν) is, coordinate by coordinate, an
 * ODE in G: da/dG = D a^{D−1}, db/dG = −D b^{D−1}, a(0) = b(0) = α. Its solution is claimed to be
 *  - D = 2: a = α e^{2G}, b = α e^{−2G};
 *  - D > 2: a = α (1 − cG)^{−1/(D−2)}, b = α (1 + cG)^{−1/(D−2)}, c = D(D−2)α^{D−2}.
 * mathjs differentiates these expressions symbolically; the residuals da/dG − D a^{D−1} and db/dG + D b^{D−1} are
 * then evaluated at sample points, and the library's own float64 x(u) and dx/du (used by the dual Newton solver of
 * {@link dlnLimit}) are compared with the symbolic x = a^D − b^D and its derivative.
 */
import { createRequire } from "node:module";
import { closedForm, dualScale, validateAlpha, validateDepth } from "./core.js";

// mathjs's type declarations are ES-module only (its package is "type": "module"), which a CommonJS build cannot
// import; its CommonJS entry works at run time. These are the few members used here.
interface EvalFunction {
  evaluate(scope: Record<string, number>): unknown;
}
interface MathNode {
  compile(): EvalFunction;
  toString(): string;
}
interface MathJs {
  parse(expr: string): MathNode;
  derivative(expr: MathNode, variable: string, options?: { simplify: boolean }): MathNode;
  simplify(expr: MathNode): MathNode;
}
let mathInstance: MathJs | undefined;
/** mathjs, loaded on first use (loading it takes ~0.8 s: the library's import, and every worker thread's, skip it). */
function mathjs(): MathJs {
  if (!mathInstance) {
    const m = createRequire(__filename)("mathjs") as {
      create(factories: unknown, config: object): MathJs;
      all: unknown;
    };
    mathInstance = m.create(m.all, { number: "number" });
  }
  return mathInstance;
}

/** What {@link dlnClosedFormCheck} found. */
export interface DlnClosedFormCheck {
  depth: number;
  alpha: number;
  /** The closed forms of a(G), b(G) and x(G) as text (mathjs syntax). */
  a: string;
  b: string;
  x: string;
  /** mathjs's symbolic derivative da/dG (simplified by mathjs when first read). */
  dadG: string;
  /** max over the sample points of |da/dG − D a^{D−1}| / |D a^{D−1}| and likewise for b: 0 when the form solves the flow. */
  flowResidual: number;
  /** max relative gap between the library's float64 x(u) and the symbolic x (u = cG). */
  xGap: number;
  /** max relative gap between the library's dx/du and the symbolic dx/dG / c. */
  dxGap: number;
  /** the sample points G. */
  points: number[];
}

function forms(depth: number): { a: string; b: string } {
  if (depth === 2) return { a: "alpha * exp(2 * G)", b: "alpha * exp(-2 * G)" };
  return {
    a: "alpha * (1 - D * (D - 2) * alpha^(D - 2) * G)^(-1 / (D - 2))",
    b: "alpha * (1 + D * (D - 2) * alpha^(D - 2) * G)^(-1 / (D - 2))",
  };
}

const compileNode = (n: MathNode): EvalFunction => n.compile();

/**
 * Verifies symbolically (mathjs `derivative`) that the closed form solves the diagonal-network flow, and that the
 * library's float64 closed form x(u) and its derivative agree with it.
 *
 * @param depth - D ≥ 2.
 * @param alpha - initialization scale α > 0.
 * @param options.points - how many sample points G in the domain (default 9; for D > 2 they lie in |cG| ≤ 0.9).
 * @throws Error naming `depth`, `alpha` or `options.points` on bad input.
 */
export function dlnClosedFormCheck(
  depth: number,
  alpha: number,
  options: { points?: number } = {},
): DlnClosedFormCheck {
  validateDepth(depth);
  validateAlpha(alpha);
  const count = options.points ?? 9;
  if (!Number.isInteger(count) || count < 2) {
    throw new Error(`options.points: expected an integer ≥ 2, got ${String(options.points)}`);
  }
  const f = forms(depth);
  const math = mathjs();
  const aNode = math.parse(f.a);
  const bNode = math.parse(f.b);
  const xNode = math.parse(`(${f.a})^D - (${f.b})^D`);
  // The chain rule as mathjs applies it, without its simplifier (which took ~0.1–0.2 s a derivative and is not
  // needed to evaluate them); only the derivative shown to the reader, `dadG`, is simplified, when first read.
  const raw = { simplify: false };
  const dadG = math.derivative(aNode, "G", raw);
  const dbdG = math.derivative(bNode, "G", raw);
  const dxdG = math.derivative(xNode, "G", raw);
  const [a, b, x, da, db, dx] = [aNode, bNode, xNode, dadG, dbdG, dxdG].map(compileNode);
  const c = dualScale(depth, alpha);
  const lib = closedForm(depth, alpha);
  // For D > 2 the domain is |cG| < 1; for D = 2 keep 4|G| ≤ 6 so that values stay well inside float64.
  const reach = depth === 2 ? 1.5 : 0.9 / c;
  const points = Array.from({ length: count }, (_, i) => -reach + (2 * reach * i) / (count - 1));
  let flowResidual = 0;
  let xGap = 0;
  let dxGap = 0;
  const rel = (p: number, q: number) => Math.abs(p - q) / Math.max(Math.abs(q), Number.MIN_VALUE);
  for (const G of points) {
    const scope = { alpha, D: depth, G };
    const av = a.evaluate(scope) as number;
    const bv = b.evaluate(scope) as number;
    flowResidual = Math.max(
      flowResidual,
      rel(da.evaluate(scope) as number, depth * av ** (depth - 1)),
      rel(db.evaluate(scope) as number, -depth * bv ** (depth - 1)),
    );
    const xs = x.evaluate(scope) as number;
    const dxs = dx.evaluate(scope) as number;
    if (xs !== 0) xGap = Math.max(xGap, rel(lib.x(c * G), xs));
    else xGap = Math.max(xGap, Math.abs(lib.x(c * G)));
    dxGap = Math.max(dxGap, rel(lib.dx(c * G), dxs / c));
  }
  const result = {
    depth,
    alpha,
    a: f.a,
    b: f.b,
    x: `(${f.a})^D - (${f.b})^D`,
    dadG: "",
    flowResidual,
    xGap,
    dxGap,
    points,
  };
  let shown: string | undefined;
  Object.defineProperty(result, "dadG", {
    enumerable: true,
    get: () => (shown ??= math.simplify(dadG).toString()),
  });
  return result;
}
