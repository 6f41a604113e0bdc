#pragma once
// report.json, and JSON text as every report writes it.
#include <nlohmann/json_fwd.hpp>

#include <string>
#include <string_view>

namespace chainrule {

struct ReportHead;
struct ReportTotals;

/// JSON as text; invalid UTF-8 (never expected: inputs are made printable) is replaced
/// rather than thrown on.
std::string dump_json(const nlohmann::ordered_json& value, int indent = -1);

/// Appends JSON text laid out as nlohmann's dump(indent_step) lays out a value nested
/// current_indent spaces deep: for compact text that dump() wrote, the same bytes as parsing
/// it and dumping it again, without building the tree.
void pretty_json(std::string_view text, unsigned indent_step, unsigned current_indent,
                 std::string& out);

/// report.json up to its first student: {"format", "meta", "problems", "totals",
/// "students": [ (the rows follow, each as report_json_row prints it).
std::string report_json_head(const ReportHead& head, const ReportTotals& totals);
/// A row of report.json (compact JSON text), as dump(2) prints it 4 spaces deep.
std::string report_json_row(std::string_view row_text);
/// What goes before a row of report.json (first: the first row).
std::string_view report_json_separator(bool first);
/// What closes report.json after `rows` rows.
std::string report_json_tail(std::size_t rows);

} // namespace chainrule
