// hw6 generate: the random stream is the reference splitmix64, the same seed gives the same bytes,
// and 100 seeds per exercise give problems that solve with every self-check passing and keep the
// homework's situations, checked on hw6's own results (and for ex2 against the closed forms derived
// in lib/src/generate/ex2.cpp). An answer template of a variant, filled in with hw6's own answers,
// passes hw6 verify.
#include "hw6/exercises/ex2.hpp"
#include "hw6/generate.hpp"
#include "hw6/plot.hpp"
#include "hw6/registry.hpp"
#include "hw6/verify.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <set>

using namespace hw6;

namespace {
const char* const kKeys[] = {"ex1", "ex2", "ex3", "ex4", "ex5", "ex6", "ex7"};
constexpr std::uint64_t kSeeds = 100;

/// The template with each null leaf replaced by the value at the same place of `results`.
Json fill(const Json& tmpl, const Json& results) {
  if (tmpl.is_null()) return results;
  Json out = tmpl;
  if (tmpl.is_object()) {
    for (auto it = tmpl.begin(); it != tmpl.end(); ++it)
      if (it.key() != "problem") out[it.key()] = fill(it.value(), results.at(it.key()));
  } else if (tmpl.is_array()) {
    for (std::size_t i = 0; i < tmpl.size(); ++i) out[i] = fill(tmpl[i], results.at(i));
  }
  return out;
}

double d(const Json& j) { return j.get<double>(); }

/// The integer s in [−3, 3] where g(s) = 0 (every generated g has its zero there).
double root_of(const ex2::Function& g) {
  for (int s = -3; s <= 3; ++s)
    if (g(s) == 0) return s;
  FAIL("g has no integer root in [-3, 3]");
  return 0;
}

/// The homework's situations, as the contract's result keys show them.
void check_situations(const std::string& key, const Json& problem, const Json& r) {
  if (key == "ex1") {
    REQUIRE(r["solution"]["status"] == "optimal");
    // Feasible with equality exactly at the support vectors, and one of each class among them (part 6).
    std::set<double> sv_labels;
    std::set<std::size_t> svs;
    for (const auto& i : r["solution"]["support_vectors"]) svs.insert(i.get<std::size_t>());
    for (std::size_t i = 0; i < problem["X"].size(); ++i) {
      const double margin = d(problem["y"][i]) * (d(r["solution"]["w"][0]) * d(problem["X"][i][0]) +
                                                  d(r["solution"]["w"][1]) * d(problem["X"][i][1]) + d(r["solution"]["b"]));
      if (svs.count(i)) {
        CHECK(margin == doctest::Approx(1).epsilon(1e-7));
        sv_labels.insert(d(problem["y"][i]));
      } else {
        CHECK(margin > 1 + 1e-3);
      }
    }
    CHECK(sv_labels.size() == 2);
  } else if (key == "ex2") {
    // Closed forms (derivations in lib/src/generate/ex2.cpp), evaluated with the problem's own functions.
    const ex2::Problem p = ex2::parse(problem);
    const Json& ps = r["problems"];
    const double sa = root_of(p.problems[0].g), fa = p.problems[0].f(sa);
    CHECK(d(ps[0]["f_star"]) == doctest::Approx(fa));  // (a) feasible set {s}: f* = f(s)
    CHECK(d(ps[0]["q_star"]) == doctest::Approx(fa));  //     q* = f*, approached as μ → ∞
    CHECK(ps[0]["multipliers"].is_null());             //     but not attained: no multiplier
    const double kb = p.problems[1].f(-200);           // (b) f* = q* = lim_{x→−∞} f = k
    CHECK(d(ps[1]["f_star"]) == doctest::Approx(kb));
    CHECK(d(ps[1]["q_star"]) == doctest::Approx(kb));
    CHECK(d(ps[1]["multipliers"][0]) == 0);
    CHECK(d(ps[1]["multipliers"][1]) == 0);
    const ex2::Function& fc = p.problems[2].f;  // (c) multipliers [c, a], the slopes −f′ right and left of s
    const double sc = root_of(p.problems[2].g);
    CHECK(d(ps[2]["f_star"]) == doctest::Approx(fc(sc)));
    CHECK(d(ps[2]["multipliers"][0]) == doctest::Approx(fc(sc) - fc(sc + 1)).epsilon(1e-6));
    CHECK(d(ps[2]["multipliers"][1]) == doctest::Approx(fc(sc - 1) - fc(sc)).epsilon(1e-6));
  } else if (key == "ex3") {
    int zeros = 0, nonzeros = 0;
    for (const auto& b : r["primal"]["beta"]) (d(b) == 0 ? zeros : nonzeros)++;
    CHECK(zeros > 0);
    CHECK(nonzeros > 0);
    CHECK(r["screening"]["inactive"].size() == static_cast<std::size_t>(zeros));
    CHECK(std::fabs(d(r["duality_gap"])) < 1e-6);
  } else if (key == "ex4") {
    std::set<std::string> positions;
    for (const auto& pt : r["points"]) positions.insert(pt["position"].get<std::string>());
    for (const char* needed : {"outside_margin", "on_margin", "inside_margin", "misclassified"}) CHECK(positions.count(needed) == 1);
    CHECK(d(r["C"]) == 1);
  } else if (key == "ex5") {
    int active = 0;
    for (const auto& z : r["network"]["relu"]["forward"]["z"]) active += d(z) > 0;
    CHECK(active > 0);
    CHECK(active < 4);
    CHECK(r["softmax"].size() == 3);
  } else if (key == "ex6") {
    CHECK(r["layers"].size() == problem["layers"].size());
    CHECK(r["total_params"].get<std::int64_t>() > 0);
    CHECK(r.contains("batchnorm"));
  } else if (key == "ex7") {
    for (const auto& row : r["forward"]["A"]) {
      double lo = 1, hi = 0;
      for (const auto& a : row) lo = std::min(lo, d(a)), hi = std::max(hi, d(a));
      CHECK(hi - lo > 1e-2);  // attention that is not uniform
    }
  }
}
}  // namespace

