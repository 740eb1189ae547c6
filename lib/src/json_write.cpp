// Fast pretty JSON output; see json_write.hpp. Number layout: nlohmann/detail/conversions/to_chars.hpp
// (format_buffer and append_exponent, with kMinExp = -4 and kMaxExp = 15).
#include "hw6/json_write.hpp"

#include <charconv>
#include <cmath>
#include <cstring>
#include <unordered_map>

namespace hw6 {

namespace {

/// nlohmann's exponent: a sign and at least two digits ("e+05", "e-123").
char* append_exponent(char* buf, int e) {
  *buf++ = e < 0 ? '-' : '+';
  auto k = static_cast<unsigned>(e < 0 ? -e : e);
  if (k >= 100) {
    *buf++ = static_cast<char>('0' + k / 100);
    k %= 100;
  }
  *buf++ = static_cast<char>('0' + k / 10);
  *buf++ = static_cast<char>('0' + k % 10);
  return buf;
}

}  // namespace

void append_json_number(std::string& out, double x) {
  if (!std::isfinite(x)) {
    out += "null";
    return;
  }
  char buf[64];
  char* p = buf;
  if (std::signbit(x)) {
    *p++ = '-';
    x = -x;
  }
  if (x == 0) {
    out.append(buf, static_cast<std::size_t>(p - buf));
    out += "0.0";
    return;
  }
  // Shortest round-trip digits in scientific form, "d.ddde±XX"; split into digits and exponent.
  char sci[40];
  const auto res = std::to_chars(sci, sci + sizeof sci, x, std::chars_format::scientific);
  const char* e = static_cast<const char*>(std::memchr(sci, 'e', static_cast<std::size_t>(res.ptr - sci)));
  char digits[24];
  int k = 0;
  for (const char* c = sci; c < e; ++c)
    if (*c != '.') digits[k++] = *c;
  int exp10 = 0;
  std::from_chars(e + (e[1] == '+' ? 2 : 1), res.ptr, exp10);
  const int n = exp10 + 1;  // the value is 0.digits × 10^n
  constexpr int kMinExp = -4, kMaxExp = 15;
  if (k <= n && n <= kMaxExp) {  // digits000.0
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    std::memset(p + k, '0', static_cast<std::size_t>(n - k));
    p += n;
    *p++ = '.';
    *p++ = '0';
  } else if (0 < n && n <= kMaxExp) {  // dig.its
    std::memcpy(p, digits, static_cast<std::size_t>(n));
    p[n] = '.';
    std::memcpy(p + n + 1, digits + n, static_cast<std::size_t>(k - n));
    p += k + 1;
  } else if (kMinExp < n && n <= 0) {  // 0.000digits
    *p++ = '0';
    *p++ = '.';
    std::memset(p, '0', static_cast<std::size_t>(-n));
    p += -n;
    std::memcpy(p, digits, static_cast<std::size_t>(k));
    p += k;
  } else {  // d.igitse+XX
    *p++ = digits[0];
    if (k > 1) {
      *p++ = '.';
      std::memcpy(p, digits + 1, static_cast<std::size_t>(k - 1));
      p += k - 1;
    }
    *p++ = 'e';
    p = append_exponent(p, n - 1);
  }
  out.append(buf, static_cast<std::size_t>(p - buf));
}

namespace {

class Writer {
 public:
  Writer(const std::vector<MatrixSplice>& splices, const std::function<void(std::string_view)>& sink, std::size_t chunk)
      : sink_(sink), chunk_(chunk) {
    for (const auto& s : splices) splices_[s.pointer] = s.matrix;
    out_.reserve(chunk_ + 4096);
  }

