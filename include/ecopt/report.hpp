#pragma once
// ecopt's report module: the interpretable frontier. Pure analyses over a study's record
// and trials (frontier, knee and trade-offs, hypervolume progress, GP Sobol importance,
// energy proxies, tuning cost and break-even, measurement), writers for HTML, Markdown and
// JSON, an energy card per model, the comparison of two studies, and flat exports.
// Data flows measure -> store -> optimise -> report: this module reads what storage holds
// and depends on neither the runner nor the CLI.

#include "ecopt/report/card.hpp"
#include "ecopt/report/compare.hpp"
#include "ecopt/report/export.hpp"
#include "ecopt/report/frontier.hpp"
#include "ecopt/report/html_writer.hpp"
#include "ecopt/report/hypervolume_progress.hpp"
#include "ecopt/report/importance.hpp"
#include "ecopt/report/json_writer.hpp"
#include "ecopt/report/markdown_writer.hpp"
#include "ecopt/report/measurement.hpp"
#include "ecopt/report/objective_roles.hpp"
#include "ecopt/report/proxies.hpp"
#include "ecopt/report/statistics.hpp"
#include "ecopt/report/study_report.hpp"
#include "ecopt/report/svg.hpp"
#include "ecopt/report/trial_quantities.hpp"
#include "ecopt/report/tuning_cost.hpp"
