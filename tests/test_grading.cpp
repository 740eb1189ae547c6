// Grading a class (hw6/grading.hpp, hw6/feedback.hpp) on the planted class of tests/cli/class:
// every expected score below is derived by hand from the files (see tests/cli/class/README.md).
#include "hw6/feedback.hpp"
#include "hw6/generate.hpp"
#include "hw6/grading.hpp"
#include "hw6/parallel.hpp"
#include "hw6/registry.hpp"
#include "input_error.hpp"

#include <doctest/doctest.h>

#include <atomic>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <regex>
#include <vector>

using namespace hw6;

namespace {
const std::string kClass = HW6_TEST_CLASS_DIR;

std::vector<std::string> planted() {
  return {kClass + "/right.json", kClass + "/one, wrong.json", kClass + "/malformed.json", kClass + "/own_variant.json",
          kClass + "/partial.json"};
}

grading::Rubric rubric() {
  return grading::parse_rubric(Json{{"/ex5/network/sigmoid/forward/loss", 2}, {"/ex6/total_params", 3}, {"/ex6/layers/0/params", 1}});
}

/// The gradebook with the folder taken out of the file names, and the embedded problems' hashes
/// named by the test: `#H1`, `#H2`, ... in the order they first appear.
std::string gradebook(const std::vector<grading::FileGrade>& grades, const grading::Rubric* r, grading::ProblemCache& cache) {
  std::vector<grading::Score> scores;
  for (const auto& g : grades) scores.push_back(grading::score(g, r, cache));
  std::string csv = grading::gradebook_csv(grades, scores);
  for (std::size_t at; (at = csv.find(kClass + "/")) != std::string::npos;) csv.erase(at, kClass.size() + 1);
  std::vector<std::string> seen;
  std::string out;
  const std::regex hash("#[0-9a-f]{8}");
  auto it = std::sregex_iterator(csv.begin(), csv.end(), hash);
  std::size_t done = 0;
  for (; it != std::sregex_iterator(); ++it) {
    const std::string h = it->str();
    auto at = std::find(seen.begin(), seen.end(), h);
    if (at == seen.end()) at = seen.insert(seen.end(), h);
    out += csv.substr(done, static_cast<std::size_t>(it->position()) - done) + "#H" + std::to_string(at - seen.begin() + 1);
    done = static_cast<std::size_t>(it->position()) + h.size();
  }
  return out + csv.substr(done);
}

std::string error_of(const Json& rubric_json, grading::ProblemCache& cache) {
  return hw6::testing::input_error_of([&] { grading::check_rubric(grading::parse_rubric(rubric_json), {}, cache); }, ": ");
}
}  // namespace

