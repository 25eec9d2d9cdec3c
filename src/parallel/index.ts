export { parallelMap, lastParallelRun, type ParallelOptions, type ParallelRunInfo } from "./map.js";
export { closeParallelPool, defaultWorkers } from "./pool.js";
export { ParallelItemError } from "./scheduler.js";
export type { ParallelTask } from "./task.js";
