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
export { deepLinearGD, plateaus } from "./dynamics.js";
export type { GdRun, Plateau } from "./dynamics.js";
export {
  classifyFamily,
  familySummary,
  deepLinearTable,
  checkGlobalMinimizers,
  deepLinearClaims,
  problemSummary,
  plateauRows,
} from "./experiments.js";
export type {
  FamilyRow,
  FamilySummaryRow,
  DeepLinearTable,
  MinimizerCheck,
  DeepLinearClaimsInput,
  ProblemSummaryRow,
  PlateauRow,
} from "./experiments.js";
export { lambdaMinChart, spectrumChart, lossCurveChart } from "./charts.js";
