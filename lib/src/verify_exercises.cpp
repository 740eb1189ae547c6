// The computations behind `hw6 verify`: each exercise's output, plus variants that turn a wrong
// answer into a diagnosis ("matches the count with biases").
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/render.hpp"
#include "hw6/verify.hpp"

#include <cmath>

namespace hw6::verify {

namespace {
Json run_document(const Exercise& ex, const Json& problem) { return ex.run(problem, RunContext{}).to_json(); }

/// The number at `keys` in `j`, if there is one.
std::optional<double> number_at(const Json& j, std::initializer_list<const char*> keys) {
  const Json* at = &j;
  for (const char* k : keys) {
    if (!at->is_object() || !at->contains(k)) return std::nullopt;
    at = &(*at)[k];
  }
  if (!at->is_number()) return std::nullopt;
  return at->get<double>();
}

/// The length of the array at `keys` in `j`, if there is one.
std::optional<double> size_at(const Json& j, std::initializer_list<const char*> keys) {
  const Json* at = &j;
  for (const char* k : keys) {
    if (!at->is_object() || !at->contains(k)) return std::nullopt;
    at = &(*at)[k];
  }
  if (!at->is_array() || at->empty()) return std::nullopt;
  return static_cast<double>(at->size());
}

std::string count_text(double x) { return std::to_string(static_cast<long long>(std::llround(x))); }

/// A count and its reciprocal: "n = 13", "1/n with n = 13".
void count_and_inverse(std::vector<Factor>& f, std::optional<double> x, const std::string& name, const std::string& what) {
  if (!x || *x < 2) return;
  f.push_back({*x, name + " = " + count_text(*x) + " (" + what + ")"});
  f.push_back({1 / *x, "1/" + name + " with " + name + " = " + count_text(*x) + " (" + what + ")"});
}

/// A parameter and its reciprocal: "C = 10", "1/C".
void value_and_inverse(std::vector<Factor>& f, std::optional<double> x, const std::string& name) {
  if (!x || !(*x > 0) || *x == 1) return;
  f.push_back({*x, name + " = " + format_number(*x)});
  f.push_back({1 / *x, "1/" + name + " with " + name + " = " + format_number(*x)});
}

/// The constants a wrong answer to this problem is plausibly off by (the contract's issue 12, part 5):
/// the number of points or samples (a mean taken or forgotten), C, λ, the batch size, d_k and √d_k,
/// the learning rate. Read from the output where it has them, so data files and random problems count.
std::vector<Factor> likely_factors(const std::string& key, const Json& problem, const Json& doc) {
  std::vector<Factor> f;
  if (key == "ex1") count_and_inverse(f, size_at(problem, {"X"}), "n", "the number of points");
  if (key == "ex3") {
    count_and_inverse(f, number_at(doc, {"m"}), "m", "the number of samples");
    value_and_inverse(f, number_at(doc, {"lambda"}), "λ");
  }
  if (key == "ex4") {
    count_and_inverse(f, size_at(doc, {"points"}), "n", "the number of points");
    value_and_inverse(f, number_at(problem, {"C"}), "C");
  }
  if (key == "ex5") value_and_inverse(f, number_at(problem, {"network", "learning_rate"}), "the learning rate η");
  if (key == "ex6") {
    if (auto bn = doc.find("batchnorm"); bn != doc.end()) count_and_inverse(f, size_at(*bn, {"forward", "y"}), "m", "the batch size");
  }
  if (key == "ex7") {
    if (auto dk = number_at(doc, {"sizes", "d_k"}); dk && *dk >= 2) {
      const std::string d = count_text(*dk);
      f.push_back({std::sqrt(*dk), "√d_k with d_k = " + d});
      f.push_back({1 / std::sqrt(*dk), "1/√d_k with d_k = " + d + ": the scaling of S applied twice, or not at all?"});
      f.push_back({*dk, "d_k = " + d});
      f.push_back({1 / *dk, "1/d_k with d_k = " + d});
    }
    count_and_inverse(f, number_at(doc, {"sizes", "T"}), "T", "the number of tokens");
  }
  return f;
}
}  // namespace

Computed compute_exercise(const std::string& key, const Json* problem) {
  const Exercise* ex = find_exercise(key);
  if (!ex || !ex->run) throw InputError("", key + " cannot be computed in this version of hw6");
  // The embedded problem is used where it lies in the answer file, not copied (a large one
  // would otherwise be held twice).
  Json builtin;
  if (!problem) builtin = parse_json(std::string(builtin_problem_text(ex->key)));
  const Json& p = problem ? *problem : builtin;
  Computed c;
  c.report = ex->run(p, RunContext{});
  c.report.figures.clear();  // feedback needs the steps, not the SVGs
  c.document = c.report.to_json();
  c.builtin = problem == nullptr;
  c.factors = likely_factors(ex->key, p, c.document);
  if (ex->key == "ex5" && c.document.contains("network")) {
    const Json& net = c.document["network"];
    if (net.contains("sigmoid") && net.contains("relu")) {
      Json swapped = c.document;
      swapped["network"]["sigmoid"] = net["relu"];
      swapped["network"]["relu"] = net["sigmoid"];
      c.alternatives.push_back({"the other activation's value (sigmoid ↔ relu)", swapped});
    }
  }
  if (ex->key == "ex6") {
    // A variant that cannot be computed (a layer no longer fits) simply offers no diagnosis.
    try {
      Json q = p;
      const bool bias = q.contains("bias") && q["bias"].is_boolean() && q["bias"].get<bool>();
      q["bias"] = !bias;
      c.alternatives.push_back({bias ? "the value without biases (this problem has biases)" : "the value with biases (this problem has none)",
                                run_document(*ex, q)});
    } catch (const InputError&) {
    }
    // The other padding, exactly as the report's own alternative table chose it (ex6.cpp:
    // alternative_padding): its values are a hint for the main answer, and the main answer's
    // values are the hint under /alternative_padding (there the "other" padding is the problem's own).
    const auto prose = [](const Json& pad) {
      return pad.is_string() ? "\"" + pad.get<std::string>() + "\"" : "P = " + pad.dump();
    };
    const Json own_conv = p.contains("padding") ? p["padding"] : Json("same");
    const Json own_pool = p.contains("pool_padding") ? p["pool_padding"] : own_conv;
    const bool alike = own_conv == own_pool;
    const std::string own = alike ? prose(own_conv) : prose(own_conv) + " for the convolutions, " + prose(own_pool) + " for pooling";
    if (auto alt = c.document.find("alternative_padding"); alt != c.document.end() && alt->contains("padding")) {
      const Json other_conv = (*alt)["padding"];
      const Json other_pool = alike ? other_conv : own_pool;  // only the convolutions' padding flips
      const std::string other = other_conv == other_pool ? prose(other_conv) : prose(other_conv) + " for the convolutions, " + prose(other_pool) + " for pooling";
      try {
        Json q = p;
        q["padding"] = other_conv;
        q["pool_padding"] = other_pool;
        Json doc = run_document(*ex, q);
        doc.erase("alternative_padding");  // its own "other" padding is not this problem's alternative
        c.alternatives.push_back({"the value with the other padding (" + other + "; this problem has " + own + ")", std::move(doc)});
      } catch (const InputError&) {
      }
      if (alt->contains("layers") && c.document.contains("layers")) {
        Json layers = Json::array();
        for (const auto& l : c.document["layers"]) layers.push_back({{"layer", l.value("layer", "")}, {"output", l["output"]}, {"params", l["params"]}});
        Json swapped = {{"alternative_padding", {{"layers", layers}, {"total_params", c.document["total_params"]}}}};
        c.alternatives.push_back({"the value with this problem's own padding (" + own + "), not the alternative table's (" + other + ")", std::move(swapped)});
      }
    }
  }
  return c;
}

}  // namespace hw6::verify
