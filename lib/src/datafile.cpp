// Data files named in a problem: LIBSVM and CSV. See hw6/datafile.hpp.
#include "hw6/datafile.hpp"

#include "hw6/problems.hpp"

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

namespace hw6::data {

namespace {

/// The solvers keep X dense: beyond 5·10⁸ entries (4 GB) a file is refused rather than crash.
constexpr double kMaxDenseEntries = 5e8;

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/// [b, e) in quotes for an error message: at most 40 bytes (a 5,000-byte token used to be printed
/// whole), control bytes as \xNN (an escape sequence from the file would reach the terminal).
std::string quoted(const char* b, const char* e) {
  const bool cut = e - b > 40;
  if (cut) e = b + 37;
  std::string s = "\"";
  for (const char* p = b; p < e; ++p) {
    const auto u = static_cast<unsigned char>(*p);
    if (u < 0x20 || u == 0x7f) {
      char hex[8];
      std::snprintf(hex, sizeof hex, "\\x%02x", static_cast<unsigned>(u));
      s += hex;
    } else {
      s += *p;
    }
  }
  return s + (cut ? "...\"" : "\"");
}

/// The one number of [b, e) (an optional leading '+' allowed), finite; nullopt otherwise.
std::optional<double> to_number(const char* b, const char* e) {
  if (b < e && *b == '+') ++b;
  if (b == e) return std::nullopt;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc() || ptr != e || !std::isfinite(v)) return std::nullopt;
  return v;
}

/// Why [b, e) was refused when it is a number beyond double's range (" (…)"), else "": 1e-400 would
/// read as 0 and 1e400 as infinity.
std::string range_note(const char* b, const char* e) {
  if (b < e && *b == '+') ++b;
  double v = 0;
  const auto [ptr, ec] = std::from_chars(b, e, v);
  if (ec != std::errc::result_out_of_range || ptr != e) return "";
  // from_chars leaves v alone when out of range; strtod (the "C" locale hw6 runs in) tells which way.
  const double w = std::strtod(std::string(b, e).c_str(), nullptr);
  return std::fabs(w) > 1 ? " (beyond the range of a double)" : " (too small for a double: it would read as 0; write 0 if 0 is meant)";
}

/// Collects rows as they are parsed; one instance per format.
class Parser {
 public:
  explicit Parser(const Spec& spec) : spec_(spec) {}
  virtual ~Parser() = default;
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  /// One line without its '\n'.
  void line(const char* b, const char* e) {
    ++line_no_;
    // A UTF-8 byte-order mark (Excel's "CSV UTF-8", Notepad) is invisible in an error message:
    // "expected a finite number, got "1"" was all a user saw of it.
    if (line_no_ == 1 && e - b >= 3 && std::memcmp(b, "\xEF\xBB\xBF", 3) == 0) b += 3;
    while (b < e && is_blank(*b)) ++b;
    while (e > b && is_blank(e[-1])) --e;
    if (b == e) return;  // blank lines are allowed anywhere
    const std::size_t before = y_.size();
    row(b, e);
    if (y_.size() > before) {  // a data row (not a header or a comment)
      if (first_row_line_ == 0) first_row_line_ = line_no_;
      last_row_line_ = line_no_;
    }
  }
  virtual Labeled finish() = 0;
  long first_row_line() const { return first_row_line_; }
  long last_row_line() const { return last_row_line_; }

