// A C++ learning curve for the pruning tests: accuracy x * s / (s + 1) at steps 1 .. 8,
// 0.1 s apart. After each report (which waits for that step's verdict when ecopt
// promises one) it asks should_prune() once, stops when told, and says so on stdout.
#include <ecopt/client.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <thread>

int main(int argc, char** argv) {
  const double x = argc > 1 ? std::atof(argv[1]) : 0.5;
  for (int step = 1; step <= 8; ++step) {
    ecopt::client::report(step, {{"accuracy", x * step / (step + 1)}});
    if (ecopt::client::should_prune()) {
      std::printf("pruned at step %d\n", step);
      return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ecopt::client::metric("accuracy", x * 8 / 9);
  std::printf("ran to the end\n");
  return 0;
}
