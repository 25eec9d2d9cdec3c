export * from "./spec.js";
export * from "./claims.js";