 protected:
  virtual void row(const char* b, const char* e) = 0;
  [[noreturn]] void fail(const std::string& what) const { throw FileError(spec_.display, "line " + std::to_string(line_no_) + ": " + what); }
  [[noreturn]] void fail_file(const std::string& what) const { throw FileError(spec_.display, what); }
  double label(const char* b, const char* e) const {
    const auto v = to_number(b, e);
    if (b == e) fail("label must be +1 or -1, got an empty field");
    if (!v || (*v != 1 && *v != -1)) fail("label must be +1 or -1, got " + (v && e - b <= 40 ? std::string(b, e) : quoted(b, e)));
    return *v;
  }
  const Spec& spec_;
  long line_no_ = 0;
  long first_row_line_ = 0, last_row_line_ = 0;
  std::vector<double> y_;
};

/// label idx:val idx:val ...  with 1-based, strictly increasing indices.
class LibsvmParser final : public Parser {
 public:
  using Parser::Parser;
  Labeled finish() override {
    if (y_.empty()) fail_file("no data rows");
    const Eigen::Index d = spec_.features ? *spec_.features : static_cast<Eigen::Index>(max_index_);
    if (d < 1) fail_file("no feature in any row (LIBSVM indices start at 1)");
    Labeled out;
    const auto n = static_cast<Eigen::Index>(y_.size());
    if (double(n) * double(d) > kMaxDenseEntries)
      fail_file(std::to_string(n) + " rows × " + std::to_string(d) + " features is too large for a dense matrix (at most " +
                std::to_string(static_cast<long long>(kMaxDenseEntries)) + " entries, 4 GB); is a feature index wrong?");
    out.X = Eigen::MatrixXd::Zero(n, d);
    out.y = Eigen::Map<const Eigen::VectorXd>(y_.data(), n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (std::size_t k = start_[static_cast<std::size_t>(i)]; k < start_[static_cast<std::size_t>(i) + 1]; ++k)
        out.X(i, index_[k] - 1) = value_[k];
    return out;
  }

 protected:
  void row(const char* b, const char* e) override {
    // SVMlight's comments: '#' to the end of the line (a line of only a comment is blank).
    if (const void* hash = std::memchr(b, '#', static_cast<std::size_t>(e - b))) e = static_cast<const char*>(hash);
    while (e > b && is_blank(e[-1])) --e;
    if (b == e) return;
    if (start_.empty()) start_.push_back(0);
    const char* t = b;
    while (t < e && !is_blank(*t)) ++t;
    y_.push_back(label(b, t));
    long previous = 0;
    bool first = true;
    for (const char* p = t; p < e; first = false) {
      while (p < e && is_blank(*p)) ++p;
      if (p == e) break;
      const char* q = p;
      while (q < e && !is_blank(*q)) ++q;
      if (first && q - p > 4 && std::memcmp(p, "qid:", 4) == 0) {  // SVMlight's query id (ranking): not a feature
        p = q;
        continue;
      }
      const char* colon = static_cast<const char*>(std::memchr(p, ':', static_cast<std::size_t>(q - p)));
      if (!colon) fail("expected index:value, got " + quoted(p, q));
      long index = 0;
      const auto [ip, iec] = std::from_chars(p, colon, index);
      if (iec != std::errc() || ip != colon) fail("expected an integer feature index before ':', got " + quoted(p, q));
      if (index < 1) fail("feature indices start at 1 in LIBSVM files, got " + std::to_string(index));
      if (index == previous) fail("feature index " + std::to_string(index) + " appears twice on the line");
      if (index < previous) fail("feature indices must increase along a line, got " + std::to_string(index) + " after " + std::to_string(previous));
      if (spec_.features && index > *spec_.features)
        fail("feature index " + std::to_string(index) + " exceeds \"features\": " + std::to_string(*spec_.features));
      if (index > std::numeric_limits<std::int32_t>::max() / 2) fail("feature index " + std::to_string(index) + " is too large");
      const auto v = to_number(colon + 1, q);
      if (!v) fail("expected a finite number after " + std::to_string(index) + ":, got " + quoted(colon + 1, q) + range_note(colon + 1, q));
      previous = index;
      max_index_ = std::max(max_index_, index);
      if (*v != 0) index_.push_back(static_cast<std::int32_t>(index)), value_.push_back(*v);
      p = q;
    }
    start_.push_back(index_.size());
  }

 private:
  std::vector<std::int32_t> index_;
  std::vector<double> value_;
  std::vector<std::size_t> start_;
  long max_index_ = 0;
};

/// Comma-separated numbers, the label in `label_column` (default the last), optional header row.
class CsvParser final : public Parser {
 public:
  using Parser::Parser;
  Labeled finish() override {
    if (y_.empty()) fail_file(spec_.header ? "no data rows after the header" : "no data rows");
    Labeled out;
    const auto n = static_cast<Eigen::Index>(y_.size()), d = static_cast<Eigen::Index>(columns_ - 1);
    out.X = Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(x_.data(), n, d);
    out.y = Eigen::Map<const Eigen::VectorXd>(y_.data(), n);
    return out;
  }

