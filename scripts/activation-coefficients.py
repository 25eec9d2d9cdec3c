#!/usr/bin/python3
"""
Fits the polynomial coefficients of src/linalg/wasm/activations.wat and prints them as that file's `(global …)`
lines (constant term first). Needs mpmath (Debian: python3-mpmath); 40-digit arithmetic throughout.

Each polynomial is mpmath's Chebyshev fit (`chebyfit`) with the fewest terms whose error, measured on 601 points
and divided by the scale given here, is below the tolerance:
  expQ       q(r) = (e^r − 1 − r)/r², |r| ≤ ln2/2 + 1e−6; error / (1/4) < 1e−18 (e^r = 1 + r + r² q, r² ≤ 0.121)
  tanhR      R(s) = (tanh(u)/u − 1)/s, s = u² ≤ 0.55²; error / 3 < 1e−17 (tanh = u + u s R, |s R| ≤ 0.03)
  erfR       r(s) = erf(x)/x − 1, s = x² ≤ 0.9²; error < 1e−17 (erf = x + x r, 1 + r ≥ 0.8)
  erfcxNear  erfcx(c + y) = e^(x²) erfc(x), x = c + y ∈ [0.9, 2.2], c = 1.55; error / (e^(x²) erf(x)) < 2e−17, so
             that e^(−x²) · error, the error of 1 − erfc, is below 2e−17 · erf(x)
  erfcxFar   the same on [2.2, 6], c = 4.1
Run: /usr/bin/python3 scripts/activation-coefficients.py
"""
import mpmath as mp

mp.mp.dps = 40


def fit(f, a, b, scale, tol, n=600):
    a, b = mp.mpf(a), mp.mpf(b)
    for terms in range(4, 40):
        poly = mp.chebyfit(f, [a, b], terms)
        points = (a + (b - a) * mp.mpf(i) / n for i in range(n + 1))
        err = max(abs((mp.polyval(poly, v) - f(v)) / scale(v)) for v in points)
        if err < tol:
            return [float(c) for c in reversed(poly)], float(err)
    raise SystemExit(f"no fit below {tol}")


def erfcx(x):
    return mp.exp(x * x) * mp.erfc(x)


half = mp.log(2) / 2 + mp.mpf("1e-6")
fits = {
    "expQ": fit(
        lambda r: (mp.exp(r) - 1 - r) / r**2 if r != 0 else mp.mpf(1) / 2, -half, half, lambda r: mp.mpf(1) / 4, 1e-18
    ),
    "tanhR": fit(
        lambda s: (mp.tanh(mp.sqrt(s)) / mp.sqrt(s) - 1) / s if s > 0 else mp.mpf(-1) / 3,
        0,
        mp.mpf("0.55") ** 2,
        lambda s: mp.mpf(3),
        1e-17,
    ),
    "erfR": fit(
        lambda s: mp.erf(mp.sqrt(s)) / mp.sqrt(s) - 1 if s > 0 else 2 / mp.sqrt(mp.pi) - 1,
        0,
        mp.mpf("0.9") ** 2,
        lambda s: mp.mpf(1),
        1e-17,
    ),
}
for name, a, b in [("erfcxNear", 0.9, 2.2), ("erfcxFar", 2.2, 6.0)]:
    c = mp.mpf((a + b) / 2)  # the float64 center used in the kernel (1.55, 4.1)
    fits[name] = fit(
        lambda y: erfcx(y + c), mp.mpf(a) - c, mp.mpf(b) - c, lambda y: mp.erf(y + c) * mp.exp((y + c) ** 2), 2e-17
    )

for name, (coeffs, err) in fits.items():
    print(f"  ;; {name}: {len(coeffs)} terms (error measure {err:.1e})")
    for i, c in enumerate(coeffs):
        print(f"  (global ${name}{i} v128 (v128.const f64x2 {c!r} {c!r}))")
