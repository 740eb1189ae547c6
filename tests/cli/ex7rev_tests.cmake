# Exercise 7 (branch fix-ex7rev): stress problems a reviewer wrote, each run in every format (exit 0,
# no NaN in stdout: expect.sh) and its Markdown through pandoc: T = 1, d_k = 1, a 1×1 problem,
# uniform attention (W_Q = 0), one-hot rows (scores of 1e6, 1e18, and ties at 7e17), entries of
# 1e-200 alone and beside 1, X = 0, ∂L/∂Z = 0, duplicated tokens, negative weights, random ones; (session 12)
# d_model = 9 or d_k = 9 at T = 3, identical tokens, W_K = 0, W_V = 0, one-hot rows beside a uniform one,
# subnormal entries (1e-310: their products round absolutely, not relatively; at T = 3 and T = 70).
set(EX7_STRESS ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex7_stress)
file(GLOB EX7_STRESS_FILES ${EX7_STRESS}/*.json)
foreach(file ${EX7_STRESS_FILES})
  get_filename_component(name ${file} NAME_WE)
  every_format(ex7_stress.${name} ex7 ${file})
endforeach()
# Scores of 1e18: the weights of exactly 1 and Z are printed, not cleared as round-off.
cli_test(ex7_stress.huge_z_printed --rc 0 --stdout-regex "z_2 = \\(1000001000000, 1000001000000\\)" -- ${HW6} ex7 ${EX7_STRESS}/huge.json)
cli_test(ex7_stress.hugetie_says_why --rc 0 --stdout-regex "A = \\[ 0\\.5   0 0\\.5 \\]" -- ${HW6} ex7 ${EX7_STRESS}/hugetie.json)
# A pass that is no evidence says so (exit status unchanged): at scale 1e3 the dense check of ∂L/∂X
# through forward() has a rounding allowance of 5e-3 of ‖∂L/∂X‖_F; the homework's problem has none.
cli_test(ex7_stress.big_scale_inconclusive_json --rc 0 --stdout-regex "\"conclusive\": false"
         -- ${HW6} ex7 ${EX7_STRESS}/rand_big_scale.json --format json)
cli_test(ex7_stress.big_scale_inconclusive_text --rc 0 --stdout-regex "\\[ok\\?\\] +4 ∂L/∂X vs central differences of L through the whole forward pass$"
         -- ${HW6} ex7 ${EX7_STRESS}/rand_big_scale.json)
cli_test(ex7_stress.big_scale_inconclusive_markdown --rc 0 --stdout-regex "through the whole forward pass \\| passed \\(inconclusive\\) \\| INCONCLUSIVE"
         -- ${HW6} ex7 ${EX7_STRESS}/rand_big_scale.json --format markdown)
cli_test(ex7_builtin_conclusive --rc 0 --stdout-regex "\"conclusive\": true" --stdout-absent "\"conclusive\": false|INCONCLUSIVE"
         -- ${HW6} ex7 --format json)
# T = 1: ∂L/∂Q is 0 exactly, said with its reason instead of an allowance of 1e-318.
cli_test(ex7_stress.T1_zero_exactly --rc 0 --stdout-regex "∂L/∂Q = 0 exactly, and every difference quotient is exactly 0 too"
         -- ${HW6} ex7 ${EX7_STRESS}/T1.json --format json)
# W_Q = 0: uniform attention.
cli_test(ex7_stress.uniform_said --rc 0 --stdout-regex "A = \\(1/T\\) 1 1ᵀ, every weight 1/3" -- ${HW6} ex7 ${EX7_STRESS}/uniform.json)
# --part 2, 3, 4 show the finite-difference checks of the gradients that part computes (the checks
# are named with their part, as "3 every row of ∂L/∂S sums to 0" is); --part 2 showed no check at all.
foreach(check 2:Y 2:A 2:V 3:S 3:Q 3:K 4:W_Q 4:W_K 4:W_V 4:X)
  string(REPLACE ":" ";" pair ${check})
  list(GET pair 0 part)
  list(GET pair 1 gradient)
  cli_test(ex7_part${part}_check_${gradient} --rc 0 --stdout-regex "^  \\[ok\\] +${part} ∂L/∂${gradient} vs central differences"
           -- ${HW6} ex7 --part ${part})
endforeach()
cli_test(ex7_part2_only_its_checks --rc 0 --stdout-absent "∂L/∂(S|Q|K|W_Q|W_K|W_V|X) vs" -- ${HW6} ex7 --part 2)
# A wrong row length says where the expected length comes from (d_k from W_Q, d_model from X).
bad_input(ex7_wk_cols ex7 ex7_wk_cols.json "/W_K/0: expected a row of length 2 \\(d_k, the number of columns of W_Q\\), got length 3$")
bad_input(ex7_wv_cols ex7 ex7_wv_cols.json "/W_V/0: expected a row of length 2 \\(W_V is d_model × d_model, d_model the number of columns of X\\), got length 3$")
bad_input(ex7_dz_row_length ex7 ex7_dz_row_length.json "/dL_dZ/0: expected a row of length 2 \\(d_model, the number of columns of X\\), got length 1$")
# T = 3, d_model = 9: the summary table is there because of d_model, and the text says so (it said "3×3 scores").
cli_test(ex7_stress.wide_says_which_size --rc 0 --stdout-regex "too large to print \\(d_model = 9, above the 8" --stdout-absent "3×3 scores"
         -- ${HW6} ex7 ${EX7_STRESS}/wide_d_model9.json)
# Part 1 has a check of its own (z_T summed term by term against Z), so --part 1 no longer prints an empty Checks section.
cli_test(ex7_part1_check_z3 --rc 0 --stdout-regex "^  \\[ok\\] +1 z_3 = x_3 \\+ Σ_j α_3j v_j, summed term by term" -- ${HW6} ex7 --part 1)
# A random scale below the smallest normal double makes X subnormal, which the checks cannot judge: an input error.
bad_input(ex7_random_scale_subnormal ex7 ex7_random_scale_subnormal.json "/random/scale: scale 1e-310 is below what double precision can check")