 protected:
  void row(const char* b, const char* e) override {
    if (spec_.header && !header_seen_) {
      header_seen_ = true;
      // A name with a line break in quotes ("y\nlabel") would make its second half the first
      // data row, refused there for what it is not.
      if (std::count(b, e, '"') % 2 != 0) fail("the header has a quote that is not closed on its line (a quoted field cannot span lines: one row a line)");
      return;
    }
    fields_.clear();
    for (const char* p = b;;) {
      const char* q = static_cast<const char*>(std::memchr(p, ',', static_cast<std::size_t>(e - p)));
      if (!q) q = e;
      const char* fb = p;
      const char* fe = q;
      while (fb < fe && is_blank(*fb)) ++fb;
      while (fe > fb && is_blank(fe[-1])) --fe;
      if (fe - fb >= 2 && *fb == '"' && fe[-1] == '"') {
        ++fb, --fe;  // "1.5", as spreadsheets may quote
      } else if (fe > fb && (*fb == '"' || fe[-1] == '"')) {
        fail("column " + std::to_string(fields_.size() + 1) + ": a quote that is not closed on this line, got " + quoted(fb, fe) +
             " (a quoted field cannot span lines: one point a line)");
      }
      fields_.emplace_back(fb, fe);
      if (q == e) break;
      p = q + 1;
    }
    if (!columns_) {  // the first data row fixes the width
      if (fields_.size() < 2) {
        const char* other = std::find_if(b, e, [](char c) { return c == ';' || c == '\t'; });
        if (other != e)
          fail(std::string("expected columns separated by commas, got ") + quoted(b, e) + " (separated by " +
               (*other == ';' ? "semicolons" : "tabs") + "? hw6 reads commas only)");
        fail("expected at least 2 columns (features and a label) separated by commas, got 1: " + quoted(b, e));
      }
      columns_ = fields_.size();
      label_ = spec_.label_column ? static_cast<std::size_t>(*spec_.label_column) : columns_ - 1;
      if (label_ >= columns_)
        fail("label_column " + std::to_string(label_) + " does not exist: the row has " + std::to_string(columns_) + " columns (0-based)");
    } else if (fields_.size() != columns_) {
      fail("expected " + std::to_string(columns_) + " columns (as the first row), got " + std::to_string(fields_.size()));
    }
    for (std::size_t c = 0; c < columns_; ++c) {
      const auto [fb, fe] = fields_[c];
      if (c == label_) {
        if (fb == fe)
          fail("label must be +1 or -1, got an empty column " + std::to_string(c + 1) + (c + 1 == columns_ && c > 0 ? " (a comma at the end of the line?)" : ""));
        if (c == 0 && !header_hint(fb, fe).empty()) fail("label must be +1 or -1, got " + quoted(fb, fe) + header_hint(fb, fe));
        y_.push_back(label(fb, fe));
        continue;
      }
      if (fb == fe) fail("column " + std::to_string(c + 1) + " is empty");
      const auto v = to_number(fb, fe);
      if (!v) {
        std::string note = range_note(fb, fe);
        // A row of names where the first data row is expected: say how to skip it.
        if (note.empty()) note = header_hint(fb, fe);
        fail("column " + std::to_string(c + 1) + ": expected a finite number, got " + quoted(fb, fe) + note);
      }
      x_.push_back(*v);
    }
    ++rows_;
  }

