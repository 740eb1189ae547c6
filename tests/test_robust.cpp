// Robustness: nesting depth, and "no NaN anywhere" on every output the suite can produce from the
// problem files in the repository (built-in problems, problems/extra/, problems under tests/) and
// from the answer files under tests/ (graded by verify).
#include "hw6/json_io.hpp"
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"
#include "hw6/verify.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>

namespace fs = std::filesystem;
using hw6::Json;

namespace {

std::string message_of(const std::string& text) {
  try {
    hw6::parse_json(text);
  } catch (const hw6::InputError& e) {
    return e.what();
  }
  return "<none>";
}

/// The JSON Pointer of the first array that mixes numbers with null (NaN written as null, which
/// the contract reserves for "does not exist", never for an element of a vector), or of a
/// string "nan"; "" when there is none.
std::string nan_in(const Json& j, const std::string& at) {
  if (j.is_string()) {
    const auto s = j.get<std::string>();
    return s == "nan" || s == "-nan" || s == "NaN" ? at : "";
  }
  if (j.is_array()) {
    bool numbers = false, null = false;
    for (std::size_t i = 0; i < j.size(); ++i) {
      if (auto p = nan_in(j[i], at + "/" + std::to_string(i)); !p.empty()) return p;
      numbers = numbers || j[i].is_number();
      null = null || j[i].is_null();
    }
    return numbers && null ? at : "";
  }
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (auto p = nan_in(it.value(), at + "/" + hw6::pointer_escape(it.key())); !p.empty()) return p;
  return "";
}

/// The line of `text` that prints a NaN ("nan", "-nan" as a word), or "".
std::string nan_line(const std::string& text) {
  static const std::regex nan("(^|[^A-Za-z])-?nan([^A-Za-z]|$)");
  std::smatch m;
  if (!std::regex_search(text, m, nan)) return "";
  const auto start = text.rfind('\n', static_cast<std::size_t>(m.position(0)));
  const auto end = text.find('\n', static_cast<std::size_t>(m.position(0)));
  return text.substr(start == std::string::npos ? 0 : start + 1, end == std::string::npos ? std::string::npos : end - start - 1);
}

const fs::path kSource = HW6_ROBUST_SOURCE_DIR;

/// Every problem file of the repository that names its exercise ("ex4.json", "ex4_something.json"),
/// outside tests/cli/bad/ (inputs that must be refused).
std::vector<std::pair<std::string, fs::path>> problem_files() {
  std::vector<std::pair<std::string, fs::path>> out;
  const std::regex name("^(ex[1-7])(_.*)?\\.json$");
  for (const auto* dir : {"problems", "tests"}) {
    for (const auto& e : fs::recursive_directory_iterator(kSource / dir)) {
      std::smatch m;
      const std::string file = e.path().filename().string();
      if (!e.is_regular_file() || !std::regex_match(file, m, name)) continue;
      if (e.path().parent_path().filename() == "bad") continue;
      out.push_back({m[1].str(), e.path()});
    }
  }
  return out;
}

}  // namespace

