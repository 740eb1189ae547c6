// Exercises 1 and 4 far from the origin. Moving the data, x_i → x_i + t·1 (t added to every
// coordinate), maps a solution of (2), (6) or (8) to one with the same w, ξ, α and objective and
// b → b − t·Σ_j w_j, since ⟨w, x + t·1⟩ + b − t⟨w, 1⟩ = ⟨w, x⟩ + b. With the scale s of
// test_svm_scale.cpp, x → s·x + t·1 and C → C/s² map (w, b, α) to (w/s, b − (t/s)·Σ_j w_j, α/s²).
//
// hw6 solves such data moved back to their centre (optim/svm.hpp, "Origin") and refuses a
// coordinate whose values keep fewer digits of their range than max|x| ≤ 1e6·(max − min) leaves
// (exercises/svm_scale.hpp). So below: every accepted (s, t) gives the moved answer with every
// check passing; a wrong answer still fails at every offset; the rest is refused by name.
#include "hw6/exercises/ex1.hpp"
#include "hw6/exercises/ex4.hpp"
#include "hw6/exercises/svm_common.hpp"
#include "hw6/exercises/svm_scale.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/plot.hpp"
#include "hw6/problems.hpp"
#include "hw6/render.hpp"
#include "input_error.hpp"
#include "svm_text.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

using namespace hw6;
using hw6::testing::hyperplane_constant;
using hw6::testing::number_after;
using hw6::testing::printed_as;