 private:
  /// " (a header row ...)" when [fb, fe) is a name in the first row of a file read without "header".
  std::string header_hint(const char* fb, const char* fe) const {
    if (rows_ > 0 || spec_.header || fb == fe || !(std::isalpha(static_cast<unsigned char>(*fb)) || *fb == '_')) return "";
    double v = 0;
    const auto [ptr, ec] = std::from_chars(fb, fe, v);
    if (ec == std::errc() && ptr == fe) return "";  // inf, nan: numbers, refused as such
    return " (a header row of column names? add \"header\": true to \"data\")";
  }
  std::size_t rows_ = 0;
  bool header_seen_ = false;
  std::size_t columns_ = 0, label_ = 0;
  std::vector<double> x_;
  std::vector<std::pair<const char*, const char*>> fields_;
};

std::unique_ptr<Parser> make_parser(const Spec& spec) {
  if (spec.format == Format::csv) return std::make_unique<CsvParser>(spec);
  return std::make_unique<LibsvmParser>(spec);
}

}  // namespace

Spec read_spec(const Reader& r, const std::filesystem::path& base_dir) {
  r.only_keys({"path", "format", "header", "label_column", "features"});
  Spec s;
  const std::string path = r.at("path").string();
  if (path.empty()) r.at("path").fail("expected a file name, got an empty string");
  const std::string format = r.at("format").string();
  if (format == "libsvm") s.format = Format::libsvm;
  else if (format == "csv") s.format = Format::csv;
  else r.at("format").fail("expected \"libsvm\" or \"csv\", got \"" + format + "\"");
  const std::filesystem::path given(path);
  s.path = given.is_absolute() || base_dir.empty() || base_dir == "." ? given : (base_dir / given).lexically_normal();
  s.display = s.path.string();
  if (auto h = r.find("header")) {
    if (s.format != Format::csv) h->fail("\"header\" applies to CSV files only");
    s.header = h->boolean();
  }
  if (auto l = r.find("label_column")) {
    if (s.format != Format::csv) l->fail("\"label_column\" applies to CSV files only");
    s.label_column = static_cast<long>(l->integer(0, 1000000));  // a 0-based column index
  }
  if (auto f = r.find("features")) {
    if (s.format != Format::libsvm) f->fail("\"features\" applies to LIBSVM files only (a CSV file has as many as its columns)");
    s.features = static_cast<Eigen::Index>(f->integer(1, 100000000));
  }
  return s;
}

namespace {
/// The parser's rows, and where in the file they were.
Labeled finish(Parser& parser, const Spec& spec) {
  Labeled out = parser.finish();
  out.source = Source{spec.display, spec.format, static_cast<std::int64_t>(out.y.size()), parser.first_row_line(), parser.last_row_line()};
  return out;
}
}  // namespace

Labeled parse(const std::string& text, const Spec& spec) {
  auto parser = make_parser(spec);
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
    if (!nl) nl = end;
    parser->line(p, nl);
    p = nl + 1;
  }
  return finish(*parser, spec);
}

/// The longest line read (a LIBSVM line of 10 million features is about 200 MiB).
constexpr std::size_t kLongestLine = std::size_t{1} << 30;

