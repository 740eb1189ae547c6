// hw6 verify A.json [B.json ...]: the contract's "Answer files" and "Grading a class". The work is
// in libhw6 (verify, grading, feedback); this file chooses the outputs and the exit status.
#include "cmd_verify.hpp"

#include "commands.hpp"
#include "hw6/feedback.hpp"
#include "hw6/fileio.hpp"
#include "hw6/grading.hpp"
#include "hw6/problems.hpp"

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <memory>

namespace hw6::app {

namespace {

struct VerifyOptions {
  std::vector<std::string> files;
  std::string format = "text";  // text | json | gradescope
  double rtol = 1e-4, atol = 1e-6;
  std::string gradebook, rubric, feedback;
  unsigned jobs = 0;
};

/// The rubric, or an error message.
std::unique_ptr<grading::Rubric> load_rubric(const std::string& path, std::string& error) {
  try {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) throw FileError(path, "is a directory, not a rubric file");
    return std::make_unique<grading::Rubric>(grading::parse_rubric(parse_json(read_text(path))));
  } catch (const FileError& e) {
    error = path + ": " + e.what();
  } catch (const InputError& e) {
    error = path + ": " + located(e);
  }
  return nullptr;
}

Json class_json(const std::vector<grading::FileGrade>& grades, const std::vector<grading::Score>& scores) {
  Json files = Json::array();
  for (std::size_t i = 0; i < grades.size(); ++i) {
    Json f = {{"file", grades[i].file}};
    if (grades[i].result) {
      f["score"] = scores[i].total ? Json(*scores[i].total) : Json(nullptr);
      f["points"] = {{"earned", scores[i].total_earned}, {"possible", scores[i].total_possible}};
      Json doc = verify::to_json(*grades[i].result);
      f["results"] = doc["results"];
      f["summary"] = doc["summary"];
    } else {
      f["error"] = grades[i].error;
    }
    files.push_back(f);
  }
  Json shared = Json::array();
  for (const auto& v : grading::shared_variants(grades)) shared.push_back({{"problem", v.problem}, {"files", v.files}});
  return {{"files", files}, {"shared_variants", shared}};
}

/// Writes the gradebook and the feedback files; false (after printing why) when one cannot be written.
bool write_outputs(const VerifyOptions& o, const std::vector<grading::FileGrade>& grades, const std::vector<grading::Score>& scores,
                   const grading::Rubric* rubric) {
  try {
    if (!o.gradebook.empty()) write_file_atomically(o.gradebook, grading::gradebook_csv(grades, scores));
    if (!o.feedback.empty()) {
      std::error_code ec;
      std::filesystem::create_directories(o.feedback, ec);
      if (ec) {
        fail(o.feedback + ": cannot create the feedback folder: " + ec.message());
        return false;
      }
      std::vector<std::string> names;
      for (const auto& g : grades) names.push_back(g.file);
      names = feedback::file_names(names);
      for (std::size_t i = 0; i < grades.size(); ++i)
        write_file_atomically(std::filesystem::path(o.feedback) / names[i], feedback::render(grades[i], scores[i], rubric));
    }
  } catch (const FileError& e) {
    fail(e.file() + ": " + e.what());
    return false;
  }
  return true;
}

int run(const VerifyOptions& o) {
  if (!(o.rtol >= 0) || !(o.atol >= 0)) return fail("verify: --rtol and --atol must be >= 0");
  if (o.format == "gradescope" && o.files.size() != 1)
    return fail("verify: --format gradescope grades one answer file (Gradescope runs once per submission); got " +
                std::to_string(o.files.size()));
  if (const auto n = std::count(o.files.begin(), o.files.end(), "-"); n > 1)
    return fail("verify: standard input (-) is named " + std::to_string(n) + " times; it can be read only once");
  // Output paths are checked before any work: a typo must not cost a class's grading, nor print
  // verdicts and then exit 2.
  try {
    if (!o.gradebook.empty()) check_writable_file(o.gradebook, "a gradebook file");
    if (!o.feedback.empty()) check_writable_folder(o.feedback, "feedback folder");
  } catch (const FileError& e) {
    return fail(e.file() + ": " + e.what());
  }
  // Writing the gradebook over an answer file would destroy a submission (a typo, or a glob that
  // picked up the previous run's gradebook among the answers).
  if (!o.gradebook.empty()) {
    std::error_code book_ec;
    const auto book = std::filesystem::weakly_canonical(o.gradebook, book_ec);
    for (const auto& f : o.files) {
      std::error_code ec;
      if (f != "-" && !book_ec && std::filesystem::weakly_canonical(f, ec) == book && !ec)
        return fail(o.gradebook + ": the gradebook would overwrite the answer file " + f + " (it is also given as an answer file)");
    }
  }
  std::unique_ptr<grading::Rubric> rubric;
  if (!o.rubric.empty()) {
    std::string error;
    rubric = load_rubric(o.rubric, error);
    if (!rubric) return fail(error);
  }
  grading::ProblemCache cache;
  std::vector<std::pair<std::string, std::string>> duplicates;
  // Graded for a grade (a class, or any output a TA keeps): the student's file cannot loosen the bar.
  const bool for_a_grade = o.files.size() > 1 || !o.gradebook.empty() || rubric || !o.feedback.empty() || o.format == "gradescope";
  const auto grades = grading::grade_files(o.files, verify::Tolerance{o.rtol, o.atol}, cache, o.jobs, &duplicates,
                                           for_a_grade ? verify::FileTolerances::tighten_only : verify::FileTolerances::as_written);
  if (rubric) try {
      grading::check_rubric(*rubric, grades, cache);
    } catch (const InputError& e) {
      return fail(o.rubric + ": " + located(e));
    }
  std::vector<grading::Score> scores;
  bool any_error = !duplicates.empty(), any_wrong = false;
  for (const auto& g : grades) {
    scores.push_back(grading::score(g, rubric.get(), cache));
    any_error = any_error || !g.result;
    any_wrong = any_wrong || (g.result && !g.result->all_passed());
  }
  if (!write_outputs(o, grades, scores, rubric.get())) return 2;  // (a full disk: nothing on stdout then)

  // Standard output: one file as before (its verdicts), several as one line each.
  std::string text;
  if (o.format == "gradescope") {
    text = dump_pretty(grading::gradescope(grades[0], scores[0], rubric.get())) + "\n";
  } else if (o.files.size() == 1 && grades[0].result) {
    if (o.format == "json") {
      Json doc = verify::to_json(*grades[0].result);
      // The rubric's points, as a class's document gives them per file (the text says them too).
      if (rubric) {
        doc["score"] = scores[0].total ? Json(*scores[0].total) : Json(nullptr);
        doc["points"] = {{"earned", scores[0].total_earned}, {"possible", scores[0].total_possible}};
      }
      text = dump_pretty(doc) + "\n";
    } else {
      text = verify::render_text(*grades[0].result);
    }
    if (rubric && o.format == "text") text += "  rubric: " + grading::summary_line(grades[0], scores[0], rubric.get()) + "\n";
  } else if (o.files.size() > 1) {
    if (o.format == "json") {
      text = dump_pretty(class_json(grades, scores)) + "\n";
    } else {
      int graded = 0, right = 0;
      for (std::size_t i = 0; i < grades.size(); ++i) {
        text += grading::summary_line(grades[i], scores[i], rubric.get()) + "\n";
        graded += grades[i].result ? 1 : 0;
        right += grades[i].result && grades[i].result->all_passed() ? 1 : 0;
      }
      text += "\n" + std::to_string(grades.size()) + (grades.size() == 1 ? " file: " : " files: ") + std::to_string(graded) + " graded (" + std::to_string(right) +
              " with every answer right), " + std::to_string(grades.size() - static_cast<std::size_t>(graded)) + " not graded\n";
      // Each student has their own seed: one variant in several files is a copy or a wrong seed.
      for (const auto& v : grading::shared_variants(grades)) {
        text += "same variant (" + v.problem + ") in " + std::to_string(v.files.size()) + " files:";
        for (std::size_t i = 0; i < v.files.size(); ++i) text += (i ? ", " : " ") + grading::one_line_name(v.files[i]);
        text += "\n";
      }
    }
  }
  if (!write_stdout(text)) return 2;
  for (const auto& g : grades)
    if (!g.result) fail(g.file + ": " + g.error);
  for (const auto& [file, first] : duplicates) fail(file + ": the same file as " + first + " (given twice; graded once)");
  if (any_error) return 2;
  return any_wrong ? 1 : 0;
}

}  // namespace

