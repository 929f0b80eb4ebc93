#include "ecopt/report/svg.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ecopt::report::svg {
namespace {

std::string number(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", value);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text == "-0" ? "0" : text;
}

std::string style_attributes(const Style& style) {
  std::string out = " fill=\"" + escape(style.fill) + "\" stroke=\"" + escape(style.stroke) + "\"";
  if (style.stroke != "none") out += " stroke-width=\"" + number(style.stroke_width) + "\"";
  if (style.opacity < 1.0) out += " opacity=\"" + number(style.opacity) + "\"";
  if (!style.dash.empty()) out += " stroke-dasharray=\"" + escape(style.dash) + "\"";
  return out;
}

/// 1, 2 or 5 times a power of ten, near `raw`.
double nice_step(double raw) {
  const double power = std::pow(10.0, std::floor(std::log10(raw)));
  const double fraction = raw / power;
  const double nice = fraction < 1.5 ? 1.0 : fraction < 3.5 ? 2.0 : fraction < 7.5 ? 5.0 : 10.0;
  return nice * power;
}

std::vector<double> linear_ticks(double low, double high, int target) {
  std::vector<double> ticks;
  if (!(high > low)) return {low};
  const double step = nice_step((high - low) / std::max(1, target));
  const double first = std::ceil(low / step - 1e-9) * step;
  for (double t = first; t <= high + step * 1e-9; t += step) {
    ticks.push_back(std::fabs(t) < step * 1e-9 ? 0.0 : t);
    if (ticks.size() > 50) break;
  }
  return ticks;
}

}  // namespace

std::string escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      case '\n':
        out += "&#10;";
        break;
      default:
        // Other control characters are not allowed in XML 1.0.
        if (static_cast<unsigned char>(c) < 0x20 && c != '\t') {
          out += ' ';
        } else {
          out += c;
        }
    }
  }
  return out;
}

double Scale::operator()(double value) const {
  double t;
  if (log) {
    const double lo = std::log10(domain_min);
    const double hi = std::log10(domain_max);
    t = hi > lo ? (std::log10(std::max(value, std::numeric_limits<double>::min())) - lo) / (hi - lo)
                : 0.5;
  } else {
    t = domain_max > domain_min ? (value - domain_min) / (domain_max - domain_min) : 0.5;
  }
  return range_min + t * (range_max - range_min);
}

std::vector<double> Scale::ticks(int target) const {
  if (!log) return linear_ticks(domain_min, domain_max, target);
  const double lo = std::log10(domain_min);
  const double hi = std::log10(domain_max);
  if (hi - lo < 1.0) {
    // Less than a decade: ordinary ticks read better.
    return linear_ticks(domain_min, domain_max, target);
  }
  std::vector<double> ticks;
  const int step = std::max(1, static_cast<int>(std::ceil((hi - lo) / 8.0)));
  const bool minor = hi - lo <= 2.5;
  for (int e = static_cast<int>(std::floor(lo)); e <= static_cast<int>(std::ceil(hi)); e += step) {
    for (const double m : minor ? std::vector<double>{1, 2, 5} : std::vector<double>{1}) {
      const double v = m * std::pow(10.0, e);
      if (v >= domain_min * (1 - 1e-12) && v <= domain_max * (1 + 1e-12)) ticks.push_back(v);
    }
  }
  return ticks;
}

Scale fit_scale(std::span<const double> values, double range_min, double range_max, bool log,
                double padding) {
  double low = std::numeric_limits<double>::infinity();
  double high = -low;
  for (const double v : values) {
    if (!std::isfinite(v)) continue;
    low = std::min(low, v);
    high = std::max(high, v);
  }
  Scale s;
  s.range_min = range_min;
  s.range_max = range_max;
  if (!std::isfinite(low)) {
    s.domain_min = 0.0;
    s.domain_max = 1.0;
    return s;
  }
  s.log = log && low > 0.0;
  if (s.log) {
    double lo = std::log10(low);
    double hi = std::log10(high);
    if (hi - lo < 1e-9) {
      lo -= 0.5;
      hi += 0.5;
    }
    const double pad = (hi - lo) * padding;
    s.domain_min = std::pow(10.0, lo - pad);
    s.domain_max = std::pow(10.0, hi + pad);
  } else {
    if (high - low < 1e-12 * std::max(1.0, std::fabs(low))) {
      const double widen = std::max(std::fabs(low) * 0.1, 1e-9);
      low -= widen;
      high += widen;
    }
    const double pad = (high - low) * padding;
    s.domain_min = low - pad;
    s.domain_max = high + pad;
  }
  return s;
}

Canvas::Canvas(double width, double height, std::string title)
    : width_(width), height_(height), title_(std::move(title)) {}

void Canvas::line(Point from, Point to, const Style& style) {
  body_ += "<line x1=\"" + number(from.x) + "\" y1=\"" + number(from.y) + "\" x2=\"" +
           number(to.x) + "\" y2=\"" + number(to.y) + "\"" + style_attributes(style) + "/>";
}

