#include "commands.hpp"

#include "progress.hpp"

#include "hw6/fileio.hpp"
#include "hw6/json_stream.hpp"
#include "hw6/json_write.hpp"
#include "hw6/parallel.hpp"
#include "hw6/parts.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace hw6::app {

namespace {

/// What a user sees of an InputError: "file: /pointer: message".
std::string input_error_message(const std::string& file, const InputError& e) {
  return file + ": " + located(e);
}

TextOptions text_options(const OutputOptions& out) {
  TextOptions t;
  const char* no_color = std::getenv("NO_COLOR");
  t.color = !out.no_color && isatty(STDOUT_FILENO) && !(no_color && *no_color);
  if (const char* columns = std::getenv("COLUMNS"); columns && isatty(STDOUT_FILENO)) {
    int c = std::atoi(columns);
    if (c >= 40) t.width = std::min(c, 120);
  }
  return t;
}

/// Writes the figures of `reports` into out.plots; returns false (after printing the error) if it cannot.
/// Each file is written whole or not at all (a temporary file, then a rename), so a full disk
/// leaves no truncated SVG that looks like a figure.
bool write_figures(const std::vector<Report>& reports, const OutputOptions& out) {
  if (out.plots.empty()) return true;
  std::error_code ec;
  std::filesystem::create_directories(out.plots, ec);
  if (ec) {
    fail(out.plots + ": cannot create the plots directory: " + ec.message());
    return false;
  }
  try {
    for (const auto& r : reports)
      for (const auto& f : r.figures) write_file_atomically(std::filesystem::path(out.plots) / f.file, f.draw());
  } catch (const FileError& e) {
    fail(e.file() + ": " + e.what());
    return false;
  }
  return true;
}

int exit_status(const std::vector<Report>& reports) {
  for (const auto& r : reports)
    if (!r.all_checks_passed()) return 1;
  return 0;
}

/// How one report reads in the text or Markdown format (empty for JSON, which emit() streams).
class Renderer {
 public:
  explicit Renderer(const OutputOptions& out)
      : format_(out.format), text_(text_options(out)), figure_dir_(out.format == Format::Markdown ? markdown_figure_dir(out.plots) : "") {}
  std::string operator()(const Report& r) const {
    if (format_ == Format::Markdown) return render_markdown(r, figure_dir_) + "\n";
    if (format_ == Format::Text) return render_text(r, text_);
    return {};
  }

 private:
  Format format_;
  TextOptions text_;
  std::string figure_dir_;
};

/// Renders and prints; stdout is written only once everything has succeeded. `rendered` and
/// `shallow`, when given, hold each report already rendered by a Renderer of `out`, or its JSON
/// without the spliced matrices (hw6 all prepares them in parallel).
int emit(const std::vector<Report>& reports, const OutputOptions& out, bool as_collection,
         const std::vector<std::string>* rendered = nullptr, std::vector<Json>* shallow = nullptr) {
  if (!write_figures(reports, out)) return 2;
  std::string text;
  if (out.format == Format::Json) {
    // Streamed by the fast writer, the large matrices spliced in from the reports (json_write.hpp).
    Json doc = Json::object();
    std::vector<MatrixSplice> splices;
    if (as_collection) {
      for (std::size_t i = 0; i < reports.size(); ++i) {
        const Report& r = reports[i];
        const std::string key = "ex" + std::to_string(r.exercise);
        doc[key] = shallow ? std::move((*shallow)[i]) : r.to_json_shallow();
        for (auto& s : r.splices("/" + key)) splices.push_back(std::move(s));
      }
    } else {
      doc = reports.front().to_json_shallow();
      splices = reports.front().splices();
    }
    std::cout << std::flush;
    errno = 0;
    if (!write_json(stdout, doc, splices) || std::fputs("\n", stdout) == EOF || std::fflush(stdout) != 0) {
      if (errno == EPIPE) return exit_status(reports);  // the reader has gone (see write_stdout)
      fail(std::string("cannot write to standard output: ") + std::strerror(errno ? errno : EIO));
      return 2;
    }
    return exit_status(reports);
  } else {
    const Renderer render(out);
    const bool markdown = out.format == Format::Markdown;
    if (markdown && as_collection) text = "# Homework 6: solutions and checks by hw6\n\n";
    for (std::size_t i = 0; i < reports.size(); ++i) {
      if (!markdown && i) text += "\n\n";
      text += rendered ? (*rendered)[i] : render(reports[i]);
    }
  }
  if (!write_stdout(text)) return 2;
  return exit_status(reports);
}

}  // namespace

/// The --plots folder as a Markdown link must see it: relative to the folder of the .md file. When
/// stdout is redirected to a file (hw6 ex4 --format markdown --plots out/figs > out/ex4.md) that
/// file is found through /proc/self/fd/1 and the links read figs/…; otherwise (a terminal, a pipe)
/// the links are relative to the working directory, as --plots was typed.
std::string markdown_figure_dir(const std::string& plots) {
  if (plots.empty()) return plots;
  struct stat st {};
  std::error_code ec;
  if (fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)) return plots;
  const auto md = std::filesystem::read_symlink("/proc/self/fd/1", ec);
  if (ec || !md.is_absolute()) return plots;
  const auto rel = std::filesystem::relative(std::filesystem::absolute(plots, ec), md.parent_path(), ec);
  return ec || rel.empty() ? plots : rel.generic_string();
}