TEST_SUITE("grading") {
  TEST_CASE("the planted class: one row per file, in input order, fractions derived by hand") {
    grading::ProblemCache cache;
    const auto grades = grading::grade_files(planted(), verify::Tolerance{}, cache, 2);
    REQUIRE(grades.size() == 5);
    CHECK(grades[2].error.find("malformed JSON") != std::string::npos);
    const std::string malformed_error = grades[2].error;
    const std::string quoted_error =
        malformed_error.find_first_of(",\"") == std::string::npos ? malformed_error : "\"" + malformed_error + "\"";
    REQUIRE(malformed_error.find('"') == std::string::npos);  // else the quoting below would double them

    SUBCASE("without a rubric: passed / answered per exercise and in total") {
      // right: ex5 1 of 1, ex6 3 of 3 (output 28×28×6, params 156, total 156) → 1, 1, total 4/4.
      // one, wrong: ex6 params 150 is wrong → ex6 2/3; the loss 1.0986 is within rtol 1e-4 of ln 3
      //   (1.2e-5 relative) → ex5 1; total 3/4 = 0.75. Its name has a comma, so it is quoted.
      // malformed: no scores, the error.  own_variant: 7 of 7 on its own problem.  partial: ex5 1/1.
      // problems: ex5 the built-in one; ex6 LeNet embedded in right and one, wrong (one hash,
      // H1), own_variant's own (H2).
      CHECK(gradebook(grades, nullptr, cache) ==
            "file,ex1,ex2,ex3,ex4,ex5,ex6,ex7,total,error,problems\n"
            "right.json,,,,,1,1,,1,,ex5: built-in; ex6: embedded #H1\n"
            "\"one, wrong.json\",,,,,1,0.666667,,0.75,,ex5: built-in; ex6: embedded #H1\n"
            "malformed.json,,,,,,,,," +
                quoted_error +
                ",\n"
                "own_variant.json,,,,,,1,,1,,ex6: embedded #H2\n"
                "partial.json,,,,,1,,,1,,ex5: built-in\n");
    }
    SUBCASE("with the rubric: points earned over points possible, unanswered values score 0") {
      // Possible: 2 (loss) + 3 (total_params) + 1 (layers/0/params) = 6; ex5 has 2, ex6 has 4.
      // right: 6/6.  one, wrong: 2 + 3, the layer's 1 point lost → ex6 3/4, total 5/6.
      // own_variant: the loss unanswered → ex5 0/2; ex6 4/4; total 4/6.  partial: 2/6, ex6 0/4.
      const auto r = rubric();
      CHECK_NOTHROW(grading::check_rubric(r, grades, cache));
      CHECK(gradebook(grades, &r, cache) ==
            "file,ex1,ex2,ex3,ex4,ex5,ex6,ex7,total,error,problems\n"
            "right.json,,,,,1,1,,1,,ex5: built-in; ex6: embedded #H1\n"
            "\"one, wrong.json\",,,,,1,0.75,,0.833333,,ex5: built-in; ex6: embedded #H1\n"
            "malformed.json,,,,,,,,," +
                quoted_error +
                ",\n"
                "own_variant.json,,,,,0,1,,0.666667,,ex6: embedded #H2\n"
                "partial.json,,,,,1,0,,0.333333,,ex5: built-in\n");
    }
    SUBCASE("each distinct problem is solved once") {
      // ex5 built-in (right, one wrong, partial), ex6 LeNet (right, one wrong), ex6 own variant.
      CHECK(cache.solved() == 3);
    }
    SUBCASE("the own variant is graded against its own problem, not the built-in one") {
      const auto& v = grades[3].result->verdicts;
      CHECK(v.size() == 7);
      CHECK(grades[3].result->all_passed());
      CHECK_FALSE(grades[3].result->summary[0].computed->builtin);
    }
  }

  TEST_CASE("60 copies of one file: graded 60 times, solved once, the same rows") {
    grading::ProblemCache cache;
    std::vector<std::string> files;
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_copies";
    std::filesystem::create_directories(dir);
    for (int i = 0; i < 60; ++i) {
      const auto f = dir / ("s" + std::to_string(i) + ".json");
      std::filesystem::copy_file(kClass + "/one, wrong.json", f, std::filesystem::copy_options::overwrite_existing);
      files.push_back(f.string());
    }
    const auto grades = grading::grade_files(files, verify::Tolerance{}, cache, 4);
    CHECK(cache.solved() == 2);
    for (std::size_t i = 0; i < grades.size(); ++i) {
      CHECK(grades[i].file == files[i]);  // input order, whatever thread graded it
      REQUIRE(grades[i].result);
      CHECK(grades[i].result->passed == 3);
    }
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("the same file twice is graded once; missing files, folders and empty files are rows with errors") {
    grading::ProblemCache cache;
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_bad";
    std::filesystem::create_directories(dir / "folder.json");
    std::ofstream(dir / "empty.json") << "  \n";
    std::vector<std::pair<std::string, std::string>> duplicates;
    const std::string right = kClass + "/right.json";
    const auto grades = grading::grade_files({right, (dir / "missing.json").string(), (dir / "folder.json").string(),
                                              (dir / "empty.json").string(), kClass + "/../class/right.json"},
                                             verify::Tolerance{}, cache, 2, &duplicates);
    REQUIRE(grades.size() == 4);
    CHECK(grades[0].result);
    CHECK(grades[1].error.find("cannot open") == 0);
    CHECK(grades[2].error.find("is a directory") != std::string::npos);
    CHECK(grades[3].error.rfind("\"\": the file is empty", 0) == 0);  // the whole document's pointer, as for any content error
    REQUIRE(duplicates.size() == 1);
    CHECK(duplicates[0].second == right);
    // A template with every value null: the whole document again.
    std::ofstream(dir / "template.json") << R"({"ex6": {"total_params": null}})";
    const auto untouched = grading::grade_files({(dir / "template.json").string()}, verify::Tolerance{}, cache, 1);
    CHECK(untouched[0].error.rfind("\"\": no answered value", 0) == 0);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("gradebook fields a spreadsheet would run as formulas are shown as text") {
    // Names students choose: = + - @ (and a tab) start a formula in Excel and LibreOffice; a
    // leading apostrophe makes the cell text. "-" (standard input) and ordinary names stay as
    // they are, and the apostrophe comes before the RFC 4180 quoting, inside the quotes.
    grading::ProblemCache cache;
    std::vector<grading::FileGrade> grades;
    for (const char* name : {"=HYPERLINK(\"http://x\").json", "+1.json", "-2.json", "@SUM(A1).json", "\tx.json", "-", "a=b.json"})
      grades.push_back(grading::FileGrade{name, std::nullopt, "cannot open"});
    std::vector<grading::Score> scores;
    for (const auto& g : grades) scores.push_back(grading::score(g, nullptr, cache));
    CHECK(grading::gradebook_csv(grades, scores) ==
          "file,ex1,ex2,ex3,ex4,ex5,ex6,ex7,total,error,problems\n"
          "\"'=HYPERLINK(\"\"http://x\"\").json\",,,,,,,,,cannot open,\n"
          "'+1.json,,,,,,,,,cannot open,\n"
          "'-2.json,,,,,,,,,cannot open,\n"
          "'@SUM(A1).json,,,,,,,,,cannot open,\n"
          "'\tx.json,,,,,,,,,cannot open,\n"
          "-,,,,,,,,,cannot open,\n"
          "a=b.json,,,,,,,,,cannot open,\n");
  }

  TEST_CASE("an answer file saved as UTF-16 (Windows Notepad's \"Unicode\") is a row that says so; BOM and CRLF are fine") {
    // The same JSON in four encodings. UTF-8 with a byte-order mark and CRLF line ends is what
    // Windows editors write: read as it is. UTF-16 (with its byte-order mark FF FE, or without one:
    // every other byte 0) used to be "malformed JSON ... last read: '<garbage>'", which tells a
    // student nothing; the row now names the encoding and the fix.
    grading::ProblemCache cache;
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_encodings";
    std::filesystem::create_directories(dir);
    const std::string json = "{\r\n  \"ex6\": {\"total_params\": 4296658176}\r\n}\r\n";
    auto utf16le = [](const std::string& ascii, bool bom) {
      std::string out = bom ? std::string("\xFF\xFE") : std::string();
      for (char c : ascii) out += c, out += '\0';
      return out;
    };
    auto utf16be = [](const std::string& ascii) {
      std::string out = "\xFE\xFF";
      for (char c : ascii) out += '\0', out += c;
      return out;
    };
    const std::vector<std::pair<std::string, std::string>> files = {
        {"bom_crlf.json", "\xEF\xBB\xBF" + json}, {"utf16le.json", utf16le(json, true)}, {"utf16le_nobom.json", utf16le(json, false)},
        {"utf16be.json", utf16be(json)}};
    std::vector<std::string> paths;
    for (const auto& [name, bytes] : files) {
      std::ofstream(dir / name, std::ios::binary) << bytes;
      paths.push_back((dir / name).string());
    }
    const auto grades = grading::grade_files(paths, verify::Tolerance{}, cache, 1);
    REQUIRE(grades.size() == 4);
    REQUIRE(grades[0].result);
    CHECK(grades[0].result->all_passed());  // 4,296,658,176: the homework's count (README)
    for (std::size_t i = 1; i < 4; ++i) {
      INFO(files[i].first << ": " << grades[i].error);
      CHECK_FALSE(grades[i].result);
      CHECK(grades[i].error.find("UTF-16") != std::string::npos);
      CHECK(grades[i].error.find("UTF-8") != std::string::npos);
    }
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("rubric errors name the path and the nearest valid one") {
    grading::ProblemCache cache;
    CHECK(error_of(Json{{"/ex6/total_parms", 2}}, cache) == "/ex6/total_parms: no output of ex6 has this value; the nearest is /ex6/total_params");
    CHECK(error_of(Json{{"/ex7/gradients/W_V/0", 1}}, cache).find("inside the value /ex7/gradients/W_V") != std::string::npos);
    CHECK(error_of(Json{{"/ex6/total_params", 1}, {"/ex6/total_params/", 1}}, cache).find("/ex6/total_params/") == 0);
    // Valid: a value graded as a whole, and a path through the exercise's alias (/nn is ex5).
    CHECK(error_of(Json{{"/ex6/total_params", 1}, {"/nn/network/sigmoid/forward/loss", 2}}, cache) == "<none>");
    auto parse_error = [](const Json& j) {
      try {
        grading::parse_rubric(j);
      } catch (const InputError& e) {
        return e.pointer() + ": " + e.what();
      }
      return std::string("<none>");
    };
    CHECK(parse_error(Json::array()).find("a rubric is an object") != std::string::npos);
    CHECK(parse_error(Json{{"ex6", 1}}).find("starting with /exN") != std::string::npos);
    CHECK(parse_error(Json{{"/ex9/x", 1}}).find("unknown exercise \"ex9\"") != std::string::npos);
    CHECK(parse_error(Json{{"/ex6/total_params", "two"}}) == "/ex6/total_params: expected points, a number >= 0, got \"two\"");
    CHECK(parse_error(Json{{"/ex5/network", 1}, {"/nn/network", 1}}).find("given twice") != std::string::npos);
    CHECK(parse_error(Json::object()).find("empty") != std::string::npos);
  }

  TEST_CASE("a rubric prefix shares its points equally among the values under it") {
    // /ex6/layers/0 holds the first layer's values (output, params, and whatever else the output has:
    // k of them, read from the output). "one, wrong" answers output (right) and params (wrong) →
    // 1 of the k shares of 6 points.
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({kClass + "/one, wrong.json"}, verify::Tolerance{}, cache, 1);
    const auto r = grading::parse_rubric(Json{{"/ex6/layers/0", 6}});
    grading::check_rubric(r, grades, cache);
    const auto k = verify::leaf_paths(grades[0].result->summary[1].computed->document["layers"][0], "/ex6/layers/0").size();
    REQUIRE(k >= 2);
    const auto s = grading::score(grades[0], &r, cache);
    CHECK(s.total_possible == 6);
    CHECK(s.total_earned == doctest::Approx(6.0 / static_cast<double>(k)));
  }

  TEST_CASE("Gradescope's document: score = the sum of the tests' scores, a test per exercise") {
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({kClass + "/one, wrong.json", kClass + "/malformed.json"}, verify::Tolerance{}, cache, 1);
    const auto r = rubric();
    const Json doc = grading::gradescope(grades[0], grading::score(grades[0], &r, cache), &r);
    REQUIRE(doc["tests"].size() == 2);
    double sum = 0;
    for (const auto& t : doc["tests"]) {
      CHECK(t.contains("name"));
      CHECK(t["output"].is_string());
      CHECK(t["score"].get<double>() <= t["max_score"].get<double>());
      sum += t["score"].get<double>();
    }
    CHECK(doc["score"].get<double>() == doctest::Approx(sum));
    CHECK(doc["score"].get<double>() == doctest::Approx(5.0));  // 2 + 3 of 6 (derived above)
    CHECK(doc["tests"][1]["max_score"].get<double>() == doctest::Approx(4.0));
    CHECK(doc["tests"][1]["output"].get<std::string>().find("FAIL  /ex6/layers/0/params") != std::string::npos);
    // Without a rubric a value is a point: ex5 1 of 1, ex6 2 of 3.
    const Json plain = grading::gradescope(grades[0], grading::score(grades[0], nullptr, cache), nullptr);
    CHECK(plain["score"].get<double>() == doctest::Approx(3.0));
    CHECK(plain["tests"][1]["max_score"].get<double>() == doctest::Approx(3.0));
    // A file that cannot be graded: score 0, the reason, and the rubric's maximum still shown.
    const Json bad = grading::gradescope(grades[1], grading::score(grades[1], &r, cache), &r);
    CHECK(bad["score"].get<double>() == 0);
    CHECK(bad["output"].get<std::string>().find("malformed JSON") != std::string::npos);
    REQUIRE(bad["tests"].size() == 2);
    CHECK(bad["tests"][0]["max_score"].get<double>() == doctest::Approx(2.0));
  }

  TEST_CASE("feedback: verdicts, the diagnosis, and the step that computes the wrong value on the student's problem") {
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({kClass + "/one, wrong.json", kClass + "/malformed.json"}, verify::Tolerance{}, cache, 1);
    const std::string md = feedback::render(grades[0], grading::score(grades[0], nullptr, cache), nullptr);
    CHECK(md.find("**wrong** `/ex6/layers/0/params`: expected 156, given 150") != std::string::npos);
    CHECK(md.find("hint: matches the value without biases") != std::string::npos);
    CHECK(md.find("your own problem (embedded #") != std::string::npos);
    CHECK(md.find("| exercise | answered | correct | problem |") != std::string::npos);
    CHECK(md.find("| ex5 | 1 | 1 | built-in |") != std::string::npos);
    CHECK(md.find("### Step 1:") != std::string::npos);
    CHECK(md.find("conv5-6") != std::string::npos);       // the student's layer table, not the homework's
    CHECK(md.find("conv5-128") == std::string::npos);     // (the homework's second layer)
    CHECK(md.find("**right** `/ex5/network/sigmoid/forward/loss`") != std::string::npos);
    CHECK(md.find("### Step 3(a)") == std::string::npos);  // no step for a right value
    const std::string bad = feedback::render(grades[1], grading::score(grades[1], nullptr, cache), nullptr);
    CHECK(bad.find("could not be graded: /ex6: malformed JSON") != std::string::npos);
    // What to do next keeps a student on their own variant: `hw6 template all` alone would give
    // them the built-in problems' skeleton, and their next file would be graded against those.
    CHECK(bad.find("hw6 generate all --seed") != std::string::npos);
  }

  TEST_CASE("with a rubric, the points of values left unanswered are named, in the feedback and on Gradescope") {
    // The rubric gives 2 points to the loss (ex5), 3 to total_params and 1 to layers/0/params (ex6).
    // partial.json answers the loss only (its ex6 total_params is null): 2 of 6 points. The 4
    // points it lost are on /ex6/total_params and /ex6/layers/0/params, which it never answered;
    // its feedback listed its one right value and "2 of 6 points" with no word on the other 4.
    // own_variant.json answers ex6 only: the loss's 2 points are lost unanswered.
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({kClass + "/partial.json", kClass + "/own_variant.json", kClass + "/right.json"},
                                             verify::Tolerance{}, cache, 1);
    const auto r = rubric();
    grading::check_rubric(r, grades, cache);
    const auto partial = grading::score(grades[0], &r, cache);
    CHECK(partial.total_earned == doctest::Approx(2.0));
    CHECK(partial.unanswered[4].empty());  // ex5: the loss is answered
    auto sorted = [](std::vector<std::string> v) { return std::sort(v.begin(), v.end()), v; };
    CHECK(sorted(partial.unanswered[5]) == std::vector<std::string>{"/ex6/layers/0/params", "/ex6/total_params"});
    CHECK(partial.unanswered_points[5] == doctest::Approx(4.0));
    const auto own = grading::score(grades[1], &r, cache);
    CHECK(own.unanswered[4] == std::vector<std::string>{"/ex5/network/sigmoid/forward/loss"});
    CHECK(own.unanswered_points[4] == doctest::Approx(2.0));
    CHECK(own.unanswered[5].empty());
    const auto right = grading::score(grades[2], &r, cache);
    for (const auto& u : right.unanswered) CHECK(u.empty());

    const std::string md = feedback::render(grades[0], partial, &r);
    INFO(md);
    // The exercise it did not answer at all is in the table, with its points, and said so.
    CHECK(md.find("| ex6 | 0 | 0 |") != std::string::npos);
    CHECK(md.find("0 of 4") != std::string::npos);
    CHECK(md.find("**not answered**") != std::string::npos);
    CHECK(md.find("`/ex6/total_params`") != std::string::npos);
    CHECK(md.find("`/ex6/layers/0/params`") != std::string::npos);
    // A student who left a value null meaning "there is none" learns how that is answered.
    CHECK(md.find("a value that does not exist on your problem is answered \"none\"") != std::string::npos);
    // Without a rubric an unanswered value costs nothing, and nothing is said about it.
    CHECK(feedback::render(grades[0], grading::score(grades[0], nullptr, cache), nullptr).find("not answered") == std::string::npos);

    const Json gs = grading::gradescope(grades[0], partial, &r);
    REQUIRE(gs["tests"].size() == 2);
    const std::string ex6 = gs["tests"][1]["output"].get<std::string>();
    CHECK(gs["tests"][1]["max_score"].get<double>() == doctest::Approx(4.0));
    CHECK(ex6.find("NOT ANSWERED  /ex6/total_params") != std::string::npos);
    CHECK(ex6.find("NOT ANSWERED  /ex6/layers/0/params") != std::string::npos);
    CHECK(ex6.find("a value that does not exist on your problem is answered \"none\"") != std::string::npos);
  }

  TEST_CASE("graded for a grade, an answer file's own tolerances only tighten the command line's") {
    // ln 3 = 1.0986 answered 1.5 (37% off) with the file's own {"rtol": 1, "atol": 1}: it passed in
    // a class's gradebook. A tolerance tighter than the defaults still applies: 1.0986 (1.1e-5
    // relative off) fails at the file's rtol 1e-6.
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_tolerances";
    std::filesystem::create_directories(dir);
    const Json loose = Json::parse(R"({"tolerances": {"/ex5/network": {"rtol": 1, "atol": 1}}, "ex5": {"network": {"sigmoid": {"forward": {"loss": 1.5}}}}})");
    const Json tight = Json::parse(R"({"tolerances": {"/nn": {"rtol": 1e-6, "atol": 0}}, "ex5": {"network": {"sigmoid": {"forward": {"loss": 1.0986}}}}})");
    std::ofstream(dir / "loose.json") << loose.dump();
    std::ofstream(dir / "tight.json") << tight.dump();
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({(dir / "loose.json").string(), (dir / "tight.json").string()}, verify::Tolerance{}, cache, 1);
    REQUIRE(grades[0].result);
    REQUIRE(grades[1].result);
    CHECK_FALSE(grades[0].result->all_passed());
    CHECK(grades[0].result->verdicts[0].tolerance.rtol == 1e-4);
    CHECK_FALSE(grades[1].result->all_passed());
    CHECK(grades[1].result->verdicts[0].tolerance.rtol == 1e-6);
    // Checking one's own answers (hw6 verify answers.json alone), the file's tolerances apply.
    CHECK(verify::grade(loose, verify::Tolerance{}, verify::compute_exercise, verify::FileTolerances::as_written).all_passed());
  }

  TEST_CASE("a file named with a newline is still one line of the summary") {
    grading::FileGrade g;
    g.file = "alice\nbob.json";
    g.error = "\"\": the file is empty";
    CHECK(grading::summary_line(g, grading::Score{}, nullptr) == "alice\\nbob.json: not graded: \"\": the file is empty");
  }

  TEST_CASE("feedback on a long value points only where it can be read") {
    // ex7's ∂L/∂W_V is 4×4 on the homework's problem: over 160 characters, so the feedback names its
    // size. It said "(183 characters; see the step below)" for a right value, whose step is never
    // shown, and for the student's own wrong value, which no step holds (a step holds hw6's).
    const Json doc = verify::compute_exercise("ex7", nullptr).document;
    Json wrong = doc["gradients"]["W_V"];
    for (auto& row : wrong)
      for (auto& x : row) x = -x.get<double>();
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_long_values";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "right.json") << Json{{"ex7", {{"gradients", {{"W_V", doc["gradients"]["W_V"]}}}}}}.dump();
    std::ofstream(dir / "wrong.json") << Json{{"ex7", {{"gradients", {{"W_V", wrong}}}}}}.dump();
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({(dir / "right.json").string(), (dir / "wrong.json").string()}, verify::Tolerance{}, cache, 1);
    REQUIRE(grades[0].result);
    REQUIRE(grades[1].result);
    const std::string right = feedback::render(grades[0], grading::score(grades[0], nullptr, cache), nullptr);
    INFO(right);
    CHECK(right.find("### Step") == std::string::npos);
    CHECK(right.find("see the step") == std::string::npos);
    CHECK(right.find("characters; as in your file)") != std::string::npos);
    const std::string md = feedback::render(grades[1], grading::score(grades[1], nullptr, cache), nullptr);
    INFO(md);
    CHECK(md.find("expected (") != std::string::npos);
    CHECK(md.find(" characters; see step 4 below), given (") != std::string::npos);
    CHECK(md.find(" characters; as in your file)") != std::string::npos);
    CHECK(md.find("### Step 4:") != std::string::npos);
  }

  TEST_CASE("feedback on a wrong number says how close it had to be, and names an early rounding") {
    // ln 3 = 1.0986122887 (the homework's loss) answered as 1.1: outside rtol 1e-4; the student
    // must learn both the tolerance and that rounding to one decimal was the mistake.
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_rounded";
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "rounded.json") << R"({"ex5": {"network": {"sigmoid": {"forward": {"loss": 1.1}}}}})";
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({(dir / "rounded.json").string()}, verify::Tolerance{}, cache, 1);
    REQUIRE(grades[0].result);
    const std::string md = feedback::render(grades[0], grading::score(grades[0], nullptr, cache), nullptr);
    INFO(md);
    CHECK(md.find("**wrong** `/ex5/network/sigmoid/forward/loss`: expected 1.098612289, given 1.1") != std::string::npos);
    CHECK(md.find("within a relative 0.0001 or an absolute 1e-06") != std::string::npos);
    CHECK(md.find("hint: rounded to 1 decimal place") != std::string::npos);
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("which problem a file was graded against: built-in, a generated variant checked against hw6 generate, or an embedded one by its hash") {
    // An answer file may embed any problem (the reviewer's mallory.json embeds an all-zero one and
    // gets full marks). Grading is unchanged; the label makes it visible.
    auto label = [](const Json& answers) {
      const auto r = verify::grade(answers, verify::Tolerance{}, verify::compute_exercise);
      REQUIRE(r.summary.size() == 1);
      return r.summary[0].computed->problem;
    };
    CHECK(label(Json{{"ex6", {{"total_params", 4296658176LL}}}}) == "built-in");
    // `hw6 generate ex7 --seed 7`'s problem, answered: checked by generating it again.
    const generate::Variant v = generate::generate("ex7", 7);
    const Json T = v.solution.to_json()["sizes"]["T"];
    CHECK(label(Json{{"ex7", {{"problem", v.problem}, {"sizes", {{"T", T}}}}}}) == "generated --seed 7");
    Json reordered = Json::object();  // the same problem, keys in another order
    for (auto it = v.problem.rbegin(); it != v.problem.rend(); ++it) reordered[it.key()] = it.value();
    CHECK(label(Json{{"ex7", {{"problem", reordered}, {"sizes", {{"T", T}}}}}}) == "generated --seed 7");
    // Edited, its description kept: embedded, with its hash, and the claim refuted.
    Json edited = v.problem;
    edited["X"][0][0] = edited["X"][0][0].get<double>() + 1;
    const std::string e = label(Json{{"ex7", {{"problem", edited}, {"sizes", {{"T", T}}}}}});
    CHECK(std::regex_match(e, std::regex("embedded #[0-9a-f]{8}, says --seed 7 but is not that variant")));
    // Without a description: its hash only; the same problem has the same hash, another another.
    edited.erase("description");
    const std::string h1 = label(Json{{"ex7", {{"problem", edited}, {"sizes", {{"T", T}}}}}});
    CHECK(std::regex_match(h1, std::regex("embedded #[0-9a-f]{8}")));
    CHECK(e.substr(0, h1.size()) != h1);  // the description is part of the problem
    CHECK(label(Json{{"ex7", {{"problem", edited}, {"sizes", {{"T", T}}}}}}) == h1);
    // The check agrees with generate() for every exercise (each variant's own solution reused), and
    // a variant is not another seed's.
    for (const auto& ex : exercises()) {
      for (std::uint64_t seed : {1u, 2u, 3u, 1000u}) {
        const generate::Variant w = generate::generate(ex.key, seed);
        INFO(ex.key << " --seed " << seed);
        CHECK(generate::is_variant(ex.key, seed, w.problem, w.solution));
        Json claim = w.problem;  // seed's problem, claiming seed + 1
        claim["description"] = generate::generate(ex.key, seed + 1).problem["description"];
        CHECK_FALSE(generate::is_variant(ex.key, seed + 1, claim, w.solution));
      }
    }
    // In the gradebook's last column, and unchanged grading: the all-zero problem scores 1.
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({kClass + "/../verify_own_trivial_problem.json"}, verify::Tolerance{}, cache, 1);
    REQUIRE(grades[0].result);
    CHECK(grades[0].result->all_passed());
    const std::string csv = gradebook(grades, nullptr, cache);
    CHECK(csv.substr(csv.find('\n') + 1).find(",1,,ex7: embedded #H1\n") != std::string::npos);
  }

  TEST_CASE("files graded against the same generated variant are named together (a copied file, or a wrong seed)") {
    // Each student has their own seed, so two files on the variant of one seed are one student's
    // work twice (a copy) or a student on someone else's seed. Here: alice's file (seed 11), bob's
    // byte-for-byte copy of it, carol's own seed 12, and own_variant.json's embedded problem, which
    // is not a generated variant. Expected: one group, seed 11, alice and bob, in input order.
    const auto dir = std::filesystem::temp_directory_path() / "hw6_test_grading_shared";
    std::filesystem::create_directories(dir);
    auto answers = [](std::uint64_t seed) {
      const generate::Variant v = generate::generate("ex7", seed);
      return Json{{"ex7", {{"problem", v.problem}, {"sizes", {{"T", v.solution.to_json()["sizes"]["T"]}}}}}};
    };
    std::ofstream(dir / "alice.json") << answers(11).dump();
    std::ofstream(dir / "bob.json") << answers(11).dump();
    std::ofstream(dir / "carol.json") << answers(12).dump();
    grading::ProblemCache cache;
    const auto grades = grading::grade_files({(dir / "alice.json").string(), kClass + "/own_variant.json", (dir / "carol.json").string(),
                                              (dir / "bob.json").string()},
                                             verify::Tolerance{}, cache, 2);
    const auto shared = grading::shared_variants(grades);
    REQUIRE(shared.size() == 1);
    CHECK(shared[0].problem == "generated --seed 11");
    CHECK(shared[0].files == std::vector<std::string>{(dir / "alice.json").string(), (dir / "bob.json").string()});
    // The planted class has no generated variant: nothing to say.
    CHECK(grading::shared_variants(grading::grade_files(planted(), verify::Tolerance{}, cache, 2)).empty());
    std::filesystem::remove_all(dir);
  }

  TEST_CASE("every path of every exercise's output has a step that exists in its report") {
    for (const auto& ex : exercises()) {
      if (!ex.run) continue;
      const auto c = verify::compute_exercise(ex.key, nullptr);
      for (const auto& path : verify::leaf_paths(c.document, "/" + ex.key)) {
        INFO(path);
        const std::string label = feedback::step_label(path, &c.report);
        bool found = false;
        for (const auto& s : c.report.steps) found = found || s.label == label;
        CHECK(found);
      }
    }
  }

  TEST_CASE("feedback file names: the file's name, its folders when two would collide") {
    CHECK(feedback::file_names({"a/alice.json", "b/bob.json"}) == std::vector<std::string>{"alice.md", "bob.md"});
    CHECK(feedback::file_names({"a/s.json", "b/s.json", "-"}) == std::vector<std::string>{"a_s.md", "b_s.md", "stdin.md"});
  }
}

TEST_CASE("parallel_for calls every index exactly once, for any number of tasks and threads") {
  // Each call adds 1 to its own counter: a skipped index leaves 0, a repeated one 2 or more.
  for (std::size_t n : {std::size_t{0}, std::size_t{1}, std::size_t{7}, std::size_t{1000}})
    for (unsigned jobs : {0u, 1u, 3u, 16u}) {
      std::vector<std::atomic<int>> calls(n);
      hw6::parallel_for(n, jobs, [&](std::size_t i) { ++calls[i]; });
      for (std::size_t i = 0; i < n; ++i) CHECK(calls[i].load() == 1);
    }
}
