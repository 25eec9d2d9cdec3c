/**
 * Tutorial 1's explorable figure: the spectrum of the tangent kernel K(w₀) of the width sweep's networks, one width
 * at a time under a slider, against the infinite-width kernel's spectrum.
 */
import { sliderLineChart } from "../display/explorable.js";
import type { VegaLiteSpec } from "../display/spec.js";
import type { PlDataset, WidthSweepResult } from "./experiments.js";
import { plKernelFlat, plSymEigenvalues } from "./kernel.js";
import { mlp } from "./net.js";
import { ntkInfinite } from "./ntk.js";
import { plCheckInt, plCheckMatrix } from "./validate.js";

/** The kernel spectrum of one network of the sweep, with the sweep's own numbers for it. */
export interface WidthSpectrum {
  width: number;
  /** Eigenvalues of K(w₀), ascending (float64). */
  eigenvalues: number[];
  /** The sweep's ‖K − K_∞‖_F/‖K_∞‖_F and ‖H_f‖ for this network (NaN without K_∞). */
  kernelError: number;
  hessianNorm: number;
}

/** Result of {@link widthSpectra}. */
export interface WidthSpectra {
  activation: string;
  outputActivation: string;
  /** Eigenvalues of K_∞, ascending, or null when there is no closed form. */
  limit: number[] | null;
  /** One per width of the sweep, narrowest first. */
  spectra: WidthSpectrum[];
}

/**
 * The whole spectrum of K(w₀) for the first network of each width of a {@link widthSweep} (the same networks: the
 * sweep initializes network 0 of width m with `seed + m`), and of K_∞. Checks that the smallest eigenvalue equals the
 * sweep's λ_min for that network, so the figure shows the run's own kernels.
 *
 * @param options.data - the sweep's data set.
 * @param options.sweep - the result of `widthSweep` on it.
 * @param options.seed - the `seed` the sweep was given.
 * @returns the spectra, narrowest width first.
 * @throws Error naming `seed` when the kernels are not the sweep's (λ_min differs), or `data`/`sweep` when malformed.
 */
export function widthSpectra(options: { data: PlDataset; sweep: WidthSweepResult; seed: number }): WidthSpectra {
  const D = plCheckMatrix(options?.data?.X, "data.X");
  const sweep = options.sweep;
  if (!sweep || !Array.isArray(sweep.summary) || !Array.isArray(sweep.rows)) {
    throw new Error("sweep: expected the result of widthSweep (with summary and rows)");
  }
  const seed = plCheckInt(options.seed, "seed", Number.MIN_SAFE_INTEGER);
  const closed = sweep.outputActivation === "linear" && (sweep.activation === "relu" || sweep.activation === "erf");
  const limit = closed
    ? plSymEigenvalues(Float64Array.from(ntkInfinite(sweep.activation, options.data.X).flat()), D.n)
    : null;
  const spectra = sweep.summary.map(({ width }) => {
    const row = sweep.rows.find((r) => r.width === width && r.seed === 0);
    if (!row) throw new Error(`sweep: no network 0 of width ${width} in sweep.rows`);
    const net = mlp({
      inputDim: D.d,
      widths: [width],
      activation: sweep.activation,
      outputActivation: sweep.outputActivation,
      seed: seed + width,
    });
    const eigenvalues = plSymEigenvalues(plKernelFlat(net, D), D.n);
    // float64 kernels agree to rounding; the tfjs (float32) kernels of a GPU sweep to ~1e-4 relative
    const tol = (sweep.kernel === "tensor" ? 1e-3 : 1e-8) * Math.max(1, Math.abs(row.lambdaMin));
    if (Math.abs(eigenvalues[0] - row.lambdaMin) > tol) {
      throw new Error(
        `seed: the sweep's network of width ${width} has λ_min ${row.lambdaMin}, the one from seed ${seed} has ${eigenvalues[0]}: pass the seed the sweep was given`,
      );
    }
    return { width, eigenvalues, kernelError: row.kernelError, hessianNorm: row.hessianNorm };
  });
  return { activation: sweep.activation, outputActivation: sweep.outputActivation, limit, spectra };
}

function fmt(v: number): string {
  if (!Number.isFinite(v)) return "–";
  return Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? v.toPrecision(4) : v.toExponential(2);
}

/**
 * The explorable figure of tutorial 1: a slider over log₂ m shows the eigenvalues of K(w₀) at width m (ascending,
 * log scale) against the dashed spectrum of K_∞, with λ_min, ‖K − K_∞‖/‖K_∞‖ and ‖H_f‖ of that network beside it.
 *
 * @param spectra - from {@link widthSpectra}.
 * @returns a Vega-Lite spec (an explorable figure); pass it to `show`.
 * @throws Error naming `spectra` when it has fewer than two widths or widths not evenly spaced in log₂.
 */
export function widthSpectrumExplorable(spectra: WidthSpectra): VegaLiteSpec {
  if (!spectra || !Array.isArray(spectra.spectra) || spectra.spectra.length < 2) {
    throw new Error("spectra: expected the result of widthSpectra with at least two widths");
  }
  const n = spectra.spectra[0].eigenvalues.length;
  const index = Array.from({ length: n }, (_, i) => i + 1);
  const limitMin = spectra.limit ? spectra.limit[0] : NaN;
  return sliderLineChart(
    spectra.spectra.map((s) => ({
      value: s.width,
      x: index,
      y: s.eigenvalues,
      readout: [
        `λ_min(K) = ${fmt(s.eigenvalues[0])}${spectra.limit ? `  (K_∞: ${fmt(limitMin)})` : ""}`,
        `λ_max(K) = ${fmt(s.eigenvalues[n - 1])}`,
        ...(spectra.limit ? [`‖K − K_∞‖/‖K_∞‖ = ${fmt(s.kernelError)}`] : []),
        `‖H_f‖ = ${fmt(s.hessianNorm)}`,
      ],
    })),
    {
      parameter: { name: "log2m", label: "log₂ width m", base: 2, symbol: "m" },
      title: "The tangent kernel's spectrum as the width grows",
      subtitle: `eigenvalues of K(w₀) (${spectra.activation}, one network per width) and of the infinite-width K_∞`,
      hint:
        "Move the slider to wider networks: the eigenvalues of K(w₀) close in on the dashed spectrum of K_∞ and the " +
        "smallest stays away from 0 (PL* holds with μ ≈ λ_min), while ‖K − K_∞‖ and the Hessian norm ‖H_f‖ shrink " +
        "like 1/√m (transition to linearity).",
      xLabel: "eigenvalue index (ascending)",
      yLabel: "eigenvalue",
      yScale: "log",
      curveName: "K(w₀) at width m",
      references: spectra.limit ? [{ name: "K_∞ (infinite width)", x: index, y: spectra.limit, predicted: true }] : [],
      points: true,
    },
  );
}
