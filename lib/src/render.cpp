#include "hw6/render.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

namespace hw6 {

std::size_t display_width(const std::string& s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

namespace {

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
  // By hand rather than with string streams (a third of the text renderer's time went to them):
  // lines as std::getline cuts them, words as operator>> does (split at C-locale white space).
  auto is_space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r'; };
  std::string out;
  out.reserve(text.size() + text.size() / 16 + indent.size() + 16);
  bool first_line = true;
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl;
    const std::string line = text.substr(pos, end - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (!first_line) out += '\n';
    first_line = false;
    // Keep a line's own leading spaces (for lists such as "  - item").
    std::size_t lead = line.find_first_not_of(' ');
    if (lead == std::string::npos) lead = 0;
    const std::string hang = indent + std::string(lead, ' ');
    // A list item ("- text") continues under its text, not under its dash.
    const std::string next_hang = hang + (line.compare(lead, 2, "- ") == 0 ? "  " : "");
    std::string current = hang;
    std::size_t current_width = display_width(current);
    bool empty = true;
    for (std::size_t i = 0; i < line.size();) {
      while (i < line.size() && is_space(line[i])) ++i;
      if (i == line.size()) break;
      std::size_t j = i;
      while (j < line.size() && !is_space(line[j])) ++j;
      const std::string word = line.substr(i, j - i);
      i = j;
      const std::size_t word_width = display_width(word);
      if (!empty && current_width + 1 + word_width > width) {
        out += current;
        out += '\n';
        current = next_hang;
        current_width = display_width(current);
        empty = true;
      }
      if (!empty) current += ' ', ++current_width;
      current += word;
      current_width += word_width;
      empty = false;
    }
    out += current;
  }
  return out;
}

double matrix_scale(const Eigen::MatrixXd& m) {
  double s = 0;
  for (Eigen::Index i = 0; i < m.size(); ++i)
    if (std::isfinite(m.data()[i])) s = std::max(s, std::fabs(m.data()[i]));
  return s;
}

/// Entries at most 1e-15 of the matrix's largest are shown as 0: at that distance below it they
/// are what cancellation leaves of a 0 (a column sum of (0.1, −0.2, 0.1) is −1.1e-16). No absolute
/// floor: a matrix of 1e-20s is shown as such. An exercise that knows an entry's rounding level
/// zeroes it itself (ex5, ex7). JSON keeps every digit.
std::string matrix_entry(double x, double scale, int digits) {
  if (std::isfinite(x) && std::fabs(x) <= 1e-15 * scale) return "0";
  return format_number(x, digits);
}

/// A matrix entry for LaTeX: 1.5e-07 becomes 1.5 \times 10^{-7}, infinities \infty.
std::string latex_entry(double x, double scale, int digits) {
  std::string s = matrix_entry(x, scale, digits);
  if (s == "inf") return "\\infty";
  if (s == "-inf") return "-\\infty";
  const auto e = s.find('e');
  if (e == std::string::npos) return s;
  const int exponent = std::stoi(s.substr(e + 1));
  return s.substr(0, e) + " \\times 10^{" + std::to_string(exponent) + "}";
}

/// Prose for Markdown: every character GitHub's Markdown (and pandoc's gfm) could read as markup
/// is backslash-escaped, so "μ*g(x*)" stays text instead of turning into emphasis, "$" never opens
/// math, and a line starting "1." or "#" is not a list or a heading.
std::string escape_markdown(const std::string& s) {
  std::string out;
  const std::size_t first = s.find_first_not_of(' ');
  for (std::size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    const bool then_space = i + 1 == s.size() || s[i + 1] == ' ';
    bool escape = std::string("\\`*_{}[]<>$|~&").find(c) != std::string::npos;
    // At the start of a line: "# " a heading, "- " / "+ " a list item, "1. " / "1) " an ordered list.
    if (i == first && (c == '#' || c == '-' || c == '+') && (then_space || c == '#')) escape = true;
    if ((c == '.' || c == ')') && then_space && i > first && s.find_first_not_of("0123456789", first) == i) escape = true;
    if (escape) out += '\\';
    out += c;
  }
  return out;
}

std::string escape_markdown_cell(const std::string& s) { return escape_markdown(s); }

/// The values written in a formula: numbers with a decimal point or of two digits or more
/// ("1.41421", "512"), and any number right after "=" ("margin = 2", "b* = -1"). Other single
/// digits are mostly structure ("½‖w‖²", "x_1", "2(u − v)").
std::vector<std::string> values_in(const std::string& s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    if (!std::isdigit(static_cast<unsigned char>(s[i])) || (i > 0 && (std::isalnum(static_cast<unsigned char>(s[i - 1])) || s[i - 1] == '_'))) {
      ++i;
      continue;
    }
    std::size_t j = i;
    while (j < s.size() && (std::isdigit(static_cast<unsigned char>(s[j])) || s[j] == '.')) ++j;
    while (j > i && s[j - 1] == '.') --j;
    const std::string n = s.substr(i, j - i);
    // A number with an exponent (2.5e-06) is one value, exponent included (latex_keeps_numbers
    // accepts its LaTeX forms).
    std::size_t after = j;
    if (after + 1 < s.size() && (s[after] == 'e' || s[after] == 'E')) {
      std::size_t k2 = after + 1;
      if (s[k2] == '-' || s[k2] == '+') ++k2;
      if (k2 < s.size() && std::isdigit(static_cast<unsigned char>(s[k2]))) {
        while (k2 < s.size() && std::isdigit(static_cast<unsigned char>(s[k2]))) ++k2;
        after = k2;
      }
    }
    // Look back over a sign and spaces for "=".
    std::size_t k = i;
    while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '-')) --k;
    if (k >= 3 && s.compare(k - 3, 3, "\xE2\x88\x92") == 0) k -= 3;  // U+2212 minus
    while (k > 0 && s[k - 1] == ' ') --k;
    const bool after_equals = k > 0 && s[k - 1] == '=';
    if (after != j) out.push_back(s.substr(i, after - i));
    else if (after_equals || n.size() >= 2 || n.find('.') != std::string::npos) out.push_back(n);
    i = after;
  }
  return out;
}

