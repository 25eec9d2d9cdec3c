#!/usr/bin/env python3
"""Writes notebooks/01-pl-star-wide-networks.ipynb (nbformat 4.5, no outputs). Run: python3 scripts/gen-01-pl-star.py"""
from nbgen import Notebook

nb = Notebook("01-pl-star-wide-networks.ipynb")
md, code = nb.md, nb.code

md(
    cid="intro",
    text=r"""
# 1 · PL\* and the tangent kernel of wide networks

This tutorial reproduces the main claims of C. Liu, L. Zhu and M. Belkin, *Loss landscapes and optimization in
over-parameterized non-linear systems and neural networks* (arXiv [2003.00307](https://arxiv.org/abs/2003.00307)):
over-parameterized losses are **not convex**, not even near their minimizers, yet gradient descent converges to a
global minimizer at a linear rate, because the loss satisfies the **PL\*** condition on a large enough ball — and
for wide networks it does, because their **tangent kernel** barely moves.

**Conventions (used everywhere below).**

* A system $F:\mathbb{R}^P\to\mathbb{R}^n$, $F(w) = (f(x_1;w),\dots,f(x_n;w))$: $n$ training points, $P$ parameters,
  targets $y\in\mathbb{R}^n$ and the square loss $\mathcal L(w) = \tfrac12\|F(w)-y\|^2$ (a sum, not a mean).
* Tangent kernel $K(w) = DF(w)\,DF(w)^\top\in\mathbb{R}^{n\times n}$, i.e. $K_{ij} = \langle\nabla_w f(x_i),\nabla_w f(x_j)\rangle$.
* Networks in **NTK parameterization**: $a_0 = x$, $a_l = \sigma(W_l a_{l-1}/\sqrt{d_{l-1}})$,
  $f(x) = \sigma_{\text{out}}(W_{L+1}a_L/\sqrt{d_L})$ with $\sigma_{\text{out}}$ the identity unless stated; all
  weights $N(0,1)$ at initialization, no biases; $m$ = hidden width.
* Data: $n$ points uniform on the sphere of radius $\sqrt d$ in $\mathbb{R}^d$ (so $\|x\|^2/d = 1$) with random
  labels $y_i\sim N(0,1)$ — the hardest targets to fit.
* Everything is computed in **float64** on the CPU: Jacobians and kernels layer by layer from back-propagated
  vectors (the products in a small WebAssembly SIMD kernel), Hessian-vector products exactly (Pearlmutter's
  $\mathcal R$-operator), eigenvalues by Householder tridiagonalization and the QL algorithm. The one exception is
  the width sweep on a GPU (parameter `sweepKernel` below), whose tangent kernels are then computed in float32.
""",
)

code(
    cid="setup",
    text=r"""
import {
  ensureBackend, displayRunInfo, show, claimsTable,
  mlp, tangentKernel, lambdaMin, jacobian, ntkInfinite, sphereData, plWidths, plFrame, plRecordsFrame,
  plInequalityExperiment, widthSweep, gdExperiment, gdWidthStudy, sgdExperiment,
  underParameterizedExperiment, nonConvexityExperiment, plStarClaims,
  plInequalityChart, lambdaMinWidthChart, kernelConvergenceChart, hessianWidthChart, gdLossChart,
  gdDistanceChart, gdWidthChart, sgdChart, underParamChart, nonConvexityChart,
} from "landscape-lab";
const info = await ensureBackend();
await displayRunInfo();
""",
)

md(
    cid="params-md",
    text=r"""
**Parameters.** The defaults run in well under a minute on two CPU cores. On a bigger machine raise
`maxWidthExponent` (e.g. 16) or `sweepSeeds`; the report command can override any of them with `--set name=value`.

`sweepKernel` says how the width sweep (section 2) computes its tangent kernels: `"float64"` exactly on the CPU,
`"tensor"` in float32 with tfjs on the tensor backend in use, or `"auto"` (the default): `"tensor"` when that backend
is a GPU, else `"float64"` — so on the CPU the numbers are the exact ones. On the GPU kernel (`LANDSCAPE_BACKEND=gpu`)
with a larger `maxWidthExponent` the kernel is computed in float32 on the GPU (relative error about $10^{-6}$, far
below the $O(1/\sqrt m)$ effects measured); λ_min, the distance to $K_\infty$ and the Hessian norm stay float64.
""",
)

