#include "hw6/json_io.hpp"
#include "hw6/json_write.hpp"
#include "hw6/json_stream.hpp"

#include <cmath>
#include <exception>
#include <functional>
#include <istream>
#include <limits>
#include <memory>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <vector>

namespace hw6 {

namespace {

/// Line and column (1-based) of a byte offset, for messages about malformed text.
std::pair<std::size_t, std::size_t> line_column(const std::string& text, std::size_t byte) {
  std::size_t line = 1, column = 1;
  for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++line;
      column = 1;
    } else {
      ++column;
    }
  }
  return {line, column};
}

/// nlohmann's message without its "[json.exception...]" prefix.
std::string strip_prefix(const std::string& what) {
  auto pos = what.find("] ");
  return pos == std::string::npos ? what : what.substr(pos + 2);
}

}  // namespace

namespace {

/// The deepest nesting of arrays and objects hw6 reads (problems, answer files, everything).
/// 512 levels stay far below the stack's reach, also under AddressSanitizer; no homework input
/// needs more than 4.
constexpr std::size_t kMaxJsonDepth = 512;

/// Builds the document from the parser's events, knowing at each event where in the document it
/// is, so that what the parser alone would accept silently is refused with its JSON Pointer:
/// - a key given twice in one object (nlohmann keeps the last value; a reader in another
///   language may keep the first: hw6 takes neither);
/// - nesting deeper than kMaxJsonDepth: the parser itself is iterative, but copying, printing and
///   comparing a document recurse once per level, so a 100,000-deep array would overflow the
///   stack later; it is refused here, while the text is read, and never built.
/// It is also faster than nlohmann's own DOM parser: that one grows each ordered_map (a vector of
/// pair<const string, Json>) one member at a time, and since that pair cannot be moved, every
/// growth deep-copies the members parsed so far (half of the time spent grading a class). Here an
/// object's members are collected in a movable vector and moved once.
class Builder {
 public:
  using number_integer_t = Json::number_integer_t;
  using number_unsigned_t = Json::number_unsigned_t;
  using number_float_t = Json::number_float_t;
  using string_t = Json::string_t;
  using binary_t = Json::binary_t;

  /// Why and where the parse stopped, when it did not reach the end.
  struct Failure {
    enum class Kind { duplicate_key, too_deep, overflow, underflow, syntax } kind;
    std::string pointer;  ///< where: the value being read, or the container open there
    std::string token;    ///< the repeated key, the number out of range
    std::size_t end = 0;  ///< byte offset just past the token (overflow)
    std::string message;  ///< the parser's own (syntax)
  };

  Json result;

