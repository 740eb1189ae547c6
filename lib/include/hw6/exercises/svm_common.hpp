#pragma once
/// What Exercises 1 and 4 share: reading labelled points, where a point lies relative to the
/// margin, the separating and marginal hyperplanes, and the figure of all that.
#include "hw6/json_io.hpp"
#include "hw6/optim/svm.hpp"
#include "hw6/report.hpp"

#include <Eigen/Dense>

#include <string>
#include <vector>

namespace hw6::svm {

/// Reads "X" (n×d) and "y" (n labels ±1) of an object; `need_both_classes` rejects one-class data.
void read_labeled(const Reader& root, Eigen::MatrixXd& X, Eigen::VectorXd& y, bool need_both_classes);

/// The first index pair (i, j), i < j in lexicographic order, of identical points with opposite
/// labels; empty if none. One pair: a certificate needs one, and all of them could be n²/4.
std::vector<std::pair<Eigen::Index, Eigen::Index>> contradictions(const Eigen::MatrixXd& X, const Eigen::VectorXd& y);

/// {"w", "b", "offset"} of the contract.
Json hyperplane_json(const Eigen::VectorXd& w, double b, double offset);
/// "1.5·x₁ − 2·x₂ + 0.25 = 1", coefficients to `digits` significant digits.
std::string hyperplane_text(const Eigen::VectorXd& w, double b, double offset, int digits = 7);
/// The same hyperplane written about a point c, where its digits are not spent on an offset:
/// "1.5·(x₁ − 1000.5) − 2·(x₂ − 1000.25) + 0.25 = 1" for b_c = b + ⟨w,c⟩.
std::string hyperplane_about_text(const Eigen::VectorXd& w, double b_c, const Eigen::VectorXd& c, double offset, int digits = 7);
/// `label` followed by `equation` (as from hyperplane_text), broken before its top-level " + " and
/// " − " wherever a line would be wider than `width` columns, the continuation lines indented to
/// the first term: at d = 30 the three hyperplanes were 450 columns each.
std::string wrapped_equation(const std::string& label, const std::string& equation, std::size_t width);

/// The perpendicular bisector of the hulls' nearest points (the dual of (2)), scaled to the margin:
/// w = 2(u − v)/‖u − v‖², b = −⟨w, (u + v)/2⟩.
std::pair<Eigen::VectorXd, double> hull_hyperplane(const optim::NearestPoints& h);
/// The hard margin (2) from the hulls' nearest points: that hyperplane with α = 2λ/‖u − v‖², polished
/// on its active set (optim::svm_polish); converged when its KKT residual is at most `accept`. For
/// separable data on which the interior point stalls (a margin of 1e-5 of the spread does it).
optim::SvmSolution hull_solution(const optim::SvmProblem& P, const optim::NearestPoints& h, double accept);

/// The 2-D picture: points by class, support vectors ringed, misclassified points crossed,
/// H0 solid and H1, H2 dashed. Only for d = 2.
/// Why there is no figure of the data (ex1, ex4): it draws points in the plane, and these have d ≠ 2
/// features; `--plots` writes nothing for it, which used to go unsaid.
std::string no_figure_note(Eigen::Index d);

Figure svm_figure(const std::string& file, const std::string& title, const Eigen::MatrixXd& X, const Eigen::VectorXd& y,
                  const Eigen::VectorXd& w, double b, const std::vector<bool>& support, bool draw_margins = true);

}  // namespace hw6::svm

