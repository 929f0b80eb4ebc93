// Host facts (energy/host_facts.hpp) from a fake /proc and /etc tree and the fake NVML.
#include "ecopt/energy/host_facts.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "../storage/temp_dir.hpp"
#include "sample_host_facts.hpp"

namespace ecopt::energy {
namespace {

class FakeRoot : public ::testing::Test {
 protected:
  void write(const std::string& relative, const std::string& text) {
    const std::filesystem::path path = dir_.file(relative);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << text;
  }
  [[nodiscard]] HostFacts collect() const { return collect_host_facts({dir_.file(""), "", false}); }
  void TearDown() override {
    for (const char* name : {"FAKE_NVML_MODE", "FAKE_NVML_GPUS"}) unsetenv(name);
  }

 private:
  ecopt::testing::TempDir dir_;
};

/// Two sockets of two hyperthreaded cores: eight logical CPUs.
std::string two_socket_cpuinfo() {
  std::string text;
  for (int cpu = 0; cpu < 8; ++cpu) {
    text += "processor\t: " + std::to_string(cpu) +
            "\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Gold 6248 CPU @ "
            "2.50GHz\nphysical id\t: " +
            std::to_string(cpu / 4) + "\ncore id\t\t: " + std::to_string(cpu % 2) +
            "\ncpu cores\t: 2\n\n";
  }
  return text;
}

TEST_F(FakeRoot, ReadsCpuMemoryOsAndKernel) {
  write("proc/cpuinfo", two_socket_cpuinfo());
  write("proc/meminfo", "MemTotal:       16384000 kB\nMemFree:         1000 kB\n");
  write("etc/os-release",
        "NAME=\"Debian GNU/Linux\"\nPRETTY_NAME=\"Debian GNU/Linux 12 (bookworm)\"\nID=debian\n");
  write("proc/sys/kernel/ostype", "Linux\n");
  write("proc/sys/kernel/osrelease", "6.1.0-18-amd64\n");
  write("proc/sys/kernel/arch", "x86_64\n");
  write("proc/sys/kernel/hostname", "node-7\n");
  const HostFacts f = collect();
  EXPECT_EQ(f.cpu_model, "Intel(R) Xeon(R) Gold 6248 CPU @ 2.50GHz");
  EXPECT_EQ(f.logical_cpus, 8);
  EXPECT_EQ(f.physical_cores, 4);
  EXPECT_EQ(f.cpu_sockets, 2);
  EXPECT_EQ(f.memory_bytes, 16384000ULL * 1024ULL);
  EXPECT_EQ(f.os, "Debian GNU/Linux 12 (bookworm)");
  EXPECT_EQ(f.kernel, "Linux 6.1.0-18-amd64");
  EXPECT_EQ(f.architecture, "x86_64");
  EXPECT_EQ(f.hostname, "node-7");
  EXPECT_EQ(f.gpu_note, "not looked for (GPU metering was switched off)");
}

TEST_F(FakeRoot, WhatIsMissingStaysUnknown) {
  // An ARM board's cpuinfo names no model and no core ids; meminfo without a unit.
  write("proc/cpuinfo", "processor\t: 0\nBogoMIPS\t: 48.00\n\nprocessor\t: 1\nBogoMIPS\t: 48.00\n");
  write("proc/meminfo", "MemTotal: lots\n");
  write("usr/lib/os-release", "NAME='Alpine Linux'\nVERSION=3.19\n");
  const HostFacts f = collect();
  EXPECT_EQ(f.cpu_model, "");
  EXPECT_EQ(f.logical_cpus, 2);
  EXPECT_FALSE(f.physical_cores);
  EXPECT_FALSE(f.cpu_sockets);
  EXPECT_FALSE(f.memory_bytes);
  EXPECT_EQ(f.os, "Alpine Linux 3.19");  // NAME VERSION when there is no PRETTY_NAME
  EXPECT_EQ(f.kernel, "");
}

TEST_F(FakeRoot, AnEmptyTreeThrowsNothing) {
  const HostFacts f = collect();
  EXPECT_EQ(f.cpu_model, "");
  EXPECT_FALSE(f.logical_cpus);
  EXPECT_FALSE(f.memory_bytes);
  EXPECT_EQ(f.os, "");
}

TEST_F(FakeRoot, GpusComeFromNvml) {
  setenv("FAKE_NVML_GPUS", "2", 1);
  HostFacts f;
  collect_gpu_facts(ECOPT_FAKE_NVML_PATH, f);
  ASSERT_EQ(f.gpus.size(), 2u) << f.gpu_note;
  EXPECT_EQ(f.gpu_driver, "999.99.fake");
  EXPECT_EQ(f.gpus[0].name, "Fake GPU 0");
  EXPECT_EQ(f.gpus[1].name, "Fake GPU 1");
  EXPECT_EQ(f.gpus[1].index, 1u);
  EXPECT_DOUBLE_EQ(f.gpus[0].power_limit_w.value_or(0.0), 300.0);
  EXPECT_DOUBLE_EQ(f.gpus[1].power_limit_w.value_or(0.0), 400.0);
  EXPECT_EQ(f.gpu_note, "");
}

TEST_F(FakeRoot, WithoutNvmlTheNoteSaysWhy) {
  HostFacts missing;
  collect_gpu_facts("/nonexistent/libnvidia-ml.so.1", missing);
  EXPECT_TRUE(missing.gpus.empty());
  EXPECT_NE(missing.gpu_note.find("no NVIDIA driver"), std::string::npos) << missing.gpu_note;
  setenv("FAKE_NVML_MODE", "init_fails", 1);
  HostFacts failing;
  collect_gpu_facts(ECOPT_FAKE_NVML_PATH, failing);
  EXPECT_TRUE(failing.gpus.empty());
  EXPECT_NE(failing.gpu_note.find("nvmlInit failed"), std::string::npos) << failing.gpu_note;
}

TEST(HostFactsJson, RoundTripsEveryField) {
  const HostFacts f =
      ecopt::testing::sample_host_facts("node-7", "AMD EPYC 7763 64-Core Processor");
  const HostFacts back = host_facts_from_json(to_json_text(f));
  EXPECT_EQ(to_json_text(back), to_json_text(f));
  EXPECT_EQ(back.gpus[0].power_limit_w, 700.0);
  EXPECT_FALSE(back.gpus[1].power_limit_w);
  EXPECT_EQ(host_facts_key("node-7"), "host.node-7");
}

TEST(HostFactsJson, UnknownIsNullAndNotAnObjectIsAnError) {
  const std::string text = to_json_text(HostFacts{});
  EXPECT_NE(text.find("\"cpu_model\":null"), std::string::npos) << text;
  EXPECT_NE(text.find("\"memory_bytes\":null"), std::string::npos) << text;
  EXPECT_FALSE(host_facts_from_json(text).memory_bytes);
  EXPECT_THROW((void)host_facts_from_json("\"a string\""), std::invalid_argument);
  EXPECT_THROW((void)host_facts_from_json("{broken"), std::invalid_argument);
}

}  // namespace
}  // namespace ecopt::energy
