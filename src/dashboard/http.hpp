#pragma once
// cpp-httplib, for the dashboard's files. <resolv.h>, which httplib includes on Linux,
// defines `_res` as a macro, and Eigen (through the report's headers) names parameters
// `_res`: a file that included both failed to compile. httplib's header does not use it.

#include <httplib.h>

#undef _res
