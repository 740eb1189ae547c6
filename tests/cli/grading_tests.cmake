# hw6 verify over a class (issue 12): the planted class of tests/cli/class, its gradebook, rubric,
# feedback and Gradescope document, bad input, and the Gradescope autograder script.
set(CLASS ${CMAKE_CURRENT_SOURCE_DIR}/cli/class)

# The whole planted class: exit 2 (malformed.json could not be graded), the others still listed.
cli_test(class_listing --rc 2 --stdout-regex "own_variant.json: 7 of 7 correct" --stderr-regex "malformed.json: /ex6: malformed JSON"
         -- ${HW6} verify ${CLASS}/right.json "${CLASS}/one, wrong.json" ${CLASS}/malformed.json ${CLASS}/own_variant.json ${CLASS}/partial.json)
# Without the malformed file: exit 1 (one wrong answer); with only right files: 0.
cli_test(class_one_wrong --rc 1 --stdout-regex "3 files: 3 graded \\(2 with every answer right\\)"
         -- ${HW6} verify ${CLASS}/right.json "${CLASS}/one, wrong.json" ${CLASS}/own_variant.json)
cli_test(class_all_right --rc 0 --stdout-regex "2 files: 2 graded \\(2 with every answer right\\), 0 not graded"
         -- ${HW6} verify ${CLASS}/right.json ${CLASS}/own_variant.json)
# The gradebook and feedback files, compared with the rows derived in tests/test_grading.cpp.
add_test(NAME cli.class_gradebook COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/class_gradebook.sh ${HW6} ${CLASS})

# Gradescope: one file; several is a usage error.
cli_test(gradescope_doc --rc 1 --stdout-regex "\"max_score\": 4" -- ${HW6} verify "${CLASS}/one, wrong.json" --rubric ${CLASS}/rubric.json --format gradescope)
cli_test(gradescope_two_files --rc 2 --stdout-empty --stderr-one-line --stderr-regex "gradescope grades one answer file"
         -- ${HW6} verify ${CLASS}/right.json ${CLASS}/partial.json --format gradescope)

# Bad input: one line per file that cannot be graded, exit 2, every other file graded.
cli_test(class_missing_file --rc 2 --stdout-regex "right.json: 4 of 4 correct" --stderr-regex "no/such.json: cannot open"
         -- ${HW6} verify no/such.json ${CLASS}/right.json)
cli_test(class_directory --rc 2 --stdout-regex "right.json: 4 of 4 correct" --stderr-regex "class: is a directory"
         -- ${HW6} verify ${CLASS} ${CLASS}/right.json)
cli_test(class_empty_file --rc 2 --stdout-regex "right.json: 4 of 4 correct" --stderr-regex "empty.json: \"\": the file is empty"
         -- ${HW6} verify ${BAD}/empty.json ${CLASS}/right.json)
cli_test(class_same_file_twice --rc 2 --stdout-regex "^1 file: 1 graded" --stderr-regex "the same file as .*right.json \\(given twice. graded once\\)"
         -- ${HW6} verify ${CLASS}/right.json ${CLASS}/../class/right.json)
cli_test(rubric_missing --rc 2 --stdout-empty --stderr-one-line --stderr-regex "no/rubric.json: cannot open"
         -- ${HW6} verify ${CLASS}/right.json --rubric no/rubric.json)
cli_test(rubric_malformed --rc 2 --stdout-empty --stderr-one-line --stderr-regex "malformed.json: /ex6: malformed JSON"
         -- ${HW6} verify ${CLASS}/right.json --rubric ${CLASS}/malformed.json)
cli_test(rubric_unknown_path --rc 2 --stdout-empty --stderr-one-line
         --stderr-regex "rubric_typo.json: /ex6/total_parms: no output of ex6 has this value. the nearest is /ex6/total_params"
         -- ${HW6} verify ${CLASS}/right.json --rubric ${BAD}/rubric_typo.json)

