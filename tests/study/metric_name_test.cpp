#include "ecopt/study/metric_name.hpp"

#include <gtest/gtest.h>

namespace ecopt::study {
namespace {

TEST(MetricName, ParsesKindPhaseAndStatistic) {
  const std::optional<MetricName> name = MetricName::parse("energy.inference.per_sample");
  ASSERT_TRUE(name.has_value());
  EXPECT_EQ(name->kind, MetricKind::energy);
  EXPECT_EQ(name->phase, "inference");
  EXPECT_EQ(name->statistic, MetricStatistic::per_sample);
  EXPECT_TRUE(name->per_sample());
  const std::optional<MetricName> run = MetricName::parse("carbon.total");
  ASSERT_TRUE(run.has_value());
  EXPECT_EQ(run->kind, MetricKind::carbon);
  EXPECT_EQ(run->phase, "");
  EXPECT_FALSE(run->per_sample());
}

TEST(MetricName, FormatsBackToTheSameName) {
  for (const char* text :
       {"energy.inference.per_sample", "energy.train.net_per_sample", "time.total",
        "power.warmup.mean", "carbon.inference.total", "energy.net_total", "time.my-phase.total"}) {
    const std::optional<MetricName> name = MetricName::parse(text);
    ASSERT_TRUE(name.has_value()) << text;
    EXPECT_EQ(name->to_string(), text);
  }
  EXPECT_EQ((MetricName{MetricKind::power, "train", MetricStatistic::mean}.to_string()),
            "power.train.mean");
}

TEST(MetricName, OtherAndMalformedNamesAreNotDerivedMetrics) {
  for (const char* text :
       {"accuracy", "energy", "energy.", ".total", "energy..total", "energy.inference.sum",
        "joules.inference.total", "energy.a.b.total", "energy.in ference.total", "energy_j", ""}) {
    EXPECT_FALSE(MetricName::parse(text).has_value()) << text;
  }
}

}  // namespace
}  // namespace ecopt::study
