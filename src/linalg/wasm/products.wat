;; Dense float64 products, two products per f64x2 instruction.
;;
;; Matrices are row-major float64 in this module's memory; pointers and strides of memory are in bytes, counts in
;; elements.

(module
  (memory (export "memory") 16)

  ;; abt(a, na, b, nb, len, c, ldc, mode): C (+)= A Bᵀ for A (na × len) and B (nb × len), C with leading dimension ldc.
  ;;
  ;; Two rows of A against two rows of B at a time (a 2 × 2 block of C in four f64x2 accumulators). Each accumulator
  ;; holds the even-index and the odd-index partial sums of its dot product; they are added at the end, so the result
  ;; differs from a sequential sum by rounding only. C_ij = (accumulate ? C_ij : 0) + (lane 0 + lane 1).
  ;; The caller guarantees na, nb and len even (zero padding).
  ;; mode bit 0: only the 2 × 2 blocks with j ≤ i (a Gram matrix's lower triangle, diagonal blocks included);
  ;; mode bit 1: C = A Bᵀ (overwrite) instead of C += A Bᵀ.
  (func (export "abt")
    (param $a i32) (param $na i32) (param $b i32) (param $nb i32) (param $len i32) (param $c i32) (param $ldc i32)
    (param $mode i32)
    (local $i i32) (local $j i32)
    (local $rowA0 i32) (local $rowA1 i32) (local $rowB0 i32) (local $rowB1 i32) ;; rows i, i + 1 of A; j, j + 1 of B
    (local $k i32) ;; byte offset along a row
    (local $rowBytes i32) ;; len · 8
    (local $cij i32) ;; address of C_ij
    (local $jEnd i32)
    (local $s00 v128) (local $s01 v128) (local $s10 v128) (local $s11 v128) ;; accumulators of the 2 × 2 block
    (local $x0 v128) (local $x1 v128) (local $y0 v128) (local $y1 v128)
    (local $lower i32) (local $accumulate i32)
    (local.set $lower (i32.and (local.get $mode) (i32.const 1)))
    (local.set $accumulate (i32.eqz (i32.and (local.get $mode) (i32.const 2))))
    (local.set $rowBytes (i32.shl (local.get $len) (i32.const 3)))
    (local.set $i (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $i) (local.get $na)))
        (local.set $rowA0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowBytes))))
        (local.set $rowA1 (i32.add (local.get $rowA0) (local.get $rowBytes)))
        ;; lower: columns j < i + 2 only
        (local.set $jEnd (select (i32.add (local.get $i) (i32.const 2)) (local.get $nb) (local.get $lower)))
        (local.set $j (i32.const 0))
        (block $colsDone
          (loop $cols
            (br_if $colsDone (i32.ge_u (local.get $j) (local.get $jEnd)))
            (local.set $rowB0 (i32.add (local.get $b) (i32.mul (local.get $j) (local.get $rowBytes))))
            (local.set $rowB1 (i32.add (local.get $rowB0) (local.get $rowBytes)))
            (local.set $s00 (v128.const f64x2 0 0))
            (local.set $s01 (v128.const f64x2 0 0))
            (local.set $s10 (v128.const f64x2 0 0))
            (local.set $s11 (v128.const f64x2 0 0))
            (local.set $k (i32.const 0))
            (block $dotDone
              (loop $dot
                (br_if $dotDone (i32.ge_u (local.get $k) (local.get $rowBytes)))
                (local.set $x0 (v128.load align=8 (i32.add (local.get $rowA0) (local.get $k))))
                (local.set $x1 (v128.load align=8 (i32.add (local.get $rowA1) (local.get $k))))
                (local.set $y0 (v128.load align=8 (i32.add (local.get $rowB0) (local.get $k))))
                (local.set $y1 (v128.load align=8 (i32.add (local.get $rowB1) (local.get $k))))
                (local.set $s00 (f64x2.add (local.get $s00) (f64x2.mul (local.get $x0) (local.get $y0))))
                (local.set $s01 (f64x2.add (local.get $s01) (f64x2.mul (local.get $x0) (local.get $y1))))
                (local.set $s10 (f64x2.add (local.get $s10) (f64x2.mul (local.get $x1) (local.get $y0))))
                (local.set $s11 (f64x2.add (local.get $s11) (f64x2.mul (local.get $x1) (local.get $y1))))
                (local.set $k (i32.add (local.get $k) (i32.const 16)))
                (br $dot)))
            (local.set $cij
              (i32.add (local.get $c)
                (i32.shl (i32.add (i32.mul (local.get $i) (local.get $ldc)) (local.get $j)) (i32.const 3))))
            ;; C_ij, C_i,j+1, C_i+1,j, C_i+1,j+1
            (f64.store (local.get $cij)
              (f64.add
                (select (f64.load (local.get $cij)) (f64.const 0) (local.get $accumulate))
                (f64.add (f64x2.extract_lane 0 (local.get $s00)) (f64x2.extract_lane 1 (local.get $s00)))))
            (f64.store (i32.add (local.get $cij) (i32.const 8))
              (f64.add
                (select (f64.load (i32.add (local.get $cij) (i32.const 8))) (f64.const 0) (local.get $accumulate))
                (f64.add (f64x2.extract_lane 0 (local.get $s01)) (f64x2.extract_lane 1 (local.get $s01)))))
            (f64.store (i32.add (local.get $cij) (i32.shl (local.get $ldc) (i32.const 3)))
              (f64.add
                (select
                  (f64.load (i32.add (local.get $cij) (i32.shl (local.get $ldc) (i32.const 3))))
                  (f64.const 0)
                  (local.get $accumulate))
                (f64.add (f64x2.extract_lane 0 (local.get $s10)) (f64x2.extract_lane 1 (local.get $s10)))))
            (f64.store (i32.add (i32.add (local.get $cij) (i32.shl (local.get $ldc) (i32.const 3))) (i32.const 8))
              (f64.add
                (select
                  (f64.load (i32.add (i32.add (local.get $cij) (i32.shl (local.get $ldc) (i32.const 3))) (i32.const 8)))
                  (f64.const 0)
                  (local.get $accumulate))
                (f64.add (f64x2.extract_lane 0 (local.get $s11)) (f64x2.extract_lane 1 (local.get $s11)))))
            (local.set $j (i32.add (local.get $j) (i32.const 2)))
            (br $cols)))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $rows))))
)
