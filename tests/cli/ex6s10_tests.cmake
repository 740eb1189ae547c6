# Review of Exercise 6 (branch review-ex6-s10): the 2(b) finite-difference checks say whether a pass
# is conclusive, as ex5's and ex7's do. Included from tests/CMakeLists.txt after cli_tests.cmake
# (uses its EXPECT and HW6).
set(EX6S10 ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex6s10)
function(ex6s10_test name)
  add_test(NAME cli.ex6s10.${name} COMMAND ${EXPECT} ${ARGN})
endfunction()

# x = 1e8 with a spread of about 1e-4 (ε = 1e-12): the right ∂L/∂x used to fail (exit 1); μ's
# rounding (u·1e8 ≈ 1e-8, 1e-4 of a spread) leaves the check a resolution of about 1%: passed,
# inconclusive, saying what error it could miss; ∂L/∂γ and ∂L/∂β stay conclusive.
ex6s10_test(offset_1e8_inconclusive --rc 0 --stdout-regex "\\[ok\\?\\] +2\\(b\\) ∂L/∂x vs central differences"
  -- ${HW6} ex6 ${EX6S10}/bn_offset_1e8.json)
ex6s10_test(offset_1e8_says_why --rc 0 --stdout-regex "an error of up to [0-9.]+% of it would pass unnoticed \\(a larger one fails\\)"
  -- ${HW6} ex6 ${EX6S10}/bn_offset_1e8.json --format markdown)
ex6s10_test(offset_1e8_json --rc 0 --stdout-regex "\"passed\": true,~ *\"detail\": \"inconclusive: [^~]*~ *\"conclusive\": false"
  -- bash -c "\"$0\" ex6 \"$1\" --format json | tr '\\n' '~'" ${HW6} ${EX6S10}/bn_offset_1e8.json)
ex6s10_test(offset_1e8_markdown --rc 0 --stdout-regex "\\| passed \\(inconclusive\\) \\|"
  -- ${HW6} ex6 ${EX6S10}/bn_offset_1e8.json --format markdown)
# γ = 1e-12, β = (1, −2): β's share of L no longer buries the rest; every check conclusive.
ex6s10_test(gamma_tiny_conclusive --rc 0 --stdout-absent "\\[ok\\?\\] +2\\(b\\)"
  -- ${HW6} ex6 ${EX6S10}/bn_gamma_1e-12.json)
# σ² = 0 with ε = 1e-320: no difference step is small enough (1/√ε = 1e160); the check passes,
# inconclusive, and prints no "inf" for the error it could not measure.
ex6s10_test(no_step_no_inf --rc 0 --stdout-absent "inf \\(|: inf|nan"
  -- ${HW6} ex6 ${EX6S10}/bn_eps_subnormal_no_step.json)
ex6s10_test(no_step_says_why --rc 0 --stdout-regex "no step is small enough for the differences to approximate the derivative"
  -- ${HW6} ex6 ${EX6S10}/bn_eps_subnormal_no_step.json --format markdown)
# m = 1 and a constant feature: what the layer does there, from the data.
ex6s10_test(m1_note --rc 0 --stdout-regex "With m = 1 every feature has σ² = 0"
  -- ${HW6} ex6 ${EX6S10}/bn_m1.json)
ex6s10_test(m1_singular --rc 0 --stdout-regex "m = 1 sample, 2 features"
  -- ${HW6} ex6 ${EX6S10}/bn_m1.json)
ex6s10_test(constant_feature_note --rc 0 --stdout-regex "Feature 1 has σ² = 0 \\(all samples equal\\)"
  -- ${HW6} ex6 ${EX6S10}/bn_m2_constant_feature.json)
# One FC layer on a 1×1×1 input: 1 parameter; no window positions to enumerate.
ex6s10_test(single_fc_singular --rc 0 --stdout-regex "Total: 1 parameter\\."
  -- ${HW6} ex6 ${EX6S10}/single_fc.json)
ex6s10_test(single_fc_not_applicable --rc 0 --stdout-regex "not applicable: the table has no convolution or pooling layer"
  -- ${HW6} ex6 ${EX6S10}/single_fc.json)
foreach(f bn_offset_1e8 bn_m1 bn_eps_subnormal_no_step)
  add_test(NAME cli.ex6s10.${f}.pandoc COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh ${HW6} ex6 ${EX6S10}/${f}.json)
endforeach()
# At 1e8 ± 1e-4 six significant digits print every x as 1e+08: the centred values are shown too.
ex6s10_test(offset_1e8_centred --rc 0 --stdout-regex "x − μ = \\[ -7\\.49975e-05 +0 \\]"
  -- ${HW6} ex6 ${EX6S10}/bn_offset_1e8.json)
ex6s10_test(builtin_not_centred --rc 0 --stdout-absent "x − μ =" -- ${HW6} ex6)