code(
    cid="parameters",
    text=r"""
const n = 16; // training points
const inputDim = 16; // input dimension d
const dataSeed = 1;
const seed = 7; // network initializations
const minWidthExponent = 6; // width sweep from 2^6 …
const maxWidthExponent = 14; // … to 2^14
const sweepSeeds = 3; // networks per width
const sweepKernel = "auto"; // width-sweep kernels: "auto" (tensor on a GPU) | "float64" | "tensor" (float32, tfjs)
const outputActivation = "tanh"; // σ_out for the "no transition to linearity" sweep
const gdWidth = 1024;
const gdSteps = 300;
const gdStudyMaxExponent = 12; // GD at widths 2^6 … 2^12
const sgdWidth = 512;
const sgdEpochs = 60;
const underN = 40; // points for the under-parameterized comparison
const underWidth = 2; // P = 2·(16 + 1) = 34 < underN
const overWidth = 256;
const underSteps = 500;
const convexN = 8;
const convexDim = 4;
const convexWidth = 16; // P = 16·(4 + 1) = 80 > 8
""",
    tags=["parameters"],
)

code(
    cid="data",
    text=r"""
const data = sphereData({ n: n, inputDim: inputDim, seed: dataSeed });
const net0 = mlp({ inputDim: inputDim, widths: [1024], activation: "relu", seed: seed });
const K0 = tangentKernel(net0, data.X);
await show(`n = ${n} points in d = ${inputDim}; a relu net of width 1024 has P = ${net0.parameterCount} parameters; ` +
  `its tangent kernel K(w₀) is ${K0.length}×${K0.length} with λ_min = ${lambdaMin(K0).toFixed(4)}`);
""",
)

md(
    cid="s1-md",
    text=r"""
## 1 · The PL\* inequality $\tfrac12\|\nabla\mathcal L\|^2 \ge \lambda_{\min}(K)\,\mathcal L$

A loss is **μ-PL\*** on a set $S$ if $\tfrac12\|\nabla\mathcal L(w)\|^2 \ge \mu\,\mathcal L(w)$ for all $w\in S$
(Polyak–Łojasiewicz with the minimum value 0, which an interpolating model attains). For the square loss the
tangent kernel gives it directly: $\nabla\mathcal L = DF^\top(F-y)$, so

$$\|\nabla\mathcal L(w)\|^2 = (F-y)^\top K(w)\,(F-y) \;\ge\; \lambda_{\min}(K(w))\,\|F-y\|^2 = 2\lambda_{\min}(K(w))\,\mathcal L(w).$$

Hence $\mathcal L$ is μ-PL\* wherever $\lambda_{\min}(K(w))\ge\mu$. Below: random points $w$ (random networks of
several widths and activations, moved a random distance up to 3 from their initialization), both sides measured.
Every dot must lie on or above the dashed line $y = x$.
""",
)

code(
    cid="s1",
    text=r"""
const inequality = plInequalityExperiment({
  data: data, widths: [16, 128, 1024], activations: ["relu", "tanh", "softplus"], samples: 45, seed: seed,
});
await show(plInequalityChart(inequality));
""",
)

