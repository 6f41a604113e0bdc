#pragma once
// results.json in Gradescope's autograder format, for exactly one row.
#include <nlohmann/json.hpp>

#include <string>

namespace chainrule {

/// Gradescope's results.json for one row: {"score", "output", "tests": [{"name", "score",
/// "max_score", "status", "output"}]}; a test passes only when its answer is right and in its
/// form.
std::string gradescope_json(const nlohmann::ordered_json& row,
                            const nlohmann::ordered_json& problems);

} // namespace chainrule
