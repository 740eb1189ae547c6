# Exercises 5 and 6: the words pinned (golden text outputs, and each data-dependent sentence present
# exactly when its fact holds), --part, and the Markdown write-up through pandoc.
# Included from tests/CMakeLists.txt after cli_tests.cmake (uses its EXPECT and HW6).
set(NN ${CMAKE_CURRENT_SOURCE_DIR}/cli/explain_nn)
set(GOLDEN_TEXT ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden_text)
set(NN_GOLDEN ${CMAKE_CURRENT_SOURCE_DIR}/cli/explain_nn_golden.sh)

# Golden text outputs, compared exactly (reviewed line by line when written; see explain_nn_golden.sh).
# Run from the source root with relative problem paths, so the "problem:" line is the same on
# every machine.
function(nn_golden name)
  add_test(NAME cli.golden.${name} COMMAND ${NN_GOLDEN} ${GOLDEN_TEXT}/${name}.txt 0 -- ${HW6} ${ARGN}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
nn_golden(ex5_builtin ex5)
nn_golden(ex5_232_biases ex5 tests/cli/explain_nn/ex5_232_biases.json)
nn_golden(ex5_relu_only ex5 tests/cli/explain_nn/ex5_relu_only.json)
nn_golden(ex5_zero_init ex5 tests/cli/explain_nn/ex5_zero_init.json)
nn_golden(ex5_one_unit ex5 tests/cli/explain_nn/ex5_one_unit.json)
nn_golden(ex6_builtin ex6)
nn_golden(ex6_valid ex6 tests/cli/explain_nn/ex6_valid.json)
nn_golden(ex6_no_batchnorm ex6 tests/cli/explain_nn/ex6_no_batchnorm.json)
nn_golden(ex6_other_table ex6 tests/cli/explain_nn/ex6_other_table.json)
nn_golden(ex6_valid_does_not_fit ex6 tests/cli/explain_nn/ex6_valid_does_not_fit.json)

# A sentence present (nn_says) or absent (nn_never) on a problem: each data-dependent sentence
# appears exactly when its fact holds.
function(nn_says name regex)
  add_test(NAME cli.says.${name} COMMAND ${EXPECT} --rc 0 --stdout-regex "${regex}" -- ${HW6} ${ARGN})
endfunction()
function(nn_never name regex)
  add_test(NAME cli.never.${name} COMMAND ${EXPECT} --rc 0 --stdout-absent "${regex}" -- ${HW6} ${ARGN})
endfunction()
# Sizes come from W¹ and W².
# (Markdown: a paragraph is one line there, so a sentence is found wherever the text wraps.)
nn_says(ex5_sizes_homework "W¹ is 4×3 \\(row i: hidden unit i\\), W² is 3×4\\." ex5 --format markdown)
nn_says(ex5_sizes_232 "W¹ is 3×2 \\(row i: hidden unit i\\), W² is 2×3, with biases b¹ and b²" ex5 ${NN}/ex5_232_biases.json --format markdown)
nn_never(ex5_sizes_232 "4×3|3×4" ex5 ${NN}/ex5_232_biases.json)
# The homework's numbers only on the homework's problem; "just as symmetric" only when it is.
nn_says(ex5_homework_init "The homework's own initialization, all W¹ = 1 and all W² = 0.5, is just as" ex5)
nn_never(ex5_homework_init_232 "homework's own initialization|just as symmetric" ex5 ${NN}/ex5_232_biases.json)
nn_never(ex5_homework_init_zero "homework's own" ex5 ${NN}/ex5_zero_init.json)
nn_says(ex5_problem_init_symmetric "The problem's own initialization is just as symmetric: its 4 hidden" ex5 ${NN}/ex5_zero_init.json)
nn_never(ex5_symmetric_relu_only "just as symmetric" ex5 ${NN}/ex5_relu_only.json)
nn_says(ex5_identical_group "hidden units 1 and 3 are identical" ex5 ${NN}/ex5_relu_only.json)
# Width of the hidden layer, never "four" by default.
nn_says(ex5_units_homework "4 identical units can only represent" ex5)
nn_says(ex5_units_232 "3 identical units can only represent" ex5 ${NN}/ex5_232_biases.json)
nn_never(ex5_units_one "identical units can only|all 1 units" ex5 ${NN}/ex5_one_unit.json)
nn_says(ex5_units_one "a single hidden unit, so there is no symmetry" ex5 ${NN}/ex5_one_unit.json)
nn_never(ex5_four "four identical" ex5 ${NN}/ex5_232_biases.json)
# ∂L/∂a = 0 with the right reason (equal ROWS of W²), and only where it holds.
nn_says(ex5_dLda_rows_homework "Here ∂L/∂a = 0: every row of W² is the same vector w" ex5)
nn_says(ex5_dLda_rows_relu_only "Here ∂L/∂a = 0: every row of W² is the same vector w" ex5 ${NN}/ex5_relu_only.json)
nn_never(ex5_dLda_232 "Here ∂L/∂a = 0" ex5 ${NN}/ex5_232_biases.json)
nn_never(ex5_dLda_column "every column of W² is the same" ex5)
# Inactive relu units, uniform outputs, biases in the forward pass.
nn_says(ex5_inactive_unit "Unit 2 has z ≤ 0, where relu' = 0" ex5 ${NN}/ex5_232_biases.json)
nn_never(ex5_inactive_homework "has z ≤ 0|have z ≤ 0" ex5)
nn_says(ex5_uniform "All outputs y_i are equal, so p is uniform" ex5)
nn_never(ex5_uniform_232 "All outputs y_i are equal" ex5 ${NN}/ex5_232_biases.json)
nn_says(ex5_biases_forward "z = W¹x \\+ b¹, a = σ\\(z\\), y = W²a \\+ b²" ex5 ${NN}/ex5_232_biases.json)
nn_says(ex5_underflow_label "\\(NaN, NaN\\)ᵀ \\(every exp underflows\\)" ex5 ${NN}/ex5_one_unit.json)
nn_never(ex5_underflow_label_homework "underflows: 0/0" ex5)
# Exercise 6: the batch-norm derivation with or without data; both paddings.
nn_says(ex6_bn_without_data "The problem gives no mini-batch" ex6 ${NN}/ex6_no_batchnorm.json)
nn_says(ex6_bn_derivation_without_data "∂L/∂x_i = ∂L/∂x̂_i /√\\(σ² \\+ ε\\)" ex6 ${NN}/ex6_no_batchnorm.json)
nn_never(ex6_bn_numbers_without_data "On the problem's mini-batch" ex6 ${NN}/ex6_no_batchnorm.json)
nn_says(ex6_bn_with_data "On the problem's mini-batch \\(m = 4 samples, 3 features" ex6)
nn_never(ex6_bn_no_data_note_with_data "gives no mini-batch" ex6)
nn_says(ex6_valid_total "total +4,296,658,176 +4,032,417,024" ex6)
nn_says(ex6_same_beside_valid "output \\(same\\)" ex6 ${NN}/ex6_valid.json)
nn_says(ex6_valid_does_not_fit "With \"valid\" padding instead of \"same\" padding the table does not work" ex6 ${NN}/ex6_valid_does_not_fit.json)
nn_says(ex6_json_alternative "\"total_params\": 4032417024" ex6 --format json)

# --part: one part at a time, on every exercise command; an unknown part is an input error.
cli_test(part_ex5_3b --rc 0 --stdout-regex "^3\\(b\\)  Backpropagation" --stdout-absent "^(1\\(a\\)|3\\(a\\)|3\\(c\\))  " -- ${HW6} ex5 --part "3(b)")
cli_test(part_ex5_3b_unparenthesized --rc 0 --stdout-regex "^3\\(b\\)  Backpropagation" -- ${HW6} nn --part 3b)
cli_test(part_ex5_3 --rc 0 --stdout-regex "^3\\(e\\)  " --stdout-absent "^2\\(b\\)  " -- ${HW6} ex5 --part 3)
cli_test(part_ex5_checks --rc 0 --stdout-absent "1\\(a\\) softmax Jacobian" -- ${HW6} ex5 --part 3)
cli_test(part_ex5_markdown --rc 0 --stdout-regex "^### 2\\(a\\) " --stdout-absent "^### (1|3)" -- ${HW6} ex5 --part 2a --format markdown)
cli_test(part_ex5_json_whole --rc 0 --stdout-regex "^  \"softmax\": " -- ${HW6} ex5 --part 3 --format json)
cli_test(part_unknown --rc 2 --stdout-empty --stderr-one-line
         --stderr-regex "^hw6: error: ex5: --part 7: exercise 5 has no such part. its parts are 1\\(a\\), 1\\(b\\), 2\\(a\\), 2\\(b\\), 3\\(a\\), 3\\(b\\), 3\\(c\\), 3\\(d\\), 3\\(e\\)"
         -- ${HW6} ex5 --part 7)
cli_test(part_unknown_json --rc 2 --stdout-empty --stderr-one-line --stderr-regex "no such part" -- ${HW6} ex6 --part 9 --format json)
foreach(n 1 2 3 4 5 6 7)
  cli_test(part_ex${n} --rc 0 --stdout-regex "^1(\\([a-z]\\))?  " -- ${HW6} ex${n} --part 1)
endforeach()

# The Markdown write-up through pandoc (see markdown_pandoc.sh for what fails it).
set(PANDOC_CHECK ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh)
add_test(NAME cli.markdown_pandoc.all COMMAND ${PANDOC_CHECK} ${HW6} all)
add_test(NAME cli.markdown_pandoc.ex5_232 COMMAND ${PANDOC_CHECK} ${HW6} ex5 ${NN}/ex5_232_biases.json)
add_test(NAME cli.markdown_pandoc.ex6_other COMMAND ${PANDOC_CHECK} ${HW6} ex6 ${NN}/ex6_other_table.json)
add_test(NAME cli.markdown_pandoc.ex6_no_batchnorm COMMAND ${PANDOC_CHECK} ${HW6} ex6 ${NN}/ex6_no_batchnorm.json)

# A TA's problem files (review_*): values far from 1 that the checks used to fail on correct
# answers (a fixed difference step of 1e-5), naive-softmax failures the text misdescribed, and
# finite inputs that overflow, which are refused instead of explained in NaNs.
cli_test(review_ex5_large_offset --rc 0 --stdout-absent "FAILED|nan" -- ${HW6} ex5 ${NN}/review_e5_large_offset.json)
cli_test(review_ex5_relu_near_kink_checked --rc 0 --stdout-regex "\\[ok\\] +3\\(b\\) ∂L/∂W¹ vs central differences \\(relu\\)"
         --stdout-absent "not applicable" -- ${HW6} ex5 ${NN}/review_e5_relu_near_kink.json)
nn_says(ex5_naive_sum_overflow "x\\^\\(1\\) +709.5 +\\(0, 0\\)ᵀ \\(the sum overflows\\)" ex5 ${NN}/review_e5_sum_overflow.json)
nn_says(ex5_naive_subnormal "off by 0.0017: subnormal exps" ex5 ${NN}/review_e5_sum_overflow.json)
nn_says(ex5_naive_failure_json "\"naive_softmax_failure\": \"sum_overflow\"" ex5 ${NN}/review_e5_sum_overflow.json --format json)
# log(4.476e-309) = −710 (Eigen's vectorized log gave log(DBL_MIN) = −708.396).
nn_says(ex5_log_of_subnormal "\"log_of_softmax\": \\[0.0, -710.0\\]" ex5 ${NN}/review_e5_huge.json --format json)
cli_test(review_ex5_overflowing_network --rc 2 --stdout-empty --stderr-one-line
         --stderr-regex "review_b5_huge_weights.json: /network: z = W¹x \\+ b¹ overflows double precision" -- ${HW6} ex5 ${NN}/review_b5_huge_weights.json)
cli_test(review_ex6_bn_large_offset --rc 0 --stdout-absent "FAILED" -- ${HW6} ex6 ${NN}/review_e6_bn_large_offset.json)
cli_test(review_ex6_bn_tiny_eps --rc 0 --stdout-absent "FAILED" -- ${HW6} ex6 ${NN}/review_e6_bn_const_tiny_eps.json)
cli_test(review_ex6_bn_overflow --rc 2 --stdout-empty --stderr-one-line --stderr-regex "/batchnorm/x/0/0: computing σ² overflows in feature 1 \\(column 0 of x\\): \\(x − μ\\)² = \\(1e\\+300\\)² exceeds the largest double" -- ${HW6} ex6 ${NN}/review_b6_bn_huge.json)
# 2³²·1.5e9 parameters fit 64 bits; the FLOPs do not, and are null, not an input error.
nn_says(ex6_flops_overflow "\"flops\": null" ex6 ${NN}/review_e6_flops_gt_2p63.json --format json)
nn_says(ex6_params_beyond_flops "6,442,450,944,000,000,000  over 2⁶³ − 1" ex6 ${NN}/review_e6_flops_gt_2p63.json)
nn_says(ex6_largest_tie "The largest layers are FC-2 and FC-16, with 32 parameters each" ex6 ${NN}/review_e6_tie_largest.json)
nn_never(ex6_largest_tie_single "The largest layer is" ex6 ${NN}/review_e6_tie_largest.json)
