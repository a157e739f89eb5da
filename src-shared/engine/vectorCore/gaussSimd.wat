;; Dense Gaussian Nadaraya-Watson sums in WebAssembly SIMD (f64x2), the
;; source of gaussSimdBytes.ts (regenerate with `node scripts/build-wasm.mjs`;
;; test/engine/gaussSimdWasm.test.ts checks the committed bytes match).
;;
;; Layout (byte offsets into memory, all 16-byte aligned; [0, 512) holds
;; the constants, the rest is set up by simdEvaluator.ts):
;;   keys    two keys per block, coordinate-interleaved: block b holds
;;           [k_2b[0], k_2b+1[0], k_2b[1], k_2b+1[1], ...] (16 d bytes);
;;           an odd n is padded with a key at +Infinity (weight 0);
;;   values  [v_2b, v_2b+1] per block (16 bytes; the pad's is 0);
;;   queries each coordinate twice, [q_i[0], q_i[0], q_i[1], q_i[1], ...]
;;           (16 d bytes per query), an even count;
;;   out     per query 64 bytes: best, den, num, rescales, each f64x2 with
;;           one lane per half of the keys (even keys, odd keys).
;;
;; Each lane keeps its sums relative to its nearest key so far (best):
;; w = exp(-(s - best) / 2), rescaled by exp(-(best - s) / 2) when a nearer
;; key comes (counted in rescales). Squared distances are summed in the
;; order of the JavaScript reference (distances.ts), so s is the same
;; double. Any exp argument below -cut gives 0 (truncation, bounded by the
;; caller). The caller joins the two lanes.
;;
;; Written out by hand-unrolled steps (V8 inlines no wasm call here and keeps
;; no v128 constant in a register): the exp appears three times, in $weight
;; (rescales and the tests) and once per query of the pair in $sums.
(module
  (memory (export "memory") 1)

  ;; The constants live in memory [0, 272), written at instantiation: loaded
  ;; where used, they cost one load each (V8 rebuilds a v128.const from
  ;; immediates at every use, three instructions, and keeps no local of one).
  (start $constants)
  (func $constants
    (v128.store offset=0 (i32.const 0) (v128.const f64x2 1.4426950408889634 1.4426950408889634))
    (v128.store offset=16 (i32.const 0) (v128.const f64x2 6755399441055744 6755399441055744))
    (v128.store offset=32 (i32.const 0) (v128.const f64x2 6.93147180369123816490e-01 6.93147180369123816490e-01))
    (v128.store offset=48 (i32.const 0) (v128.const f64x2 1.90821492927058770002e-10 1.90821492927058770002e-10))
    (v128.store offset=64 (i32.const 0) (v128.const f64x2 1 1))
    (v128.store offset=80 (i32.const 0) (v128.const f64x2 -0.5 -0.5))
    (v128.store offset=96 (i32.const 0) (v128.const f64x2 0.5 0.5))
    (v128.store offset=112 (i32.const 0) (v128.const f64x2 1.66666666666666666667e-01 1.66666666666666666667e-01))
    (v128.store offset=128 (i32.const 0) (v128.const f64x2 4.16666666666666666667e-02 4.16666666666666666667e-02))
    (v128.store offset=144 (i32.const 0) (v128.const f64x2 8.33333333333333333333e-03 8.33333333333333333333e-03))
    (v128.store offset=160 (i32.const 0) (v128.const f64x2 1.38888888888888888889e-03 1.38888888888888888889e-03))
    (v128.store offset=176 (i32.const 0) (v128.const f64x2 1.98412698412698412698e-04 1.98412698412698412698e-04))
    (v128.store offset=192 (i32.const 0) (v128.const f64x2 2.48015873015873015873e-05 2.48015873015873015873e-05))
    (v128.store offset=208 (i32.const 0) (v128.const f64x2 2.75573192239858906526e-06 2.75573192239858906526e-06))
    (v128.store offset=224 (i32.const 0) (v128.const f64x2 2.75573192239858906526e-07 2.75573192239858906526e-07))
    (v128.store offset=240 (i32.const 0) (v128.const f64x2 2.50521083854417187751e-08 2.50521083854417187751e-08))
    (v128.store offset=256 (i32.const 0) (v128.const f64x2 2.08767569878680989792e-09 2.08767569878680989792e-09))
  )

  ;; exp(x) per lane where x >= negCut, else 0 (x = -Infinity or NaN too):
  ;; x = k ln 2 + r, |r| <= ln 2 / 2, k rounded by adding 1.5 * 2^52 (whose low
  ;; mantissa bits are then k), exp(r) by its Taylor polynomial of degree 12
  ;; (remainder < 2.4e-16 relative) in Estrin's form (a short dependency
  ;; chain), times 2^k by adding k to the exponent bits (x >= -708 keeps the
  ;; result normal). The sums below inline the same steps.
  (func $weight (param $x v128) (param $negCut v128) (result v128)
    (local $t v128) (local $r v128) (local $r2 v128) (local $r4 v128) (local $w v128)
    (local.set $t (f64x2.add (f64x2.mul (local.get $x) (v128.load offset=0 (i32.const 0))) (v128.load offset=16 (i32.const 0))))
    (local.set $r (f64x2.sub (f64x2.sub (local.get $x) (f64x2.mul (f64x2.sub (local.get $t) (v128.load offset=16 (i32.const 0))) (v128.load offset=32 (i32.const 0)))) (f64x2.mul (f64x2.sub (local.get $t) (v128.load offset=16 (i32.const 0))) (v128.load offset=48 (i32.const 0)))))
    (local.set $r2 (f64x2.mul (local.get $r) (local.get $r)))
    (local.set $r4 (f64x2.mul (local.get $r2) (local.get $r2)))
    (local.set $w (v128.and
      (i64x2.add (f64x2.add (f64x2.add (f64x2.add (v128.load offset=64 (i32.const 0)) (local.get $r)) (f64x2.mul (local.get $r2) (f64x2.add (v128.load offset=96 (i32.const 0)) (f64x2.mul (v128.load offset=112 (i32.const 0)) (local.get $r))))) (f64x2.mul (local.get $r4) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=128 (i32.const 0)) (f64x2.mul (v128.load offset=144 (i32.const 0)) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (v128.load offset=160 (i32.const 0)) (f64x2.mul (v128.load offset=176 (i32.const 0)) (local.get $r))))) (f64x2.mul (local.get $r4) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=192 (i32.const 0)) (f64x2.mul (v128.load offset=208 (i32.const 0)) (local.get $r))) (f64x2.mul (local.get $r2) (f64x2.add (v128.load offset=224 (i32.const 0)) (f64x2.mul (v128.load offset=240 (i32.const 0)) (local.get $r))))) (f64x2.mul (local.get $r4) (v128.load offset=256 (i32.const 0))))))))
        (i64x2.shl (local.get $t) (i32.const 52)))
      (f64x2.ge (local.get $x) (local.get $negCut))))
    (local.get $w))

  ;; Two lanes of the weight, for the tests: writes them at out.
  (export "weightLanes" (func $weightLanes))
  (func $weightLanes (param $a f64) (param $b f64) (param $cut f64) (param $out i32)
    (v128.store (local.get $out)
      (call $weight
        (f64x2.replace_lane 1 (f64x2.splat (local.get $a)) (local.get $b))
        (f64x2.splat (f64.neg (local.get $cut))))))

  ;; Sums of queries [0, nq) (nq even, two at a time: A and B) against every key block.
  (export "sums" (func $sums))
  (func $sums (param $qs i32) (param $nq i32) (param $keys i32) (param $blocks i32) (param $d i32) (param $vals i32) (param $out i32) (param $cut f64)
    (local $i i32) (local $b i32) (local $l i32) (local $whole i32) (local $stride i32)
    (local $qa i32) (local $qb i32) (local $kp i32) (local $vp i32) (local $oa i32) (local $ob i32)
    (local $sA0 v128) (local $sA1 v128) (local $sB0 v128) (local $sB1 v128)
    (local $k0 v128) (local $k1 v128) (local $k2 v128) (local $k3 v128)
    (local $u0 v128) (local $u1 v128) (local $u2 v128) (local $u3 v128)
    (local $negCut v128) (local $y v128) (local $mask v128) (local $f v128) (local $xA v128) (local $xB v128)
    (local $bestA v128) (local $denA v128) (local $numA v128) (local $resA v128)
    (local $bestB v128) (local $denB v128) (local $numB v128) (local $resB v128)
    (local $tA v128) (local $rA v128) (local $r2A v128) (local $r4A v128) (local $wA v128)
    (local $tB v128) (local $rB v128) (local $r2B v128) (local $r4B v128) (local $wB v128)
    (local.set $stride (i32.shl (local.get $d) (i32.const 4)))
    (local.set $whole (i32.and (local.get $d) (i32.const -4)))
    (local.set $negCut (f64x2.splat (f64.neg (local.get $cut))))
    (block $queriesDone
      (loop $queries
        (br_if $queriesDone (i32.ge_u (local.get $i) (local.get $nq)))
        (local.set $oa (i32.add (local.get $out) (i32.shl (local.get $i) (i32.const 6))))
        (local.set $ob (i32.add (local.get $oa) (i32.const 64)))
        (local.set $bestA (v128.const f64x2 inf inf))
        (local.set $denA (v128.const i64x2 0 0))
        (local.set $numA (v128.const i64x2 0 0))
        (local.set $resA (v128.const i64x2 0 0))
        (local.set $bestB (v128.const f64x2 inf inf))
        (local.set $denB (v128.const i64x2 0 0))
        (local.set $numB (v128.const i64x2 0 0))
        (local.set $resB (v128.const i64x2 0 0))
        (local.set $kp (local.get $keys))
        (local.set $vp (local.get $vals))
        (local.set $b (i32.const 0))
        (block $blocksDone
          (loop $blockLoop
            (br_if $blocksDone (i32.ge_u (local.get $b) (local.get $blocks)))
            (local.set $sA0 (v128.const i64x2 0 0))
            (local.set $sA1 (v128.const i64x2 0 0))
            (local.set $sB0 (v128.const i64x2 0 0))
            (local.set $sB1 (v128.const i64x2 0 0))
            (local.set $qa (i32.add (local.get $qs) (i32.mul (local.get $i) (local.get $stride))))
            (local.set $qb (i32.add (local.get $qa) (local.get $stride)))
            (local.set $l (i32.const 0))
            ;; Four coordinates at a time: s0 += u0^2 + u1^2, s1 += u2^2 + u3^2 (distances.ts).
            (block $groupsDone
              (loop $groups
                (br_if $groupsDone (i32.ge_u (local.get $l) (local.get $whole)))
                (local.set $k0 (v128.load (local.get $kp)))
                (local.set $k1 (v128.load offset=16 (local.get $kp)))
                (local.set $k2 (v128.load offset=32 (local.get $kp)))
                (local.set $k3 (v128.load offset=48 (local.get $kp)))
                (local.set $u0 (f64x2.sub (v128.load (local.get $qa)) (local.get $k0)))
                (local.set $u1 (f64x2.sub (v128.load offset=16 (local.get $qa)) (local.get $k1)))
                (local.set $u2 (f64x2.sub (v128.load offset=32 (local.get $qa)) (local.get $k2)))
                (local.set $u3 (f64x2.sub (v128.load offset=48 (local.get $qa)) (local.get $k3)))
                (local.set $sA0 (f64x2.add (local.get $sA0) (f64x2.add (f64x2.mul (local.get $u0) (local.get $u0)) (f64x2.mul (local.get $u1) (local.get $u1)))))
                (local.set $sA1 (f64x2.add (local.get $sA1) (f64x2.add (f64x2.mul (local.get $u2) (local.get $u2)) (f64x2.mul (local.get $u3) (local.get $u3)))))
                (local.set $u0 (f64x2.sub (v128.load (local.get $qb)) (local.get $k0)))
                (local.set $u1 (f64x2.sub (v128.load offset=16 (local.get $qb)) (local.get $k1)))
                (local.set $u2 (f64x2.sub (v128.load offset=32 (local.get $qb)) (local.get $k2)))
                (local.set $u3 (f64x2.sub (v128.load offset=48 (local.get $qb)) (local.get $k3)))
                (local.set $sB0 (f64x2.add (local.get $sB0) (f64x2.add (f64x2.mul (local.get $u0) (local.get $u0)) (f64x2.mul (local.get $u1) (local.get $u1)))))
                (local.set $sB1 (f64x2.add (local.get $sB1) (f64x2.add (f64x2.mul (local.get $u2) (local.get $u2)) (f64x2.mul (local.get $u3) (local.get $u3)))))
                (local.set $kp (i32.add (local.get $kp) (i32.const 64)))
                (local.set $qa (i32.add (local.get $qa) (i32.const 64)))
                (local.set $qb (i32.add (local.get $qb) (i32.const 64)))
                (local.set $l (i32.add (local.get $l) (i32.const 4)))
                (br $groups)))
            ;; The remaining coordinates go to s0, one at a time.
            (block $tailDone
              (loop $tail
                (br_if $tailDone (i32.ge_u (local.get $l) (local.get $d)))
                (local.set $k0 (v128.load (local.get $kp)))
                (local.set $u0 (f64x2.sub (v128.load (local.get $qa)) (local.get $k0)))
                (local.set $sA0 (f64x2.add (local.get $sA0) (f64x2.mul (local.get $u0) (local.get $u0))))
                (local.set $u0 (f64x2.sub (v128.load (local.get $qb)) (local.get $k0)))
                (local.set $sB0 (f64x2.add (local.get $sB0) (f64x2.mul (local.get $u0) (local.get $u0))))
                (local.set $kp (i32.add (local.get $kp) (i32.const 16)))
                (local.set $qa (i32.add (local.get $qa) (i32.const 16)))
                (local.set $qb (i32.add (local.get $qb) (i32.const 16)))
                (local.set $l (i32.add (local.get $l) (i32.const 1)))
                (br $tail)))
            (local.set $sA0 (f64x2.add (local.get $sA0) (local.get $sA1)))
            (local.set $sB0 (f64x2.add (local.get $sB0) (local.get $sB1)))
            ;; A nearer key (about ln n times per lane): rescale the sums to it.
            (local.set $mask (f64x2.lt (local.get $sA0) (local.get $bestA)))
            (if (v128.any_true (local.get $mask))
              (then
                (local.set $f (call $weight (f64x2.mul (v128.load offset=80 (i32.const 0)) (f64x2.sub (local.get $bestA) (f64x2.pmin (local.get $sA0) (local.get $bestA)))) (local.get $negCut)))
                (local.set $denA (f64x2.mul (local.get $denA) (local.get $f)))
                (local.set $numA (f64x2.mul (local.get $numA) (local.get $f)))
                (local.set $bestA (f64x2.pmin (local.get $sA0) (local.get $bestA)))
                (local.set $resA (f64x2.add (local.get $resA) (v128.and (local.get $mask) (v128.load offset=64 (i32.const 0)))))))
            (local.set $xA (f64x2.mul (v128.load offset=80 (i32.const 0)) (f64x2.sub (local.get $sA0) (local.get $bestA))))
            (local.set $mask (f64x2.lt (local.get $sB0) (local.get $bestB)))
            (if (v128.any_true (local.get $mask))
              (then
                (local.set $f (call $weight (f64x2.mul (v128.load offset=80 (i32.const 0)) (f64x2.sub (local.get $bestB) (f64x2.pmin (local.get $sB0) (local.get $bestB)))) (local.get $negCut)))
                (local.set $denB (f64x2.mul (local.get $denB) (local.get $f)))
                (local.set $numB (f64x2.mul (local.get $numB) (local.get $f)))
                (local.set $bestB (f64x2.pmin (local.get $sB0) (local.get $bestB)))
                (local.set $resB (f64x2.add (local.get $resB) (v128.and (local.get $mask) (v128.load offset=64 (i32.const 0)))))))
            (local.set $xB (f64x2.mul (v128.load offset=80 (i32.const 0)) (f64x2.sub (local.get $sB0) (local.get $bestB))))
            (local.set $tA (f64x2.add (f64x2.mul (local.get $xA) (v128.load offset=0 (i32.const 0))) (v128.load offset=16 (i32.const 0))))
            (local.set $rA (f64x2.sub (f64x2.sub (local.get $xA) (f64x2.mul (f64x2.sub (local.get $tA) (v128.load offset=16 (i32.const 0))) (v128.load offset=32 (i32.const 0)))) (f64x2.mul (f64x2.sub (local.get $tA) (v128.load offset=16 (i32.const 0))) (v128.load offset=48 (i32.const 0)))))
            (local.set $r2A (f64x2.mul (local.get $rA) (local.get $rA)))
            (local.set $r4A (f64x2.mul (local.get $r2A) (local.get $r2A)))
            (local.set $wA (v128.and
              (i64x2.add (f64x2.add (f64x2.add (f64x2.add (v128.load offset=64 (i32.const 0)) (local.get $rA)) (f64x2.mul (local.get $r2A) (f64x2.add (v128.load offset=96 (i32.const 0)) (f64x2.mul (v128.load offset=112 (i32.const 0)) (local.get $rA))))) (f64x2.mul (local.get $r4A) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=128 (i32.const 0)) (f64x2.mul (v128.load offset=144 (i32.const 0)) (local.get $rA))) (f64x2.mul (local.get $r2A) (f64x2.add (v128.load offset=160 (i32.const 0)) (f64x2.mul (v128.load offset=176 (i32.const 0)) (local.get $rA))))) (f64x2.mul (local.get $r4A) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=192 (i32.const 0)) (f64x2.mul (v128.load offset=208 (i32.const 0)) (local.get $rA))) (f64x2.mul (local.get $r2A) (f64x2.add (v128.load offset=224 (i32.const 0)) (f64x2.mul (v128.load offset=240 (i32.const 0)) (local.get $rA))))) (f64x2.mul (local.get $r4A) (v128.load offset=256 (i32.const 0))))))))
                (i64x2.shl (local.get $tA) (i32.const 52)))
              (f64x2.ge (local.get $xA) (local.get $negCut))))
            (local.set $tB (f64x2.add (f64x2.mul (local.get $xB) (v128.load offset=0 (i32.const 0))) (v128.load offset=16 (i32.const 0))))
            (local.set $rB (f64x2.sub (f64x2.sub (local.get $xB) (f64x2.mul (f64x2.sub (local.get $tB) (v128.load offset=16 (i32.const 0))) (v128.load offset=32 (i32.const 0)))) (f64x2.mul (f64x2.sub (local.get $tB) (v128.load offset=16 (i32.const 0))) (v128.load offset=48 (i32.const 0)))))
            (local.set $r2B (f64x2.mul (local.get $rB) (local.get $rB)))
            (local.set $r4B (f64x2.mul (local.get $r2B) (local.get $r2B)))
            (local.set $wB (v128.and
              (i64x2.add (f64x2.add (f64x2.add (f64x2.add (v128.load offset=64 (i32.const 0)) (local.get $rB)) (f64x2.mul (local.get $r2B) (f64x2.add (v128.load offset=96 (i32.const 0)) (f64x2.mul (v128.load offset=112 (i32.const 0)) (local.get $rB))))) (f64x2.mul (local.get $r4B) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=128 (i32.const 0)) (f64x2.mul (v128.load offset=144 (i32.const 0)) (local.get $rB))) (f64x2.mul (local.get $r2B) (f64x2.add (v128.load offset=160 (i32.const 0)) (f64x2.mul (v128.load offset=176 (i32.const 0)) (local.get $rB))))) (f64x2.mul (local.get $r4B) (f64x2.add (f64x2.add (f64x2.add (v128.load offset=192 (i32.const 0)) (f64x2.mul (v128.load offset=208 (i32.const 0)) (local.get $rB))) (f64x2.mul (local.get $r2B) (f64x2.add (v128.load offset=224 (i32.const 0)) (f64x2.mul (v128.load offset=240 (i32.const 0)) (local.get $rB))))) (f64x2.mul (local.get $r4B) (v128.load offset=256 (i32.const 0))))))))
                (i64x2.shl (local.get $tB) (i32.const 52)))
              (f64x2.ge (local.get $xB) (local.get $negCut))))
            (local.set $y (v128.load (local.get $vp)))
            (local.set $denA (f64x2.add (local.get $denA) (local.get $wA)))
            (local.set $numA (f64x2.add (local.get $numA) (f64x2.mul (local.get $wA) (local.get $y))))
            (local.set $denB (f64x2.add (local.get $denB) (local.get $wB)))
            (local.set $numB (f64x2.add (local.get $numB) (f64x2.mul (local.get $wB) (local.get $y))))
            (local.set $vp (i32.add (local.get $vp) (i32.const 16)))
            (local.set $b (i32.add (local.get $b) (i32.const 1)))
            (br $blockLoop)))
        (v128.store (local.get $oa) (local.get $bestA))
        (v128.store offset=16 (local.get $oa) (local.get $denA))
        (v128.store offset=32 (local.get $oa) (local.get $numA))
        (v128.store offset=48 (local.get $oa) (local.get $resA))
        (v128.store (local.get $ob) (local.get $bestB))
        (v128.store offset=16 (local.get $ob) (local.get $denB))
        (v128.store offset=32 (local.get $ob) (local.get $numB))
        (v128.store offset=48 (local.get $ob) (local.get $resB))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $queries))))
)
