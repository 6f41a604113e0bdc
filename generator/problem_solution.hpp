#pragma once
// Worked solutions of a whole problem: one derivation per entry of the answer.
#include "generator/problem.hpp"
#include "generator/solution.hpp"

#include <string>
#include <vector>

namespace chainrule {

/// The derivation of one entry of a problem's answer.
struct EntrySolution {
    std::string label;         ///< the entry's label ("" for a scalar answer)
    std::size_t component = 0; ///< which entry of the function (0 for a scalar function)
    std::string variable;      ///< differentiated against
    WorkedSolution solution;
};

/// One worked solution per entry of problem.expected, in the same (row-major) order: for a
/// gradient one per variable, for a Jacobian one per component and variable.
std::vector<EntrySolution> solve_problem(const Problem& problem);

} // namespace chainrule
