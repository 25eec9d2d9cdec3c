#!/usr/bin/python3
"""
Writes test/fixtures/activations-reference.json: σ, σ′ and σ″ of tanh, erf, softplus and sigmoid at a set of
arguments, each value the float64 nearest to its 40-digit mpmath value (Debian: python3-mpmath). The arguments: a
uniform grid and uniform random points on [−8, 8], ± log-spaced tails 10 … 1000 and tiny arguments 1e−300 … 1e−1,
and the case boundaries of src/linalg/wasm/activations.wat and of float64's exponent range, each ± 1e−12.
Run: /usr/bin/python3 scripts/activation-reference.py && npx prettier --write test/fixtures/activations-reference.json
"""
import json
import pathlib
import random

import mpmath as mp

mp.mp.dps = 40
OUT = pathlib.Path(__file__).resolve().parent.parent / "test" / "fixtures" / "activations-reference.json"

points = {0.0}
points.update(-8 + 16 * i / 200 for i in range(201))
rng = random.Random(1)
points.update(rng.uniform(-8, 8) for _ in range(200))
for i in range(40):
    for v in (10 ** (1 + 2 * i / 39), 10 ** (-300 + 299 * i / 39)):
        points.update((v, -v))
boundaries = [0.275, 0.55, 0.9, 2.2, 6.0, 0.6931471805599453, 5.93, 19.06, 26.6, 36.7, 37.5, 708.0, 709.9, 745.0]
for c in boundaries:
    for d in (-1e-12, 0.0, 1e-12):
        points.update((c + d, -(c + d)))
z = sorted(points)


def tanh(x):
    t, s2 = mp.tanh(x), mp.sech(x) ** 2
    return t, s2, -2 * t * s2


def erf(x):
    d = 2 / mp.sqrt(mp.pi) * mp.exp(-x * x)
    return mp.erf(x), d, -2 * x * d


def sigmoid_parts(x):
    e = mp.exp(-abs(x))
    return e, e / (1 + e) ** 2  # e^(−|x|), σ′ (even in x)


def softplus(x):
    e, d = sigmoid_parts(x)
    return mp.log1p(mp.exp(x)), 1 / (1 + mp.exp(-x)), d


def sigmoid(x):
    e, d = sigmoid_parts(x)
    return 1 / (1 + mp.exp(-x)), d, -d * mp.tanh(x / 2)


out = {"z": [repr(v) for v in z]}
for name, f in [("tanh", tanh), ("erf", erf), ("softplus", softplus), ("sigmoid", sigmoid)]:
    values = [f(mp.mpf(v)) for v in z]
    out[name] = [[repr(float(v[k])) for v in values] for k in range(3)]
OUT.write_text(json.dumps(out) + "\n")
print(f"{OUT}: {len(z)} arguments")
