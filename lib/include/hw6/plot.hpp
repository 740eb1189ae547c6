#pragma once
/// SVG figures: a 2-D plot with axes, ticks, grid, legend; line and marker series and
/// straight lines clipped to the plotting area. No printing, no files: returns SVG text.
#include <string>
#include <vector>

namespace hw6::plot {

enum class Marker { None, Circle, Square, Triangle, Cross, Ring };

struct Series {
  std::string label;  ///< legend text; empty = not in the legend
  std::vector<double> x, y;
  std::string color = "#1f77b4";
  bool line = true;
  bool dashed = false;
  Marker marker = Marker::None;
  double marker_size = 4;
  double line_width = 2;
};

struct Plot {
  std::string title, xlabel, ylabel;
  std::vector<Series> series;
  /// Fixed axis ranges; when lo >= hi the range is fitted to the data with a margin.
  double xmin = 0, xmax = 0, ymin = 0, ymax = 0;
  bool log_y = false;
  bool log_x = false;
  bool equal_aspect = false;
  bool legend_outside = false;  ///< legend right of the plotting area (scatter plots: hides no point)  ///< one unit is as long on both axes (geometry: margins, distances)
  int width = 640, height = 420;
};

/// "Nice" tick positions (steps of 1, 2 or 5 × 10^k) covering [lo, hi].
std::vector<double> nice_ticks(double lo, double hi, int target_count = 6);

std::string render_svg(const Plot& plot);

}  // namespace hw6::plot