const char* kBold = "\033[1m";
const char* kCyan = "\033[36m";
const char* kGreen = "\033[32m";
const char* kRed = "\033[31m";
const char* kYellow = "\033[33m";
const char* kReset = "\033[0m";

}  // namespace

std::string format_number(double x, int digits) {
  if (std::isnan(x)) return "nan";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";
  // std::to_chars with a precision writes what printf's %.0f and %.*g write ([charconv.to.chars]),
  // without printf's multi-precision arithmetic (a tenth of the text output's time).
  char buf[64];
  if (std::floor(x) == x && std::fabs(x) < 1e15) {
    const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::fixed, 0);
    return std::string(buf, res.ptr);
  }
  const auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::general, digits);
  if (res.ec != std::errc()) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    return buf;
  }
  return std::string(buf, res.ptr);
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

std::string latex_count(long long n) {
  std::string out;
  for (char c : format_count(n)) out += c == ',' ? std::string("{,}") : std::string(1, c);
  return out;
}

std::string latex_text(const std::string& s) {
  std::string out = "\\text{";
  for (char c : s) {
    switch (c) {
      case '\\': out += "\\textbackslash{}"; break;
      case '{': case '}': case '_': case '#': case '$': case '%': case '&': out += std::string("\\") + c; break;
      case '^': out += "\\^{}"; break;
      case '~': out += "\\~{}"; break;
      default: out += c;
    }
  }
  return out + "}";
}

namespace {
constexpr Eigen::Index kShowRows = 10, kShowCols = 8, kShowVector = 20;
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
  const Eigen::Index shown = std::min<Eigen::Index>(v.size(), kShowVector);
  for (Eigen::Index i = 0; i < shown; ++i) out += (i ? ", " : "") + matrix_entry(v(i), scale, digits);
  if (shown < v.size()) out += ", … " + std::to_string(v.size() - shown) + " more";
  return out + ")ᵀ";
}

std::string latex_matrix(const Eigen::MatrixXd& full, int digits) {
  // A large matrix shows its top-left corner, then a column of \cdots only when columns are cut,
  // a row of \vdots only when rows are cut (and \ddots where both meet), and its size; so a
  // write-up of a T = 512 problem stays readable and never shows dots that hide nothing.
  const bool cut_rows = full.rows() > kShowRows, cut_cols = full.cols() > kShowCols;
  const Eigen::MatrixXd m = corner(full);
  double scale = matrix_scale(m);
  std::string out = "\\begin{bmatrix}";
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    if (i) out += " \\\\ ";
    for (Eigen::Index j = 0; j < m.cols(); ++j) {
      out += (j ? " & " : "") + latex_entry(m(i, j), scale, digits);
    }
    if (cut_cols) out += " & \\cdots";
  }
  if (cut_rows) {
    out += " \\\\ ";
    for (Eigen::Index j = 0; j < m.cols(); ++j) out += std::string(j ? " & " : "") + "\\vdots";
    if (cut_cols) out += " & \\ddots";
  }
  out += "\\end{bmatrix}";
  if (cut_rows || cut_cols) out += "_{" + std::to_string(full.rows()) + "\\times" + std::to_string(full.cols()) + "}";
  return out;
}

