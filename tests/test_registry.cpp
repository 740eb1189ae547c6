#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"

#include <doctest/doctest.h>

#include <cctype>
#include <sstream>

TEST_SUITE("registry") {
  TEST_CASE("commands and aliases") {
    REQUIRE(hw6::exercises().size() == 7);
    CHECK(hw6::find_exercise("nn")->number == 5);
    CHECK(hw6::find_exercise("cnn")->key == "ex6");
    CHECK(hw6::find_exercise("attention")->number == 7);
    CHECK(hw6::find_exercise("ex8") == nullptr);
  }

  TEST_CASE("every built exercise solves its built-in problem and passes its own checks") {
    for (const auto& e : hw6::exercises()) {
      if (!e.run) continue;
      INFO(e.key);
      REQUIRE_FALSE(hw6::builtin_problem_text(e.key).empty());
      hw6::Report r = e.run(hw6::parse_json(std::string(hw6::builtin_problem_text(e.key))), hw6::RunContext{});
      CHECK(r.exercise == e.number);
      CHECK(r.all_checks_passed());
      CHECK_FALSE(r.checks.empty());
      // A NaN would be written as null; only ex2 has nulls of its own (no multiplier, no
      // counterexample), and ex7 where a kind of finite-difference check did not run (no random
      // directions at T = 3): those are removed before looking.
      hw6::Json out = r.to_json();
      if (e.key == "ex7")
        for (auto& fd : out["finite_differences"]) {
          if (fd["directions"] == 0)
            for (const char* key : {"direction_error", "direction_scale", "direction_rounding"}) {
              CHECK(fd.at(key).is_null());
              fd.erase(key);
            }
          if (fd["entries_checked"] == 0)
            for (const char* key : {"entry_error", "entry_scale", "entry_rounding", "worst_entry"}) {
              CHECK(fd.at(key).is_null());
              fd.erase(key);
            }
        }
      if (e.key != "ex2") CHECK(out.dump().find("null") == std::string::npos);
      const std::string md = hw6::render_markdown(r, "figures");
      // Every math block has content: the line after an opening "$$" is neither empty nor "$$".
      {
        std::istringstream lines(md);
        std::string line, next;
        bool empty_block = false;
        while (std::getline(lines, line))
          if (line == "$$") {
            std::getline(lines, next);
            empty_block = empty_block || next.empty() || next == "$$";
            while (next != "$$" && std::getline(lines, next)) {
            }
          }
        CHECK_FALSE(empty_block);
      }
      bool nan_word = false;  // "nan" as a word, as a NaN prints; not inside words such as "dominant"
      for (auto at = md.find("nan"); at != std::string::npos; at = md.find("nan", at + 1))
        nan_word = nan_word || ((at == 0 || !std::isalpha(static_cast<unsigned char>(md[at - 1]))) &&
                                (at + 3 >= md.size() || !std::isalpha(static_cast<unsigned char>(md[at + 3]))));
      CHECK_FALSE(nan_word);
    }
  }

  TEST_CASE("an answer template has the results' keys with null leaves") {
    hw6::Report r = hw6::find_exercise("ex6")->run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex6"))), hw6::RunContext{});
    hw6::Json t = hw6::answer_template(r);
    CHECK(t["total_params"].is_null());
    CHECK(t["layers"].size() == 8);
    CHECK(t["layers"][0]["params"].is_null());
    CHECK(t["batchnorm"]["gradients"]["x"].is_null());
    CHECK_FALSE(t.contains("checks"));
  }
}
