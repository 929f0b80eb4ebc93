#pragma once
// ecopt's Pareto module: dominance, non-dominated sorting, crowding distance, exact
// hypervolume and its contributions, and reference points. Free functions over plain
// containers; each objective is minimised or maximised as the caller says, and
// everything is minimised internally.

#include "ecopt/pareto/dominance.hpp"
#include "ecopt/pareto/hypervolume.hpp"
#include "ecopt/pareto/nondominated.hpp"
#include "ecopt/pareto/point_file.hpp"
#include "ecopt/pareto/point_set.hpp"
#include "ecopt/pareto/reference_point.hpp"
