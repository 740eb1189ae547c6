# Exercises 1, 3 and 4: the words pinned. Golden text outputs (compared exactly, check details
# aside; see golden_text.sh) on the built-in problems and variants, and tests that each
# data-dependent sentence appears only when its fact holds.
set(GOLDEN_TEXT ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden_text.sh)
set(GT ${CMAKE_CURRENT_SOURCE_DIR}/cli/golden_text)
set(VAR ${CMAKE_CURRENT_SOURCE_DIR}/cli/explain_svm)
set(EXTRA ${PROJECT_SOURCE_DIR}/problems/extra)

function(golden_text name ex problem)
  add_test(NAME cli.golden_text.${name} COMMAND ${GOLDEN_TEXT} $<TARGET_FILE:hw6> ${ex} ${problem} ${GT}/${name}.txt)
endfunction()
golden_text(ex1_builtin ex1 builtin)
golden_text(ex1_3d ex1 ${VAR}/ex1_3d.json)
golden_text(ex1_one_class ex1 ${EXTRA}/ex1_one_class.json)
golden_text(ex1_one_class_negative ex1 ${VAR}/ex1_one_class_negative.json)
golden_text(ex1_not_separable ex1 ${EXTRA}/ex1_not_separable.json)
golden_text(ex3_builtin ex3 builtin)
golden_text(ex3_small ex3 ${VAR}/ex3_small.json)
golden_text(ex3_above_max ex3 ${VAR}/ex3_above_max.json)
golden_text(ex4_builtin ex4 builtin)
golden_text(ex4_p15 ex4 ${VAR}/ex4_p15.json)
golden_text(ex4_3d ex4 ${VAR}/ex4_3d.json)
golden_text(ex4_separable ex4 ${VAR}/ex4_separable.json)
# Far from the origin: the same words and numbers as at it, b and the hyperplanes with the digits
# their margins need, and a paragraph saying why (tests/test_svm_offset.cpp checks the numbers).
golden_text(ex1_moved_1e6 ex1 ${VAR}/ex1_moved_1e6.json)
golden_text(ex4_moved_1000 ex4 ${VAR}/ex4_moved_1000.json)

# Sentences that belong to one situation only (in Markdown, whose paragraphs are not wrapped).
set(HW6 $<TARGET_FILE:hw6>)
function(fact name)
  add_test(NAME cli.fact.${name} COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/expect.sh ${ARGN})
