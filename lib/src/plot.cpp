#include "hw6/plot.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <sstream>

namespace hw6::plot {

namespace {

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", v);
  return buf;
}

std::string tick_label(double v, double step) {
  if (std::fabs(v) < step * 1e-9) v = 0;
  char buf[48];
  int decimals = step >= 1 ? 0 : static_cast<int>(std::ceil(-std::log10(step) - 1e-9));
  if (std::fabs(v) >= 1e5 || (v != 0 && std::fabs(v) < 1e-4)) {
    // %.1e tells ticks apart only when the step reaches the value's second digit. Far from 0 (data
    // moved by 1e6: ticks 1000000, 1000002, …) every tick would read 1.0e+06; there the digits the
    // step needs are written, in fixed notation while that is short.
    const int needed = static_cast<int>(std::floor(std::log10(std::fabs(v)))) - static_cast<int>(std::floor(std::log10(step) + 1e-9));
    const bool fixed = needed > 1 && std::fabs(v) >= 1e5 && std::fabs(v) < 1e10 && decimals <= 8 &&
                       std::snprintf(buf, sizeof buf, "%.*f", decimals, v) <= 11;  // fits the 70 pixels left of the plot
    if (needed <= 1)
      std::snprintf(buf, sizeof buf, "%.1e", v);
    else if (!fixed)
      std::snprintf(buf, sizeof buf, "%.*e", std::min(needed, 16), v);
  } else {
    std::snprintf(buf, sizeof buf, "%.*f", std::min(decimals, 8), v);
  }
  return buf;
}

std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else if (c == '&') out += "&amp;";
    else out += c;
  }
  return out;
}

void fit_range(double& lo, double& hi, const std::vector<double>& values) {
  if (lo < hi) return;
  lo = std::numeric_limits<double>::infinity();
  hi = -lo;
  for (double v : values)
    if (std::isfinite(v)) lo = std::min(lo, v), hi = std::max(hi, v);
  if (!(lo <= hi)) lo = 0, hi = 1;
  double pad = (hi - lo) * 0.05;
  if (pad == 0) pad = std::max(1.0, std::fabs(lo)) * 0.1;
  lo -= pad;
  hi += pad;
}

/// One marker of series s at (cx, cy), radius r: in the plot and, at a fixed size, in the legend,
/// so that the legend shows the shape the plot draws (a square for y = −1, a cross for misclassified).
void draw_marker(std::ostream& o, const Series& s, double cx, double cy, double r) {
  switch (s.marker) {
    case Marker::Circle:
      o << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" r=\"" << num(r) << "\" fill=\"" << s.color
        << "\" stroke=\"#222\" stroke-width=\"0.8\"/>\n";
      break;
    case Marker::Ring:
      o << "<circle cx=\"" << num(cx) << "\" cy=\"" << num(cy) << "\" r=\"" << num(r) << "\" fill=\"none\" stroke=\""
        << s.color << "\" stroke-width=\"1.8\"/>\n";
      break;
    case Marker::Square:
      o << "<rect x=\"" << num(cx - r) << "\" y=\"" << num(cy - r) << "\" width=\"" << num(2 * r) << "\" height=\""
        << num(2 * r) << "\" fill=\"" << s.color << "\" stroke=\"#222\" stroke-width=\"0.8\"/>\n";
      break;
    case Marker::Triangle:
      o << "<polygon points=\"" << num(cx) << ',' << num(cy - r * 1.2) << ' ' << num(cx - r * 1.1) << ','
        << num(cy + r * 0.8) << ' ' << num(cx + r * 1.1) << ',' << num(cy + r * 0.8) << "\" fill=\"" << s.color
        << "\" stroke=\"#222\" stroke-width=\"0.8\"/>\n";
      break;
    case Marker::Cross:
      o << "<path d=\"M" << num(cx - r) << ' ' << num(cy - r) << "L" << num(cx + r) << ' ' << num(cy + r) << "M"
        << num(cx - r) << ' ' << num(cy + r) << "L" << num(cx + r) << ' ' << num(cy - r) << "\" stroke=\"" << s.color
        << "\" stroke-width=\"2\"/>\n";
      break;
    case Marker::None: break;
  }
}

}  // namespace

std::vector<double> nice_ticks(double lo, double hi, int target_count) {
  std::vector<double> ticks;
  if (!(hi > lo) || !std::isfinite(lo) || !std::isfinite(hi)) return ticks;
  double raw = (hi - lo) / std::max(1, target_count);
  double mag = std::pow(10.0, std::floor(std::log10(raw)));
  double step = mag;
  for (double m : {1.0, 2.0, 5.0, 10.0})
    if (m * mag >= raw) {
      step = m * mag;
      break;
    }
  // A range below the numbers' own precision (a flat q(μ) = −2 sampled as −2 ± 4e−16) never advances t.
  if (!(lo + step > lo) || !(hi + step > hi)) return ticks;
  for (double t = std::ceil(lo / step) * step; t <= hi + step * 1e-9 && ticks.size() < 1000; t += step) ticks.push_back(t);
  return ticks;
}

