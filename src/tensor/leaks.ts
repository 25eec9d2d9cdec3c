/**
 * Helpers to keep long notebook sessions from leaking tensors.
 */
import { tf } from "./tf.js";

/** Number of live tfjs tensors (`tf.memory().numTensors`). */
export function liveTensors(): number {
  return tf.memory().numTensors;
}

/**
 * Runs `fn` and throws if it left tensors allocated. Works for sync and async functions.
 *
 * @param fn - the work to check.
 * @param label - named in the error.
 */
export async function withoutLeaks<T>(fn: () => T | Promise<T>, label = "function"): Promise<T> {
  const before = liveTensors();
  const out = await fn();
  const after = liveTensors();
  if (after !== before)
    throw new Error(`${label}: leaked ${after - before} tensor(s) (${before} before, ${after} after)`);
  return out;
}
