#include "grading/report_json.hpp"

#include "grading/reports.hpp"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace chainrule {

namespace {

bool is_space(char c) {
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

} // namespace

std::string dump_json(const nlohmann::ordered_json& value, int indent) {
    return value.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

void pretty_json(std::string_view text, unsigned indent_step, unsigned current_indent,
                 std::string& out) {
    std::size_t i = 0, n = text.size();
    std::size_t level = current_indent;
    while (i < n) {
        char c = text[i];
        if (is_space(c)) {
            ++i;
        } else if (c == '"') {
            std::size_t start = i++;
            while (i < n && text[i] != '"')
                i += text[i] == '\\' ? 2 : 1;
            i = std::min(i + 1, n);
            out.append(text.substr(start, i - start));
        } else if (c == '{' || c == '[') {
            char close = c == '{' ? '}' : ']';
            ++i;
            while (i < n && is_space(text[i]))
                ++i;
            out += c;
            if (i < n && text[i] == close) { // empty: printed as {} or []
                out += close;
                ++i;
                continue;
            }
            level += indent_step;
            out += '\n';
            out.append(level, ' ');
        } else if (c == '}' || c == ']') {
            level = level >= indent_step ? level - indent_step : 0;
            out += '\n';
            out.append(level, ' ');
            out += c;
            ++i;
        } else if (c == ',') {
            out += ",\n";
            out.append(level, ' ');
            ++i;
        } else if (c == ':') {
            out += ": ";
            ++i;
        } else { // a number, true, false or null
            std::size_t start = i;
            while (i < n && !is_space(text[i]) && text[i] != ',' && text[i] != '}' &&
                   text[i] != ']' && text[i] != ':')
                ++i;
            out.append(text.substr(start, i - start));
        }
    }
}

std::string report_json_head(const ReportHead& head, const ReportTotals& totals) {
    nlohmann::ordered_json top;
    top["format"] = "chainrule-grade-report/1";
    top["meta"] = head.meta;
    top["problems"] = head.problems;
    nlohmann::ordered_json t;
    t["rows"] = totals.rows;
    t["graded"] = totals.graded;
    t["not_graded"] = totals.rows - totals.graded;
    t["max_score"] = totals.max_score;
    t["mean_score"] =
        totals.graded ? std::round(totals.score / double(totals.graded) * 10000.0) / 10000.0 : 0.0;
    top["totals"] = t;
    // The object without its students, which follow one by one as dump(2) would print them.
    std::string text = dump_json(top, 2);
    text.resize(text.size() - 2); // "\n}"
    text += ",\n  \"students\": [";
    return text;
}

std::string report_json_row(std::string_view row_text) {
    std::string out;
    pretty_json(row_text, 2, 4, out);
    return out;
}

std::string_view report_json_separator(bool first) {
    return first ? "\n    " : ",\n    ";
}

std::string report_json_tail(std::size_t rows) {
    return rows == 0 ? "]\n}\n" : "\n  ]\n}\n";
}

} // namespace chainrule
