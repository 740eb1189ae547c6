# Exercise 6, 2(b) (branch ex6eps): ε = 0 is accepted where every σ² > 0 and refused, at
# /batchnorm/eps, where it would divide by zero; a mini-batch that overflows is refused pointing at
# the entry (or γ_j, β_j) to scale down, not at /batchnorm; a table of FC layers only has no padding
# alternative. Included from tests/CMakeLists.txt after cli_tests.cmake (uses EXPECT, HW6, bad_input).
set(EX6EPS ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex6eps)
function(ex6eps_test name)
  add_test(NAME cli.ex6eps.${name} COMMAND ${EXPECT} ${ARGN})
endfunction()

# ε = 0 with every σ² > 0 (the smallest 1.3125): solved, every check passed and conclusive, and the
# text says why the layer is defined.
ex6eps_test(eps0_solved --rc 0 --stdout-regex "m = 4 samples, 3 features, ε = 0\\):" -- ${HW6} ex6 ${EX6EPS}/eps0.json)
ex6eps_test(eps0_conclusive --rc 0 --stdout-absent "\\[ok\\?\\]|FAIL" -- ${HW6} ex6 ${EX6EPS}/eps0.json)
ex6eps_test(eps0_says_why --rc 0 --stdout-regex "every feature has σ² > 0 \\(the smallest is 1\\.3125\\)"
  -- ${HW6} ex6 ${EX6EPS}/eps0.json)
add_test(NAME cli.ex6eps.eps0.pandoc COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh ${HW6} ex6 ${EX6EPS}/eps0.json)
# m = 2, ε = 0: x̂ = ∓1 exactly, so ∂L/∂x = 0 exactly.
ex6eps_test(eps0_m2_json --rc 0 --stdout-regex "\"gradients\":\\{\"x\":\\[\\[0\\.0,0\\.0\\],\\[0\\.0,0\\.0\\]\\]"
  -- bash -c "\"$0\" ex6 \"$1\" --format json | tr -d ' \\n'" ${HW6} ${EX6EPS}/eps0_m2.json)

# ε = 0 where it divides by zero (or nearly), and ε < 0.
bad_input(ex6_eps0_constant_feature ex6 ex6_eps0_constant_feature.json
  "/batchnorm/eps: ε = 0 with a constant feature: σ² = 0 in feature 2 \\(column 1 of x\\): all 3 samples are 4, so x̂ = 0/0")
bad_input(ex6_eps0_m1 ex6 ex6_eps0_m1.json "/batchnorm/eps: ε = 0 with m = 1 sample: σ² = 0 in every column of x, so x̂ = 0/0")
bad_input(ex6_eps0_variance_underflow ex6 ex6_eps0_variance_underflow.json
  "/batchnorm/eps: ε = 0 and σ² underflows to 0 in feature 2 \\(column 1 of x\\): its largest \\|x − μ\\|, 5e-171,")
bad_input(ex6_eps0_subnormal_variance ex6 ex6_eps0_subnormal_variance.json
  "/batchnorm/eps: σ² \\+ ε = 1\\.53e-322 in feature 1 \\(column 0 of x\\) is a subnormal double: .* 16% of it")
bad_input(ex6_eps_negative ex6 ex6_eps_negative.json "/batchnorm/eps: expected a number ≥ 0 .*got -1e-05")

# Overflows name the entry to scale down and what overflowed.
bad_input(ex6_bn_entry_1e200 ex6 ex6_bn_entry_1e200.json
  "/batchnorm/x/3/1: computing σ² overflows in feature 2 \\(column 1 of x\\): \\(x − μ\\)² = \\(7\\.5e\\+199\\)² exceeds the largest double")
bad_input(ex6_bn_mean_overflow ex6 ex6_bn_mean_overflow.json "/batchnorm/x/2/1: computing μ overflows in feature 2 \\(column 1 of x\\)")
bad_input(ex6_bn_gamma_overflow ex6 ex6_bn_gamma_overflow.json
  "/batchnorm/gamma/1: y = γx̂ \\+ β overflows in feature 2 \\(column 1 of x\\): γ = 1\\.7e\\+308 times x̂ = -1\\.07 \\(sample 1, row 0 of x\\)")
bad_input(ex6_bn_dbeta_overflow ex6 ex6_bn_dbeta_overflow.json "/batchnorm/dL_dy/2/1: ∂L/∂β = Σ_i ∂L/∂y_i overflows in feature 2 \\(column 1 of dL_dy\\)")
bad_input(ex6_bn_dx_overflow ex6 ex6_bn_dx_overflow.json
  "/batchnorm/dL_dy/0/0: computing ∂L/∂x overflows in feature 1 \\(column 0 of x\\): .* √\\(σ² \\+ ε\\) = 4\\.08e-151")

# Only fully connected layers: no window to pad, so no padding alternative (text or JSON), and no
# word on pooling's FLOPs.
ex6eps_test(fc_only_no_alternative --rc 0 --stdout-absent "if necessary|Both paddings|output \\(valid\\)"
  -- ${HW6} ex6 ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex6s10/single_fc.json)
ex6eps_test(fc_only_no_alternative_json --rc 0 --stdout-absent "alternative_padding"
  -- ${HW6} ex6 ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex6s10/single_fc.json --format json)
ex6eps_test(fc_only_no_pooling_flops --rc 0 --stdout-absent "pooling counts"
  -- ${HW6} ex6 ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex6s10/single_fc.json)

# ∂L/∂x where it is 0 exactly but computed from terms that cancel. m = 2, ε = 0, a spread of 1e-58
# and γ ∂L/∂y up to 7e4: x̂ = ±1 whatever x is, so ∂L/∂x = 0, computed as up to 2e49 (rounding of
# terms of 1e65). The column-sum check used to divide by those entries and failed (exit 1); it now
# divides by the terms' sizes, and the text says what the entries are.
ex6eps_test(eps0_m2_rounding_only --rc 0
  --stdout-regex "∂L/∂x = 0 exactly. the entries above are what rounding leaves of its cancelling terms \\(up to [0-9.]+e\\+[0-9]+\\)\\."
  -- bash -c "\"$0\" ex6 \"$1\" | tr '\\n' ' ' | tr -s ' '" ${HW6} ${EX6EPS}/eps0_m2_rounding_only.json)
ex6eps_test(eps0_m2_exact_zero --rc 0 --stdout-regex "so y does not depend on x and ∂L/∂x = 0 exactly\\. "
  -- bash -c "\"$0\" ex6 \"$1\" | tr '\\n' ' ' | tr -s ' '" ${HW6} ${EX6EPS}/eps0_m2.json)
# A constant ∂L/∂y column (feature 1) and, with ε = 0, one entry that is 0 exactly (feature 2,
# x = (0.4, −3.9, 0.4): its inner term is −1.8 + 3.6·½ = 0): printed as ~1e-17, said to be rounding.
ex6eps_test(constant_dy_column --rc 0 --stdout-regex "are 0 to working precision rather than values: 3 of 3 in feature 1\\. "
  -- bash -c "\"$0\" ex6 \"$1\" | tr '\\n' ' ' | tr -s ' '" ${HW6} ${EX6EPS}/constant_dy_column.json)
ex6eps_test(eps0_zero_entry --rc 0 --stdout-regex "rather than values: 1 of 3 in feature 2\\. "
  -- bash -c "\"$0\" ex6 \"$1\" | tr '\\n' ' ' | tr -s ' '" ${HW6} ${EX6EPS}/eps0_zero_entry.json)
ex6eps_test(builtin_no_rounding_note --rc 0 --stdout-absent "working precision" -- ${HW6} ex6)
