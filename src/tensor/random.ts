/**
 * One seeded random number generator for every random initialization in the library.
 *
 * The generator is xoshiro128** seeded through splitmix32, so a notebook run twice with the same
 * `seed` gives bit-identical numbers on every backend (sampling happens in float64 on the CPU;
 * tensors are created from the sampled values).
 */

/** A seeded stream of random numbers. */
export interface Rng {
  /** The seed this stream was created from. */
  readonly seed: number;
  /** Uniform on [0, 1), 32 bits of randomness. */
  uniform(): number;
  /** Standard normal N(0, 1) (Box–Muller, both variates used). */
  normal(): number;
  /** `n` independent N(0, 1) samples. */
  normals(n: number): Float64Array;
  /** A uniformly random integer in [0, n). */
  int(n: number): number;
  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** An independent child stream, deterministic given this stream's state. */
  fork(): Rng;
}

function assertSeed(seed: unknown, name = "seed"): number {
  if (typeof seed !== "number" || !Number.isFinite(seed) || !Number.isInteger(seed)) {
    throw new TypeError(`${name}: expected a finite integer, got ${String(seed)}`);
  }
  return seed;
}

function splitmix32(a: number): () => number {
  return () => {
    a = (a + 0x9e3779b9) | 0;
    let t = a ^ (a >>> 16);
    t = Math.imul(t, 0x21f0aaad);
    t = t ^ (t >>> 15);
    t = Math.imul(t, 0x735a2d97);
    return (t ^ (t >>> 15)) >>> 0;
  };
}

/**
 * Creates a seeded random stream.
 *
 * @param seed - any finite integer; equal seeds give equal streams.
 * @returns the stream.
 * @throws TypeError naming `seed` when it is not a finite integer.
 */
export function createRng(seed: number): Rng {
  assertSeed(seed);
  const sm = splitmix32((seed | 0) ^ (Math.floor(seed / 2 ** 32) | 0));
  let s0 = sm(),
    s1 = sm(),
    s2 = sm(),
    s3 = sm();
  let spare: number | null = null;
  const next32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
    const t = s1 << 9;
    s2 ^= s0;
    s3 ^= s1;
    s1 ^= s2;
    s0 ^= s3;
    s2 ^= t;
    s3 = rotl(s3, 11);
    return result;
  };
  const uniform = (): number => next32() / 4294967296;
  const rng: Rng = {
    seed,
    uniform,
    normal(): number {
      if (spare !== null) {
        const v = spare;
        spare = null;
        return v;
      }
      let u = 0;
      while (u === 0) u = uniform();
      const v = uniform();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    normals(n: number): Float64Array {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: expected a non-negative integer, got ${n}`);
      const out = new Float64Array(n);
      for (let i = 0; i < n; i++) out[i] = rng.normal();
      return out;
    },
    int(n: number): number {
      if (!Number.isInteger(n) || n < 1) throw new RangeError(`n: expected a positive integer, got ${n}`);
      return Math.floor(uniform() * n);
    },
    permutation(n: number): Int32Array {
      if (!Number.isInteger(n) || n < 0) throw new RangeError(`n: expected a non-negative integer, got ${n}`);
      const p = new Int32Array(n);
      for (let i = 0; i < n; i++) p[i] = i;
      for (let i = n - 1; i > 0; i--) {
        const j = Math.floor(uniform() * (i + 1));
        const t = p[i];
        p[i] = p[j];
        p[j] = t;
      }
      return p;
    },
    fork(): Rng {
      return createRng(next32() ^ (next32() << 1));
    },
  };
  return rng;
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/**
 * A rows × cols matrix of N(0, scale²) samples as `number[][]`.
 *
 * @param rows - number of rows (≥ 0).
 * @param cols - number of columns (≥ 0).
 * @param rng - the seeded stream to draw from.
 * @param scale - standard deviation (default 1).
 */
export function randomNormalMatrix(rows: number, cols: number, rng: Rng, scale = 1): number[][] {
  for (const [name, v] of [
    ["rows", rows],
    ["cols", cols],
  ] as const) {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name}: expected a non-negative integer, got ${v}`);
  }
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const row = new Array<number>(cols);
    for (let j = 0; j < cols; j++) row[j] = scale * rng.normal();
    out.push(row);
  }
  return out;
}
