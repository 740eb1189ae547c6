#pragma once
/// What Exercises 1 and 4 share: reading labelled points, where a point lies relative to the
/// margin, the separating and marginal hyperplanes, and the figure of all that.
#include "hw6/json_io.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace hw6::svm {

/// Reads "X" (n×d) and "y" (n labels ±1) of an object; `need_both_classes` rejects one-class data.
void read_labeled(const Reader& root, Eigen::MatrixXd& X, Eigen::VectorXd& y, bool need_both_classes);

/// Position of a point from its functional margin y_i(⟨w,x_i⟩+b), the contract's names:
/// outside_margin, on_margin, inside_margin, on_separator, misclassified.
std::string position(double margin, double tol);

/// Index pairs (i, j) of identical points with opposite labels.
std::vector<std::pair<Eigen::Index, Eigen::Index>> contradictions(const Eigen::MatrixXd& X, const Eigen::VectorXd& y);

/// {"w", "b", "offset"} of the contract.
Json hyperplane_json(const Eigen::VectorXd& w, double b, double offset);
/// "1.5·x₁ − 2·x₂ + 0.25 = 1"
std::string hyperplane_text(const Eigen::VectorXd& w, double b, double offset);

/// The 2-D picture: points by class, support vectors ringed, misclassified points crossed,
/// H0 solid and H1, H2 dashed. Only for d = 2.
Figure svm_figure(const std::string& file, const std::string& title, const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                  const Eigen::VectorXd& w, double b, const std::vector<bool>& support, bool draw_margins = true);

}  // namespace hw6::svm
