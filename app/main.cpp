// hw6: the command line only. CLI11 wiring, then one call into commands.cpp per subcommand.
#include "commands.hpp"

#include <CLI/CLI.hpp>

#include <iostream>
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
Exit status: 0 solved and all self-checks passed, 1 a self-check failed, 2 bad usage or input.
Documentation: README.md)";

void add_output_options(CLI::App* cmd, hw6::app::OutputOptions& out) {
  cmd->add_option("--format,-f", out.format, "Output: text (default), json or markdown")
      ->transform([](std::string s) {
        for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (s == "md") s = "markdown";
        if (s != "text" && s != "json" && s != "markdown") throw CLI::ValidationError("expected text, json or markdown, got \"" + s + "\"");
        return s;
      })
      ->option_text("text|json|markdown");
  cmd->add_option("--plots", out.plots, "Write the exercise's figures as SVG into this directory")->option_text("DIR");
  cmd->add_flag("--no-color", out.no_color, "No ANSI colours (also off when NO_COLOR is set or stdout is not a terminal)");
}

}  // namespace

int main(int argc, char** argv) {
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
    cmd->footer("Example: hw6 " + exercise.key + " --format markdown --plots figures/");
    cmd->callback([&status, &exercise, &problem_path, &out] { status = hw6::app::run_exercise(exercise, problem_path, out); });
  }

  auto* all = app.add_subcommand("all", "Every built exercise on its built-in problem, in order");
  add_output_options(all, out);
  all->callback([&status, &out] { status = hw6::app::run_all(out); });

  std::string template_name;
  auto* tmpl = app.add_subcommand("template", "Print an answer-file skeleton (every answerable value as null)");
  tmpl->add_option("exercise", template_name, "ex1 … ex7, a topic alias, or all")->required();
  tmpl->callback([&status, &template_name] { status = hw6::app::run_template(template_name); });

  std::string answers_path;
  double rtol = 1e-4, atol = 1e-6;
  auto* verify = app.add_subcommand("verify", "Grade an answer file against the computed solutions");
  verify->add_option("answers", answers_path, "Answer JSON file (shaped like hw6 all --format json), or - for standard input")
      ->required()
      ->option_text("ANSWERS.json | -");
  verify->add_option("--format,-f", out.format, "Output: text (default) or json")->transform([](std::string s) {
    if (s != "text" && s != "json") throw CLI::ValidationError("expected text or json, got \"" + s + "\"");
    return s;
  });
  verify->add_option("--rtol", rtol, "Relative tolerance (default 1e-4)");
  verify->add_option("--atol", atol, "Absolute tolerance (default 1e-6); a value passes within either");
  verify->footer("Example: hw6 template ex5 > answers.json; edit; hw6 verify answers.json\nExit status: 0 all correct, 1 any wrong, 2 a bad answer file.");
  verify->callback([&] { status = hw6::app::run_verify(answers_path, out.format, rtol, atol); });

  // An unknown first word is a mistyped command, not a missing one.
  if (argc > 1 && argv[1][0] != '-') {
    bool known = false;
    for (const auto* sub : app.get_subcommands([](const CLI::App*) { return true; }))
      known = known || sub->check_name(argv[1]);
    if (!known)
      return hw6::app::fail(std::string("unknown command \"") + argv[1] +
                            "\"; expected ex1 … ex7 (or svm-hard, duality, logreg-dual, svm-soft, nn, cnn, attention), all, verify or template");
  }
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help, --version
    std::string message = e.what();
    return hw6::app::fail(message + " (see hw6 --help)");
  } catch (const std::bad_alloc&) {
    // One line, not std::terminate's abort: an input too large for this machine's memory.
    return hw6::app::fail("out of memory: the input is too large for this machine");
  }
  return status;
}