namespace {

const std::vector<double> kOffsets = {1e2, 1e4, 1e6, -1e6};
const std::vector<double> kScales = {1e-3, 0.37, 1, 1e3};
constexpr double kEps = std::numeric_limits<double>::epsilon();

/// X → s·X + t, C → C/s² (and the sweep); a distance query moved with it: z → s·z + t, w → w/s,
/// b → b − (t/s)·Σw (the same hyperplane through the moved points, its distances times s).
Json moved(Json j, double s, double t) {
  for (auto& row : j["X"])
    for (auto& x : row) x = s * x.get<double>() + t;
  if (j.contains("C")) j["C"] = j["C"].get<double>() / (s * s);
  if (j.contains("C_values"))
    for (auto& c : j["C_values"]) c = c.get<double>() / (s * s);
  if (j.contains("distance")) {
    double sum = 0;
    for (auto& x : j["distance"]["w"]) sum += x.get<double>(), x = x.get<double>() / s;
    j["distance"]["b"] = j["distance"]["b"].get<double>() - t / s * sum;
    for (auto& row : j["distance"]["z"])
      for (auto& x : row) x = s * x.get<double>() + t;
  }
  return j;
}

/// The same doubles as `j`'s points moved back by t: x − t, exact (checked in long double, whose
/// 64-bit significand holds the difference of two doubles this close), so that the problem solved
/// from them is exactly the moved one moved back, and any difference is hw6's handling of t.
Json moved_back(Json j, double t) {
  for (auto& row : j["X"])
    for (auto& x : row) {
      const double v = x.get<double>(), d = v - t;
      REQUIRE(static_cast<long double>(v) - static_cast<long double>(t) == static_cast<long double>(d));
      x = d;
    }
  if (j.contains("distance"))
    for (auto& row : j["distance"]["z"])
      for (auto& x : row) x = x.get<double>() - t;
  if (j.contains("distance")) {
    double sum = 0;
    for (auto& x : j["distance"]["w"]) sum += x.get<double>();
    j["distance"]["b"] = j["distance"]["b"].get<double>() + t * sum;
  }
  return j;
}

/// Whether hw6 accepts the points of `j` (derived here, not asked of hw6): every coordinate that does
/// not reach 0 has max|x| ≤ 1e6·(max − min).
bool accepted(const Json& j) {
  const std::size_t d = j["X"][0].size();
  for (std::size_t c = 0; c < d; ++c) {
    double lo = INFINITY, hi = -INFINITY, far = 0;
    for (const auto& row : j["X"]) {
      const double x = row[c].get<double>();
      lo = std::min(lo, x), hi = std::max(hi, x), far = std::max(far, std::fabs(x));
    }
    if ((lo > 0 || hi < 0) && hi > lo && far > 1e6 * (hi - lo)) return false;
  }
  return true;
}

void check_all_pass(const Report& r) {
  for (const auto& c : r.checks) {
    INFO(c.name << ": " << c.detail);
    CHECK(c.passed);
  }
}

/// |a_k − b_k| within rel of the largest |a_k| (and of `floor`, for unitless entries such as slacks).
void check_vector(const Json& a, const Json& b, double rel, double floor = 0) {
  REQUIRE(a.size() == b.size());
  double largest = floor;
  for (std::size_t k = 0; k < a.size(); ++k) largest = std::max(largest, std::fabs(a[k].get<double>()));
  for (std::size_t k = 0; k < a.size(); ++k) CHECK(std::fabs(a[k].get<double>() - b[k].get<double>()) <= rel * largest);
}

/// Σ_j w_j.
double sum(const Json& w) {
  double s = 0;
  for (const auto& x : w) s += x.get<double>();
  return s;
}

/// max‖x_i‖ of the points of `j`: b balances terms of size 1 + ‖w‖·max‖x_i‖ (svm::b_scale), so it is
/// as precise as a double of that size, and compared relative to it.
double max_norm(const Json& j) {
  double r = 0;
  for (const auto& row : j["X"]) {
    double s = 0;
    for (const auto& x : row) s += x.get<double>() * x.get<double>();
    r = std::max(r, std::sqrt(s));
  }
  return r;
}
double norm(const Json& w) {
  double s = 0;
  for (const auto& x : w) s += x.get<double>() * x.get<double>();
  return std::sqrt(s);
}

/// b of the moved problem against the reference's b moved: b_ref − t·Σw_ref, relative to b's own
/// scale 1 + ‖w‖·max‖x_i‖ (1e-9, as w); and where the data are, as b + t·Σw against b_ref, to 1e-9 of
/// a margin plus the rounding of b itself (a double of that size).
void check_b(double b_ref, const Json& w_ref, double b, const Json& w, double t, const Json& problem) {
  const double scale = 1 + norm(w) * max_norm(problem);
  const long double expected = static_cast<long double>(b_ref) - static_cast<long double>(t) * sum(w_ref);
  CHECK(std::fabs(static_cast<double>(b - expected)) <= 1e-9 * scale);
  const long double at_data = static_cast<long double>(b) + static_cast<long double>(t) * sum(w);
  CHECK(std::fabs(static_cast<double>(at_data - b_ref)) <= 1e-9 + 4 * kEps * scale);
}

/// Wrong answers, made for data far from the origin: b moved by 1e-6 (every margin moves by 1e-6;
/// these problems' margins vary by more than 1, so 1e-6 is a relative 1e-6); (w, α) scaled by
/// 1 + 1e-6 about the data's centre c (b moved by −1e-6·⟨w,c⟩, so that the hyperplane turns about c
/// rather than about an origin 1e6 away, which would move every margin by 1e-6·⟨w,c⟩ and be caught
/// trivially); and α alone scaled by 1 + 1e-6. The last one breaks only w = Σα_i y_i x_i (for the
/// hard margin: Σα_i = ‖w‖² at the optimum, so the duality gap moves by 1e-6·(Σα_i − ‖w‖²) = 0 to
/// first order): measured on the data as given, that residual 1e-6·‖w‖ is divided by terms
/// Σα_i|x_ij| of size 1e6 and passes; on the centred data it fails (svm_common.cpp).
void shift_b(optim::SvmSolution& s, const Eigen::VectorXd&) { s.b += 1e-6; }
void turn_about_centre(optim::SvmSolution& s, const Eigen::VectorXd& c) {
  s.b -= 1e-6 * s.w.dot(c);
  s.w *= 1 + 1e-6;
  s.alpha *= 1 + 1e-6;
}
void scale_alpha(optim::SvmSolution& s, const Eigen::VectorXd&) { s.alpha *= 1 + 1e-6; }

template <class Problem, class Result, class MakeReport>
void check_wrong_fails(const Problem& p, const Result& good, optim::SvmSolution Result::*solution, MakeReport make_report) {
  REQUIRE(make_report(p, good).all_checks_passed());
  const Eigen::VectorXd c = optim::svm_data_centre(p.X);
  for (auto make_wrong : {shift_b, turn_about_centre, scale_alpha}) {
    Result wrong = good;
    make_wrong(wrong.*solution, c);
    CHECK_FALSE(make_report(p, wrong).all_checks_passed());
  }
}

template <class Parse>
std::string error_of(Parse&& parse, const Json& j) {
  return hw6::testing::input_error_of([&] { parse(j); }, ": ");
}

/// The points of `j` with their first coordinate moved by `shift` and the second replaced by
/// `constant`: a coordinate far from the origin that carries nothing (svm_scale.hpp exempts it).
Json with_constant_coordinate(Json j, double shift, double constant) {
  for (auto& row : j["X"]) row = Json::array({row[0].get<double>() + shift, constant});
  return j;
}

// The homework's 2-D sets have coordinate ranges 6 and 4 (ex1) and 7.2 and 3.4 (ex4): at s = 1e-3,
// t = 1e4 the second coordinate of ex1 spans 4e-3 at 1e4, 2.5e6 times its range, and is refused;
// at s = 0.37, t = 1e6 ex4's spans 1.258 at 1e6, 7.9e5 times, and is solved.

}  // namespace