md(
    cid="s2-md",
    text=r"""
## 2 · Wide networks: the kernel converges, the Hessian vanishes

For a one-hidden-layer network in NTK parameterization the tangent kernel at initialization converges, as
$m\to\infty$, to a deterministic kernel (the NTK). With $(u,u')\sim N(0,\Sigma)$,
$\Sigma = \tfrac1d\begin{pmatrix}x\cdot x & x\cdot x'\\ x\cdot x' & x'\cdot x'\end{pmatrix}$:

$$K_\infty(x,x') = \mathbb E[\sigma(u)\sigma(u')] + \frac{x\cdot x'}{d}\,\mathbb E[\sigma'(u)\sigma'(u')].$$

For relu both expectations are arc-cosine kernels (Cho & Saul): with $\cos\theta = \Sigma_{12}/\sqrt{\Sigma_{11}\Sigma_{22}}$,
$\mathbb E[\sigma\sigma'] = \sqrt{\Sigma_{11}\Sigma_{22}}\,(\sin\theta + (\pi-\theta)\cos\theta)/(2\pi)$ and
$\mathbb E[\sigma'\sigma'] = (\pi-\theta)/(2\pi)$; for erf they are Williams' (1997) arcsine kernels
(`ntkInfinite("relu" | "erf", X)`). A sum of $m$ independent terms, $K_m$ fluctuates around $K_\infty$ by
$O(1/\sqrt m)$.

The **transition to linearity**: the Hessian of the model in $w$ has spectral norm $\|H_f\| = O(1/\sqrt m)$ with a
linear output layer (measured here as $\max_i\|\nabla^2_w f(x_i)\|$ by power iteration on exact Hessian-vector
products). With a non-linear output $\sigma_{\text{out}}$, $H_f = \sigma_{\text{out}}''\,\nabla z\nabla z^\top + \sigma_{\text{out}}'H_z$
keeps a rank-one part of size $O(1)$: no transition to linearity — yet $K = \sigma_{\text{out}}'^2 K_z$ stays
positive definite, so PL\* still holds.

(For relu with a linear output the only non-zero second derivatives are the cross terms
$\partial^2 f/\partial v_k\,\partial w_k = \sigma'(w_k\cdot x/\sqrt d)\,x/\sqrt{dm}$, block-diagonal over the hidden
units, so $\|H_f(x)\| = \|x\|/\sqrt{dm} = 1/\sqrt m$ exactly on our data: the measured points lie on the dashed line.)

The charts: λ_min of $K_m(w_0)$ against the width with the infinite-width value; the relative distance
$\|K_m-K_\infty\|_F/\|K_\infty\|_F$ with its fitted log–log slope (predicted −½); the Hessian norm for a linear
and a $\tanh$ output (predicted slopes −½ and 0).

The networks of the sweep are independent, so `widthSweep` computes them on all CPU cores (one worker thread per
core, widest networks first); the numbers are the same, bit for bit, as on one core (`workers: 1`). On a GPU
(`sweepKernel`, see Parameters) the networks run one after another in this process and their tangent kernels are
computed on the GPU in float32 by `tangentKernelTensor`, in chunks of hidden units (the Jacobian is never formed).
""",
)

code(
    cid="s2",
    text=r"""
const widths = plWidths(minWidthExponent, maxWidthExponent);
const sweep = await widthSweep({ data: data, widths: widths, activation: "relu", seeds: sweepSeeds, seed: seed,
  kernel: sweepKernel });
const sweepOutput = await widthSweep({ data: data, widths: widths, activation: "relu",
  outputActivation: outputActivation, seeds: sweepSeeds, seed: seed, kernel: sweepKernel });
await show(`Tangent kernels of the sweep: ${sweep.kernel === "tensor" ? `float32 (tfjs) on ${info.device}` : "float64 on the CPU"}`);
await show(lambdaMinWidthChart(sweep));
await show(kernelConvergenceChart(sweep));
await show(hessianWidthChart([sweep, sweepOutput]));
await show(plFrame(sweep.summary));
""",
)

