# A TA's review of the course workflow (branch fix-class): problem sheets, class grading, feedback.

# Problem sheets written into a folder: the figures resolve relative to the .md file, also from a
# folder whose name has a space (pandoc reads them as images).
add_test(NAME cli.fix_class.sheet_links COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/fix_class_sheet_links.sh ${HW6})

# A student's problem sheet must be answerable on its own. Exercise 1's parts 4, 5 and 8 ask about
# Problem (1) and Exercise 3's parts 1 and 2 about Problem (5), which the sheets named but never
# wrote; seed 1001's ex1 sheet wrote the line 2x₂ − 4 (normal (0, 2), b = −4) as "0x_1 + 2x_2 - 4",
# and numbered its 8 points "i = 1 … 8" above a table indexed 0 … 7.
cli_test(fix_class.sheet_ex1_problem1 --rc 0 --stdout-regex "min_i y_i.*= 1.*tag\\{1\\}" -- ${HW6} generate ex1 --seed 1001 --format markdown)
cli_test(fix_class.sheet_ex1_line --rc 0 --stdout-regex "f\\(\\\\mathbf\\{x\\}\\) = 2x_2 - 4\\$" -- ${HW6} generate ex1 --seed 1001 --format markdown)
cli_test(fix_class.sheet_ex1_no_zero_term --rc 0 --stdout-absent "0x_1" -- ${HW6} generate ex1 --seed 1001 --format markdown)
cli_test(fix_class.sheet_ex1_indices --rc 0 --stdout-regex "_\\{i=0\\}\\^\\{7\\}" -- ${HW6} generate ex1 --seed 1001 --format markdown)
cli_test(fix_class.sheet_ex3_problem5 --rc 0 --stdout-regex "q_i = 0.*tag\\{5\\}" -- ${HW6} generate ex3 --seed 1001 --format markdown)
cli_test(fix_class.sheet_ex3_xbar --rc 0 --stdout-regex "bar\\{\\\\mathbf\\{X\\}\\} = " -- ${HW6} generate ex3 --seed 1001 --format markdown)

# One generated variant handed in by two students (a copied file, or a wrong seed): the class
# summary names the files and the seed (text and --format json's shared_variants).
add_test(NAME cli.fix_class.shared_variant COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/fix_class_shared_variant.sh ${HW6})

# verify --help lists the gradebook's columns as it writes them (problems is the last).
cli_test(fix_class.help_gradebook_columns --rc 0 --stdout-regex "total,error,problems" -- ${HW6} verify --help)
