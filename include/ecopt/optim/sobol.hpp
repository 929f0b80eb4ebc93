#pragma once
// Sobol low-discrepancy sequences with optional scrambling.
//
// Direction numbers: S. Joe and F. Y. Kuo, "Constructing Sobol sequences with better
// two-dimensional projections", SIAM J. Sci. Comput. 30 (2008), table new-joe-kuo-6.21201,
// as shipped in Boost.Random (boost/random/detail/sobol_table.hpp, first 3667 dimensions).
// Points are generated in Gray-code order (Antonov and Saleev 1979), so the first 2^m
// points of every dimension form a (0, m, 1)-net.
//
// Scrambling: a random linear matrix scramble (J. Matousek, "On the L2-discrepancy for
// anchored boxes", J. Complexity 14, 1998) followed by a random digital shift, the scheme
// SciPy uses. It keeps the net properties and makes the points an unbiased randomised
// design; the seed fixes the scramble.

#include <array>
#include <cstdint>
#include <optional>
#include <vector>

namespace ecopt::optim {

class SobolSequence {
 public:
  static constexpr std::size_t kMaxDimension = 3667;

  /// Throws std::invalid_argument for dimension 0 or above kMaxDimension.
  /// `scramble_seed`: none gives the plain sequence (starting at the origin).
  SobolSequence(std::size_t dimension, std::optional<std::uint64_t> scramble_seed);

  [[nodiscard]] std::size_t dimension() const { return directions_.size(); }
  /// Point `index` (0, 1, 2, ...), each coordinate in [0, 1).
  [[nodiscard]] std::vector<double> point(std::uint64_t index) const;

 private:
  std::vector<std::array<std::uint32_t, 32>> directions_;  ///< v_1..v_32, MSB-aligned
  std::vector<std::uint32_t> shift_;                       ///< digital shift per dimension
};

}  // namespace ecopt::optim
