# Review fixes of Exercise 6 and verify (branch fix-ex6). Included from tests/CMakeLists.txt after
# cli_tests.cmake (uses its EXPECT and HW6).
set(FIX6 ${CMAKE_CURRENT_SOURCE_DIR}/cli/fix_ex6)
function(fix6_test name)
  add_test(NAME cli.fix6.${name} COMMAND ${EXPECT} ${ARGN})
endfunction()
# `hw6 verify FILE` with its lines joined by "~" (expect.sh matches line by line), so a regex can
# tie a hint to its path: "FAIL  path~ expected …~ hint: …".
function(fix6_verify name rc file regex)
  add_test(NAME cli.fix6.${name} COMMAND ${EXPECT} --rc ${rc} --stdout-regex "${regex}"
           -- bash -c "set -o pipefail; \"$0\" verify \"$1\" | tr '\\n' '~'" ${HW6} ${file})
endfunction()

# The padding hint under /ex6/alternative_padding/ names the right padding. The problem:
# 8×8×1, conv3-2, maxpool (2, stride 2), FC-3, no biases. "same": conv 8×8×2 (3·3·1·2 = 18),
# pool 4×4×2, FC 32·3 = 96: total 114. "valid": conv 6×6×2 (18), pool 3×3×2, FC 18·3 = 54:
# total 72. On the "same" problem the alternative table is "valid" (72, maxpool 3×3×2); a student
# who writes the main answer there (114, 4×4×2) is told it is the problem's own padding, and the
# main total given as 72 is the "valid" value.
fix6_verify(alt_padding_same_total 1 ${FIX6}/same_alt_padding_answers.json
  "alternative_padding/total_params~ +expected 72, given 114 [^~]*~ +hint: matches the value with this problem's own padding \\(\"same\"\\), not the alternative table's \\(\"valid\"\\)")
fix6_verify(alt_padding_same_output 1 ${FIX6}/same_alt_padding_answers.json
  "alternative_padding/layers/1/output~ +expected \\[3, 3, 2\\], given \\[4, 4, 2\\][^~]*~ +worst: [^~]*~ +hint: matches the value with this problem's own padding \\(\"same\"\\)")
fix6_verify(alt_padding_same_main 1 ${FIX6}/same_alt_padding_answers.json
  "/ex6/total_params~ +expected 114, given 72 [^~]*~ +hint: matches the value with the other padding \\(\"valid\"; this problem has \"same\"\\)")
fix6_test(alt_padding_same_never --rc 1 --stdout-absent "without padding|this problem pads"
  -- ${HW6} verify ${FIX6}/same_alt_padding_answers.json)
# The mirror: on the "valid" problem the alternative is "same" (114); 72 there is the own value.
fix6_verify(alt_padding_valid_total 1 ${FIX6}/valid_alt_padding_answers.json
  "alternative_padding/total_params~ +expected 114, given 72 [^~]*~ +hint: matches the value with this problem's own padding \\(\"valid\"\\), not the alternative table's \\(\"same\"\\)")
fix6_verify(alt_padding_valid_main 1 ${FIX6}/valid_alt_padding_answers.json
  "/ex6/total_params~ +expected 72, given 114 [^~]*~ +hint: matches the value with the other padding \\(\"same\"; this problem has \"valid\"\\)")

# The other-padding paragraph says exactly what changed. Convolutions "valid", pooling "same":
# only the convolutions flip (to "same"); conv 8×8×2, pool 4×4×2, FC 96, total 114 vs 72.
fix6_test(other_padding_conv_valid --rc 0 --stdout-regex
  "here is the same table with \"same\" padding for the convolutions instead of \"valid\" padding \\(pooling keeps its \"same\" padding\\) beside the answer above with \"valid\" padding \\(convolutions\\) and \"same\" padding \\(pooling\\):"
  -- ${HW6} ex6 ${FIX6}/conv_valid_pool_same.json --format markdown)
fix6_test(other_padding_conv_valid_totals --rc 0 --stdout-regex "72 vs 114 parameters in total"
  -- ${HW6} ex6 ${FIX6}/conv_valid_pool_same.json --format markdown)
fix6_test(other_padding_conv_valid_json --rc 0 --stdout-absent "pool_padding"
  -- ${HW6} ex6 ${FIX6}/conv_valid_pool_same.json --format json)
# Convolutions with P = 1, pooling "same", 4×4 input, conv5: (4 + 2 − 5)/1 + 1 = 2 fits; without
# the convolutions' padding 4 − 5 + 1 = 0 does not, and the paragraph says so.
fix6_test(other_padding_p1_does_not_fit --rc 0 --stdout-regex
  "With \"valid\" padding for the convolutions instead of 1 zero per side \\(pooling keeps its \"same\" padding\\) the table does not work:"
  -- ${HW6} ex6 ${FIX6}/conv_p1_pool_same.json --format markdown)
fix6_test(other_padding_p1_json --rc 0 --stdout-regex "\"pool_padding\": \"same\""
  -- ${HW6} ex6 ${FIX6}/conv_p1_pool_same.json --format json)

# A wrong shape says so: W² is 3×4 (homework: 3 hidden units, 4 classes); a 4×3 answer.
fix6_verify(shape_mismatch 1 ${FIX6}/transposed_w2_answers.json
  "FAIL  /ex5/network/sigmoid/gradients/W2~ +expected a 3×4 matrix, given 4×3  \\(rtol")
fix6_test(shape_mismatch_transposed --rc 1 --stdout-regex "hint: transposed"
  -- ${HW6} verify ${FIX6}/transposed_w2_answers.json)

# The unknown-command error names every command.
fix6_test(unknown_command --rc 2 --stderr-regex "all, verify, template or generate" -- ${HW6} ex8)
fix6_test(help_generate --rc 0 --stdout-regex "hw6 generate ex4 --seed 7" -- ${HW6} --help)
