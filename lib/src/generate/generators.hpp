#pragma once
// The per-exercise generators behind hw6::generate (internal to libhw6core): each draws a
// problem from an Rng, says why hw6's solution of it does not keep the homework's situations
// (or nothing when it does), and writes the problem sheet.
#include "hw6/generate.hpp"
#include "hw6/render.hpp"

#include <string>
#include <vector>

namespace hw6::generate::detail {

struct Generator {
  Json (*draw)(Rng&);
  std::optional<std::string> (*reject)(const Json& problem, const Report& solution);
  std::string (*sheet)(const Variant& v, const std::string& figure_dir);
};

#define HW6_GENERATOR(n)                                                                  \
  Json draw_ex##n(Rng& rng);                                                              \
  std::optional<std::string> reject_ex##n(const Json& problem, const Report& solution); \
  std::string sheet_ex##n(const Variant& v, const std::string& figure_dir);
HW6_GENERATOR(1)
HW6_GENERATOR(2)
HW6_GENERATOR(3)
HW6_GENERATOR(4)
HW6_GENERATOR(5)
HW6_GENERATOR(6)
HW6_GENERATOR(7)
#undef HW6_GENERATOR
/// The sheet's figure of ex4: the data with H0, H1, H2, as the homework's Figure 1.
Figure figure_ex4(const Variant& v);

// ---- helpers shared by the generators ----

/// How far an answer must stay from a tolerance edge (a margin from 1, a coefficient from 0).
constexpr double kEdge = 1e-3;

/// A number of the results (pointer like "/solution/b"); NaN when absent or not a finite number.
double number_at(const Json& results, const std::string& pointer);
/// A vector or matrix of the results as a matrix (a vector is one column).
Eigen::MatrixXd matrix_at(const Json& results, const std::string& pointer);
/// Entries drawn from `values`, as a JSON matrix.
Json draw_matrix(Rng& rng, int rows, int cols, const std::vector<double>& values);
Eigen::MatrixXd to_matrix(const Json& rows);
/// A number for LaTeX and prose: 3, -0.5, 1.25.
std::string num(double x);
/// "The first line of a sheet": title, seed, and how to get the problem file.
std::string sheet_header(const Variant& v, const std::string& title);

}  // namespace hw6::generate::detail
