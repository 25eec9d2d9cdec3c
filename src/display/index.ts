export * from "./spec.js";
export * from "./claims.js";
export * from "./charts.js";
export * from "./interaction.js";
export * from "./explorable.js";
export * from "./render.js";
export * from "./show.js";
