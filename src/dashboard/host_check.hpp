#pragma once
// Which Host headers the dashboard answers, against DNS rebinding: a web page from
// elsewhere can point its own name at 127.0.0.1 and so have its visitor's browser read a
// loopback dashboard as that name, same-origin to the page. The request still names the
// page's host in its Host header, so a dashboard that answers only the names it is
// reached by gives such a page nothing.

#include <string>
#include <string_view>
#include <vector>

namespace ecopt::dashboard {

/// Whether `host` is a loopback address or name (127.0.0.0/8, ::1, localhost).
[[nodiscard]] bool is_loopback_host(const std::string& host);

struct HostPolicy {
  bool any = false;                  ///< a wildcard --host (0.0.0.0, ::): every name reaches it
  std::vector<std::string> allowed;  ///< "name:port"; the first is the one to use
};

/// For a dashboard listening on `host`:`port`: a loopback host answers localhost,
/// 127.0.0.1 and [::1] (and the host itself); any other explicit host answers that host;
/// each with the port (and without it, too, on port 80).
[[nodiscard]] HostPolicy host_policy(const std::string& host, int port);

/// Whether a request with this Host header (empty when it sent none) is answered.
[[nodiscard]] bool host_allowed(const HostPolicy& policy, std::string_view host_header);

/// The sentence a refused request gets: what it named and how to reach the dashboard.
[[nodiscard]] std::string host_refusal(const HostPolicy& policy, std::string_view host_header);

}  // namespace ecopt::dashboard
