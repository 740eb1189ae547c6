#include "hw6/render.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

namespace hw6 {

namespace {

/// Display width of UTF-8 text (code points; our symbols are all single-width).
std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::string pad_left(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string pad_right(const std::string& s, std::size_t width) {
  std::size_t w = display_width(s);
  return w >= width ? s : s + std::string(width - w, ' ');
}

/// Greedy word wrap; keeps the caller's explicit line breaks.
std::string wrap(const std::string& text, std::size_t width, const std::string& indent) {
  std::ostringstream out;
  std::istringstream lines(text);
  std::string line;
  bool first_line = true;
  while (std::getline(lines, line)) {
    if (!first_line) out << '\n';
    first_line = false;
    // Keep a line's own leading spaces (for lists such as "  - item").
    std::size_t lead = line.find_first_not_of(' ');
    std::string hang = indent + std::string(lead == std::string::npos ? 0 : lead, ' ');
    std::istringstream words(line);
    std::string word, current = hang;
    bool empty = true;
    while (words >> word) {
      if (!empty && display_width(current) + 1 + display_width(word) > width) {
        out << current << '\n';
        current = hang;
        empty = true;
      }
      current += (empty ? "" : " ") + word;
      empty = false;
    }
    out << current;
  }
  return out.str();
}

double matrix_scale(const Eigen::MatrixXd& m) {
  double s = 0;
  for (Eigen::Index i = 0; i < m.size(); ++i)
    if (std::isfinite(m.data()[i])) s = std::max(s, std::fabs(m.data()[i]));
  return s;
}

/// Entries that are round-off, relative to the matrix's largest entry or below 1e-14 in absolute
/// value, are shown as 0 (JSON keeps every digit).
std::string matrix_entry(double x, double scale, int digits) {
  if (std::isfinite(x) && (std::fabs(x) <= 1e-15 * scale || std::fabs(x) < 1e-14)) return "0";
  return format_number(x, digits);
}

std::string escape_markdown_cell(const std::string& s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

const char* kBold = "\033[1m";
const char* kCyan = "\033[36m";
const char* kGreen = "\033[32m";
const char* kRed = "\033[31m";
const char* kReset = "\033[0m";

}  // namespace

std::string format_number(double x, int digits) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";
  if (std::floor(x) == x && std::fabs(x) < 1e15) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.0f", x);
    return buf;
  }
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*g", digits, x);
  return buf;
}

std::string format_index_list(const std::vector<Eigen::Index>& indices) {
  // A long list (large data sets) is cut: a person reads the first ones and the count.
  constexpr std::size_t kShown = 40;
  std::string s;
  for (std::size_t k = 0; k < indices.size() && k < kShown; ++k) s += (s.empty() ? "" : ", ") + std::to_string(indices[k]);
  if (indices.size() > kShown)
    s += ", … " + format_count(static_cast<long long>(indices.size() - kShown)) + " more (" +
         format_count(static_cast<long long>(indices.size())) + " in all)";
  return s.empty() ? "none" : s;
}

std::string format_count(long long n) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  int k = 0;
  for (auto it = digits.rbegin(); it != digits.rend(); ++it, ++k) {
    if (k > 0 && k % 3 == 0) out += ',';
    out += *it;
  }
  if (n < 0) out += '-';
  std::reverse(out.begin(), out.end());
  return out;
}

namespace {
constexpr Eigen::Index kShowRows = 10, kShowCols = 8;
bool too_large(const Eigen::MatrixXd& m) { return m.rows() > kShowRows || m.cols() > kShowCols; }
/// The top-left corner shown of a large matrix.
Eigen::MatrixXd corner(const Eigen::MatrixXd& m) {
  return m.topLeftCorner(std::min(m.rows(), kShowRows), std::min(m.cols(), kShowCols));
}
std::string shape_note(const Eigen::MatrixXd& m) {
  return "… (" + std::to_string(m.rows()) + "×" + std::to_string(m.cols()) + "; the top-left corner is shown, all of it with --format json)";
}
}  // namespace

