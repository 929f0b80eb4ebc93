// The dashboard over HTTP, on a free port: its pages, and bad requests of every kind the
// issue names (path traversal, oversized headers, slow clients, unknown study, writes).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gtest/gtest.h>

#include <chrono>
#include <thread>

#include "dashboard/server.hpp"
#include "dashboard/study_cache.hpp"
#include "ecopt/study/study.hpp"
#include "report/study_fixture.hpp"
#include "storage/storage_backends.hpp"

namespace ecopt::dashboard {
namespace {

/// Sends `request` as it is and reads the answer until the server closes (at most 10 s).
std::string send_raw(int port, const std::string& request, double pause_s = 0.0) {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
    ::close(fd);
    return "connect failed";
  }
  for (std::size_t at = 0; at < request.size();) {
    const ssize_t n = ::send(fd, request.data() + at, request.size() - at, MSG_NOSIGNAL);
    if (n <= 0) break;  // the server may close early on an oversized request
    at += static_cast<std::size_t>(n);
  }
  if (pause_s > 0) std::this_thread::sleep_for(std::chrono::duration<double>(pause_s));
  std::string answer;
  char buffer[65536];
  pollfd p{fd, POLLIN, 0};
  while (::poll(&p, 1, 10000) > 0) {
    const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return answer;
}

/// The Host header a browser sends for http://127.0.0.1:PORT/.
std::string host_line(int port) {
  return "Host: 127.0.0.1:" + std::to_string(port) + "\r\n";
}

std::string get(int port, const std::string& target, const std::string& host = "") {
  return send_raw(port, "GET " + target + " HTTP/1.1\r\n" +
                            (host.empty() ? host_line(port) : "Host: " + host + "\r\n") + "\r\n");
}

std::string status_line(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

class DashboardHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    {
      auto storage = store_.open();
      report::testing::FixtureOptions o;
      o.name = "fashion-cnn";
      report::testing::make_fixture_study(*storage, o);
    }
    CacheSettings c;
    c.url = store_.url();
    c.interval_s = 0.1;
    cache_ = std::make_unique<StudyCache>(c);
    cache_->start();
    for (int i = 0; i < 1200 && !cache_->snapshot()->listed; ++i)  // the first read, 120 s at most
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    ServerSettings s;
    s.host = "127.0.0.1";
    s.port = 0;
    s.threads = 4;
    s.limits.deadline_s = 1.0;
    server_ = std::make_unique<DashboardServer>(*cache_, s);
    port_ = server_->bind();
    thread_ = std::thread([this] { server_->serve(); });
  }
  void TearDown() override {
    server_->stop();
    thread_.join();
    cache_->stop();
  }

