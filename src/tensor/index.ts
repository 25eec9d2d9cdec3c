export * from "./backend.js";
export * from "./random.js";
export * from "./activations.js";
export * from "./leaks.js";
export { tf } from "./tf.js";
