# Data files (contract: "Data files") through the real executable; and that the progress display
# stays off when stderr is not a terminal (here it never is).
set(DATA ${CMAKE_CURRENT_SOURCE_DIR}/cli/data)

# (0,0)−, (2,0)+, (0,2)+: the nearest point of the segment [(2,0),(0,2)] to the origin is (1,1), so
# w = (1, 1), b = −1 and the margin 2/‖w‖ = √2 (derived in tests/test_svm.cpp). The file's path is
# relative to the problem file's folder, not to the working directory of the test.
cli_test(data.ex1_libsvm --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_libsvm.json --format json)
cli_test(data.ex1_csv --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_csv.json --format json)
cli_test(data.no_progress_when_not_a_terminal --rc 0 --stdout-regex "\"margin\"" --stderr-empty -- ${HW6} ex1 ${DATA}/ex1_libsvm.json --format json)

# Bad data (problem files in data/bad/, skipped by the no-NaN sweep of test_robust.cpp): exit 2, one line naming the data file and its line, nothing on stdout.
function(bad_data name command file regex)
  add_test(NAME cli.bad.data.${name}
           COMMAND ${EXPECT} --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: ${regex}"
                   -- ${HW6} ${command} ${DATA}/bad/${file})
endfunction()
bad_data(label ex4 ex4_bad_label.json ".*bad_label\\.libsvm: line 3: label must be \\+1 or -1, got 2$")
bad_data(missing ex4 ex4_missing.json ".*missing\\.libsvm: cannot open the data file: No such file")
bad_data(format ex4 ex4_bad_format.json ".*ex4_bad_format\\.json: /data/format: expected \"libsvm\" or \"csv\"")
bad_data(both ex4 ex4_both.json ".*ex4_both\\.json: \"\": expected either \"data\" or \"X\" and \"y\", not both")
bad_data(one_class ex3 ex3_one_class.json ".*one_class\\.csv: both classes are needed")
bad_data(number ex3 ex3_bad_number.json ".*bad_number\\.csv: line 3: column 2: expected a finite number, got \"x\"")
