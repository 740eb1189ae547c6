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
    net_large_lr net_negzero net_relu_dead net_soft_target net_uniform_target net_zero)
foreach(name ${EX5_REVIEW_FILES})
  foreach(format text json markdown)
    cli_test(ex5_review.${name}.${format} --rc 0 -- ${HW6} ex5 ${EX5_REVIEW}/${name}.json --format ${format})
  endforeach()
  add_test(NAME cli.ex5_review.${name}.pandoc COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/markdown_pandoc.sh ${HW6} ex5 ${EX5_REVIEW}/${name}.json)
endforeach()
function(ex5_review_bad name regex)
  cli_test(ex5_review.bad.${name} --rc 2 --stdout-empty --stderr-one-line --stderr-regex "^hw6: error: .*${name}.json: ${regex}"
           -- ${HW6} ex5 ${EX5_REVIEW}/bad/${name}.json)
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