void setup_verify(CLI::App& app, int& status) {
  auto o = std::make_shared<VerifyOptions>();
  auto* cmd = app.add_subcommand("verify", "Grade answer files against the computed solutions (one file, or a whole class)");
  cmd->add_option("answers", o->files, "Answer JSON files (shaped like hw6 all --format json), or - for standard input")
      ->required()
      ->option_text("ANSWERS.json... | -");
  cmd->add_option("--format,-f", o->format, "Output: text (default), json, or gradescope (Gradescope's results.json, one file)")
      ->transform([](std::string s) {
        if (s != "text" && s != "json" && s != "gradescope")
          throw CLI::ValidationError("expected text, json or gradescope, got \"" + s + "\"");
        return s;
      });
  cmd->add_option("--rtol", o->rtol, "Relative tolerance (default 1e-4)");
  cmd->add_option("--atol", o->atol, "Absolute tolerance (default 1e-6); a value passes within either");
  cmd->add_option("--gradebook", o->gradebook, "Write a CSV row per file: file,ex1,...,ex7,total,error,problems")->option_text("FILE.csv");
  cmd->add_option("--rubric", o->rubric, "Points per JSON Pointer prefix, e.g. {\"/ex6/total_params\": 2, \"/ex5\": 5}")
      ->option_text("RUBRIC.json");
  cmd->add_option("--feedback", o->feedback, "Write one Markdown feedback file per answer file into this folder")->option_text("DIR");
  cmd->add_option("--jobs,-j", o->jobs, "Files graded in parallel (default: the available cores)")->option_text("N");
  cmd->footer(
      "Examples: hw6 template ex5 > answers.json; edit; hw6 verify answers.json\n"
      "          hw6 verify submissions/*.json --rubric rubric.json --gradebook grades.csv --feedback feedback/\n"
      "Exit status: 0 every file graded and every answer right, 1 a wrong answer, 2 a file could not be graded\n"
      "(the others are still graded and listed) or bad usage.");
  cmd->callback([o, &status] { status = run(*o); });
}

}  // namespace hw6::app
