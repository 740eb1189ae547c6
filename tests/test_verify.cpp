#include "hw6/grading.hpp"
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/verify.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace hw6;
using hw6::verify::Tolerance;

namespace {
Json computed(const std::string& key) { return verify::compute_exercise(key, nullptr).document; }

verify::Result grade(const Json& answers) { return verify::grade(answers, Tolerance{}, verify::compute_exercise); }

/// The single verdict of an answer file with one value.
verify::Verdict one(const Json& answers) {
  auto r = grade(answers);
  REQUIRE(r.verdicts.size() == 1);
  return r.verdicts[0];
}

std::string error_of(const Json& answers) {
  return hw6::testing::input_error_of([&] { grade(answers); });
}

Json transpose(const Json& m) {
  Json t = Json::array();
  for (std::size_t j = 0; j < m[0].size(); ++j) {
    Json row = Json::array();
    for (std::size_t i = 0; i < m.size(); ++i) row.push_back(m[i][j]);
    t.push_back(row);
  }
  return t;
}

Json map_entries(const Json& m, double (*f)(double)) {
  Json out = m;
  for (auto& row : out)
    for (auto& x : row) x = f(x.get<double>());
  return out;
}
}  // namespace

TEST_SUITE("verify") {
  TEST_CASE("did you mean: a near miss is suggested, an unrelated key is not") {
    const std::vector<std::string> paths = {"/ex5/softmax", "/ex1/support_vectors", "/ex4/alpha"};
    CHECK(hw6::verify::nearest_path("/ex1/suport_vectors", paths) == "/ex1/support_vectors");  // 1 edit
    CHECK(hw6::verify::nearest_path("/ex4/alhpa", paths) == "/ex4/alpha");                     // 2 edits
    CHECK(hw6::verify::nearest_path("/ex4/alpha_star", paths) == "/ex4/alpha");                // 5 edits of 15 characters
    CHECK(hw6::verify::nearest_path("/ex5/comment", paths).empty());                           // 6 edits of 12: another word
    // Deep paths: what counts is the part after the longest prefix that exists. A third of the
    // whole path's length allowed 12 edits here, and a student's extra key "comment" was asked
    // "did you mean .../forward/loss?", "my_answer" ".../forward/a?", "γ" ".../forward/z?".
    const auto ex5 = verify::all_paths(computed("ex5"), "/ex5");
    const std::string forward = "/ex5/network/sigmoid/forward/";
    CHECK(verify::nearest_path(forward + "comment", ex5).empty());
    CHECK(verify::nearest_path(forward + "my_answer", ex5).empty());
    CHECK(verify::nearest_path(forward + "\u03b3", ex5).empty());
    CHECK(verify::nearest_path(forward + "notes", ex5).empty());
    CHECK(verify::nearest_path(forward + "lossx", ex5) == forward + "loss");
    CHECK(verify::nearest_path(forward + "los", ex5) == forward + "loss");
    CHECK(verify::nearest_path("/ex5/netwrok/sigmoid/forward/loss", ex5) == forward + "loss");  // a typo early in the path
    CHECK(verify::nearest_path("/ex5/network/sigmoid/gradients/w1", ex5) == "/ex5/network/sigmoid/gradients/W1");
    CHECK(verify::nearest_path("/ex5/softmax/0/jacobain", ex5) == "/ex5/softmax/0/jacobian");
    const auto ex7 = verify::all_paths(computed("ex7"), "/ex7");
    CHECK(verify::nearest_path("/ex7/forward/z", ex7) == "/ex7/forward/Z");  // one letter, its case
    CHECK(verify::nearest_path("/ex7/gradent", ex7) == "/ex7/gradients");    // README's example
    CHECK(verify::nearest_path("/ex7/gradients/dW_Q", ex7) == "/ex7/gradients/W_Q");
  }

  TEST_CASE("the program's own output, as an answer file, passes entirely") {
    Json answers = Json::object();
    for (const auto& e : exercises())
      if (e.run) answers[e.key] = computed(e.key);
    auto r = grade(answers);
    CHECK(r.answered > 100);
    CHECK(r.all_passed());
    for (const auto& v : r.verdicts) {
      INFO(v.path);
      CHECK(v.passed);
    }
  }

  TEST_CASE("a template's nulls are not answers") {
    auto t = answer_template(find_exercise("ex6")->run(parse_json(std::string(builtin_problem_text("ex6"))), RunContext{}));
    t["total_params"] = 4296658176LL;
    auto r = grade(Json{{"ex6", t}});
    CHECK(r.answered == 1);
    CHECK(r.all_passed());
  }

  TEST_CASE("a value that does not exist is answered \"none\"; a value given for it is wrong, not a bad file") {
    // The homework's 2.1(a): min x s.t. x² <= 0 has f* = 0 at x = 0 and q(μ) = −1/(4μ) → 0 only as
    // μ → ∞, so no geometric multiplier exists (hw6 writes null), and claim (c) holds, so it has
    // no counterexample (null). Null in an answer file means "not answered", so "none" says it.
    // A multiplier interval or a counterexample given there was "hw6 has no number to compare
    // with here" and exit 2: one wrong answer made a whole student's file ungradable.
    auto right = grade(Json::parse(R"({"ex2": {"problems": [{"multipliers": "none"}], "claims": [{}, {}, {"counterexample": "none"}]}})"));
    CHECK(right.answered == 2);
    CHECK(right.all_passed());
    const auto wrong = one(Json::parse(R"({"ex2": {"problems": [{"multipliers": [0, 1]}]}})"));
    CHECK_FALSE(wrong.passed);
    CHECK(wrong.exact);
    CHECK(wrong.diagnosis.find("answered \"none\"") != std::string::npos);
    CHECK(verify::render_text(grade(Json::parse(R"({"ex2": {"problems": [{"multipliers": [0, 1]}]}})"))).find("expected \"none\", given [0, 1]") !=
          std::string::npos);
    CHECK_FALSE(one(Json::parse(R"j({"ex2": {"claims": [{}, {}, {"counterexample": "(a)"}]}})j")).passed);
    // An empty index set is "none" too: the homework's ex3 has no feature on the boundary.
    CHECK(one(Json::parse(R"({"ex3": {"uniqueness": {"boundary": "none"}}})")).passed);
    CHECK(one(Json::parse(R"({"ex3": {"uniqueness": {"boundary": []}}})")).passed);
    CHECK_FALSE(one(Json::parse(R"({"ex3": {"screening": {"inactive": "none"}}})")).passed);
    // "none" where a value exists is a wrong answer too (problem (c)'s multipliers are [0, 1]).
    CHECK_FALSE(one(Json::parse(R"({"ex2": {"problems": [{}, {}, {"multipliers": "none"}]}})")).passed);
    CHECK_FALSE(one(Json::parse(R"({"ex6": {"total_params": "none"}})")).passed);
  }

  TEST_CASE("ex2's closed-form q(mu) is graded as a formula: by its values on the piece") {
    // Problem (a): min x s.t. x² <= 0. L = x + μx² is unbounded below at μ = 0 (q = −∞) and
    // minimized at x = −1/(2μ) for μ > 0: q(μ) = −1/(2μ) + μ/(4μ²) = −1/(4μ). hw6 writes the
    // pieces [0, 0] → "-inf" and [0, inf] → "-1/(4*mu)". "-0.25/mu" is the same answer (it
    // failed: strings compared whole); a formula where hw6 has -inf is wrong, not a bad file
    // ("cannot read the answer: expected a number", exit 2).
    auto piece = [](const Json& q0, const Json& q1) {
      return grade(Json{{"ex2", {{"problems", {{{"dual_closed_form", {{{"q", q0}}, {{"q", q1}}}}}}}}}});
    };
    CHECK(piece("-inf", "-1/(4*mu)").all_passed());
    CHECK(piece("-inf", "-0.25/mu").all_passed());
    CHECK(piece("-inf", "-1/(4*\u03bc)").all_passed());  // μ written as the letter
    CHECK(piece("-inf", "-(1/4)*mu^-1").all_passed());
    auto r = piece("-1/(4*mu)", "-1/(2*mu)");
    CHECK(r.answered == 2);
    CHECK(r.passed == 0);
    r = piece("-inf", "-1/(4mu)");  // no implicit multiplication: said, and wrong
    CHECK(r.passed == 1);
    CHECK(r.verdicts[1].diagnosis.find("does not parse") != std::string::npos);
    // Problem (b)'s q is the constant "0" on its first piece: the number 0 is that answer (it was
    // "expected a string, got 0").
    CHECK(grade(Json::parse(R"({"ex2": {"problems": [{}, {"dual_closed_form": [{"q": 0}, {"q": "-inf"}]}]}})")).all_passed());
  }

  TEST_CASE("a counterexample may name the homework's problem by its label") {
    // Claim 2(a) ("a multiplier always exists") is refuted by problem (a), whose name in hw6's
    // output is "(a) f = x, g = x^2". A student answers "(a)", as the sheet labels it: that was a
    // FAIL, since the name was compared as a whole string. Another label, or none, still fails.
    auto counterexample = [](const std::string& g) { return one(Json{{"ex2", {{"claims", {{{"counterexample", g}}}}}}}); };
    for (const std::string g : {"(a)", "a", "A", " (a) ", "(a) f = x, g = x^2", "(a) f = x"}) {
      INFO(g);
      CHECK(counterexample(g).passed);
    }
    for (const std::string g : {"(b)", "b", "(a)x", "added: f = exp(x), g = x", "f = x"}) {
      INFO(g);
      CHECK_FALSE(counterexample(g).passed);
    }
    // hw6's added problems have no label: their full name is the answer (claim (e)).
    CHECK(one(Json{{"ex2", {{"claims", {Json::object(), Json::object(), Json::object(), Json::object(),
                                         {{"counterexample", "added: f = exp(x), g = x"}}}}}}}).passed);
  }

  TEST_CASE("tolerances: relative or absolute, from the defaults or per value") {
    // ln 3 = 1.0986122887: 1.0986 is off by 1.2e-5 relative → passes at rtol 1e-4, fails at 1e-6.
    CHECK(one(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", 1.0986}}}}}}}}}}).passed);
    auto strict = verify::grade(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", 1.0986}}}}}}}}}}, Tolerance{1e-6, 1e-9},
                                verify::compute_exercise);
    CHECK_FALSE(strict.verdicts[0].passed);
    Json with_override = {{"tolerances", {{"/ex5/network", {{"rtol", 1e-3}}}}}, {"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", 1.098}}}}}}}}}};
    CHECK(verify::grade(with_override, Tolerance{1e-6, 1e-9}, verify::compute_exercise).verdicts[0].passed);
  }

  TEST_CASE("tolerance paths are checked like answer paths, and follow the exercise under either name") {
    const Json ex7 = computed("ex7");
    const Json X = ex7["gradients"]["X"];
    // The reviewer's typo "/ex7/gradent" was ignored without a word, the default tolerance applied.
    Json typo = {{"ex7", {{"gradients", {{"X", X}}}}}, {"tolerances", {{"/ex7/gradent", {{"rtol", 0.01}}}}}};
    const std::string e = error_of(typo);
    CHECK(e.rfind("/tolerances/~1ex7~1gradent ", 0) == 0);
    CHECK(e.find("did you mean /ex7/gradients?") != std::string::npos);
    // Inside a value compared as a whole (a row of a matrix): it could never apply.
    typo["tolerances"] = {{"/ex7/gradients/X/1", {{"rtol", 0.01}}}};
    CHECK(error_of(typo).find("inside /ex7/gradients/X, which is compared as a whole") != std::string::npos);
    // Not an exercise, not a pointer.
    typo["tolerances"] = {{"/ex77/gradients", {{"rtol", 0.01}}}};
    CHECK(error_of(typo).rfind("/tolerances/~1ex77~1gradients unknown exercise \"ex77\"", 0) == 0);
    typo["tolerances"] = {{"ex7/gradients", {{"rtol", 0.01}}}};
    CHECK(error_of(typo).rfind("/tolerances/ex7~1gradients ", 0) == 0);
    // An exercise the file does not answer: the tolerance applies to nothing, which is no error
    // (a course's tolerances may cover every exercise).
    typo["tolerances"] = {{"/ex5/network", {{"rtol", 0.01}}}};
    CHECK(error_of(typo) == "<none>");
    // The alias and the key name one exercise: X off by 0.5% passes at rtol 1e-2 either way round.
    Json off = X;
    for (auto& row : off)
      for (auto& x : row) x = x.get<double>() * 1.005;
    CHECK_FALSE(one(Json{{"attention", {{"gradients", {{"X", off}}}}}}).passed);
    CHECK(one(Json{{"attention", {{"gradients", {{"X", off}}}}}, {"tolerances", {{"/ex7/gradients", {{"rtol", 1e-2}}}}}}).passed);
    CHECK(one(Json{{"ex7", {{"gradients", {{"X", off}}}}}, {"tolerances", {{"/attention/gradients/X", {{"rtol", 1e-2}}}}}}).passed);
    CHECK(one(Json{{"ex7", {{"gradients", {{"X", off}}}}}, {"tolerances", {{"/ex7", {{"rtol", 1e-2}}}}}}).passed);
  }

  TEST_CASE("counts are exact") {
    auto v = one(Json{{"ex6", {{"total_params", 4296658177LL}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.exact);
  }

  TEST_CASE("planted mistakes are diagnosed") {
    const Json ex5 = computed("ex5"), ex6 = computed("ex6"), ex7 = computed("ex7");

    SUBCASE("transposed") {
      Json wv = ex7["gradients"]["W_V"];  // 4×4 and not symmetric
      auto v = one(Json{{"ex7", {{"gradients", {{"W_V", transpose(wv)}}}}}});
      CHECK_FALSE(v.passed);
      CHECK(v.diagnosis.find("transposed") == 0);
      CHECK(v.worst.find(", given ") != std::string::npos);  // "[3][1] expected 0.85, given -0.43; ..."
      REQUIRE(v.share_within_tolerance);
      CHECK(*v.share_within_tolerance < 1.0);
    }
    SUBCASE("transposed, non-square: a shape error that is recognized") {
      Json w2 = ex5["network"]["sigmoid"]["gradients"]["W2"];  // 3×4
      auto v = one(Json{{"ex5", {{"network", {{"sigmoid", {{"gradients", {{"W2", transpose(w2)}}}}}}}}}});
      CHECK(v.diagnosis.find("transposed") == 0);
    }
    SUBCASE("sign flipped") {
      auto v = one(Json{{"ex7", {{"gradients", {{"K", map_entries(ex7["gradients"]["K"], [](double x) { return -x; })}}}}}});
      CHECK(v.diagnosis.find("sign flipped") == 0);
    }
    SUBCASE("scaled by 1/√d_k (d_k = 2), by ½ and by 2") {
      auto v = one(Json{{"ex7", {{"gradients", {{"Q", map_entries(ex7["gradients"]["Q"], [](double x) { return x / std::sqrt(2.0); })}}}}}});
      CHECK(v.diagnosis.find("1/√d_k with d_k = 2") != std::string::npos);
      v = one(Json{{"ex6", {{"batchnorm", {{"gradients", {{"x", map_entries(ex6["batchnorm"]["gradients"]["x"], [](double x) { return x / 2; })}}}}}}}});
      CHECK(v.diagnosis.find("(= ½)") != std::string::npos);
      v = one(Json{{"ex7", {{"gradients", {{"S", map_entries(ex7["gradients"]["S"], [](double x) { return 2 * x; })}}}}}});
      CHECK(v.diagnosis.find("scaled by a factor of 2 ") == 0);
      CHECK(v.diagnosis.find("(= 2") == std::string::npos);  // the number is no name of itself ("a factor of 2 (= 2)")
      v = one(Json{{"ex6", {{"batchnorm", {{"gradients", {{"x", map_entries(ex6["batchnorm"]["gradients"]["x"], [](double x) { return 2 * x; })}}}}}}}});
      CHECK(v.diagnosis == "scaled by a factor of 2 relative to the expected value");
    }
    SUBCASE("rows permuted") {
      Json a = ex7["forward"]["A"];
      std::swap(a[0], a[2]);
      auto v = one(Json{{"ex7", {{"forward", {{"A", a}}}}}});
      CHECK(v.diagnosis.find("rows permuted") == 0);
    }
    SUBCASE("the sigmoid result where relu is asked") {
      auto v = one(Json{{"ex5", {{"network", {{"relu", {{"forward", {{"a", ex5["network"]["sigmoid"]["forward"]["a"]}}}}}}}}}});
      CHECK(v.diagnosis.find("other activation") != std::string::npos);
    }
    SUBCASE("the step taken uphill: W + η∂L/∂W") {
      // relu on the homework: ∂L/∂W² has rows (1, 1, 1, 1), (1, 1, 1, 1), (−2, −2, −2, −2) (p − q =
      // (⅓, ⅓, −⅔) times a = 3), so W² + 0.1·∂L/∂W² has rows of 0.6, 0.6 and 0.3 (right: 0.4, 0.4, 0.7).
      const Json uphill = Json::array({Json::array({0.6, 0.6, 0.6, 0.6}), Json::array({0.6, 0.6, 0.6, 0.6}), Json::array({0.3, 0.3, 0.3, 0.3})});
      auto v = one(Json{{"ex5", {{"network", {{"relu", {{"updated", {{"W2", uphill}}}}}}}}}});
      CHECK_FALSE(v.passed);
      CHECK(v.diagnosis.find("the step taken uphill") != std::string::npos);
      // W¹ does not move on the homework (∂L/∂W¹ = 0): the right W¹ passes, and W¹ itself gets no uphill hint.
      v = one(Json{{"ex5", {{"network", {{"relu", {{"updated", {{"W1", ex5["network"]["relu"]["updated"]["W1"]}}}}}}}}}});
      CHECK(v.passed);
    }
    SUBCASE("base-10 instead of natural logarithm") {
      const double loss = ex5["network"]["sigmoid"]["forward"]["loss"].get<double>();
      auto v = one(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", loss / std::log(10.0)}}}}}}}}}});
      CHECK(v.diagnosis.find("base-10") != std::string::npos);
    }
    SUBCASE("off by one in a feature-map size") {
      auto v = one(Json{{"ex6", {{"layers", Json::array({Json{{"output", {511, 511, 64}}}})}}}});
      CHECK_FALSE(v.passed);
      CHECK(v.diagnosis.find("off by one") == 0);
    }
    SUBCASE("a parameter count with biases where there are none") {
      // conv5-64 on 4 channels: 5·5·4·64 = 6,400 weights; with 64 biases 6,464.
      auto v = one(Json{{"ex6", {{"layers", Json::array({Json{{"params", 6464}}})}}}});
      CHECK(v.diagnosis.find("with biases") != std::string::npos);
    }
  }

  TEST_CASE("index sets are compared as sets; 1-based indices are diagnosed") {
    // problems/ex1.json: the active points are 0, 4 and 6 (derived in its description).
    CHECK(one(Json{{"ex1", {{"solution", {{"support_vectors", {6, 0, 4}}}}}}}).passed);
    auto v = one(Json{{"ex1", {{"solution", {{"support_vectors", {1, 5, 7}}}}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.diagnosis.find("1-based") != std::string::npos);
    v = one(Json{{"ex3", {{"screening", {{"inactive", {1, 3}}}}}}});  // the full set is 1, 3, 5, 7, 8, 9
    CHECK_FALSE(v.passed);
    CHECK(v.worst.find("missing 5, 7, 8, 9") == 0);
    CHECK(v.diagnosis.empty());  // every wrong set misses something: that is no diagnosis
  }

  TEST_CASE("an index set written with decimal points (numpy's tolist() of a float array) is the same set") {
    // Counts already compare 1090176.0 with 1090176 exactly; an index set did not: [6.0, 0.0, 4.0]
    // made the whole file ungradable ("expected integer indices"). problems/ex1.json's active points
    // are 0, 4 and 6, so these floats are right, and 1.0, 5.0, 7.0 are the 1-based mistake.
    CHECK(one(Json{{"ex1", {{"solution", {{"support_vectors", {6.0, 0.0, 4.0}}}}}}}).passed);
    const auto v = one(Json{{"ex1", {{"solution", {{"support_vectors", {1.0, 5.0, 7.0}}}}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.diagnosis.find("1-based") != std::string::npos);
    // Not an index at all: still an error naming the value.
    CHECK(error_of(Json{{"ex1", {{"solution", {{"support_vectors", {0.5, 4, 6}}}}}}}).rfind("/ex1/solution/support_vectors expected integer indices, got 0.5", 0) == 0);
    CHECK(error_of(Json{{"ex1", {{"solution", {{"support_vectors", {1e300}}}}}}}).rfind("/ex1/solution/support_vectors expected integer indices", 0) == 0);
  }

  TEST_CASE("every 0-based index of the output gets the off-by-one hint when answered 1-based") {
    // The index answers of `hw6 template all`: the sets support_vectors (ex1, ex4), inactive,
    // boundary, dependent, blocked (ex3), and the single indices ex1/drop_one/index,
    // ex7/last_token/index and the [row, column] of ex7/finite_differences/*/worst_entry.
    auto hint = [](const Json& answers) {
      const auto v = one(answers);
      CHECK_FALSE(v.passed);
      return v.diagnosis;
    };
    // ex3: 1, 3, 5, 7, 8, 9 (problems/ex3.json) answered as 2, 4, 6, 8, 9, 10: 8 and 9 are in both sets.
    CHECK(hint(Json{{"ex3", {{"screening", {{"inactive", {2, 4, 6, 8, 9, 10}}}}}}}).find("1-based") != std::string::npos);
    CHECK(hint(Json{{"ex4", {{"support_vectors", {5, 6, 7, 11, 12, 13}}}}}).find("1-based") != std::string::npos);
    // ex7: the last token is z₃ in the homework, token 3 in hw6's text, index 2 in JSON.
    const std::string last = hint(Json{{"ex7", {{"last_token", {{"index", 3}}}}}});
    CHECK(last.find("off by one") == 0);
    CHECK(last.find("what the homework numbers 3 is index 2") != std::string::npos);
    CHECK(hint(Json{{"ex1", {{"drop_one", {{"index", 1}}}}}}).find("1-based") != std::string::npos);  // the point dropped is 0
    const Json worst = computed("ex7")["finite_differences"][2]["worst_entry"];
    Json shifted = {worst[0].get<int>() + 1, worst[1].get<int>() + 1};
    Json fd = Json::array({Json::object(), Json::object(), Json{{"worst_entry", shifted}}});
    CHECK(hint(Json{{"ex7", {{"finite_differences", fd}}}}).find("1-based") != std::string::npos);
    // Not for an index off the other way, nor for a count.
    CHECK(hint(Json{{"ex7", {{"last_token", {{"index", 1}}}}}}).empty());
    CHECK(hint(Json{{"ex7", {{"sizes", {{"T", 4}}}}}}).empty());
  }

  TEST_CASE("shapes: a d×1 matrix is an array of d rows, a vector a flat array, and the messages say which") {
    // d_k = 1: ∂L/∂W_Q is d_model×1 = 4×1, written by hw6 ex7 --format json as [[a], [b], [c], [d]].
    const Json problem = {{"X", {{0.55, -0.06, -0.59, 0.41}, {0.83, -1.64, -0.26, -0.98}, {-0.17, -1.29, 0.02, -0.04}}},
                          {"W_Q", {{-0.3}, {-1.05}, {-0.4}, {-1.09}}},
                          {"W_K", {{-1.36}, {0.22}, {-1.11}, {1.17}}},
                          {"W_V", {{0.72, -2.0, 0.27, -1.1}, {0.03, 0.04, -1.99, -0.23}, {-0.26, 0.96, -1.18, 0.74}, {-1.1, -0.33, -0.84, 1.45}}},
                          {"dL_dZ", {{0.57, 2.43, 0.64, 0.84}, {0.84, -0.61, -0.07, 1.35}, {-0.4, 0.19, -0.02, 0.61}}}};
    const Json column = verify::compute_exercise("ex7", &problem).document["gradients"]["W_Q"];
    REQUIRE(column.size() == 4);
    REQUIRE(column[0].size() == 1);
    auto answer = [&](const Json& w_q) { return one(Json{{"ex7", {{"problem", problem}, {"gradients", {{"W_Q", w_q}}}}}}); };
    CHECK(answer(column).passed);
    // As a 1×4 row: the reviewer saw "expected a vector of 4, given a 1×4 matrix" (matrices as before: "given 1×4").
    Json row = Json::array({Json::array()}), flat = Json::array();
    for (const auto& r : column) row[0].push_back(r[0]), flat.push_back(r[0]);
    auto v = answer(row);
    CHECK_FALSE(v.passed);
    CHECK(v.worst == "expected a 4×1 matrix, given 1×4");
    CHECK(v.diagnosis.find("transposed") == 0);
    // As a flat vector: the right numbers, not the shape the contract asks for ("shapes must match").
    v = answer(flat);
    CHECK_FALSE(v.passed);
    CHECK(v.worst == "expected a 4×1 matrix, given a vector of 4");
    CHECK(v.diagnosis.find("the right numbers") == 0);
    // The other way round: a vector answered as a column, a number as a vector of one.
    const Json b1 = computed("ex5")["network"]["sigmoid"]["gradients"]["b1"];
    Json b1_column = Json::array();
    for (const auto& x : b1) b1_column.push_back(Json::array({x}));
    v = one(Json{{"ex5", {{"network", {{"sigmoid", {{"gradients", {{"b1", b1_column}}}}}}}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.worst == "expected a vector of " + std::to_string(b1.size()) + ", given a " + std::to_string(b1.size()) + "×1 matrix");
    v = one(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", Json::array({std::log(3.0)})}}}}}}}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.worst == "expected a number, given a vector of 1");
    // Values as people read them keep the form: a column is not shown as a vector.
    CHECK(verify::value_text(Json::array({Json::array({0}), Json::array({-250000})})) == "[[0], [-250000]]");
    CHECK(verify::value_text(Json::array({0, -250000})) == "[0, -250000]");
  }

  TEST_CASE("an embedded problem is solved and graded") {
    // LeNet-5's first layer: 5·5·1·6 + 6 = 156 parameters, 32 − 5 + 1 = 28.
    Json answers = {{"ex6",
                     {{"problem", {{"input", {32, 32, 1}}, {"layers", {"conv5-6"}}, {"padding", "valid"}, {"bias", true}}},
                      {"layers", Json::array({Json{{"output", {28, 28, 6}}, {"params", 156}}})}}}};
    auto r = grade(answers);
    CHECK(r.answered == 2);
    CHECK(r.all_passed());
    answers["ex6"]["problem"]["layers"] = {"conv5-6", "maxpooling"};
    CHECK(error_of(answers).rfind("/ex6/problem/layers/1 ", 0) == 0);
  }

  TEST_CASE("bad answer files name the offending path") {
    CHECK(error_of(Json{{"ex9", Json::object()}}).rfind("/ex9 unknown exercise", 0) == 0);
    const std::string typo = error_of(Json{{"ex6", {{"total_parms", 1}}}});
    CHECK(typo.rfind("/ex6/total_parms ", 0) == 0);
    CHECK(typo.find("did you mean /ex6/total_params?") != std::string::npos);
    CHECK(error_of(Json{{"ex5", {{"network", {{"sigmoid", {{"gradients", {{"W2", "zero"}}}}}}}}}}).rfind("/ex5/network/sigmoid/gradients/W2 cannot read", 0) == 0);
    CHECK(error_of(Json{{"ex5", {{"network", {{"sigmoid", {{"gradients", {{"W2", {{1, 2}, {3}}}}}}}}}}}}).find("cannot read") != std::string::npos);
    CHECK(error_of(Json::array()).find("an answer file is an object") != std::string::npos);
    // A value written in the wrong form says the form hw6 expects there. An object for ex2's array
    // of 6 problems said "expected a value here"; a number for ex6's array of 8 layers said "hw6
    // has no number to compare with here (the value does not exist on this problem, ...)", false.
    CHECK(error_of(Json::parse(R"({"ex2": {"problems": {"0": {"f_star": 0}}}})")) ==
          "/ex2/problems expected an array of 6 objects (as hw6 --format json writes it) here, got an object");
    CHECK(error_of(Json::parse(R"({"ex6": {"layers": 3}})")) == "/ex6/layers expected an array of 8 objects (as hw6 --format json writes it) here, got 3");
    CHECK(error_of(Json::parse(R"({"ex6": {"total_params": {"value": 5}}})")) == "/ex6/total_params expected a number here, got an object");
    CHECK(error_of(Json::parse(R"({"ex5": {"network": {"sigmoid": {"gradients": {"W1": {"a": 1}}}}}})")) ==
          "/ex5/network/sigmoid/gradients/W1 expected a 4×3 matrix here, got an object");
    CHECK(error_of(Json::parse(R"({"ex2": {"claims": [{"holds": {"x": 1}}]}})")) == "/ex2/claims/0/holds expected true or false here, got an object");
    // An unknown key with no near miss says which keys the output has there; an index past the
    // end, how many entries there are.
    CHECK(error_of(Json::parse(R"({"ex5": {"network": {"sigmoid": {"forward": {"comment": 1}}}}})")) ==
          "/ex5/network/sigmoid/forward/comment the output has no such value; the keys there are z, a, y, p, loss");
    CHECK(error_of(Json::parse(R"({"ex5": {"comment": 1}})")) == "/ex5/comment the output has no such value; the keys there are softmax, network");
    CHECK(error_of(Json::parse(R"({"ex2": {"problems": [{}, {}, {}, {}, {}, {}, {"f_star": 1}]}})")) ==
          "/ex2/problems/6 the output has no such value; it has 6 entries there, indices 0 … 5");
    // A "problem" that is neither an embedded problem nor the string an output document carries
    // was graded against the built-in problem without a word.
    CHECK(error_of(Json::parse(R"({"ex6": {"total_params": 4296658176, "problem": 5}})")).rfind("/ex6/problem expected an embedded problem", 0) == 0);
    CHECK(grade(Json::parse(R"({"ex6": {"total_params": 4296658176, "problem": "built-in"}})")).all_passed());
  }

  TEST_CASE("one exercise under its key and its alias is answered twice: an error at the second, never a silent drop") {
    // Reviewer's reproducer: a wrong ∂L/∂X under "ex7" and a right ∂L/∂W_Q under "attention" was
    // graded "1 of 1 correct": one of the two blocks was never read.
    const Json ex7 = computed("ex7");
    const Json zeros = Json::array({{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}});
    Json both = {{"ex7", {{"gradients", {{"X", zeros}}}}}, {"attention", {{"gradients", {{"W_Q", ex7["gradients"]["W_Q"]}}}}}};
    CHECK(error_of(both).rfind("/attention ex7 is answered twice", 0) == 0);
    Json reversed = {{"attention", {{"gradients", {{"W_Q", ex7["gradients"]["W_Q"]}}}}}, {"ex7", {{"gradients", {{"X", zeros}}}}}};
    CHECK(error_of(reversed).rfind("/ex7 ex7 is answered twice", 0) == 0);
    // One name only is fine, whichever it is.
    CHECK(grade(Json{{"attention", {{"gradients", {{"W_Q", ex7["gradients"]["W_Q"]}}}}}}).all_passed());
  }

  TEST_CASE("the JSON report has the contract's keys") {
    Json j = verify::to_json(grade(Json{{"ex6", {{"total_params", 1}}}}));
    CHECK(j["results"][0]["path"] == "/ex6/total_params");
    CHECK(j["results"][0]["passed"] == false);
    CHECK(j["summary"]["ex6"]["answered"] == 1);
    CHECK(j["summary"]["total"]["passed"] == 0);
  }

  TEST_CASE("diagnosis needs evidence: an unrelated wrong answer gets none") {
    Eigen::MatrixXd e(2, 2), g(2, 2);
    e << 1, 2, 3, 4;
    g << 1, 2, 3, 5;
    CHECK(verify::diagnose_matrix(g, e, Tolerance{}).empty());
  }

  TEST_CASE("a hint must be one a wrong answer could fail to get: random wrong values get none") {
    // Every numeric value of every exercise's output on the homework's problems, perturbed at random
    // 1,000 times: each entry multiplied by its own factor 1 ± u, u uniform in [0.02, 0.25] (a
    // scalar by one such factor). None of these factors is ½, 2, ln 10, a power of 10 or a factor
    // of the problem (checked below against the list), and independent factors are no uniform
    // scaling, transpose or permutation — so no hint may be given.
    std::mt19937 rng(12);
    std::uniform_real_distribution<double> u(0.02, 0.25);
    std::bernoulli_distribution sign(0.5);
    std::vector<std::pair<std::string, Json>> values;  // (path, expected)
    std::vector<std::shared_ptr<const verify::Computed>> computed;
    grading::ProblemCache cache;  // each exercise solved once for the 1,000 gradings
    auto numbers = [](const Json& x) {  // a number, or a vector or matrix of numbers, some not integers
      bool fractional = false;
      auto number = [&](const Json& y) { fractional = fractional || y.is_number_float(); return y.is_number(); };
      if (x.is_number()) return number(x) && fractional;
      if (!x.is_array() || x.empty()) return false;
      for (const auto& row : x) {
        if (row.is_array()) {
          if (row.empty()) return false;
          for (const auto& y : row)
            if (!number(y)) return false;
        } else if (!number(row)) {
          return false;
        }
      }
      return fractional;
    };
    for (const auto& e : exercises()) {
      if (!e.run) continue;
      computed.push_back(cache.get(e.key, nullptr));
      for (const auto& path : verify::leaf_paths(computed.back()->document, "/" + e.key)) {
        const Json& x = computed.back()->document[Json::json_pointer(path.substr(e.key.size() + 1))];
        const std::string key = path.substr(path.rfind('/') + 1);
        if (numbers(x) && key != "support_vectors" && key != "inactive") values.push_back({path, x});
      }
    }
    REQUIRE(values.size() > 50);
    auto perturb = [&](double x, double f) { return x * f; };
    int hints = 0, graded = 0;
    for (int trial = 0; trial < 1000; ++trial) {
      const auto& [path, expected] = values[static_cast<std::size_t>(trial) % values.size()];
      auto factor = [&] { return sign(rng) ? 1 + u(rng) : 1 - u(rng); };
      Json given = expected;
      if (given.is_number()) {
        const double f = factor();
        bool likely = false;
        for (const auto& c : computed)
          for (const auto& lf : c->factors) likely = likely || std::fabs(f / lf.value - 1) < 1e-3;
        if (likely) continue;  // a factor of the problem itself: a hint would be right
        given = perturb(given.get<double>(), f);
      } else {
        for (auto& x : given) {
          if (!x.is_array()) x = perturb(x.get<double>(), factor());
          else
            for (auto& y : x) y = perturb(y.get<double>(), factor());
        }
      }
      // Build {"exN": {... path ...: given}}.
      Json answers = Json::object();
      answers[Json::json_pointer(path)] = given;
      const auto r = verify::grade(answers, Tolerance{}, cache.source());
      REQUIRE(r.verdicts.size() == 1);
      if (r.verdicts[0].passed) continue;  // e.g. a zero entry stays zero
      ++graded;
      INFO(path << " given " << given.dump());
      CHECK(r.verdicts[0].diagnosis == "");
      hints += r.verdicts[0].diagnosis.empty() ? 0 : 1;
    }
    CHECK(graded > 700);  // the others stayed within tolerance (entries near 0) or hit a factor of the problem
    CHECK(hints == 0);
  }

  TEST_CASE("an answer rounded or cut off too early is named as such (graded to rtol 1e-4, a rounding to 2 decimals fails)") {
    const Json ex5 = computed("ex5"), ex7 = computed("ex7");
    // The loss is ln 3 = 1.0986122887 (README, 3(a)). 1.1 is it rounded to one decimal (two
    // significant digits), 1.09 cut off after two decimals, 1.0986 rounded to four decimals (within
    // tolerance: right). 1.0 keeps a single digit: as likely a guess as a rounding, no hint
    // (the planted-mistakes case below).
    auto loss = [](double x) { return Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", x}}}}}}}}}}; };
    auto v = one(loss(1.1));
    CHECK_FALSE(v.passed);
    CHECK(v.diagnosis.find("rounded to 1 decimal place") == 0);
    CHECK(v.diagnosis.find("5 significant digits") != std::string::npos);  // 0.5·10^(1−5) = 5e-5 ≤ 1e-4
    v = one(loss(1.09));
    CHECK(v.diagnosis.find("cut off after 2 decimal places") == 0);
    CHECK(one(loss(1.0986)).passed);
    // A matrix with every entry rounded to 2 decimals (∂L/∂W_V of the homework's attention layer,
    // entries of order 0.1 to 1: most change by far more than 1e-4 relative).
    const Json W_V = ex7["gradients"]["W_V"];
    v = one(Json{{"ex7", {{"gradients", {{"W_V", map_entries(W_V, [](double x) { return std::round(x * 100) / 100; })}}}}}});
    CHECK_FALSE(v.passed);
    CHECK(v.diagnosis.find("rounded to 2 decimal places") == 0);
    // The same rounding with one entry otherwise wrong is no rounding.
    Json off = map_entries(W_V, [](double x) { return std::round(x * 100) / 100; });
    off[0][0] = off[0][0].get<double>() + 0.5;
    CHECK(one(Json{{"ex7", {{"gradients", {{"W_V", off}}}}}}).diagnosis.find("rounded") == std::string::npos);
  }

  TEST_CASE("the planted mistakes keep their hints") {
    const Json ex5 = computed("ex5"), ex6 = computed("ex6"), ex7 = computed("ex7");
    // A uniformly scaled matrix (several nonzero entries with one ratio) is named whatever the ratio.
    auto v = one(Json{{"ex7", {{"gradients", {{"W_V", map_entries(ex7["gradients"]["W_V"], [](double x) { return 0.8123 * x; })}}}}}});
    CHECK(v.diagnosis.find("scaled by a factor of 0.8123 (every entry, uniformly)") == 0);
    // A scalar off by an unlikely factor gets nothing; by ln 10 or a power of 10 it is named.
    const double loss = ex5["network"]["sigmoid"]["forward"]["loss"].get<double>();
    CHECK(one(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", 1.0}}}}}}}}}}).diagnosis.empty());  // ln 3 ≈ 1.0986
    CHECK(one(Json{{"ex5", {{"network", {{"sigmoid", {{"forward", {{"loss", loss * 1000}}}}}}}}}}).diagnosis.find("10³") != std::string::npos);
    // A bias counted with the wrong channel count: 6400 + 2 is no "factor of 1.0003".
    CHECK(one(Json{{"ex6", {{"layers", Json::array({Json{{"params", 6402}}})}}}}).diagnosis.empty());
    // ex6's batch of m = 4: a gradient with 1/m applied twice is off by 1/m (a factor of ¼ is not general).
    v = one(Json{{"ex6", {{"batchnorm", {{"forward", {{"y", map_entries(ex6["batchnorm"]["forward"]["y"], [](double x) { return x / 4; })}}}}}}}});
    CHECK(v.diagnosis.find("1/m with m = 4 (the batch size)") != std::string::npos);
    // Sign flipped and transposed stay.
    v = one(Json{{"ex7", {{"gradients", {{"S", map_entries(ex7["gradients"]["S"], [](double x) { return -x; })}}}}}});
    CHECK(v.diagnosis.find("sign flipped") == 0);
  }
}