# The Gradescope autograder script against a fake /autograder folder.
add_test(NAME cli.gradescope_autograder COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/gradescope_autograder.sh ${HW6} ${PROJECT_SOURCE_DIR})

# An answer file that says one thing twice is refused (exit 2, one line naming the file and the
# pointer of the second occurrence); in a class that file is an error row and the others are graded.
bad_input(verify_alias_twice verify verify_alias_twice.json "/attention: ex7 is answered twice")
cli_test(class_alias_twice --rc 2 --stdout-regex "right.json: 4 of 4 correct" --stderr-regex "verify_alias_twice.json: /attention: ex7 is answered twice"
         -- ${HW6} verify ${CLASS}/right.json ${BAD}/verify_alias_twice.json)

# A key given twice in one object, in any JSON hw6 reads: refused at the second occurrence (the
# reader would otherwise keep the last value and grade or solve something the file does not say).
bad_input(verify_duplicate_key verify verify_duplicate_key.json "/ex7: duplicate key \"ex7\"")
bad_input(ex7_duplicate_key ex7 ex7_duplicate_key.json "/X: duplicate key \"X\"")
bad_input(ex5_duplicate_key ex5 ex5_duplicate_key.json "/network: duplicate key \"network\"")
cli_test(stdin_duplicate_key --rc 2 --stdout-empty --stderr-one-line --stdin ${BAD}/ex7_duplicate_key.json
         --stderr-regex "^hw6: error: <stdin>: /X: duplicate key" -- ${HW6} ex7 -)
cli_test(rubric_duplicate_key --rc 2 --stdout-empty --stderr-one-line --stderr-regex "rubric_duplicate_key.json: /~1ex6~1total_params: duplicate key \"/ex6/total_params\""
         -- ${HW6} verify ${CLASS}/right.json --rubric ${BAD}/rubric_duplicate_key.json)
cli_test(class_duplicate_key --rc 2 --stdout-regex "right.json: 4 of 4 correct" --stderr-regex "verify_duplicate_key.json: /ex7: duplicate key"
         -- ${HW6} verify ${CLASS}/right.json ${BAD}/verify_duplicate_key.json)

# A tolerance path the output does not have is an error with the nearest valid path, as an answer
# path is (it was ignored, and the default tolerance applied).
bad_input(verify_tolerance_typo verify verify_tolerance_typo.json "/tolerances/~1ex7~1gradent: .*did you mean /ex7/gradients\\?")

# A d×1 value is a d×1 matrix (d_k = 1 in ex7): its shape is said as hw6's JSON writes it.
cli_test(verify_column_as_row --rc 1 --stdout-regex "worst: expected a 2×1 matrix, given 1×2"
         -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_column_as_row.json)

# Output files that cannot be written are found before grading: exit 2, one line, nothing on
# stdout (the verdicts used to be printed, then exit 2). Standard input can be read once.
cli_test(gradebook_unwritable --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: /nonexistent_hw6/g.csv: cannot write: No such file or directory$"
         -- ${HW6} verify ${CLASS}/right.json --gradebook /nonexistent_hw6/g.csv)
cli_test(gradebook_unwritable_class --rc 2 --stdout-empty --stderr-one-line --stderr-regex "/nonexistent_hw6/g.csv: cannot write"
         -- ${HW6} verify ${CLASS}/right.json ${CLASS}/partial.json --gradebook /nonexistent_hw6/g.csv)
cli_test(gradebook_is_a_folder --rc 2 --stdout-empty --stderr-one-line --stderr-regex "class: is a directory, not a gradebook file"
         -- ${HW6} verify ${CLASS}/right.json --gradebook ${CLASS})
cli_test(feedback_under_a_file --rc 2 --stdout-empty --stderr-one-line --stderr-regex "right.json/fb: cannot create the feedback folder: .*right.json is not a directory"
         -- ${HW6} verify ${CLASS}/right.json --feedback ${CLASS}/right.json/fb)
