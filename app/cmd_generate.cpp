// hw6 generate: options, then libhw6's generator; stdout is written only once everything worked.
#include "cmd_generate.hpp"

#include "commands.hpp"
#include "hw6/fileio.hpp"
#include "hw6/generate.hpp"
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"

#include <filesystem>
#include <iostream>
#include <memory>

namespace hw6::app {

namespace {

struct GenerateOptions {
  std::string exercise;
  std::string seed;
  std::string format = "json";  ///< json (the problem file, or for all the answer template) | markdown (the sheet)
  std::string plots;
};

int run_generate(const GenerateOptions& o) {
  const auto seed = generate::parse_seed(o.seed);
  if (!seed) return fail("generate: --seed: expected a non-negative integer (0 to 18446744073709551615), got \"" + o.seed + "\"");
  std::vector<std::string> keys;
  if (o.exercise == "all") {
    for (const auto& e : exercises())
      if (e.run) keys.push_back(e.key);
  } else if (const Exercise* e = find_exercise(o.exercise); e && e->run) {
    keys.push_back(e->key);
  } else {
    return fail("generate: unknown exercise \"" + o.exercise + "\"; expected ex1 … ex7, a topic alias, or all");
  }
  try {
    std::vector<generate::Variant> variants;
    for (const auto& key : keys) variants.push_back(generate::generate(key, *seed));
    if (!o.plots.empty()) {
      std::filesystem::create_directories(o.plots);
      for (const auto& v : variants)
        for (const auto& f : generate::sheet_figures(v)) write_file_atomically(std::filesystem::path(o.plots) / f.file, f.draw());
    }
    std::string text;
    if (o.format == "markdown") {
      if (o.exercise == "all") text = "# Homework 6: the variant of seed " + std::to_string(*seed) + "\n\n";
      // The sheet's links, like an exercise's write-up, are relative to the .md file it is written to.
      const std::string figure_dir = markdown_figure_dir(o.plots);
      for (const auto& v : variants) text += generate::problem_sheet(v, figure_dir) + "\n";
    } else if (o.exercise == "all") {
      Json out = Json::object();
      for (const auto& v : variants) out[v.key] = generate::answer_template(v);
      text = dump_pretty(out) + "\n";
    } else {
      text = dump_pretty(variants.front().problem) + "\n";
    }
    return write_stdout(text) ? 0 : 2;
  } catch (const FileError& e) {
    return fail(e.file() + ": " + e.what());
  } catch (const std::filesystem::filesystem_error& e) {
    return fail(o.plots + ": cannot create the plots directory: " + e.code().message());
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace

void setup_generate(CLI::App& app, int& status) {
  auto options = std::make_shared<GenerateOptions>();
  auto* cmd = app.add_subcommand("generate", "Generate a new variant of an exercise (or of all) from a seed, checked by hw6's solver");
  cmd->add_option("exercise", options->exercise, "ex1 … ex7, a topic alias, or all")->required();
  cmd->add_option("--seed", options->seed, "Non-negative integer; the same seed gives the same bytes")->required()->option_text("N");
  cmd->add_option("--format,-f", options->format,
                  "json (default): the problem file that hw6 exN reads (all: an answer template with each problem embedded); "
                  "markdown: the problem sheet")
      ->check(CLI::IsMember({"json", "markdown"}))
      ->option_text("json|markdown");
  cmd->add_option("--plots", options->plots, "Write the sheet's figures (ex4's Figure 1) as SVG into this directory")->option_text("DIR");
  cmd->footer("Examples:\n  hw6 generate ex4 --seed 7 > ex4_7.json; hw6 ex4 ex4_7.json\n"
              "  hw6 generate all --seed 7 --format markdown --plots fig > sheet.md\n"
              "  hw6 generate all --seed 7 > answers.json   (fill in, then: hw6 verify answers.json)");
  cmd->callback([&status, options] { status = run_generate(*options); });
}

}  // namespace hw6::app
