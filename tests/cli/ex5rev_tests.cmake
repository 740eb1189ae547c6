# Exercise 5 (branch review-ex5-s12): problems a reviewer wrote, each run in every format (exit 0,
# no NaN in stdout: expect.sh) and its Markdown through pandoc: softmax of equal inputs, ties, 12
# classes, one class, gaps of 20 (the Jacobian below the differences' floor), inputs of 1e300 and
# ±800; networks with one output, one hidden unit, biases, 8-6-6, large weights, a fitted sample
# (p − q ≈ 4e-42), identical units, η = 1e200, −0.0 entries, dead relu units, soft and uniform
# targets, all zero. The bad ones (tests/cli/ex5_review/bad) exit 2 with one line on stderr.
set(EX5_REVIEW ${CMAKE_CURRENT_SOURCE_DIR}/cli/ex5_review)
set(EX5_REVIEW_FILES
    softmax_equal softmax_ties softmax_12 softmax_one softmax_gap20 softmax_huge
    net_1class net_1hidden net_2class net_big_many net_big_weights net_correct net_identical_some
    net_large_lr net_negzero net_relu_dead net_soft_target net_uniform_target net_zero net_14_hidden)
foreach(name ${EX5_REVIEW_FILES})
  every_format(ex5_review.${name} ex5 ${EX5_REVIEW}/${name}.json)
endforeach()
function(ex5_review_bad name regex)
  rejected(ex5_review.bad.${name} ex5 ${EX5_REVIEW}/bad/${name}.json ".*${name}.json: ${regex}")
endfunction()
# 1e308 and −1e308: x_i − max x overflowed, log-softmax was −inf and every derivative check failed
# (exit 1 on a valid-looking problem). Refused now, at the entry.
ex5_review_bad(softmax_spread_overflow "/softmax/inputs/1/1: -1e\\+308 lies more than the largest double \\(1.8e\\+308\\) below the input's largest entry 1e\\+308")
# A sum off by 1e-8 was reported as "sums to 1.000000"; a negative entry did not say its value.
ex5_review_bad(target_sum_1e-8 "/network/target: target must sum to 1 .*, sums to 1.00000001$")
ex5_review_bad(target_negative "/network/target/0: target entries must be >= 0 \\(a probability vector\\), got -1$")
ex5_review_bad(activation_twice "/network/activations/1: activation \"relu\" is listed twice")
ex5_review_bad(x_bool "/network/x/0: expected a number, got true")
ex5_review_bad(steps_fraction "/network/training_steps: expected an integer from 1 to 100000, got 2.5")
ex5_review_bad(b1_size "/network/b1: expected a vector of length 4, got length 3")
ex5_review_bad(softmax_empty_input "/softmax/inputs/0: expected a nonempty array")
# 20,000 entries ran for hours towards 3.2 GB per Jacobian (O(n²) memory, O(n³) eigenvalues).
ex5_review_bad(softmax_1001 "/softmax/inputs/1: a softmax input of 1001 entries. hw6 takes at most 1000")

