# Exercise 7 (branch perf-attn): golden text outputs, compared exactly apart from the residuals of
# the checks (perf_attn_golden.sh), and the JSON output's layout. Reviewed line by line when written;
# review them again when they change (HW6_UPDATE_GOLDEN=1 ctest -R golden.ex7 rewrites them).
set(PERF_ATTN_GOLDEN ${CMAKE_CURRENT_SOURCE_DIR}/cli/perf_attn_golden.sh)
set(PERF_ATTN_DIR ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden_text)
function(ex7_golden name)
  # Run from the source folder with relative problem paths, so the "problem:" line is the same everywhere.
  add_test(NAME cli.golden.ex7_${name} COMMAND ${PERF_ATTN_GOLDEN} ${PERF_ATTN_DIR}/ex7_${name}.txt $<TARGET_FILE:hw6> ex7 ${ARGN}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
endfunction()
ex7_golden(builtin)
ex7_golden(T5 problems/extra/ex7_T5.json)
ex7_golden(wide_keys problems/extra/ex7_wide_keys.json)
ex7_golden(random_large problems/extra/ex7_random_large.json)
ex7_golden(T5_markdown problems/extra/ex7_T5.json --format markdown)

# The JSON of a large problem keeps matrices as arrays of rows, one row a line.
add_test(NAME cli.ex7_json_rows
         COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh --rc 0 --stdout-regex "^      \\[-?[0-9][-0-9.e+]*(, -?[0-9][-0-9.e+]*){63}\\],?$"
                 -- $<TARGET_FILE:hw6> ex7 ${PROJECT_SOURCE_DIR}/problems/extra/ex7_random_large.json --format json)