TEST_SUITE("svm offset") {
  TEST_CASE("ex1 moved by t (and scaled by s): by hand, w* = (1, 0)/s, b* = −1 − t/s, every check passing") {
    // problems/ex1.json: w* = (1, 0), b* = −1, margin 2, active points 1, 5, 7 and α = ½ on points 1
    // and 5 (α₇ = 0: w = α₁(2, 1) − α₅(0, 1) − α₇(0, 3) = (1, 0) and α₁ = α₅ + α₇ give α₁ = ½,
    // α₇ = 0). Moved: w* = (1, 0)/s, b* = −1 − ⟨w*, t·1⟩ = −1 − t/s, α/s², margin 2s. The file's
    // numbers s·x + t are doubles within ε/2·|s·x + t| of the real ones: at most ε/2·1e6 ≈ 1.1e-10
    // of a coordinate's range in an accepted file (max|x| ≤ 1e6·range), and w* = 2(u − v)/‖u − v‖²
    // from the two nearest points, 4 units apart in a data set 6 units wide, moves by a few times
    // that: 1e-9 relative. b* is compared relative to the terms it balances, 1 + ‖w*‖·max‖x_i‖.
    const Json unit = parse_json(std::string(builtin_problem_text("ex1")));
    int solved = 0, refused = 0;
    for (double t : kOffsets)
      for (double s : kScales) {
        INFO("s = " << s << ", t = " << t);
        const Json j = moved(unit, s, t);
        if (!accepted(j)) {
          ++refused;
          CHECK(error_of([](const Json& x) { return ex1::parse(x); }, j).find("so far from 0 that a double keeps fewer than") != std::string::npos);
          continue;
        }
        ++solved;
        const Report r = ex1::run(j);
        check_all_pass(r);
        const Json& v = r.results["solution"];
        REQUIRE(v["status"] == "optimal");
        CHECK(v["w"][0].get<double>() == doctest::Approx(1 / s).epsilon(1e-9));
        CHECK(std::fabs(v["w"][1].get<double>()) <= 1e-9 / s);
        const double b_scale = 1 + max_norm(j) / s;
        CHECK(std::fabs(v["b"].get<double>() - (-1 - t / s)) <= 1e-9 * b_scale);
        CHECK(v["margin"].get<double>() == doctest::Approx(2 * s).epsilon(1e-9));
        CHECK(v["support_vectors"] == Json::array({0, 4, 6}));
        CHECK(v["alpha"][0].get<double>() == doctest::Approx(0.5 / (s * s)).epsilon(1e-9));
        CHECK(v["alpha"][4].get<double>() == doctest::Approx(0.5 / (s * s)).epsilon(1e-9));
        CHECK(std::fabs(v["alpha"][6].get<double>()) <= 1e-9 / (s * s));
        // The query's distances 1, 4, 0 (problems/ex1.json), times s.
        check_vector(Json::array({s, 4 * s, 0.0}), r.results["distance"]["values"], 1e-9);
        // Part 8: dropping point 1 changes the solution to the hulls of {(3,3), (3,4), (4,0)} and the
        // negatives: nearest points (3, y) and (0, y), w = (2/3, 0)/s, margin 3s.
        CHECK(r.results["drop_one"]["index"] == 0);
        CHECK(r.results["drop_one"]["changed"] == true);
        CHECK(r.results["drop_one"]["w"][0].get<double>() == doctest::Approx(2.0 / 3 / s).epsilon(1e-9));
      }
    CHECK(solved == 13);
    CHECK(refused == 3);  // s = 1e-3 at t = 1e4, 1e6, −1e6
  }

  TEST_CASE("ex1 moved: the same answer as for the same doubles moved back") {
    // Against hw6's answer for the file's own doubles moved back by t (exactly), the two answers
    // differ only by what hw6 does with t: 1e-9, as in test_svm_scale.cpp. The degenerate set
    // (every point on the margin; α not unique) and the 4-point set whose part 8 changes.
    int solved = 0;
    for (const std::string& text : {std::string(builtin_problem_text("ex1")), std::string(R"({"X": [[1, 0], [1, 1], [1, 10], [-1, 0], [-1, 1]], "y": [1, 1, 1, -1, -1]})"),
                                   std::string(R"({"X": [[1, 0], [2, 1], [-1, 0], [-1, -1]], "y": [1, 1, -1, -1]})")}) {
      for (double t : kOffsets)
        for (double s : {0.37, 1.0, 1e3}) {
          INFO("s = " << s << ", t = " << t << " of " << text.substr(0, 50));
          const Json j = moved(parse_json(text), s, t);
          if (!accepted(j)) continue;  // the sets of range 2 at s = 0.37, t = ±1e6 (0.74 at 1e6)
          ++solved;
          const Json back = moved_back(j, t);
          const Report ref = ex1::run(back), r = ex1::run(j);
          check_all_pass(ref);
          check_all_pass(r);
          const Json &u = ref.results["solution"], &v = r.results["solution"];
          check_vector(u["w"], v["w"], 1e-9);
          check_b(u["b"].get<double>(), u["w"], v["b"].get<double>(), v["w"], t, j);
          CHECK(v["support_vectors"] == u["support_vectors"]);
          CHECK(v["margin"].get<double>() == doctest::Approx(u["margin"].get<double>()).epsilon(1e-9));
          REQUIRE(r.results.contains("drop_one") == ref.results.contains("drop_one"));
          if (ref.results.contains("drop_one")) {
            CHECK(r.results["drop_one"]["index"] == ref.results["drop_one"]["index"]);
            CHECK(r.results["drop_one"]["changed"] == ref.results["drop_one"]["changed"]);
            check_vector(ref.results["drop_one"]["w"], r.results["drop_one"]["w"], 1e-9);
            check_b(ref.results["drop_one"]["b"].get<double>(), ref.results["drop_one"]["w"], r.results["drop_one"]["b"].get<double>(),
                    r.results["drop_one"]["w"], t, j);
          }
          check_vector(ref.results["second_method"]["w"], r.results["second_method"]["w"], 1e-9);
          if (ref.results.contains("active_set_resolve")) check_vector(ref.results["active_set_resolve"]["w"], r.results["active_set_resolve"]["w"], 1e-9);
        }
    }
    CHECK(solved == 3 * 4 * 3 - 4);
  }

  TEST_CASE("ex4 moved: the same answer as for the same doubles moved back, every check passing") {
    // The homework's points with its sweep, with p = 1.5 (problem (8)), the two points whose b is
    // an interval (test_ex4.cpp: every b in [−0.6, 0.6] at C = 0.2; moved, their second coordinate
    // is a constant), and the separable set of
    // tests/cli/explain_svm/ex4_separable.json (C* = ½ by hand: the hard margin has α = ½ on (1, 0)
    // and (−1, 0)). Against the same doubles moved back: w, α, ξ, objective and C* to 1e-9 (hw6's
    // own rounding), b as check_b says, and every word (positions, slack ranges, support vectors,
    // b unique or not) the same.
    const std::vector<std::string> problems = {
        std::string(builtin_problem_text("ex4")),
        R"({"X": [[2.5, 0.5], [3.0, 2.0], [3.5, -1.0], [4.0, 1.0], [1.6, 1.2], [0.6, -0.6], [-1.2, 0.4], [-2.4, -0.3], [-3.0, 1.5],
             [-3.2, -1.4], [-1.7, -1.0], [-0.5, 1.0], [1.4, 0.3]], "y": [1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1], "C": 0.7, "p": 1.5})",
        R"({"X": [[1, 0], [-1, 0]], "y": [1, -1], "C": 0.2})",
        R"({"X": [[1, 0], [2, 1], [-1, 0], [-2, -1]], "y": [1, 1, -1, -1], "C": 10})"};
    int solved = 0;
    for (const auto& text : problems)
      for (double t : kOffsets)
        for (double s : {0.37, 1.0, 1e3}) {
          INFO("s = " << s << ", t = " << t << " of " << text.substr(0, 50));
          const Json j = moved(parse_json(text), s, t);
          if (!accepted(j)) continue;  // the two- and four-point sets at s = 0.37, t = ±1e6: a range of 0.74 at 1e6
          ++solved;
          const Json back = moved_back(j, t);
          const Report ref = ex4::run(back), r = ex4::run(j);
          check_all_pass(ref);
          check_all_pass(r);
          const Json &u = ref.results, &v = r.results;
          check_vector(u["primal"]["w"], v["primal"]["w"], 1e-9);
          check_vector(u["dual"]["alpha"], v["dual"]["alpha"], 1e-9);
          check_vector(u["primal"]["xi"], v["primal"]["xi"], 1e-9, 1);
          CHECK(v["primal"]["objective"].get<double>() == doctest::Approx(u["primal"]["objective"].get<double>()).epsilon(1e-9));
          CHECK(v["b_unique"] == u["b_unique"]);
          if (u["b_unique"] == true) check_b(u["primal"]["b"].get<double>(), u["primal"]["w"], v["primal"]["b"].get<double>(), v["primal"]["w"], t, j);
          for (std::size_t e = 0; e < 2; ++e)
            check_b(u["b_interval"][e].get<double>(), u["primal"]["w"], v["b_interval"][e].get<double>(), v["primal"]["w"], t, j);
          CHECK(v["support_vectors"] == u["support_vectors"]);
          for (std::size_t k = 0; k < u["points"].size(); ++k) {
            CHECK(v["points"][k]["position"] == u["points"][k]["position"]);
            CHECK(v["points"][k]["xi_range"] == u["points"][k]["xi_range"]);
          }
          check_vector(u["p_variant"]["primal"]["w"], v["p_variant"]["primal"]["w"], 1e-9);
          if (u.contains("sweep"))
            for (std::size_t k = 0; k < u["sweep"].size(); ++k) {
              check_vector(u["sweep"][k]["w"], v["sweep"][k]["w"], 1e-9);
              CHECK(v["sweep"][k]["b_unique"] == u["sweep"][k]["b_unique"]);
            }
          const ex4::Result a = ex4::solve(ex4::parse(back)), b = ex4::solve(ex4::parse(j));
          CHECK(b.separability == a.separability);
          CHECK(b.hard_alpha_max == doctest::Approx(a.hard_alpha_max).epsilon(1e-9));
        }
    CHECK(solved == 4 * 4 * 3 - 4);
  }

  TEST_CASE("ex4: the homework's points moved by t against the homework's own answer") {
    // Unlike above, the reference is problems/ex4.json itself: the moved file's doubles differ from
    // s·x + t by at most ε/2·|s·x + t| ≤ ε/2·1e6 of a coordinate's range (1.1e-10) in an accepted
    // file. w = Σα_i y_i x_i with 11 of the 13 α at C (a bound a small move keeps) and the other two
    // fixed by the margin equations of points 5 and 11: a move of every point by δ moves w by at most
    // about Σα_i·δ ≈ 12δ, and the two free α by the same over those points' margin gap; 1e-7 (1000
    // times the input's rounding) covers both. The separable set gives C* = ½ by hand.
    const Json unit = parse_json(std::string(builtin_problem_text("ex4")));
    const Report u = ex4::run(unit);
    const Json sep = parse_json(R"({"X": [[1, 0], [2, 1], [-1, 0], [-2, -1]], "y": [1, 1, -1, -1], "C": 10})");
    int solved = 0;
    for (double t : kOffsets)
      for (double s : kScales) {
        INFO("s = " << s << ", t = " << t);
        const Json j = moved(unit, s, t);
        if (!accepted(j)) {
          const std::string e = error_of([](const Json& x) { return ex4::parse(x); }, j);
          CHECK(e.find("/X/") == 0);
          CHECK(e.find("so far from 0 that a double keeps fewer than") != std::string::npos);
          continue;
        }
        ++solved;
        const Report r = ex4::run(j);
        check_all_pass(r);
        const Json& v = r.results;
        for (std::size_t k = 0; k < 2; ++k)
          CHECK(v["primal"]["w"][k].get<double>() == doctest::Approx(u.results["primal"]["w"][k].get<double>() / s).epsilon(1e-7));
        for (std::size_t i = 0; i < 13; ++i)
          CHECK(std::fabs(v["dual"]["alpha"][i].get<double>() - u.results["dual"]["alpha"][i].get<double>() / (s * s)) <= 1e-7 / (s * s));
        const double b_expected = u.results["primal"]["b"].get<double>() - t / s * sum(u.results["primal"]["w"]);
        CHECK(std::fabs(v["primal"]["b"].get<double>() - b_expected) <= 1e-7 * (1 + norm(v["primal"]["w"]) * max_norm(j)));
        CHECK(v["support_vectors"] == u.results["support_vectors"]);
        for (std::size_t k = 0; k < 13; ++k) CHECK(v["points"][k]["position"] == u.results["points"][k]["position"]);
        if (!accepted(moved(sep, s, t))) continue;
        const ex4::Result hs = ex4::solve(ex4::parse(moved(sep, s, t)));
        CHECK(hs.separability == ex4::Separability::Separable);
        CHECK(hs.hard_alpha_max == doctest::Approx(0.5 / (s * s)).epsilon(1e-9));
      }
    CHECK(solved == 13);
  }

  TEST_CASE("ex1: hulls 0.1 apart at 1e6 are separable") {
    // (0, 0)− and (0.1, 0)+ are the nearest points of the hulls of {(0, 0), (−1, 2)} and
    // {(0.1, 0), (1, 2)}: w = 2(0.1, 0)/0.01 = (20, 0), margin 0.1, b = −1 at the origin and
    // −1 − 20·1e6 moved by 1e6 (in both coordinates). Before, the hulls counted as meeting when
    // closer than 1e-7·max‖x_i‖ = 0.14, and hw6 said "infeasible" with every check passing. The
    // file's 1000000.1 is 1000000.1 to 5.8e-11, a relative 5.8e-10 of the 0.1 between the hulls:
    // w to 1e-8.
    const Report r = ex1::run(parse_json(R"({"X": [[1000000, 1000000], [1000000.1, 1000000], [1000001, 1000002], [999999, 1000002]],
                                             "y": [-1, 1, 1, -1]})"));
    check_all_pass(r);
    const Json& v = r.results["solution"];
    REQUIRE(v["status"] == "optimal");
    CHECK(v["w"][0].get<double>() == doctest::Approx(20).epsilon(1e-8));
    CHECK(std::fabs(v["w"][1].get<double>()) <= 1e-8 * 20);
    CHECK(v["margin"].get<double>() == doctest::Approx(0.1).epsilon(1e-8));
    CHECK(v["b"].get<double>() == doctest::Approx(-1 - 20e6).epsilon(1e-8));
    CHECK(v["support_vectors"] == Json::array({0, 1}));
  }

  TEST_CASE("a wrong answer still fails at every offset") {
    for (double t : kOffsets)
      for (double s : {0.37, 1.0, 1e3}) {
        INFO("s = " << s << ", t = " << t);
        const ex1::Problem p1 = ex1::parse(moved(parse_json(std::string(builtin_problem_text("ex1"))), s, t));
        check_wrong_fails(p1, ex1::solve(p1), &ex1::Result::solution, ex1::report);
        const ex4::Problem p4 = ex4::parse(moved(parse_json(std::string(builtin_problem_text("ex4"))), s, t));
        check_wrong_fails(p4, ex4::solve(p4), &ex4::Result::primal, ex4::report);
      }
  }

  TEST_CASE("the limit: max|x| ≤ 1e6·(max − min) in a coordinate that does not reach 0") {
    // At the limit solved; one unit beyond it refused, naming the value farthest from 0.
    const std::string y = R"(, "y": [-1, 1, 1], "C": 1})";
    CHECK(error_of([](const Json& x) { return ex4::parse(x); }, parse_json(R"({"X": [[999999, 0], [1000000, 0], [999999, 1]])" + y)) == "<none>");
    const std::string e = error_of([](const Json& x) { return ex4::parse(x); }, parse_json(R"({"X": [[1000000, 0], [1000001, 0], [1000000, 1]])" + y));
    CHECK(e.find("/X/1/0: coordinate 1 of the points lies between 1000000 and 1000001, so far from 0 that a double keeps fewer than 10 "
                 "significant digits") == 0);
    // The homework's points moved by 1e12: 7.2 units at 1e12, where doubles are 1.2e-4 apart, keep
    // log10(7.2/1.2e-4) = 4.8 digits.
    Json far = parse_json(std::string(builtin_problem_text("ex4")));
    for (auto& row : far["X"])
      for (auto& x : row) x = x.get<double>() + 1e12;
    CHECK(error_of([](const Json& x) { return ex4::parse(x); }, far).find("/X/3/0: coordinate 1 of the points lies between 999999999996.8 and 1000000000004, "
                                                                          "so far from 0 that a double keeps fewer than 5 significant digits") == 0);
    // A constant coordinate keeps nothing to lose: moved to 0 exactly. (1e12, 0)− and (1e12, 1)+:
    // w = 2(u − v)/‖u − v‖² = (0, 2), b = −⟨w, (u + v)/2⟩ = −1.
    const Report r = ex1::run(parse_json(R"({"X": [[1e12, 0], [1e12, 1]], "y": [-1, 1]})"));
    check_all_pass(r);
    CHECK(std::fabs(r.results["solution"]["w"][0].get<double>()) <= 1e-12);
    CHECK(r.results["solution"]["w"][1].get<double>() == doctest::Approx(2).epsilon(1e-12));
    CHECK(r.results["solution"]["b"].get<double>() == doctest::Approx(-1).epsilon(1e-12));
  }

  TEST_CASE("the range of C names the spread about the centre") {
    // The homework's points moved by 1000: c = (1000.5, 1000.25) (midpoints 1000.4 and 1000.3 on
    // grids of 0.5 and 0.25, for ranges 7.2 and 3.4), and the farthest point from it is (−3.2, −1.4)
    // + 1000: ‖(−3.7, −1.65)‖² = 16.4125, so C ≤ 1e6/16.4125 = 6.09e4; at the origin it is
    // 1e6/17 = 5.88e4 (‖(4, 1)‖² = 17).
    Json j = parse_json(std::string(builtin_problem_text("ex4")));
    for (auto& row : j["X"])
      for (auto& x : row) x = x.get<double>() + 1000;
    j["C"] = 1e5;
    const std::string e = error_of([](const Json& x) { return ex4::parse(x); }, j);
    CHECK(e == "/C: C·max‖xᵢ − c‖² = 1.64125e+06 is beyond what double precision can solve (c = (1000.5, 1000.25), the centre hw6 "
               "moves the data to; hw6 solves 1e-12 ≤ C·max‖xᵢ − c‖² ≤ 1e6, here 6.09e-14 ≤ C ≤ 6.09e+04)");
    j["C"] = 6e4;
    CHECK(error_of([](const Json& x) { return ex4::parse(x); }, j) == "<none>");
  }

  TEST_CASE("ex4, a constant coordinate at ±1e12: the text's b* and hyperplanes are the JSON's b") {
    // The homework's points with x₁ moved by 1 and x₂ replaced by ±1e12. A constant coordinate adds
    // the same w₂x₂ to every margin, which b absorbs, and ½‖w‖² is least at w₂ = 0: w₂* = 0 (the
    // centred column is exactly 0, so hw6's is too) and the problem is the 1-D one on x₁ + 1. On x₁
    // itself (C = 1): H1 through point 5 (x₁ = 1.6, +) and H2 through point 11 (−1.7, −) give
    // w₁ = 2/3.3 = 20/33 and b_1D = 1 − 1.6·20/33 = 1/33; points 6, 7, 12, 13 (0.6+, −1.2+, −0.5−,
    // 1.4−) then have y f < 1 and α = C = 1, the others y f > 1 and α = 0, and Σα_i y_i = 0 with
    // w₁ = Σα_i y_i x_i1 gives α₅ = α₁₁ = a, 3.3a − 1.5 = 20/33, a = 0.638 ∈ (0, C): every KKT
    // condition holds, and b is unique. Moving x₁ by 1 moves b by −w₁: b* = 1/33 − 20/33 = −19/33 =
    // −0.575757…, and ⟨w*,c⟩ = 0: b* carries no offset. The text printed b* = 0, "b = y_i − ⟨w,
    // x_i⟩ = 0" and H0 "… + 0 = 0" (b below 1e-10·‖w*‖·max‖x_i‖ = 61 taken for round-off), with
    // "11 more digits than usual" for an offset there is not.
    for (double constant : {1e12, -1e12}) {
      INFO("x₂ = " << constant);
      const Report r = ex4::run(with_constant_coordinate(parse_json(std::string(builtin_problem_text("ex4"))), 1, constant));
      check_all_pass(r);
      const double b = r.results["primal"]["b"].get<double>();
      CHECK(b == doctest::Approx(-19.0 / 33).epsilon(1e-9));
      CHECK(r.results["primal"]["w"][0].get<double>() == doctest::Approx(20.0 / 33).epsilon(1e-9));
      CHECK(r.results["primal"]["w"][1].get<double>() == 0);
      CHECK(r.results["b_unique"] == true);
      const std::string text = render_text(r, TextOptions{false, 100000});
      CHECK(printed_as(number_after(text, "b* = "), b));
      CHECK(printed_as(number_after(text, "point 5 gives b = y_i − ⟨w, x_i⟩ = "), b));
      for (const char* h : {"H0: ⟨w*, x⟩ + b* = 0:", "H1: ⟨w*, x⟩ + b* = 1:", "H2: ⟨w*, x⟩ + b* = −1:"}) {
        INFO(h);
        CHECK(printed_as(hyperplane_constant(text, h), b));
      }
      CHECK(text.find("more digits than usual") == std::string::npos);
      CHECK(printed_as(number_after(render_markdown(r, ""), "b^* = "), b));
    }
  }

  TEST_CASE("ex1: the offset's terms cancel in b*, and the text says what is true") {
    // About their centre c = (1e6 + 1, 1e6 + 1) the points are (0, −1)+, (1, −1)+, (−1, 0)−, (−1, 1)−:
    // the nearest points of the hulls are (0, −1) and (−1, 0), w* = 2(1, −1)/2 = (1, −1), b_c =
    // −⟨w*, (−½, −½)⟩ = 0, and b* = b_c − ⟨w*,c⟩ = 0: the terms w*_j c_j = ±(1e6 + 1) cancel. The
    // text said "That b* is mostly offset"; what holds is that those terms (Σ_j |w*_j c_j| = 2e6)
    // dwarf what margins vary by (1 + ‖w*‖·max‖x_i − c‖ = 1 + √2·√2 = 3), which is why w* and b
    // need more digits. The JSON's b is 0 up to w's rounding along c (1e-16·1e6), printed as 0.
    const Report r = ex1::run(parse_json(R"({"X": [[1000001, 1000000], [1000002, 1000000], [1000000, 1000001], [1000000, 1000002]],
                                             "y": [1, 1, -1, -1]})"));
    check_all_pass(r);
    CHECK(std::fabs(r.results["solution"]["b"].get<double>()) <= 1e-9);
    const std::string text = render_text(r, TextOptions{false, 100000});
    CHECK(text.find("b* = 0,") != std::string::npos);
    CHECK(text.find("mostly offset") == std::string::npos);
    CHECK(text.find("Σ_j |w*_j c_j| = 2e+06), far larger than what the margins vary by (1 + ‖w*‖·max‖x_i − c‖ = 3)") != std::string::npos);
  }

  TEST_CASE("ex1, a constant coordinate at ±1e12: every b of the text is the JSON's") {
    // problems/ex1.json with x₁ moved by 1 and x₂ replaced by ±1e12: as above w₂* = 0, and the 1-D
    // problem on x₁ has positives at 2, 3, 3, 4 and negatives at 0, −1, 0, −2, so w₁ = 2/(2 − 0) = 1
    // and b = 1 − 2 = −1, points 1, 5 and 7 active; moving x₁ by 1 gives b* = −1 − w₁ = −2. Without
    // point 1 the positives start at 3: w₁ = 2/3, b = 1 − 2 − 2/3 = −5/3 on the moved data. The text
    // printed every one of these b (b₀, b*, the hulls', part 7's and 8's) as 0.
    for (double constant : {1e12, -1e12}) {
      INFO("x₂ = " << constant);
      const Report r = ex1::run(with_constant_coordinate(parse_json(std::string(builtin_problem_text("ex1"))), 1, constant));
      check_all_pass(r);
      const Json& v = r.results;
      const double b = v["solution"]["b"].get<double>();
      CHECK(b == doctest::Approx(-2).epsilon(1e-9));
      CHECK(v["drop_one"]["index"] == 0);
      CHECK(v["drop_one"]["b"].get<double>() == doctest::Approx(-5.0 / 3).epsilon(1e-9));
      const std::string text = render_text(r, TextOptions{false, 100000});
      CHECK(printed_as(number_after(text, "b* = "), b));
      CHECK(printed_as(number_after(text, "b₀ = "), v["feasible_point"]["b"].get<double>()));
      CHECK(printed_as(number_after(text, "b = −⟨w, (u + v)/2⟩ = "), v["second_method"]["b"].get<double>()));
      CHECK(printed_as(number_after(text, "b* = 1 − min_{y_i=1} ⟨w*,x_i⟩ = "), b));
      CHECK(printed_as(number_after(text, "−1 − max_{y_i=−1} ⟨w*,x_i⟩ = "), b));
      for (int k : {1, 5, 7}) CHECK(printed_as(number_after(text, "point " + std::to_string(k) + ": y_i − ⟨w*,x_i⟩ = "), b));
      CHECK(printed_as(number_after(text, ", b = ", text.find("Re-solved on the")), v["active_set_resolve"]["b"].get<double>()));
      CHECK(printed_as(number_after(text, ", b = ", text.find("the solution changes to")), v["drop_one"]["b"].get<double>()));
      CHECK(text.find("more digits than usual") == std::string::npos);
    }
  }
}

