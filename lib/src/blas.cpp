// OpenBLAS loaded on first use; see hw6/blas.hpp.
#include "hw6/blas.hpp"

#include <cstdlib>
#include <mutex>

#ifndef HW6_NO_OPENBLAS
#include <dlfcn.h>
#endif

namespace hw6::blas {

namespace {

struct Library {
  Dgemm dgemm = nullptr;
  const char* (*corename)() = nullptr;
  const char* (*config)() = nullptr;
};

const Library& library() {
  static Library lib;
  static std::once_flag once;
  std::call_once(once, [] {
#ifndef HW6_NO_OPENBLAS
    choose_kernels();
    // The runtime package's name for the library (Debian: libopenblas0-pthread, an alternative).
    // Never closed: its threads live until the process ends.
    void* handle = dlopen("libopenblas.so.0", RTLD_NOW | RTLD_LOCAL);
    if (!handle) return;
    lib.dgemm = reinterpret_cast<Dgemm>(dlsym(handle, "cblas_dgemm"));
    lib.corename = reinterpret_cast<const char* (*)()>(dlsym(handle, "openblas_get_corename"));
    lib.config = reinterpret_cast<const char* (*)()>(dlsym(handle, "openblas_get_config"));
#endif
  });
  return lib;
}

}  // namespace

void choose_kernels() {
#ifndef HW6_NO_OPENBLAS
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  static std::once_flag once;
  std::call_once(once, [] {
    if (std::getenv("OPENBLAS_CORETYPE")) return;  // the user's choice
    __builtin_cpu_init();
    // libgcc's feature test includes the operating system's support (XCR0) for the vector state.
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                        __builtin_cpu_supports("avx512vl");
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    if (avx512) setenv("OPENBLAS_CORETYPE", "SkylakeX", 0);
    else if (avx2) setenv("OPENBLAS_CORETYPE", "Haswell", 0);
  });
#endif
#endif
}

Dgemm dgemm() { return library().dgemm; }

std::string core_name() {
  const Library& lib = library();
  return lib.dgemm && lib.corename ? lib.corename() : "";
}

std::string description() {
  const Library& lib = library();
  if (!lib.dgemm) return "";
  if (lib.config) return lib.config();  // e.g. "OpenBLAS 0.3.21 ... SkylakeX MAX_THREADS=64": names the kernels
  return "OpenBLAS (" + core_name() + " kernels)";
}

}  // namespace hw6::blas
