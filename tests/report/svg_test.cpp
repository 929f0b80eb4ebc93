// Plotting primitives: scales, ticks, escaping.
#include <gtest/gtest.h>

#include "ecopt/report/svg.hpp"

namespace ecopt::report::svg {
namespace {

TEST(Svg, EscapesMarkupAndKeepsTooltipLines) {
  EXPECT_EQ(escape("a<b & \"c\" 'd'>\nx"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;&gt;&#10;x");
  Canvas canvas(100, 50, "t <1>");
  canvas.circle({1, 2}, 3, Style{"red", "none", 1, 1, ""}, "trial 1\nlr = 0.1");
  const std::string svg = canvas.str();
  EXPECT_NE(svg.find("aria-label=\"t &lt;1&gt;\""), std::string::npos);
  EXPECT_NE(svg.find("data-tip=\"trial 1&#10;lr = 0.1\""), std::string::npos);
}

TEST(Svg, LinearAndLogScales) {
  const Scale linear{0.0, 10.0, 100.0, 200.0, false};
  EXPECT_DOUBLE_EQ(linear(0.0), 100.0);
  EXPECT_DOUBLE_EQ(linear(5.0), 150.0);
  EXPECT_EQ(linear.ticks(5), (std::vector<double>{0, 2, 4, 6, 8, 10}));
  const Scale log{1e-4, 1e-1, 0.0, 300.0, true};
  EXPECT_NEAR(log(1e-3), 100.0, 1e-9);
  EXPECT_EQ(log.ticks().size(), 4u);  // 1e-4 1e-3 1e-2 1e-1
}

TEST(Svg, FitScaleDropsLogForNonPositiveValuesAndWidensConstants) {
  const std::vector<double> mixed{-1.0, 2.0};
  EXPECT_FALSE(fit_scale(mixed, 0, 1, true).log);
  const std::vector<double> positive{0.001, 1.0};
  const Scale s = fit_scale(positive, 0, 1, true, 0.0);
  EXPECT_TRUE(s.log);
  EXPECT_NEAR(s.domain_min, 0.001, 1e-15);
  const std::vector<double> constant{3.0, 3.0};
  const Scale c = fit_scale(constant, 0, 1, false);
  EXPECT_LT(c.domain_min, 3.0);
  EXPECT_GT(c.domain_max, 3.0);
  EXPECT_EQ(tick_label(0.00012), "0.00012");
  EXPECT_EQ(tick_label(2.5e-6), "2.5e-06");
}

}  // namespace
}  // namespace ecopt::report::svg
