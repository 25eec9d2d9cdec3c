/**
 * A tutorial's parameters with their domains. The notebook's cell tagged `parameters` holds plain
 * `const name = value; // what it is` lines a reader edits; the tutorial's library declares the same names with
 * their domains in a {@link ParameterSchema}. The report command reads the cell, parses each value as a literal
 * and checks it against the schema before the kernel starts; the notebook's next cell calls `schema.check({…})`,
 * so a cell run in Jupyter with a bad value gets the same message.
 *
 * The schema also draws random parameter sets from the domains ({@link ParameterSchema.sample}), for the tutorials'
 * property tests and sweeps.
 */
import type { Rng } from "../tensor/random.js";
import {
  ArgumentError,
  choiceDomainText,
  describeValue,
  expectBoolean,
  expectChoice,
  expectInteger,
  expectNumber,
  expectNumberList,
  numberDomainText,
  numberListDomainText,
  type NumberBounds,
  type NumberListConstraints,
  ValueText,
} from "./validate.js";

/** The domain of one parameter. */
export type ParameterDomain =
  | ({ kind: "integer" } & NumberBounds)
  | ({ kind: "number"; scale?: "linear" | "log" } & NumberBounds)
  | { kind: "choice"; values: readonly string[] }
  | { kind: "boolean" }
  | ({ kind: "list"; scale?: "linear" | "log" } & NumberListConstraints);

/** A parameter: its domain and what it is, in a few words. */
export interface ParameterSpec {
  domain: ParameterDomain;
  description: string;
}

/**
 * A constraint between parameters (e.g. "minWidthExponent < maxWidthExponent"). `check` returns undefined when it
 * holds, else what came (e.g. "minWidthExponent = 9, maxWidthExponent = 7").
 */
export interface ParameterRule {
  /** The parameters involved (named in the error). */
  names: readonly string[];
  /** The constraint in words, e.g. "minWidthExponent < maxWidthExponent". */
  expected: string;
  check(values: Readonly<Record<string, unknown>>): string | undefined;
}

/** A parameter value outside its domain: names the parameter, the domain and the value. */
export class ParameterError extends ArgumentError {
  constructor(argument: string, expected: string, got: unknown, detail?: string) {
    super(argument, expected, got, detail);
    this.name = "ParameterError";
  }
}

/** An integer parameter. */
export function integerParameter(description: string, bounds: NumberBounds): ParameterSpec {
  return { description, domain: { kind: "integer", ...bounds } };
}

/** A real parameter; `scale: "log"` makes {@link ParameterSchema.sample} draw it log-uniformly. */
export function numberParameter(
  description: string,
  bounds: NumberBounds & { scale?: "linear" | "log" },
): ParameterSpec {
  return { description, domain: { kind: "number", ...bounds } };
}

/** A parameter that takes one of a few strings. */
export function choiceParameter(description: string, values: readonly string[]): ParameterSpec {
  return { description, domain: { kind: "choice", values } };
}

/** A true/false parameter. */
export function booleanParameter(description: string): ParameterSpec {
  return { description, domain: { kind: "boolean" } };
}

/** A list-of-numbers parameter. */
export function listParameter(
  description: string,
  constraints: NumberListConstraints & { scale?: "linear" | "log" },
): ParameterSpec {
  return { description, domain: { kind: "list", ...constraints } };
}

/** The domain of a parameter in words ("an integer in [4, 512]"). */
export function domainText(domain: ParameterDomain): string {
  switch (domain.kind) {
    case "integer":
      return numberDomainText(domain, true);
    case "number":
      return numberDomainText(domain);
    case "choice":
      return choiceDomainText(domain.values);
    case "boolean":
      return "true or false";
    case "list":
      return numberListDomainText(domain);
  }
}

function checkOne(name: string, domain: ParameterDomain, v: unknown): unknown {
  try {
    switch (domain.kind) {
      case "integer":
        return expectInteger(v, name, domain);
      case "number":
        return expectNumber(v, name, domain);
      case "choice":
        return expectChoice(v, name, domain.values);
      case "boolean":
        return expectBoolean(v, name);
      case "list":
        return expectNumberList(v, name, domain);
    }
  } catch (e) {
    if (e instanceof ArgumentError) throw new ParameterError(name, domainText(domain), v, e.detail);
    throw e;
  }
}

/** One row of a schema's table: name, domain, description and (with values) the value. */
export interface ParameterRow {
  name: string;
  domain: string;
  description: string;
  value?: string;
}

/**
 * The parameters of one tutorial with their domains and constraints.
 *
 * @typeParam V - the type of a checked parameter set.
 */
export class ParameterSchema<V extends Record<string, unknown> = Record<string, unknown>> {
  constructor(
    /** The tutorial, named in errors (e.g. "tutorial 1 (PL* in wide networks)"). */
    readonly title: string,
    readonly specs: Readonly<Record<keyof V & string, ParameterSpec>>,
    readonly rules: readonly ParameterRule[] = [],
    /**
     * Narrower domains the recorded sweep (`npm run sweep`) draws from, inside the declared ones, to keep each run
     * within the notebook's time budget; the reason is the run time, never the claims.
     */
    readonly sweepDomains: Readonly<Partial<Record<keyof V & string, ParameterDomain>>> = {} as Partial<
      Record<keyof V & string, ParameterDomain>
    >,
  ) {}

  /** The parameter names, in declaration order. */
  get names(): string[] {
    return Object.keys(this.specs);
  }

