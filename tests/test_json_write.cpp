#include "hw6/json_write.hpp"

#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <random>

using hw6::Json;

TEST_SUITE("json_write") {
  TEST_CASE("numbers: nlohmann::json's layout, the shortest digits that read back to the same double") {
    // nlohmann's layout (to_chars.hpp, format_buffer): fixed notation for 1e-5 < |x| < 1e15 with
    // ".0" on integers, else d.ddde±XX. Its digits come from Grisu2, which in a few cases in a
    // thousand gives one digit more, or a different last digit, than the shortest closest string
    // that std::to_chars gives; both read back to x. So: always the same double and never longer,
    // identical on the plain values, and identical in all but a few per mille of random ones.
    const std::vector<double> plain = {1.0, 0.1, -2.5, 1e-5, 1e-4, 0.00012345, 1e15, 1e16, 1e21, 5e-324,
                                       std::numeric_limits<double>::max(), -0.0, 0.0, 1.0 / 3, 2.0 / 3, 100.0,
                                       1234.5, 1e100, -7e-300, 0.5, 3e15, 299792458.0};
    for (double x : plain) {
      std::string mine;
      hw6::append_json_number(mine, x);
      INFO(x);
      CHECK(mine == Json(x).dump());
    }
    std::mt19937 rng(7);
    std::uniform_real_distribution<double> mantissa(-10, 10);
    std::uniform_int_distribution<int> exponent(-30, 30);
    int same = 0;
    const int n = 5000;
    for (int k = 0; k < n; ++k) {
      const double x = mantissa(rng) * std::pow(10.0, exponent(rng));
      std::string mine;
      hw6::append_json_number(mine, x);
      const std::string theirs = Json(x).dump();
      INFO(x << " " << mine << " " << theirs);
      CHECK(std::strtod(mine.c_str(), nullptr) == x);
      CHECK(mine.size() <= theirs.size());
      same += mine == theirs;
    }
    CHECK(same >= n * 99 / 100);
  }

  TEST_CASE("the layout of dump_pretty: members a line, arrays of scalars on one line") {
    Json doc = {{"a", 1}, {"m", {{1.0, 2.5}, {3.0, -4.0}}}, {"s", "x\"y"}, {"e", Json::array()}, {"o", Json::object()}, {"n", nullptr}};
    CHECK(hw6::json_text(doc) ==
          "{\n  \"a\": 1,\n  \"m\": [\n    [1.0, 2.5],\n    [3.0, -4.0]\n  ],\n  \"s\": \"x\\\"y\",\n  \"e\": [],\n  \"o\": {},\n  \"n\": null\n}");
  }

  TEST_CASE("a spliced matrix is written exactly as matrix_json would be") {
    Eigen::MatrixXd m(2, 3);
    m << 1, -0.0, 0.125, std::numeric_limits<double>::infinity(), 1e-7, -3;
    Json with = {{"r", {{"x", 1}, {"M", hw6::matrix_json(m)}}}, {"after", true}};
    Json without = {{"r", {{"x", 1}, {"M", nullptr}}}, {"after", true}};
    CHECK(hw6::json_text(without, {{"/r/M", &m}}) == hw6::json_text(with));
    CHECK(hw6::json_text(with) == hw6::dump_pretty(with));
    // A null elsewhere stays null.
    CHECK(hw6::json_text(without) == hw6::json_text(Json{{"r", {{"x", 1}, {"M", nullptr}}}, {"after", true}}));
  }

  TEST_CASE("small chunks give the same text") {
    Eigen::MatrixXd m = Eigen::MatrixXd::Random(40, 7);
    Json doc = {{"M", nullptr}};
    std::string pieces;
    hw6::write_json(doc, {{"/M", &m}}, [&](std::string_view s) { pieces.append(s); }, 16);
    CHECK(pieces == hw6::json_text(Json{{"M", hw6::matrix_json(m)}}));
  }
}
