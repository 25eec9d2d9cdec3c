/**
 * Small float64 WebAssembly SIMD kernels (assembled here, no build step), shared by the modules that need fast
 * float64 linear algebra.
 *
 * `abt`: C += A Bᵀ for row-major A (na × len) and B (nb × len), two rows of A by two rows of B at a time, two
 * products per f64x2 instruction. The PL* module uses it for the pre-activations X W₁ᵀ and the Gram matrices of the
 * tangent kernel, 2–3× faster than scalar JavaScript, in the same float64 arithmetic (the sums are split in two
 * interleaved halves, so results differ from a sequential sum only by rounding, ~1e-16 relative).
 * Requirements of the kernel, met by the caller: na, nb and len even (pad with zero rows and columns), C with a
 * leading dimension ldc. Mode bit 0: only the 2 × 2 blocks with j ≤ i are computed (a Gram matrix's lower triangle,
 * diagonal blocks included); bit 1: C = A Bᵀ instead of C += A Bᵀ.
 * `relu`: the activation pass of the tangent kernel's chunks for relu (A = max(Z, 0), H = v ⊙ [Z > 0], the output
 * sums), two entries per instruction, in the same module (same memory) as `abt`.
 *
 * `symv` / `syr2` / `fused`: the O(n³) steps of the Householder tridiagonalization in ./symmetricEigenvalues.ts.
 */

// Instruction bytes.
const I32 = 0x7f;
const V128 = 0x7b;
const op = {
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [0x0b],
  br: (l: number) => [0x0c, l],
  brIf: (l: number) => [0x0d, l],
  get: (x: number) => [0x20, x],
  set: (x: number) => [0x21, x],
  i32const: (v: number) => [0x41, ...sleb(v)],
  i32add: [0x6a],
  i32mul: [0x6c],
  i32shl: [0x74],
  i32geu: [0x4f],
  select: [0x1b],
  f64load: [0x2b, 3, 0],
  f64store: [0x39, 3, 0],
  f64add: [0xa0],
  f64zero: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  i32and: [0x71],
  i32eqz: [0x45],
  v128load: [0xfd, 0x00, 3, 0],
  v128zero: [0xfd, 0x0c, ...new Array<number>(16).fill(0)],
  f64x2add: [0xfd, 0xf0, 0x01],
  f64x2mul: [0xfd, 0xf2, 0x01],
  lane: (l: number) => [0xfd, 0x21, l],
  i32sub: [0x6b],
  ifVoid: [0x04, 0x40],
  f64mul: [0xa2],
  f64sub: [0xa1],
  v128store: [0xfd, 0x0b, 3, 0],
  f64x2sub: [0xfd, 0xf1, 0x01],
  f64x2splat: [0xfd, 0x14],
  f64x2gt: [0xfd, 0x4a],
  f64x2pmax: [0xfd, 0xf7, 0x01],
  v128and: [0xfd, 0x4e],
  i32ltu: [0x49],
};

const F64 = 0x7c;

/** A module exporting `memory` and the given functions (all parameters i32, no results). */
function moduleBytes(
  funcs: { name: string; params: number; locals: [number, number][]; body: number[] }[],
): Uint8Array {
  const types = funcs.map((f) => [0x60, ...vec(new Array<number[]>(f.params).fill([I32])), 0x00]);
  const codes = funcs.map((f) => {
    const code = [...vec(f.locals.map(([c, t]) => [...uleb(c), t])), ...f.body];
    return [...uleb(code.length), ...code];
  });
  return Uint8Array.from([
    0x00,
    0x61,
    0x73,
    0x6d,
    0x01,
    0x00,
    0x00,
    0x00,
    ...section(1, vec(types)),
    ...section(3, vec(funcs.map((_, i) => [i]))),
    ...section(5, vec([[0x00, ...uleb(16)]])),
    ...section(7, vec([...funcs.map((f, i) => [...name(f.name), 0x00, i]), [...name("memory"), 0x02, 0]])),
    ...section(10, vec(codes)),
  ]);
}

