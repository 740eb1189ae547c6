// Soft-margin SVM benchmark data and timing. Writes overlapping Gaussian classes (n points in d
// dimensions) as an hw6 problem (DIR/svm.json) and in libsvm's format (DIR/svm.libsvm), then times
// hw6's solver for p = 1 (interior point) and p = 2 (Newton) and prints objective values.
// Usage: bench_svm DIR [n d C]
#include "hw6/optim/svm.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <random>
#include <string>

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_svm DIR [n d C]\n");
    return 2;
  }
  const std::string dir = argv[1];
  const int n = argc > 2 ? std::atoi(argv[2]) : 20000, d = argc > 3 ? std::atoi(argv[3]) : 20;
  const double C = argc > 4 ? std::atof(argv[4]) : 1.0;
  std::mt19937 rng(42);
  std::normal_distribution<double> normal(0, 1);
  hw6::optim::SvmProblem P;
  P.X.resize(n, d);
  P.y.resize(n);
  for (int i = 0; i < n; ++i) {
    P.y(i) = i % 2 ? 1.0 : -1.0;
    for (int j = 0; j < d; ++j) P.X(i, j) = normal(rng) + (j < 2 ? 0.5 * P.y(i) : 0.0);  // classes overlap
  }
  P.C = C;
  std::ofstream js(dir + "/svm.json"), ls(dir + "/svm.libsvm");
  js.precision(17);
  ls.precision(17);
  js << "{\"description\": \"benchmark: overlapping Gaussian classes\", \"C\": " << C << ", \"X\": [";
  for (int i = 0; i < n; ++i) {
    js << (i ? ",\n[" : "[");
    ls << (P.y(i) > 0 ? "+1" : "-1");
    for (int j = 0; j < d; ++j) {
      js << (j ? ", " : "") << P.X(i, j);
      ls << ' ' << j + 1 << ':' << P.X(i, j);
    }
    js << "]";
    ls << '\n';
  }
  js << "], \"y\": [";
  for (int i = 0; i < n; ++i) js << (i ? ", " : "") << P.y(i);
  js << "]}\n";
  for (double p : {1.0, 2.0}) {
    P.p = p;
    auto start = std::chrono::steady_clock::now();
    hw6::optim::SvmSolution s = p == 1 ? hw6::optim::svm_interior_point(P) : hw6::optim::svm_primal_newton(P);
    const double t = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    std::printf("hw6 solver, p = %g (%s): %.3f s, %d iterations, primal %.10g, dual %.10g, KKT residual %.1e\n", p, s.method.c_str(), t,
                s.iterations, s.primal, s.dual, s.kkt_residual);
  }
  return 0;
}
