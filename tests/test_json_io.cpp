#include "hw6/json_io.hpp"

#include <doctest/doctest.h>

#include "hw6/json_stream.hpp"

#include <cmath>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

using hw6::InputError;
using hw6::Json;
using hw6::Reader;

namespace {
/// The JSON Pointer of the InputError that `f` throws ("<none>" if it throws none).
template <class F>
std::string pointer_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.pointer();
  }
  return "<none>";
}
template <class F>
std::string message_of(F f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "<none>";
}
}  // namespace

TEST_SUITE("json_io") {
  TEST_CASE("malformed JSON names line and column") {
    auto m = message_of([] { hw6::parse_json("{\n  \"a\": [1, 2,\n}"); });
    CHECK(m.find("malformed JSON") != std::string::npos);
    CHECK(m.find("line 3") != std::string::npos);
  }

  TEST_CASE("numbers beyond double range are rejected with their pointer and position") {
    auto m = message_of([] { hw6::parse_json("{\"x\": [1, 1e999]}"); });
    CHECK(m.find("1e999") != std::string::npos);
    CHECK(m.find("column 11") != std::string::npos);
    CHECK(pointer_of([] { hw6::parse_json("{\"x\": [1, 1e999]}"); }) == "/x/1");
    // The position is the number's own, not the first place its text occurs (here inside a key).
    const std::string twice = "{\"1e400\": 0,\n \"a\": {\"b\": [[2, 1e400]]}}";
    CHECK(pointer_of([&] { hw6::parse_json(twice); }) == "/a/b/0/1");
    CHECK(message_of([&] { hw6::parse_json(twice); }) == "number 1e400 at line 2, column 18 is out of the range of a double; expected a finite number");
    // From a stream that cannot be read again (standard input): the pointer, without a position.
    std::istringstream in("{\"softmax\": {\"inputs\": [[1e309, 2]]}}");
    CHECK(pointer_of([&] { hw6::parse_json_stream(in, [] { return std::string(); }); }) == "/softmax/inputs/0/0");
  }

  TEST_CASE("numbers too small for a double are rejected, not read as 0; zeros and subnormals are read") {
    // 1e-400 rounds to 0: an answer for 0 would be given without a word, as 1e400 would be for inf.
    CHECK(pointer_of([] { hw6::parse_json("{\"x\": [1, -5e-400]}"); }) == "/x/1");
    CHECK(message_of([] { hw6::parse_json("{\"x\": [1, -5e-400]}"); }) ==
          "number -5e-400 is too small for a double (a magnitude below about 4.9e-324 reads as 0); write 0 if 0 is meant");
    CHECK(pointer_of([] { hw6::parse_json("{\"x\": 0.0000001e-330}"); }) == "/x");
    // Literal zeros in any spelling, and subnormal numbers (reduced precision, but not 0), are fine.
    const Json z = hw6::parse_json("[0.0, -0e-999, 0.000e5, 0E-400, 1e-310, 4.9e-324]");
    CHECK(z[0].get<double>() == 0.0);
    CHECK(z[1].get<double>() == 0.0);
    CHECK(z[2].get<double>() == 0.0);
    CHECK(z[3].get<double>() == 0.0);
    CHECK(z[4].get<double>() > 0.0);
    CHECK(z[5].get<double>() > 0.0);
  }

  TEST_CASE("NaN and Infinity literals are not JSON") {
    CHECK(message_of([] { hw6::parse_json("[NaN]"); }).find("malformed") != std::string::npos);
    CHECK(message_of([] { hw6::parse_json("[Infinity]"); }).find("malformed") != std::string::npos);
    CHECK(pointer_of([] { hw6::parse_json(R"({"X": [[1, 0], [NaN, 1]]})"); }) == "/X/1/0");
    CHECK(pointer_of([] { hw6::parse_json(R"({"lr": NaN})"); }) == "/lr");
  }

  TEST_CASE("a syntax error names the pointer where the parser stopped (\"\" is the whole document)") {
    // Where a value was expected: that value's pointer.
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": [1, 2,)"); }) == "/a/2");
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": {"b": })"); }) == "/a/b");
    // After a value, where "," or the closing bracket was expected: the array or object open there.
    CHECK(pointer_of([] { hw6::parse_json(R"({"X": [[1, 0], [0, 1]], "W_Q": [[1], [0])"); }) == "/W_Q");
    CHECK(pointer_of([] { hw6::parse_json(R"({"X": [[1, 0] [0, 1]]})"); }) == "/X");
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": {"b": 1} "c": 2})"); }) == "");
    // A key without its colon: the member.
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": {"b" 1}})"); }) == "/a/b");
    // A file cut short: the object it ends in; a trailing word, an empty text: the whole document.
    CHECK(pointer_of([] { hw6::parse_json("{\"ex6\": {\"total_params\": 4296658176,\n"); }) == "/ex6");
    CHECK(pointer_of([] { hw6::parse_json("{\"a\": 1}\n"); }) == "<none>");
    CHECK(pointer_of([] { hw6::parse_json("{\"a\": 1} x"); }) == "");
    CHECK(pointer_of([] { hw6::parse_json(""); }) == "");
    // Line and column stay in the message.
    CHECK(message_of([] { hw6::parse_json("{\"X\": [[NaN, 0]]}"); }).rfind("malformed JSON: error at line 1, column 9: ", 0) == 0);
    // As a user reads it: the file name, then the pointer ("" for the whole document, RFC 6901's notation).
    CHECK(hw6::located(InputError("/X/1", "ragged")) == "/X/1: ragged");
    CHECK(hw6::located(InputError("", "expected an object, got an array of 2")) == "\"\": expected an object, got an array of 2");
  }

  TEST_CASE("a problem file in UTF-16 or UTF-32 is named as such, read as a stream as from a string") {
    // README: a file in UTF-16 or UTF-32 (Windows Notepad's "Unicode") is said to be one. Answer
    // files (read whole) said so; problem files, parsed as they are read, said "malformed JSON ...
    // last read: '<garbage>'".
    const std::string json = "{\"softmax\": {\"inputs\": [[1, 2]]}}";
    std::string le_bom = "\xFF\xFE", le, be = "\xFE\xFF", le32;
    for (char c : json) {
      le_bom += c, le_bom += '\0';
      le += c, le += '\0';
      be += '\0', be += c;
      le32 += c, le32 += std::string(3, '\0');
    }
    for (const auto& [text, encoding] : std::vector<std::pair<std::string, std::string>>{
             {le_bom, "UTF-16"}, {le, "UTF-16"}, {be, "UTF-16"}, {le32, "UTF-32"}}) {
      INFO(encoding);
      std::istringstream in(text);
      const std::string m = message_of([&] { hw6::parse_json_stream(in, [&] { return text; }); });
      CHECK(m.find("the text is " + encoding) == 0);
      CHECK(m == message_of([&] { hw6::parse_json(text); }));
    }
    // A syntax error past the first bytes does not read the text again.
    std::istringstream bad("{\"a\": [1, 2,]}");
    bool read_again = false;
    CHECK(message_of([&] { hw6::parse_json_stream(bad, [&] { read_again = true; return std::string(); }); }).find("malformed JSON") == 0);
    CHECK_FALSE(read_again);
  }

  TEST_CASE("a key given twice in one object is refused at its second occurrence, in every reader") {
    // The reviewer's files: a problem with "X" twice was read with the last "X", an answer file
    // with "ex7" twice was graded on one of its blocks only.
    CHECK(pointer_of([] { hw6::parse_json(R"({"X": [[1]], "X": [[2]]})"); }) == "/X");
    CHECK(message_of([] { hw6::parse_json(R"({"X": [[1]], "X": [[2]]})"); }).rfind("duplicate key \"X\"", 0) == 0);
    // Deep inside, with the pointer escaped (RFC 6901: ~ is ~0, / is ~1).
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": {"b": 1, "c": [{"e": 0}, {"d~/": 1, "x": 2, "d~/": 3}]}})"); }) == "/a/c/1/d~0~1");
    // The same key in two objects, or a key equal to a value, is no repetition.
    CHECK(pointer_of([] { hw6::parse_json(R"({"a": {"k": 1}, "b": {"k": 2}, "k": "k"})"); }) == "<none>");
    // A large object (its keys are looked up in a set, not one by one).
    std::string big = "{";
    for (int i = 0; i < 1000; ++i) big += "\"k" + std::to_string(i) + "\": " + std::to_string(i) + ", ";
    CHECK(pointer_of([&] { hw6::parse_json(big + "\"last\": 0}"); }) == "<none>");
    CHECK(pointer_of([&] { hw6::parse_json(big + "\"k500\": 0}"); }) == "/k500");
    // Read from a stream (problem files), the same.
    std::istringstream in(R"({"network": {"x": [1]}, "network": {"x": [2]}})");
    CHECK(pointer_of([&] { hw6::parse_json_stream(in, [] { return std::string(); }); }) == "/network");
  }

  TEST_CASE("Reader errors carry the JSON Pointer of the offending value") {
    Json j = hw6::parse_json(R"({"W": [[1, 2], [3]], "v": [1, "a"], "n": "x", "a/b": {"c~d": true}})");
    Reader r(j, "");
    CHECK(pointer_of([&] { r.at("W").matrix(); }) == "/W/1");
    CHECK(message_of([&] { r.at("W").matrix(); }).find("ragged") != std::string::npos);
    CHECK(pointer_of([&] { r.at("v").vector(); }) == "/v/1");
    CHECK(pointer_of([&] { r.at("n").number(); }) == "/n");
    CHECK(pointer_of([&] { r.at("missing"); }) == "/missing");
    CHECK(pointer_of([&] { r.at("a/b").at("c~d").number(); }) == "/a~1b/c~0d");
    CHECK(pointer_of([&] { r.at("W").matrix(2, 3); }) == "/W/0");
    CHECK(pointer_of([&] { r.at("v").vector(3); }) == "/v");
  }

  TEST_CASE("empty arrays, strings for infinities and unknown keys are rejected") {
    Json j = hw6::parse_json(R"({"e": [], "s": "inf", "i": 2.5, "typo": 1})");
    Reader r(j, "");
    CHECK(message_of([&] { r.at("e").vector(); }).find("nonempty") != std::string::npos);
    CHECK(message_of([&] { r.at("s").number(); }).find("finite") != std::string::npos);
    CHECK(message_of([&] { r.at("i").integer(0, 10); }).find("integer") != std::string::npos);
    CHECK(pointer_of([&] { r.only_keys({"e", "s", "i"}); }) == "/typo");
  }

  TEST_CASE("an integer with a range says the range, whatever the value beyond it") {
    // The reviewer's "seed": 18446744073709551615 was told "does not fit in 64 bits", though the
    // seed's range is 0 to 4294967295.
    Json j = hw6::parse_json(R"({"u64": 18446744073709551615, "i64": 9223372036854775807, "big": 4294967296, "neg": -3,
                                 "sci": 1e20, "half": 2.5, "text": "7", "seven": 7, "seven_float": 7.0, "zero": 0})");
    Reader r(j, "");
    auto seed = [&](const char* key) { return message_of([&] { r.at(key).integer(0, 4294967295LL); }); };
    CHECK(seed("u64") == "expected an integer from 0 to 4294967295, got 18446744073709551615");
    CHECK(seed("i64") == "expected an integer from 0 to 4294967295, got 9223372036854775807");
    CHECK(seed("big") == "expected an integer from 0 to 4294967295, got 4294967296");
    CHECK(seed("neg") == "expected an integer from 0 to 4294967295, got -3");
    CHECK(seed("sci") == "expected an integer from 0 to 4294967295, got 1e+20");
    CHECK(seed("half") == "expected an integer from 0 to 4294967295, got 2.5");
    CHECK(seed("text") == "expected an integer from 0 to 4294967295, got \"7\"");
    CHECK(pointer_of([&] { r.at("u64").integer(0, 4294967295LL); }) == "/u64");
    CHECK(r.at("seven").integer(0, 4294967295LL) == 7);
    CHECK(r.at("seven_float").integer(0, 4294967295LL) == 7);
    CHECK(r.at("zero").integer(0, 4294967295LL) == 0);
    CHECK(r.at("neg").integer(-3, 3) == -3);
    CHECK(message_of([&] { r.at("zero").integer(1, 10); }) == "expected an integer from 1 to 10, got 0");
  }

  TEST_CASE("infinities are written as strings, NaN as null") {
    CHECK(hw6::number_json(INFINITY) == "inf");
    CHECK(hw6::number_json(-INFINITY) == "-inf");
    CHECK(hw6::number_json(std::nan("")).is_null());
    Eigen::MatrixXd m(2, 2);
    m << 1, 2, 3, 4;
    CHECK(hw6::matrix_json(m).dump() == "[[1.0,2.0],[3.0,4.0]]");
  }
}
