export * from "./parameters.js";
export * from "./claims.js";
