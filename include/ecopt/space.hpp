#pragma once
// ecopt's search-space module: parameter domains, validation and the unit-cube encoding.

#include "ecopt/space/parameter.hpp"
#include "ecopt/space/search_space.hpp"
#include "ecopt/space/value.hpp"
