#pragma once
// The report's formatting (ecopt/report/format.hpp), under the names its writers use.

#include "ecopt/report/format.hpp"

namespace ecopt::report::detail {

using report::first_line;
using report::format_carbon;
using report::format_count;
using report::format_count_range;
using report::format_energy;
using report::format_number;
using report::format_ratio;
using report::format_utc;
using report::format_with_uncertainty;
using report::last_line;

}  // namespace ecopt::report::detail
