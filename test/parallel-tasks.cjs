/**
 * Sweep functions for test/parallel.test.ts, run by parallelMap inside worker threads (and in the test's own thread
 * for the serial run). Plain CommonJS so workers can load them without a build.
 */
"use strict";

/** A seeded xorshift32 stream: the item's own randomness, independent of which worker runs it. */
function rng(seed) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 4294967296;
  };
}

/** Float64 work: mean of n seeded uniforms times the shared scale, plus the index. */
function seededMean(item, index, shared) {
  const u = rng(item.seed);
  let sum = 0;
  for (let i = 0; i < item.n; i++) sum += u();
  return { seed: item.seed, index, mean: (sum / item.n) * (shared ? shared.scale : 1) };
}

let tfReady;
function tfjs() {
  if (!tfReady) {
    const tf = require("@tensorflow/tfjs");
    require("@tensorflow/tfjs-backend-wasm");
    tf.env().set("PROD", true);
    tfReady = tf.setBackend("wasm").then((ok) => {
      if (!ok) throw new Error("wasm backend did not start");
      return tf;
    });
  }
  return tfReady;
}

/**
 * Float32 tfjs (wasm) work: the Gram matrix of random ReLU features of width `width` for 8 seeded inputs, returned
 * as plain numbers together with the backend that computed it.
 */
async function reluGram(item) {
  const tf = await tfjs();
  const u = rng(item.seed);
  const d = 16;
  const x = Float32Array.from({ length: 8 * d }, () => u() * 2 - 1);
  const w = Float32Array.from({ length: d * item.width }, () => (u() * 2 - 1) * Math.sqrt(3));
  const k = tf.tidy(() => {
    const f = tf.relu(tf.matMul(tf.tensor2d(x, [8, d]), tf.tensor2d(w, [d, item.width])));
    return tf.div(tf.matMul(f, f, false, true), item.width);
  });
  const values = Array.from(await k.data());
  k.dispose();
  return { backend: tf.getBackend(), values };
}

/** Throws for items marked `fail`, after a delay that makes later items finish first on other workers. */
async function failWhenMarked(item) {
  if (item.delayMs) await new Promise((r) => setTimeout(r, item.delayMs));
  if (item.fail) throw new Error(`marked to fail (value ${item.value})`);
  return item.value * 2;
}

/** Reports the thread it ran on, to check that work really spreads over workers. */
function whereAmI(_item) {
  const { threadId } = require("node:worker_threads");
  const t0 = Date.now();
  while (Date.now() - t0 < 20) {
    // busy for 20 ms so one worker cannot take every item
  }
  return threadId;
}

module.exports = { seededMean, reluGram, failWhenMarked, whereAmI, notAFunction: 42 };
