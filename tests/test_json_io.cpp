#include "hw6/json_io.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <string>

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

  TEST_CASE("numbers beyond double range are rejected with their position") {
    auto m = message_of([] { hw6::parse_json("{\"x\": [1, 1e999]}"); });
    CHECK(m.find("1e999") != std::string::npos);
    CHECK(m.find("column 11") != std::string::npos);
  }

  TEST_CASE("NaN and Infinity literals are not JSON") {
    CHECK(message_of([] { hw6::parse_json("[NaN]"); }).find("malformed") != std::string::npos);
    CHECK(message_of([] { hw6::parse_json("[Infinity]"); }).find("malformed") != std::string::npos);
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
    CHECK(message_of([&] { r.at("i").integer(); }).find("integer") != std::string::npos);
    CHECK(pointer_of([&] { r.only_keys({"e", "s", "i"}); }) == "/typo");
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