std::string format_matrix(const Eigen::MatrixXd& full, int indent, int digits) {
  if (too_large(full)) return format_matrix(corner(full), indent, digits) + "\n" + std::string(static_cast<std::size_t>(indent), ' ') + shape_note(full);
  const Eigen::MatrixXd& m = full;
  double scale = matrix_scale(m);
  std::vector<std::vector<std::string>> cells(static_cast<std::size_t>(m.rows()));
  std::vector<std::size_t> width(static_cast<std::size_t>(m.cols()), 0);
  for (Eigen::Index i = 0; i < m.rows(); ++i)
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      std::string s = matrix_entry(m(i, j), scale, digits);
      width[static_cast<std::size_t>(j)] = std::max(width[static_cast<std::size_t>(j)], display_width(s));
      cells[static_cast<std::size_t>(i)].push_back(s);
    }
  std::ostringstream out;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) out << '\n' << std::string(static_cast<std::size_t>(indent), ' ');
    out << "[";
    for (std::size_t j = 0; j < cells[i].size(); ++j) out << ' ' << pad_left(cells[i][j], width[j]);
    out << " ]";
  }
  return out.str();
}

std::string format_column(const Eigen::VectorXd& v, int digits) {
  double scale = matrix_scale(v);
  std::string out = "(";
  const Eigen::Index shown = std::min<Eigen::Index>(v.size(), 20);
  for (Eigen::Index i = 0; i < shown; ++i) out += (i ? ", " : "") + matrix_entry(v(i), scale, digits);
  if (shown < v.size()) out += ", … " + std::to_string(v.size() - shown) + " more";
  return out + ")ᵀ";
}

std::string latex_matrix(const Eigen::MatrixXd& full, int digits) {
  if (too_large(full)) {
    // A corner with dots, so that a write-up of a T = 512 problem stays readable.
    std::string inner = latex_matrix(corner(full), digits);
    return inner.substr(0, inner.size() - std::string("\\end{bmatrix}").size()) + " & \\cdots \\\\ \\vdots & & \\ddots\\end{bmatrix}_{" +
           std::to_string(full.rows()) + "\\times" + std::to_string(full.cols()) + "}";
  }
  const Eigen::MatrixXd& m = full;
  double scale = matrix_scale(m);
  std::string out = "\\begin{bmatrix}";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i) out += " \\\\ ";
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      std::string s = matrix_entry(m(i, j), scale, digits);
      if (s == "inf") s = "\\infty";
      if (s == "-inf") s = "-\\infty";
      out += (j ? " & " : "") + s;
    }
  }
  return out + "\\end{bmatrix}";
}

std::string render_text(const Report& r, const TextOptions& o) {
  auto style = [&](const char* code, const std::string& s) { return o.color ? code + s + kReset : s; };
  const auto width = static_cast<std::size_t>(std::max(40, o.width));
  std::ostringstream out;
  std::string heading = "Exercise " + std::to_string(r.exercise) + " — " + r.title;
  out << style(kBold, heading) << '\n';
  out << "problem: " << r.problem_source << '\n';
  out << std::string(std::min<std::size_t>(width, display_width(heading)), '=') << '\n';
  for (const auto& step : r.steps) {
    out << '\n' << style(kBold, step.label + "  " + step.title) << '\n';
    for (const auto& b : step.blocks) {
      switch (b.kind) {
        case Block::Kind::Paragraph: out << wrap(b.plain, width, "  ") << '\n'; break;
        case Block::Kind::Formula:
        case Block::Kind::Code: {
          std::istringstream lines(b.plain);
          std::string line;
          while (std::getline(lines, line))
            out << "    " << (b.kind == Block::Kind::Formula ? style(kCyan, line) : line) << '\n';
          break;
        }
        case Block::Kind::Matrix: {
          if (b.column_vector) {
            // Long vectors wrap after a comma, continuing under the opening parenthesis.
            const std::string lead = "    " + b.plain + " = ";
            const std::string body = format_column(b.matrix.col(0));
            std::string line = lead;
            std::size_t start = 0;
            while (start < body.size()) {
              std::size_t end = body.find(", ", start);
              std::string piece = end == std::string::npos ? body.substr(start) : body.substr(start, end + 2 - start);
              if (display_width(line) + display_width(piece) > width && display_width(line) > display_width(lead) + 1) {
                while (!line.empty() && line.back() == ' ') line.pop_back();
                out << line << '\n';
                line = std::string(display_width(lead) + 1, ' ');
              }
              line += piece;
              start = end == std::string::npos ? body.size() : end + 2;
            }
            out << line << '\n';
          } else {
            std::string lead = "    " + b.plain + " = ";
            out << lead << format_matrix(b.matrix, static_cast<int>(display_width(lead))) << '\n';
          }
          break;
        }
        case Block::Kind::Table: {
          const Table& t = b.table;
          std::vector<std::size_t> w(t.header.size(), 0);
          for (std::size_t j = 0; j < t.header.size(); ++j) w[j] = display_width(t.header[j]);
          for (const auto& row : t.rows)
            for (std::size_t j = 0; j < row.size() && j < w.size(); ++j) w[j] = std::max(w[j], display_width(row[j]));
          auto line = [&](const std::vector<std::string>& cells) {
            std::string s = "    ";
            for (std::size_t j = 0; j < w.size(); ++j) {
              std::string c = j < cells.size() ? cells[j] : "";
              bool right = j < t.right_align.size() && t.right_align[j];
              s += (j ? "  " : "") + (right ? pad_left(c, w[j]) : pad_right(c, w[j]));
            }
            while (!s.empty() && s.back() == ' ') s.pop_back();
            return s;
          };
          out << line(t.header) << '\n';
          std::size_t total = 0;
          for (auto x : w) total += x + 2;
          out << "    " << std::string(total > 2 ? total - 2 : 0, '-') << '\n';
          for (const auto& row : t.rows) out << line(row) << '\n';
          break;
        }
        case Block::Kind::Figure: out << wrap("[figure " + b.file + ": " + b.plain + "]", width, "  ") << '\n'; break;
      }
    }
  }
  out << '\n' << style(kBold, "Checks") << '\n';
  for (const auto& c : r.checks) {
    std::string mark = c.passed ? style(kGreen, "[ok]    ") : style(kRed, "[FAILED]");
    // The name wrapped under itself (the mark is 8 columns wide).
    std::string name = wrap(c.name, width, "           ");
    out << "  " << mark << ' ' << name.substr(name.find_first_not_of(' ')) << '\n' << wrap(c.detail, width, "           ") << '\n';
  }
  return out.str();
}