TEST_SUITE("generate") {
  TEST_CASE("the stream is the reference splitmix64") {
    // Vigna's splitmix64.c with x = 1234567: the first outputs (also Rosetta Code's test vector).
    generate::Rng rng(1234567);
    CHECK(rng.next() == 6457827717110365317ULL);
    CHECK(rng.next() == 3203168211198807973ULL);
    CHECK(rng.next() == 9817491932198370423ULL);
  }

  TEST_CASE("seeds: non-negative decimal integers only") {
    CHECK(generate::parse_seed("0") == std::uint64_t{0});
    CHECK(generate::parse_seed("42") == std::uint64_t{42});
    CHECK(generate::parse_seed("18446744073709551615") == UINT64_MAX);
    for (const char* bad : {"", "-1", "abc", "1.5", "+3", " 7", "7x", "18446744073709551616", "99999999999999999999"})
      CHECK_MESSAGE(!generate::parse_seed(bad), bad);
  }

  TEST_CASE("same seed, same bytes; different seeds, different numbers") {
    for (const char* key : kKeys) {
      const std::string name = key;
      CAPTURE(name);
      const std::string once = dump_pretty(generate::generate(key, 5).problem);
      CHECK(once == dump_pretty(generate::generate(key, 5).problem));
      Json a = generate::generate(key, 6).problem, b = generate::generate(key, 7).problem;
      a.erase("description"), b.erase("description");
      CHECK(a != b);
    }
  }

  TEST_CASE("100 seeds per exercise: solved, every self-check passed, the homework's situations kept") {
    for (const char* key : kKeys) {
      int most_attempts = 0;
      for (std::uint64_t seed = 0; seed < kSeeds; ++seed) {
        const std::string name = key;
        CAPTURE(name);
        CAPTURE(seed);
        const generate::Variant v = generate::generate(key, seed);
        most_attempts = std::max(most_attempts, v.attempts);
        // The printed problem file reads back as the same document, the one v.solution solved (as hw6 exN
        // does: the same exN::run); the CLI tests solve printed files through the executable.
        const Json reread = parse_json(dump_pretty(v.problem));
        REQUIRE(reread == v.problem);
        CHECK(v.solution.all_checks_passed());
        const auto why = generate::rejection(key, reread, v.solution);
        CHECK_MESSAGE(!why.has_value(), why.value_or(""));
        check_situations(key, reread, v.solution.results);
      }
      MESSAGE(std::string(key) << ": at most " << most_attempts << " draws for a kept variant over " << kSeeds << " seeds");
    }
  }

  TEST_CASE("generate all: a template filled with hw6's answers passes verify; against the built-in problem it fails") {
    Json answers = Json::object(), unembedded = Json::object();
    for (const char* key : kKeys) {
      const generate::Variant v = generate::generate(key, 11);
      const Json tmpl = generate::answer_template(v);
      REQUIRE(tmpl["problem"] == v.problem);
      answers[key] = fill(tmpl, v.solution.results);
      answers[key]["problem"] = v.problem;
    }
    const verify::Result r = verify::grade(answers, verify::Tolerance{}, verify::compute_exercise);
    CHECK(r.answered > 100);
    CHECK(r.passed == r.answered);
    for (const auto& verdict : r.verdicts)
      if (!verdict.passed) MESSAGE(verdict.path);
    // Without the embedded problem the same answers are graded against the homework's own data: ex4's w differs.
    Json ex4_only = {{"ex4", {{"primal", {{"w", answers["ex4"]["primal"]["w"]}}}}}};
    CHECK_FALSE(verify::grade(ex4_only, verify::Tolerance{}, verify::compute_exercise).all_passed());
    ex4_only["ex4"]["problem"] = answers["ex4"]["problem"];
    CHECK(verify::grade(ex4_only, verify::Tolerance{}, verify::compute_exercise).all_passed());
  }

  TEST_CASE("the problem sheet holds the variant's data and the homework's questions") {
    const generate::Variant v4 = generate::generate("ex4", 3);
    const std::string sheet = generate::problem_sheet(v4, "fig");
    CHECK(sheet.find("fig/ex4_problem.svg") != std::string::npos);
    CHECK(sheet.find("Please find the support vectors and the non-support vectors") != std::string::npos);
    const auto figures = generate::sheet_figures(v4);
    REQUIRE(figures.size() == 1);
    CHECK(figures[0].draw().rfind("<svg", 0) == 0);
    const generate::Variant v6 = generate::generate("ex6", 3);
    const std::string sheet6 = generate::problem_sheet(v6, "");
    CHECK(sheet6.find(std::to_string(v6.problem["input"][0].get<int>()) + " × ") != std::string::npos);
    CHECK(generate::sheet_figures(v6).empty());
  }
}

TEST_CASE("plot ticks of a range below double precision: none, and no endless loop") {
  // Found by generate ex2 (seed 14): q(μ) = −2 on [1, 3] sampled as −2 ± 4e−16 made the y axis's
  // tick loop t += 1e−16 stand still at t = −2 until memory ran out.
  CHECK(hw6::plot::nice_ticks(-2 - 4e-16, -2 + 4e-16).empty());
  CHECK(hw6::plot::nice_ticks(0.0, 1.0, 5).size() == 6);  // 0, 0.2, …, 1 unchanged
}