std::string latex_column(const Eigen::VectorXd& v, int digits) {
  // (a,\ b,\ c)^\top, not a 1×n bmatrix: LaTeX's bmatrix stops at 10 columns, and a long vector
  // stays one line. Cut after kShowVector entries with its length, as the text's (…, k more).
  double scale = matrix_scale(v);
  std::string out = "\\left(";
  const Eigen::Index shown = std::min<Eigen::Index>(v.size(), kShowVector);
  for (Eigen::Index i = 0; i < shown; ++i) {
    out += (i ? ",\\ " : "") + latex_entry(v(i), scale, digits);
  }
  if (shown < v.size()) out += ",\\ \\ldots";
  out += "\\right)^\\top";
  if (shown < v.size()) out += "\\quad\\text{(" + std::to_string(v.size()) + " entries, the first " + std::to_string(shown) + " shown)}";
  return out;
}

namespace {
/// A matrix for the terminal: as many of its first columns (at most 8) as fit in `width`, and the
/// note naming its size when it is cut, so that wide matrices never run past the terminal.
std::string format_matrix_fitted(const Eigen::MatrixXd& full, std::size_t indent, std::size_t width) {
  const Eigen::Index rows = std::min(full.rows(), kShowRows);
  for (Eigen::Index cols = std::min(full.cols(), kShowCols); cols >= 1; --cols) {
    const std::string body = format_matrix(full.topLeftCorner(rows, cols), static_cast<int>(indent));
    std::size_t widest = 0, start = 0;
    for (std::size_t line = 0; start <= body.size(); ++line) {
      const std::size_t end = std::min(body.find('\n', start), body.size());
      widest = std::max(widest, display_width(body.substr(start, end - start)) + (line == 0 ? indent : 0));
      start = end + 1;
    }
    if (widest <= width || cols == 1) {
      if (rows == full.rows() && cols == full.cols()) return body;
      if (cols == std::min(full.cols(), kShowCols)) return body + "\n" + std::string(indent, ' ') + shape_note(full);
      return body + "\n" + std::string(indent, ' ') + "… " + std::to_string(full.rows()) + "×" + std::to_string(full.cols()) +
             ", top-left " + std::to_string(rows) + "×" + std::to_string(cols) + " shown; all with --format json";
    }
  }
  return format_matrix(full, static_cast<int>(indent));
}
}  // namespace

std::string render_text(const Report& r, const TextOptions& o) {
  auto style = [&](const char* code, const std::string& s) { return o.color ? code + s + kReset : s; };
  const auto width = static_cast<std::size_t>(std::max(40, o.width));
  std::ostringstream out;
  std::string heading = "Exercise " + std::to_string(r.exercise) + " — " + r.title;
  out << style(kBold, heading) << '\n';
  out << "problem: " << r.problem_source << '\n';
  if (!r.data_source.empty()) out << "data file: " << r.data_source << '\n';
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
            out << lead << format_matrix_fitted(b.matrix, display_width(lead), width) << '\n';
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
    // A pass that is no evidence (Check::conclusive false) must not look like one.
    const bool weak = c.passed && c.conclusive && !*c.conclusive;
    std::string mark = !c.passed ? style(kRed, "[FAILED]") : weak ? style(kYellow, "[ok?]   ") : style(kGreen, "[ok]    ");
    // The name wrapped under itself (the mark is 8 columns wide).
    std::string name = wrap(c.name, width, "           ");
    out << "  " << mark << ' ' << name.substr(name.find_first_not_of(' ')) << '\n' << wrap(c.detail, width, "           ") << '\n';
  }
  return out.str();
}

