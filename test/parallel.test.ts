import { afterAll, describe, expect, it } from "vitest";
import * as path from "node:path";
import {
  ParallelItemError,
  closeParallelPool,
  defaultWorkers,
  lastParallelRun,
  parallelMap,
} from "../src/parallel/index.js";

const tasks = path.join(__dirname, "parallel-tasks.cjs");

afterAll(async () => {
  await closeParallelPool();
});

describe("parallelMap: sweeps over worker threads", () => {
  it("float64 sweep: results equal the serial run, in input order, for 1, 2 and 3 workers", async () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ seed: 1000 + 7 * i, n: 20_000 }));
    const shared = { scale: 3 };
    const serial = await parallelMap(items, `${tasks}#seededMean`, { workers: 1, shared });
    expect(lastParallelRun()?.workers).toBe(0);
    const two = await parallelMap(items, `${tasks}#seededMean`, { workers: 2, shared });
    expect(lastParallelRun()?.workers).toBe(2);
    const three = await parallelMap(items, { module: tasks, export: "seededMean" }, { workers: 3, shared });
    expect(lastParallelRun()?.workers).toBe(3);
    expect(two).toEqual(serial);
    expect(three).toEqual(serial);
    expect(serial.map((r) => (r as { index: number }).index)).toEqual(items.map((_, i) => i));
    // the mean of uniforms times 3 is near 1.5: the function really ran with the shared data
    for (const r of serial as { mean: number }[]) expect(Math.abs(r.mean - 1.5)).toBeLessThan(0.05);
  });

  it("tfjs sweep: each worker has its own tfjs (wasm) and the float32 results equal the serial run bit for bit", async () => {
    const items = [8, 32, 128, 512].map((width, i) => ({ width, seed: 11 + i }));
    const serial = (await parallelMap(items, `${tasks}#reluGram`, { workers: 1 })) as {
      backend: string;
      values: number[];
    }[];
    const parallel = (await parallelMap(items, `${tasks}#reluGram`, { workers: 2 })) as typeof serial;
    expect(parallel).toEqual(serial);
    for (const r of parallel) {
      expect(r.backend).toBe("wasm");
      expect(r.values).toHaveLength(64);
      // a Gram matrix: symmetric with a non-negative diagonal
      for (let i = 0; i < 8; i++) {
        expect(r.values[i * 8 + i]).toBeGreaterThanOrEqual(0);
        for (let j = 0; j < 8; j++) expect(r.values[i * 8 + j]).toBeCloseTo(r.values[j * 8 + i], 5);
      }
    }
  });

  it("items run in worker threads, not in the calling thread, when workers > 1", async () => {
    const ids = (await parallelMap(
      Array.from({ length: 8 }, () => 0),
      `${tasks}#whereAmI`,
      { workers: 2 },
    )) as number[];
    expect(ids).toHaveLength(8);
    for (const id of ids) expect(id).toBeGreaterThan(0); // threadId 0 is the main thread
    expect(new Set(ids).size).toBeLessThanOrEqual(2);
  });

  it("a throwing item rejects with a ParallelItemError naming the lowest failing index, whatever the worker count", async () => {
    // item 2 fails late, item 5 fails early: the error must still name item 2 (the serial run's first failure)
    const items = Array.from({ length: 8 }, (_, i) => ({
      value: i,
      fail: i === 2 || i === 5,
      delayMs: i === 2 ? 150 : 0,
    }));
    for (const workers of [1, 2, 3]) {
      const err = await parallelMap(items, `${tasks}#failWhenMarked`, { workers }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ParallelItemError);
      expect((err as ParallelItemError).index).toBe(2);
      expect((err as Error).message).toMatch(/item 2 failed: marked to fail \(value 2\)/);
    }
    // the pool is still usable after a failure
    const ok = await parallelMap([{ value: 4 }, { value: 5 }], `${tasks}#failWhenMarked`, { workers: 2 });
    expect(ok).toEqual([8, 10]);
  });

  it("chunked dispatch (many small items) gives the serial results and the serial run's first failing index", async () => {
    const items = Array.from({ length: 300 }, (_, i) => ({ seed: 5 + i, n: 50 }));
    const serial = await parallelMap(items, `${tasks}#seededMean`, { workers: 1 });
    expect(await parallelMap(items, `${tasks}#seededMean`, { workers: 2 })).toEqual(serial); // default chunks
    expect(await parallelMap(items, `${tasks}#seededMean`, { workers: 3, chunkSize: 7 })).toEqual(serial);
    const failing = Array.from({ length: 40 }, (_, i) => ({
      value: i,
      fail: i === 17 || i === 31,
      delayMs: i === 17 ? 100 : 0,
    }));
    for (const chunkSize of [1, 3, 8]) {
      await expect(parallelMap(failing, `${tasks}#failWhenMarked`, { workers: 2, chunkSize })).rejects.toMatchObject({
        index: 17,
      });
    }
  });

  it("a task in TypeScript source (the library under vitest) runs in this thread, with the same results", async () => {
    const ts = path.join(__dirname, "parallel-tasks-ts.ts");
    const out = await parallelMap([1, 2, 3], `${ts}#cube`, { workers: 2 });
    expect(out).toEqual([
      { x: 1, index: 0, cube: 1 },
      { x: 2, index: 1, cube: 8 },
      { x: 3, index: 2, cube: 27 },
    ]);
    expect(lastParallelRun()).toMatchObject({ workers: 0, reason: expect.stringMatching(/TypeScript source/) });
  });

  it("two sweeps started at once share the pool one after the other and both give the serial results", async () => {
    const a = Array.from({ length: 12 }, (_, i) => ({ seed: 300 + i, n: 2000 }));
    const b = Array.from({ length: 7 }, (_, i) => ({ seed: 900 + i, n: 3000 }));
    const [serialA, serialB] = [
      await parallelMap(a, `${tasks}#seededMean`, { workers: 1 }),
      await parallelMap(b, `${tasks}#seededMean`, { workers: 1 }),
    ];
    const [pa, pb] = await Promise.all([
      parallelMap(a, `${tasks}#seededMean`, { workers: 2 }),
      parallelMap(b, `${tasks}#seededMean`, { workers: 2, shared: { scale: 1 } }),
    ]);
    expect(pa).toEqual(serialA);
    expect(pb).toEqual(serialB);
  });

  it("an aborted sweep rejects at once, and the pool still gives correct results afterwards", async () => {
    const controller = new AbortController();
    const slow = Array.from({ length: 6 }, (_, i) => ({ value: i, delayMs: 2000 }));
    const started = parallelMap(slow, `${tasks}#failWhenMarked`, { workers: 2, signal: controller.signal });
    setTimeout(() => controller.abort(), 100);
    await expect(started).rejects.toThrow(/^parallelMap: aborted by options\.signal \(0 of 6 items had finished\)/);
    const after = await parallelMap([{ value: 1 }, { value: 2 }, { value: 3 }], `${tasks}#failWhenMarked`, {
      workers: 2,
    });
    expect(after).toEqual([2, 4, 6]);
    const pre = new AbortController();
    pre.abort();
    await expect(
      parallelMap([{ value: 1 }], `${tasks}#failWhenMarked`, { workers: 1, signal: pre.signal }),
    ).rejects.toThrow(/aborted/);
  });

  it("cost-ordered dispatch (most expensive first) keeps input order and still reports the lowest failing index", async () => {
    const items = Array.from({ length: 20 }, (_, i) => ({ seed: 40 + i, n: 100 * (i + 1) }));
    const serial = await parallelMap(items, `${tasks}#seededMean`, { workers: 1 });
    const byCost = await parallelMap(items, `${tasks}#seededMean`, { workers: 2, cost: (it) => it.n });
    expect(byCost).toEqual(serial);
    // cost = index: item 8 is started (and fails) before item 2, yet the error names item 2
    const failing = Array.from({ length: 10 }, (_, i) => ({ value: i, fail: i === 2 || i === 8 }));
    for (const workers of [2, 3]) {
      await expect(
        parallelMap(failing, `${tasks}#failWhenMarked`, { workers, cost: (it) => it.value }),
      ).rejects.toMatchObject({ index: 2 });
    }
    await expect(parallelMap(items, `${tasks}#seededMean`, { workers: 2, cost: () => Number.NaN })).rejects.toThrow(
      /^options\.cost: expected a finite number for item 0/,
    );
  });

  it("progress is reported once per item, ending at (n, n)", async () => {
    const seen: [number, number][] = [];
    const items = Array.from({ length: 5 }, (_, i) => ({ seed: i + 1, n: 10 }));
    await parallelMap(items, `${tasks}#seededMean`, { workers: 2, onProgress: (d, t) => seen.push([d, t]) });
    expect(seen).toHaveLength(5);
    expect(seen[seen.length - 1]).toEqual([5, 5]);
    expect(seen.map((s) => s[0])).toEqual([1, 2, 3, 4, 5]);
  });

  it("bad input: errors name the argument", async () => {
    await expect(parallelMap("nope" as unknown as number[], `${tasks}#seededMean`)).rejects.toThrow(/^items: expected/);
    await expect(parallelMap([1], 42 as unknown as string)).rejects.toThrow(/^task: expected/);
    await expect(parallelMap([1], `${tasks}#`)).rejects.toThrow(/^task: expected/);
    await expect(parallelMap([1], "./no/such/module.cjs#f")).rejects.toThrow(/^task: cannot find module/);
    await expect(parallelMap([1, 2], `${tasks}#seededMean`, { workers: 0 })).rejects.toThrow(/^options\.workers:/);
    await expect(parallelMap([1, 2], `${tasks}#seededMean`, { workers: 1.5 })).rejects.toThrow(/^options\.workers:/);
    await expect(parallelMap([1, 2], `${tasks}#seededMean`, { chunkSize: 0 })).rejects.toThrow(/^options\.chunkSize:/);
    // a missing export is reported for both the serial and the pooled run
    await expect(parallelMap([1, 2], `${tasks}#notAFunction`, { workers: 1 })).rejects.toThrow(
      /^task: .*has no function export "notAFunction"/,
    );
    await expect(parallelMap([1, 2], `${tasks}#notAFunction`, { workers: 2 })).rejects.toThrow(
      /^task: .*has no function export "notAFunction"/,
    );
  });

  it("LANDSCAPE_WORKERS sets the default worker count and is validated", () => {
    const old = process.env.LANDSCAPE_WORKERS;
    try {
      process.env.LANDSCAPE_WORKERS = "3";
      expect(defaultWorkers()).toBe(3);
      process.env.LANDSCAPE_WORKERS = "two";
      expect(() => defaultWorkers()).toThrow(/^LANDSCAPE_WORKERS: expected a positive integer/);
      delete process.env.LANDSCAPE_WORKERS;
      expect(defaultWorkers()).toBeGreaterThanOrEqual(1);
    } finally {
      if (old === undefined) delete process.env.LANDSCAPE_WORKERS;
      else process.env.LANDSCAPE_WORKERS = old;
    }
  });
});
