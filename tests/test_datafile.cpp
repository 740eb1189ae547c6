// Data files (contract: "Data files"): LIBSVM and CSV into dense X and labels ±1; errors name
// the file and the line. Expected matrices are written out from the file text by hand.
#include "hw6/datafile.hpp"
#include "hw6/problems.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <unistd.h>

using namespace hw6;

namespace {

data::Spec spec(data::Format f) {
  data::Spec s;
  s.format = f;
  s.display = "heart.txt";
  return s;
}

/// The message of the FileError that parsing `text` throws ("" if none); checks the file name.
std::string error_of(const std::string& text, const data::Spec& s) {
  try {
    data::parse(text, s);
  } catch (const FileError& e) {
    CHECK(e.file() == "heart.txt");
    return e.what();
  }
  return "";
}

}  // namespace

TEST_SUITE("data files") {
  TEST_CASE("LIBSVM: 1-based sparse indices become dense columns") {
    // Row 0 has features 1 and 3 → columns 0 and 2; row 1 has feature 2 → column 1. d = 3, the
    // largest index. "+1" and "1" are both the positive label.
    const auto l = data::parse("+1 1:0.5 3:2\n-1 2:-1e-3\n1 3:4\n", spec(data::Format::libsvm));
    REQUIRE(l.X.rows() == 3);
    REQUIRE(l.X.cols() == 3);
    Eigen::MatrixXd X(3, 3);
    X << 0.5, 0, 2, 0, -1e-3, 0, 0, 0, 4;
    CHECK(l.X == X);
    CHECK(l.y == Eigen::Vector3d(1, -1, 1));
  }

  TEST_CASE("LIBSVM: \"features\" widens the matrix; blank lines, CRLF and trailing spaces are fine") {
    auto s = spec(data::Format::libsvm);
    s.features = 5;
    const auto l = data::parse("\n-1 2:7  \r\n\r\n+1 5:1\r\n", s);
    REQUIRE(l.X.rows() == 2);
    REQUIRE(l.X.cols() == 5);
    CHECK(l.X(0, 1) == 7);
    CHECK(l.X(1, 4) == 1);
    CHECK(l.X.cwiseAbs().sum() == 8);  // nothing else set
    CHECK(l.y == Eigen::Vector2d(-1, 1));
  }

  TEST_CASE("LIBSVM: malformed lines name their line") {
    const auto s = spec(data::Format::libsvm);
    // The blank line 2 still counts: the bad label is on line 3.
    CHECK(error_of("+1 1:1\n\n2 1:1\n", s) == "line 3: label must be +1 or -1, got 2");
    CHECK(error_of("0 1:1\n", s) == "line 1: label must be +1 or -1, got 0");
    CHECK(error_of("+1 0:1\n", s) == "line 1: feature indices start at 1 in LIBSVM files, got 0");
    CHECK(error_of("+1 1:1\n-1 abc\n", s) == "line 2: expected index:value, got \"abc\"");
    CHECK(error_of("+1 x:1\n", s) == "line 1: expected an integer feature index before ':', got \"x:1\"");
    CHECK(error_of("+1 1:nan\n", s) == "line 1: expected a finite number after 1:, got \"nan\"");
    CHECK(error_of("+1 1:1e999\n", s) == "line 1: expected a finite number after 1:, got \"1e999\" (beyond the range of a double)");
    // 1e-400 would read as 0 (from_chars reports it out of range); a zero in any spelling and a
    // subnormal number are read.
    CHECK(error_of("+1 1:-1e-400\n", s) ==
          "line 1: expected a finite number after 1:, got \"-1e-400\" (too small for a double: it would read as 0; write 0 if 0 is meant)");
    CHECK(error_of("+1 1:0e-999 2:1e-310\n-1 1:1\n", s) == "");
    CHECK(error_of("+1 3:1 2:1\n", s) == "line 1: feature indices must increase along a line, got 2 after 3");
    CHECK(error_of("\n\n", s) == "no data rows");
    // One stray index makes d huge: 2 rows × 300,000,000 features is over the 5e8-entry limit.
    CHECK(error_of("+1 1:1\n-1 300000000:1\n", s).rfind("2 rows × 300000000 features is too large", 0) == 0);
    auto narrow = s;
    narrow.features = 2;
    CHECK(error_of("+1 3:1\n", narrow) == "line 1: feature index 3 exceeds \"features\": 2");
  }

  TEST_CASE("where the points are in the file: the line of point i, said in the output's data line") {
    // Point i is the i-th data row; the line it is on is i, i + k after k lines that are not data,
    // and not a function of i at all when such lines come between the rows.
    data::Spec s = spec(data::Format::libsvm);
    s.display = "a.libsvm";
    const data::Source plain = data::parse("+1 1:1\n-1 1:2\n+1 1:3\n", s).source;
    CHECK(plain.rows == 3);
    CHECK(plain.first_line == 1);
    CHECK(plain.last_line == 3);
    CHECK(plain.describe() == "a.libsvm (LIBSVM), 3 points: point i on line i");
    const data::Source after = data::parse("# made by hand\n\n+1 1:1\n-1 1:2\n", s).source;
    CHECK(after.describe() == "a.libsvm (LIBSVM), 2 points: point i on line i + 2 (lines 1 and 2 are not data)");
    const data::Source later = data::parse("# made by hand\n#\n\n+1 1:1\n-1 1:2\n", s).source;
    CHECK(later.describe() == "a.libsvm (LIBSVM), 2 points: point i on line i + 3 (lines 1 to 3 are not data)");
    const data::Source between = data::parse("+1 1:1\n# a comment\n-1 1:2\n\n+1 1:3", s).source;
    CHECK(between.first_line == 1);
    CHECK(between.last_line == 5);
    CHECK(between.describe() == "a.libsvm (LIBSVM), 3 points: point i is the file's i-th data row, point 1 on line 1, point 3 on line 5, with 2 other lines between them (comments or blank)");
    data::Spec c = spec(data::Format::csv);
    c.display = "b.csv";
    c.header = true;
    const data::Source csv = data::parse("x1,x2,y\n1,2,1\n3,4,-1\n", c).source;
    CHECK(csv.describe() == "b.csv (CSV), 2 points: point i on line i + 1 (line 1 is not data)");
    // CSV refuses '#' lines, so what lies between its rows can only be blank.
    const data::Source gaps = data::parse("x1,x2,y\n1,2,1\n\n3,4,-1\n", c).source;
    CHECK(gaps.describe() == "b.csv (CSV), 2 points: point i is the file's i-th data row, point 1 on line 2, point 2 on line 4, with 1 other line between them (blank)");
    CHECK(csv.json() == Json{{"path", "b.csv"}, {"format", "csv"}, {"rows", 2}, {"first_line", 2}, {"last_line", 3}});
  }

  TEST_CASE("CSV: header row, label in the last column by default") {
    auto s = spec(data::Format::csv);
    s.header = true;
    const auto l = data::parse("x1,x2,label\n1, 2 ,1\n3.5,-4,-1\n", s);
    Eigen::MatrixXd X(2, 2);
    X << 1, 2, 3.5, -4;
    CHECK(l.X == X);
    CHECK(l.y == Eigen::Vector2d(1, -1));
  }

  TEST_CASE("CSV: label_column picks the label; the other columns keep their order") {
    auto s = spec(data::Format::csv);
    s.label_column = 1;
    const auto l = data::parse("10,-1,20\n30,1,40\n", s);
    Eigen::MatrixXd X(2, 2);
    X << 10, 20, 30, 40;
    CHECK(l.X == X);
    CHECK(l.y == Eigen::Vector2d(-1, 1));
  }

  TEST_CASE("CSV: errors name the line") {
    auto s = spec(data::Format::csv);
    CHECK(error_of("1,2,1\n3,4\n", s) == "line 2: expected 3 columns (as the first row), got 2");
    CHECK(error_of("x,y,label\n1,2,1\n", s) ==
          "line 1: column 1: expected a finite number, got \"x\" (a header row of column names? add \"header\": true to \"data\")");  // header not declared
    CHECK(error_of("1,2,1\n3,+1e-999,-1\n", s) ==
          "line 2: column 2: expected a finite number, got \"+1e-999\" (too small for a double: it would read as 0; write 0 if 0 is meant)");
    CHECK(error_of("1,2,1\n3,,-1\n", s) == "line 2: column 2 is empty");
    CHECK(error_of("1,2,1\n3,4,2\n", s) == "line 2: label must be +1 or -1, got 2");
    CHECK(error_of("1\n", s) == "line 1: expected at least 2 columns (features and a label) separated by commas, got 1: \"1\"");
    s.label_column = 3;
    CHECK(error_of("1,2,1\n", s) == "line 1: label_column 3 does not exist: the row has 3 columns (0-based)");
    auto h = spec(data::Format::csv);
    h.header = true;
    CHECK(error_of("a,b\n", h) == "no data rows after the header");
  }

  // Files as users have them (session 12's review). Each of these used to be refused, or refused
  // with a message that did not show the cause.
  TEST_CASE("a UTF-8 byte-order mark at the start of the file is skipped") {
    // Excel's "CSV UTF-8" starts with EF BB BF; the error read 'column 1: expected a finite number,
    // got "1"', the mark being invisible. Same for LIBSVM ('label must be +1 or -1, got 1').
    const auto c = data::parse("\xEF\xBB\xBF" "1,2,1\n-2,3,-1\n", spec(data::Format::csv));
    Eigen::MatrixXd X(2, 2);
    X << 1, 2, -2, 3;
    CHECK(c.X == X);
    CHECK(c.y == Eigen::Vector2d(1, -1));
    const auto l = data::parse("\xEF\xBB\xBF" "+1 1:1\n-1 1:-2\n", spec(data::Format::libsvm));
    CHECK(l.X == Eigen::Vector2d(1, -2));
    CHECK(l.y == Eigen::Vector2d(1, -1));
  }

  TEST_CASE("LIBSVM: SVMlight's comments and qid are skipped") {
    // '#' to the end of a line is a comment (a line of only a comment is blank); "qid:N" after the
    // label is SVMlight's query id for ranking, not a feature. Rows: (1, 0, 3)+, (0, -2, 0)−.
    const auto l = data::parse("# my data\n+1 qid:3 1:1 3:3 # first\n  # indented comment\n-1 qid:3 2:-2\n", spec(data::Format::libsvm));
    Eigen::MatrixXd X(2, 3);
    X << 1, 0, 3, 0, -2, 0;
    CHECK(l.X == X);
    CHECK(l.y == Eigen::Vector2d(1, -1));
    // qid only where SVMlight puts it, right after the label.
    CHECK(error_of("+1 1:1 qid:3\n", spec(data::Format::libsvm)) == "line 1: expected an integer feature index before ':', got \"qid:3\"");
  }

  TEST_CASE("LIBSVM: a repeated index says so") {
    CHECK(error_of("+1 1:1 2:1 2:5\n", spec(data::Format::libsvm)) == "line 1: feature index 2 appears twice on the line");  // was "got 2 after 2"
  }

  TEST_CASE("errors quote what the file holds: at most 40 bytes, control bytes escaped") {
    const auto s = spec(data::Format::libsvm);
    // A 5,000-byte label used to be printed whole, and an escape sequence reached the terminal raw.
    CHECK(error_of(std::string(5000, 'a') + " 1:1\n", s) == "line 1: label must be +1 or -1, got \"" + std::string(37, 'a') + "...\"");
    CHECK(error_of("\x1b[31mred 1:1\n", s) == "line 1: label must be +1 or -1, got \"\\x1b[31mred\"");
    CHECK(error_of("2 1:1\n", s) == "line 1: label must be +1 or -1, got 2");  // a number as written (the contract's example)
  }

  TEST_CASE("CSV: quoted numbers are read; a wrong separator, a header and a missing label are named") {
    auto s = spec(data::Format::csv);
    const auto l = data::parse("\"1.5\",\"2\",\"1\"\n-2,3,\"-1\"\n", s);
    Eigen::MatrixXd X(2, 2);
    X << 1.5, 2, -2, 3;
    CHECK(l.X == X);
    CHECK(l.y == Eigen::Vector2d(1, -1));
    // Was "expected at least 2 columns (features and a label), got 1".
    CHECK(error_of("1;2;1\n", s) == "line 1: expected columns separated by commas, got \"1;2;1\" (separated by semicolons? hw6 reads commas only)");
    CHECK(error_of("1\t2\t1\n", s) == "line 1: expected columns separated by commas, got \"1\\x092\\x091\" (separated by tabs? hw6 reads commas only)");
    CHECK(error_of("# x\n", s) == "line 1: expected at least 2 columns (features and a label) separated by commas, got 1: \"# x\"");
    // A header row without "header": true; not on a later row, nor for a number (nan is refused as one).
    CHECK(error_of("x1,x2,label\n1,2,1\n", s) ==
          "line 1: column 1: expected a finite number, got \"x1\" (a header row of column names? add \"header\": true to \"data\")");
    CHECK(error_of("1,2,1\nx1,x2,label\n", s) == "line 2: column 1: expected a finite number, got \"x1\"");
    CHECK(error_of("nan,2,1\n", s) == "line 1: column 1: expected a finite number, got \"nan\"");
    auto first = s;
    first.label_column = 0;
    CHECK(error_of("label,x1\n1,2\n", first) ==
          "line 1: label must be +1 or -1, got \"label\" (a header row of column names? add \"header\": true to \"data\")");
    // An empty label was "label must be +1 or -1, got " (nothing).
    CHECK(error_of("1,2,\n", s) == "line 1: label must be +1 or -1, got an empty column 3 (a comma at the end of the line?)");
    CHECK(error_of("1,1\n3,-1,\n", s) == "line 2: expected 2 columns (as the first row), got 3");
    // A quote left open at the end of a line (a field with a line break in it, as a spreadsheet
    // may write) was read as a field ending there: 'column 2: expected a finite number, got ""2"'.
    CHECK(error_of("1,\"2\n\",1\n", s) == "line 1: column 2: a quote that is not closed on this line, got \"\"2\" (a quoted field cannot span lines: one point a line)");
    auto named = s;
    named.header = true;
    CHECK(error_of("\"y\nlabel\",x1,x2\n1,2,2\n", named) ==
          "line 1: the header has a quote that is not closed on its line (a quoted field cannot span lines: one row a line)");
  }

  TEST_CASE("reading a file larger than the read buffer gives the same as parsing its text") {
    // 40,000 rows of ~40 bytes cross the 1 MiB buffer boundary; row i is
    // "(+1 if i even else -1) 1:i 4:(i/8)" so X(i,0) = i, X(i,3) = i/8 and columns 1, 2 are zero.
    const auto path = std::filesystem::temp_directory_path() / ("hw6_datafile_test_" + std::to_string(::getpid()) + ".libsvm");
    std::string text;
    const int n = 40000;
    for (int i = 0; i < n; ++i) text += std::string(i % 2 ? "-1" : "+1") + " 1:" + std::to_string(i) + " 4:" + std::to_string(i / 8.0) + "\n";
    text.pop_back();  // no final newline: the last line must still be read
    { std::ofstream(path, std::ios::binary) << text; }
    auto s = spec(data::Format::libsvm);
    s.path = path;
    const auto l = data::read(s);
    std::filesystem::remove(path);
    REQUIRE(l.X.rows() == n);
    REQUIRE(l.X.cols() == 4);
    for (int i : {0, 1, 12345, 26214, n - 1}) {
      CHECK(l.X(i, 0) == i);
      CHECK(l.X(i, 3) == doctest::Approx(i / 8.0).epsilon(1e-12));
      CHECK(l.y(i) == (i % 2 ? -1 : 1));
    }
    CHECK(l.X.col(1).cwiseAbs().sum() == 0);
    CHECK(l.X == data::parse(text, s).X);
  }

  TEST_CASE("the spec: relative paths join the problem's folder; bad keys are JSON errors") {
    const Json j = Json::parse(R"({"path": "d/heart.txt", "format": "libsvm"})");
    const auto s = data::read_spec(Reader(j, "/data"), "problems");
    CHECK(s.path == std::filesystem::path("problems/d/heart.txt"));
    CHECK(s.format == data::Format::libsvm);
    const Json abs = Json::parse(R"({"path": "/tmp/x.csv", "format": "csv", "header": true, "label_column": 0})");
    const auto a = data::read_spec(Reader(abs, "/data"), "problems");
    CHECK(a.path == std::filesystem::path("/tmp/x.csv"));
    CHECK(a.header);
    CHECK(*a.label_column == 0);
    auto pointer_of = [](const char* text) {
      try {
        data::read_spec(Reader(Json::parse(text), "/data"), ".");
      } catch (const InputError& e) {
        return e.pointer();
      }
      return std::string("no error");
    };
    CHECK(pointer_of(R"({"path": "x", "format": "json"})") == "/data/format");
    CHECK(pointer_of(R"({"path": "x", "format": "libsvm", "header": true})") == "/data/header");
    CHECK(pointer_of(R"({"path": "x", "format": "csv", "label_column": -1})") == "/data/label_column");
    CHECK(pointer_of(R"({"format": "csv"})") == "/data/path");  // the missing member
    CHECK(pointer_of(R"({"path": "x", "format": "csv", "sep": ";"})") == "/data/sep");
  }

  TEST_CASE("a missing file is a FileError naming it") {
    auto s = spec(data::Format::csv);
    s.path = "/nonexistent/hw6/heart.txt";
    CHECK_THROWS_AS(data::read(s), FileError);
  }
}
