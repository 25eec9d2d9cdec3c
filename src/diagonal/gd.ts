/**
 * Section 7 of tutorial 3: gradient descent with finite steps against the gradient flow, compared at the same time T
 * (gradient descent read at T by linear interpolation between its steps, an O(η²) error).
 */
import { dlnFlow, dlnGD } from "./flow.js";
import { dlnLimit } from "./limit.js";
import { distance } from "./linalg.js";

/** One point of the gradient-descent comparison. */
export interface DlnGDRow {
  method: string;
  lr: number;
  t: number;
  loss: number;
  /** ‖x_GD(t) − x_flow(t)‖₂ at the same flow time t = lr·step (0 for the flow itself). */
  gap: number;
}

/**
 * Section 7: gradient descent with steps `lrs` against the gradient flow (dlnFlow) on [0, T]: loss curves and the
 * distance between the two at equal time, plus the end points' distance to the flow limit.
 */
export function dlnGDComparison(opts: {
  A: number[][];
  y: number[];
  depth: number;
  alpha: number;
  lrs: number[];
  T: number;
  points?: number;
}): {
  rows: DlnGDRow[];
  endGap: { lr: number; gap: number; toLimit: number; diverged: boolean }[];
  flowToLimit: number;
  /** max |x_flow(T)|: the scale of the flow's own integration error (rtol·scale + atol). */
  flowScale: number;
} {
  const { A, y, depth, alpha, T } = opts;
  const P = opts.points ?? 60;
  const times = Array.from({ length: P }, (_, i) => (T * (i + 1)) / P);
  const flow = dlnFlow({ A, y, depth, alpha, times });
  const lim = dlnLimit({ A, y, depth, alpha }).x;
  const rows: DlnGDRow[] = times.map((t, i) => ({ method: "gradient flow", lr: 0, t, loss: flow.loss[i], gap: 0 }));
  const endGap: { lr: number; gap: number; toLimit: number; diverged: boolean }[] = [];
  for (const lr of opts.lrs) {
    // T is rarely a whole number of steps: GD is read at T by linear interpolation between steps ⌊T/lr⌋ and
    // ⌈T/lr⌉ (an O(lr²) error), so every step size is compared with the flow at the same time T. Stopping at
    // round(T/lr)·lr instead would add an O(lr) error of its own that varies erratically with lr.
    const hi = Math.max(1, Math.ceil(T / lr - 1e-9));
    const lo = hi - 1;
    const every = Math.max(1, Math.round(hi / P));
    const gd = dlnGD({ A, y, depth, alpha, lr, steps: hi, every });
    gd.times.forEach((t, i) => {
      if (t === 0) return;
      // flow at the same time: interpolate the reported grid (times are multiples of T/P; GD records align)
      const j = Math.min(P - 1, Math.max(0, Math.round((t / T) * P) - 1));
      const gap = Math.abs(times[j] - t) < 1e-9 * T ? distance(gd.x[i], flow.x[j]) : NaN;
      rows.push({ method: `GD, lr = ${lr}`, lr, t, loss: gd.loss[i], gap });
    });
    const xHi = gd.x[gd.x.length - 1];
    const xLo = lo === 0 ? A[0].map(() => 0) : dlnGD({ A, y, depth, alpha, lr, steps: lo, every: lo }).x.at(-1)!;
    const theta = T / lr - lo;
    const xT = xHi.map((v, i) => xLo[i] + theta * (v - xLo[i]));
    endGap.push({ lr, gap: distance(xT, flow.x[P - 1]), toLimit: distance(xT, lim), diverged: gd.diverged });
  }
  const flowScale = Math.max(...flow.x[P - 1].map(Math.abs));
  return { rows, endGap, flowToLimit: distance(flow.x[P - 1], lim), flowScale };
}
