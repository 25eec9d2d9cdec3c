;; The O(n³) steps of the Householder tridiagonalization of a symmetric matrix (symmetricEigenvalues.ts), float64,
;; two entries per f64x2 instruction.
;;
;; A is symmetric with its lower triangle stored, row-major with n columns; u, p, u2, p2 are vectors. Pointers are in
;; bytes, counts in elements. Row j of the lower triangle holds A_j0 … A_jj; its first 2⌊j/2⌋ entries go through
;; f64x2 instructions, the rest (one off-diagonal entry when j is odd, the diagonal) through scalar ones.

(module
  (memory (export "memory") 16)

  ;; fused(a, n, m, u, p, u2, p2): for the leading m × m block B, B −= u pᵀ + p uᵀ (lower triangle), and with each
  ;; row updated, p2 += B u2 (as symv): the rank-2 update of one Householder step and the product of the next, in one
  ;; pass over B.
  (func (export "fused")
    (param $a i32) (param $n i32) (param $m i32) (param $u i32) (param $p i32) (param $u2 i32) (param $p2 i32)
    (local $j i32)
    (local $rowA i32) ;; address of row j
    (local $kB i32) ;; byte offset of column k in the row
    (local $kEnd i32) ;; byte offset where the f64x2 columns end: 2⌊j/2⌋ · 8
    (local $rowBytes i32) ;; n · 8
    (local $jB i32) ;; j · 8
    (local $uj f64) (local $pj f64) (local $u2j f64)
    (local $sum f64) ;; row j of B times u2
    (local $ajk f64) ;; an updated scalar entry
    (local $acc v128) ;; row j times u2, even and odd columns
    (local $ak v128) ;; two updated entries of row j
    (local $ujv v128) (local $pjv v128) (local $u2jv v128) ;; u_j, p_j, u2_j in both lanes
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $rowA (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $jB (i32.shl (local.get $j) (i32.const 3)))
        (local.set $uj (f64.load (i32.add (local.get $u) (local.get $jB))))
        (local.set $pj (f64.load (i32.add (local.get $p) (local.get $jB))))
        (local.set $u2j (f64.load (i32.add (local.get $u2) (local.get $jB))))
        (local.set $ujv (f64x2.splat (local.get $uj)))
        (local.set $pjv (f64x2.splat (local.get $pj)))
        (local.set $u2jv (f64x2.splat (local.get $u2j)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $kEnd (i32.shl (i32.and (local.get $j) (i32.const -2)) (i32.const 3)))
        (local.set $kB (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $kB) (local.get $kEnd)))
            ;; a = A_jk − (u_j p_k + p_j u_k), stored back
            (local.set $ak
              (f64x2.sub
                (v128.load align=8 (i32.add (local.get $rowA) (local.get $kB)))
                (f64x2.add
                  (f64x2.mul (local.get $ujv) (v128.load align=8 (i32.add (local.get $p) (local.get $kB))))
                  (f64x2.mul (local.get $pjv) (v128.load align=8 (i32.add (local.get $u) (local.get $kB)))))))
            (v128.store align=8 (i32.add (local.get $rowA) (local.get $kB)) (local.get $ak))
            ;; row j's part of (B u2)_j, and column k's part of (B u2)_k (B symmetric: B_kj = a)
            (local.set $acc
              (f64x2.add (local.get $acc)
                (f64x2.mul (local.get $ak) (v128.load align=8 (i32.add (local.get $u2) (local.get $kB))))))
            (v128.store align=8 (i32.add (local.get $p2) (local.get $kB))
              (f64x2.add
                (v128.load align=8 (i32.add (local.get $p2) (local.get $kB)))
                (f64x2.mul (local.get $ak) (local.get $u2jv))))
            (local.set $kB (i32.add (local.get $kB) (i32.const 16)))
            (br $pairs)))
        (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        ;; odd j: the entry k = j − 1 (at byte kEnd)
        (if (i32.and (local.get $j) (i32.const 1))
          (then
            (local.set $ajk
              (f64.sub
                (f64.load (i32.add (local.get $rowA) (local.get $kEnd)))
                (f64.add
                  (f64.mul (local.get $uj) (f64.load (i32.add (local.get $p) (local.get $kEnd))))
                  (f64.mul (local.get $pj) (f64.load (i32.add (local.get $u) (local.get $kEnd)))))))
            (f64.store (i32.add (local.get $rowA) (local.get $kEnd)) (local.get $ajk))
            (local.set $sum
              (f64.add (local.get $sum)
                (f64.mul (local.get $ajk) (f64.load (i32.add (local.get $u2) (local.get $kEnd))))))
            (f64.store (i32.add (local.get $p2) (local.get $kEnd))
              (f64.add
                (f64.load (i32.add (local.get $p2) (local.get $kEnd)))
                (f64.mul (local.get $ajk) (local.get $u2j))))))
        ;; the diagonal: A_jj − 2 u_j p_j, stored; p2_j += sum + A_jj u2_j
        (local.set $ajk
          (f64.sub
            (f64.load (i32.add (local.get $rowA) (local.get $jB)))
            (f64.add
              (f64.mul (local.get $uj) (f64.load (i32.add (local.get $p) (local.get $jB))))
              (f64.mul (local.get $pj) (f64.load (i32.add (local.get $u) (local.get $jB)))))))
        (f64.store (i32.add (local.get $rowA) (local.get $jB)) (local.get $ajk))
        (f64.store (i32.add (local.get $p2) (local.get $jB))
          (f64.add
            (f64.load (i32.add (local.get $p2) (local.get $jB)))
            (f64.add (local.get $sum) (f64.mul (local.get $ajk) (local.get $u2j)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

  ;; symv(a, n, m, u, p): p[0..m) += B u for the leading m × m block B (read from its lower triangle).
  (func (export "symv") (param $a i32) (param $n i32) (param $m i32) (param $u i32) (param $p i32)
    (local $j i32)
    (local $rowA i32) ;; address of row j
    (local $kB i32) ;; byte offset of column k in the row
    (local $kEnd i32) ;; byte offset where the f64x2 columns end: 2⌊j/2⌋ · 8
    (local $rowBytes i32) ;; n · 8
    (local $uj f64)
    (local $sum f64) ;; row j times u
    (local $ajk f64)
    (local $acc v128) ;; row j times u, even and odd columns
    (local $ak v128) ;; two entries of row j
    (local $ujv v128) ;; u_j in both lanes
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $rowA (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $uj (f64.load (i32.add (local.get $u) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $ujv (f64x2.splat (local.get $uj)))
        (local.set $acc (v128.const f64x2 0 0))
        (local.set $kEnd (i32.shl (i32.and (local.get $j) (i32.const -2)) (i32.const 3)))
        (local.set $kB (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $kB) (local.get $kEnd)))
            (local.set $ak (v128.load align=8 (i32.add (local.get $rowA) (local.get $kB))))
            ;; row j's part of p_j, and column k's part of p_k (B_kj = B_jk)
            (local.set $acc
              (f64x2.add (local.get $acc)
                (f64x2.mul (local.get $ak) (v128.load align=8 (i32.add (local.get $u) (local.get $kB))))))
            (v128.store align=8 (i32.add (local.get $p) (local.get $kB))
              (f64x2.add
                (v128.load align=8 (i32.add (local.get $p) (local.get $kB)))
                (f64x2.mul (local.get $ak) (local.get $ujv))))
            (local.set $kB (i32.add (local.get $kB) (i32.const 16)))
            (br $pairs)))
        (local.set $sum (f64.add (f64x2.extract_lane 0 (local.get $acc)) (f64x2.extract_lane 1 (local.get $acc))))
        ;; odd j: the entry k = j − 1 (at byte kEnd)
        (if (i32.and (local.get $j) (i32.const 1))
          (then
            (local.set $ajk (f64.load (i32.add (local.get $rowA) (local.get $kEnd))))
            (local.set $sum
              (f64.add (local.get $sum)
                (f64.mul (local.get $ajk) (f64.load (i32.add (local.get $u) (local.get $kEnd))))))
            (f64.store (i32.add (local.get $p) (local.get $kEnd))
              (f64.add
                (f64.load (i32.add (local.get $p) (local.get $kEnd)))
                (f64.mul (local.get $ajk) (local.get $uj))))))
        ;; p_j += sum + A_jj u_j
        (f64.store (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 3)))
          (f64.add
            (f64.load (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 3))))
            (f64.add
              (local.get $sum)
              (f64.mul (f64.load (i32.add (local.get $rowA) (i32.shl (local.get $j) (i32.const 3)))) (local.get $uj)))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))

  ;; syr2(a, n, m, u, p): B −= u pᵀ + p uᵀ on the lower triangle of the leading m × m block B.
  (func (export "syr2") (param $a i32) (param $n i32) (param $m i32) (param $u i32) (param $p i32)
    (local $j i32)
    (local $rowA i32) ;; address of row j
    (local $kB i32) ;; byte offset of column k in the row
    (local $kEnd i32) ;; byte offset where the f64x2 columns end: 2⌊(j + 1)/2⌋ · 8
    (local $rowBytes i32) ;; n · 8
    (local $uj f64) (local $pj f64)
    (local $ujv v128) (local $pjv v128) ;; u_j, p_j in both lanes
    (local.set $rowBytes (i32.shl (local.get $n) (i32.const 3)))
    (local.set $j (i32.const 0))
    (block $rowsDone
      (loop $rows
        (br_if $rowsDone (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $rowA (i32.add (local.get $a) (i32.mul (local.get $j) (local.get $rowBytes))))
        (local.set $uj (f64.load (i32.add (local.get $u) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $pj (f64.load (i32.add (local.get $p) (i32.shl (local.get $j) (i32.const 3)))))
        (local.set $ujv (f64x2.splat (local.get $uj)))
        (local.set $pjv (f64x2.splat (local.get $pj)))
        ;; odd j: the f64x2 pairs cover the diagonal too
        (local.set $kEnd
          (i32.shl (i32.and (i32.add (local.get $j) (i32.const 1)) (i32.const -2)) (i32.const 3)))
        (local.set $kB (i32.const 0))
        (block $pairsDone
          (loop $pairs
            (br_if $pairsDone (i32.ge_u (local.get $kB) (local.get $kEnd)))
            ;; A_jk −= u_j p_k + p_j u_k
            (v128.store align=8 (i32.add (local.get $rowA) (local.get $kB))
              (f64x2.sub
                (v128.load align=8 (i32.add (local.get $rowA) (local.get $kB)))
                (f64x2.add
                  (f64x2.mul (local.get $ujv) (v128.load align=8 (i32.add (local.get $p) (local.get $kB))))
                  (f64x2.mul (local.get $pjv) (v128.load align=8 (i32.add (local.get $u) (local.get $kB)))))))
            (local.set $kB (i32.add (local.get $kB) (i32.const 16)))
            (br $pairs)))
        ;; even j: the diagonal entry k = j (at byte kEnd)
        (if (i32.eqz (i32.and (local.get $j) (i32.const 1)))
          (then
            (f64.store (i32.add (local.get $rowA) (local.get $kEnd))
              (f64.sub
                (f64.load (i32.add (local.get $rowA) (local.get $kEnd)))
                (f64.add
                  (f64.mul (local.get $uj) (f64.load (i32.add (local.get $p) (local.get $kEnd))))
                  (f64.mul (local.get $pj) (f64.load (i32.add (local.get $u) (local.get $kEnd)))))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $rows))))
)