  /**
   * Checks a full parameter set: every declared parameter present and in its domain, no unknown name, every rule.
   *
   * @returns the same values, typed.
   * @throws ParameterError naming the first bad parameter (or the parameters of a broken rule), its domain and its
   *   value.
   */
  check(values: Readonly<Record<string, unknown>>): V {
    if (values === null || typeof values !== "object") {
      throw new ParameterError("parameters", `an object with ${this.names.join(", ")}`, values);
    }
    for (const name of Object.keys(values)) {
      if (!(name in this.specs)) {
        throw new ParameterError(name, `one of the parameters of ${this.title}: ${this.names.join(", ")}`, name);
      }
    }
    for (const name of this.names) {
      if (!(name in values))
        throw new ParameterError(name, domainText(this.specs[name as keyof V & string].domain), undefined);
      checkOne(name, this.specs[name as keyof V & string].domain, values[name]);
    }
    for (const rule of this.rules) {
      const got = rule.check(values);
      if (got !== undefined) throw new ParameterError(rule.names.join(", "), rule.expected, new ValueText(got));
    }
    return { ...values } as V;
  }

  /** The parameters as table rows (domain in words), with the values when given. */
  table(values?: Readonly<Record<string, unknown>>): ParameterRow[] {
    return this.names.map((name) => {
      const spec = this.specs[name as keyof V & string];
      const row: ParameterRow = { name, domain: domainText(spec.domain), description: spec.description };
      if (values && name in values) row.value = describeValue(values[name]);
      return row;
    });
  }

  /**
   * Draws a random parameter set from the domains (integers and linear numbers uniformly, `scale: "log"` numbers
   * and lists log-uniformly, list lengths uniformly), retrying until every rule holds.
   *
   * @param rng - the random stream.
   * @param narrow - narrower domains for some parameters (e.g. small sizes for CI); each must lie inside the declared
   *   domain — every draw is checked against the schema itself.
   * @param fixed - values to keep as they are.
   * @throws Error when 1000 draws never satisfied the rules.
   */
  sample(
    rng: Rng,
    narrow: Partial<Record<string, ParameterDomain>> = {},
    fixed: Readonly<Record<string, unknown>> = {},
  ): V {
    for (let attempt = 0; attempt < 1000; attempt++) {
      const values: Record<string, unknown> = {};
      for (const name of this.names) {
        values[name] =
          name in fixed
            ? fixed[name]
            : drawValue(narrow[name] ?? this.specs[name as keyof V & string].domain, rng, name);
      }
      if (this.rules.every((r) => r.check(values) === undefined)) return this.check(values);
    }
    throw new Error(`${this.title}: 1000 random draws never satisfied the parameter rules`);
  }
}

/** Makes a schema; see {@link ParameterSchema}. */
export function parameterSchema<V extends Record<string, unknown>>(
  title: string,
  specs: Record<keyof V & string, ParameterSpec>,
  rules: readonly ParameterRule[] = [],
  sweepDomains: Partial<Record<keyof V & string, ParameterDomain>> = {},
): ParameterSchema<V> {
  return new ParameterSchema<V>(title, specs, rules, sweepDomains);
}

function finiteBound(v: number | undefined, fallback: number): number {
  return v === undefined || !Number.isFinite(v) ? fallback : v;
}

function drawNumber(b: NumberBounds & { scale?: "linear" | "log" }, rng: Rng, integer: boolean, name: string): number {
  let lo = finiteBound(b.min, integer ? 0 : -1);
  let hi = finiteBound(b.max, lo + (integer ? 100 : 1));
  if (integer) {
    lo = b.minOpen ? Math.floor(lo) + 1 : Math.ceil(lo);
    hi = b.maxOpen ? Math.ceil(hi) - 1 : Math.floor(hi);
    if (hi < lo) throw new Error(`${name}: the domain holds no integer`);
    return lo + rng.int(hi - lo + 1);
  }
  for (let k = 0; k < 100; k++) {
    const v =
      b.scale === "log" && lo > 0
        ? Math.exp(Math.log(lo) + rng.uniform() * (Math.log(hi) - Math.log(lo)))
        : lo + rng.uniform() * (hi - lo);
    const x = Number(v.toPrecision(3));
    if ((b.minOpen ? x > lo : x >= lo) && (b.maxOpen ? x < hi : x <= hi)) return x;
  }
  throw new Error(`${name}: could not draw a number in the domain`);
}

function drawValue(domain: ParameterDomain, rng: Rng, name: string): unknown {
  switch (domain.kind) {
    case "integer":
      return drawNumber(domain, rng, true, name);
    case "number":
      return drawNumber(domain, rng, false, name);
    case "choice":
      return domain.values[rng.int(domain.values.length)];
    case "boolean":
      return rng.uniform() < 0.5;
    case "list": {
      const minL = domain.minLength ?? 1;
      const maxL = domain.maxLength ?? minL + 4;
      const len = minL + rng.int(maxL - minL + 1);
      for (let attempt = 0; attempt < 100; attempt++) {
        const a = Array.from({ length: len }, () => drawNumber(domain, rng, domain.integer ?? false, name));
        if (domain.order === "ascending") a.sort((x, y) => x - y);
        if (domain.order === "descending") a.sort((x, y) => y - x);
        try {
          return expectNumberList(a, name, domain);
        } catch {
          /* repeated entries: draw again */
        }
      }
      throw new Error(`${name}: could not draw a list in the domain`);
    }
  }
}
