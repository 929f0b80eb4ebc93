#include "ecopt/optim/sobol.hpp"

#include <boost/random/detail/sobol_table.hpp>

#include <bit>
#include <random>
#include <stdexcept>
#include <string>

namespace ecopt::optim {
namespace {

using JoeKuoTable = boost::random::detail::qrng_tables::sobol;
static_assert(JoeKuoTable::max_dimension == SobolSequence::kMaxDimension);

/// Direction integers m_1..m_32 of dimension `d` (d >= 1), from the primitive polynomial
/// and initial values of the table, by the Bratley-Fox recurrence
///   m_j = m_{j-s} xor (m_{j-s} << s) xor sum_{r=1}^{s-1} a_{s-r} (m_{j-r} << r).
std::array<std::uint32_t, 32> direction_integers(std::size_t d) {
  std::array<std::uint32_t, 32> m{};
  const std::uint32_t polynomial = JoeKuoTable::polynomial(d - 1);  // includes both end bits
  const unsigned degree = static_cast<unsigned>(std::bit_width(polynomial)) - 1;
  for (unsigned j = 0; j < degree && j < 32; ++j) m[j] = JoeKuoTable::minit(d - 1, j);
  for (unsigned j = degree; j < 32; ++j) {
    std::uint32_t value = m[j - degree];
    for (unsigned r = 1; r <= degree; ++r) {
      if ((polynomial >> (degree - r)) & 1u) value ^= m[j - r] << r;
    }
    m[j] = value;
  }
  return m;
}

/// Applies a lower-triangular binary matrix (rows MSB first) to a 32-digit number.
std::uint32_t linear_scramble(const std::array<std::uint32_t, 32>& rows, std::uint32_t x) {
  std::uint32_t y = 0;
  for (int i = 0; i < 32; ++i) {
    if (std::popcount(rows[i] & x) & 1) y |= 1u << (31 - i);
  }
  return y;
}

}  // namespace

SobolSequence::SobolSequence(std::size_t dimension, std::optional<std::uint64_t> scramble_seed) {
  if (dimension == 0 || dimension > kMaxDimension) {
    throw std::invalid_argument("Sobol sequence: dimension " + std::to_string(dimension) +
                                " is outside 1.." + std::to_string(kMaxDimension));
  }
  directions_.resize(dimension);
  shift_.assign(dimension, 0u);
  std::mt19937_64 rng(scramble_seed.value_or(0));
  for (std::size_t d = 0; d < dimension; ++d) {
    std::array<std::uint32_t, 32> m{};
    if (d == 0) {
      m.fill(1u);  // van der Corput in base 2
    } else {
      m = direction_integers(d);
    }
    for (unsigned j = 0; j < 32; ++j) directions_[d][j] = m[j] << (31 - j);
    if (scramble_seed) {
      std::array<std::uint32_t, 32> rows{};
      for (int i = 0; i < 32; ++i) {
        const int bit = 31 - i;
        const std::uint32_t more_significant = bit == 31 ? 0u : ~0u << (bit + 1);
        rows[i] = (1u << bit) | (static_cast<std::uint32_t>(rng()) & more_significant);
      }
      for (auto& v : directions_[d]) v = linear_scramble(rows, v);
      shift_[d] = static_cast<std::uint32_t>(rng());
    }
  }
}

std::vector<double> SobolSequence::point(std::uint64_t index) const {
  const std::uint64_t gray = index ^ (index >> 1);
  std::vector<double> x(directions_.size());
  for (std::size_t d = 0; d < directions_.size(); ++d) {
    std::uint32_t bits = shift_[d];
    for (unsigned j = 0; j < 32 && (gray >> j) != 0; ++j) {
      if ((gray >> j) & 1u) bits ^= directions_[d][j];
    }
    x[d] = static_cast<double>(bits) * 0x1p-32;
  }
  return x;
}

}  // namespace ecopt::optim
