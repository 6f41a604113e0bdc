#pragma once
// results.json in Gradescope's autograder format, for exactly one row.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// The top-level `output` of results.json: the score and percentage, how many problems are
/// right, a line per problem (✓ or ✗, its id, the first line of its message, its points), and
/// the row's notes; for a row not graded, its status and why.
std::string gradescope_output(const nlohmann::ordered_json& row);

/// Gradescope's results.json for one row: {"score", "output", "tests": [{"name", "score",
/// "max_score", "status", "output"}]}; a test passes only when its answer is right and in its
/// form.
std::string gradescope_json(const nlohmann::ordered_json& row,
                            const nlohmann::ordered_json& problems);

} // namespace chainrule
