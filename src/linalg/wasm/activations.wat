;; Activations σ and their derivatives σ′, σ″ in float64, two entries per f64x2 instruction, on the memory of
;; products.wat (imported): the activation passes of the tangent kernel, the Jacobian and Hessian-vector products.
;;
;; Matrices are row-major float64; pointers are in bytes, counts in elements. Activation kinds, in the order of the
;; library's ACTIVATIONS: 0 linear, 1 relu, 2 tanh, 3 erf, 4 softplus, 5 sigmoid.
;;
;; tanh, erf, softplus and sigmoid are built from one exponential ($expSum) and polynomials whose coefficients are
;; Chebyshev fits in 40-digit arithmetic (scripts/activation-coefficients.py prints the globals below), each with an
;; error far below 2^−53 where the kernel uses it. Case splits compute both sides (erf skips a side no lane needs)
;; and select per lane, so an entry's values do not depend on the entry that shares its instruction.
;;
;; Accuracy, against the float64 nearest to 40-digit values (test/activations-wasm.test.ts, arguments on [−8, 8],
;; tails to ±1000, tiny arguments to 1e−300 and the case boundaries): σ and σ′ within 4 ulp, σ″ within 6 ulp where
;; the exact value is a normal number (and, for erf″ = −2z erf′, erf′ is too); subnormal results within 64·2^−1074.
;; Largest errors seen there and on a denser grid of 60 000 arguments (σ / σ′ / σ″, ulp): tanh 1 / 4 / 5,
;; erf 1 / 2 / 2, softplus 2 / 2 / 4, sigmoid 2 / 4 / 5. Each is a few correctly rounded operations on e^x (about
;; 1 ulp) and on polynomial values (fitted error < 0.2 ulp). ±0, ±∞ and NaN give the limits (tanh(−0) = −0, …).
;; Against Math.*: tanh and sigmoid within 2 ulp of Math.tanh and 1/(1 + Math.exp(−z)) on that grid. The library's
;; scalar formulas are the less accurate side where they differ more: its series erf (up to 66 ulp), and derivatives
;; that cancel (1 − tanh² for |z| > 19, s(1 − s) for large |z|, s(1 − s)(1 − 2s) near 0) lose all relative accuracy.

