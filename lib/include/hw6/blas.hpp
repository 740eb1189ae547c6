#pragma once
/// OpenBLAS for Exercise 7's large matrix products, loaded at run time on first use.
///
/// Loaded lazily (dlopen) rather than linked: the pthread build of OpenBLAS starts a pool of
/// threads as soon as it is loaded, and those spin (sched_yield) for a while, which took a core
/// from every hw6 command although only ex7 at large T calls a BLAS. Absent OpenBLAS (the
/// runtime package libopenblas0) or with -DHW6_OPENBLAS=OFF, dgemm() is null and callers use
/// Eigen's products.
///
/// Kernels: OpenBLAS picks its kernels from the processor's model number, and the version in
/// Debian 12 (0.3.21) does not know recent ones (e.g. Intel family 6, model 207): it then falls
/// back to its SSE3 "Prescott" kernels, about 5× slower than its AVX-512 ones on the same
/// processor. choose_kernels() sets OPENBLAS_CORETYPE from the processor's features before the
/// library is loaded, unless the user has set it.
#include <string>

namespace hw6::blas {

/// cblas_dgemm's signature (column-major order 102, no-transpose 111, transpose 112; 32-bit
/// integers, as in Debian's libopenblas0).
using Dgemm = void (*)(int order, int trans_a, int trans_b, int m, int n, int k, double alpha, const double* a, int lda,
                       const double* b, int ldb, double beta, double* c, int ldc);
constexpr int kColMajor = 102, kNoTrans = 111, kTrans = 112;

/// If OPENBLAS_CORETYPE is unset, sets it by the processor's features: "SkylakeX" with AVX-512
/// (F, CD, BW, DQ, VL), "Haswell" with AVX2 and FMA, else leaves it to OpenBLAS. Has effect only
/// before the first dgemm(); it calls setenv, so main() calls it before any thread starts (dgemm()
/// calls it too, for programs that do not).
void choose_kernels();

/// The system's cblas_dgemm, loaded on the first call (thread-safe); null without OpenBLAS.
Dgemm dgemm();

/// What was loaded, for tests and benchmarks: OpenBLAS's configuration string, which names its
/// version and kernels ("OpenBLAS 0.3.21 ... SkylakeX ..."), or "" when dgemm() is null. Loads the library.
std::string description();

/// The kernels' name as OpenBLAS reports it ("SkylakeX"), or "" when dgemm() is null. Loads the library.
std::string core_name();

}  // namespace hw6::blas