int fail(const std::string& message) {
  // One line whatever the message holds: a file named with a newline (an answer file of a class,
  // named by a student) would otherwise split the error in two.
  std::string line;
  for (char c : message) line += c == '\n' ? std::string("\\n") : c == '\r' ? std::string("\\r") : std::string(1, c);
  std::cerr << "hw6: error: " << line << std::endl;
  return 2;
}

bool write_stdout(const std::string& text) {
  std::cout.flush();
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // The reader has gone (hw6 all | head with SIGPIPE ignored): it wanted no more, which is
      // not an error of ours; the status still says whether the checks passed.
      if (errno == EPIPE) return true;
      fail(std::string("cannot write to standard output: ") + std::strerror(errno));
      return false;
    }
    done += static_cast<std::size_t>(n);
  }
  return true;
}

int run_exercise(const Exercise& exercise, const std::string& problem_path, const OutputOptions& out) {
  if (!exercise.run)
    return fail(exercise.key + " (" + exercise.alias + ", " + exercise.title + ") is not built yet in this version of hw6");
  LoadedProblem problem;
  try {
    problem = load_problem(exercise.key, problem_path);
  } catch (const FileError& e) {
    return fail(e.file() + ": " + e.what());
  }
  try {
    RunContext ctx;
    if (!problem_path.empty() && problem_path != "-") ctx.base_dir = std::filesystem::path(problem_path).parent_path();
    if (ctx.base_dir.empty()) ctx.base_dir = ".";
    Report report;
    {
      const std::unique_ptr<Progress> progress = make_terminal_progress();  // erased before output
      if (progress) ctx.progress = progress.get();
      report = exercise.run(problem.json, ctx);
    }
    report.problem_source = problem.source;
    if (!out.part.empty()) {  // JSON stays whole (a grading script wants every key); the part is still checked
      const int status = exit_status({report});
      Report shown = report;
      if (auto error = select_part(shown, out.part)) return fail(exercise.key + ": " + *error);
      if (out.format != Format::Json) {
        const int shown_status = emit({shown}, out, false);
        return shown_status == 2 ? 2 : status;
      }
    }
    std::vector<Report> reports;
    reports.push_back(std::move(report));  // moved, not copied: a T = 1024 ex7 report holds 55 MB of matrices
    return emit(reports, out, false);
  } catch (const InputError& e) {
    return fail(input_error_message(problem.file, e));
  } catch (const FileError& e) {  // a data file named in the problem
    return fail(e.file() + ": " + e.what());
  }
}

int run_all(const OutputOptions& out) {
  // The exercises are independent: they run side by side, one per core (each is single-threaded
  // and thread-safe, as class grading already relies on), and are reported in their order.
  std::vector<const Exercise*> runnable;
  std::string skipped;
  for (const auto& exercise : exercises()) {
    if (exercise.run) runnable.push_back(&exercise);
    else skipped += (skipped.empty() ? "" : ", ") + exercise.key;
  }
  std::vector<LoadedProblem> problems;
  for (const Exercise* exercise : runnable) problems.push_back(load_problem(exercise->key, ""));
  std::vector<Report> reports(runnable.size());
  std::vector<std::string> rendered(runnable.size());
  std::vector<Json> shallow(runnable.size());
  std::vector<std::exception_ptr> errors(runnable.size());
  const Renderer render(out);
  // Longest first (each exercise's builtin_cost): the last task to start is then a short one, and
  // the threads finish close together. The reports keep the exercises' order.
  std::vector<std::size_t> order(runnable.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return runnable[a]->builtin_cost > runnable[b]->builtin_cost; });
  parallel_for(runnable.size(), 0, [&](std::size_t task) {
    const std::size_t i = order[task];
    try {
      reports[i] = runnable[i]->run(problems[i].json, RunContext{});
      reports[i].problem_source = problems[i].source;
      if (out.format == Format::Json) shallow[i] = reports[i].to_json_shallow();
      else rendered[i] = render(reports[i]);
    } catch (...) {
      errors[i] = std::current_exception();
    }
  });
  for (std::size_t i = 0; i < runnable.size(); ++i) {
    if (!errors[i]) continue;
    try {
      std::rethrow_exception(errors[i]);
    } catch (const InputError& e) {
      return fail(input_error_message(problems[i].file, e));
    }
  }
  if (!skipped.empty()) std::cerr << "hw6: note: not built yet, skipped: " << skipped << std::endl;
  return emit(reports, out, true, &rendered, &shallow);
}

int run_template(const std::string& name) {
  Json out = Json::object();
  for (const auto& exercise : exercises()) {
    if (name != "all" && name != exercise.key && name != exercise.alias) continue;
    if (!exercise.run) {
      if (name == "all") continue;
      return fail(exercise.key + " is not built yet in this version of hw6, so it has no answer template");
    }
    LoadedProblem problem = load_problem(exercise.key, "");
    out[exercise.key] = answer_template(exercise.run(problem.json, RunContext{}));
  }
  if (out.empty()) return fail("template: unknown exercise \"" + name + "\"; expected ex1 … ex7, a topic alias, or all");
  return write_stdout(dump_pretty(out) + "\n") ? 0 : 2;
}

}  // namespace hw6::app