# Sentences that depend on the data, each where its fact holds and where it does not.
# A fitted sample (p − q ≈ 4e-42): W²ᵀ(p − q) is −8.5e-40 exactly, 0 only to within rounding; the
# text claimed "p − q is orthogonal to every column of W²" as a fact.
nn_says(ex5_review_dLda_rounding "Here every entry of ∂L/∂a = W²ᵀ\\(p − q\\) is within the rounding error of its terms" ex5 ${EX5_REVIEW}/net_correct.json --format markdown)
nn_never(ex5_review_dLda_orthogonal "\\(p − q is orthogonal to every column of W²\\)" ex5 ${EX5_REVIEW}/net_correct.json --format markdown)
nn_never(ex5_review_dLda_rounding_homework "within the rounding error of its terms" ex5)
# One output: "All outputs y_i are equal, so p is uniform, p_i = 1/1" and "every row of W² is the
# same vector" were vacuous; p = q = (1) is the reason, and no weight moves, W² included.
nn_says(ex5_review_one_output "With a single output, p = softmax\\(y\\) = \\(1\\)ᵀ whatever y" ex5 ${EX5_REVIEW}/net_1class.json --format markdown)
nn_says(ex5_review_one_output_p_is_q "Here p = q exactly \\(in double precision\\), so ∂L/∂y = p − q = 0 and every gradient is 0" ex5 ${EX5_REVIEW}/net_1class.json --format markdown)
nn_never(ex5_review_one_output_uniform "All outputs y_i are equal|p_i = 1/1|every row of W² is the same vector" ex5 ${EX5_REVIEW}/net_1class.json)
nn_never(ex5_review_single_output_homework "With a single output" ex5)
# 1(a): rows of J sum to 0 because f(x + t1) = f(x); the columns because Σ f_i = 1.
nn_says(ex5_review_row_sums "Each column of J sums to 0, because the outputs always sum to 1, and so does each row, because f does not change along 1" ex5 --format markdown)
# 1(b): the naive formula's vector as it comes out, not "NaN" for (0, 0, NaN).
nn_says(ex5_review_naive_vector "x\\^\\(3\\) +1000 +\\(0, 0, NaN\\)ᵀ \\(exp overflows\\)" ex5)
# 2(a): f is the log-softmax there; the vector was labelled "log f(x)".
nn_says(ex5_review_log_softmax_label "f\\(x\\^\\(1\\)\\) = log softmax\\(x\\^\\(1\\)\\) = " ex5)
nn_never(ex5_review_log_f_label "log f\\(x" ex5)
# 2(b): the LaTeX formula says what the text says (it had −qᵀx + log Σ e^(x_k), without Σq).
nn_says(ex5_review_combined_latex "-\\\\sum_i q_i x_i \\+ \\\\Big\\(\\\\sum_i q_i\\\\Big\\)\\\\operatorname\\{logsumexp\\}" ex5 --format markdown)
nn_says(ex5_review_table_target "the class i of the smallest logit as the target \\(q = e_i: the loss is −log" ex5)
# 3(d): what the random initialization is.
nn_says(ex5_review_random_init "drawn from N\\(0, 0.5²\\) with seed 1, the biases 0" ex5 --format markdown)
# Biases: "z = W¹x + b¹" was written with only b² given and b¹ not shown; the biases' step was not shown.
nn_says(ex5_review_b1_shown "b¹ = \\(0, 0, 0, 0, 0, 0\\)ᵀ" ex5 ${EX5_REVIEW}/net_big_many.json)
nn_says(ex5_review_bias_step "b² − η∂L/∂b² = \\(0.209542, -0.209542\\)ᵀ" ex5 ${EX5_REVIEW}/net_2class.json)
nn_never(ex5_review_bias_step_homework "b² − η∂L/∂b²|b¹ = \\(" ex5)
# 3(d) with a uniform target: p = softmax(0) = q from all-zero parameters, so nothing ever moves;
# the text said W¹ starts moving in the second step, and "the loss still falls" on a change of 2e-16.
nn_says(ex5_review_uniform_zero_init "p = softmax\\(0\\) = q, since this q is uniform: p − q = 0, so every gradient is 0 and no parameter ever moves" ex5 ${EX5_REVIEW}/net_uniform_target.json --format markdown)
nn_never(ex5_review_uniform_no_fall "still falls|start moving only in the second step|only b² learns" ex5 ${EX5_REVIEW}/net_uniform_target.json --format markdown)
nn_says(ex5_review_not_uniform "nonzero since q is not uniform" ex5 --format markdown)
nn_says(ex5_review_falls_homework "The loss still falls from zero initialization" ex5 --format markdown)
# Many inactive units: the first six, "…", the last and the count (a 300-unit layer listed 154 numbers).
nn_says(ex5_review_units_shortened "Units 1, 2, 3, 4, 5, 6, … and 14 \\(13 of the 14\\) have z ≤ 0" ex5 ${EX5_REVIEW}/net_14_hidden.json --format markdown)
