/**
 * PL* and the tangent kernel of wide networks (Liu, Zhu, Belkin, arXiv 2003.00307): networks in NTK
 * parameterization, their Jacobian, tangent kernel, Hessian norms, training runs and the infinite-width NTK.
 * Float64 throughout and no tensor allocated, except `tangentKernelTensor` (tfjs, float32: the GPU route) and the
 * width sweep when it uses it.
 */
export { mlp, mlpFromWeights, mlpParameters, mlpWithParameters, mlpWeights, type Mlp } from "./net.js";
export {
  predict,
  jacobian,
  jacobianMatrix,
  tangentKernel,
  tangentKernelMatrix,
  lambdaMin,
  lambdaMax,
  hessianNorm,
  modelHvp,
  modelHvpArray,
  squareLoss,
  squareLossGradient,
  squareLossHvp,
  squareLossHvpArray,
  squareLossHessianNorm,
  squareLossHessianSpectrum,
  plStarCheck,
  type PlStarPoint,
} from "./kernel.js";
export {
  closeKernelThreads,
  lastKernelThreadsRun,
  type KernelThreadsOption,
  type KernelThreadsRun,
} from "./kernelThreads.js";
export { ntkInfinite, type NtkKind } from "./ntk.js";
export { tangentKernelTensor, type TangentKernelTensorOptions, type PlKernelChoice } from "./tensor.js";
export {
  gdRun,
  sgdRun,
  trainGD,
  trainSGD,
  sgdStepSize,
  plRecordsFrame,
  plFrame,
  plWidths,
  type PlRun,
  type PlRunOptions,
  type PlTrainRecord,
} from "./train.js";
export {
  sphereData,
  relativeError,
  plInequalityExperiment,
  widthSweep,
  widthSweepPoint,
  widthSweepPointTensor,
  gdExperiment,
  gdWidthStudy,
  gdWidthPoint,
  sgdExperiment,
  sgdBatchSizes,
  underParameterizedExperiment,
  nonConvexityExperiment,
  type PlDataset,
  type PlInequalityRow,
  type WidthSweepRow,
  type WidthSweepResult,
  type WidthSweepPoint,
  type WidthSweepShared,
  type PlSweepOptions,
  type GdExperimentResult,
  type GdWidthRow,
  type GdWidthShared,
  type SgdRunSummary,
  type UnderParamResult,
  type UnderParamNetwork,
  type NonConvexRow,
  type NonConvexResult,
} from "./experiments.js";
export {
  plInequalityChart,
  lambdaMinWidthChart,
  kernelConvergenceChart,
  hessianWidthChart,
  gdLossChart,
  gdDistanceChart,
  gdWidthChart,
  sgdChart,
  underParamChart,
  nonConvexityChart,
} from "./charts.js";
export { plStarClaims, type PlStarResults } from "./claims.js";
export { plStarParameters, type PlStarParameterValues } from "./parameters.js";
export { slopeInterval, studentCritical, type SlopeInterval } from "./slopeInterval.js";
export { expectedLinearizedSgdLoss, type ExpectedLoss } from "./linearizedSgd.js";
export { squareLossFloor } from "./lossFloor.js";
export { widthSpectra, widthSpectrumExplorable, type WidthSpectra, type WidthSpectrum } from "./explorable.js";