Labeled read(const Spec& spec, Progress& progress) {
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> f(std::fopen(spec.path.c_str(), "rb"), &std::fclose);
  if (!f) throw FileError(spec.display, std::string("cannot open the data file: ") + std::strerror(errno));
  if (std::filesystem::is_directory(spec.path)) throw FileError(spec.display, "is a directory, expected a data file");
  auto parser = make_parser(spec);
  std::error_code ec;
  const auto size = std::filesystem::file_size(spec.path, ec);
  progress.begin("reading " + spec.display, ec ? 0 : static_cast<std::int64_t>(size));
  std::int64_t done = 0;
  // Streaming: a fixed buffer; the incomplete last line of a chunk moves to the front.
  std::vector<char> buffer(std::size_t{1} << 20);
  std::size_t kept = 0;
  for (;;) {
    if (kept == buffer.size()) {  // a line longer than the buffer
      if (buffer.size() >= kLongestLine)
        throw FileError(spec.display, "a line longer than " + std::to_string(kLongestLine >> 20) + " MiB after byte " + std::to_string(done - static_cast<std::int64_t>(kept)) +
                                          ": not a LIBSVM or CSV file with one example per line");
      buffer.resize(buffer.size() * 2);
    }
    const std::size_t got = std::fread(buffer.data() + kept, 1, buffer.size() - kept, f.get());
    if (got == 0) {
      if (std::ferror(f.get())) throw FileError(spec.display, "cannot read the data file");
      if (kept) parser->line(buffer.data(), buffer.data() + kept);
      break;
    }
    // A NUL byte: not text (a compressed or binary file, /dev/zero), which would otherwise be read
    // as one endless line until memory runs out.
    if (const void* nul = std::memchr(buffer.data() + kept, '\0', got))
      throw FileError(spec.display, "byte " + std::to_string(done + (static_cast<const char*>(nul) - (buffer.data() + kept)) + 1) +
                                        " is a NUL byte: a binary file, not a LIBSVM or CSV text file (a compressed file must be decompressed first)");
    done += static_cast<std::int64_t>(got);
    progress.advance(done);
    const char* p = buffer.data();
    const char* end = p + kept + got;
    for (;;) {
      const char* nl = static_cast<const char*>(std::memchr(p, '\n', static_cast<std::size_t>(end - p)));
      if (!nl) break;
      parser->line(p, nl);
      p = nl + 1;
    }
    kept = static_cast<std::size_t>(end - p);
    std::memmove(buffer.data(), p, kept);
  }
  Labeled out = finish(*parser, spec);
  progress.end();
  return out;
}

std::string Source::describe() const {
  std::string out = file + (format == Format::csv ? " (CSV), " : " (LIBSVM), ") + std::to_string(rows) + (rows == 1 ? " point" : " points");
  if (last_line - first_line + 1 == rows) {
    if (first_line == 1) return out + ": point i on line i";
    const std::string before = first_line == 2 ? "line 1 is" : first_line == 3 ? "lines 1 and 2 are" : "lines 1 to " + std::to_string(first_line - 1) + " are";
    return out + ": point i on line i + " + std::to_string(first_line - 1) + " (" + before + " not data)";
  }
  // CSV has no comments (a '#' line is refused), so only blank lines can come between its rows.
  const std::int64_t other = last_line - first_line + 1 - rows;
  return out + ": point i is the file's i-th data row, point 1 on line " + std::to_string(first_line) + ", point " + std::to_string(rows) +
         " on line " + std::to_string(last_line) + ", with " + std::to_string(other) + (other == 1 ? " other line" : " other lines") +
         " between them (" + (format == Format::csv ? "blank)" : "comments or blank)");
}

Json Source::json() const {
  return {{"path", file}, {"format", format == Format::csv ? "csv" : "libsvm"}, {"rows", rows}, {"first_line", first_line}, {"last_line", last_line}};
}

Labeled load(const Reader& r, const std::filesystem::path& base_dir, bool need_both_classes, Progress& progress) {
  const Spec spec = read_spec(r, base_dir);
  Labeled out = read(spec, progress);
  if (out.X.rows() < 2) throw FileError(spec.display, "expected at least 2 data rows, got 1");
  const bool pos = (out.y.array() > 0).any(), neg = (out.y.array() < 0).any();
  if (need_both_classes && !(pos && neg))
    throw FileError(spec.display, std::string("both classes are needed; every label is ") + (pos ? "+1" : "-1"));
  return out;
}

}  // namespace hw6::data
