# Exercise 7 (branch fix-ex7rev): stress problems a reviewer wrote, each run in every format (exit 0,
# no NaN in stdout: expect.sh) and its Markdown through pandoc: T = 1, d_k = 1, a 1×1 problem,
# uniform attention (W_Q = 0), one-hot rows (scores of 1e6, 1e18, and ties at 7e17), entries of
# 1e-200 alone and beside 1, X = 0, ∂L/∂Z = 0, duplicated tokens, negative weights, random ones.
set(EX7_STRESS ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex7_stress)
file(GLOB EX7_STRESS_FILES ${EX7_STRESS}/*.json)
foreach(file ${EX7_STRESS_FILES})
  get_filename_component(name ${file} NAME_WE)
  foreach(format text json markdown)
    cli_test(ex7_stress.${name}.${format} --rc 0 -- ${HW6} ex7 ${file} --format ${format})
  endforeach()
  add_test(NAME cli.ex7_stress.${name}.pandoc COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh ${HW6} ex7 ${file})
endforeach()
# Scores of 1e18: the weights of exactly 1 and Z are printed, not cleared as round-off.
cli_test(ex7_stress.huge_z_printed --rc 0 --stdout-regex "z_2 = \\(1000001000000, 1000001000000\\)" -- ${HW6} ex7 ${EX7_STRESS}/huge.json)
cli_test(ex7_stress.hugetie_says_why --rc 0 --stdout-regex "A = \\[ 0\\.5   0 0\\.5 \\]" -- ${HW6} ex7 ${EX7_STRESS}/hugetie.json)
# W_Q = 0: uniform attention.
cli_test(ex7_stress.uniform_said --rc 0 --stdout-regex "A = \\(1/T\\) 1 1ᵀ, every weight 1/3" -- ${HW6} ex7 ${EX7_STRESS}/uniform.json)
