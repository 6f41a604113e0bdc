#include "grading/classroom.hpp"

#include "generator/text_escape.hpp"
#include "grading/homework.hpp"
#include "grading/report_json.hpp"
#include "grading/report_text.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

namespace {

// "1. polynomial-1: Sum rule on a polynomial", as the Gradescope tests are named.
std::string problem_name(const ProblemSet& set, std::size_t index, const json& p) {
    std::string id = text_of(p["problem"]);
    std::string name = std::to_string(index + 1) + ". " + id;
    for (const auto& problem : set.problems)
        if (problem.id == id && !problem.title.empty()) name += ": " + problem.title;
    return name;
}

// The longest run of backticks in the text, so that a fence around it is longer.
std::size_t longest_backtick_run(const std::string& text) {
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = c == '`' ? run + 1 : 0;
        longest = std::max(longest, run);
    }
    return longest;
}

} // namespace

std::string classroom_result_json(const ProblemSet& set, const json& row) {
    json tests = json::array();
    bool any_fail = false, any_error = false;
    auto add_test = [&](const std::string& name, const std::string& status, const json& score,
                        const json& max_score, const std::string& message) {
        any_fail = any_fail || status == "fail";
        any_error = any_error || status == "error";
        tests.push_back({{"name", name},
                         {"status", status},
                         {"score", score},
                         {"max_score", max_score},
                         {"message", message},
                         {"test_code", ""},
                         {"filename", text_of(row["source"])},
                         {"line_no", 0}});
    };
    if (row["status"] != "graded")
        add_test("submission", "fail", 0.0, row["max_score"],
                 "not graded (" + text_of(row["status"]) + "): " + text_of(row["message"]));
    std::size_t index = 0;
    for (const auto& p : row["problems"]) {
        std::string status = answer_passes(p) ? "pass" : p["verdict"] == "error" ? "error" : "fail";
        add_test(problem_name(set, index++, p), status, p["score"], p["max_score"],
                 problem_feedback(p));
    }
    json out;
    out["version"] = 1;
    out["status"] = any_error ? "error" : any_fail ? "fail" : "pass";
    out["max_score"] = row["max_score"];
    out["tests"] = tests;
    return dump_json(out) + "\n";
}

std::string base64_encode(std::string_view bytes) {
    static constexpr char alphabet[] =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16 |
                     static_cast<unsigned char>(bytes[i + 1]) << 8 |
                     static_cast<unsigned char>(bytes[i + 2]);
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += alphabet[v >> 6 & 63];
        out += alphabet[v & 63];
    }
    std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        unsigned v = static_cast<unsigned char>(bytes[i]) << 16;
        if (rest == 2) v |= static_cast<unsigned char>(bytes[i + 1]) << 8;
        out += alphabet[v >> 18 & 63];
        out += alphabet[v >> 12 & 63];
        out += rest == 2 ? alphabet[v >> 6 & 63] : '=';
        out += '=';
    }
    return out;
}

std::string submission_row_to_markdown(const ProblemSet& set, const json& row) {
    double score = row["score"].get<double>(), max_score = row["max_score"].get<double>();
    std::string out = "### chainrule: " + report_number(score) + " / " + report_number(max_score) +
                      " (" + report_percent(score, max_score) + ")\n\n";
    std::size_t right = 0, index = 0;
    std::string table = "| | problem | points | feedback |\n|---|---|---:|---|\n";
    for (const auto& p : row["problems"]) {
        bool passes = answer_passes(p);
        right += passes;
        table += std::string("| ") + (passes ? "✓" : "✗") + " | " +
                 escape_markdown_cell(problem_name(set, index++, p)) + " | " +
                 report_number(p["score"].get<double>()) + " / " +
                 report_number(p["max_score"].get<double>()) + " | " +
                 escape_markdown_cell(first_line(text_of(p["message"]))) + " |\n";
    }
    out += escape_markdown_cell(row_name(row)) + " · " + escape_markdown_cell(set.title) + ": " +
           std::to_string(right) + " of " + std::to_string(index) +
           " problems right and in the form asked.\n\n" + table;
    if (!row["notes"].empty()) {
        out += "\n";
        for (const auto& note : row["notes"])
            out +=
                "- note: " +
                escape_markdown_cell(note.is_string() ? note.get<std::string>() : dump_json(note)) +
                "\n";
    }
    std::string text = submission_row_to_text(set, row, false);
    std::string fence(std::max<std::size_t>(3, longest_backtick_run(text) + 1), '`');
    out += "\n<details><summary>The feedback on every problem</summary>\n\n" + fence + "text\n" +
           text + fence + "\n\n</details>\n";
    return out;
}

} // namespace chainrule