TEST_SUITE("svm offset") {
  TEST_CASE("the centre: midpoints on a short grid, 0 for a coordinate that reaches 0, and exact moves") {
    Eigen::MatrixXd X(3, 3);
    X << 1000.4, -1, 5, 996.8, 2, 5, 1004, 0, 5;
    const Eigen::VectorXd c = optim::svm_data_centre(X);
    // Ranges 7.2 (grid 0.5: 1000.4 → 1000.5), [−1, 2] reaches 0, and the constant 5.
    CHECK(c(0) == 1000.5);
    CHECK(c(1) == 0);
    CHECK(c(2) == 5);
    // Every x − c is exact: the long double difference equals the double one.
    for (Eigen::Index i = 0; i < 3; ++i)
      CHECK(static_cast<long double>(X(i, 0)) - 1000.5L == static_cast<long double>(X(i, 0) - c(0)));
    // Moved by 1e6 (exactly here), the centre moves by the same amount.
    CHECK(optim::svm_data_centre((X.array() + 1e6).matrix())(0) == 1e6 + 1000.5);
    CHECK(optim::svm_data_spread(X) == doctest::Approx(std::sqrt(3.7 * 3.7 + 2 * 2)).epsilon(1e-12));
  }

#ifdef __SIZEOF_FLOAT128__
  TEST_CASE("b = b_c − ⟨w,c⟩ with one rounding, where a plain dot product cancels") {
    // Terms of 1e8 that cancel to about 1: against __float128 (113-bit significand, exact for these
    // products and their sum), the result is within half an ulp of itself.
    const Eigen::Vector3d w(0.1234567890123, -0.1234567890121, 1e-7 / 3), c(1e8 + 0.25, 1e8 - 0.5, 3e7);
    const double b_c = 0.7;
    __float128 exact = b_c;
    for (int j = 0; j < 3; ++j) exact -= static_cast<__float128>(w(j)) * static_cast<__float128>(c(j));
    const double b = optim::svm_bias_from_centred(w, b_c, c);
    CHECK(std::fabs(static_cast<double>(static_cast<__float128>(b) - exact)) <= 0.5 * kEps * std::fabs(b) * 1.0000001);
    CHECK(optim::svm_bias_to_centred(w, b, c) == doctest::Approx(b_c).epsilon(1e-15));
  }
#endif

  TEST_CASE("every solver on the triangle moved by ±1e6: w = (1, 1), b = −1 − 2t") {
    // (0,0)−, (2,0)+, (0,2)+ (test_svm.cpp): w = (1, 1), b = −1; moved by t: b = −1 − ⟨(1, 1), t·1⟩.
    for (double t : {1e6, -1e6}) {
      optim::SvmProblem P;
      P.X = Eigen::MatrixXd(3, 2);
      P.X << t, t, 2 + t, t, t, 2 + t;
      P.y = Eigen::Vector3d(-1, 1, 1);
      for (const auto& s : {optim::svm_polish(P, optim::svm_interior_point(P)), optim::svm_smo(P)}) {
        INFO(s.method << " at t = " << t);
        CHECK(s.converged);
        CHECK(s.w(0) == doctest::Approx(1).epsilon(1e-9));
        CHECK(s.w(1) == doctest::Approx(1).epsilon(1e-9));
        CHECK(s.b == doctest::Approx(-1 - 2 * t).epsilon(1e-9));
        // Where the data are: b + ⟨w, t·1⟩ = −1, up to the rounding of b (a double of size 2e6).
        CHECK(std::fabs(s.b + t * (s.w(0) + s.w(1)) + 1) <= 1e-8);
        CHECK(s.kkt_residual <= 1e-9);
      }
      const optim::NearestPoints h = optim::nearest_hull_points(P.X, P.y);
      CHECK(h.distance == doctest::Approx(std::sqrt(2.0)).epsilon(1e-12));
      CHECK(h.u(0) == doctest::Approx(1 + t).epsilon(1e-15));
      // A wrong b by 1e-6 is seen by the KKT residual, measured on the centred data.
      CHECK(optim::svm_kkt_residual(P, Eigen::Vector2d(1, 1), -1 - 2 * t + 1e-6, Eigen::VectorXd::Zero(3), Eigen::Vector3d(1, 0.5, 0.5)) > 1e-7);
      CHECK(optim::svm_kkt_residual(P, Eigen::Vector2d(1, 1), -1 - 2 * t, Eigen::VectorXd::Zero(3), Eigen::Vector3d(1, 0.5, 0.5)) <= 1e-12);
    }
  }

  TEST_CASE("two solutions are compared where the data are, not at a far origin") {
    // The triangle moved by 1e6: (w, b) = ((1, 1), −1 − 2e6). Turning w by 1e-10 about the data's
    // centre c changes b by 1e-10·⟨w,c⟩ ≈ 2e-4, but no margin by more than 1e-10·max‖x_i − c‖‖w‖:
    // the same solution to 1e-10 (compared at the origin, every margin would seem 2e-4 off). Moving
    // b by 1e-6 moves every margin by 1e-6: a different one.
    const double t = 1e6;
    optim::SvmProblem P;
    P.X = Eigen::MatrixXd(3, 2);
    P.X << t, t, 2 + t, t, t, 2 + t;
    P.y = Eigen::Vector3d(-1, 1, 1);
    optim::SvmSolution ref;
    ref.w = Eigen::Vector2d(1, 1);
    ref.b = -1 - 2 * t;
    ref.alpha = Eigen::Vector3d(1, 0.5, 0.5);
    const Eigen::VectorXd c = optim::svm_data_centre(P.X);
    const Eigen::VectorXd w = ref.w * (1 + 1e-10);
    const double b = ref.b - 1e-10 * ref.w.dot(c);
    CHECK(std::fabs(b - ref.b) > 1e-4);
    CHECK(svm::solution_distance(P, ref, w, b) <= 2e-10);
    CHECK(svm::solution_distance(P, ref, ref.w, ref.b + 1e-6) >= 9e-7);
  }

  TEST_CASE("plot ticks far from the origin tell the ticks apart") {
    plot::Plot pl;
    plot::Series s;
    s.x = {1e6 - 4, 1e6 + 4};
    s.y = {1e6 - 2, 1e6 + 2};
    pl.series.push_back(s);
    const std::string svg = plot::render_svg(pl);
    CHECK(svg.find(">1000002<") != std::string::npos);
    CHECK(svg.find(">999998<") != std::string::npos);
    CHECK(svg.find("1.0e+06") == std::string::npos);
  }
}
