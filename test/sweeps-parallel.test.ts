/**
 * The tutorials' sweeps run their points on all CPU cores (parallelMap). Worker threads cannot load TypeScript
 * source, so under vitest the library's own modules run serially; these tests use the BUILT library (dist/, `npm
 * run build` first — `npm test` does) to run the same sweeps on 2 worker threads and compare them bit for bit with
 * the serial run (workers: 1, in this thread) and with the TypeScript source.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRequire } from "node:module";
import { existsSync } from "node:fs";
import * as path from "node:path";
import * as src from "../src/index.js";

type Lib = typeof src;
const DIST = path.join(__dirname, "..", "dist", "index.js");
let dist: Lib;

beforeAll(() => {
  if (!existsSync(DIST)) throw new Error("dist/ is missing: run `npm run build` first (the sweeps' workers load it)");
  dist = createRequire(__filename)(DIST) as Lib;
});

afterAll(async () => {
  await dist?.closeParallelPool();
});

describe("sweeps on worker threads give exactly the serial results", () => {
  const data = src.sphereData({ n: 8, inputDim: 4, seed: 3 });

  it("widthSweep (λ_min(K), ‖K_m − K∞‖, ‖H_f‖ per network) on 2 workers equals the serial run bit for bit", async () => {
    const opts = { data, widths: [32, 128, 512], activation: "relu", seeds: 2, seed: 5 };
    for (const outputActivation of ["linear", "tanh"]) {
      const serial = await dist.widthSweep({ ...opts, outputActivation, workers: 1 });
      expect(dist.lastParallelRun()).toMatchObject({ items: 6, workers: 0 });
      const ticks: number[] = [];
      const parallel = await dist.widthSweep({
        ...opts,
        outputActivation,
        workers: 2,
        onProgress: (done) => ticks.push(done),
      });
      expect(dist.lastParallelRun()).toMatchObject({ items: 6, workers: 2 });
      expect(parallel).toStrictEqual(serial);
      expect(ticks).toEqual([1, 2, 3, 4, 5, 6]);
      // the TypeScript source (serial under vitest) computes the same numbers
      expect(await src.widthSweep({ ...opts, outputActivation })).toStrictEqual(serial);
      // rows stay in (width, seed) order although the widest networks are started first
      expect(parallel.rows.map((r) => [r.width, r.seed])).toEqual([
        [32, 0],
        [32, 1],
        [128, 0],
        [128, 1],
        [512, 0],
        [512, 1],
      ]);
      expect(parallel.rows.every((r) => r.lambdaMin > 0 && r.hessianNorm > 0)).toBe(true);
    }
  });

  it("gdWidthStudy (GD at η = 1/β per width) on 2 workers equals the serial run bit for bit", async () => {
    const opts = { data, widths: [16, 64, 256], activation: "relu", steps: 40, record: 10, seed: 2 };
    const serial = await dist.gdWidthStudy({ ...opts, workers: 1 });
    const parallel = await dist.gdWidthStudy({ ...opts, workers: 2 });
    expect(dist.lastParallelRun()).toMatchObject({ items: 3, workers: 2 });
    expect(parallel).toStrictEqual(serial);
    expect(await src.gdWidthStudy(opts)).toStrictEqual(serial);
    expect(parallel.rows.map((r) => r.width)).toEqual([16, 64, 256]);
    for (const r of parallel.rows) expect(r.lossReduction).toBeLessThan(1);
  });

  it("dlnPhaseDiagram (recovery rates per (δ, ρ) cell) on 2 workers equals the serial run bit for bit", async () => {
    const opts = { n: 14, deltas: [0.4, 0.8], rhos: [0.15, 0.5, 0.9], trials: 2, depth: 3, alphaD: 1e-12, seed: 4 };
    const serial = await dist.dlnPhaseDiagram({ ...opts, workers: 1 });
    let cellsDone = 0;
    const progress: [number, number][] = [];
    const parallel = await dist.dlnPhaseDiagram({
      ...opts,
      workers: 2,
      onCell: () => cellsDone++,
      onProgress: (done, total) => progress.push([done, total]),
    });
    expect(dist.lastParallelRun()).toMatchObject({ items: 6, workers: 2 });
    expect(parallel).toStrictEqual(serial);
    expect(await src.dlnPhaseDiagram(opts)).toStrictEqual(serial);
    expect(cellsDone).toBe(6);
    expect(progress[progress.length - 1]).toEqual([6, 6]);
    // cells in (δ, ρ) order, each once per method
    expect(parallel.filter((c) => c.method === "basis pursuit").map((c) => [c.delta, c.rho])).toEqual([
      [0.4, 0.15],
      [0.4, 0.5],
      [0.4, 0.9],
      [0.8, 0.15],
      [0.8, 0.5],
      [0.8, 0.9],
    ]);
    // the sparsest cell at δ = 0.8 is recovered by basis pursuit, the densest at δ = 0.4 is not
    const bp = (delta: number, rho: number) =>
      parallel.find((c) => c.method === "basis pursuit" && c.delta === delta && c.rho === rho)!.probability;
    expect(bp(0.8, 0.15)).toBe(1);
    expect(bp(0.4, 0.9)).toBe(0);
  });
});