namespace {

/// A paragraph for Markdown. The text renderer keeps a paragraph's explicit line breaks; Markdown
/// would run them into one paragraph, so each line becomes its own paragraph, and a line that
/// starts with "- " (after any indent) a list item: a claim and its verdict stay apart.
std::string markdown_paragraph(const std::string& text) {
  std::string out;
  std::istringstream lines(text);
  std::string line;
  bool in_list = false;
  while (std::getline(lines, line)) {
    const auto lead = line.find_first_not_of(' ');
    if (lead == std::string::npos) continue;
    const bool item = line.compare(lead, 2, "- ") == 0;
    if (!out.empty()) out += item && in_list ? "\n" : "\n\n";
    out += item ? "- " + escape_markdown(line.substr(lead + 2)) : escape_markdown(line.substr(lead));
    in_list = item;
  }
  return out.empty() ? out : out + "\n\n";
}

/// True when every value of the plain form (see values_in) also appears in the LaTeX form. When
/// one is missing the Markdown shows the plain form, so no value printed in the text is lost in
/// the write-up (the margin 2/‖w*‖ once was).
bool latex_keeps_numbers(const Block& b) {
  auto digit = [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '.'; };
  // n as a whole number in the LaTeX: "2" is not found in "\tfrac12" nor in "0.25".
  auto has_number = [&](const std::string& n) {
    for (auto at = b.latex.find(n); at != std::string::npos; at = b.latex.find(n, at + 1)) {
      const char c = at > 0 ? b.latex[at - 1] : ' ';
      const bool before = digit(c) || std::isalpha(static_cast<unsigned char>(c)) || c == '^' || c == '_';  // x^2, W_1: structure
      const bool after = at + n.size() < b.latex.size() && digit(b.latex[at + n.size()]);
      if (!before && !after) return true;
    }
    return false;
  };
  // A value with an exponent may be written as it is, as m \times 10^{e} (10^{e} when m = 1) or in
  // fixed notation (1e-05 as 0.00001), as expr::number_latex and Exercise 2 write them.
  auto has_value = [&](const std::string& n) {
    const auto e = n.find_first_of("eE");
    if (e == std::string::npos) return has_number(n);
    if (has_number(n)) return true;
    const std::string mantissa = n.substr(0, e), power = "10^{" + std::to_string(std::atoi(n.c_str() + e + 1)) + "}";
    if (has_number(mantissa == "1" ? power : mantissa + " \\times " + power)) return true;
    char buf[400];
    const auto fixed = std::to_chars(buf, buf + sizeof buf, std::strtod(n.c_str(), nullptr), std::chars_format::fixed);
    return fixed.ec == std::errc() && has_number(std::string(buf, fixed.ptr));
  };
  for (const auto& n : values_in(b.plain))
    if (!has_value(n)) return false;
  return true;
}

}  // namespace

std::string markdown_link_target(const std::string& path) {
  if (path.find_first_of(" \t()<>") == std::string::npos) return path;
  std::string out = "<";
  for (char c : path) out += c == '<' || c == '>' ? std::string("\\") + c : std::string(1, c);
  return out + ">";
}

std::string render_markdown(const Report& r, const std::string& figure_dir) {
  std::ostringstream out;
  out << "## Exercise " << r.exercise << ": " << escape_markdown(r.title) << "\n\n";
  out << "*Problem: " << escape_markdown(r.problem_source) << "*\n";
  if (!r.data_source.empty()) out << "\n*Data file: " << escape_markdown(r.data_source) << "*\n";
  for (const auto& step : r.steps) {
    out << "\n### " << step.label << " " << escape_markdown(step.title) << "\n\n";
    for (const auto& b : step.blocks) {
      switch (b.kind) {
        case Block::Kind::Paragraph: out << markdown_paragraph(b.plain); break;
        case Block::Kind::Formula:
          if (b.latex.empty() || !latex_keeps_numbers(b))  // no (complete) LaTeX form: the plain one, verbatim
            out << "```\n" << b.plain << "\n```\n\n";
          else
            out << "$$\n" << b.latex << "\n$$\n\n";
          break;
        case Block::Kind::Code: out << "```\n" << b.plain << "\n```\n\n"; break;
        case Block::Kind::Matrix:
          if (b.column_vector)
            out << "$$\n" << b.latex << " = " << latex_column(b.matrix.col(0)) << "\n$$\n\n";
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
            out << "*Figure `" << b.file << "` (" << escape_markdown(b.plain) << "): run with `--plots DIR` to draw it.*\n\n";
          else
            out << "![" << escape_markdown(b.plain) << "](" << markdown_link_target(figure_dir + "/" + b.file) << ")\n\n";
          break;
      }
    }
  }
  out << "\n### Checks\n\n| check | result | detail |\n|---|---|---|\n";
  for (const auto& c : r.checks)
    out << "| " << escape_markdown_cell(c.name) << " | " << (!c.passed ? "**FAILED**" : c.conclusive && !*c.conclusive ? "passed (inconclusive)" : "passed") << " | "
        << escape_markdown_cell(c.detail) << " |\n";
  return out.str();
}

}  // namespace hw6
