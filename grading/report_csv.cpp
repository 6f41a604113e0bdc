#include "grading/report_csv.hpp"

#include "expr/errors.hpp"
#include "grading/report_text.hpp"

#include <map>

namespace chainrule {

using json = nlohmann::ordered_json;

std::string csv_cell(const std::string& raw) {
    std::string text = printable(raw);
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                          text[0] == '\t' || text[0] == '\r'))
        text = "'" + text;
    bool quote = text.find_first_of(",\"\n\r") != std::string::npos ||
                 (!text.empty() && (text.front() == ' ' || text.back() == ' '));
    if (!quote) return text;
    std::string out = "\"";
    for (char c : text) {
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
