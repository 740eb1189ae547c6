# Robustness (issue 11): inputs past the sizes and magnitudes of ordinary bad input. Each ends in
# well under a second with exit 2 and one line, or with a correct answer; none crashes or prints NaN.
target_sources(hw6_tests PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/test_robust.cpp)
set_source_files_properties(${CMAKE_CURRENT_SOURCE_DIR}/test_robust.cpp PROPERTIES
  COMPILE_DEFINITIONS "HW6_ROBUST_SOURCE_DIR=\"${PROJECT_SOURCE_DIR}\"")

set(ROBUST ${CMAKE_CURRENT_SOURCE_DIR}/cli/robust.sh)
foreach(case deep_problem deep_key deep_stdin deep_answer directory stdout_full stdout_closed plots_full feedback_full)
  add_test(NAME cli.robust.${case} COMMAND ${ROBUST} $<TARGET_FILE:hw6> ${case})
endforeach()

# The issue's magnitudes (tests/cli/bad/): refused at once, naming the value and its pointer.
bad_input(ex4_C_1e308 ex4 ex4_C_1e308.json "/C: C·max‖xᵢ‖² = 1\\.7e\\+309 is beyond what double precision can solve")
bad_input(ex4_coordinate_2e31 ex4 ex4_coordinate_2e31.json "/C: C·max‖xᵢ‖² = 4\\.6e\\+326 is beyond")
bad_input(ex4_sweep_1e308_p2 ex4 ex4_sweep_1e308_p2.json "/C_values/0: C·max‖xᵢ‖² = 1\\.7e\\+309 is beyond")
bad_input(ex4_C_tiny ex4 ex4_C_tiny.json "/C: C·max‖xᵢ‖² = 1\\.7e-13 is beyond what double precision can solve")
bad_input(ex1_coordinate_1e160 ex1 ex1_coordinate_1e160.json "/X/2/1: coordinate 1e\\+160 is beyond what double precision")
# Data far from the origin are solved moved to their centre (optim/svm.hpp, "Origin"), but a coordinate
# so far from 0 that its values keep fewer than ~10 digits of their range is refused (svm_scale.hpp):
# the homework's points moved by 1e12 keep 4.8. And the range of C is the one about the centre.
bad_input(ex4_offset_1e12 ex4 ex4_offset_1e12.json "/X/3/0: coordinate 1 of the points lies between 999999999996\\.8 and 1000000000004, so far from 0 that a double keeps fewer than 5 significant digits of the differences between its values \\(hw6 needs max\\|x\\| ≤ 1e6·\\(max − min\\) in a coordinate that does not reach 0\\); subtract a constant from that coordinate before writing the data$")
bad_input(ex4_moved_C_1e5 ex4 ex4_moved_C_1e5.json "/C: C·max‖xᵢ − c‖² = 1\\.64125e\\+06 is beyond what double precision can solve \\(c = \\(1000\\.5, 1000\\.25\\), the centre hw6 moves the data to; hw6 solves 1e-12 ≤ C·max‖xᵢ − c‖² ≤ 1e6, here 6\\.09e-14 ≤ C ≤ 6\\.09e\\+04\\)$")
bad_input(ex7_random_scale ex7 ex7_random_scale.json "/random/scale: scale 9007199254740993 is beyond what double precision can check")
bad_input(ex7_huge_entry ex7 ex7_huge_entry.json "/X/1/1: entry 100000000.0 is beyond what double precision can check")