  bool null() { return put(Json(nullptr)); }
  bool boolean(bool b) { return put(Json(b)); }
  bool number_integer(number_integer_t x) { return put(Json(x)); }
  bool number_unsigned(number_unsigned_t x) { return put(Json(x)); }
  /// A literal whose digits are not all zero but whose value rounds to zero (1e-400: below the
  /// smallest double, about 4.9e-324) is refused as overflow is: it would read as 0 without a word.
  bool number_float(number_float_t x, const string_t& s) {
    if (x == 0) {
      const std::size_t e = s.find_first_of("eE");
      if (s.find_first_of("123456789") < std::min(e, s.size())) {
        failure_ = Failure{Failure::Kind::underflow, pointer(true), s, 0, ""};
        return false;
      }
    }
    return put(Json(x));
  }
  bool string(string_t& s) { return put(Json(std::move(s))); }
  bool binary(binary_t&) { return false; }  // not produced by the JSON parser
  bool start_object(std::size_t) { return open(true); }
  bool start_array(std::size_t) { return open(false); }
  bool key(string_t& k) {
    Frame& f = stack_.back();
    if (f.has(k)) {
      failure_ = Failure{Failure::Kind::duplicate_key, pointer(true) + "/" + pointer_escape(k), k, 0, ""};
      return false;
    }
    f.key = std::move(k);
    f.key_pending = true;
    return true;
  }
  bool end_object() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    Json object = Json::object();
    auto& members = object.get_ref<Json::object_t&>();
    members.reserve(f.members.size());
    for (auto& [k, v] : f.members) members.emplace_back(std::move(k), std::move(v));
    return put(std::move(object));
  }
  bool end_array() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    return put(Json(std::move(f.elements)));
  }
  /// A syntax error, or a number beyond double range (nlohmann's out_of_range 406). Whether a value
  /// was expected (the pointer then names it) is in the parser's message: "while parsing value".
  template <class Exception>
  bool parse_error(std::size_t position, const std::string& token, const Exception& e) {
    const std::string what = e.what();
    if (e.id == 406) {
      failure_ = Failure{Failure::Kind::overflow, pointer(true), token, position, what};
    } else {
      failure_ = Failure{Failure::Kind::syntax, pointer(what.find("while parsing value") != std::string::npos), token, position, what};
    }
    return false;
  }

  const std::optional<Failure>& failure() const { return failure_; }

  /// The JSON Pointer of where the parse is: the containers open, with the member or element each
  /// one is reading. The innermost array names its next element only when `at_value` (a value is
  /// being read there, not the "," or "]" after one).
  std::string pointer(bool at_value) const {
    std::string p;
    for (std::size_t i = 0; i < stack_.size(); ++i) {
      const Frame& f = stack_[i];
      if (f.object && f.key_pending)
        p += "/" + pointer_escape(f.key);
      else if (!f.object && (at_value || i + 1 < stack_.size()))
        p += "/" + std::to_string(f.elements.size());
    }
    return p;
  }

 private:
  struct Frame {
    bool object = false;
    bool key_pending = false;  ///< object: `key` is read, its value not yet
    std::string key;
    std::vector<std::pair<std::string, Json>> members;
    Json::array_t elements;
    std::unique_ptr<std::unordered_set<std::string>> keys;  ///< a large object's keys, for has()

    /// Whether the object already has the member `k`: one by one for the few keys of the usual
    /// object, through a set once it is large (a 100,000-key object stays linear).
    bool has(const std::string& k) {
      constexpr std::size_t kScan = 16;
      if (!keys) {
        for (const auto& m : members)
          if (m.first == k) return true;
        if (members.size() < kScan) return false;
        keys = std::make_unique<std::unordered_set<std::string>>();
        for (const auto& m : members) keys->insert(m.first);
      }
      return keys->count(k) > 0;
    }
  };
  std::vector<Frame> stack_;
  std::optional<Failure> failure_;

  bool open(bool object) {
    if (stack_.size() >= kMaxJsonDepth) {
      failure_ = Failure{Failure::Kind::too_deep, pointer(true), "", 0, ""};
      return false;
    }
    stack_.emplace_back();
    stack_.back().object = object;
    return true;
  }
  bool put(Json v) {
    if (stack_.empty()) {
      result = std::move(v);
      return true;
    }
    Frame& f = stack_.back();
    if (f.object) {
      if (f.keys) f.keys->insert(f.key);
      f.members.emplace_back(std::move(f.key), std::move(v));
      f.key_pending = false;
    } else {
      f.elements.push_back(std::move(v));
    }
    return true;
  }
};

/// Byte offset of the bracket that opens level `limit + 1`, counting only brackets outside strings
/// (the text before it is valid JSON, since the parser got that far).
std::size_t offset_of_depth(const std::string& text, std::size_t limit) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (escaped)
        escaped = false;
      else if (c == '\\')
        escaped = true;
      else if (c == '"')
        in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return i;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return text.size();
}

/// " at line L, column C" of the byte `offset` of `text`; "" when there is no text to count in
/// (standard input cannot be read twice).
std::string at_line_column(const std::string& text, std::size_t offset) {
  if (text.empty()) return "";
  auto [line, column] = line_column(text, offset);
  return " at line " + std::to_string(line) + ", column " + std::to_string(column);
}

