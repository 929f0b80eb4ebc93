#include "dashboard/routes.hpp"

#include <chrono>
#include <cstdlib>

#include "dashboard/pages.hpp"

namespace ecopt::dashboard {
namespace {

/// How long a first request for a study waits for its first read of the storage.
constexpr double kFirstReadWaitS = 5.0;

// A study name is one safe path component (letters, digits, '-', '_', '.'), as study
// files and stored definitions are checked; anything else is not a study's URL.
constexpr const char* kStudy = R"(/study/([A-Za-z0-9._-]{1,200}))";

double now_unix_s() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

void html(httplib::Response& res, int status, const std::string& body) {
  res.status = status;
  res.set_content(body, "text/html; charset=utf-8");
}

void not_found(httplib::Response& res, const std::string& what) {
  html(res, 404, message_page("Not found", what));
}

std::uint64_t version_param(const httplib::Request& req, const char* name) {
  if (!req.has_param(name)) return 0;
  return std::strtoull(req.get_param_value(name).c_str(), nullptr, 10);
}

/// The study's page, or why there is none (404 unknown study, 503 no storage yet).
std::shared_ptr<const StudyPage> find_page(StudyCache& cache, const std::string& name,
                                           httplib::Response& res) {
  if (!cache.allowed(name)) {
    not_found(res, "This dashboard shows one study only; there is no study " + name + " here.");
    return nullptr;
  }
  auto page = cache.page(name, kFirstReadWaitS);
  if (page) return page;
  const auto snapshot = cache.snapshot();
  if (!snapshot->storage.error.empty() || !snapshot->listed) {
    html(res, 503,
         message_page("Storage unreachable",
                      "The storage could not be read yet: " +
                          (snapshot->storage.error.empty() ? std::string("no answer")
                                                           : snapshot->storage.error) +
                          ". The dashboard keeps trying; reload in a moment."));
  } else {
    not_found(res, "No study named " + name + " in " + snapshot->storage.url + ".");
  }
  return nullptr;
}

void security_headers(httplib::Server& server) {
  server.set_default_headers(
      {{"Content-Security-Policy",
        "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
        "connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; "
        "frame-ancestors 'none'"},
       {"X-Content-Type-Options", "nosniff"},
       {"Referrer-Policy", "no-referrer"},
       {"Cache-Control", "no-store"}});
}

}  // namespace

void add_routes(httplib::Server& server, StudyCache& cache, HostPolicy hosts) {
  security_headers(server);
  server.set_payload_max_length(0);
  server.set_pre_routing_handler(
      [hosts = std::move(hosts)](const httplib::Request& req, httplib::Response& res) {
        // No compression: httplib would compress every answer anew, brotli at quality 11
        // (half a second for a 16 KB page, seconds for a large study's), and on loopback it
        // saves nothing. httplib hands this handler its own, non-const request as const.
        const_cast<httplib::Request&>(req).headers.erase("Accept-Encoding");
        const std::string host = req.get_header_value("Host");
        if (!host_allowed(hosts, host)) {
          html(res, 421, message_page("Misdirected request", host_refusal(hosts, host)));
          return httplib::Server::HandlerResponse::Handled;
        }
        if (req.method == "GET" || req.method == "HEAD")
          return httplib::Server::HandlerResponse::Unhandled;
        res.set_header("Allow", "GET, HEAD");
        html(res, 405, message_page("Method not allowed", "The dashboard is read-only: GET only."));
        return httplib::Server::HandlerResponse::Handled;
      });
  server.Get("/", [&cache](const httplib::Request&, httplib::Response& res) {
    html(res, 200, study_list_page(*cache.snapshot(), now_unix_s()));
  });
  server.Get(kStudy, [&cache](const httplib::Request& req, httplib::Response& res) {
    if (const auto page = find_page(cache, req.matches[1], res))
      html(res, 200, study_page(*page, cache.snapshot()->storage, now_unix_s()));
  });
  server.Get(std::string(kStudy) + "/update",
             [&cache](const httplib::Request& req, httplib::Response& res) {
               const auto page = find_page(cache, req.matches[1], res);
               if (!page) return;
               const PartVersions known{version_param(req, "live"), version_param(req, "curves"),
                                        version_param(req, "report")};
               res.set_content(update_json(*page, cache.snapshot()->storage, now_unix_s(), known),
                               "application/json");
             });
  server.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (res.status == 404 && res.body.empty()) not_found(res, "Nothing here: " + req.path + ".");
  });
}

}  // namespace ecopt::dashboard
