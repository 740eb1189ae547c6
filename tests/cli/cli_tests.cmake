# CLI tests: each runs the real hw6 through expect.sh, which checks the exit status, that stdout
# is empty on errors, that an error is one line naming the file and JSON Pointer, and no NaN.
set(EXPECT ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh)
set(BAD ${CMAKE_CURRENT_SOURCE_DIR}/cli/bad)
set(HW6 $<TARGET_FILE:hw6>)

function(cli_test name)
  add_test(NAME cli.${name} COMMAND ${EXPECT} ${ARGN})
endfunction()

# A valid problem file run in every format (exit 0, no NaN: expect.sh), its Markdown also through
# pandoc (markdown_pandoc.sh): tests cli.<prefix>.<format> and cli.<prefix>.pandoc.
function(every_format prefix exercise file)
  foreach(format text json markdown)
    cli_test(${prefix}.${format} --rc 0 -- ${HW6} ${exercise} ${file} --format ${format})
  endforeach()
  add_test(NAME cli.${prefix}.pandoc COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh ${HW6} ${exercise} ${file})
endfunction()

# Help, version, usage errors.
cli_test(help --rc 0 --stdout-regex "Examples:" -- ${HW6} --help)
cli_test(subcommand_help --rc 0 --stdout-regex "PROBLEM.json" -- ${HW6} ex5 --help)
cli_test(version --rc 0 --stdout-regex "^hw6 ${PROJECT_VERSION}$" -- ${HW6} --version)
cli_test(no_command --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: .*subcommand" -- ${HW6})
cli_test(unknown_command --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: " -- ${HW6} ex9)
cli_test(bad_format --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: .*format" -- ${HW6} ex5 --format yaml)


# The homework's values in the JSON document (derived by hand in tests/test_ex5.cpp and test_ex6.cpp).
cli_test(ex5_json_loss_is_ln3 --rc 0 --stdout-regex "\"loss\": 1\\.098612288668" -- ${HW6} ex5 --format json)
cli_test(ex5_alias --rc 0 --stdout-regex "L = ln 3 = 1\\.098612289" -- ${HW6} nn)
cli_test(ex6_json_total --rc 0 --stdout-regex "\"total_params\": 4296658176" -- ${HW6} ex6 --format json)
cli_test(ex6_text_total --rc 0 --stdout-regex "Total: 4,296,658,176 parameters" -- ${HW6} cnn)
cli_test(ex6_stdin --rc 0 --stdin ${PROJECT_SOURCE_DIR}/problems/ex6.json --stdout-regex "\"problem\": \"<stdin>\"" -- ${HW6} ex6 - --format json)
cli_test(ex6_markdown --rc 0 --stdout-regex "^\\$\\$" -- ${HW6} ex6 --format markdown)
cli_test(all_json --rc 0 --stdout-regex "^  \"ex6\": \\{" -- ${HW6} all --format json)
cli_test(template --rc 0 --stdout-regex "\"total_params\": null" -- ${HW6} template cnn)
cli_test(template_unknown --rc 2 --stdout-empty --stderr-one-line -- ${HW6} template ex42)

# A problem file refused: exit 2, one line on stderr ("hw6: error: " then `regex`), nothing on
# stdout; test cli.<name>. The folders' own helpers (bad_input below, bad_data, ex3_review_bad,
# ex5_review_bad) say where their files are and what the line starts with.
# (add_test itself, not cli_test: a regex with ';' would be split into two arguments by ARGN.)
function(rejected name command path regex)
  add_test(NAME cli.${name}
           COMMAND ${EXPECT} --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: ${regex}" -- ${HW6} ${command} ${path})
endfunction()

# Bad input: exit 2, one line on stderr naming the file and the JSON Pointer, nothing on stdout.
function(bad_input name command file regex)
  rejected(bad.${name} ${command} ${BAD}/${file} ".*${file}: ${regex}")
endfunction()
bad_input(malformed ex6 malformed.json "/layers/0: malformed JSON: .*line 1")
bad_input(empty ex6 empty.json "\"\": malformed JSON")
bad_input(top_level_array ex6 top_level_array.json "\"\": expected an object, got an array of 3")
bad_input(unknown_layer ex6 ex6_unknown_layer.json "/layers/2: unknown layer \"maxpooling\"")
bad_input(size_to_zero ex6 ex6_size_to_zero.json "/layers/3: .*does not fit")
bad_input(overflow ex6 ex6_overflow.json "/layers/0: .*overflows a 64-bit integer")
bad_input(bad_padding ex6 ex6_bad_padding.json "/padding: expected \"same\", \"valid\"")
bad_input(wrong_type_bool ex6 ex6_wrong_type.json "/bias: expected true or false")
bad_input(ragged_batch ex6 ex6_ragged_batch.json "/batchnorm/x/1: ragged matrix")
bad_input(ragged ex5 ex5_ragged.json "/network/W1/2: ragged matrix")
bad_input(infinite ex5 ex5_infinite.json "/network/learning_rate: number 1e999 at line 4, column 59.* out of the range")
bad_input(wrong_type ex5 ex5_wrong_type.json "/network/x: expected an array")
bad_input(wrong_size ex5 ex5_wrong_size.json "/network/W2/2: ragged matrix")
bad_input(empty_array ex5 ex5_empty_array.json "/softmax/inputs: expected a nonempty array")
bad_input(string_infinity ex5 ex5_string_infinity.json "/network/learning_rate: expected a finite number")
bad_input(unknown_activation ex5 ex5_unknown_activation.json "/network/activations/0: expected \"sigmoid\" or \"relu\"")
# Where the parser stops, it names the pointer (and the line and column when it can read the text again).
bad_input(ex7_number_1e400 ex7 ex7_number_1e400.json "/X/0/0: number 1e400 at line 1, column 9 is out of the range of a double")
bad_input(ex7_number_1e-400 ex7 ex7_number_1e-400.json "/X/0/0: number 1e-400 is too small for a double")
bad_input(ex5_softmax_1e309 ex5 ex5_softmax_1e309.json "/softmax/inputs/0/0: number 1e309 at line 1, column 26 is out of the range")
bad_input(ex7_nan_literal ex7 ex7_nan_literal.json "/X/0/0: malformed JSON: error at line 1, column 9: .*invalid literal")
bad_input(ex7_truncated ex7 ex7_truncated.json "/W_Q: malformed JSON: .*unexpected end of input")
cli_test(bad.stdin_top_level_array --rc 2 --stdout-empty --stderr-one-line --stdin ${BAD}/top_level_array.json
         --stderr-regex "^hw6: error: <stdin>: \"\": expected an object, got an array of 3$" -- ${HW6} ex5 -)
cli_test(bad.stdin_number_1e309 --rc 2 --stdout-empty --stderr-one-line --stdin ${BAD}/ex5_softmax_1e309.json
         --stderr-regex "^hw6: error: <stdin>: /softmax/inputs/0/0: number 1e309 is out of the range" -- ${HW6} ex5 -)
add_test(NAME cli.bad.missing_file
         COMMAND ${EXPECT} --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: no/such.json: cannot open"
                 -- ${HW6} ex5 no/such.json)

# Figures: written by --plots, and they must draw (rsvg-convert renders each to PNG).
add_test(NAME cli.figures_draw COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/figures_draw.sh ${HW6})

# Exercise 7.
cli_test(ex7_text --rc 0 --stdout-regex "over 6 permutations \\(all of them\\)" -- ${HW6} attention)
cli_test(ex7_json_keys --rc 0 --stdout-regex "\"equivariance\": \\{" -- ${HW6} ex7 --format json)
bad_input(ex7_wq_rows ex7 ex7_wq_rows.json "/W_Q: expected 2 rows \\(d_model")
bad_input(ex7_dz_cols ex7 ex7_dz_cols.json "/dL_dZ/0: expected a row of length 2")
bad_input(ex7_no_tokens ex7 ex7_no_tokens.json "/X: expected a nonempty array")

# verify: exit 0 all correct, 1 any wrong, 2 a bad answer file.
cli_test(verify_right --rc 0 --stdout-regex "total: 2 of 2 correct" -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/answers_right.json)
cli_test(verify_wrong --rc 1 --stdout-regex "hint: matches the value with biases" -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/answers_one_wrong.json)
cli_test(verify_json --rc 1 --stdout-regex "\"score\": 0.5" -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/answers_one_wrong.json --format json)
cli_test(verify_stdin --rc 0 --stdin ${CMAKE_CURRENT_SOURCE_DIR}/cli/answers_right.json --stdout-regex "PASS  /ex6/total_params" -- ${HW6} verify -)
bad_input(verify_typo verify answers_typo.json "/ex6/total_parms: the output has no such value; did you mean /ex6/total_params\\?")

# Exercises 1 and 4.
cli_test(ex1_text --rc 0 --stdout-regex "b\\* = -1,   ½‖w\\*‖² = 0.5" -- ${HW6} svm-hard)
cli_test(ex1_not_separable --rc 0 --stdout-regex "\"status\": \"infeasible\"" -- ${HW6} ex1 ${PROJECT_SOURCE_DIR}/problems/extra/ex1_not_separable.json --format json)
cli_test(ex1_one_class --rc 0 --stdout-regex "\"b_interval\": \\[1.0, \"inf\"\\]" -- ${HW6} ex1 ${PROJECT_SOURCE_DIR}/problems/extra/ex1_one_class.json --format json)
cli_test(ex4_text --rc 0 --stdout-regex "misclassified" -- ${HW6} svm-soft)
bad_input(ex4_bad_label ex4 ex4_bad_label.json "/y/1: label must be 1 or -1, got 0")
bad_input(ex4_bad_C ex4 ex4_bad_C.json "/C: expected a number > 0")
bad_input(ex4_bad_p ex4 ex4_bad_p.json "/p: expected p >= 1")
bad_input(ex4_sizes ex4 ex4_sizes.json "/y: expected 3 labels \\(one per row of X\\), got 2")
bad_input(ex1_single_point ex1 ex1_single_point.json "/X: expected at least 2 points")

# Exercise 3.
cli_test(ex3_text --rc 0 --stdout-regex "Features the sparse condition proves zero: 2, 4, 6, 8, 9, 10" -- ${HW6} logreg-dual)
bad_input(ex3_bad_lambda ex3 ex3_bad_lambda.json "/lambda: expected a number > 0")

# Exercise 2.
cli_test(ex2_json --rc 0 --stdout-regex "\"counterexample\": \"added: f = exp\\(x\\), g = x\"" -- ${HW6} duality --format json)
bad_input(ex2_syntax ex2 ex2_syntax.json "/problems/0/f: column 9 of \"x \\* \\(1 \\+\": ")

# The Markdown write-up of everything: no empty math block, no NaN.
cli_test(all_markdown --rc 0 --stdout-regex "^## Exercise 7" --stdout-absent "(^|[^a-z])nan([^a-z]|$)" -- ${HW6} all --format markdown)

# Golden test of the JSON output: the homework's values derived by hand (tests/cli/golden/*.json,
# written from the formulas, not from hw6's output), graded by hw6 verify, which must pass them all.
cli_test(golden_homework_by_hand --rc 0 --stdout-regex "total: ([0-9]+) of \\1 correct" -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden/homework_by_hand.json)

# A seed beyond its range says the range (it said "does not fit in 64 bits" for 2⁶⁴ − 1).
bad_input(ex7_seed_u64 ex7 ex7_seed_u64.json "/random/seed: expected an integer from 0 to 4294967295, got 18446744073709551615$")
bad_input(ex5_seed_u64 ex5 ex5_seed_u64.json "/network/seed: expected an integer from 0 to 4294967295, got 18446744073709551615$")
