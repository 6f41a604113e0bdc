#include "grading/report_gradebook.hpp"

#include "grading/report_csv.hpp"
#include "grading/report_text.hpp"
#include "grading/reports.hpp"

#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

namespace {

// The name of the one assignment a set is in a gradebook: its title, else its spec file.
std::string assignment_name(const ReportHead& head) {
    std::string title = text_of(head.meta["spec"]["title"]);
    if (title.empty()) title = text_of(head.meta["spec"]["file"]);
    return title.empty() ? std::string("chainrule") : title;
}

double max_score_of(const ReportHead& head) {
    double total = 0;
    for (const auto& p : head.problems)
        total += p["points"].get<double>();
    return total;
}

// A percentage with two decimals, as a number ("68.75", "100", "0").
std::string percentage(double score, double max_score) {
    if (max_score <= 0) return "0";
    char text[32];
    std::snprintf(text, sizeof text, "%.2f", 100.0 * score / max_score);
    std::string out = text;
    while (out.back() == '0')
        out.pop_back();
    if (out.back() == '.') out.pop_back();
    return out;
}

// The student a gradebook line is for: the student of a student's own row; "" for a row of
// a file (an unreadable file, a conflict, a mismatch: key "file:..."), whose student's grade is
// the instructor's to decide, not a 0 to import.
std::string gradebook_student(const json& row) {
    if (text_of(row["key"]).rfind("file:", 0) == 0) return "";
    return text_of(row["student"]);
}

} // namespace

std::string canvas_csv_header(const ReportHead& head) {
    return "Student,ID,SIS User ID,SIS Login ID,Section," + csv_cell(assignment_name(head)) +
           "\nPoints Possible,,,,," + report_number(max_score_of(head)) + "\n";
}

std::string canvas_csv_line(const json& row) {
    std::string student = gradebook_student(row);
    if (student.empty()) return "";
    return ",,," + csv_cell(student) + ",," + report_number(row["score"].get<double>()) + "\n";
}

std::string moodle_csv_header(const ReportHead& head) {
    std::string out = "Username";
    for (const auto& p : head.problems)
        out += "," + csv_cell(p["id"].get<std::string>());
    out += "," + csv_cell(assignment_name(head)) + ",Percentage\n";
    return out;
}

std::string moodle_csv_line(const json& row, const json& problems) {
    std::string student = gradebook_student(row);
    if (student.empty()) return "";
    std::map<std::string, double> scores;
    for (const auto& p : row["problems"])
        scores[p["problem"].get<std::string>()] = p["score"].get<double>();
    std::string out = csv_cell(student);
    double max_score = 0;
    for (const auto& p : problems) {
        auto it = scores.find(p["id"].get<std::string>());
        out += "," + report_number(it == scores.end() ? 0.0 : it->second);
        max_score += p["points"].get<double>();
    }
    double score = row["score"].get<double>();
    out += "," + report_number(score) + "," + percentage(score, max_score) + "\n";
    return out;
}

} // namespace chainrule
