#pragma once
// grades.csv: a row per row of the report, a column per problem.
#include <nlohmann/json.hpp>

#include <string>

namespace chainrule {

/// A CSV cell: quoted when needed; text that a spreadsheet would take for a formula (starting
/// with = + - @, a tab or a carriage return) is prefixed with '.
std::string csv_cell(const std::string& text);

/// grades.csv's header: student,source,status,<problem id>...,total,max_score.
std::string grades_csv_header(const nlohmann::ordered_json& problems);
/// A row's line of grades.csv (an ungraded row scores 0 everywhere).
std::string grades_csv_line(const nlohmann::ordered_json& row,
                            const nlohmann::ordered_json& problems);

} // namespace chainrule