/**
 * Kernels of the Householder tridiagonalization (A symmetric, lower triangle stored, row stride n; pointers in bytes):
 * `symv(aPtr, n, m, uPtr, pPtr)`: p[0..m) += B u with B the leading m × m block;
 * `syr2(aPtr, n, m, uPtr, pPtr)`: B −= u pᵀ + p uᵀ on the lower triangle of the leading m × m block.
 */
export function tridiagModuleBytes(): Uint8Array {
  const [aPtr, n, m, uPtr, pPtr] = [0, 1, 2, 3, 4];
  const [j, rowA, kB, kEnd, rowB] = [5, 6, 7, 8, 9];
  // symv locals: f64 10 uj, 11 s, 12 t; v128 13 acc, 14 a, 15 ujv
  const [uj, sum, t, acc, a, ujv] = [10, 11, 12, 13, 14, 15];
  const add = (x: number[], y: number[]) => [...x, ...y, ...op.i32add];
  const g = op.get;
  const head = [...g(n), ...op.i32const(3), ...op.i32shl, ...op.set(rowB), ...op.i32const(0), ...op.set(j)];
  const rowStart = [...g(aPtr), ...g(j), ...g(rowB), ...op.i32mul, ...op.i32add, ...op.set(rowA)];
  const jByte = [...g(j), ...op.i32const(3), ...op.i32shl];
  const symv = [
    ...head,
    ...op.block,
    ...op.loop,
    ...g(j),
    ...g(m),
    ...op.i32geu,
    ...op.brIf(1),
    ...rowStart,
    ...add(g(uPtr), jByte),
    ...op.f64load,
    ...op.set(uj),
    ...g(uj),
    ...op.f64x2splat,
    ...op.set(ujv),
    ...op.v128zero,
    ...op.set(acc),
    // kEnd = (j & −2) << 3
    ...g(j),
    ...op.i32const(-2),
    ...op.i32and,
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(kEnd),
    ...op.i32const(0),
    ...op.set(kB),
    ...op.block,
    ...op.loop,
    ...g(kB),
    ...g(kEnd),
    ...op.i32geu,
    ...op.brIf(1),
    ...add(g(rowA), g(kB)),
    ...op.v128load,
    ...op.set(a),
    ...g(acc),
    ...g(a),
    ...add(g(uPtr), g(kB)),
    ...op.v128load,
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.set(acc),
    ...add(g(pPtr), g(kB)),
    ...add(g(pPtr), g(kB)),
    ...op.v128load,
    ...g(a),
    ...g(ujv),
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.v128store,
    ...g(kB),
    ...op.i32const(16),
    ...op.i32add,
    ...op.set(kB),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...g(acc),
    ...op.lane(0),
    ...g(acc),
    ...op.lane(1),
    ...op.f64add,
    ...op.set(sum),
    // odd j: the element k = j − 1 (at byte kEnd)
    ...g(j),
    ...op.i32const(1),
    ...op.i32and,
    ...op.ifVoid,
    ...add(g(rowA), g(kEnd)),
    ...op.f64load,
    ...op.set(t),
    ...g(sum),
    ...g(t),
    ...add(g(uPtr), g(kEnd)),
    ...op.f64load,
    ...op.f64mul,
    ...op.f64add,
    ...op.set(sum),
    ...add(g(pPtr), g(kEnd)),
    ...add(g(pPtr), g(kEnd)),
    ...op.f64load,
    ...g(t),
    ...g(uj),
    ...op.f64mul,
    ...op.f64add,
    ...op.f64store,
    ...op.end,
    // p[j] += s + A[j][j] u[j]
    ...add(g(pPtr), jByte),
    ...add(g(pPtr), jByte),
    ...op.f64load,
    ...g(sum),
    ...add(g(rowA), jByte),
    ...op.f64load,
    ...g(uj),
    ...op.f64mul,
    ...op.f64add,
    ...op.f64add,
    ...op.f64store,
    ...g(j),
    ...op.i32const(1),
    ...op.i32add,
    ...op.set(j),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  // syr2 locals: f64 10 uj, 11 pj; v128 12 ujv, 13 pjv
  const [pj, ujv2, pjv] = [11, 12, 13];
  const syr2 = [
    ...head,
    ...op.block,
    ...op.loop,
    ...g(j),
    ...g(m),
    ...op.i32geu,
    ...op.brIf(1),
    ...rowStart,
    ...add(g(uPtr), jByte),
    ...op.f64load,
    ...op.set(uj),
    ...add(g(pPtr), jByte),
    ...op.f64load,
    ...op.set(pj),
    ...g(uj),
    ...op.f64x2splat,
    ...op.set(ujv2),
    ...g(pj),
    ...op.f64x2splat,
    ...op.set(pjv),
    // kEnd = ((j + 1) & −2) << 3
    ...g(j),
    ...op.i32const(1),
    ...op.i32add,
    ...op.i32const(-2),
    ...op.i32and,
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(kEnd),
    ...op.i32const(0),
    ...op.set(kB),
    ...op.block,
    ...op.loop,
    ...g(kB),
    ...g(kEnd),
    ...op.i32geu,
    ...op.brIf(1),
    ...add(g(rowA), g(kB)),
    ...add(g(rowA), g(kB)),
    ...op.v128load,
    ...g(ujv2),
    ...add(g(pPtr), g(kB)),
    ...op.v128load,
    ...op.f64x2mul,
    ...g(pjv),
    ...add(g(uPtr), g(kB)),
    ...op.v128load,
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.f64x2sub,
    ...op.v128store,
    ...g(kB),
    ...op.i32const(16),
    ...op.i32add,
    ...op.set(kB),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // j even: the diagonal element k = j (at byte kEnd) is left
    ...g(j),
    ...op.i32const(1),
    ...op.i32and,
    ...op.i32eqz,
    ...op.ifVoid,
    ...add(g(rowA), g(kEnd)),
    ...add(g(rowA), g(kEnd)),
    ...op.f64load,
    ...g(uj),
    ...add(g(pPtr), g(kEnd)),
    ...op.f64load,
    ...op.f64mul,
    ...g(pj),
    ...add(g(uPtr), g(kEnd)),
    ...op.f64load,
    ...op.f64mul,
    ...op.f64add,
    ...op.f64sub,
    ...op.f64store,
    ...op.end,
    ...g(j),
    ...op.i32const(1),
    ...op.i32add,
    ...op.set(j),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  // fused(aPtr, n, m, uPtr, pPtr, u2Ptr, p2Ptr): rows j < m: A[j][k] −= u_j p_k + p_j u_k (k ≤ j), then with the
  // updated row p2 += B u2 (as symv). Locals: i32 7 j, 8 rowA, 9 kB, 10 kEnd, 11 rowB, 12 jB;
  // f64 13 uj, 14 pj, 15 u2j, 16 s, 17 t; v128 18 acc, 19 a, 20 ujv, 21 pjv, 22 u2jv.
  const [fu2, fp2] = [5, 6];
  const [fj, fRowA, fkB, fkEnd, fRowB, fjB] = [7, 8, 9, 10, 11, 12];
  const [fuj, fpj, fu2j, fs, ft] = [13, 14, 15, 16, 17];
  const [facc, fa, fujv, fpjv, fu2jv] = [18, 19, 20, 21, 22];
  const ld = (base: number, off: number) => [...g(base), ...g(off), ...op.i32add];
  // updated scalar element at rowA + off: A − (uj·p[off] + pj·u[off])
  const updScalar = (off: number) => [
    ...ld(fRowA, off),
    ...op.f64load,
    ...g(fuj),
    ...ld(pPtr, off),
    ...op.f64load,
    ...op.f64mul,
    ...g(fpj),
    ...ld(uPtr, off),
    ...op.f64load,
    ...op.f64mul,
    ...op.f64add,
    ...op.f64sub,
  ];
  const fused = [
    ...g(n),
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(fRowB),
    ...op.i32const(0),
    ...op.set(fj),
    ...op.block,
    ...op.loop,
    ...g(fj),
    ...g(m),
    ...op.i32geu,
    ...op.brIf(1),
    ...g(aPtr),
    ...g(fj),
    ...g(fRowB),
    ...op.i32mul,
    ...op.i32add,
    ...op.set(fRowA),
    ...g(fj),
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(fjB),
    ...ld(uPtr, fjB),
    ...op.f64load,
    ...op.set(fuj),
    ...ld(pPtr, fjB),
    ...op.f64load,
    ...op.set(fpj),
    ...ld(fu2, fjB),
    ...op.f64load,
    ...op.set(fu2j),
    ...g(fuj),
    ...op.f64x2splat,
    ...op.set(fujv),
    ...g(fpj),
    ...op.f64x2splat,
    ...op.set(fpjv),
    ...g(fu2j),
    ...op.f64x2splat,
    ...op.set(fu2jv),
    ...op.v128zero,
    ...op.set(facc),
    ...g(fj),
    ...op.i32const(-2),
    ...op.i32and,
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(fkEnd),
    ...op.i32const(0),
    ...op.set(fkB),
    ...op.block,
    ...op.loop,
    ...g(fkB),
    ...g(fkEnd),
    ...op.i32geu,
    ...op.brIf(1),
    // a = A[k..] − (ujv·p[k..] + pjv·u[k..]); store
    ...ld(fRowA, fkB),
    ...op.v128load,
    ...g(fujv),
    ...ld(pPtr, fkB),
    ...op.v128load,
    ...op.f64x2mul,
    ...g(fpjv),
    ...ld(uPtr, fkB),
    ...op.v128load,
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.f64x2sub,
    ...op.set(fa),
    ...ld(fRowA, fkB),
    ...g(fa),
    ...op.v128store,
    // acc += a · u2[k..]
    ...g(facc),
    ...g(fa),
    ...ld(fu2, fkB),
    ...op.v128load,
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.set(facc),
    // p2[k..] += a · u2j
    ...ld(fp2, fkB),
    ...ld(fp2, fkB),
    ...op.v128load,
    ...g(fa),
    ...g(fu2jv),
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.v128store,
    ...g(fkB),
    ...op.i32const(16),
    ...op.i32add,
    ...op.set(fkB),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...g(facc),
    ...op.lane(0),
    ...g(facc),
    ...op.lane(1),
    ...op.f64add,
    ...op.set(fs),
    // odd j: k = j − 1 at byte kEnd
    ...g(fj),
    ...op.i32const(1),
    ...op.i32and,
    ...op.ifVoid,
    ...updScalar(fkEnd),
    ...op.set(ft),
    ...ld(fRowA, fkEnd),
    ...g(ft),
    ...op.f64store,
    ...g(fs),
    ...g(ft),
    ...ld(fu2, fkEnd),
    ...op.f64load,
    ...op.f64mul,
    ...op.f64add,
    ...op.set(fs),
    ...ld(fp2, fkEnd),
    ...ld(fp2, fkEnd),
    ...op.f64load,
    ...g(ft),
    ...g(fu2j),
    ...op.f64mul,
    ...op.f64add,
    ...op.f64store,
    ...op.end,
    // diagonal: t = A[j][j] − 2 uj pj; store; p2[j] += s + t·u2j
    ...updScalar(fjB),
    ...op.set(ft),
    ...ld(fRowA, fjB),
    ...g(ft),
    ...op.f64store,
    ...ld(fp2, fjB),
    ...ld(fp2, fjB),
    ...op.f64load,
    ...g(fs),
    ...g(ft),
    ...g(fu2j),
    ...op.f64mul,
    ...op.f64add,
    ...op.f64add,
    ...op.f64store,
    ...g(fj),
    ...op.i32const(1),
    ...op.i32add,
    ...op.set(fj),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  void t;
  return moduleBytes([
    {
      name: "fused",
      params: 7,
      locals: [
        [6, I32],
        [5, F64],
        [5, V128],
      ],
      body: fused,
    },
    {
      name: "symv",
      params: 5,
      locals: [
        [5, I32],
        [3, F64],
        [3, V128],
      ],
      body: symv,
    },
    {
      name: "syr2",
      params: 5,
      locals: [
        [5, I32],
        [2, F64],
        [2, V128],
      ],
      body: syr2,
    },
  ]);
}

/** The tridiagonalization kernels and their memory. */
export interface TridiagKernel {
  symv(aPtr: number, n: number, m: number, uPtr: number, pPtr: number): void;
  syr2(aPtr: number, n: number, m: number, uPtr: number, pPtr: number): void;
  fused(aPtr: number, n: number, m: number, uPtr: number, pPtr: number, u2Ptr: number, p2Ptr: number): void;
  memory: WasmMemory;
}

let tridiag: TridiagKernel | null | undefined;

/** The tridiagonalization kernels, or null without WebAssembly SIMD. */
export function tridiagKernel(): TridiagKernel | null {
  if (tridiag !== undefined) return tridiag;
  tridiag = instantiate(tridiagModuleBytes()) as TridiagKernel | null;
  return tridiag;
}

function instantiate(bytes: Uint8Array): unknown {
  try {
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm || !wasm.validate(bytes)) return null;
    return new wasm.Instance(new wasm.Module(bytes), {}).exports;
  } catch {
    return null;
  }
}

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

function section(id: number, body: number[]): number[] {
  return [id, ...uleb(body.length), ...body];
}

function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

function name(s: string): number[] {
  const b = Array.from(Buffer.from(s, "utf8"));
  return [...uleb(b.length), ...b];
}

/**
 * The module's bytes: exports `memory`, `abt(aPtr, na, bPtr, nb, len, cPtr, ldc, mode)` (pointers in bytes;
 * mode bit 0: lower blocks only; bit 1: overwrite C instead of adding to it) and `relu` (see {@link reluBody}).
 */
export function abtModuleBytes(): Uint8Array {
  // params 0..7: aPtr na bPtr nb len cPtr ldc lower
  const [aPtr, na, bPtr, nb, len, cPtr, ldc, lower] = [0, 1, 2, 3, 4, 5, 6, 7];
  // i32 locals 8..17, v128 locals 18..25
  const [i, j, a0, a1, b0, b1, k, rowB, c0, jEnd] = [8, 9, 10, 11, 12, 13, 14, 15, 16, 17];
  const [s00, s01, s10, s11, x0, x1, y0, y1] = [18, 19, 20, 21, 22, 23, 24, 25];
  // i32 locals 26, 27: mode bit 0 (lower), accumulate = !(mode bit 1)
  const [lowerFlag, accFlag] = [26, 27];
  const acc = (s: number, x: number, y: number) => [
    ...op.get(s),
    ...op.get(x),
    ...op.get(y),
    ...op.f64x2mul,
    ...op.f64x2add,
    ...op.set(s),
  ];
  // C[addr] = (accumulate ? C[addr] : 0) + lane0(s) + lane1(s), addr = c0 + off
  const store = (off: number[], s: number) => [
    ...op.get(c0),
    ...off,
    ...op.get(c0),
    ...off,
    ...op.f64load,
    ...op.f64zero,
    ...op.get(accFlag),
    ...op.select,
    ...op.get(s),
    ...op.lane(0),
    ...op.get(s),
    ...op.lane(1),
    ...op.f64add,
    ...op.f64add,
    ...op.f64store,
  ];
  const none: number[] = [];
  const plus8 = [...op.i32const(8), ...op.i32add];
  const plusRow = [...op.get(ldc), ...op.i32const(3), ...op.i32shl, ...op.i32add];
  const plusRow8 = [...plusRow, ...plus8];
  const body = [
    ...op.get(lower),
    ...op.i32const(1),
    ...op.i32and,
    ...op.set(lowerFlag),
    ...op.get(lower),
    ...op.i32const(2),
    ...op.i32and,
    ...op.i32eqz,
    ...op.set(accFlag),
    // rowB = len << 3; i = 0
    ...op.get(len),
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(rowB),
    ...op.i32const(0),
    ...op.set(i),
    ...op.block,
    ...op.loop,
    ...op.get(i),
    ...op.get(na),
    ...op.i32geu,
    ...op.brIf(1),
    // a0 = aPtr + i*rowB; a1 = a0 + rowB
    ...op.get(aPtr),
    ...op.get(i),
    ...op.get(rowB),
    ...op.i32mul,
    ...op.i32add,
    ...op.set(a0),
    ...op.get(a0),
    ...op.get(rowB),
    ...op.i32add,
    ...op.set(a1),
    // jEnd = lower ? i + 2 : nb
    ...op.get(i),
    ...op.i32const(2),
    ...op.i32add,
    ...op.get(nb),
    ...op.get(lowerFlag),
    ...op.select,
    ...op.set(jEnd),
    ...op.i32const(0),
    ...op.set(j),
    ...op.block,
    ...op.loop,
    ...op.get(j),
    ...op.get(jEnd),
    ...op.i32geu,
    ...op.brIf(1),
    ...op.get(bPtr),
    ...op.get(j),
    ...op.get(rowB),
    ...op.i32mul,
    ...op.i32add,
    ...op.set(b0),
    ...op.get(b0),
    ...op.get(rowB),
    ...op.i32add,
    ...op.set(b1),
    ...op.v128zero,
    ...op.set(s00),
    ...op.v128zero,
    ...op.set(s01),
    ...op.v128zero,
    ...op.set(s10),
    ...op.v128zero,
    ...op.set(s11),
    ...op.i32const(0),
    ...op.set(k),
    ...op.block,
    ...op.loop,
    ...op.get(k),
    ...op.get(rowB),
    ...op.i32geu,
    ...op.brIf(1),
    ...op.get(a0),
    ...op.get(k),
    ...op.i32add,
    ...op.v128load,
    ...op.set(x0),
    ...op.get(a1),
    ...op.get(k),
    ...op.i32add,
    ...op.v128load,
    ...op.set(x1),
    ...op.get(b0),
    ...op.get(k),
    ...op.i32add,
    ...op.v128load,
    ...op.set(y0),
    ...op.get(b1),
    ...op.get(k),
    ...op.i32add,
    ...op.v128load,
    ...op.set(y1),
    ...acc(s00, x0, y0),
    ...acc(s01, x0, y1),
    ...acc(s10, x1, y0),
    ...acc(s11, x1, y1),
    ...op.get(k),
    ...op.i32const(16),
    ...op.i32add,
    ...op.set(k),
    ...op.br(0),
    ...op.end,
    ...op.end,
    // c0 = cPtr + (i*ldc + j)*8
    ...op.get(cPtr),
    ...op.get(i),
    ...op.get(ldc),
    ...op.i32mul,
    ...op.get(j),
    ...op.i32add,
    ...op.i32const(3),
    ...op.i32shl,
    ...op.i32add,
    ...op.set(c0),
    ...store(none, s00),
    ...store(plus8, s01),
    ...store(plusRow, s10),
    ...store(plusRow8, s11),
    ...op.get(j),
    ...op.i32const(2),
    ...op.i32add,
    ...op.set(j),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.get(i),
    ...op.i32const(2),
    ...op.i32add,
    ...op.set(i),
    ...op.br(0),
    ...op.end,
    ...op.end,
    ...op.end,
  ];
  return moduleBytes([
    {
      name: "abt",
      params: 8,
      locals: [
        [10, I32],
        [8, V128],
        [2, I32],
      ],
      body,
    },
    {
      name: "relu",
      params: 7,
      locals: [
        [3, I32],
        [4, V128],
      ],
      body: reluBody(),
    },
  ]);
}

/**
 * `relu(zPtr, aPtr, hPtr, vPtr, fPtr, n, cols)`: for the n × cols row-major Z (cols even), A = max(Z, 0),
 * H = v ⊙ [Z > 0] (v: cols numbers, one per column) and f[i] += Σ_k v_k A_ik, two columns per instruction.
 */
function reluBody(): number[] {
  const [zPtr, aPtr, hPtr, vPtr, fPtr, n, cols] = [0, 1, 2, 3, 4, 5, 6];
  const [i, kk, off] = [7, 8, 9];
  const [z, a, vv, fs] = [10, 11, 12, 13];
  const at = (base: number) => [...op.get(base), ...op.get(off), ...op.i32add, ...op.get(kk), ...op.i32add];
  const fAddr = [...op.get(fPtr), ...op.get(i), ...op.i32const(3), ...op.i32shl, ...op.i32add];
  const unit = [
    ...[...at(zPtr), ...op.v128load, ...op.set(z)],
    ...[...op.get(vPtr), ...op.get(kk), ...op.i32add, ...op.v128load, ...op.set(vv)],
    ...[...op.get(z), ...op.v128zero, ...op.f64x2pmax, ...op.set(a)], // a = max(z, 0)
    ...[...at(aPtr), ...op.get(a), ...op.v128store],
    ...[...at(hPtr), ...op.get(vv), ...op.get(z), ...op.v128zero, ...op.f64x2gt, ...op.v128and, ...op.v128store],
    ...[...op.get(fs), ...op.get(vv), ...op.get(a), ...op.f64x2mul, ...op.f64x2add, ...op.set(fs)], // fs += v a
  ];
  const row = [
    ...[...op.get(i), ...op.get(cols), ...op.i32mul, ...op.set(off)],
    ...[...op.v128zero, ...op.set(fs)],
    ...countedLoop(kk, op.get(cols), 16, unit),
    // f[i] += lane 0 + lane 1
    ...[...fAddr, ...fAddr, ...op.f64load, ...op.get(fs), ...op.lane(0), ...op.get(fs), ...op.lane(1)],
    ...[...op.f64add, ...op.f64add, ...op.f64store],
  ];
  // cols ← cols · 8 (bytes a row)
  return [
    ...op.get(cols),
    ...op.i32const(3),
    ...op.i32shl,
    ...op.set(cols),
    ...countedLoop(i, op.get(n), 1, row),
    ...op.end,
  ];
}

/** `for (x = 0; x < end; x += step) body` (end: instructions that push the bound; unsigned compare). */
function countedLoop(x: number, end: number[], step: number, body: number[]): number[] {
  return [
    ...[...op.i32const(0), ...op.set(x), ...op.block, ...op.loop],
    ...[...op.get(x), ...end, ...op.i32geu, ...op.brIf(1)],
    ...body,
    ...[...op.get(x), ...op.i32const(step), ...op.i32add, ...op.set(x), ...op.br(0), ...op.end, ...op.end],
  ];
}

/** The part of a WebAssembly memory used here (the project's `lib` has no WebAssembly types). */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** The instantiated kernel and its memory. */
export interface AbtKernel {
  abt(aPtr: number, na: number, bPtr: number, nb: number, len: number, cPtr: number, ldc: number, mode: number): void;
  /** The relu activation pass of a chunk (see the module's `relu`). */
  relu(zPtr: number, aPtr: number, hPtr: number, vPtr: number, fPtr: number, n: number, cols: number): void;
  memory: WasmMemory;
}

interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: unknown };
}

let instance: AbtKernel | null | undefined;

/** The kernel, or null when this runtime has no WebAssembly SIMD (the callers then use scalar JavaScript). */
export function abtKernel(): AbtKernel | null {
  if (instance !== undefined) return instance;
  try {
    const bytes = abtModuleBytes();
    const wasm = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!wasm || !wasm.validate(bytes)) {
      instance = null;
    } else {
      const inst = new wasm.Instance(new wasm.Module(bytes), {});
      instance = inst.exports as unknown as AbtKernel;
    }
  } catch {
    instance = null;
  }
  return instance;
}

/** Grows the kernel's memory to at least `bytes`. */
export function ensureWasmMemory(k: { memory: WasmMemory }, bytes: number): void {
  const have = k.memory.buffer.byteLength;
  if (bytes > have) k.memory.grow(Math.ceil((bytes - have) / 65536));
}
