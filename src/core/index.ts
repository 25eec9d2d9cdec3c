export * from "./validate.js";
export * from "./literal.js";
export * from "./parameters.js";
export * from "./stats.js";
export * from "./matrix.js";
export * from "./budget.js";