TEST_SUITE("robust") {
  TEST_CASE("nesting deeper than 512 levels is refused with its line and column, not a stack overflow") {
    // 100,000 levels: the issue's reproducer, which crashed a recursive copy (exit 139).
    const std::string deep = "{\"X\": " + std::string(100000, '[') + std::string(100000, ']') + ", \"y\": 1}";
    const std::string m = message_of(deep);
    CHECK(m.find("nesting deeper than 512") != std::string::npos);
    // Level 513 is opened by the 513th bracket: the "{" at column 1 is level 1, the "[" at column 7
    // level 2, so level 513 opens at column 7 + 511 = 518.
    CHECK(m.find("line 1, column 518") != std::string::npos);
    // 512 levels are read (and the copy of such a document is harmless).
    const std::string ok = std::string(511, '[') + "{}" + std::string(511, ']');
    CHECK(message_of(ok) == "<none>");
    CHECK(message_of("[" + ok + "]").find("nesting deeper than 512") != std::string::npos);
    // Brackets inside strings are not nesting.
    CHECK(message_of("[\"" + std::string(1000, '[') + "\"]") == "<none>");
    // A syntax error before the depth limit is reported as the syntax error.
    CHECK(message_of("[1 2" + std::string(1000, '[')).find("nesting") == std::string::npos);
  }

  TEST_CASE("every integer field of a problem says its range, for 2^64 - 1 and for 2.5 alike") {
    // Each field was read as "an int64, then a range check": 2⁶⁴ − 1 was "does not fit in 64 bits"
    // and 2.5 "expected an integer", neither saying what is accepted.
    struct Field {
      const char* exercise;
      std::string problem;  // with @ where the value goes
      const char* pointer;
      const char* range;
    };
    const std::vector<Field> fields = {
        {"ex7", R"({"random": {"T": @, "d_model": 4, "d_k": 2}})", "/random/T", "from 1 to 4096"},
        {"ex7", R"({"random": {"T": 3, "d_model": 4, "d_k": @}})", "/random/d_k", "from 1 to 4096"},
        {"ex3", R"({"X": [[1], [2]], "b": [1, -1], "lambda_ratio": 0.5, "path": {"count": @}})", "/path/count", "from 2 to 200"},
        {"ex5", R"({"softmax": {"inputs": [[1, 2]]}, "network": {"x": [1], "target": [1, 0], "W1": [[1]], "W2": [[1], [1]], "activations": ["sigmoid", "relu"],
                    "learning_rate": 0.1, "training_steps": @}})", "/network/training_steps", "from 1 to 100000"},
        {"ex6", R"({"input": [8, 8, @], "layers": ["FC-2"]})", "/input/2", "from 1 to "},
        {"ex6", R"({"input": [8, 8, 1], "layers": ["conv3-2"], "padding": @})", "/padding", "from 0 to 1000000"},
    };
    for (const auto& f : fields)
      for (const char* value : {"18446744073709551615", "2.5"}) {
        std::string text = f.problem;
        text.replace(text.find('@'), 1, value);
        std::string pointer = "<none>", message;
        try {
          hw6::find_exercise(f.exercise)->run(hw6::parse_json(text), {});
        } catch (const hw6::InputError& e) {
          pointer = e.pointer();
          message = e.what();
        }
        INFO(f.exercise << " " << f.pointer << " = " << value << ": " << pointer << " " << message);
        CHECK(pointer == f.pointer);
        CHECK(message.find(std::string("expected an integer ") + f.range) == 0);
        CHECK(message.find(std::string("got ") + value) != std::string::npos);
      }
  }

  TEST_CASE("a description that is not a string is an error at its pointer, in every exercise") {
    // Nothing reads a description, so "description": 5 used to pass unnoticed (exit 0).
    for (const char* ex : {"ex1", "ex2", "ex3", "ex4", "ex5", "ex6", "ex7"}) {
      hw6::Json problem = hw6::parse_json(std::string(hw6::builtin_problem_text(ex)));
      problem["description"] = 5;
      std::string pointer = "<none>", message;
      try {
        hw6::find_exercise(ex)->run(problem, {});
      } catch (const hw6::InputError& e) {
        pointer = e.pointer();
        message = e.what();
      }
      INFO(ex);
      CHECK(pointer == "/description");
      CHECK(message == "expected a string, got 5");
    }
  }

  TEST_CASE("no NaN in any output of the repository's problem files") {
    const auto files = problem_files();
    REQUIRE(files.size() >= 9);  // 7 built-in problems, 2 in problems/extra at least
    for (const auto& [key, path] : files) {
      CAPTURE(path.string());
      const hw6::Exercise* ex = hw6::find_exercise(key);
      REQUIRE(ex != nullptr);
      hw6::Report r;
      try {
        hw6::RunContext ctx;
        ctx.base_dir = path.parent_path();
        r = ex->run(hw6::load_problem(key, path.string()).json, ctx);
      } catch (const hw6::InputError& e) {
        FAIL("a problem file of the repository is refused: " << e.pointer() << ": " << e.what());
        continue;
      }
      CHECK(nan_in(r.to_json(), "") == "");
      CHECK(nan_line(hw6::render_text(r, hw6::TextOptions{})) == "");
      CHECK(nan_line(hw6::render_markdown(r, "")) == "");
    }
  }

  TEST_CASE("no NaN in the verify output of the answer files under tests/") {
    int graded = 0;
    for (const auto& e : fs::recursive_directory_iterator(kSource / "tests")) {
      // Deliberately bad files live in a bad/ folder, or (the planted class of test_grading.cpp) are named malformed*.
      if (!e.is_regular_file() || e.path().extension() != ".json" || e.path().parent_path().filename() == "bad" ||
          e.path().stem().string().rfind("malformed", 0) == 0)
        continue;
      const Json j = hw6::load_problem("", e.path().string()).json;
      if (!j.is_object() || j.empty() || !hw6::find_exercise(j.begin().key())) continue;  // not an answer file
      CAPTURE(e.path().string());
      const auto result = hw6::verify::grade(j, hw6::verify::Tolerance{}, hw6::verify::compute_exercise);
      CHECK(nan_in(hw6::verify::to_json(result), "") == "");
      CHECK(nan_line(hw6::verify::render_text(result)) == "");
      ++graded;
    }
    CHECK(graded >= 3);
  }
}
