#pragma once
// What each URL answers (docs/dashboard.md): GET /, /study/NAME, /study/NAME/update;
// anything else is 404, any method but GET and HEAD 405, a request naming another host
// 421. Every answer carries a
// Content-Security-Policy that lets the page load nothing from elsewhere.

#include "dashboard/http.hpp"

#include "dashboard/host_check.hpp"
#include "dashboard/study_cache.hpp"

namespace ecopt::dashboard {

/// Requests whose Host header `hosts` does not allow get 421 (DNS rebinding).
void add_routes(httplib::Server& server, StudyCache& cache, HostPolicy hosts);

}  // namespace ecopt::dashboard
