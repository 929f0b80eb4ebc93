#pragma once
// The live parts of a study's dashboard page as HTML, every stored name and message
// escaped: running trials, budget, failed trials with their stderr tail.

#include <string>

#include "dashboard/live_view.hpp"

namespace ecopt::dashboard {

/// Running trials, budget and failed trials: three <section>s.
[[nodiscard]] std::string live_html(const LiveView& view);

/// A duration as "42 s", "3 min 20 s", "2 h 05 min".
[[nodiscard]] std::string format_duration(double seconds);

}  // namespace ecopt::dashboard
