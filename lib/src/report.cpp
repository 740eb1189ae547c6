#include "hw6/report.hpp"
#include "hw6/plot.hpp"

#include <cmath>
#include <sstream>

namespace hw6 {

std::string Figure::draw() const { return svg.empty() && drawer ? drawer() : svg; }

Figure plot_figure(std::string file, plot::Plot pl) {
  auto shared = std::make_shared<const plot::Plot>(std::move(pl));
  return Figure(std::move(file), {}, [shared] { return plot::render_svg(*shared); });
}

Step& Step::para(std::string text) {
  Block b;
  b.kind = Block::Kind::Paragraph;
  b.plain = std::move(text);
  blocks.push_back(std::move(b));
  return *this;
}

Step& Step::formula(std::string plain, std::string latex) {
  Block b;
  b.kind = Block::Kind::Formula;
  b.plain = std::move(plain);
  b.latex = std::move(latex);
  blocks.push_back(std::move(b));
  return *this;
}

Step& Step::matrix(std::string name, std::string name_latex, const Eigen::MatrixXd& m) {
  Block b;
  b.kind = Block::Kind::Matrix;
  b.plain = std::move(name);
  b.latex = std::move(name_latex);
  b.matrix = m;
  blocks.push_back(std::move(b));
  return *this;
}

Step& Step::vector(std::string name, std::string name_latex, const Eigen::VectorXd& v) {
  matrix(std::move(name), std::move(name_latex), v);
  blocks.back().column_vector = true;
  return *this;
}

Step& Step::table(Table t) {
  Block b;
  b.kind = Block::Kind::Table;
  b.table = std::move(t);
  blocks.push_back(std::move(b));
  return *this;
}

Step& Step::code(std::string text) {
  Block b;
  b.kind = Block::Kind::Code;
  b.plain = std::move(text);
  blocks.push_back(std::move(b));
  return *this;
}

Step& Step::figure(std::string file, std::string caption) {
  Block b;
  b.kind = Block::Kind::Figure;
  b.file = std::move(file);
  b.plain = std::move(caption);
  blocks.push_back(std::move(b));
  return *this;
}

bool Report::all_checks_passed() const {
  for (const auto& c : checks)
    if (!c.passed) return false;
  return true;
}

void Report::defer_matrix(const std::string& pointer, Eigen::MatrixXd m) {
  results[Json::json_pointer(pointer)] = nullptr;
  deferred.push_back({pointer, std::move(m)});
}

std::vector<MatrixSplice> Report::splices(const std::string& prefix) const {
  std::vector<MatrixSplice> out;
  for (const auto& d : deferred) out.push_back({prefix + d.pointer, &d.matrix});
  return out;
}

Json Report::to_json() const {
  Json out = to_json_shallow();
  for (const auto& d : deferred) out[Json::json_pointer(d.pointer)] = matrix_json(d.matrix);
  return out;
}

Json Report::to_json_shallow() const {
  Json out = Json::object();
  out["exercise"] = exercise;
  out["title"] = title;
  out["problem"] = problem_source;
  if (data) out["data"] = *data;
  for (auto it = results.begin(); it != results.end(); ++it) out[it.key()] = it.value();
  Json checks_json = Json::array();
  for (const auto& c : checks) {
    Json check{{"name", c.name}, {"passed", c.passed}, {"detail", c.detail}};
    if (c.conclusive) check["conclusive"] = *c.conclusive;
    checks_json.push_back(std::move(check));
  }
  out["checks"] = checks_json;
  return out;
}

Check tolerance_check(std::string name, double error, double tol, const std::string& what) {
  std::ostringstream detail;
  detail.precision(3);
  // An infinite or NaN error in words a person reads (the stream would write "inf" and "nan").
  detail << what << ": ";
  if (std::isnan(error)) detail << "not a number (NaN)";
  else if (std::isinf(error)) detail << (error > 0 ? "∞" : "−∞");
  else detail << std::scientific << error;
  detail << std::scientific << " (tolerance " << tol << ")";
  return Check{std::move(name), std::isfinite(error) && error <= tol, detail.str()};
}

}  // namespace hw6
