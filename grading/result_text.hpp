#pragma once
// A graded problem for a person: what `check --set` prints and what the practice session
// answers with. Never shows the expected answer (the student has not finished).
#include "grading/problem_check.hpp"

#include <string>

namespace chainrule {

/// The verdict headline and score, the answer as read, the wrong entries or the wrong step
/// with its message, the named mistakes and the counterexample. `colour` adds ANSI colours.
std::string problem_result_to_text(const ProblemResult& result, bool colour);

/// A counterexample as a sentence: "differs at x = 1.5: expected 3, the answer gives 2".
std::string counterexample_text(const Counterexample& c);

} // namespace chainrule
