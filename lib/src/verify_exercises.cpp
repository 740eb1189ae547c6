// The computations behind `hw6 verify`: each exercise's output, plus variants that turn a wrong
// answer into a diagnosis ("matches the count with biases").
#include "hw6/problems.hpp"
#include "hw6/registry.hpp"
#include "hw6/verify.hpp"

namespace hw6::verify {

namespace {
Json run_document(const Exercise& ex, const Json& problem) { return ex.run(problem, RunContext{}).to_json(); }
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
  c.document = run_document(*ex, p);
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
    try {
      Json q = p;
      const bool valid = q.contains("padding") && q["padding"] == "valid";
      q["padding"] = valid ? "same" : "valid";
      if (q.contains("pool_padding")) q.erase("pool_padding");
      c.alternatives.push_back({valid ? "the value with \"same\" padding (this problem has \"valid\")"
                                      : "the value without padding (\"valid\"; this problem pads)",
                                run_document(*ex, q)});
    } catch (const InputError&) {
    }
  }
  return c;
}

}  // namespace hw6::verify
