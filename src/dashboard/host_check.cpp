#include "dashboard/host_check.hpp"

#include <strings.h>

#include <algorithm>

namespace ecopt::dashboard {
namespace {

/// Host names compare without regard to case (RFC 9110, 4.2.3).
bool same_host(std::string_view a, std::string_view b) {
  return a.size() == b.size() && ::strncasecmp(a.data(), b.data(), a.size()) == 0;
}

/// A host as it appears in a URL's authority: IPv6 addresses in brackets.
std::string authority_name(const std::string& host) {
  if (host.find(':') != std::string::npos && host.front() != '[') return "[" + host + "]";
  return host;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
  return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

HostPolicy host_policy(const std::string& host, int port) {
  HostPolicy policy;
  if (host == "0.0.0.0" || host == "::" || host == "[::]" || host.empty()) {
    policy.any = true;  // reached by any of the machine's names: none can be told apart
    return policy;
  }
  std::vector<std::string> names;
  if (is_loopback_host(host)) names = {"127.0.0.1", "localhost", "[::1]"};
  const std::string own = authority_name(host);
  if (std::none_of(names.begin(), names.end(), [&](const auto& n) { return same_host(n, own); }))
    names.push_back(own);
  for (const std::string& name : names) {
    policy.allowed.push_back(name + ":" + std::to_string(port));
    if (port == 80) policy.allowed.push_back(name);  // browsers leave out the default port
  }
  return policy;
}

bool host_allowed(const HostPolicy& policy, std::string_view host_header) {
  if (policy.any) return true;
  return std::any_of(policy.allowed.begin(), policy.allowed.end(),
                     [&](const std::string& allowed) { return same_host(allowed, host_header); });
}

std::string host_refusal(const HostPolicy& policy, std::string_view host_header) {
  const std::string named = host_header.empty() ? std::string("no host")
                                                : "the host \"" + std::string(host_header) + "\"";
  const std::string use = policy.allowed.empty() ? std::string() : policy.allowed.front();
  return "This dashboard answers requests for http://" + use + "/ only, and this request named " +
         named +
         " (refused against DNS rebinding: a web page elsewhere could otherwise read it "
         "through your browser). Open http://" +
         use + "/, or start the dashboard with --host set to the name you use.";
}

}  // namespace ecopt::dashboard