void Canvas::polyline(const std::vector<Point>& points, const Style& style) {
  if (points.empty()) return;
  std::string list;
  for (const Point& p : points) list += (list.empty() ? "" : " ") + number(p.x) + "," + number(p.y);
  body_ += "<polyline points=\"" + list + "\"" + style_attributes(style) + "/>";
}

void Canvas::rect(double x, double y, double width, double height, const Style& style) {
  body_ += "<rect x=\"" + number(x) + "\" y=\"" + number(y) + "\" width=\"" +
           number(std::max(0.0, width)) + "\" height=\"" + number(std::max(0.0, height)) + "\"" +
           style_attributes(style) + "/>";
}

void Canvas::circle(Point centre, double radius, const Style& style, const std::string& tooltip,
                    const std::string& css_class) {
  body_ += "<circle cx=\"" + number(centre.x) + "\" cy=\"" + number(centre.y) + "\" r=\"" +
           number(radius) + "\"" + style_attributes(style);
  if (!css_class.empty()) body_ += " class=\"" + escape(css_class) + "\"";
  if (tooltip.empty()) {
    body_ += "/>";
  } else {
    body_ += " data-tip=\"" + escape(tooltip) + "\" tabindex=\"0\"><title>" + escape(tooltip) +
             "</title></circle>";
  }
}

void Canvas::text(Point at, const std::string& content, const std::string& anchor, double size,
                  double rotate, const std::string& fill) {
  body_ += "<text x=\"" + number(at.x) + "\" y=\"" + number(at.y) + "\" text-anchor=\"" +
           escape(anchor) + "\" font-size=\"" + number(size) + "\" fill=\"" + escape(fill) + "\"";
  if (rotate != 0.0) {
    body_ +=
        " transform=\"rotate(" + number(rotate) + " " + number(at.x) + " " + number(at.y) + ")\"";
  }
  body_ += ">" + escape(content) + "</text>";
}

void Canvas::raw(const std::string& markup) {
  body_ += markup;
}

std::string Canvas::str() const {
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + number(width_) + " " +
         number(height_) + "\" width=\"" + number(width_) + "\" height=\"" + number(height_) +
         "\" role=\"img\" aria-label=\"" + escape(title_) + "\"><title>" + escape(title_) +
         "</title>" + body_ + "</svg>";
}

std::string tick_label(double value) {
  if (value == 0.0) return "0";
  const double magnitude = std::fabs(value);
  char buffer[32];
  if (magnitude >= 1e-3 && magnitude < 1e5) {
    std::snprintf(buffer, sizeof buffer, "%.3g", value);
  } else {
    std::snprintf(buffer, sizeof buffer, "%.2g", value);
  }
  return buffer;
}

void draw_axes(Canvas& canvas, const Axes& axes, const std::string& x_label,
               const std::string& y_label, bool grid) {
  const double left = std::min(axes.x.range_min, axes.x.range_max);
  const double right = std::max(axes.x.range_min, axes.x.range_max);
  const double top = std::min(axes.y.range_min, axes.y.range_max);
  const double bottom = std::max(axes.y.range_min, axes.y.range_max);
  const Style grid_style{"none", "#e3e3e3", 1.0, 1.0, ""};
  const Style tick_style{"none", "#555", 1.0, 1.0, ""};
  const int x_target = std::max(2, static_cast<int>((right - left) / 80.0));
  const int y_target = std::max(2, static_cast<int>((bottom - top) / 50.0));
  if (axes.x_categories.empty()) {
    for (const double t : axes.x.ticks(x_target)) {
      const double x = axes.x(t);
      if (grid) canvas.line({x, top}, {x, bottom}, grid_style);
      canvas.line({x, bottom}, {x, bottom + 4}, tick_style);
      canvas.text({x, bottom + 15}, tick_label(t), "middle", 10);
    }
  } else {
    for (std::size_t i = 0; i < axes.x_categories.size(); ++i) {
      const double x = axes.x(static_cast<double>(i));
      canvas.line({x, bottom}, {x, bottom + 4}, tick_style);
      canvas.text({x, bottom + 15}, axes.x_categories[i], "middle", 10);
    }
  }
  for (const double t : axes.y.ticks(y_target)) {
    const double y = axes.y(t);
    if (grid) canvas.line({left, y}, {right, y}, grid_style);
    canvas.line({left - 4, y}, {left, y}, tick_style);
    canvas.text({left - 6, y + 3.5}, tick_label(t), "end", 10);
  }
  canvas.rect(left, top, right - left, bottom - top, Style{"none", "#888", 1.0, 1.0, ""});
  if (!x_label.empty()) canvas.text({(left + right) / 2, bottom + 32}, x_label, "middle", 11.5);
  if (!y_label.empty()) {
    canvas.text({left - 46, (top + bottom) / 2}, y_label, "middle", 11.5, -90.0);
  }
}

}  // namespace ecopt::report::svg