std::string render_markdown(const Report& r, const std::string& figure_dir) {
  std::ostringstream out;
  out << "## Exercise " << r.exercise << ": " << r.title << "\n\n";
  out << "*Problem: " << r.problem_source << "*\n";
  for (const auto& step : r.steps) {
    out << "\n### " << step.label << " " << step.title << "\n\n";
    for (const auto& b : step.blocks) {
      switch (b.kind) {
        case Block::Kind::Paragraph: out << b.plain << "\n\n"; break;
        case Block::Kind::Formula:
          if (b.latex.empty())  // no LaTeX form: the plain one, verbatim
            out << "```\n" << b.plain << "\n```\n\n";
          else
            out << "$$\n" << b.latex << "\n$$\n\n";
          break;
        case Block::Kind::Code: out << "```\n" << b.plain << "\n```\n\n"; break;
        case Block::Kind::Matrix:
          if (b.column_vector)
            out << "$$\n" << b.latex << " = " << latex_matrix(b.matrix.transpose()) << "^\\top\n$$\n\n";
          else
            out << "$$\n" << b.latex << " = " << latex_matrix(b.matrix) << "\n$$\n\n";
          break;
        case Block::Kind::Table: {
          const Table& t = b.table;
          out << "|";
          for (const auto& h : t.header) out << ' ' << escape_markdown_cell(h) << " |";
          out << "\n|";
          for (std::size_t j = 0; j < t.header.size(); ++j)
            out << (j < t.right_align.size() && t.right_align[j] ? "---:|" : "---|");
          out << '\n';
          for (const auto& row : t.rows) {
            out << "|";
            for (const auto& c : row) out << ' ' << escape_markdown_cell(c) << " |";
            out << '\n';
          }
          out << '\n';
          break;
        }
        case Block::Kind::Figure:
          if (figure_dir.empty())
            out << "*Figure `" << b.file << "` (" << b.plain << "): run with `--plots DIR` to draw it.*\n\n";
          else
            out << "![" << b.plain << "](" << figure_dir << "/" << b.file << ")\n\n";
          break;
      }
    }
  }
  out << "\n### Checks\n\n| check | result | detail |\n|---|---|---|\n";
  for (const auto& c : r.checks)
    out << "| " << escape_markdown_cell(c.name) << " | " << (c.passed ? "passed" : "**FAILED**") << " | "
        << escape_markdown_cell(c.detail) << " |\n";
  return out.str();
}

}  // namespace hw6
