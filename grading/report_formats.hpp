#pragma once
// Which reports a run writes beside the ones it always writes.
#include <string>
#include <vector>

namespace chainrule {

/// The optional reports of `--format` (report.json, grades.csv, junit.xml, summary.md and
/// timings.md are always written).
struct ReportFormats {
    bool gradescope = false; ///< results.json, Gradescope's autograder format (one submission)
    bool canvas = false;     ///< canvas.csv, Canvas's gradebook import
    bool moodle = false;     ///< moodle.csv, Moodle's CSV grade import
};

/// Reads --format values: gradescope, canvas, moodle (each value may be a comma-separated
/// list; "default" adds nothing). Throws InputError naming an unknown format.
ReportFormats parse_report_formats(const std::vector<std::string>& values);

} // namespace chainrule
