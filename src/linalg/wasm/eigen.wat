;; The O(n³) steps of the symmetric eigendecomposition with eigenvectors (symmetricEigen.ts), float64, two entries
;; per f64x2 instruction.
;;
;; T is n × n, row-major with a row stride of ld entries (ld a multiple of 8, ld ≥ n; the padding columns are zero).
;; Row c of T is column c of the logical V (V transposed), so both kernels run along contiguous rows. Pointers are in
;; bytes, counts in elements; T's base address is 16-byte aligned.

(module
  (memory (export "memory") 16)

  ;; accumulate(t, u, ld, n, h, gam, b): forms Qᵀ = H_1 H_2 ⋯ H_{n−1} in T, H_k = I − u_k u_kᵀ / h_k (h_k = 0: H_k = I,
  ;; with u_k = 0). On entry T = I; row k of U (k ≥ 1) holds u_k in columns 0 … k − 1 and zeros elsewhere; h and gam
  ;; are arrays of n f64: h_k, and gam_k = u_k · u_{k+1}.
  ;; Multiplying by H_k from the right acts on each row alone: row_c ← row_c − ((row_c · u_k) / h_k) u_k. Row c is
  ;; still e_c before H_k for c ≥ k (H_j touches columns < j only), so H_k acts on rows c < k, where row_c and u_k
  ;; vanish in columns ≥ k: a product runs over columns 0 … 4⌈k/4⌉ − 1 (the extra columns add zeros).
  ;; The reflectors are taken b at a time (k₀ … k₀ + b − 1): each row gets all of a group's reflectors while it stays
  ;; in cache (the group's b rows of U stay in cache across the rows), two per read of the row: with
  ;; a = row · u_k, β = row · u_{k+1}, g₁ = a / h_k, g₂ = (β − g₁ gam_k) / h_{k+1}, row −= g₁ u_k + g₂ u_{k+1}.
  (func (export "accumulate")
    (param $t i32) (param $u i32) (param $ld i32) (param $n i32) (param $h i32) (param $gam i32) (param $b i32)
    (local $rowBytes i32)
    (local $k0 i32) (local $k1 i32) ;; the group: reflectors k0 … k1 − 1
    (local $c i32) ;; the row
    (local $row i32) ;; its address
    (local $j i32) ;; the reflector (or the first of a pair)
    (local $u1 i32) (local $u2 i32) ;; addresses of u_j, u_{j+1}
    (local $h1 f64) (local $h2 f64) (local $g1 f64) (local $g2 f64)
    (local $len i32) ;; bytes of the columns the reflectors act on
    (local $x i32) ;; byte offset in the row
    (local $a0 v128) (local $a1 v128) (local $b0 v128) (local $b1 v128)
    (local $r0 v128) (local $r1 v128) (local $g1v v128) (local $g2v v128)
    (local.set $rowBytes (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $k0 (i32.const 1))
    (block $groupsDone
      (loop $groups
        (br_if $groupsDone (i32.ge_u (local.get $k0) (local.get $n)))
        (local.set $k1 (i32.add (local.get $k0) (local.get $b)))
        (if (i32.gt_u (local.get $k1) (local.get $n)) (then (local.set $k1 (local.get $n))))
        ;; rows c = 0 … k1 − 2 (H_j acts on rows c < j)
        (local.set $c (i32.const 0))
        (local.set $row (local.get $t))
        (block $rowsDone
          (loop $rows
            (br_if $rowsDone (i32.ge_u (i32.add (local.get $c) (i32.const 1)) (local.get $k1)))
            ;; j from max(k0, c + 1)
            (local.set $j (local.get $k0))
            (if (i32.gt_u (i32.add (local.get $c) (i32.const 1)) (local.get $j))
              (then (local.set $j (i32.add (local.get $c) (i32.const 1)))))
            (block $refsDone
              (loop $refs
                (br_if $refsDone (i32.ge_u (local.get $j) (local.get $k1)))
                (local.set $u1 (i32.add (local.get $u) (i32.mul (local.get $j) (local.get $rowBytes))))
                (local.set $h1 (f64.load (i32.add (local.get $h) (i32.shl (local.get $j) (i32.const 3)))))
                (if (i32.lt_u (i32.add (local.get $j) (i32.const 1)) (local.get $k1))
                  (then
                    ;; the pair j, j + 1
                    (local.set $u2 (i32.add (local.get $u1) (local.get $rowBytes)))
                    (local.set $h2
                      (f64.load (i32.add (local.get $h) (i32.shl (i32.add (local.get $j) (i32.const 1)) (i32.const 3)))))
                    (local.set $len
                      (i32.shl (i32.and (i32.add (local.get $j) (i32.const 4)) (i32.const -4)) (i32.const 3)))
                    (local.set $a0 (v128.const f64x2 0 0))
                    (local.set $a1 (v128.const f64x2 0 0))
                    (local.set $b0 (v128.const f64x2 0 0))
                    (local.set $b1 (v128.const f64x2 0 0))
                    (local.set $x (i32.const 0))
                    (block $dotDone
                      (loop $dot
                        (br_if $dotDone (i32.ge_u (local.get $x) (local.get $len)))
                        (local.set $r0 (v128.load offset=0 (i32.add (local.get $row) (local.get $x))))
                        (local.set $r1 (v128.load offset=16 (i32.add (local.get $row) (local.get $x))))
                        (local.set $a0 (f64x2.add (local.get $a0)
                          (f64x2.mul (local.get $r0) (v128.load offset=0 (i32.add (local.get $u1) (local.get $x))))))
                        (local.set $a1 (f64x2.add (local.get $a1)
                          (f64x2.mul (local.get $r1) (v128.load offset=16 (i32.add (local.get $u1) (local.get $x))))))
                        (local.set $b0 (f64x2.add (local.get $b0)
                          (f64x2.mul (local.get $r0) (v128.load offset=0 (i32.add (local.get $u2) (local.get $x))))))
                        (local.set $b1 (f64x2.add (local.get $b1)
                          (f64x2.mul (local.get $r1) (v128.load offset=16 (i32.add (local.get $u2) (local.get $x))))))
                        (local.set $x (i32.add (local.get $x) (i32.const 32)))
                        (br $dot)))
                    (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
                    (local.set $b0 (f64x2.add (local.get $b0) (local.get $b1)))
                    (local.set $g1 (f64.const 0))
                    (if (f64.ne (local.get $h1) (f64.const 0))
                      (then
                        (local.set $g1
                          (f64.div
                            (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))
                            (local.get $h1)))))
                    (local.set $g2 (f64.const 0))
                    (if (f64.ne (local.get $h2) (f64.const 0))
                      (then
                        (local.set $g2
                          (f64.div
                            (f64.sub
                              (f64.add (f64x2.extract_lane 0 (local.get $b0)) (f64x2.extract_lane 1 (local.get $b0)))
                              (f64.mul (local.get $g1)
                                (f64.load (i32.add (local.get $gam) (i32.shl (local.get $j) (i32.const 3))))))
                            (local.get $h2)))))
                    (local.set $g1v (f64x2.splat (local.get $g1)))
                    (local.set $g2v (f64x2.splat (local.get $g2)))
                    (local.set $x (i32.const 0))
                    (block $updDone
                      (loop $upd
                        (br_if $updDone (i32.ge_u (local.get $x) (local.get $len)))
                        (v128.store offset=0 (i32.add (local.get $row) (local.get $x))
                          (f64x2.sub
                            (v128.load offset=0 (i32.add (local.get $row) (local.get $x)))
                            (f64x2.add
                              (f64x2.mul (local.get $g1v) (v128.load offset=0 (i32.add (local.get $u1) (local.get $x))))
                              (f64x2.mul (local.get $g2v) (v128.load offset=0 (i32.add (local.get $u2) (local.get $x)))))))
                        (v128.store offset=16 (i32.add (local.get $row) (local.get $x))
                          (f64x2.sub
                            (v128.load offset=16 (i32.add (local.get $row) (local.get $x)))
                            (f64x2.add
                              (f64x2.mul (local.get $g1v) (v128.load offset=16 (i32.add (local.get $u1) (local.get $x))))
                              (f64x2.mul (local.get $g2v) (v128.load offset=16 (i32.add (local.get $u2) (local.get $x)))))))
                        (local.set $x (i32.add (local.get $x) (i32.const 32)))
                        (br $upd)))
                    (local.set $j (i32.add (local.get $j) (i32.const 2))))
                  (else
                    ;; the last reflector of the group alone
                    (if (f64.ne (local.get $h1) (f64.const 0))
                      (then
                        (local.set $len
                          (i32.shl (i32.and (i32.add (local.get $j) (i32.const 3)) (i32.const -4)) (i32.const 3)))
                        (local.set $a0 (v128.const f64x2 0 0))
                        (local.set $a1 (v128.const f64x2 0 0))
                        (local.set $x (i32.const 0))
                        (block $dotDone1
                          (loop $dot1
                            (br_if $dotDone1 (i32.ge_u (local.get $x) (local.get $len)))
                            (local.set $a0 (f64x2.add (local.get $a0)
                              (f64x2.mul
                                (v128.load offset=0 (i32.add (local.get $row) (local.get $x)))
                                (v128.load offset=0 (i32.add (local.get $u1) (local.get $x))))))
                            (local.set $a1 (f64x2.add (local.get $a1)
                              (f64x2.mul
                                (v128.load offset=16 (i32.add (local.get $row) (local.get $x)))
                                (v128.load offset=16 (i32.add (local.get $u1) (local.get $x))))))
                            (local.set $x (i32.add (local.get $x) (i32.const 32)))
                            (br $dot1)))
                        (local.set $a0 (f64x2.add (local.get $a0) (local.get $a1)))
                        (local.set $g1v
                          (f64x2.splat
                            (f64.div
                              (f64.add (f64x2.extract_lane 0 (local.get $a0)) (f64x2.extract_lane 1 (local.get $a0)))
                              (local.get $h1))))
                        (local.set $x (i32.const 0))
                        (block $updDone1
                          (loop $upd1
                            (br_if $updDone1 (i32.ge_u (local.get $x) (local.get $len)))
                            (v128.store offset=0 (i32.add (local.get $row) (local.get $x))
                              (f64x2.sub
                                (v128.load offset=0 (i32.add (local.get $row) (local.get $x)))
                                (f64x2.mul (local.get $g1v) (v128.load offset=0 (i32.add (local.get $u1) (local.get $x))))))
                            (v128.store offset=16 (i32.add (local.get $row) (local.get $x))
                              (f64x2.sub
                                (v128.load offset=16 (i32.add (local.get $row) (local.get $x)))
                                (f64x2.mul (local.get $g1v) (v128.load offset=16 (i32.add (local.get $u1) (local.get $x))))))
                            (local.set $x (i32.add (local.get $x) (i32.const 32)))
                            (br $upd1)))))
                    (local.set $j (i32.add (local.get $j) (i32.const 1)))))
                (br $refs)))
            (local.set $c (i32.add (local.get $c) (i32.const 1)))
            (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
            (br $rows)))
        (local.set $k0 (local.get $k1))
        (br $groups))))

  ;; rotate(t, ld, cols, sw, nsw, cs): applies recorded QL sweeps to the rows of T. Sweep s (i32 pair l, m at
  ;; sw + 8s) is the sequence of plane rotations i = m − 1, m − 2, …, l, each with its (c, s) pair of f64 read in
  ;; order from cs: (row_i, row_{i+1}) ← (c row_i − s row_{i+1}, s row_i + c row_{i+1}). The columns are taken eight
  ;; at a time (cols a multiple of 8), and every sweep is applied to one block of eight columns before the next, so
  ;; a block (one 64-byte line per row) stays in cache through all the sweeps; within a sweep the row carried from
  ;; one rotation to the next stays in registers.
  (func (export "rotate")
    (param $t i32) (param $ld i32) (param $cols i32) (param $sw i32) (param $nsw i32) (param $cs i32)
    (local $rowBytes i32)
    (local $k0 i32) ;; byte offset of the column block
    (local $colEnd i32)
    (local $s i32) ;; address of the sweep's (l, m)
    (local $swEnd i32)
    (local $p i32) ;; address of the next (c, s)
    (local $addr i32) ;; address of row i's block
    (local $stop i32) ;; address of row l's block
    (local $cv v128) (local $sv v128)
    (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128) ;; row i
    (local $y0 v128) (local $y1 v128) (local $y2 v128) (local $y3 v128) ;; row i + 1 (carried)
    (local.set $rowBytes (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $colEnd (i32.shl (local.get $cols) (i32.const 3)))
    (local.set $swEnd (i32.add (local.get $sw) (i32.shl (local.get $nsw) (i32.const 3))))
    (local.set $k0 (i32.const 0))
    (block $blocksDone
      (loop $blocks
        (br_if $blocksDone (i32.ge_u (local.get $k0) (local.get $colEnd)))
        (local.set $p (local.get $cs))
        (local.set $s (local.get $sw))
        (block $sweepsDone
          (loop $sweeps
            (br_if $sweepsDone (i32.ge_u (local.get $s) (local.get $swEnd)))
            ;; carry row m's block
            (local.set $addr
              (i32.add (i32.add (local.get $t) (local.get $k0))
                (i32.mul (i32.load offset=4 (local.get $s)) (local.get $rowBytes))))
            (local.set $stop
              (i32.add (i32.add (local.get $t) (local.get $k0))
                (i32.mul (i32.load (local.get $s)) (local.get $rowBytes))))
            (local.set $y0 (v128.load offset=0 (local.get $addr)))
            (local.set $y1 (v128.load offset=16 (local.get $addr)))
            (local.set $y2 (v128.load offset=32 (local.get $addr)))
            (local.set $y3 (v128.load offset=48 (local.get $addr)))
            (block $rotDone
              (loop $rot
                (br_if $rotDone (i32.le_u (local.get $addr) (local.get $stop)))
                (local.set $addr (i32.sub (local.get $addr) (local.get $rowBytes)))
                (local.set $cv (f64x2.splat (f64.load offset=0 (local.get $p))))
                (local.set $sv (f64x2.splat (f64.load offset=8 (local.get $p))))
                (local.set $p (i32.add (local.get $p) (i32.const 16)))
                (local.set $x0 (v128.load offset=0 (local.get $addr)))
                (local.set $x1 (v128.load offset=16 (local.get $addr)))
                (local.set $x2 (v128.load offset=32 (local.get $addr)))
                (local.set $x3 (v128.load offset=48 (local.get $addr)))
                ;; row i + 1 ← s row_i + c row_{i+1}, final for this sweep
                (v128.store offset=0 (i32.add (local.get $addr) (local.get $rowBytes))
                  (f64x2.add (f64x2.mul (local.get $sv) (local.get $x0)) (f64x2.mul (local.get $cv) (local.get $y0))))
                (v128.store offset=16 (i32.add (local.get $addr) (local.get $rowBytes))
                  (f64x2.add (f64x2.mul (local.get $sv) (local.get $x1)) (f64x2.mul (local.get $cv) (local.get $y1))))
                (v128.store offset=32 (i32.add (local.get $addr) (local.get $rowBytes))
                  (f64x2.add (f64x2.mul (local.get $sv) (local.get $x2)) (f64x2.mul (local.get $cv) (local.get $y2))))
                (v128.store offset=48 (i32.add (local.get $addr) (local.get $rowBytes))
                  (f64x2.add (f64x2.mul (local.get $sv) (local.get $x3)) (f64x2.mul (local.get $cv) (local.get $y3))))
                ;; row i ← c row_i − s row_{i+1}, carried to the next rotation
                (local.set $y0 (f64x2.sub (f64x2.mul (local.get $cv) (local.get $x0)) (f64x2.mul (local.get $sv) (local.get $y0))))
                (local.set $y1 (f64x2.sub (f64x2.mul (local.get $cv) (local.get $x1)) (f64x2.mul (local.get $sv) (local.get $y1))))
                (local.set $y2 (f64x2.sub (f64x2.mul (local.get $cv) (local.get $x2)) (f64x2.mul (local.get $sv) (local.get $y2))))
                (local.set $y3 (f64x2.sub (f64x2.mul (local.get $cv) (local.get $x3)) (f64x2.mul (local.get $sv) (local.get $y3))))
                (br $rot)))
            ;; row l
            (v128.store offset=0 (local.get $addr) (local.get $y0))
            (v128.store offset=16 (local.get $addr) (local.get $y1))
            (v128.store offset=32 (local.get $addr) (local.get $y2))
            (v128.store offset=48 (local.get $addr) (local.get $y3))
            (local.set $s (i32.add (local.get $s) (i32.const 8)))
            (br $sweeps)))
        (local.set $k0 (i32.add (local.get $k0) (i32.const 64)))
        (br $blocks))))
)