cli_test(verify_stdin_twice --rc 2 --stdout-empty --stderr-one-line --stdin ${CLASS}/right.json
         --stderr-regex "^hw6: error: verify: standard input \\(-\\) is named 2 times. it can be read only once$" -- ${HW6} verify - -)

# A value that does not exist on the problem (hw6 writes null: the homework's 2.1(a) has no
# geometric multiplier) is answered "none". A multiplier given there is a wrong answer (exit 1,
# the file graded), not a bad file: it was exit 2 ("hw6 has no number to compare with here"), and
# in a class the student's whole file went ungraded for one wrong answer.
cli_test(verify_multiplier_where_none --rc 1 --stdout-regex "expected \"none\", given \\[0, 1\\]"
         -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_multiplier_where_none.json)
cli_test(class_multiplier_where_none --rc 1 --stdout-regex "verify_multiplier_where_none.json: 1 of 2 correct"
         -- ${HW6} verify ${CLASS}/right.json ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_multiplier_where_none.json)

# An answer file's own "tolerances" only tighten the bar when it is graded for a grade (several
# files, a gradebook, a rubric, feedback, Gradescope): a student's {"/ex5/network": {"rtol": 1}}
# passed a loss of 1.5 for ln 3 = 1.0986 in the gradebook. Alone, the file's tolerances apply.
cli_test(verify_own_tolerances_alone --rc 0 --stdout-regex "total: 1 of 1 correct"
         -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_own_tolerances.json)
cli_test(class_own_tolerances --rc 1 --stdout-regex "verify_own_tolerances.json: 0 of 1 correct"
         -- ${HW6} verify ${CLASS}/right.json ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_own_tolerances.json)
cli_test(gradescope_own_tolerances --rc 1 --stdout-regex "\"score\": 0"
         -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_own_tolerances.json --format gradescope)
cli_test(rubric_own_tolerances --rc 1 --stdout-regex "FAIL  /ex5/network/sigmoid/forward/loss"
         -- ${HW6} verify ${CMAKE_CURRENT_SOURCE_DIR}/cli/verify_own_tolerances.json --rubric ${CLASS}/rubric.json)

# One file with a rubric, --format json: the rubric's points are in the document, as the text
# prints them and a class's document gives them per file (they were dropped: only the values'
# fraction, 1 here, was there). partial.json: the loss right, 2 points of 6.
cli_test(rubric_json_one_file --rc 0 --stdout-regex "^  \"score\": 0\\.3333"
         -- ${HW6} verify ${CLASS}/partial.json --rubric ${CLASS}/rubric.json --format json)

# A gradebook that is also one of the answer files is refused before anything is graded or
# written: it overwrote that student's submission (a typo, or a glob that picked up the last
# run's gradebook among the answers).
add_test(NAME cli.gradebook_is_an_answer_file COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/gradebook_is_an_answer_file.sh ${HW6} ${CLASS})

# A file named with a newline (a student's choice): its error is still one line on stderr, and its
# summary line one line on stdout.
cli_test(class_newline_in_name --rc 2 --stderr-one-line --stderr-regex "no\\\\nsuch.json: cannot open" --stdout-regex "^no\\\\nsuch.json: not graded"
         -- ${HW6} verify ${CLASS}/right.json "no\nsuch.json")

# A glob of answer files with one named -x.json: CLI11 reads it as an option; the error says how
# to pass it (it said only "The following argument was not expected: -x.json").
add_test(NAME cli.verify_dash_file
         COMMAND sh -c "d=$(mktemp -d) && cp \"$1\" \"$d/-dash.json\" && cd \"$d\" && \"$2\" --rc 2 --stdout-empty --stderr-one-line --stderr-regex \"-dash.json is a file: put -- before the file names, or write ./-dash.json\" -- \"$3\" verify -dash.json; r=$?; rm -rf \"$d\"; exit $r"
                 sh ${CLASS}/right.json ${EXPECT} ${HW6})
