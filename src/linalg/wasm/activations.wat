;; The activation pass of the tangent kernel's chunks, on the memory of products.wat (imported), two entries per
;; f64x2 instruction.
;;
;; Matrices are row-major float64; pointers are in bytes, counts in elements.

(module
  (import "products" "memory" (memory 16))

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
)
