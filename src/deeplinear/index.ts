/**
 * Tutorial 2: the second-order landscape of deep linear networks (Achour, Malgouyres & Gerchinovitz,
 * arXiv 2107.13289). Float64 throughout; no tensors.
 *
 * @packageDocumentation
 */
export { deepLinearProblem, criticalValues } from "./problem.js";
export type { DeepLinearProblem, CriticalValue } from "./problem.js";
export {
  loss,
  gradient,
  hessian,
  hessianEigenvalues,
  classifyByHessian,
  classifyByRanks,
  pairCoupling,
} from "./landscape.js";
export type {
  CriticalKind,
  PartialRanks,
  Classification,
  HessianClassification,
  RankClassification,
  RankRule,
} from "./landscape.js";
export {
  criticalPoint,
  globalMinimizer,
  deepLinearData,
  enumerateCriticalPoints,
  laneCandidates,
  familyMember,
  zeroLayers,
} from "./construct.js";
export type { JunkLane, EnumeratedPoint } from "./construct.js";
export { deepLinearGD, initialLayers, plateaus, arrivalSteps, scheduledGD } from "./dynamics.js";
export type { GdRun, Plateau, ScheduledRun } from "./dynamics.js";
export {
  balancedModeTimes,
  gdSchedule,
  scheduleFromSpectrum,
  gdStabilityBound,
  orientationFree,
  ESCAPE_FACTOR,
  STEP_CAP,
} from "./escape.js";
export type { ModeTimes, GdSchedule, StabilityBound, Orientation } from "./escape.js";
export { deepLinearClaims, layerReadingMechanism } from "./claims.js";
export type { DeepLinearClaimsInput, DisagreementMechanism } from "./claims.js";
export { deepLinearParameters, networkWidths } from "./parameters.js";
export type { DeepLinearParameterValues } from "./parameters.js";
export { classifyFamily, familySummary, ruleExamples } from "./family.js";
export type { FamilyRow, FamilySummaryRow, RuleExamples } from "./family.js";
export { deepLinearTable } from "./table.js";
export type { DeepLinearTable } from "./table.js";
export { checkGlobalMinimizers } from "./minimizers.js";
export type { MinimizerCheck } from "./minimizers.js";
export { problemSummary } from "./problemSummary.js";
export type { ProblemSummaryRow } from "./problemSummary.js";
export { plateauRows } from "./plateauTable.js";
export type { PlateauRow } from "./plateauTable.js";
export { lambdaMinChart, spectrumChart, lossCurveChart } from "./charts.js";
export { deepLinearInitSweep, initScaleExplorable, type InitScaleSweep } from "./explorable.js";
