#pragma once
// What the tests of bad input compare: the InputError a call throws, as the CLI's error line puts
// it (the JSON Pointer, then the message).
#include "hw6/json_io.hpp"

#include <string>

namespace hw6::testing {

/// "<pointer><separator><message>" of the InputError that `f()` throws; "<none>" when it throws none.
template <class F>
std::string input_error_of(F&& f, const std::string& separator = " ") {
  try {
    f();
  } catch (const InputError& e) {
    return e.pointer() + separator + e.what();
  }
  return "<none>";
}

}  // namespace hw6::testing
