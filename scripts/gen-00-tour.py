"""Writes notebooks/00-tour.ipynb (nbformat 4.5, cell ids, no outputs). Run: python3 scripts/gen-00-tour.py"""
from nbgen import FORMAT_FIRST_TOP_KEYS, ID_FIRST_CODE_KEYS, LANGUAGE_INFO_FULL, Notebook

nb = Notebook("00-tour.ipynb", id_format="tour-{n:02d}", language_info=LANGUAGE_INFO_FULL,
              code_keys=ID_FIRST_CODE_KEYS, top_keys=FORMAT_FIRST_TOP_KEYS)
md, code = nb.md, nb.code

md(r"""
# A tour of landscape-lab

landscape-lab is a TypeScript cell library and Jupyter kernel. Its tutorials reproduce three results of deep-learning
theory numerically, each ending with a table of the theorem's claims checked in the run:

1. **PL\* in wide networks** (Liu, Zhu, Belkin, arXiv 2003.00307) — `01-pl-star-wide-networks`
2. **The second-order landscape of deep linear networks** (Achour, Malgouyres, Gerchinovitz, arXiv 2107.13289) —
   `02-deep-linear-landscape`
3. **The implicit ℓ1 bias of diagonal linear networks** (Wind, Antun, Hansen, arXiv 2307.07410) —
   `03-diagonal-linear-networks`

Every cell imports the one library, `landscape-lab`; hover a name to read its documentation. This tour shows the
pieces: the tensor backend, a seeded model, a training run as a table, a chart, and a claims table.
""")

code(r"""
import {
  ensureBackend, displayRunInfo, sphereData, mlp, trainGD, tangentKernel, lambdaMin,
  lineChart, show, claimsTable,
} from "landscape-lab";

// Picks the fastest tensor backend that really starts (LANDSCAPE_BACKEND forces one) and says why.
const info = await ensureBackend();
await displayRunInfo();
""")

md(r"""
## Parameters

The cell below is tagged `parameters`: `npm run report -- notebooks/00-tour.ipynb --set width=1024 --set seed=3`
re-runs the tour with other values, and the report records them.
""")

code(r"""
const seed = 0;
const width = 256;
const steps = 300;
const lr = 0.5;
""", tags=["parameters"])

md(r"""
## A tiny model with a seeded initialization

Eight points on the sphere of radius $\sqrt{3}$ in $\mathbb{R}^3$ with random labels, and a one-hidden-layer ReLU
network in NTK parameterization, $f(x) = W_2\,\sigma(W_1 x/\sqrt{3})/\sqrt{m}$, weights $\mathcal N(0,1)$ at
initialization. Every random draw of the library comes from one seeded generator, so the same `seed` gives the same
numbers on every run. The tangent kernel $K(w_0) = DF(w_0)\,DF(w_0)^\top$ is an $8\times 8$ matrix; its smallest
eigenvalue is the PL\* constant at initialization (tutorial 1).
""")

code(r"""
const data = sphereData({ n: 8, inputDim: 3, seed: seed });
const net = mlp({ inputDim: 3, widths: [width], activation: "relu", seed: seed });
const lambda0 = lambdaMin(tangentKernel(net, data.X));
console.log(`width ${width}: λ_min(K(w₀)) = ${lambda0.toFixed(4)}`);
""")

md(r"""
## Training, recorded as a table

`trainGD` runs gradient descent on $L(w) = \tfrac12\|F(w)-y\|^2$ and returns a danfojs DataFrame: the loss at every
step, and every `record` steps the PL\* ratio $\tfrac12\|\nabla L\|^2/L$, $\lambda_{\min}(K(w_t))$, the distance
$\|w_t-w_0\|$ and the relative change of the kernel. The table shows the recorded steps.
""")

code(r"""
const run = trainGD(net, data.X, data.y, { lr: lr, steps: steps, record: 50 });
await show(run.dropNa({ axis: 1 }));
""")

code(r"""
await show(
  lineChart(
    { name: "training loss", x: run["step"].values as number[], y: run["loss"].values as number[] },
    { title: "Gradient descent on a wide network", xLabel: "step t", yLabel: "L(w_t)", yScale: "log" },
  ),
);
""")

md(r"""
## Reproducible by construction

The same seed gives the same initialization and hence the same run, bit for bit; another seed gives another one.
The claims table below is computed from this run — the same kind of table ends every tutorial.
""")

code(r"""
const again = trainGD(mlp({ inputDim: 3, widths: [width], activation: "relu", seed: seed }), data.X, data.y, { lr: lr, steps: steps, record: 50 });
const other = trainGD(mlp({ inputDim: 3, widths: [width], activation: "relu", seed: seed + 1 }), data.X, data.y, { lr: lr, steps: steps, record: 50 });
const losses = (df: typeof run) => df["loss"].values as number[];
const identical = losses(run).every((v, i) => v === losses(again)[i]);
const differs = losses(run).some((v, i) => v !== losses(other)[i]);
const L0 = losses(run)[0];
const Lend = losses(run)[steps];

await show(
  claimsTable([
    { claim: "λ_min(K(w₀)) > 0: the loss is PL* at initialization", predicted: "> 0", measured: lambda0, pass: lambda0 > 0 },
    { claim: "gradient descent drives the loss of the over-parameterized net toward 0", predicted: "L_T / L_0 < 1e-6", measured: Lend / L0, pass: Lend / L0 < 1e-6 },
    { claim: "the same seed reproduces the run bit for bit", predicted: "identical", measured: identical ? "identical" : "differs", pass: identical },
    { claim: "another seed gives another run", predicted: "differs", measured: differs ? "differs" : "identical", pass: differs },
  ]),
);
""")

nb.write()