namespace hw6::svm {

/// Where a point lies relative to H0, H1, H2, from its functional margin y_i(⟨w,x_i⟩+b).
/// Strings (the contract's names) only at the JSON edge: position_name().
enum class Position { OutsideMargin, OnMargin, InsideMargin, OnSeparator, Misclassified };

/// The functional margin y_i(⟨w,x_i⟩ + b) of point i: the one definition used by Exercises 1 and 4.
double functional_margin(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w, double b, Eigen::Index i);
/// All n functional margins.
Eigen::VectorXd functional_margins(const Eigen::MatrixXd& X, const Eigen::VectorXd& y, const Eigen::VectorXd& w, double b);

/// The position of a point whose functional margin is `margin`; |margin − 1| ≤ tol counts as on
/// the margin, |margin| ≤ tol as on the separator.
Position classify(double margin, double tol);
/// outside_margin, on_margin, inside_margin, on_separator, misclassified (the contract's names).
const char* position_name(Position p);

/// The support-vector test "α_i > 0": α_i above `rel_tol` times `scale` (the largest multiplier,
/// or C when smaller), so round-off in a zero multiplier does not make a support vector.
bool is_support(double alpha, double scale, double rel_tol);
/// is_support for every entry of α, with the scale min(max α, C) (C = ∞ for the hard margin).
std::vector<bool> support_mask(const Eigen::VectorXd& alpha, double C, double rel_tol);

/// Units. Scaling the data by s maps w → w/s and α → α/s² and leaves b and the margins alone
/// (optim/svm.hpp, "Scale"); every tolerance and every "round-off shown as 0" of Exercises 1 and 4
/// is relative to the quantity's own scale, never to 1, so that no answer, check or printed number
/// depends on the units of the data.

/// The size of the terms a b of the data as given is made of. b = b_c − ⟨w,c⟩ (optim/svm.hpp,
/// "Origin"), c = optim::svm_data_centre(X): b_c balances terms of size 1 + ‖w‖·R about c (R =
/// max‖x_i − c‖), and moving it to the origin adds Σ_j |w_j c_j|, so 1 + ‖w‖·R + Σ_j |w_j c_j|,
/// which bounds |y_i| + Σ_j |w_j x_ij| term by term. Round-off in b, in an end of b's interval or in
/// y_i − ⟨w,x_i⟩ is relative to it. For data about the origin it is 1 + ‖w‖·max‖x_i‖; for moved
/// data it is not ‖w‖·max‖x_i‖, which a constant coordinate at 1e12 (w*_j = 0) makes 1e12 times
/// too large.
double b_scale(const Eigen::MatrixXd& X, const Eigen::VectorXd& w);
/// 1 + ‖w‖·max‖x_i − c‖, c = optim::svm_data_centre(X): what b_c balances about the centre, and
/// what margins vary by.
double centred_b_scale(const Eigen::MatrixXd& X, const Eigen::VectorXd& w);
/// Why offset_digits(X, w) > 0, as a sentence for the text: "Moving b adds the terms w*_j c_j
/// (Σ_j |w*_j c_j| = 717.1), far larger than what the margins vary by (1 + ‖w*‖·max‖x_i − c‖ =
/// 3.65)". True whether or not they cancel in ⟨w*,c⟩ (b* itself need not be large).
std::string offset_terms_text(const Eigen::MatrixXd& X, const Eigen::VectorXd& w);
/// How far a b of the data as given (b*, y_i − ⟨w,x_i⟩, the hyperplanes' constant, b from the
/// hulls) may lie from the b it stands for, when w's entries are stated to rel·w_scale (the floor
/// that prints them as 0, svm::shown) and b_c to rel·(1 + ‖w‖·R): below it b is printed as 0. One
/// bound for every b of a solution, so that the text cannot print b* as a number in one place and
/// as 0 in another. b = b_c − ⟨w,c⟩ is uncertain by
///   rel·(1 + ‖w‖·R)            b_c about the centre (for data about the origin, the whole bound),
///   + Σ_j δ_j·|c_j|            w along c: δ_j = rel·w_scale, or |w_j| for a constant coordinate,
///                              where w*_j = 0 exactly (b absorbs the same w_j c_j in every margin
///                              and ½‖w‖² is least at w_j = 0), so all of w_j is error,
///   + 8ε·(|b_c| + Σ_j |w_j c_j|)  the rounding of b_c − ⟨w,c⟩.
/// Not rel·‖w‖·max‖x_i‖: with a constant coordinate at 1e12, w* = (0.61, 0) and b* = −0.58 (no
/// offset in it at all) that is 61, and b* read 0.
double b_floor(const Eigen::MatrixXd& X, const Eigen::VectorXd& w, double b, double w_scale, double rel);
/// |difference| beyond what rounding can put into the margin y_i(⟨w,x_i⟩ + b) (0 if no more):
/// `difference` is that margin minus what it is compared with.
double margin_excess(const optim::SvmProblem& P, const Eigen::VectorXd& w, double b, Eigen::Index i, double difference);
/// How far (w, b) is from the reference solution `ref` of P, in ref's own units: max of
/// ‖w − ref.w‖∞ / SvmScales::w and the difference of b at the data's centre c, |(b + ⟨w,c⟩) −
/// (ref.b + ⟨ref.w,c⟩)| (beyond rounding) / SvmScales::margin: how far apart the two hyperplanes
/// are where the data are, not at an origin that may lie far from them.
double solution_distance(const optim::SvmProblem& P, const optim::SvmSolution& ref, const Eigen::VectorXd& w, double b);
/// v with |entries| below rel·scale shown as 0 (round-off); scale ≤ 0 means max|v_i|.
Eigen::VectorXd shown(const Eigen::VectorXd& v, double rel, double scale = 0);
/// x with `digits` significant digits, or "0" when |x| < rel·scale.
std::string shown_number(double x, double rel, double scale, int digits = 6);
/// How many more significant digits than for data about the origin b and the coefficients of a
/// hyperplane need, so that the printed numbers still give the margins at the data: for data far
/// from the origin the terms w_j x_ij, and those of b = b_c − ⟨w,c⟩, are mostly offset (b* =
/// −583916.0448 for the homework's points moved by 1e6, whose margins need its 5th decimal). The whole powers of ten in
/// b_scale/(1 + ‖w‖·R) = 1 + Σ_j |w_j c_j|/(1 + ‖w‖·R), the size of the offset's terms over what
/// margins vary by: 0 when the solvers' centre c (optim::svm_data_centre) is 0, for data a few
/// units from the origin (in [1, 5], say), so that their output does not change, and for a constant
/// coordinate far from 0 (w*_j = 0 there: nothing is offset); 5 for the homework's points moved by 1e6.
int offset_digits(const Eigen::MatrixXd& X, const Eigen::VectorXd& w);
/// How many significant digits (6 to 17) show the ends of [lo, hi] apart, with the length to 3
/// digits: an interval of b of length 1.5e-11 near 1 would otherwise read [1, 1].
int interval_digits(double lo, double hi);
/// "[lo, hi]" with interval_digits. Infinite ends as ∞.
std::string interval_text(double lo, double hi);

/// Indices as people count them (from 1): "1, 5, 7", or "none".
std::string points_from_one(const std::vector<Eigen::Index>& indices);

}  // namespace hw6::svm
