#pragma once
// Gradebook imports: canvas.csv (Canvas) and moodle.csv (Moodle). Both have a row per row of
// the report that names a student (an unreadable file's row names no one and is left out; it
// is in grades.csv and summary.md); an ungraded row scores 0, as in grades.csv. The columns
// are documented in docs/grading.md.
#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

struct ReportHead;

/// canvas.csv's header and its "Points Possible" row: Student, ID, SIS User ID, SIS Login ID,
/// Section, then one assignment column named after the set's title.
std::string canvas_csv_header(const ReportHead& head);
/// A row's line of canvas.csv (the student id in SIS Login ID, the points in the assignment
/// column), or "" for a row that names no student.
std::string canvas_csv_line(const nlohmann::ordered_json& row);

/// moodle.csv's header: Username, a column per problem id, the set's title (the total
/// points), Percentage.
std::string moodle_csv_header(const ReportHead& head);
/// A row's line of moodle.csv, or "" for a row that names no student.
std::string moodle_csv_line(const nlohmann::ordered_json& row,
                            const nlohmann::ordered_json& problems);

} // namespace chainrule
