// Exports: CSV and JSON read back to the stored numbers exactly.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "ecopt/report/export.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/storage/sqlite_storage.hpp"
#include "storage/temp_dir.hpp"
#include "study_fixture.hpp"

namespace ecopt::report {
namespace {

/// RFC 4180: quoted fields may hold commas, doubled quotes and newlines.
std::vector<std::vector<std::string>> parse_csv(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        field += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      row.push_back(field);
      field.clear();
    } else if (c == '\n') {
      row.push_back(field);
      field.clear();
      rows.push_back(row);
      row.clear();
    } else {
      field += c;
    }
  }
  return rows;
}

class ExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    storage_ = storage::open_sqlite_storage(dir_.file("s.db"));
    testing::make_fixture_study(*storage_);
    const auto record = *storage_->find_study("fashion-cnn");
    config_ = record.config;
    trials_ = storage_->trials(record.id);
  }
  ecopt::testing::TempDir dir_;
  std::unique_ptr<storage::Storage> storage_;
  study::StudyConfig config_;
  std::vector<study::Trial> trials_;
};

TEST_F(ExportTest, CsvRoundTripsEveryNumber) {
  const ExportTable table = export_table(config_, trials_);
  const auto rows = parse_csv(export_csv(table));
  ASSERT_EQ(rows.size(), trials_.size() + 1);
  const std::vector<std::string>& header = rows[0];
  EXPECT_EQ(header, table.columns);
  const auto column = [&](const std::string& name) {
    const auto it = std::find(header.begin(), header.end(), name);
    EXPECT_NE(it, header.end()) << name;
    return static_cast<std::size_t>(it - header.begin());
  };
  for (const char* name :
       {"number", "state", "origin", "feasible", "param.width", "param.kernel", "param.lr",
        "param.epochs", "param.batch", "value.accuracy", "value.energy.inference.per_sample",
        "metric.loss", "phase.train.energy_j", "phase.inference.samples",
        "phase.total.net_energy_j", "attr.params", "attr.flops", "error", "finished_unix_s"}) {
    (void)column(name);
  }
  for (std::size_t i = 0; i < trials_.size(); ++i) {
    const study::Trial& t = trials_[i];
    const std::vector<std::string>& row = rows[i + 1];
    ASSERT_EQ(row.size(), header.size());
    EXPECT_EQ(std::stoll(row[column("number")]), t.number);
    EXPECT_EQ(std::strtod(row[column("param.lr")].c_str(), nullptr),
              std::get<double>(t.params.at("lr")));
    EXPECT_EQ(row[column("param.kernel")], space::to_string(t.params.at("kernel")));
    EXPECT_EQ(std::strtod(row[column("phase.inference.energy_j")].c_str(), nullptr),
              find_phase(t, "inference")->total_energy_j());
    EXPECT_EQ(row[column("error")], t.error);
    EXPECT_EQ(row[column("stderr_tail")], t.stderr_tail);  // newlines survive quoting
    if (t.state == study::TrialState::complete) {
      EXPECT_EQ(std::strtod(row[column("value.accuracy")].c_str(), nullptr), t.values[0]);
      EXPECT_EQ(std::strtod(row[column("value.energy.inference.per_sample")].c_str(), nullptr),
                t.values[1]);
      EXPECT_EQ(row[column("attr.params")], t.user_attrs.at("params"));
      EXPECT_EQ(row[column("feasible")], "true");
    } else {
      EXPECT_EQ(row[column("value.accuracy")], "");
      EXPECT_NE(t.stderr_tail.find('\n'), std::string::npos);
    }
  }
}

TEST_F(ExportTest, JsonRoundTripsEveryNumberAndOmitsEmptyCells) {
  const ExportTable table = export_table(config_, trials_);
  const nlohmann::json rows = nlohmann::json::parse(export_json(table));
  ASSERT_EQ(rows.size(), trials_.size());
  for (std::size_t i = 0; i < trials_.size(); ++i) {
    const study::Trial& t = trials_[i];
    const nlohmann::json& row = rows[i];
    EXPECT_EQ(row["number"].get<std::int64_t>(), t.number);
    EXPECT_EQ(row["param.lr"].get<double>(), std::get<double>(t.params.at("lr")));
    EXPECT_EQ(row["param.kernel"].get<std::int64_t>(),
              std::get<std::int64_t>(t.params.at("kernel")));
    EXPECT_EQ(row["param.batch"].get<std::int64_t>(), 64);
    EXPECT_EQ(row["phase.train.duration_s"].get<double>(), find_phase(t, "train")->duration_s);
    EXPECT_EQ(row["phase.train.meter"], "powercap+nvml");
    EXPECT_EQ(row["phase.train.estimated"], false);
    if (t.state == study::TrialState::complete) {
      EXPECT_EQ(row["value.accuracy"].get<double>(), t.values[0]);
      EXPECT_EQ(row["metric.loss"].get<double>(), t.metrics.at("loss"));
      EXPECT_EQ(row["attr.flops"].get<double>(), std::stod(t.user_attrs.at("flops")));
      EXPECT_TRUE(row["attr.params"].is_number_integer());
    } else {
      EXPECT_FALSE(row.contains("value.accuracy"));
      EXPECT_EQ(row["state"], "FAIL");
    }
  }
}

TEST(Export, AnEmptyStudyHasAHeaderOnly) {
  study::StudyConfig config;
  config.objectives = {{"y", study::Goal::minimize, study::OutputTransform::automatic}};
  const ExportTable table = export_table(config, {});
  EXPECT_TRUE(table.rows.empty());
  EXPECT_EQ(export_csv(table),
            "number,state,origin,feasible,value.y,host,worker_id,error,stderr_tail,"
            "created_unix_s,started_unix_s,finished_unix_s\n");
  EXPECT_EQ(export_json(table), "[]\n");
}

}  // namespace
}  // namespace ecopt::report