md(
    cid="s3-md",
    text=r"""
## 3 · Gradient descent at η = 1/β

**Theorem (Liu, Zhu, Belkin).** If $\mathcal L$ is β-smooth and μ-PL\* on the ball $B(w_0,R)$ with
$R = 2\sqrt{2\beta\mathcal L(w_0)}/\mu$, then gradient descent with step $\eta = 1/\beta$ stays in the ball, converges
to a global minimizer in it, and $\mathcal L(w_t)\le(1-\eta\mu)^t\,\mathcal L(w_0)$.

For a wide network $K(w)$ changes little on the ball (its Hessian is $O(1/\sqrt m)$), so
$\lambda_{\min}(K(w))\ge\lambda_{\min}(K(w_0)) - O(R/\sqrt m) > 0$ there: the hypothesis holds.

**How the constants are obtained here — estimated, not assumed.**

* β: $\|\nabla^2\mathcal L(w_0)\|$ by power iteration on exact Hessian-vector products, times a safety factor 1.1;
  $\|\nabla^2\mathcal L(w_t)\|$ is then measured at every 10th step of the run, and if it ever exceeded β the run would be
  redone with the larger value (the table says how many runs it took). This checks smoothness *along the path*
  (at recorded iterates), not on the whole ball.
* μ: the smallest $\lambda_{\min}(K(w_t))$ over the recorded steps of the same run.
* The bound $(1-\eta\mu)^t\mathcal L(w_0)$ is then drawn against the measured loss. Near the end GD behaves like the
  linear model, whose residual contracts by $(1-\eta\lambda_{\min})$ per step, so the loss (a square) falls about twice
  as fast on the log scale as the bound.
""",
)

code(
    cid="s3",
    text=r"""
const gd = gdExperiment({ data: data, width: gdWidth, activation: "relu", steps: gdSteps, record: 10, seed: seed });
await show(gdLossChart(gd));
await show(gdDistanceChart(gd));
await show(plFrame([{ P: gd.parameterCount, beta0: gd.beta0, beta: gd.beta, betaAlongRun: gd.betaRun, runs: gd.attempts,
  eta: gd.eta, mu: gd.mu, R: gd.R, maxDistance: gd.maxDistance, maxKernelChange: gd.maxKernelChange, finalLoss: gd.finalLoss }]));
""",
)

md(
    cid="s3b-md",
    text=r"""
The same experiment for widths $2^6,\dots,2^{12}$: the distance GD travels, $\max_t\|w_t-w_0\|$, stays about the
same (it is set by the data, not the width), the theorem's radius $R$ stays finite, while the relative change of
the tangent kernel along the path, $\max_t\|K(w_t)-K(w_0)\|_F/\|K(w_0)\|_F$, shrinks — the theory bounds it by
$O(R/\sqrt m)$; in this run it falls faster still. (Here β = 1.1 ‖∇²L(w₀)‖ without the along-the-path check of
the first run, to keep the sweep fast; every run still converges.) The run record of the first experiment (the columns `trainGD` returns; the rows where
$\lambda_{\min}(K)$ and the kernel change were computed) is shown after.
""",
)

code(
    cid="s3b",
    text=r"""
const gdWidths = await gdWidthStudy({ data: data, widths: plWidths(minWidthExponent, gdStudyMaxExponent), activation: "relu",
  steps: gdSteps, record: 25, seed: seed });
await show(gdWidthChart(gdWidths.rows));
await show(plFrame(gdWidths.rows));
await show(plRecordsFrame(gd.records.filter((r) => !Number.isNaN(r.lambdaMin))));
""",
)

md(
    cid="s4-md",
    text=r"""
## 4 · SGD converges exponentially too

Under PL\* (and interpolation: every $\ell_i$ vanishes at the minimizer) SGD with a small enough constant step also
converges exponentially. Each step draws a batch $B$ of $b$ distinct points and moves along the unbiased estimate
$\tfrac nb\sum_{i\in B}(f(x_i)-y_i)\nabla f(x_i)$. The step is
$\eta_b = 1/\big(\tfrac nb\min(\lambda_{\max}(K(w_0)),\, b\max_i K_{ii}(w_0))\big)$, which bounds the curvature of
every mini-batch loss of the linearized model ($b=n$ gives GD's $1/\lambda_{\max}$). Batch sizes $1$, $n/4$, $n$,
the same number of epochs each; the loss is the full loss.
""",
)

