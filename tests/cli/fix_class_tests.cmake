# A TA's review of the course workflow (branch fix-class): problem sheets, class grading, feedback.

# Problem sheets written into a folder: the figures resolve relative to the .md file, also from a
# folder whose name has a space (pandoc reads them as images).
add_test(NAME cli.fix_class.sheet_links COMMAND ${CMAKE_CURRENT_SOURCE_DIR}/cli/fix_class_sheet_links.sh ${HW6})
