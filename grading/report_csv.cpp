#include "grading/report_csv.hpp"

#include "expr/errors.hpp"
#include "grading/report_text.hpp"

#include <map>
#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

std::string csv_cell(const std::string& raw) {
    // printable() has already replaced tabs, carriage returns and line feeds by <U+0009>-style
    // text. A spreadsheet takes a cell for a formula when it starts with = + - @ (after
    // spaces, for some). A reader whose separator is not the file's (the ';' of European
    // locales, a tab, a space, '|', ':') starts a new cell after each of its separators, even
    // inside a quoted cell once an earlier cell on the line has thrown its quoting off: so
    // every place where a cell may start, the start and after each of those characters
    // (spaces and quotes skipped), gets a ' before a formula character. The cell is quoted
    // (RFC 4180) when it holds one of them, so that a reader with the file's separator keeps
    // it whole.
    static constexpr std::string_view separators = ",;|: ";
    static constexpr std::string_view formula_starts = "=+-@";
    std::string text = printable(raw);
    std::string safe;
    safe.reserve(text.size() + 2);
    bool cell_start = true;
    for (char c : text) {
        if (cell_start && formula_starts.find(c) != std::string_view::npos) safe += '\'';
        safe += c;
        if (separators.find(c) != std::string_view::npos)
            cell_start = true;
        else if (c != '"')
            cell_start = false;
    }
    bool quote = safe.find_first_of(",;|: \"") != std::string::npos;
    if (!quote) return safe;
    std::string out = "\"";
    for (char c : safe) {
        if (c == '"') out += '"';
        out += c;
    }
    out += '"';
    return out;
}

std::string grades_csv_header(const json& problems) {
    std::string header = "student,source,status";
    for (const auto& p : problems)
        header += "," + csv_cell(p["id"].get<std::string>());
    header += ",total,max_score\n";
    return header;
}

std::string grades_csv_line(const json& row, const json& problems) {
    std::string out = csv_cell(text_of(row["student"]));
    out += ",";
    out += csv_cell(text_of(row["source"]));
    out += ",";
    out += csv_cell(text_of(row["status"]));
    std::map<std::string, double> scores;
    for (const auto& p : row["problems"])
        scores[p["problem"].get<std::string>()] = p["score"].get<double>();
    for (const auto& p : problems) {
        auto it = scores.find(p["id"].get<std::string>());
        out += ",";
        out += report_number(it == scores.end() ? 0.0 : it->second);
    }
    out += ",";
    out += report_number(row["score"].get<double>());
    out += ",";
    out += report_number(row["max_score"].get<double>());
    out += "\n";
    return out;
}

} // namespace chainrule
