#include "hw6/exercises/ex1.hpp"
#include "hw6/problems.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <random>

using namespace hw6;

namespace {
Report run(const std::string& text) { return ex1::run(parse_json(text)); }
}  // namespace

TEST_SUITE("ex1") {
  TEST_CASE("the built-in problem, derived by hand") {
    // See problems/ex1.json: w* = (1, 0), b* = −1, margin 2, active points 0, 4, 6; dropping point 0
    // leaves the positives at x₁ ≥ 3, so w = 2/3·(1, 0), b = −1, margin 3.
    Report r = run(std::string(builtin_problem_text("ex1")));
    CHECK(r.all_checks_passed());
    const Json& s = r.results["solution"];
    CHECK(s["status"] == "optimal");
    CHECK(s["w"][0].get<double>() == doctest::Approx(1.0).epsilon(1e-12));
    CHECK(std::fabs(s["w"][1].get<double>()) < 1e-12);
    CHECK(s["b"].get<double>() == doctest::Approx(-1.0).epsilon(1e-12));
    CHECK(s["margin"].get<double>() == doctest::Approx(2.0).epsilon(1e-12));
    CHECK(s["support_vectors"] == Json::array({0, 4, 6}));
    CHECK(r.results["drop_one"]["changed"] == true);
    CHECK(r.results["drop_one"]["w"][0].get<double>() == doctest::Approx(2.0 / 3).epsilon(1e-9));
    // Distances to 3x₁ + 4x₂ − 5 = 0: |−5|/5 = 1, |9 + 16 − 5|/5 = 4, |3 + 2 − 5|/5 = 0.
    CHECK(r.results["distance"]["values"] == Json::array({1.0, 4.0, 0.0}));
    CHECK(r.results["distance"]["closest_points"][0][0].get<double>() == doctest::Approx(0.6));
  }

  TEST_CASE("one class: w* = 0 and an unbounded interval of b") {
    Report r = run(R"({"X": [[1, 2], [2, 0.5]], "y": [-1, -1]})");
    CHECK(r.all_checks_passed());
    CHECK(r.results["solution"]["b_unique"] == false);
    CHECK(r.results["solution"]["b_interval"] == Json::array({"-inf", -1.0}));
    CHECK(r.results["solution"]["margin"] == "inf");
  }

  TEST_CASE("not separable: infeasible with a certificate, exit status 0") {
    Report r = run(R"({"X": [[0, 0], [2, 0], [1, 0], [1, 1]], "y": [1, 1, -1, -1]})");
    CHECK(r.all_checks_passed());
    CHECK(r.results["solution"]["status"] == "infeasible");
    const Json& w = r.results["solution"]["certificate"]["weights"];
    CHECK(w[0].get<double>() == doctest::Approx(0.5).epsilon(1e-6));
    CHECK(w[2].get<double>() == doctest::Approx(1.0).epsilon(1e-6));
  }

  TEST_CASE("every key the contract requires is present, null where the quantity does not exist") {
    // Not separable (the XOR square): no w*, b*, objective, margin, support vectors or b interval;
    // no query either, and no optimal hyperplane to measure the data's distances from.
    Report r = run(R"({"X": [[0, 0], [1, 1], [1, 0], [0, 1]], "y": [1, 1, -1, -1]})");
    const Json& s = r.results["solution"];
    CHECK(s["status"] == "infeasible");
    for (const char* key : {"w", "b", "objective", "margin", "support_vectors", "b_unique", "b_interval"}) {
      INFO(key);
      REQUIRE(s.contains(key));
      CHECK(s[key].is_null());
    }
    CHECK(s["certificate"]["distance"] == 0.0);
    for (const char* key : {"values", "closest_points"}) CHECK(r.results["distance"][key].is_null());
    // One class without a query: w* = 0 defines no hyperplane to measure from.
    Report one = run(R"({"X": [[1, 0], [2, 2]], "y": [1, 1]})");
    CHECK(one.results["solution"]["b_unique"] == false);
    REQUIRE(one.results.contains("distance"));
    CHECK(one.results["distance"]["values"].is_null());
    CHECK(one.results["distance"]["closest_points"].is_null());
  }

  TEST_CASE("duplicate points with opposite labels: infeasible, exact certificate") {
    Report r = run(R"({"X": [[1, 1], [3, 0], [1, 1], [-2, 0]], "y": [1, 1, -1, -1]})");
    CHECK(r.results["solution"]["status"] == "infeasible");
    CHECK(r.results["solution"]["certificate"]["distance"] == 0.0);
  }

  TEST_CASE("random separable sets: both methods agree, KKT holds") {
    std::mt19937 rng(5);
    std::normal_distribution<double> normal(0, 1);
    for (int trial = 0; trial < 12; ++trial) {
      const int n = 6 + 7 * trial, d = 2 + trial % 4;
      Json X = Json::array(), y = Json::array();
      for (int i = 0; i < n; ++i) {
        const double label = i % 2 ? 1 : -1;
        Json row = Json::array();
        for (int j = 0; j < d; ++j) row.push_back(normal(rng) + (j == 0 ? 3 * label : 0.0));
        X.push_back(row);
        y.push_back(label);
      }
      Report r = ex1::run(Json{{"X", X}, {"y", y}});
      INFO("trial " << trial);
      if (r.results["solution"]["status"] == "infeasible") continue;  // rare overlap
      for (const auto& c : r.checks) {
        INFO(c.name << ": " << c.detail);
        CHECK(c.passed);
      }
    }
  }

  TEST_CASE("bad input") {
    auto error = [](const std::string& text) { return hw6::testing::input_error_of([&] { ex1::parse(parse_json(text)); }); };
    CHECK(error(R"({"X": [[1, 2], [2, 1]], "y": [1, 2]})").rfind("/y/1 label must be 1 or -1", 0) == 0);
    CHECK(error(R"({"X": [[1, 2], [2, 1]], "y": [1, -1], "distance": {"w": [0, 0], "b": 1, "z": [[0, 0]]}})").rfind("/distance/w ", 0) == 0);
    CHECK(error(R"({"X": [[1, 2], [2, 1]], "y": [1, -1], "distance": {"w": [1, 0], "b": 1, "z": [[0, 0, 0]]}})").rfind("/distance/z/0 ", 0) == 0);
  }
}

