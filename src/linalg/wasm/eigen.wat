;; The O(n³) steps of the symmetric eigendecomposition with eigenvectors (symmetricEigen.ts), float64, two entries
;; per f64x2 instruction.
;;
;; T is n × n, row-major with a row stride of ld entries (ld a multiple of 8, ld ≥ n; the padding columns are zero).
;; Row c of T is column c of the logical V (V transposed), so both kernels run along contiguous rows. Pointers are in
;; bytes, counts in elements; T's base address is 16-byte aligned.

(module
  (memory (export "memory") 16)

  ;; accumulate(t, ld, n, h): forms Qᵀ = H_1 H_2 ⋯ H_{n−1} in place, H_k = I − u_k u_kᵀ / h_k (h_k = 0: H_k = I).
  ;; On entry row k (k ≥ 1) holds u_k in columns 0 … k − 1 and zeros elsewhere, row 0 is e_0 (T[0][0] = 1); h is an
  ;; array of n f64 (h[0] unused). Step k multiplies from the right: each row c < k becomes
  ;; row_c − ((row_c · u_k) / h_k) u_k, then row k becomes e_k. Before step k, rows 0 … k − 1 vanish in columns ≥ k
  ;; and u_k vanishes in columns ≥ k, so each step runs over columns 0 … 4⌈k/4⌉ − 1 only (the extra columns add
  ;; zeros). Steps k and k + 1 are applied together, one read of each row for both: with a = row_c · u_k,
  ;; b = row_c · u_{k+1} and γ = u_k · u_{k+1}, g₁ = a / h_k, g₂ = (b − g₁ γ) / h_{k+1} and
  ;; row_c −= g₁ u_k + g₂ u_{k+1} (row k itself, e_k before step k + 1, gets −(u_{k+1})_k / h_{k+1} · u_{k+1}).
  (func (export "accumulate") (param $t i32) (param $ld i32) (param $n i32) (param $h i32)
    (local $k i32)
    (local $rowBytes i32)
    (local $u1 i32) ;; address of row k (u_k)
    (local $u2 i32) ;; address of row k + 1 (u_{k+1})
    (local $row i32) ;; address of row c
    (local $rowEnd i32) ;; address of row k (the rows c < k end there)
    (local $jEnd i32) ;; bytes of the columns a step runs over
    (local $j i32)
    (local $h1 f64) (local $h2 f64) (local $g1 f64) (local $g2 f64) (local $gam f64)
    (local $accA v128) (local $accB v128) (local $accA2 v128) (local $accB2 v128)
    (local $x v128) (local $x2 v128) (local $g1v v128) (local $g2v v128)
    (local.set $rowBytes (i32.shl (local.get $ld) (i32.const 3)))
    (local.set $k (i32.const 1))
    (block $done
      (loop $steps
        (br_if $done (i32.ge_u (local.get $k) (local.get $n)))
        (local.set $u1 (i32.add (local.get $t) (i32.mul (local.get $k) (local.get $rowBytes))))
        (local.set $h1 (f64.load (i32.add (local.get $h) (i32.shl (local.get $k) (i32.const 3)))))
        (if (i32.lt_u (i32.add (local.get $k) (i32.const 1)) (local.get $n))
          (then
            ;; two steps, k and k + 1, over columns 0 … 4⌈(k + 1)/4⌉ − 1
            (local.set $u2 (i32.add (local.get $u1) (local.get $rowBytes)))
            (local.set $h2 (f64.load (i32.add (local.get $h) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))))
            (local.set $jEnd
              (i32.shl (i32.and (i32.add (local.get $k) (i32.const 4)) (i32.const -4)) (i32.const 3)))
            ;; γ = u_k · u_{k+1}
            (local.set $accA (v128.const f64x2 0 0))
            (local.set $j (i32.const 0))
            (block $gDone
              (loop $g
                (br_if $gDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                (local.set $accA
                  (f64x2.add (local.get $accA)
                    (f64x2.mul
                      (v128.load (i32.add (local.get $u1) (local.get $j)))
                      (v128.load (i32.add (local.get $u2) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $g)))
            (local.set $gam (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA))))
            ;; rows c < k
            (local.set $row (local.get $t))
            (block $rowsDone
              (loop $rows
                (br_if $rowsDone (i32.ge_u (local.get $row) (local.get $u1)))
                (local.set $accA (v128.const f64x2 0 0))
                (local.set $accB (v128.const f64x2 0 0))
                (local.set $accA2 (v128.const f64x2 0 0))
                (local.set $accB2 (v128.const f64x2 0 0))
                (local.set $j (i32.const 0))
                (block $dotDone
                  (loop $dot
                    (br_if $dotDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                    (local.set $x (v128.load (i32.add (local.get $row) (local.get $j))))
                    (local.set $x2 (v128.load (i32.add (local.get $row) (i32.add (local.get $j) (i32.const 16)))))
                    (local.set $accA (f64x2.add (local.get $accA)
                      (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $u1) (local.get $j))))))
                    (local.set $accB (f64x2.add (local.get $accB)
                      (f64x2.mul (local.get $x) (v128.load (i32.add (local.get $u2) (local.get $j))))))
                    (local.set $accA2 (f64x2.add (local.get $accA2)
                      (f64x2.mul (local.get $x2) (v128.load (i32.add (local.get $u1) (i32.add (local.get $j) (i32.const 16)))))))
                    (local.set $accB2 (f64x2.add (local.get $accB2)
                      (f64x2.mul (local.get $x2) (v128.load (i32.add (local.get $u2) (i32.add (local.get $j) (i32.const 16)))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 32)))
                    (br $dot)))
                (local.set $accA (f64x2.add (local.get $accA) (local.get $accA2)))
                (local.set $accB (f64x2.add (local.get $accB) (local.get $accB2)))
                (local.set $g1 (f64.const 0))
                (if (f64.ne (local.get $h1) (f64.const 0))
                  (then
                    (local.set $g1
                      (f64.div
                        (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA)))
                        (local.get $h1)))))
                (local.set $g2 (f64.const 0))
                (if (f64.ne (local.get $h2) (f64.const 0))
                  (then
                    (local.set $g2
                      (f64.div
                        (f64.sub
                          (f64.add (f64x2.extract_lane 0 (local.get $accB)) (f64x2.extract_lane 1 (local.get $accB)))
                          (f64.mul (local.get $g1) (local.get $gam)))
                        (local.get $h2)))))
                (local.set $g1v (f64x2.splat (local.get $g1)))
                (local.set $g2v (f64x2.splat (local.get $g2)))
                (local.set $j (i32.const 0))
                (block $updDone
                  (loop $upd
                    (br_if $updDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                    (v128.store (i32.add (local.get $row) (local.get $j))
                      (f64x2.sub
                        (v128.load (i32.add (local.get $row) (local.get $j)))
                        (f64x2.add
                          (f64x2.mul (local.get $g1v) (v128.load (i32.add (local.get $u1) (local.get $j))))
                          (f64x2.mul (local.get $g2v) (v128.load (i32.add (local.get $u2) (local.get $j)))))))
                    (local.set $j (i32.add (local.get $j) (i32.const 16)))
                    (br $upd)))
                (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
                (br $rows)))
            ;; row k: e_k, then step k + 1 on it: e_k − ((u_{k+1})_k / h_{k+1}) u_{k+1}
            (local.set $g2 (f64.const 0))
            (if (f64.ne (local.get $h2) (f64.const 0))
              (then
                (local.set $g2
                  (f64.div
                    (f64.load (i32.add (local.get $u2) (i32.shl (local.get $k) (i32.const 3))))
                    (local.get $h2)))))
            (local.set $g2v (f64x2.splat (local.get $g2)))
            (local.set $j (i32.const 0))
            (block $kDone
              (loop $krow
                (br_if $kDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                (v128.store (i32.add (local.get $u1) (local.get $j))
                  (f64x2.neg (f64x2.mul (local.get $g2v) (v128.load (i32.add (local.get $u2) (local.get $j))))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $krow)))
            (f64.store (i32.add (local.get $u1) (i32.shl (local.get $k) (i32.const 3)))
              (f64.sub (f64.const 1)
                (f64.mul (local.get $g2)
                  (f64.load (i32.add (local.get $u2) (i32.shl (local.get $k) (i32.const 3)))))))
            ;; row k + 1: e_{k+1}
            (local.set $j (i32.const 0))
            (block $zDone
              (loop $z
                (br_if $zDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                (v128.store (i32.add (local.get $u2) (local.get $j)) (v128.const f64x2 0 0))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $z)))
            (f64.store (i32.add (local.get $u2) (i32.shl (i32.add (local.get $k) (i32.const 1)) (i32.const 3)))
              (f64.const 1))
            (local.set $k (i32.add (local.get $k) (i32.const 2))))
          (else
            ;; the last step alone (k = n − 1)
            (local.set $jEnd
              (i32.shl (i32.and (i32.add (local.get $k) (i32.const 3)) (i32.const -4)) (i32.const 3)))
            (if (f64.ne (local.get $h1) (f64.const 0))
              (then
                (local.set $row (local.get $t))
                (block $rowsDone1
                  (loop $rows1
                    (br_if $rowsDone1 (i32.ge_u (local.get $row) (local.get $u1)))
                    (local.set $accA (v128.const f64x2 0 0))
                    (local.set $j (i32.const 0))
                    (block $dotDone1
                      (loop $dot1
                        (br_if $dotDone1 (i32.ge_u (local.get $j) (local.get $jEnd)))
                        (local.set $accA (f64x2.add (local.get $accA)
                          (f64x2.mul
                            (v128.load (i32.add (local.get $row) (local.get $j)))
                            (v128.load (i32.add (local.get $u1) (local.get $j))))))
                        (local.set $j (i32.add (local.get $j) (i32.const 16)))
                        (br $dot1)))
                    (local.set $g1v
                      (f64x2.splat
                        (f64.div
                          (f64.add (f64x2.extract_lane 0 (local.get $accA)) (f64x2.extract_lane 1 (local.get $accA)))
                          (local.get $h1))))
                    (local.set $j (i32.const 0))
                    (block $updDone1
                      (loop $upd1
                        (br_if $updDone1 (i32.ge_u (local.get $j) (local.get $jEnd)))
                        (v128.store (i32.add (local.get $row) (local.get $j))
                          (f64x2.sub
                            (v128.load (i32.add (local.get $row) (local.get $j)))
                            (f64x2.mul (local.get $g1v) (v128.load (i32.add (local.get $u1) (local.get $j))))))
                        (local.set $j (i32.add (local.get $j) (i32.const 16)))
                        (br $upd1)))
                    (local.set $row (i32.add (local.get $row) (local.get $rowBytes)))
                    (br $rows1)))))
            (local.set $j (i32.const 0))
            (block $zDone1
              (loop $z1
                (br_if $zDone1 (i32.ge_u (local.get $j) (local.get $jEnd)))
                (v128.store (i32.add (local.get $u1) (local.get $j)) (v128.const f64x2 0 0))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $z1)))
            (f64.store (i32.add (local.get $u1) (i32.shl (local.get $k) (i32.const 3))) (f64.const 1))
            (local.set $k (i32.add (local.get $k) (i32.const 1)))))
        (br $steps))))

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
