// Uses the installed headers and library: the hypervolume of two points, and a study
// file parsed through the installed yaml-cpp dependency.
#include <ecopt/pareto.hpp>
#include <ecopt/study/study_file.hpp>

#include <cstdio>

int main() {
  const auto points = ecopt::pareto::PointSet::from_rows({{1, 2}, {2, 1}});
  const double hv = ecopt::pareto::hypervolume(points, std::vector<double>{3, 3}).value;
  const auto config = ecopt::study::parse_study_config(
      "name: c\nparameters: {x: {type: float, low: 0, high: 1}}\nobjectives: [{name: y, goal: "
      "min}]\n",
      "c.yaml");
  std::printf("%g %s\n", hv, config.name.c_str());
  return hv == 3.0 && config.name == "c" ? 0 : 1;
}
