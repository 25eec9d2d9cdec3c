/**
 * Tutorial 3: the implicit ℓ1 bias of diagonal linear networks (Wind, Antun, Hansen, arXiv 2307.07410).
 */
export { dlnLimit, type DlnLimitResult } from "./limit.js";
export { dlnFlow, dlnFlowDirect, dlnGD, type DlnFlowResult, type DlnGDResult } from "./flow.js";
export {
  basisPursuit,
  selectedMinimizer,
  dlnPotentialG,
  type BasisPursuitResult,
  type SelectedMinimizerResult,
} from "./lp.js";
export * from "./experiments.js";
export * from "./charts.js";
export { dlnClosedFormCheck, type DlnClosedFormCheck } from "./symbolic.js";
