# Data files (contract: "Data files") through the real executable; and that the progress display
# stays off when stderr is not a terminal (here it never is).
set(DATA ${CMAKE_CURRENT_SOURCE_DIR}/cli/data)

# (0,0)−, (2,0)+, (0,2)+: the nearest point of the segment [(2,0),(0,2)] to the origin is (1,1), so
# w = (1, 1), b = −1 and the margin 2/‖w‖ = √2 (derived in tests/test_svm.cpp). The file's path is
# relative to the problem file's folder, not to the working directory of the test.
cli_test(data.ex1_libsvm --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_libsvm.json --format json)
cli_test(data.ex1_csv --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_csv.json --format json)
# The same triangle moved by 1e6 (triangle_far.csv): w = (1, 1), the margin √2, b = −1 − ⟨w, (1e6, 1e6)⟩
# = −2000001 to the rounding of a double of that size (ulp 4.7e-10); ex4 with C = 10 (above the hard
# margin's multipliers 1, ½, ½) the same, every check passing (exit 0).
cli_test(data.ex1_csv_far --rc 0 --stdout-regex "\"b\": -200000(1\\.00000000|0\\.99999999)[0-9]*," -- ${HW6} ex1 ${DATA}/ex1_csv_far.json --format json)
cli_test(data.ex1_csv_far_margin --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_csv_far.json --format json)
cli_test(data.ex4_csv_far --rc 0 --stdout-regex "\"b\": -200000(1\\.00000000|0\\.99999999)[0-9]*," -- ${HW6} ex4 ${DATA}/ex4_csv_far.json --format json)
# Files as users have them: Excel's "CSV UTF-8" (byte-order mark, quoted fields, CRLF, no final
# newline) and SVMlight's comments and qid: the same triangle, the same margin √2.
cli_test(data.ex1_csv_excel --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_excel.json --format json)
cli_test(data.ex1_libsvm_svmlight --rc 0 --stdout-regex "\"margin\": 1\\.41421356237" -- ${HW6} ex1 ${DATA}/ex1_svmlight.json --format json)
# The output names the data file and where point i is in it: under a header, on line i + 1;
# SVMlight's file opens with a comment line; the JSON section's "data" object says the same, and a
# problem that holds its points itself has no "data" key.
cli_test(data.source_csv_text --rc 0 --stdout-regex "^data file: .*triangle\\.csv \\(CSV\\), 3 points: point i on line i \\+ 1 \\(line 1 is not data\\)$" -- ${HW6} ex1 ${DATA}/ex1_csv.json)
cli_test(data.source_svmlight_markdown --rc 0 --stdout-regex "^\\*Data file: .*svmlight\\.libsvm \\(LIBSVM\\), 3 points: point i on line i \\+ 1 \\(line 1 is not data\\)\\*$" -- ${HW6} ex1 ${DATA}/ex1_svmlight.json --format markdown)
cli_test(data.source_json_path --rc 0 --stdout-regex "^    \"path\": \"[^\"]*triangle_far\\.csv\",$" -- ${HW6} ex4 ${DATA}/ex4_csv_far.json --format json)
cli_test(data.source_json_lines --rc 0 --stdout-regex "^    \"first_line\": 2,$" -- ${HW6} ex4 ${DATA}/ex4_csv_far.json --format json)
cli_test(data.source_none_inline --rc 0 --stdout-absent "\"data\":" -- ${HW6} ex4 --format json)
cli_test(data.no_progress_when_not_a_terminal --rc 0 --stdout-regex "\"margin\"" --stderr-empty -- ${HW6} ex1 ${DATA}/ex1_libsvm.json --format json)

# Bad data (problem files in data/bad/, skipped by the no-NaN sweep of test_robust.cpp): exit 2, one line naming the data file and its line, nothing on stdout.
function(bad_data name command file regex)
  rejected(bad.data.${name} ${command} ${DATA}/bad/${file} "${regex}")
endfunction()
bad_data(label ex4 ex4_bad_label.json ".*bad_label\\.libsvm: line 3: label must be \\+1 or -1, got 2$")
bad_data(missing ex4 ex4_missing.json ".*missing\\.libsvm: cannot open the data file: No such file")
bad_data(format ex4 ex4_bad_format.json ".*ex4_bad_format\\.json: /data/format: expected \"libsvm\" or \"csv\"")
bad_data(both ex4 ex4_both.json ".*ex4_both\\.json: \"\": expected either \"data\" or \"X\" and \"y\", not both")
bad_data(far ex4 ex4_far_1e12.json ".*ex4_far_1e12\\.json: /data: in the data file, coordinate 1 of the points lies between 1000000000000 and 1000000000002, so far from 0 that a double keeps fewer than 5 significant digits")
bad_data(one_class ex3 ex3_one_class.json ".*one_class\\.csv: both classes are needed")
bad_data(number ex3 ex3_bad_number.json ".*bad_number\\.csv: line 3: column 2: expected a finite number, got \"x\"")
# A NUL byte (a binary or compressed file, /dev/zero) is refused where it is read, not read as one
# endless line until memory runs out.
bad_data(binary ex4 ex4_binary.json ".*binary\\.libsvm: byte 29 is a NUL byte: a binary file, not a LIBSVM or CSV text file")
bad_data(dev_zero ex3 ex3_dev_zero.json "/dev/zero: byte 1 is a NUL byte")
# A header row without "header": true, and semicolons for commas: the message says which.
bad_data(undeclared_header ex4 ex4_undeclared_header.json ".*excel\\.csv: line 1: column 1: expected a finite number, got \"x1\" \\(a header row of column names\\? add \"header\": true to \"data\"\\)$")
bad_data(semicolons ex3 ex3_semicolons.json ".*semicolons\\.csv: line 1: expected columns separated by commas, got \"1;0;0\" \\(separated by semicolons\\? hw6 reads commas only\\)$")