code(
    cid="s4",
    text=r"""
const sgd = sgdExperiment({ data: data, width: sgdWidth, activation: "relu", batchSizes: [1, n / 4, n],
  epochs: sgdEpochs, seed: seed });
await show(sgdChart(sgd));
await show(plFrame(sgd.map((r) => ({ batchSize: r.batchSize, lr: r.lr, steps: r.steps,
  log10LossPerEpoch: r.log10LossPerEpoch, lossReduction: r.lossReduction }))));
""",
)

md(
    cid="s5-md",
    text=r"""
## 5 · Under-parameterized: PL\* fails

If $P<n$, $K = DF\,DF^\top$ has rank at most $P$, so $\lambda_{\min}(K) = 0$ everywhere: no PL\* constant exists,
and in general no parameter fits the data. Below, with the default parameters, on $n = 40$ points, a $\tanh$ network of
width 2 ($P = 34 < 40$) against one of width 256 ($P = 4352$), both by GD at $\eta = 1/\beta$. The subtitle gives
$\lambda_{\min}(K(w_0))/\lambda_{\max}(K(w_0))$: zero to rounding for the small network.
""",
)

code(
    cid="s5",
    text=r"""
const underData = sphereData({ n: underN, inputDim: inputDim, seed: dataSeed + 1 });
const under = underParameterizedExperiment({ data: underData, underWidth: underWidth,
  overWidth: overWidth, activation: "tanh", steps: underSteps, seed: seed });
await show(underParamChart(under));
""",
)

md(
    cid="s6-md",
    text=r"""
## 6 · Not locally convex, even arbitrarily close to a global minimizer

When $P>n$ the global minimizers form a $(P-n)$-dimensional manifold $\{w: F(w)=y\}$. At a minimizer $w^*$,
$\nabla^2\mathcal L(w^*) = DF^\top DF\succeq 0$ with $P-n$ zero eigenvalues (the tangent directions of the manifold).
Nearby, $\nabla^2\mathcal L(w) = DF^\top DF + \sum_i (f(x_i)-y_i)\nabla^2 f(x_i)$: the second term is $O(\delta)$ at
distance δ, and on the null space of $DF$, where the first term vanishes, it has negative eigenvalues when the
manifold is curved. So $\mathcal L$ is not convex on any ball around $w^*$, and $\lambda_{\min}(\nabla^2\mathcal L)\approx -c\,\delta$.

Here (default parameters): a small $\tanh$ network ($P = 80$, $n = 8$) trained by GD and polished by minimum-norm Gauss–Newton steps
$w\leftarrow w - DF^\top(DF\,DF^\top)^{-1}(F-y)$ to $\mathcal L(w^*) < 10^{-30}$ (rounding level); then the full $P\times P$ Hessian
at $w^*+\delta v$ for random unit directions $v$ and $\delta = 10^{-1},\dots,10^{-5}$.
""",
)

code(
    cid="s6",
    text=r"""
const convexData = sphereData({ n: convexN, inputDim: convexDim, seed: dataSeed + 2 });
const nonConvex = nonConvexityExperiment({ data: convexData, width: convexWidth, activation: "tanh",
  deltas: [1e-1, 1e-2, 1e-3, 1e-4, 1e-5], directions: 8, seed: seed });
await show(nonConvexityChart(nonConvex));
await show(plFrame(nonConvex.rows));
""",
)

md(
    cid="claims-md",
    text=r"""
## Claims

Each claim of the paper as checked in this run: what the theory predicts, what was measured, the tolerance, and
whether it held. A failed claim is shown as failed.
""",
)

code(
    cid="claims",
    text=r"""
await show(claimsTable(plStarClaims({ inequality: inequality, sweep: sweep, sweepOutput: sweepOutput, gd: gd,
  gdWidths: gdWidths, sgd: sgd, under: under, nonConvex: nonConvex })));
""",
)

nb.write()
