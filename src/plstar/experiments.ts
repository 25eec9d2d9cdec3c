/**
 * The experiments of tutorial 1 (PL* and the tangent kernel of wide networks), as functions from parameters to
 * plain results, so that notebook cells only call them and show what they return: one module per notebook section
 * (data, inequality, width sweep, GD, SGD, under-parameterized, non-convexity), gathered here. Float64 throughout,
 * except the width sweep's kernels when it runs them in tfjs (`kernel: "tensor"`, or `auto` on a GPU; float32).
 */
import type { ActivationName } from "../tensor/index.js";

export * from "./data.js";
export * from "./inequalityExperiment.js";
export * from "./widthSweep.js";
export * from "./gdExperiment.js";
export * from "./sgdExperiment.js";
export * from "./underParameterized.js";
export * from "./nonConvexity.js";

/** Which activation names the experiments accept (re-export for TSDoc links). */
export type PlActivation = ActivationName;
