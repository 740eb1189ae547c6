// hw6: the command line only. CLI11 wiring, then one call into commands.cpp per subcommand.
#include "cmd_verify.hpp"
#include "cmd_generate.hpp"
#include "commands.hpp"

#include "hw6/blas.hpp"

#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>
#include <malloc.h>
#include <new>
#include <cctype>

namespace {

const char* kExamples = R"(Examples:
  hw6 ex5                          Exercise 5 on the homework's data, step by step
  hw6 nn --format markdown         the same as a write-up with LaTeX
  hw6 cnn my_net.json              Exercise 6 on your own layer table
  cat p.json | hw6 ex6 -           read the problem from standard input
  hw6 all --format json            every exercise, one JSON document
  hw6 template ex5 > answers.json  an answer file to fill in
  hw6 verify answers.json          check a filled-in answer file
  hw6 generate ex4 --seed 7        a new variant of Exercise 4 (the same seed, the same bytes)
Exit status: 0 solved and all self-checks passed, 1 a self-check failed, 2 bad usage or input.
Documentation: README.md)";

void add_output_options(CLI::App* cmd, hw6::app::OutputOptions& out) {
  // Text to enum at the edge: the names text/json/markdown live only here.
  cmd->add_option_function<std::string>(
         "--format,-f",
         [&out](std::string s) {
           for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
           out.format = s == "json" ? hw6::app::Format::Json : s == "text" ? hw6::app::Format::Text : hw6::app::Format::Markdown;
         },
         "Output: text (default), json or markdown")
      ->check(CLI::IsMember({"text", "json", "markdown", "md"}, CLI::ignore_case))
      ->option_text("text|json|markdown");
  cmd->add_option("--plots", out.plots, "Write the exercise's figures as SVG into this directory")->option_text("DIR");
  cmd->add_flag("--no-color", out.no_color, "No ANSI colours (also off when NO_COLOR is set or stdout is not a terminal)");
}

}  // namespace

int main(int argc, char** argv) {
  // OpenBLAS's kernels by the processor's features, before any thread starts (hw6/blas.hpp).
  hw6::blas::choose_kernels();
  CLI::App app{"hw6: solves and verifies Homework 6 of Introduction to Machine Learning (SVM, duality, sparse "
               "logistic regression, neural networks, CNNs, batch normalization, self-attention).",
               "hw6"};
  app.set_version_flag("--version", std::string("hw6 ") + HW6_VERSION);
  app.footer(kExamples);
  app.require_subcommand(1);

  hw6::app::OutputOptions out;
  std::string problem_path;
  int status = 0;

  for (const auto& exercise : hw6::exercises()) {
    auto* cmd = app.add_subcommand(exercise.key, "Exercise " + std::to_string(exercise.number) + ": " + exercise.title +
                                                     (exercise.run ? "" : " (not built yet)"));
    cmd->alias(exercise.alias);
    cmd->add_option("problem", problem_path, "Problem JSON file, or - for standard input (default: the built-in problem)")
        ->option_text("[PROBLEM.json | -]");
    add_output_options(cmd, out);
    cmd->add_option("--part", out.part, "Only this part of the exercise, in the homework's numbering: 3(b), or 3 for 3(a)…3(e) (text and Markdown; JSON is always whole)")
        ->option_text("PART");
    cmd->footer("Example: hw6 " + exercise.key + " --format markdown --plots figures/");
    cmd->callback([&status, &exercise, &problem_path, &out] {
      // For ex7, large blocks (the T × T matrices at T = 1024 are 8 MB) are reused from the heap
      // instead of being mapped afresh and page-faulted in for each forward pass of the checks. Not
      // for the others: the heap would keep the data readers' freed buffers, and the peak memory of
      // hw6 ex3 on a 2,000 × 5,000 data file would grow from about 200 MB to 288 MB.
      if (exercise.number == 7) {
        mallopt(M_MMAP_THRESHOLD, 64 << 20);
        mallopt(M_TRIM_THRESHOLD, 128 << 20);
      }
      status = hw6::app::run_exercise(exercise, problem_path, out);
    });
  }

  auto* all = app.add_subcommand("all", "Every built exercise on its built-in problem, in order");
  add_output_options(all, out);
  all->callback([&status, &out] { status = hw6::app::run_all(out); });

  std::string template_name;
  auto* tmpl = app.add_subcommand("template", "Print an answer-file skeleton (every answerable value as null)");
  tmpl->add_option("exercise", template_name, "ex1 … ex7, a topic alias, or all")->required();
  tmpl->callback([&status, &template_name] { status = hw6::app::run_template(template_name); });

  hw6::app::setup_verify(app, status);

  hw6::app::setup_generate(app, status);

  // An unknown first word is a mistyped command, not a missing one.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      known = known || sub->check_name(argv[1]);
    if (!known)
      return hw6::app::fail(std::string("unknown command \"") + argv[1] +
                            "\"; expected ex1 … ex7 (or svm-hard, duality, logreg-dual, svm-soft, nn, cnn, attention), all, verify, template or generate");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string message = e.what();
    // A shell glob of answer files can hold one named -x.json, which reads as an option.
    for (int i = 2; i < argc; ++i) {
      std::error_code ec;
      if (argv[i][0] == '-' && argv[i][1] != '\0' && std::filesystem::is_regular_file(argv[i], ec))
        return hw6::app::fail(message + " (" + argv[i] + " is a file: put -- before the file names, or write ./" + argv[i] + ")");
    }
    return hw6::app::fail(message + " (see hw6 --help)");
  } catch (const std::bad_alloc&) {
    // One line, not std::terminate's abort: an input too large for this machine's memory.
    return hw6::app::fail("out of memory: the input is too large for this machine");
  }
  return status;
}
