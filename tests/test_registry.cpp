#include "hw6/problems.hpp"
#include "hw6/registry.hpp"

#include <doctest/doctest.h>

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
      hw6::Report r = e.run(hw6::parse_json(std::string(hw6::builtin_problem_text(e.key))));
      CHECK(r.exercise == e.number);
      CHECK(r.all_checks_passed());
      CHECK_FALSE(r.checks.empty());
      // A NaN would be written as null; only ex2 has nulls of its own (no multiplier, no counterexample).
      if (e.key != "ex2") CHECK(r.to_json().dump().find("null") == std::string::npos);
    }
  }

  TEST_CASE("an answer template has the results' keys with null leaves") {
    hw6::Report r = hw6::find_exercise("ex6")->run(hw6::parse_json(std::string(hw6::builtin_problem_text("ex6"))));
    hw6::Json t = hw6::answer_template(r);
    CHECK(t["total_params"].is_null());
    CHECK(t["layers"].size() == 8);
    CHECK(t["layers"][0]["params"].is_null());
    CHECK(t["batchnorm"]["gradients"]["x"].is_null());
    CHECK_FALSE(t.contains("checks"));
  }
}