TEST_SUITE("ex1") {
  TEST_CASE("1,000 points, every one on the margin: exact, and in under a second (the polish's dense system is bounded)") {
    // Two parallel lines y = ±1 of 500 points each: w* = (0, 1), b* = 0, every point active. The
    // polish solved a (k + 1)-square system for every guess of the active set, k = 1,000 here, and
    // the command took 270 s; a guess with more than 400 free points is now left unsolved, and the
    // other methods (nearest points of the hulls) give the answer exactly.
    Json X = Json::array(), y = Json::array();
    for (int i = 0; i < 500; ++i) X.push_back({i * 0.01, 1.0}), y.push_back(1);
    for (int i = 0; i < 500; ++i) X.push_back({i * 0.01, -1.0}), y.push_back(-1);
    const Report r = ex1::run(Json{{"X", X}, {"y", y}});
    CHECK(r.all_checks_passed());
    CHECK(r.results["solution"]["w"][0].get<double>() == doctest::Approx(0).epsilon(1e-12));
    CHECK(r.results["solution"]["w"][1].get<double>() == doctest::Approx(1).epsilon(1e-12));
    CHECK(std::fabs(r.results["solution"]["b"].get<double>()) <= 1e-12);
  }
}

#include "hw6/exercises/svm_common.hpp"

TEST_SUITE("ex1") {
  TEST_CASE("contradictions: the first pair of identical points with opposite labels, in sorted time") {
    // Rows 0 (1,2)+, 1 (0,0)−, 2 (1,2)+, 3 (0,0)+, 4 (1,2)−: the pairs with i < j are (0,4), (1,3),
    // (2,4); a loop over i < j meets (0,4) first.
    Eigen::MatrixXd X(5, 2);
    X << 1, 2, 0, 0, 1, 2, 0, 0, 1, 2;
    const Eigen::VectorXd y = (Eigen::VectorXd(5) << 1, -1, 1, 1, -1).finished();
    auto c = hw6::svm::contradictions(X, y);
    REQUIRE(c.size() == 1);
    CHECK(c.front() == std::pair<Eigen::Index, Eigen::Index>{0, 4});
    // −0 equals 0, as the rows' == did.
    X(3, 1) = -0.0;
    CHECK(hw6::svm::contradictions(X.topRows(4), y.head(4)).front() == std::pair<Eigen::Index, Eigen::Index>{1, 3});
    CHECK(hw6::svm::contradictions(X.topRows(3), y.head(3)).empty());
    // 200,000 points on 0/1 features (as binary data files are): every pair of rows was compared
    // (2·10¹⁰ comparisons) and every contradicting pair kept (10¹⁰ of them here); now one sort.
    const Eigen::Index n = 200000;
    Eigen::MatrixXd B = Eigen::MatrixXd::Zero(n, 3);
    Eigen::VectorXd yb(n);
    for (Eigen::Index i = 0; i < n; ++i) B(i, 0) = double(i % 2), yb(i) = i < n / 2 ? 1.0 : -1.0;
    c = hw6::svm::contradictions(B, yb);
    REQUIRE(c.size() == 1);
    CHECK(c.front() == std::pair<Eigen::Index, Eigen::Index>{0, n / 2});  // row 0 = (0,0,0)+, first − with it: n/2
  }
}
