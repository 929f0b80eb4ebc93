#pragma once
// Plotting primitives for the report: scales with readable ticks, and an SVG canvas that
// escapes everything it is given. Plain strings out, no dependencies, so a plot is a
// function from numbers to text that a test can read.

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace ecopt::report::svg {

/// Escapes &, <, >, " and ' for XML text and attribute values; newlines in attributes
/// become &#10; so a tooltip keeps its lines.
[[nodiscard]] std::string escape(std::string_view text);

/// Maps data values to pixels, linearly or in log10.
struct Scale {
  double domain_min = 0.0;
  double domain_max = 1.0;
  double range_min = 0.0;  ///< pixel of domain_min (for a y axis, the bottom)
  double range_max = 1.0;
  bool log = false;  ///< requires domain_min > 0

  [[nodiscard]] double operator()(double value) const;
  /// Round values inside the domain: 1-2-5 steps for linear scales, powers of ten (and
  /// 2 and 5 times them when there are few decades) for log scales.
  [[nodiscard]] std::vector<double> ticks(int target = 5) const;
};

/// A scale covering `values` (non-finite ones ignored) with `padding` of the range on each
/// side (in log space for log scales). Log is dropped when a value is <= 0. A constant
/// set is widened so it still spans a range.
[[nodiscard]] Scale fit_scale(std::span<const double> values, double range_min, double range_max,
                              bool log, double padding = 0.05);

struct Point {
  double x = 0.0;
  double y = 0.0;
};

struct Style {
  std::string fill = "none";
  std::string stroke = "none";
  double stroke_width = 1.0;
  double opacity = 1.0;
  std::string dash;  ///< stroke-dasharray, e.g. "4 3"
};

class Canvas {
 public:
  /// `title` becomes the SVG's <title> (read by screen readers).
  Canvas(double width, double height, std::string title);

  [[nodiscard]] double width() const { return width_; }
  [[nodiscard]] double height() const { return height_; }

  void line(Point from, Point to, const Style& style);
  void polyline(const std::vector<Point>& points, const Style& style);
  void rect(double x, double y, double width, double height, const Style& style);
  /// A marker; `tooltip` (plain text, may hold newlines) becomes data-tip and a <title>.
  void circle(Point centre, double radius, const Style& style, const std::string& tooltip = {},
              const std::string& css_class = {});
  /// anchor: start | middle | end. `rotate` in degrees about the anchor point.
  void text(Point at, const std::string& content, const std::string& anchor = "start",
            double size = 11.0, double rotate = 0.0, const std::string& fill = "#222");
  /// Raw, already valid SVG markup.
  void raw(const std::string& markup);

  [[nodiscard]] std::string str() const;

 private:
  double width_;
  double height_;
  std::string title_;
  std::string body_;
};

/// The plotting area inside a canvas and its scales.
struct Axes {
  Scale x;
  Scale y;
  /// When set, the x ticks are 0, 1, ... n-1, labelled with these (categorical values).
  std::vector<std::string> x_categories;
};

/// Frame, ticks with labels and grid lines, and the axis titles.
void draw_axes(Canvas& canvas, const Axes& axes, const std::string& x_label,
               const std::string& y_label, bool grid = true);

/// A tick label: at most 3 significant digits, exponent form outside [1e-3, 1e5).
[[nodiscard]] std::string tick_label(double value);

}  // namespace ecopt::report::svg
