// libFuzzer target: problem files of every exercise and answer files, through the same calls the
// command line makes (parse, run, render in every format; verify, render), checking the promises
// of the contract on each input:
//   - bad input is an InputError/FileError (hw6 turns it into exit 2), never a crash or another
//     exception;
//   - a solved problem prints no NaN: no null inside a numeric array of the JSON document, no
//     "nan" in the text or Markdown.
// The first byte chooses the target: '1'…'7' (modulo 8) an exercise, '0' or '8' an answer file;
// the rest is the JSON text. scripts/fuzz.sh builds the seed corpus that way from problems/ and
// tests/cli/bad/.
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"
#include "hw6/verify.hpp"

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <regex>
#include <string>

namespace {

[[noreturn]] void finding(const char* what, const std::string& detail) {
  std::fprintf(stderr, "hw6 fuzz finding: %s\n%.2000s\n", what, detail.c_str());
  std::abort();
}

/// True when `j` holds an array whose elements are numbers or null and at least one is null
/// (a NaN written by number_json) or a number that is not finite.
bool has_null_number(const hw6::Json& j) {
  if (j.is_array()) {
    bool numbers = false, null = false;
    for (const auto& e : j) {
      if (e.is_structured()) {
        if (has_null_number(e)) return true;
      } else {
        numbers = numbers || e.is_number();
        null = null || e.is_null();
      }
    }
    return numbers && null;
  }
  if (j.is_object())
    for (const auto& e : j)
      if (has_null_number(e)) return true;
  return false;
}

/// "nan" or "-nan" as a word: how printf and format_number print a NaN.
bool has_nan_text(const std::string& s) {
  static const std::regex nan("(^|[^A-Za-z])-?nan([^A-Za-z]|$)");
  return std::regex_search(s, nan);
}

void run_exercise(const hw6::Exercise& ex, const hw6::Json& problem) {
  hw6::RunContext ctx;
  ctx.base_dir = "/nonexistent-hw6-fuzz";  // a data file named by the input is never read
  hw6::Report r = ex.run(problem, ctx);
  const hw6::Json doc = r.to_json();
  if (has_null_number(doc)) finding("null (NaN) inside a numeric array", hw6::dump_pretty(doc));
  const std::string text = hw6::render_text(r, hw6::TextOptions{});
  if (has_nan_text(text)) finding("nan in the text output", text);
  const std::string markdown = hw6::render_markdown(r, "");
  if (has_nan_text(markdown)) finding("nan in the Markdown output", markdown);
}

void run_verify(const hw6::Json& answers) {
  const hw6::verify::Result result = hw6::verify::grade(answers, hw6::verify::Tolerance{}, hw6::verify::compute_exercise);
  (void)hw6::verify::render_text(result);
  (void)hw6::dump_pretty(hw6::verify::to_json(result));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 1) return 0;
  const int which = data[0] % 8;
  // HW6_FUZZ_SKIP=2 (scripts/fuzz.sh's default) leaves out Exercise 2, whose built-in problem
  // alone takes over 10 s under the sanitizers (it samples the dual function densely).
  static const char* skip = std::getenv("HW6_FUZZ_SKIP");
  if (skip && which > 0 && std::string(skip).find(static_cast<char>('0' + which)) != std::string::npos) return 0;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
  try {
    hw6::Json j = hw6::parse_json(text);
    if (which == 0) {
      // A skipped exercise is left out of answer files too (they would compute it).
      for (int k = 1; skip && k <= 7 && j.is_object(); ++k)
        if (std::string(skip).find(static_cast<char>('0' + k)) != std::string::npos) {
          const auto& ex = hw6::exercises()[static_cast<std::size_t>(k - 1)];
          j.erase(ex.key);
          j.erase(ex.alias);
        }
      run_verify(j);
    }
    else
      run_exercise(hw6::exercises()[static_cast<std::size_t>(which - 1)], j);
  } catch (const hw6::InputError&) {
  } catch (const hw6::FileError&) {
  }
  return 0;
}
