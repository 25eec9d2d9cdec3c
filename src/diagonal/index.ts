/**
 * Tutorial 3: the implicit ℓ1 bias of diagonal linear networks (Wind, Antun, Hansen, arXiv 2307.07410).
 */
export { dlnLimit, dlnSmallestAlphaD, type DlnLimitResult } from "./limit.js";
export { dlnFlow, dlnFlowDirect, dlnGD, type DlnFlowResult, type DlnGDResult } from "./flow.js";
export {
  basisPursuit,
  selectedMinimizer,
  minimalCertificateLevel,
  dlnPotentialG,
  type BasisPursuitResult,
  type SelectedMinimizerResult,
} from "./lp.js";
export * from "./experiments.js";
export * from "./recovery.js";
export * from "./phase.js";
export * from "./gd.js";
export * from "./sensitivity.js";
export * from "./charts.js";
export { dlnClosedFormCheck, type DlnClosedFormCheck } from "./symbolic.js";
export { dualRho, recoveryCertificate, type RecoveryCertificate } from "./certificate.js";
export { decadeGrid, depthTwoRateWindow, DEPTH_TWO_SMALLEST_ALPHA_D, type DepthTwoRateWindow } from "./grids.js";
export { diagonalParameters, type DiagonalParameters } from "./parameters.js";
export {
  closedFormClaims,
  closedFormTolerance,
  convergenceClaims,
  flowCheckClaims,
  gdClaims,
  kinkClaims,
  kinkConstant,
  phaseClaims,
  rateFit,
  recoveryClaims,
  roundingFloor,
  selectionClaims,
  sensitivityClaims,
  ROUNDING_ULPS,
  SLOPE_TOLERANCE,
  type FlowCheckResults,
  type GDResults,
  type RateFit,
  type RecoveryResults,
} from "./claims.js";
export {
  dlnTrajectorySweep,
  dlnTrajectoryExplorable,
  type DlnTrajectory,
  type DlnTrajectorySweep,
} from "./explorable.js";
