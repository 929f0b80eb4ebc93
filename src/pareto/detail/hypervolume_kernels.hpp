#pragma once
// Exact hypervolume kernels (internal). Every kernel works in minimisation space on rows
// (pointers to at least `dimension` doubles) that all strictly dominate `reference`, and
// may reorder `rows`.

#include <cstddef>
#include <span>
#include <vector>

namespace ecopt::pareto::detail {

using Rows = std::span<const double*>;

/// Volumes are summed in x87 extended precision (64-bit mantissa on x86-64). WFG
/// subtracts nearly equal volumes (a box minus what the limit set covers), and with plain
/// doubles the result drifts in the 13th significant digit on 4-D+ fronts of thousands
/// of points; the extra 11 bits keep results stable to the 15 digits `ecopt hv` prints.
using Volume = long double;

/// Volume of the box between one point and the reference, over the first `dimension`
/// objectives.
inline Volume box_volume(const double* point, const double* reference, std::size_t dimension) {
  Volume volume = 1.0L;
  for (std::size_t j = 0; j < dimension; ++j) {
    volume *= static_cast<Volume>(reference[j]) - static_cast<Volume>(point[j]);
  }
  return volume;
}

Volume hypervolume_2d(Rows rows, const double* reference);
Volume hypervolume_3d(Rows rows, const double* reference);

/// Any dimension: 1-3 go to the kernels above, 4 to the HV4D+ sweep
/// (detail/hypervolume_4d.hpp), 5 and more to WFG, whose recursion ends in it.
Volume hypervolume_any(Rows rows, const double* reference, std::size_t dimension);

/// HV(set ∪ {point}) - HV(set) for a point that strictly dominates the reference:
/// box(point) minus the volume of the set's points clipped to the point's box.
Volume exclusive_volume(const double* point, Rows set, const double* reference,
                        std::size_t dimension);

}  // namespace ecopt::pareto::detail