  ecopt::testing::BackendStore store_{"sqlite"};
  std::unique_ptr<StudyCache> cache_;
  std::unique_ptr<DashboardServer> server_;
  std::thread thread_;
  int port_ = 0;
};

TEST_F(DashboardHttp, ServesTheStudyListAndTheStudyPageWithAPolicyAgainstExternalLoads) {
  const std::string list = get(port_, "/");
  EXPECT_EQ(status_line(list), "HTTP/1.1 200 OK");
  EXPECT_NE(list.find("href=\"/study/fashion-cnn\""), std::string::npos);
  EXPECT_NE(list.find("Content-Security-Policy: default-src 'none'"), std::string::npos);
  const std::string first = get(port_, "/study/fashion-cnn");
  EXPECT_EQ(status_line(first), "HTTP/1.1 200 OK");
  EXPECT_NE(first.find("id=\"running\""), std::string::npos) << "the live part at once";
  // The report's sections follow from the analysis thread; the update says when.
  std::string update;
  for (int i = 0; i < 1200 && update.find("\"report_version\":1") == std::string::npos; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    update = get(port_, "/study/fashion-cnn/update?live=0&report=0");
    EXPECT_EQ(status_line(update), "HTTP/1.1 200 OK");
  }
  EXPECT_NE(update.find("id=\\\"frontier\\\""), std::string::npos) << "in the JSON";
  EXPECT_NE(get(port_, "/study/fashion-cnn").find("id=\"frontier\""), std::string::npos);
  const std::string unchanged = get(port_, "/study/fashion-cnn/update?live=999&report=1");
  EXPECT_EQ(unchanged.find("\"report\":"), std::string::npos) << "only parts that changed";
  EXPECT_EQ(status_line(send_raw(port_, "HEAD / HTTP/1.1\r\n" + host_line(port_) + "\r\n")),
            "HTTP/1.1 200 OK");
}

// A running trial's reports, stored by the runner as they come, are drawn as its curve,
// marked running, in the part of the page the update JSON carries.
TEST_F(DashboardHttp, ARunningTrialsLearningCurveIsShownWhileItRuns) {
  std::int64_t running = 0;
  {
    auto storage = store_.open();
    study::Study study = study::Study::open(*storage, "fashion-cnn");
    const study::Trial t = study.ask();
    for (int step = 1; step <= 3; ++step)
      storage->record_intermediate(t.id, step, {{"accuracy", 0.2 * step}});
    running = t.number;
  }
  const std::string mark = "trial " + std::to_string(running) + " (running) at step 3";
  std::string update;
  for (int i = 0; i < 600 && update.find(mark) == std::string::npos; ++i) {  // 60 s at most
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    update = get(port_, "/study/fashion-cnn/update?live=0&curves=0&report=0");
  }
  EXPECT_NE(update.find(mark), std::string::npos) << update.substr(0, 2000);
  EXPECT_NE(update.find("\"curves_version\""), std::string::npos);
  const std::string page = get(port_, "/study/fashion-cnn");
  EXPECT_NE(page.find(mark), std::string::npos) << "on the page as served";
  EXPECT_NE(page.find("running trials green"), std::string::npos);
}

TEST_F(DashboardHttp, AnswersAreNotCompressed) {
  const std::string answer = send_raw(port_, "GET / HTTP/1.1\r\n" + host_line(port_) +
                                                 "Accept-Encoding: gzip, deflate, br\r\n\r\n");
  EXPECT_EQ(status_line(answer), "HTTP/1.1 200 OK");
  EXPECT_EQ(answer.find("Content-Encoding"), std::string::npos);
  EXPECT_NE(answer.find("<h1>ecopt dashboard</h1>"), std::string::npos);
}

TEST_F(DashboardHttp, AnUnknownStudyIsNotFoundAndItsNameEscaped) {
  const std::string answer = get(port_, "/study/no-such.study");
  EXPECT_EQ(status_line(answer), "HTTP/1.1 404 Not Found");
  EXPECT_NE(answer.find("No study named no-such.study"), std::string::npos);
  const std::string hostile = get(port_, "/study/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
  EXPECT_EQ(status_line(hostile), "HTTP/1.1 404 Not Found");
  EXPECT_EQ(hostile.find("<script>alert"), std::string::npos);
}

TEST_F(DashboardHttp, PathTraversalReachesNoFile) {
  for (const std::string target :
       {"/../../../../etc/passwd", "/study/../../../../etc/passwd",
        "/study/..%2F..%2F..%2Fetc%2Fpasswd", "/%2e%2e/%2e%2e/etc/passwd", "/study/..",
        "/study/fashion-cnn/../../../etc/passwd"}) {
    const std::string answer = get(port_, target);
    EXPECT_TRUE(status_line(answer) == "HTTP/1.1 404 Not Found" ||
                status_line(answer) == "HTTP/1.1 400 Bad Request")
        << target << ": " << status_line(answer);
    EXPECT_EQ(answer.find("root:"), std::string::npos) << target;
  }
}

TEST_F(DashboardHttp, ThereAreNoWriteEndpoints) {
  for (const std::string method : {"POST", "PUT", "DELETE", "PATCH", "OPTIONS"}) {
    const std::string answer =
        send_raw(port_, method + " /study/fashion-cnn HTTP/1.1\r\n" + host_line(port_) +
                            "Content-Length: 2\r\n\r\n{}");
    EXPECT_EQ(status_line(answer), "HTTP/1.1 405 Method Not Allowed") << method;
    EXPECT_NE(answer.find("Allow: GET, HEAD"), std::string::npos) << method;
  }
}

TEST_F(DashboardHttp, OversizedHeadersAreRefusedWithoutReadingThemAll) {
  const std::string big(20000, 'a');
  EXPECT_EQ(status_line(send_raw(port_, "GET / HTTP/1.1\r\nX-Big: " + big + "\r\n\r\n")),
            "HTTP/1.1 431 Request Header Fields Too Large");
  std::string many = "GET / HTTP/1.1\r\n";
  for (int i = 0; i < 2000; ++i) many += "X-" + std::to_string(i) + ": 12345678901234567890\r\n";
  EXPECT_EQ(status_line(send_raw(port_, many + "\r\n")),
            "HTTP/1.1 431 Request Header Fields Too Large");
  // A request line longer than the limit, endless: refused, the connection closed.
  EXPECT_EQ(status_line(send_raw(port_, "GET /" + std::string(100000, 'x'))),
            "HTTP/1.1 431 Request Header Fields Too Large");
  EXPECT_EQ(status_line(get(port_, "/")), "HTTP/1.1 200 OK") << "still serving";
}

TEST_F(DashboardHttp, ASlowClientTimesOutWhileOthersAreServed) {
  std::string slow_answer;
  std::thread slow([&] { slow_answer = send_raw(port_, "GET / HTTP/1.1\r\nHost:", 0.0); });
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  EXPECT_EQ(status_line(get(port_, "/")), "HTTP/1.1 200 OK");
  slow.join();
  EXPECT_EQ(status_line(slow_answer), "HTTP/1.1 408 Request Timeout");
}

// DNS rebinding: a page from elsewhere that points its own name at 127.0.0.1 reaches the
// dashboard with its own name in Host; only the loopback names, with the port, are answered.
TEST_F(DashboardHttp, ARequestNamingAnotherHostIsRefused) {
  const std::string port = std::to_string(port_);
  const std::vector<std::string> foreign = {"attacker.example:" + port, "attacker.example",
                                            "127.0.0.1", "127.0.0.1:1",
                                            "localhost.attacker.example:" + port};
  for (const std::string& host : foreign) {
    const std::string answer = get(port_, "/study/fashion-cnn", host);
    EXPECT_EQ(status_line(answer), "HTTP/1.1 421 Misdirected Request") << host;
    EXPECT_NE(answer.find("DNS rebinding"), std::string::npos) << host;
    EXPECT_EQ(answer.find("id=\"running\""), std::string::npos) << host << ": no study data";
  }
  EXPECT_EQ(status_line(send_raw(port_, "GET / HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 421 Misdirected Request")
      << "no Host at all";
  EXPECT_EQ(status_line(send_raw(port_, "POST / HTTP/1.1\r\nHost: evil:" + port + "\r\n\r\n")),
            "HTTP/1.1 421 Misdirected Request");
  const std::vector<std::string> own = {"127.0.0.1:" + port, "localhost:" + port,
                                        "LocalHost:" + port, "[::1]:" + port};
  for (const std::string& host : own)
    EXPECT_EQ(status_line(get(port_, "/", host)), "HTTP/1.1 200 OK") << host;
}

TEST(HostPolicy, AnExplicitHostIsAnsweredByItsOwnName) {
  const HostPolicy named = host_policy("192.168.1.5", 8080);
  EXPECT_TRUE(host_allowed(named, "192.168.1.5:8080"));
  EXPECT_FALSE(host_allowed(named, "192.168.1.5:8081"));
  EXPECT_FALSE(host_allowed(named, "attacker.example:8080"));
  const HostPolicy name = host_policy("node7.cluster", 80);
  EXPECT_TRUE(host_allowed(name, "node7.cluster"));
  EXPECT_TRUE(host_allowed(name, "NODE7.cluster:80"));
  EXPECT_TRUE(host_allowed(host_policy("::1", 9000), "[::1]:9000"));
  EXPECT_TRUE(host_allowed(host_policy("::1", 9000), "localhost:9000"));
  EXPECT_TRUE(host_allowed(host_policy("127.0.0.2", 9000), "127.0.0.2:9000"));
  // A wildcard address is reached by any of the machine's names: none is refused.
  EXPECT_TRUE(host_allowed(host_policy("0.0.0.0", 8080), "whatever:8080"));
  EXPECT_NE(host_refusal(named, "evil").find("http://192.168.1.5:8080/"), std::string::npos);
}

TEST_F(DashboardHttp, GarbageIsABadRequest) {
  EXPECT_EQ(status_line(send_raw(port_, "HELLO\r\n\r\n")), "HTTP/1.1 400 Bad Request");
}

TEST(DashboardServer, ListeningOnABusyPortSaysWhichAndHowToFixIt) {
  CacheSettings c;
  c.url = "sqlite:///unused.db";
  StudyCache cache(c);
  ServerSettings s;
  s.port = 0;
  DashboardServer first(cache, s);
  s.port = first.bind();
  DashboardServer second(cache, s);
  try {
    (void)second.bind();
    FAIL() << "bound a busy port";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find(std::to_string(s.port)), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("--port 0"), std::string::npos);
  }
}

TEST(DashboardServer, OnlyLoopbackHostsAreQuiet) {
  EXPECT_TRUE(is_loopback_host("127.0.0.1"));
  EXPECT_TRUE(is_loopback_host("::1"));
  EXPECT_TRUE(is_loopback_host("localhost"));
  EXPECT_FALSE(is_loopback_host("0.0.0.0"));
  EXPECT_FALSE(is_loopback_host("192.168.1.5"));
}

}  // namespace
}  // namespace ecopt::dashboard