  void value(const Json& v, int indent) {
    if (v.is_null() && !splices_.empty()) {
      auto it = splices_.find(path_);
      if (it != splices_.end() && it->second) return matrix(*it->second, indent);
    }
    if (v.is_object() && !v.empty()) {
      out_ += "{\n";
      std::size_t i = 0;
      for (auto it = v.begin(); it != v.end(); ++it, ++i) {
        pad(indent + 2);
        out_ += Json(it.key()).dump();
        out_ += ": ";
        const std::size_t mark = path_.size();
        if (!splices_.empty()) path_ += "/" + pointer_escape(it.key());
        value(it.value(), indent + 2);
        path_.resize(mark);
        out_ += i + 1 < v.size() ? ",\n" : "\n";
        flush_if_full();
      }
      pad(indent);
      out_ += '}';
      return;
    }
    if (v.is_array() && !v.empty()) {
      bool flat = true;
      for (std::size_t i = 0; i < v.size() && flat; ++i) flat = !v[i].is_structured() && !(v[i].is_null() && spliced_at(i));
      if (flat) {
        out_ += '[';
        for (std::size_t i = 0; i < v.size(); ++i) {
          if (i) out_ += ", ";
          scalar(v[i]);
        }
        out_ += ']';
        return;
      }
      out_ += "[\n";
      for (std::size_t i = 0; i < v.size(); ++i) {
        pad(indent + 2);
        const std::size_t mark = path_.size();
        if (!splices_.empty()) path_ += "/" + std::to_string(i);
        value(v[i], indent + 2);
        path_.resize(mark);
        out_ += i + 1 < v.size() ? ",\n" : "\n";
        flush_if_full();
      }
      pad(indent);
      out_ += ']';
      return;
    }
    scalar(v);
  }

  void finish() {
    if (!out_.empty()) sink_(out_);
    out_.clear();
  }

 private:
  /// A matrix as matrix_json(m) would be written: an array of rows, each on one line.
  void matrix(const Eigen::MatrixXd& m, int indent) {
    if (m.rows() == 0) {
      out_ += "[]";
      return;
    }
    out_ += "[\n";
    for (Eigen::Index i = 0; i < m.rows(); ++i) {
      pad(indent + 2);
      out_ += '[';
      for (Eigen::Index j = 0; j < m.cols(); ++j) {
        if (j) out_ += ", ";
        number(m(i, j));
      }
      out_ += ']';
      out_ += i + 1 < m.rows() ? ",\n" : "\n";
      flush_if_full();
    }
    pad(indent);
    out_ += ']';
  }

  /// As number_json(x) then dump(): 0 for ±0, strings for infinities, null for NaN.
  void number(double x) {
    if (std::isnan(x)) out_ += "null";
    else if (std::isinf(x)) out_ += x > 0 ? "\"inf\"" : "\"-inf\"";
    else append_json_number(out_, x == 0 ? 0.0 : x);
  }

  void scalar(const Json& v) {
    if (v.is_number_float()) {
      append_json_number(out_, v.get<double>());
    } else if (v.is_number_integer() || v.is_number_unsigned()) {
      char buf[24];
      const auto res = v.is_number_unsigned() ? std::to_chars(buf, buf + sizeof buf, v.get<std::uint64_t>())
                                              : std::to_chars(buf, buf + sizeof buf, v.get<std::int64_t>());
      out_.append(buf, static_cast<std::size_t>(res.ptr - buf));
    } else {
      out_ += v.dump();
    }
  }

  /// A null inside an array may be a spliced matrix, which is not a scalar.
  bool spliced_at(std::size_t i) const { return !splices_.empty() && splices_.count(path_ + "/" + std::to_string(i)) > 0; }

  void pad(int n) { out_.append(static_cast<std::size_t>(n), ' '); }

  void flush_if_full() {
    if (out_.size() >= chunk_) {
      sink_(out_);
      out_.clear();
    }
  }

  const std::function<void(std::string_view)>& sink_;
  std::size_t chunk_;
  std::unordered_map<std::string, const Eigen::MatrixXd*> splices_;
  std::string path_;
  std::string out_;
};

}  // namespace

void write_json(const Json& value, const std::vector<MatrixSplice>& splices, const std::function<void(std::string_view)>& sink,
                std::size_t chunk) {
  Writer w(splices, sink, chunk);
  w.value(value, 0);
  w.finish();
}

std::string json_text(const Json& value, const std::vector<MatrixSplice>& splices) {
  std::string all;
  write_json(value, splices, [&](std::string_view piece) { all.append(piece); });
  return all;
}

bool write_json(std::FILE* out, const Json& value, const std::vector<MatrixSplice>& splices) {
  bool ok = true;
  write_json(value, splices, [&](std::string_view piece) { ok = ok && std::fwrite(piece.data(), 1, piece.size(), out) == piece.size(); });
  return ok;
}

}  // namespace hw6