/// The InputError of a parse that stopped before the end, worded for a person.
InputError failure_error(const Builder::Failure& f, const std::function<std::string()>& text_of) {
  using Kind = Builder::Failure::Kind;
  switch (f.kind) {
    case Kind::duplicate_key:
      return InputError(f.pointer, "duplicate key \"" + f.token + "\": this object already has one, and JSON does not say which value counts; keep one");
    case Kind::too_deep: {
      const std::string text = text_of();
      return InputError(f.pointer, "malformed JSON: nesting deeper than " + std::to_string(kMaxJsonDepth) + " levels" +
                                       at_line_column(text, offset_of_depth(text, kMaxJsonDepth)) + " (hw6 reads at most " +
                                       std::to_string(kMaxJsonDepth) + " nested arrays and objects)");
    }
    case Kind::overflow:  // f.end is just past the number
      return InputError(f.pointer, "number " + f.token + at_line_column(text_of(), f.end - std::min(f.end, f.token.size())) +
                                       " is out of the range of a double; expected a finite number");
    case Kind::underflow:
      return InputError(f.pointer, "number " + f.token + " is too small for a double (a magnitude below about 4.9e-324 reads as 0); write 0 if 0 is meant");
    case Kind::syntax:
    default: {
      // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..." →
      // "error at line 1, column 9: syntax error ..."
      std::string message = strip_prefix(f.message);
      const auto at = message.find("parse error at line");
      if (at != std::string::npos) message = message.substr(at + 6);
      return InputError(f.pointer, "malformed JSON: " + message);
    }
  }
}

/// "UTF-16" or "UTF-32" when `text` starts in that encoding (a byte-order mark, or the zero bytes
/// that ASCII such as "{" has in it), else "". JSON is UTF-8 (RFC 8259; a UTF-8 byte-order mark is
/// skipped by the parser); in another encoding the parser stops at the first byte with a message
/// that shows a garbage character and names no cause.
std::string other_encoding(const std::string& t) {
  auto starts = [&](const char* bytes, std::size_t n) { return t.size() >= n && t.compare(0, n, bytes, n) == 0; };
  if (starts("\x00\x00\xFE\xFF", 4) || starts("\xFF\xFE\x00\x00", 4)) return "UTF-32";
  if (t.size() >= 4 && ((t[0] != 0 && t[1] == 0 && t[2] == 0 && t[3] == 0) || (t[0] == 0 && t[1] == 0 && t[2] == 0 && t[3] != 0)))
    return "UTF-32";
  if (starts("\xFF\xFE", 2) || starts("\xFE\xFF", 2)) return "UTF-16";
  if (t.size() >= 2 && ((t[0] != 0 && t[1] == 0) || (t[0] == 0 && t[1] != 0))) return "UTF-16";
  return "";
}

InputError encoding_error(const std::string& encoding) {
  return InputError("", "the text is " + encoding + " (as Windows Notepad saves \"Unicode\"), not UTF-8: JSON must be UTF-8; save it as UTF-8");
}

/// Parses `input` (a string or a stream); `text_of` gives the text back for messages that need a
/// position the parser does not report (depth, number overflow): for a file it is read again,
/// only then.
template <class Input>
Json parse_from(Input&& input, const std::function<std::string()>& text_of) {
  Builder builder;
  try {
    if (Json::sax_parse(std::forward<Input>(input), &builder)) return std::move(builder.result);
  } catch (const nlohmann::json::exception& e) {  // not expected: the builder is told every error
    throw InputError("", "malformed JSON: " + strip_prefix(e.what()));
  }
  if (const auto& f = builder.failure()) {
    // A stream in UTF-16 or UTF-32 (a problem file) stops the parser within its first bytes; only
    // then is the text read again to name the encoding, as parse_json does for a string.
    if (f->kind == Builder::Failure::Kind::syntax && f->end <= 4)
      if (const std::string encoding = other_encoding(text_of()); !encoding.empty()) throw encoding_error(encoding);
    throw failure_error(*f, text_of);
  }
  throw InputError("", "malformed JSON");
}

}  // namespace

Json parse_json(const std::string& text) {
  if (const std::string encoding = other_encoding(text); !encoding.empty())
    throw encoding_error(encoding);
  return parse_from(text, [&] { return text; });
}

