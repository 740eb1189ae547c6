// Benchmark data in LIBSVM format, with hw6 problem files naming it (contract: "Data files") and,
// for comparison, the same problem with the numbers inline in JSON.
//   make_data svm DIR n d C        overlapping Gaussian classes -> DIR/svm.libsvm, svm_data.json, svm.json
//   make_data logreg DIR m p r     20 informative features of p -> DIR/logreg.libsvm, logreg_data.json,
//                                  logreg.json, at λ = r·λ_max; prints LIBLINEAR's C = 1/(mλ)
// Prints nothing else; deterministic (fixed seeds). No hw6 code: the files are what a user would have.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

struct Data {
  int n = 0, d = 0;
  std::vector<double> X;  // row-major
  std::vector<int> y;
};

void write(const Data& D, const std::string& dir, const std::string& name, const std::string& labels_key, const std::string& extra) {
  std::FILE* ls = std::fopen((dir + "/" + name + ".libsvm").c_str(), "w");
  std::FILE* js = std::fopen((dir + "/" + name + ".json").c_str(), "w");
  std::FILE* jd = std::fopen((dir + "/" + name + "_data.json").c_str(), "w");
  if (!ls || !js || !jd) std::exit(2);
  std::fprintf(js, "{\"description\": \"benchmark data\", %s, \"X\": [", extra.c_str());
  for (int i = 0; i < D.n; ++i) {
    std::fprintf(ls, "%s", D.y[static_cast<std::size_t>(i)] > 0 ? "+1" : "-1");
    std::fprintf(js, i ? ",\n[" : "[");
    for (int j = 0; j < D.d; ++j) {
      const double v = D.X[static_cast<std::size_t>(i) * static_cast<std::size_t>(D.d) + static_cast<std::size_t>(j)];
      std::fprintf(ls, " %d:%.8g", j + 1, v);
      std::fprintf(js, j ? ", %.8g" : "%.8g", v);
    }
    std::fprintf(ls, "\n");
    std::fprintf(js, "]");
  }
  std::fprintf(js, "], \"%s\": [", labels_key.c_str());
  for (int i = 0; i < D.n; ++i) std::fprintf(js, i ? ", %d" : "%d", D.y[static_cast<std::size_t>(i)]);
  std::fprintf(js, "]}\n");
  std::fprintf(jd, "{\"description\": \"benchmark data\", %s, \"data\": {\"path\": \"%s.libsvm\", \"format\": \"libsvm\"}}\n", extra.c_str(),
               name.c_str());
  std::fclose(ls);
  std::fclose(js);
  std::fclose(jd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 6) {
    std::fprintf(stderr, "usage: make_data svm DIR n d C | make_data logreg DIR m p lambda_ratio\n");
    return 2;
  }
  const std::string kind = argv[1], dir = argv[2];
  Data D;
  D.n = std::atoi(argv[3]);
  D.d = std::atoi(argv[4]);
  const double param = std::atof(argv[5]);
  D.X.resize(static_cast<std::size_t>(D.n) * static_cast<std::size_t>(D.d));
  D.y.resize(static_cast<std::size_t>(D.n));
  std::normal_distribution<double> normal(0, 1);
  if (kind == "svm") {
    std::mt19937 rng(42);
    for (int i = 0; i < D.n; ++i) {
      const int y = i % 2 ? 1 : -1;
      D.y[static_cast<std::size_t>(i)] = y;
      for (int j = 0; j < D.d; ++j)
        D.X[static_cast<std::size_t>(i) * static_cast<std::size_t>(D.d) + static_cast<std::size_t>(j)] = normal(rng) + (j < 2 ? 0.5 * y : 0.0);
    }
    char extra[64];
    std::snprintf(extra, sizeof extra, "\"C\": %.17g", param);
    write(D, dir, "svm", "y", extra);
    return 0;
  }
  std::mt19937 rng(3);
  for (int i = 0; i < D.n; ++i) {
    double s = 0;
    for (int j = 0; j < D.d; ++j) {
      const double v = std::round(normal(rng) * 1e6) / 1e6;  // what "%.8g" writes, so both sides see the same data
      D.X[static_cast<std::size_t>(i) * static_cast<std::size_t>(D.d) + static_cast<std::size_t>(j)] = v;
      if (j < 20) s += (j % 2 ? -1.0 : 1.0) * v / 4;
    }
    D.y[static_cast<std::size_t>(i)] = s + normal(rng) > 0 ? 1 : -1;
  }
  // λ_max of problem (4) (unpenalized intercept): ‖X̄ᵀθ₀‖_∞/m with θ₀_i = m₋/m (b_i = 1), m₊/m (b_i = −1).
  const double m = D.n;
  const double mp = double(std::count(D.y.begin(), D.y.end(), 1)), mn = m - mp;
  std::vector<double> corr(static_cast<std::size_t>(D.d), 0.0);
  for (int i = 0; i < D.n; ++i) {
    const int b = D.y[static_cast<std::size_t>(i)];
    const double theta = b > 0 ? mn / m : mp / m;
    for (int j = 0; j < D.d; ++j)
      corr[static_cast<std::size_t>(j)] += theta * b * D.X[static_cast<std::size_t>(i) * static_cast<std::size_t>(D.d) + static_cast<std::size_t>(j)];
  }
  double lmax = 0;
  for (double c : corr) lmax = std::max(lmax, std::fabs(c) / m);
  char extra[64];
  std::snprintf(extra, sizeof extra, "\"lambda_ratio\": %.17g", param);
  write(D, dir, "logreg", "b", extra);
  std::printf("%.17g\n", 1 / (m * param * lmax));  // LIBLINEAR's C for the same λ
  return 0;
}