(module
  (import "products" "memory" (memory 16))

  ;; Polynomial coefficients (both lanes), constant term first: printed by scripts/activation-coefficients.py.
  ;; expQ: q(r) of $expSum; tanhR: R(s) of $tanhOfAbs; erfR: r(s) of $erf; erfcxNear, erfcxFar: erfcx(c + y) on
  ;; [0.9, 2.2] (c = 1.55) and [2.2, 6] (c = 4.1).
  ;; expQ: 12 terms (error measure 6.9e-20)
  (global $expQ0 v128 (v128.const f64x2 0.5 0.5))
  (global $expQ1 v128 (v128.const f64x2 0.16666666666666666 0.16666666666666666))
  (global $expQ2 v128 (v128.const f64x2 0.04166666666666668 0.04166666666666668))
  (global $expQ3 v128 (v128.const f64x2 0.008333333333333333 0.008333333333333333))
  (global $expQ4 v128 (v128.const f64x2 0.0013888888888879082 0.0013888888888879082))
  (global $expQ5 v128 (v128.const f64x2 0.00019841269841263304 0.00019841269841263304))
  (global $expQ6 v128 (v128.const f64x2 2.4801587336421925e-05 2.4801587336421925e-05))
  (global $expQ7 v128 (v128.const f64x2 2.755731924720519e-06 2.755731924720519e-06))
  (global $expQ8 v128 (v128.const f64x2 2.7557263300828916e-07 2.7557263300828916e-07))
  (global $expQ9 v128 (v128.const f64x2 2.5052071108783986e-08 2.5052071108783986e-08))
  (global $expQ10 v128 (v128.const f64x2 2.091812969394292e-09 2.091812969394292e-09))
  (global $expQ11 v128 (v128.const f64x2 1.6086622595497624e-10 1.6086622595497624e-10))
  ;; tanhR: 11 terms (error measure 2.6e-18)
  (global $tanhR0 v128 (v128.const f64x2 -0.3333333333333333 -0.3333333333333333))
  (global $tanhR1 v128 (v128.const f64x2 0.13333333333332714 0.13333333333332714))
  (global $tanhR2 v128 (v128.const f64x2 -0.053968253967434016 -0.053968253967434016))
  (global $tanhR3 v128 (v128.const f64x2 0.021869488493666944 0.021869488493666944))
  (global $tanhR4 v128 (v128.const f64x2 -0.008863234397814355 -0.008863234397814355))
  (global $tanhR5 v128 (v128.const f64x2 0.003592110378689024 0.003592110378689024))
  (global $tanhR6 v128 (v128.const f64x2 -0.001455661830100716 -0.001455661830100716))
  (global $tanhR7 v128 (v128.const f64x2 0.0005889360520074057 0.0005889360520074057))
  (global $tanhR8 v128 (v128.const f64x2 -0.0002346347410887237 -0.0002346347410887237))
  (global $tanhR9 v128 (v128.const f64x2 8.511313685577672e-05 8.511313685577672e-05))
  (global $tanhR10 v128 (v128.const f64x2 -2.060276537636634e-05 -2.060276537636634e-05))
  ;; erfR: 12 terms (error measure 6.4e-19)
  (global $erfR0 v128 (v128.const f64x2 0.1283791670955126 0.1283791670955126))
  (global $erfR1 v128 (v128.const f64x2 -0.3761263890318373 -0.3761263890318373))
  (global $erfR2 v128 (v128.const f64x2 0.11283791670953794 0.11283791670953794))
  (global $erfR3 v128 (v128.const f64x2 -0.02686617064482373 -0.02686617064482373))
  (global $erfR4 v128 (v128.const f64x2 0.0052239776217703725 0.0052239776217703725))
  (global $erfR5 v128 (v128.const f64x2 -0.0008548326764466543 -0.0008548326764466543))
  (global $erfR6 v128 (v128.const f64x2 0.00012055321382481122 0.00012055321382481122))
  (global $erfR7 v128 (v128.const f64x2 -1.492530753550859e-05 -1.492530753550859e-05))
  (global $erfR8 v128 (v128.const f64x2 1.6455328747938096e-06 1.6455328747938096e-06))
  (global $erfR9 v128 (v128.const f64x2 -1.6276526722586205e-07 -1.6276526722586205e-07))
  (global $erfR10 v128 (v128.const f64x2 1.4051482766989913e-08 1.4051482766989913e-08))
  (global $erfR11 v128 (v128.const f64x2 -8.493998797080943e-10 -8.493998797080943e-10))
  ;; erfcxNear: 17 terms (error measure 1.9e-17)
  (global $erfcxNear0 v128 (v128.const f64x2 0.31359061383339726 0.31359061383339726))
  (global $erfcxNear1 v128 (v128.const f64x2 -0.15624826421198024 -0.15624826421198024))
  (global $erfcxNear2 v128 (v128.const f64x2 0.07140580430482651 0.07140580430482651))
  (global $erfcxNear3 v128 (v128.const f64x2 -0.030379511693085892 -0.030379511693085892))
  (global $erfcxNear4 v128 (v128.const f64x2 0.012158780590360416 0.012158780590360416))
  (global $erfcxNear5 v128 (v128.const f64x2 -0.004613360708339081 -0.004613360708339081))
  (global $erfcxNear6 v128 (v128.const f64x2 0.0016693571619412302 0.0016693571619412302))
  (global $erfcxNear7 v128 (v128.const f64x2 -0.0005788163591893118 -0.0005788163591893118))
  (global $erfcxNear8 v128 (v128.const f64x2 0.00019304797861640507 0.00019304797861640507))
  (global $erfcxNear9 v128 (v128.const f64x2 -6.213121555305562e-05 -6.213121555305562e-05))
  (global $erfcxNear10 v128 (v128.const f64x2 1.9348729230002435e-05 1.9348729230002435e-05))
  (global $erfcxNear11 v128 (v128.const f64x2 -5.845277117331737e-06 -5.845277117331737e-06))
  (global $erfcxNear12 v128 (v128.const f64x2 1.7155301629290383e-06 1.7155301629290383e-06))
  (global $erfcxNear13 v128 (v128.const f64x2 -4.863162556700993e-07 -4.863162556700993e-07))
  (global $erfcxNear14 v128 (v128.const f64x2 1.3556394762132622e-07 1.3556394762132622e-07))
  (global $erfcxNear15 v128 (v128.const f64x2 -4.206405253817684e-08 -4.206405253817684e-08))
  (global $erfcxNear16 v128 (v128.const f64x2 1.1125420235776085e-08 1.1125420235776085e-08))
  ;; erfcxFar: 20 terms (error measure 1.1e-17)
  (global $erfcxFar0 v128 (v128.const f64x2 0.133834116418651 0.133834116418651))
  (global $erfcxFar1 v128 (v128.const f64x2 -0.030939412462566155 -0.030939412462566155))
  (global $erfcxFar2 v128 (v128.const f64x2 0.006982525322184869 0.006982525322184869))
  (global $erfcxFar3 v128 (v128.const f64x2 -0.001540705761231097 -0.001540705761231097))
  (global $erfcxFar4 v128 (v128.const f64x2 0.00033281585006052894 0.00033281585006052894))
  (global $erfcxFar5 v128 (v128.const f64x2 -7.04643094871037e-05 -7.04643094871037e-05))
  (global $erfcxFar6 v128 (v128.const f64x2 1.463739553647488e-05 1.463739553647488e-05))
  (global $erfcxFar7 v128 (v128.const f64x2 -2.985998893157722e-06 -2.985998893157722e-06))
  (global $erfcxFar8 v128 (v128.const f64x2 5.986967291985969e-07 5.986967291985969e-07))
  (global $erfcxFar9 v128 (v128.const f64x2 -1.180726069739452e-07 -1.180726069739452e-07))
  (global $erfcxFar10 v128 (v128.const f64x2 2.2923228498560935e-08 2.2923228498560935e-08))
  (global $erfcxFar11 v128 (v128.const f64x2 -4.3825556404403614e-09 -4.3825556404403614e-09))
  (global $erfcxFar12 v128 (v128.const f64x2 8.236282009890992e-10 8.236282009890992e-10))
  (global $erfcxFar13 v128 (v128.const f64x2 -1.5304716023675116e-10 -1.5304716023675116e-10))
  (global $erfcxFar14 v128 (v128.const f64x2 2.886574223410723e-11 2.886574223410723e-11))
  (global $erfcxFar15 v128 (v128.const f64x2 -5.21049528806459e-12 -5.21049528806459e-12))
  (global $erfcxFar16 v128 (v128.const f64x2 7.378025195792332e-13 7.378025195792332e-13))
  (global $erfcxFar17 v128 (v128.const f64x2 -1.3174170736425508e-13 -1.3174170736425508e-13))
  (global $erfcxFar18 v128 (v128.const f64x2 4.812303257502915e-14 4.812303257502915e-14))
  (global $erfcxFar19 v128 (v128.const f64x2 -8.192092785517817e-15 -8.192092785517817e-15))

  ;; Constants (both lanes).
  (global $one v128 (v128.const f64x2 1 1)) ;; 1
  (global $half v128 (v128.const f64x2 0.5 0.5)) ;; ½
  (global $two v128 (v128.const f64x2 2 2)) ;; 2
  (global $minusTwo v128 (v128.const f64x2 -2 -2)) ;; −2
  (global $four v128 (v128.const f64x2 4 4)) ;; 4
  (global $signBit v128 (v128.const i64x2 0x8000000000000000 0x8000000000000000)) ;; the sign bit of a float64
  (global $exponentBias v128 (v128.const i64x2 1023 1023)) ;; the float64 exponent bias
  ;; 1.5·2^52: x + it rounds x to an integer held in the low mantissa bits
  (global $roundingShift v128 (v128.const f64x2 6755399441055744 6755399441055744))
  ;; the bits of roundingShift
  (global $roundingShiftBits v128 (v128.const i64x2 0x4338000000000000 0x4338000000000000))
  (global $log2e v128 (v128.const f64x2 1.4426950408889634 1.4426950408889634)) ;; 1/ln 2
  (global $ln2hi v128 (v128.const f64x2 0.6931471803691238 0.6931471803691238)) ;; ln 2 rounded to 32 significant bits
  (global $ln2lo v128 (v128.const f64x2 1.9082149292705877e-10 1.9082149292705877e-10)) ;; ln 2 − ln2hi
  (global $expArgMax v128 (v128.const f64x2 1000 1000)) ;; the clamp of $expSum's argument
  (global $expArgMin v128 (v128.const f64x2 -1000 -1000)) ;; the clamp of $expSum's argument
  ;; where $tanhOfAbs switches from its polynomial to (1 − e)/(1 + e)
  (global $tanhSplit v128 (v128.const f64x2 0.55 0.55))
  (global $sqrt2Minus1 v128 (v128.const f64x2 0.41421356237309515 0.41421356237309515)) ;; √2 − 1 ($log1p's reduction)
  (global $twoOverSqrtPi v128 (v128.const f64x2 1.1283791670955126 1.1283791670955126)) ;; 2/√π
  (global $erfArgMax v128 (v128.const f64x2 30 30)) ;; $erf's clamp (e^(−900) = 0)
  (global $erfArgMin v128 (v128.const f64x2 -30 -30)) ;; $erf's clamp
  ;; keeps a float64's sign, exponent and top 25 mantissa bits
  (global $highBits v128 (v128.const i64x2 0xfffffffff8000000 0xfffffffff8000000))
  (global $erfSplit v128 (v128.const f64x2 0.9 0.9)) ;; where $erf switches from z + z r(z²) to 1 − erfc
  (global $erfcxSplit v128 (v128.const f64x2 2.2 2.2)) ;; where erfcx switches from erfcxNear to erfcxFar
  (global $erfcxEnd v128 (v128.const f64x2 6 6)) ;; the end of erfcxFar's interval
  (global $erfcxNearCenter v128 (v128.const f64x2 1.55 1.55)) ;; erfcxNear's center
  (global $erfcxFarCenter v128 (v128.const f64x2 4.1 4.1)) ;; erfcxFar's center
  (global $log1pLg7 v128 (v128.const f64x2 1.479819860511658591e-01 1.479819860511658591e-01)) ;; fdlibm's Lg7
  (global $log1pLg6 v128 (v128.const f64x2 1.531383769920937332e-01 1.531383769920937332e-01)) ;; fdlibm's Lg6
  (global $log1pLg5 v128 (v128.const f64x2 1.818357216161805012e-01 1.818357216161805012e-01)) ;; fdlibm's Lg5
  (global $log1pLg4 v128 (v128.const f64x2 2.222219843214978396e-01 2.222219843214978396e-01)) ;; fdlibm's Lg4
  (global $log1pLg3 v128 (v128.const f64x2 2.857142874366239149e-01 2.857142874366239149e-01)) ;; fdlibm's Lg3
  (global $log1pLg2 v128 (v128.const f64x2 3.999999999940941908e-01 3.999999999940941908e-01)) ;; fdlibm's Lg2
  (global $log1pLg1 v128 (v128.const f64x2 6.666666666666735130e-01 6.666666666666735130e-01)) ;; fdlibm's Lg1

  ;; relu(z, a, h, v, f, n, cols): for the n × cols matrix Z (cols even), A = max(Z, 0), H = v ⊙ [Z > 0] (v: one
  ;; number per column) and f_i += Σ_k v_k A_ik.
  ;; A_ik is f64x2.pmax(Z_ik, 0) (−0 stays −0); the sum over k runs as two interleaved halves (even, odd k) added at
  ;; the end of the row.
  (func (export "relu")
    (param $z i32) (param $a i32) (param $h i32) (param $v i32) (param $f i32) (param $n i32) (param $cols i32)
    (local $i i32)
    (local $k i32) ;; byte offset of column k in a row
    (local $row i32) ;; byte offset of row i
    (local $zk v128) (local $ak v128) (local $vk v128)
    (local $sum v128) ;; Σ_k v_k A_ik, even and odd k
    (local.set $cols (i32.shl (local.get $cols) (i32.const 3))) ;; bytes a row
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.mul (local.get $i) (local.get $cols)))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $k (i32.const 0))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $k) (local.get $cols)))
            (local.set $zk (v128.load align=8 (i32.add (i32.add (local.get $z) (local.get $row)) (local.get $k))))
            (local.set $vk (v128.load align=8 (i32.add (local.get $v) (local.get $k))))
            (local.set $ak (f64x2.pmax (local.get $zk) (v128.const f64x2 0 0)))
            (v128.store align=8 (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $k)) (local.get $ak))
            (v128.store align=8 (i32.add (i32.add (local.get $h) (local.get $row)) (local.get $k))
              (v128.and (local.get $vk) (f64x2.gt (local.get $zk) (v128.const f64x2 0 0))))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $vk) (local.get $ak))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $entries)))
        (f64.store (i32.add (local.get $f) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $f) (i32.shl (local.get $i) (i32.const 3))))
            (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; chunk(kind, z, a, h, v, f, n, cols): relu's pass for any activation: A = σ(Z), H = v ⊙ σ′(Z) and
  ;; f_i += Σ_k v_k A_ik (two interleaved halves, as relu), for the n × cols matrix Z (cols even).
  (func (export "chunk")
    (param $kind i32) (param $z i32) (param $a i32) (param $h i32) (param $v i32) (param $f i32) (param $n i32)
    (param $cols i32)
    (local $i i32)
    (local $k i32) ;; byte offset of column k in a row
    (local $row i32) ;; byte offset of row i
    (local $ak v128) (local $dk v128) (local $vk v128)
    (local $sum v128) ;; Σ_k v_k A_ik, even and odd k
    (local.set $cols (i32.shl (local.get $cols) (i32.const 3))) ;; bytes a row
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $row (i32.mul (local.get $i) (local.get $cols)))
        (local.set $sum (v128.const f64x2 0 0))
        (local.set $k (i32.const 0))
        (block $entriesDone
          (loop $entries
            (br_if $entriesDone (i32.ge_u (local.get $k) (local.get $cols)))
            (call $activation (local.get $kind)
              (v128.load align=8 (i32.add (i32.add (local.get $z) (local.get $row)) (local.get $k))))
            (drop) ;; σ″
            (local.set $dk)
            (local.set $ak)
            (local.set $vk (v128.load align=8 (i32.add (local.get $v) (local.get $k))))
            (v128.store align=8 (i32.add (i32.add (local.get $a) (local.get $row)) (local.get $k)) (local.get $ak))
            (v128.store align=8 (i32.add (i32.add (local.get $h) (local.get $row)) (local.get $k))
              (f64x2.mul (local.get $vk) (local.get $dk)))
            (local.set $sum (f64x2.add (local.get $sum) (f64x2.mul (local.get $vk) (local.get $ak))))
            (local.set $k (i32.add (local.get $k) (i32.const 16)))
            (br $entries)))
        (f64.store (i32.add (local.get $f) (i32.shl (local.get $i) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $f) (i32.shl (local.get $i) (i32.const 3))))
            (f64.add (f64x2.extract_lane 0 (local.get $sum)) (f64x2.extract_lane 1 (local.get $sum)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $rows))))

  ;; derivatives(kind, z, f, d1, d2, count): f = σ(z), d1 = σ′(z), d2 = σ″(z) for count entries (count even).
  (func (export "derivatives")
    (param $kind i32) (param $z i32) (param $f i32) (param $d1 i32) (param $d2 i32) (param $count i32)
    (local $k i32) ;; byte offset of entry k
    (local $bytes i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128)
    (local.set $bytes (i32.shl (local.get $count) (i32.const 3)))
    (local.set $k (i32.const 0))
    (block $done
      (loop $entries
        (br_if $done (i32.ge_u (local.get $k) (local.get $bytes)))
        (call $activation (local.get $kind) (v128.load align=8 (i32.add (local.get $z) (local.get $k))))
        (local.set $s2)
        (local.set $s1)
        (local.set $s0)
        (v128.store align=8 (i32.add (local.get $f) (local.get $k)) (local.get $s0))
        (v128.store align=8 (i32.add (local.get $d1) (local.get $k)) (local.get $s1))
        (v128.store align=8 (i32.add (local.get $d2) (local.get $k)) (local.get $s2))
        (local.set $k (i32.add (local.get $k) (i32.const 16)))
        (br $entries))))

  ;; σ(z), σ′(z), σ″(z) of the activation `kind` (0 linear, 1 relu, 2 tanh, 3 erf, 4 softplus, 5 sigmoid).
  ;; relu′(0) = relu″ = 0.
  (func $activation (param $kind i32) (param $z v128) (result v128 v128 v128)
    (if (i32.eq (local.get $kind) (i32.const 2)) (then (return (call $tanh (local.get $z)))))
    (if (i32.eq (local.get $kind) (i32.const 3)) (then (return (call $erf (local.get $z)))))
    (if (i32.eq (local.get $kind) (i32.const 4)) (then (return (call $softplus (local.get $z)))))
    (if (i32.eq (local.get $kind) (i32.const 5)) (then (return (call $sigmoid (local.get $z)))))
    (if (i32.eq (local.get $kind) (i32.const 1))
      (then
        (return
          (f64x2.pmax (local.get $z) (v128.const f64x2 0 0))
          (v128.and (f64x2.gt (local.get $z) (v128.const f64x2 0 0)) (global.get $one))
          (v128.const f64x2 0 0))))
    (local.get $z)
    (global.get $one)
    (v128.const f64x2 0 0))

  ;; e^(a + b) for |b| ≪ 1 (b: the low part of an argument known to more than 53 bits; 0 otherwise).
  ;; k = nearest((a + b)/ln 2), r = a + b − k ln 2 with ln 2 = ln2hi + ln2lo (ln2hi has 32 significant bits, so
  ;; k·ln2hi and a − k·ln2hi are exact), |r| ≤ ln 2 / 2; e^r = 1 + r + r² q(r) with q a degree-11 polynomial
  ;; (fitted error < 1e−19); e^(a+b) = e^r · 2^k1 · 2^k2 (k1 = ⌊k/2⌋, k2 = k − k1, both powers normal), so a result
  ;; that is subnormal, 0 or ∞ is rounded once. Arguments are clamped to ±1000 first (same 0 or ∞; NaN stays NaN).
  (func $expSum (param $a v128) (param $b v128) (result v128)
    (local $kf v128) ;; (a + b)/ln 2 + 1.5·2^52: k in the low mantissa bits
    (local $k v128) (local $r v128) (local $q v128) (local $ki v128) (local $k1 v128)
    (local $r2 v128) (local $even v128) (local $odd v128) ;; r², the even and odd parts of q
    (local.set $a
      (f64x2.max (f64x2.min (local.get $a) (global.get $expArgMax)) (global.get $expArgMin)))
    (local.set $kf
      (f64x2.add
        (f64x2.mul (f64x2.add (local.get $a) (local.get $b)) (global.get $log2e))
        (global.get $roundingShift)))
    (local.set $k (f64x2.sub (local.get $kf) (global.get $roundingShift)))
    (local.set $r
      (f64x2.sub
        (f64x2.add
          (f64x2.sub (local.get $a)
            (f64x2.mul (local.get $k) (global.get $ln2hi)))
          (local.get $b))
        (f64x2.mul (local.get $k) (global.get $ln2lo))))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $even (global.get $expQ10))
    (local.set $odd (global.get $expQ11))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $r2)) (global.get $expQ8)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $r2)) (global.get $expQ6)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $r2)) (global.get $expQ4)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $r2)) (global.get $expQ2)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $r2)) (global.get $expQ0)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $r2)) (global.get $expQ9)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $r2)) (global.get $expQ7)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $r2)) (global.get $expQ5)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $r2)) (global.get $expQ3)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $r2)) (global.get $expQ1)))
    (local.set $q (f64x2.add (local.get $even) (f64x2.mul (local.get $r) (local.get $odd))))
    (local.set $ki (i64x2.sub (local.get $kf) (global.get $roundingShiftBits)))
    (local.set $k1 (i64x2.shr_s (local.get $ki) (i32.const 1)))
    (f64x2.mul
      (f64x2.mul
        (f64x2.add (global.get $one)
          (f64x2.add (local.get $r) (f64x2.mul (f64x2.mul (local.get $r) (local.get $r)) (local.get $q))))
        (i64x2.shl (i64x2.add (local.get $k1) (global.get $exponentBias)) (i32.const 52)))
      (i64x2.shl
        (i64x2.add (i64x2.sub (local.get $ki) (local.get $k1)) (global.get $exponentBias))
        (i32.const 52))))

  ;; tanh(u) for u ≥ 0, given e = e^(−2u): u < 0.55: u + u s R(s) with s = u² and R a degree-10 polynomial
  ;; (fitted error < 3e−18 relative to tanh); else (1 − e)/(1 + e) (e ≤ 0.33, no cancellation).
  (func $tanhOfAbs (param $u v128) (param $e v128) (result v128)
    (local $s v128) (local $R v128)
    (local $s2 v128) (local $even v128) (local $odd v128) ;; s², the even and odd parts of R
    (local.set $s (f64x2.mul (local.get $u) (local.get $u)))
    (local.set $s2 (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $even (global.get $tanhR10))
    (local.set $odd (global.get $tanhR9))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $tanhR8)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $tanhR6)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $tanhR4)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $tanhR2)))
    (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $tanhR0)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $tanhR7)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $tanhR5)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $tanhR3)))
    (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $tanhR1)))
    (local.set $R (f64x2.add (local.get $even) (f64x2.mul (local.get $s) (local.get $odd))))
    (v128.bitselect
      (f64x2.add (local.get $u) (f64x2.mul (local.get $u) (f64x2.mul (local.get $s) (local.get $R))))
      (f64x2.div
        (f64x2.sub (global.get $one) (local.get $e))
        (f64x2.add (global.get $one) (local.get $e)))
      (f64x2.lt (local.get $u) (global.get $tanhSplit))))

  ;; log(1 + y) for 0 ≤ y ≤ 1 (fdlibm's log kernel): 1 + y = 2^j (1 + f) with j = 0, f = y for y ≤ √2 − 1 and
  ;; j = 1, f = (y − 1)/2 above; s = f/(2 + f), log(1 + f) = f − (f²/2 − s (f²/2 + R(s²))), R fdlibm's Lg1…Lg7.
  (func $log1p (param $y v128) (result v128)
    (local $above v128) (local $f v128) (local $j v128) (local $s v128) (local $z v128) (local $R v128)
    (local $hfsq v128)
    (local.set $above (f64x2.gt (local.get $y) (global.get $sqrt2Minus1)))
    (local.set $f
      (v128.bitselect
        (f64x2.mul (f64x2.sub (local.get $y) (global.get $one)) (global.get $half))
        (local.get $y)
        (local.get $above)))
    (local.set $j (v128.and (local.get $above) (global.get $one)))
    (local.set $s (f64x2.div (local.get $f) (f64x2.add (global.get $two) (local.get $f))))
    (local.set $z (f64x2.mul (local.get $s) (local.get $s)))
    (local.set $R (global.get $log1pLg7))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg6)))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg5)))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg4)))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg3)))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg2)))
    (local.set $R
      (f64x2.add (f64x2.mul (local.get $R) (local.get $z))
        (global.get $log1pLg1)))
    (local.set $R (f64x2.mul (local.get $R) (local.get $z)))
    (local.set $hfsq (f64x2.mul (global.get $half) (f64x2.mul (local.get $f) (local.get $f))))
    ;; j ln2hi − ((hfsq − (s (hfsq + R) + j ln2lo)) − f)
    (f64x2.sub
      (f64x2.mul (local.get $j) (global.get $ln2hi))
      (f64x2.sub
        (f64x2.sub
          (local.get $hfsq)
          (f64x2.add
            (f64x2.mul (local.get $s) (f64x2.add (local.get $hfsq) (local.get $R)))
            (f64x2.mul (local.get $j) (global.get $ln2lo))))
        (local.get $f))))

  ;; tanh: t = ±tanh(|z|) from e = e^(−2|z|); σ′ = 1 − t² = 4e/(1 + e)² (no cancellation for large |z|);
  ;; σ″ = −2 t σ′.
  (func $tanh (param $z v128) (result v128 v128 v128)
    (local $u v128) (local $e v128) (local $t v128) (local $d1 v128)
    (local.set $u (f64x2.abs (local.get $z)))
    (local.set $e (call $expSum (f64x2.mul (local.get $u) (global.get $minusTwo)) (v128.const f64x2 0 0)))
    ;; the sign of z (tanh(|z|) ≥ 0): tanh(−0) = −0
    (local.set $t
      (v128.or
        (call $tanhOfAbs (local.get $u) (local.get $e))
        (v128.and (local.get $z) (global.get $signBit))))
    (local.set $d1
      (f64x2.div
        (f64x2.mul (local.get $e) (global.get $four))
        (f64x2.mul
          (f64x2.add (global.get $one) (local.get $e))
          (f64x2.add (global.get $one) (local.get $e)))))
    (local.get $t)
    (local.get $d1)
    (f64x2.mul (f64x2.mul (local.get $t) (global.get $minusTwo)) (local.get $d1)))

  ;; sigmoid: with e = e^(−|z|) and d = 1 + e, σ = 1/d (z ≥ 0) or e/d (z < 0), σ′ = e/d²,
  ;; σ″ = σ′ (1 − 2σ) = −σ′ tanh(z/2) (tanh(|z|/2) from the same e: no cancellation near 0).
  (func $sigmoid (param $z v128) (result v128 v128 v128)
    (local $u v128) (local $e v128) (local $d v128) (local $d1 v128)
    (local.set $u (f64x2.abs (local.get $z)))
    (local.set $e (call $expSum (f64x2.neg (local.get $u)) (v128.const f64x2 0 0)))
    (local.set $d (f64x2.add (global.get $one) (local.get $e)))
    (local.set $d1 (f64x2.div (local.get $e) (f64x2.mul (local.get $d) (local.get $d))))
    (v128.bitselect
      (f64x2.div (global.get $one) (local.get $d))
      (f64x2.div (local.get $e) (local.get $d))
      (f64x2.ge (local.get $z) (v128.const f64x2 0 0)))
    (local.get $d1)
    (f64x2.neg
      (f64x2.mul
        (local.get $d1)
        (v128.or
          (call $tanhOfAbs (f64x2.mul (local.get $u) (global.get $half)) (local.get $e))
          (v128.and (local.get $z) (global.get $signBit))))))

  ;; softplus: with e = e^(−|z|) and d = 1 + e, σ = max(z, 0) + log(1 + e), σ′ = sigmoid(z) (1/d or e/d), σ″ = e/d².
  (func $softplus (param $z v128) (result v128 v128 v128)
    (local $e v128) (local $d v128)
    (local.set $e (call $expSum (f64x2.neg (f64x2.abs (local.get $z))) (v128.const f64x2 0 0)))
    (local.set $d (f64x2.add (global.get $one) (local.get $e)))
    (f64x2.add (f64x2.max (local.get $z) (v128.const f64x2 0 0)) (call $log1p (local.get $e)))
    (v128.bitselect
      (f64x2.div (global.get $one) (local.get $d))
      (f64x2.div (local.get $e) (local.get $d))
      (f64x2.ge (local.get $z) (v128.const f64x2 0 0)))
    (f64x2.div (local.get $e) (f64x2.mul (local.get $d) (local.get $d))))

  ;; erf: σ′ = (2/√π) e^(−z²), σ″ = −2z σ′, with e^(−z²) = $expSum(−hi², −lo (hi + z)) where hi is z with its low 27
  ;; mantissa bits cleared (hi² exact) and lo = z − hi (z² = hi² + lo (hi + z) exactly).
  ;; σ: |z| < 0.9: z + z r(z²) with r a degree-11 polynomial (fitted error < 1e−18 relative to erf);
  ;; |z| ≥ 0.9: ±(1 − e^(−z²) erfcx(|z|)) with erfcx = e^(x²) erfc(x) a polynomial in |z| − c on [0.9, 2.2]
  ;; (c = 1.55, degree 16) and [2.2, 6] (c = 4.1, degree 19), fitted to an error below 2e−17 · erf / erfc; past 6
  ;; the polynomial is taken at 6 and 1 − erfc rounds to 1. Each side is computed only when a lane needs it.
  (func $erf (param $z v128) (result v128 v128 v128)
    (local $zc v128) ;; z clamped to ±30 (e^(−900) = 0)
    (local $u v128) (local $hi v128) (local $lo v128) (local $e v128) (local $d1 v128)
    (local $small v128) (local $s v128) (local $r v128) (local $inner v128)
    (local $near v128) (local $y v128) (local $P v128) (local $outer v128)
    (local $s2 v128) (local $y2 v128) (local $even v128) (local $odd v128) ;; s², y², even and odd polynomial parts
    (local.set $zc (f64x2.max (f64x2.min (local.get $z) (global.get $erfArgMax)) (global.get $erfArgMin)))
    (local.set $u (f64x2.abs (local.get $zc)))
    (local.set $hi (v128.and (local.get $zc) (global.get $highBits)))
    (local.set $lo (f64x2.sub (local.get $zc) (local.get $hi)))
    (local.set $e
      (call $expSum
        (f64x2.neg (f64x2.mul (local.get $hi) (local.get $hi)))
        (f64x2.neg (f64x2.mul (local.get $lo) (f64x2.add (local.get $hi) (local.get $zc))))))
    (local.set $d1 (f64x2.mul (local.get $e) (global.get $twoOverSqrtPi)))
    (local.set $small (f64x2.lt (local.get $u) (global.get $erfSplit)))
    (if (v128.any_true (local.get $small))
      (then
        (local.set $s (f64x2.mul (local.get $z) (local.get $z)))
        (local.set $s2 (f64x2.mul (local.get $s) (local.get $s)))
        (local.set $even (global.get $erfR10))
        (local.set $odd (global.get $erfR11))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $erfR8)))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $erfR6)))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $erfR4)))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $erfR2)))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $s2)) (global.get $erfR0)))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $erfR9)))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $erfR7)))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $erfR5)))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $erfR3)))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $s2)) (global.get $erfR1)))
        (local.set $r (f64x2.add (local.get $even) (f64x2.mul (local.get $s) (local.get $odd))))
        (local.set $inner (f64x2.add (local.get $z) (f64x2.mul (local.get $z) (local.get $r))))))
    (if (v128.any_true (v128.not (local.get $small)))
      (then
        (local.set $near (f64x2.lt (local.get $u) (global.get $erfcxSplit)))
        (local.set $y
          (f64x2.sub
            (f64x2.min (local.get $u) (global.get $erfcxEnd))
            (v128.bitselect (global.get $erfcxNearCenter) (global.get $erfcxFarCenter) (local.get $near))))
        (local.set $y2 (f64x2.mul (local.get $y) (local.get $y)))
        (local.set $even (v128.bitselect (v128.const f64x2 0 0) (global.get $erfcxFar18) (local.get $near)))
        (local.set $odd (v128.bitselect (v128.const f64x2 0 0) (global.get $erfcxFar19) (local.get $near)))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear16) (global.get $erfcxFar16) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear14) (global.get $erfcxFar14) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear12) (global.get $erfcxFar12) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear10) (global.get $erfcxFar10) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear8) (global.get $erfcxFar8) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear6) (global.get $erfcxFar6) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear4) (global.get $erfcxFar4) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear2) (global.get $erfcxFar2) (local.get $near))))
        (local.set $even (f64x2.add (f64x2.mul (local.get $even) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear0) (global.get $erfcxFar0) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (v128.const f64x2 0 0) (global.get $erfcxFar17) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear15) (global.get $erfcxFar15) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear13) (global.get $erfcxFar13) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear11) (global.get $erfcxFar11) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear9) (global.get $erfcxFar9) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear7) (global.get $erfcxFar7) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear5) (global.get $erfcxFar5) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear3) (global.get $erfcxFar3) (local.get $near))))
        (local.set $odd (f64x2.add (f64x2.mul (local.get $odd) (local.get $y2))
          (v128.bitselect (global.get $erfcxNear1) (global.get $erfcxFar1) (local.get $near))))
        (local.set $P (f64x2.add (local.get $even) (f64x2.mul (local.get $y) (local.get $odd))))
        (local.set $outer
          (v128.or
            (f64x2.sub (global.get $one) (f64x2.mul (local.get $e) (local.get $P)))
            (v128.and (local.get $z) (global.get $signBit))))))
    (v128.bitselect (local.get $inner) (local.get $outer) (local.get $small))
    (local.get $d1)
    (f64x2.mul (f64x2.mul (local.get $zc) (global.get $minusTwo)) (local.get $d1)))
)