Json parse_json_stream(std::istream& in, const std::function<std::string()>& text_of) {
  return parse_from(in, text_of);
}

std::string located(const InputError& e) { return (e.pointer().empty() ? "\"\"" : e.pointer()) + ": " + e.what(); }

std::string pointer_escape(const std::string& key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

std::string describe(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null: return "null";
    case Json::value_t::boolean: return value.get<bool>() ? "true" : "false";
    case Json::value_t::string: {
      std::string s = value.get<std::string>();
      if (s.size() > 40) s = s.substr(0, 37) + "...";
      return "\"" + s + "\"";
    }
    case Json::value_t::array: return "an array of " + std::to_string(value.size());
    case Json::value_t::object: return "an object";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float: return value.dump();
    default: return "an unsupported value";
  }
}

void Reader::fail(const std::string& what) const { throw InputError(pointer_, what); }

Reader Reader::at(const std::string& key) const {
  if (!value_->is_object()) fail("expected an object, got " + describe(*value_));
  auto it = value_->find(key);
  if (it == value_->end()) {
    throw InputError(pointer_ + "/" + pointer_escape(key), "missing required key \"" + key + "\"");
  }
  return Reader(*it, pointer_ + "/" + pointer_escape(key));
}

std::optional<Reader> Reader::find(const std::string& key) const {
  if (!value_->is_object()) fail("expected an object, got " + describe(*value_));
  auto it = value_->find(key);
  if (it == value_->end() || it->is_null()) return std::nullopt;
  return Reader(*it, pointer_ + "/" + pointer_escape(key));
}

Reader Reader::at(std::size_t index) const {
  if (!value_->is_array()) fail("expected an array, got " + describe(*value_));
  if (index >= value_->size()) fail("expected at least " + std::to_string(index + 1) + " elements");
  return Reader((*value_)[index], pointer_ + "/" + std::to_string(index));
}

std::size_t Reader::array_size(bool allow_empty) const {
  if (!value_->is_array()) fail("expected an array, got " + describe(*value_));
  if (!allow_empty && value_->empty()) fail("expected a nonempty array, got []");
  return value_->size();
}

double Reader::number() const {
  if (!value_->is_number()) {
    if (value_->is_string()) {
      std::string s = value_->get<std::string>();
      if (s == "inf" || s == "-inf" || s == "nan" || s == "NaN")
        fail("expected a finite number, got " + describe(*value_));
    }
    fail("expected a number, got " + describe(*value_));
  }
  double x = value_->get<double>();
  if (!std::isfinite(x)) fail("expected a finite number, got " + value_->dump());
  return x;
}

double Reader::positive() const {
  double x = number();
  if (!(x > 0)) fail("expected a number > 0, got " + value_->dump());
  return x;
}

std::int64_t Reader::integer(std::int64_t min, std::int64_t max) const {
  const Json& j = *value_;
  bool in_range = false;
  std::int64_t v = 0;
  if (j.is_number_unsigned()) {  // (before is_number_integer, which is true for unsigned too)
    const std::uint64_t u = j.get<std::uint64_t>();
    in_range = u <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) && static_cast<std::int64_t>(u) >= min &&
               static_cast<std::int64_t>(u) <= max;
    v = in_range ? static_cast<std::int64_t>(u) : 0;
  } else if (j.is_number_integer()) {
    v = j.get<std::int64_t>();
    in_range = v >= min && v <= max;
  } else if (j.is_number_float()) {
    const double x = j.get<double>();
    // Integers written as floats (7.0) are exact below 2⁵³; beyond, "7e20" is no integer we read.
    in_range = std::isfinite(x) && std::floor(x) == x && std::fabs(x) < 9.0e15 && x >= static_cast<double>(min) &&
               x <= static_cast<double>(max);
    v = in_range ? static_cast<std::int64_t>(x) : 0;
  }
  if (!in_range) fail("expected an integer from " + std::to_string(min) + " to " + std::to_string(max) + ", got " + describe(j));
  return v;
}

bool Reader::boolean() const {
  if (!value_->is_boolean()) fail("expected true or false, got " + describe(*value_));
  return value_->get<bool>();
}