std::string render_svg(const Plot& p) {
  std::size_t longest_label = 0;
  for (const auto& s : p.series) longest_label = std::max(longest_label, s.label.size());
  const double legend_w = 40 + 7.0 * static_cast<double>(longest_label);
  const double right = p.legend_outside ? legend_w + 24 : 20, top = p.title.empty() ? 20 : 40, bottom = 55;
  const double W = p.width, H = p.height, ph = H - top - bottom;
  double left = 70, pw = W - left - right;

  std::vector<double> xs, ys;
  for (const auto& s : p.series) {
    for (double x : s.x) xs.push_back(p.log_x ? (x > 0 ? std::log10(x) : std::nan("")) : x);
    for (double y : s.y) ys.push_back(p.log_y ? (y > 0 ? std::log10(y) : std::nan("")) : y);
  }
  double x0 = 0, x1 = 0, y0 = 0, y1 = 0;
  auto fit = [&] {
    pw = W - left - right;
    x0 = p.xmin, x1 = p.xmax, y0 = p.ymin, y1 = p.ymax;
    if (p.log_y && y0 < y1) y0 = std::log10(y0), y1 = std::log10(y1);
    if (p.log_x && x0 < x1) x0 = std::log10(x0), x1 = std::log10(x1);
    fit_range(x0, x1, xs);
    fit_range(y0, y1, ys);
    if (p.equal_aspect) {  // widen the shorter range so that units match
      const double ux = (x1 - x0) / pw, uy = (y1 - y0) / ph;
      if (ux > uy) {
        const double c = 0.5 * (y0 + y1), half = 0.5 * ux * ph;
        y0 = c - half, y1 = c + half;
      } else {
        const double c = 0.5 * (x0 + x1), half = 0.5 * uy * pw;
        x0 = c - half, x1 = c + half;
      }
    }
  };
  auto y_tick_label = [&](double t, double ystep) { return p.log_y ? tick_label(std::pow(10.0, t), std::pow(10.0, t)) : tick_label(t, ystep); };
  fit();
  // Tick labels of 7 characters or more (1000002, for data far from 0) would run into the axis
  // title in the 70 pixels left of the plot: the margin grows by 7.6 pixels a character (digits at
  // 12 px), and the ranges are fitted again.
  {
    const auto yt = nice_ticks(y0, y1);
    std::size_t longest = 0;
    for (double t : yt) longest = std::max(longest, y_tick_label(t, yt.size() > 1 ? yt[1] - yt[0] : 1).size());
    if (longest >= 7) {
      left = 30 + 7.6 * static_cast<double>(longest);
      fit();
    }
  }
  auto sx = [&](double x) { return left + ((p.log_x ? (x > 0 ? std::log10(x) : x0 - 1) : x) - x0) / (x1 - x0) * pw; };
  auto sy = [&](double y) { return top + (y1 - (p.log_y ? (y > 0 ? std::log10(y) : y0 - 1) : y)) / (y1 - y0) * ph; };

  std::ostringstream o;
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << p.width << "\" height=\"" << p.height
    << "\" viewBox=\"0 0 " << p.width << ' ' << p.height << "\" font-family=\"DejaVu Sans, Arial, sans-serif\" font-size=\"12\">\n";
  o << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  o << "<defs><clipPath id=\"area\"><rect x=\"" << num(left) << "\" y=\"" << num(top) << "\" width=\"" << num(pw)
    << "\" height=\"" << num(ph) << "\"/></clipPath></defs>\n";
  if (!p.title.empty())
    o << "<text x=\"" << num(W / 2) << "\" y=\"24\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">"
      << escape(p.title) << "</text>\n";

  // Grid and ticks.
  auto xt = nice_ticks(x0, x1);
  double xstep = xt.size() > 1 ? xt[1] - xt[0] : 1;
  for (double t : xt) {
    const double gx = left + (t - x0) / (x1 - x0) * pw;
    o << "<line x1=\"" << num(gx) << "\" y1=\"" << num(top) << "\" x2=\"" << num(gx) << "\" y2=\"" << num(top + ph)
      << "\" stroke=\"#e5e5e5\"/>\n";
    const double X = left + (t - x0) / (x1 - x0) * pw;
    o << "<text x=\"" << num(X) << "\" y=\"" << num(top + ph + 16) << "\" text-anchor=\"middle\">"
      << (p.log_x ? tick_label(std::pow(10.0, t), std::pow(10.0, t)) : tick_label(t, xstep)) << "</text>\n";
  }
  auto yt = nice_ticks(y0, y1);
  double ystep = yt.size() > 1 ? yt[1] - yt[0] : 1;
  for (double t : yt) {
    const double y = top + (y1 - t) / (y1 - y0) * ph;
    o << "<line x1=\"" << num(left) << "\" y1=\"" << num(y) << "\" x2=\"" << num(left + pw) << "\" y2=\"" << num(y)
      << "\" stroke=\"#e5e5e5\"/>\n";
    std::string label = y_tick_label(t, ystep);
    o << "<text x=\"" << num(left - 6) << "\" y=\"" << num(y + 4) << "\" text-anchor=\"end\">" << label << "</text>\n";
  }
  o << "<rect x=\"" << num(left) << "\" y=\"" << num(top) << "\" width=\"" << num(pw) << "\" height=\"" << num(ph)
    << "\" fill=\"none\" stroke=\"#333\"/>\n";
  o << "<text x=\"" << num(left + pw / 2) << "\" y=\"" << num(H - 14) << "\" text-anchor=\"middle\">" << escape(p.xlabel)
    << "</text>\n";
  o << "<text transform=\"translate(16," << num(top + ph / 2) << ") rotate(-90)\" text-anchor=\"middle\">"
    << escape(p.ylabel) << "</text>\n";

  // Series.
  o << "<g clip-path=\"url(#area)\">\n";
  for (const auto& s : p.series) {
    if (s.line && s.x.size() >= 2) {
      o << "<polyline fill=\"none\" stroke=\"" << s.color << "\" stroke-width=\"" << num(s.line_width) << "\""
        << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << " points=\"";
      for (std::size_t i = 0; i < s.x.size() && i < s.y.size(); ++i) o << num(sx(s.x[i])) << ',' << num(sy(s.y[i])) << ' ';
      o << "\"/>\n";
    }
    for (std::size_t i = 0; i < s.x.size() && i < s.y.size() && s.marker != Marker::None; ++i) {
      const double cx = sx(s.x[i]), cy = sy(s.y[i]), r = s.marker_size;
      draw_marker(o, s, cx, cy, r);
    }
  }
  o << "</g>\n";

  // Legend, top right inside the plotting area.
  std::vector<const Series*> shown;
  for (const auto& s : p.series)
    if (!s.label.empty()) shown.push_back(&s);
  if (!shown.empty()) {
    std::size_t longest = 0;
    for (auto* s : shown) longest = std::max(longest, s->label.size());
    const double lw = 40 + 7.0 * static_cast<double>(longest), lh = 8 + 18.0 * static_cast<double>(shown.size());
    // The corner whose box covers the fewest data points (line vertices count too).
    double lx = left + pw - lw - 8, ly = top + 8;
    std::size_t fewest = static_cast<std::size_t>(-1);
    for (int corner = 0; corner < 4; ++corner) {
      const double cx = corner % 2 == 0 ? left + pw - lw - 8 : left + 8;
      const double cy = corner < 2 ? top + 8 : top + ph - lh - 8;
      std::size_t covered = 0;
      for (const auto& ser : p.series)
        for (std::size_t i = 0; i < ser.x.size() && i < ser.y.size(); ++i) {
          const double X = sx(ser.x[i]), Y = sy(ser.y[i]);
          covered += (X >= cx - 6 && X <= cx + lw + 6 && Y >= cy - 6 && Y <= cy + lh + 6) ? 1 : 0;
        }
      if (covered < fewest) fewest = covered, lx = cx, ly = cy;
    }
    if (p.legend_outside) lx = left + pw + 14, ly = top;
    o << "<rect x=\"" << num(lx) << "\" y=\"" << num(ly) << "\" width=\"" << num(lw) << "\" height=\"" << num(lh)
      << "\" fill=\"white\" fill-opacity=\"0.9\" stroke=\"#999\"/>\n";
    for (std::size_t i = 0; i < shown.size(); ++i) {
      const Series& s = *shown[i];
      const double y = ly + 16 + 18.0 * static_cast<double>(i);
      if (s.line)
        o << "<line x1=\"" << num(lx + 6) << "\" y1=\"" << num(y - 4) << "\" x2=\"" << num(lx + 28) << "\" y2=\"" << num(y - 4)
          << "\" stroke=\"" << s.color << "\" stroke-width=\"" << num(s.line_width) << "\""
          << (s.dashed ? " stroke-dasharray=\"6 4\"" : "") << "/>\n";
      if (s.marker != Marker::None) draw_marker(o, s, lx + 17, y - 4, 4);
      o << "<text x=\"" << num(lx + 34) << "\" y=\"" << num(y) << "\">" << escape(s.label) << "</text>\n";
    }
  }
  o << "</svg>\n";
  return o.str();
}

}  // namespace hw6::plot
