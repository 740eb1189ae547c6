#pragma once
/// The result of one exercise as data: its JSON results, its step-by-step explanation and its
/// self-checks. Text, Markdown and JSON are three renderers of this one structure.
#include "hw6/json_io.hpp"
#include "hw6/json_write.hpp"

#include <Eigen/Dense>

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace hw6 {

/// A passed check is conclusive (Check::conclusive) when the smallest relative error it can see, its
/// resolution (what it cannot resolve, its allowance, over the size of what it checks), is at most
/// this: a check that would pass a gradient 0.1% wrong still rules out the usual mistakes (a sign, a
/// transpose, a missing factor or path); one that passes 1% errors no longer rules out a wrong path
/// carrying a small share of the gradient. One bar for every exercise's checks (5 and 7).
inline constexpr double kConclusiveResolution = 1e-3;

/// One self-verification of a result (finite differences, an independent count, ...).
struct Check {
  // A constructor rather than an aggregate, so that the many {name, passed, detail} need no 4th member.
  Check(std::string name_ = {}, bool passed_ = false, std::string detail_ = {}, std::optional<bool> conclusive_ = {})
      : name(std::move(name_)), passed(passed_), detail(std::move(detail_)), conclusive(conclusive_) {}
  std::string name;
  bool passed = false;
  std::string detail;
  /// Set by checks that can judge their own power: false when the check passed but could not
  /// have told a right result from a clearly wrong one (its rounding allowance swamps the
  /// quantity it measures), so its pass is no evidence. Unset: not judged (JSON omits the key).
  std::optional<bool> conclusive;
};

/// A table of already formatted cells; numeric columns are right-aligned.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<bool> right_align;  ///< per column; missing entries mean left
};

/// One piece of an explanation.
struct Block {
  enum class Kind { Paragraph, Formula, Matrix, Table, Figure, Code };
  Kind kind = Kind::Paragraph;
  std::string plain;  ///< paragraph text; formula in plain Unicode; matrix name; figure caption
  std::string latex;  ///< formula or matrix name in LaTeX (Markdown output)
  Eigen::MatrixXd matrix;
  bool column_vector = false;  ///< print a n×1 matrix as (a, b, c)ᵀ
  Table table;
  std::string file;  ///< Figure: file name of the SVG
};

/// One numbered part of the homework, e.g. "3(b)", with its explanation.
struct Step {
  std::string label;  ///< the homework's numbering: "1", "3(b)", "2(a)"
  std::string title;
  std::vector<Block> blocks;

  Step(std::string label_, std::string title_) : label(std::move(label_)), title(std::move(title_)) {}
  /// Prose. In text output wrapped to the terminal width.
  Step& para(std::string text);
  /// A formula: plain Unicode for the terminal, LaTeX for Markdown.
  Step& formula(std::string plain, std::string latex);
  /// A named matrix, printed aligned.
  Step& matrix(std::string name, std::string name_latex, const Eigen::MatrixXd& m);
  /// A named vector, printed as (a, b, c)ᵀ.
  Step& vector(std::string name, std::string name_latex, const Eigen::VectorXd& v);
  Step& table(Table t);
  /// Preformatted lines (a derivation worked line by line); a fenced block in Markdown.
  Step& code(std::string text);
  Step& figure(std::string file, std::string caption);
};

namespace plot {
struct Plot;
}

/// An SVG figure produced by an exercise (written by --plots DIR). Most runs write no figure, so
/// an exercise may hand over a function that draws it, called only when the figure is written
/// (drawing, and computing what to draw, were ~45% of `hw6 ex2` when every run drew its figures).
struct Figure {
  Figure(std::string file_ = {}, std::string svg_ = {}, std::function<std::string()> drawer_ = {})
      : file(std::move(file_)), svg(std::move(svg_)), drawer(std::move(drawer_)) {}
  std::string file;  ///< e.g. "ex5_zero_init.svg"
  std::string svg;   ///< the SVG text, or empty while `drawer` holds the figure undrawn
  std::function<std::string()> drawer;
  /// The SVG text: `svg`, or drawn now.
  std::string draw() const;
};

/// A figure drawn from `plot` when it is written (Figure::draw).
Figure plot_figure(std::string file, plot::Plot pl);

struct Report {
  int exercise = 0;
  std::string title;
  std::string problem_source;  ///< "built-in", a path, or "<stdin>"
  /// ex1, ex3, ex4: the data file the points came from (data::Source::json), written as the
  /// section's "data" key; unset when the problem holds its points itself.
  std::optional<Json> data;
  std::string data_source;  ///< data::Source::describe(), printed under the problem's name; or empty
  Json results = Json::object();  ///< the contract's result keys
  std::vector<Step> steps;
  std::vector<Check> checks;
  std::vector<Figure> figures;

  /// Large matrices of `results` kept outside the JSON DOM (a DOM spends ~50 bytes per number):
  /// results holds null at `pointer` (relative to results, e.g. "/forward/S"); the JSON writer
  /// writes the matrix there, and to_json() fills it in.
  struct DeferredMatrix {
    std::string pointer;
    Eigen::MatrixXd matrix;
  };
  std::vector<DeferredMatrix> deferred;
  /// results[pointer] = m, written as matrix_json(m) would be, without building a DOM.
  void defer_matrix(const std::string& pointer, Eigen::MatrixXd m);

  bool all_checks_passed() const;
  /// The contract's document: exercise, title, problem, results..., checks.
  Json to_json() const;
  /// to_json() without the deferred matrices (null in their place), and where the writer splices
  /// them in when the document is placed at `prefix` ("" at the top, "/ex7" in hw6 all's).
  Json to_json_shallow() const;
  std::vector<MatrixSplice> splices(const std::string& prefix = "") const;
};

/// Helper for checks comparing two numbers: passes when the error is at most `tol`.
Check tolerance_check(std::string name, double error, double tol, const std::string& what);

}  // namespace hw6
