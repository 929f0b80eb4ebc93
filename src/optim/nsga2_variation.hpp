#pragma once
// NSGA-II variation: how two parents make a child.
//
// Floats and integers vary in their parameter's unit coordinate (Parameter::to_unit and
// from_unit, so log scales and integer grids are handled once, there) with bounded
// simulated binary crossover (SBX; K. Deb and R. B. Agrawal, "Simulated binary crossover
// for continuous search space", Complex Systems 9, 1995) and polynomial mutation
// (K. Deb and M. Goyal, "A combined genetic adaptive search (GeneAS) for engineering
// design", Computer Science and Informatics 26, 1996), in the bounded forms of Deb's
// reference NSGA-II code (nsga2-v1.1, crossover.c and mutation.c) that Deb, Pratap,
// Agarwal and Meyarivan 2002 used. Categoricals take uniform crossover and mutate to a
// different choice.

#include <random>

#include "ecopt/space/search_space.hpp"

namespace ecopt::optim {

struct VariationSettings {
  /// Chance that a child is a crossover of its parents rather than a copy of the first.
  double crossover_probability = 0.9;
  double eta_crossover = 20.0;  ///< SBX distribution index: larger keeps children nearer parents
  double eta_mutation = 20.0;   ///< polynomial mutation distribution index
  /// Chance that each searched parameter mutates (NSGA-II: 1 / number of searched ones).
  double mutation_probability = 0.0;
};

/// Both children of bounded SBX on coordinates in [0, 1], in random order, each in
/// [0, 1]. They spread around the parents as far as the parents are apart (scaled by a
/// factor whose spread shrinks as `eta` grows); equal parents give equal children.
struct SbxChildren {
  double first = 0.0;
  double second = 0.0;
};
[[nodiscard]] SbxChildren sbx_crossover(double parent_a, double parent_b, double eta,
                                        std::mt19937_64& rng);

/// Bounded polynomial mutation of a coordinate in [0, 1]; the result stays in [0, 1].
[[nodiscard]] double polynomial_mutation(double unit, double eta, std::mt19937_64& rng);

/// One child of two parents, valid for `space` (fixed parameters take their value). A
/// parent value that is missing or does not fit its parameter (for example from an edited
/// space) is replaced by a draw from the parameter's prior.
[[nodiscard]] space::Params make_child(const space::SearchSpace& space,
                                       const space::Params& parent_a, const space::Params& parent_b,
                                       const VariationSettings& settings, std::mt19937_64& rng);

}  // namespace ecopt::optim