endfunction()
# ex1, one class: (1) and (2) do not share their optima, 5(a) does not apply, no "w ≠ 0 by 5(a)".
fact(ex1_one_class_no_5a --rc 0 --stdout-absent "w ≠ 0 by 5\\(a\\)" -- ${HW6} ex1 ${EXTRA}/ex1_one_class.json --format markdown)
fact(ex1_one_class_optima_differ --rc 0 --stdout-regex "solved by \\(0, 1\\) alone" -- ${HW6} ex1 ${EXTRA}/ex1_one_class.json --format markdown)
fact(ex1_one_class_part2 --rc 0 --stdout-absent "= w = 0" -- ${HW6} ex1 ${EXTRA}/ex1_one_class.json --format markdown)
fact(ex1_two_classes_5a --rc 0 --stdout-regex "w ≠ 0 by 5\\(a\\)" -- ${HW6} ex1 --format markdown)
fact(ex1_not_separable_no_optimum --rc 0 --stdout-regex "Parts 4 to 8 are about the optimal solution" --stdout-absent "Active positive points" -- ${HW6} ex1 ${EXTRA}/ex1_not_separable.json --format markdown)
# ex1 on a margin of 1e-8 of the spread: solved (it was called infeasible); classes overlapping by 1e-8:
# "infeasible" as the contract has it, with only the bound on the margin claimed (separability
# margin_at_most), never an exact meeting of the hulls, and every check passes (exit 0).
fact(ex1_thin_margin_solved --rc 0 --stdout-regex "\"separability\": \"separable\"" -- ${HW6} ex1 ${VAR}/ex1_thin_1e-8.json --format json)
fact(ex1_overlap_bound_only --rc 0 --stdout-regex "\"separability\": \"margin_at_most\"" --stdout-absent "certificate: the hulls of the two classes meet\"" -- ${HW6} ex1 ${VAR}/ex1_overlap_1e-8.json --format json)
# ex1 numbered from 1. By hand: w* = (1, 0), b* = −1 (the README's excerpt), so f = x₁ − 1 is 1 only at
# the positive (2, 1), the first point, and −1 at the negatives (0, 1) and (0, 3), points 5 and 7.
fact(ex1_points_from_one --rc 0 --stdout-regex "Active positive points .*: 1\\. Active negative points \\(= −1\\): 5, 7\\." -- ${HW6} ex1 --format markdown)
# ex3: the path sentence follows the path; above λ_max, β* = 0 is said.
# Markdown escapes _ and * in prose (λ\_max, β\*): the patterns match the escaped text.
fact(ex3_above_max --rc 0 --stdout-regex "Here λ \\\\?> λ\\\\_max, so β\\\\\\* = 0" -- ${HW6} ex3 ${VAR}/ex3_above_max.json --format markdown)
fact(ex3_below_max --rc 0 --stdout-absent "Here λ \\\\?[>=] λ\\\\_max" -- ${HW6} ex3 --format markdown)
fact(ex3_no_one_by_one --rc 0 --stdout-absent "Features enter one by one" -- ${HW6} ex3 --format markdown)
# ex4: the reconstruction of Figure 1 is named only for the built-in points; p ≠ 1 speaks of (8).
fact(ex4_figure1_builtin --rc 0 --stdout-regex "our reconstruction" -- ${HW6} ex4 --format markdown)
fact(ex4_figure1_not_other --rc 0 --stdout-absent "reconstruction" -- ${HW6} ex4 ${VAR}/ex4_3d.json --format markdown)
fact(ex4_p15_dual_of_8 --rc 0 --stdout-regex "exceeds C = 0.7" --stdout-absent "minus the objective of \\(7\\)" -- ${HW6} ex4 ${VAR}/ex4_p15.json --format markdown)
fact(ex4_p1_dual_of_7 --rc 0 --stdout-regex "minus the objective of \\(7\\)" -- ${HW6} ex4 --format markdown)
fact(ex4_no_leave_the_margin --rc 0 --stdout-absent "leave the margin" -- ${HW6} ex4 --format markdown)
fact(ex4_separable_same_hyperplane --rc 0 --stdout-regex "The problem's C = 10 is at least that" -- ${HW6} ex4 ${VAR}/ex4_separable.json --format markdown)
# ex1, part 2 on a point 1e-308 from the perceptron's hyperplane (a fuzzer's finding): scaling by
# 1/min y_i f(x_i) overflowed and the text showed w₀ = (inf, 0), b₀ = nan with exit 0. By hand the
# hulls' nearest points are (2, 1) and (0, 1e-308) ≈ (0, 0), so the bisector scaled to margin 1 is
# w₀ = (1, 0), b₀ = −1, and ρ = 1, R = 6 bound b within [−5, 5].
fact(ex1_subnormal_feasible_point --rc 0 --stdout-regex "w₀ = \\(1, 0\\)ᵀ" --stdout-absent "(^|[^a-z])(nan|inf)([^a-z]|$)"
     -- ${HW6} ex1 ${VAR}/ex1_subnormal_coordinate.json)
fact(ex1_subnormal_level_set --rc 0 --stdout-regex "ρ = 1, R = 6, so b ∈ [^0-9]*-5, 5[^0-9]" -- ${HW6} ex1 ${VAR}/ex1_subnormal_coordinate.json --format markdown)
fact(ex1_subnormal_feasible_point_json --rc 0 --stdout-regex "\"method\": \"the perpendicular bisector" --stdout-absent "NaN|Infinity"
     -- ${HW6} ex1 ${VAR}/ex1_subnormal_coordinate.json --format json)
