/**
 * landscape-lab: the one public entry of the cell library. Notebook cells write
 * `import { … } from "landscape-lab"`; everything they need is exported here.
 *
 * @packageDocumentation
 */
export * from "./core/index.js";
export * from "./tensor/index.js";
export * from "./display/index.js";
export * from "./tour/index.js";
export * from "./plstar/index.js";
export * from "./deeplinear/index.js";
export * from "./diagonal/index.js";
export * from "./jupyter/index.js";
export * from "./parallel/index.js";