std::string Reader::string() const {
  if (!value_->is_string()) fail("expected a string, got " + describe(*value_));
  return value_->get<std::string>();
}

namespace {
/// Element `i` of the array `a` (read through `reader`) as a finite number. The pointer of the
/// element is built only for an error message: a 30000×2000 matrix is read without 60 million
/// pointer strings.
double element_number(const Json& a, std::size_t i, const Reader& reader) {
  const Json& e = a[i];
  if (e.is_number()) {
    const double x = e.get<double>();
    if (std::isfinite(x)) return x;
  }
  return reader.at(i).number();  // throws the usual message
}
}  // namespace

Eigen::VectorXd Reader::vector(std::optional<Eigen::Index> size) const {
  std::size_t n = array_size();
  if (size && static_cast<Eigen::Index>(n) != *size)
    fail("expected a vector of length " + std::to_string(*size) + ", got length " + std::to_string(n));
  Eigen::VectorXd v(static_cast<Eigen::Index>(n));
  for (std::size_t i = 0; i < n; ++i) v(static_cast<Eigen::Index>(i)) = element_number(*value_, i, *this);
  return v;
}

Eigen::MatrixXd Reader::matrix(std::optional<Eigen::Index> rows, std::optional<Eigen::Index> cols) const {
  std::size_t n = array_size();
  if (rows && static_cast<Eigen::Index>(n) != *rows)
    fail("expected a matrix with " + std::to_string(*rows) + " rows, got " + std::to_string(n));
  if (!(*value_)[0].is_array()) at(0).fail("expected a row (an array of numbers), got " + describe((*value_)[0]));
  std::size_t m = at(0).array_size();
  if (cols && static_cast<Eigen::Index>(m) != *cols)
    at(0).fail("expected a row of length " + std::to_string(*cols) + ", got length " + std::to_string(m));
  Eigen::MatrixXd out(static_cast<Eigen::Index>(n), static_cast<Eigen::Index>(m));
  for (std::size_t i = 0; i < n; ++i) {
    Reader row = at(i);
    if (!row.json().is_array()) row.fail("expected a row (an array of numbers), got " + describe(row.json()));
    if (row.json().size() != m)
      row.fail("ragged matrix: expected a row of length " + std::to_string(m) + " like row 0, got length " +
               std::to_string(row.json().size()));
    for (std::size_t j = 0; j < m; ++j)
      out(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j)) = element_number(row.json(), j, row);
  }
  return out;
}

void Reader::only_keys(const std::vector<std::string>& allowed) const {
  if (!value_->is_object()) fail("expected an object, got " + describe(*value_));
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    bool known = false;
    for (const auto& k : allowed) known = known || k == it.key();
    if (!known) {
      std::string list;
      for (const auto& k : allowed) list += (list.empty() ? "" : ", ") + k;
      throw InputError(pointer_ + "/" + pointer_escape(it.key()),
                       "unknown key \"" + it.key() + "\"; expected one of: " + list);
    }
    // Every object that allows a description reads it as a string (README: "may carry a
    // "description" string"); nothing else reads it, so its type is checked here.
    if (it.key() == "description" && !it.value().is_string())
      throw InputError(pointer_ + "/description", "expected a string, got " + describe(it.value()));
  }
}

std::string canonical_dump(const Json& value) { return nlohmann::json::parse(value.dump()).dump(); }  // a sorted map

std::string dump_pretty(const Json& value) { return json_text(value); }  // json_write.cpp: same layout, fast

Json number_json(double x) {
  if (std::isnan(x)) return nullptr;
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  return x == 0 ? 0.0 : x;  // no "-0.0"
}

Json vector_json(const Eigen::VectorXd& v) {
  Json out = Json::array();
  for (Eigen::Index i = 0; i < v.size(); ++i) out.push_back(number_json(v(i)));
  return out;
}

Json matrix_json(const Eigen::MatrixXd& m) {
  Json out = Json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    Json row = Json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(number_json(m(i, j)));
    out.push_back(row);
  }
  return out;
}

}  // namespace hw6
