#pragma once
/// Renderers of a Report: text for a terminal, Markdown with LaTeX for a write-up.
#include "hw6/report.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace hw6 {

struct TextOptions {
  bool color = false;  ///< ANSI colours (only on a terminal, never with NO_COLOR)
  int width = 80;      ///< wrap prose to this many columns
};

std::string render_text(const Report& report, const TextOptions& options);
/// `figure_dir`: where --plots wrote the SVGs, relative to the folder of the Markdown file; empty
/// when no figures were written (figures are then mentioned, not embedded). Prose, titles and
/// table cells are escaped for Markdown; a paragraph's explicit lines become paragraphs or list items.
std::string render_markdown(const Report& report, const std::string& figure_dir);
/// `path` as the destination of a Markdown link or image: as it is, or in <angle brackets> when it
/// holds a space, a parenthesis or an angle bracket, where CommonMark would otherwise end the
/// destination (`![f](my figs/a.svg)` is not an image; `![f](<my figs/a.svg>)` is).
std::string markdown_link_target(const std::string& path);

/// Display width of UTF-8 text in a terminal: its code points (hw6's symbols are all one column).
std::size_t display_width(const std::string& s);

/// Formats a number for people: integers as integers, others with `digits` significant digits;
/// "inf", "-inf" for infinities.
std::string format_number(double x, int digits = 6);
/// Formats an integer with thousands separators: 4,296,658,176.
std::string format_count(long long n);
/// The same in LaTeX math, where a bare comma would be followed by a space: 4{,}296{,}658{,}176.
std::string latex_count(long long n);
/// Plain words inside LaTeX math: \text{...}, with TeX's special characters escaped.
std::string latex_text(const std::string& s);
/// A matrix as aligned lines of text (no trailing newline); `indent` spaces before each row.
std::string format_matrix(const Eigen::MatrixXd& m, int indent = 0, int digits = 6);
/// "0, 4, 6", or "none" for an empty list.
std::string format_index_list(const std::vector<Eigen::Index>& indices);
/// (a, b, c)ᵀ
std::string format_column(const Eigen::VectorXd& v, int digits = 6);
/// LaTeX bmatrix; a large matrix shows its top-left corner with the dots that match the cut.
std::string latex_matrix(const Eigen::MatrixXd& m, int digits = 6);
/// LaTeX (a,\ b,\ c)^\top; after 20 entries "\ldots" and the vector's length.
std::string latex_column(const Eigen::VectorXd& v, int digits = 6);

}  // namespace hw6
