#pragma once
// Hints: the next line of a worked solution from where a student stands. One hint path for
// `check --hint` and the practice session.
#include "generator/problem_solution.hpp"
#include "generator/solution.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// The index of the worked solution's line that comes next after `reached` (the student's
/// last right step, or the line a previous hint showed; nothing: the start): the line written
/// the same way plus one, or else the first line with fewer unevaluated derivatives left.
/// solution.steps.size() when there is nothing left to show.
std::size_t next_hint_step(const WorkedSolution& solution, const std::optional<GiNaC::ex>& reached);

/// The hint for line `index` of the solution, "next: ..." in Unicode. The last line (the
/// answer itself) is never shown: only the rule that leads to it.
std::string describe_hint_step(const WorkedSolution& solution, std::size_t index);

/// next_hint_step and describe_hint_step together, with a sentence when nothing is left.
std::string next_hint(const WorkedSolution& solution, const std::optional<GiNaC::ex>& reached);

/// Where a student stands in a problem's worked solutions (one per entry of the answer).
struct HintCursor {
    std::size_t entry = 0;            ///< the entry being worked out
    std::optional<GiNaC::ex> reached; ///< the last line reached in it (nothing: its start)
};

/// The cursor after a derivation of a scalar problem whose first `right` steps are right:
/// at the last right step.
HintCursor cursor_after_steps(const Problem& problem, const std::vector<std::string>& steps,
                              std::size_t right);

/// The next hint of a problem from the cursor, which moves past it: entry by entry for a
/// vector or matrix answer (each hint then starts with the entry's title, "∂f/∂y: next: ...").
/// The last line of an entry (its result) is never shown.
std::string next_problem_hint(const Problem& problem, const std::vector<EntrySolution>& solutions,
                              HintCursor& cursor);

} // namespace chainrule
