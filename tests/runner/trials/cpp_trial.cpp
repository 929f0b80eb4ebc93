// A C++ trial using the header-only client: reports phases and an accuracy.
#include <ecopt/client.hpp>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
  const double x = argc > 1 ? std::atof(argv[1]) : 0.5;
  {
    ecopt::client::Phase train("train");
    volatile double sink = 0;
    for (int i = 0; i < 3000000; ++i) sink = sink + std::sqrt(static_cast<double>(i));
  }
  {
    ecopt::client::Phase inference("inference", 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ecopt::client::attrs({{"flops", 2.5e6}});
  ecopt::client::metric("accuracy", 1.0 - std::abs(x - 0.3));
  return 0;
}
