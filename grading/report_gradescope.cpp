#include "grading/report_gradescope.hpp"

#include "grading/report_json.hpp"
#include "grading/report_text.hpp"

#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

std::string gradescope_output(const json& row) {
    double score = row["score"].get<double>(), max_score = row["max_score"].get<double>();
    std::string out = report_number(score) + " / " + report_number(max_score) + " (" +
                      report_percent(score, max_score) + ")";
    if (row["status"] != "graded") {
        out += ": not graded (" + text_of(row["status"]) + "): " + text_of(row["message"]);
    } else {
        std::size_t right = 0, n = 0;
        std::string lines;
        for (const auto& p : row["problems"]) {
            ++n;
            bool passes = answer_passes(p);
            right += passes;
            lines += std::string(passes ? "\n✓ " : "\n✗ ") + std::to_string(n) + ". " +
                     text_of(p["problem"]) + ": " + first_line(text_of(p["message"])) + " (" +
                     report_number(p["score"].get<double>()) + " / " +
                     report_number(p["max_score"].get<double>()) + ")";
        }
        out += ": " + std::to_string(right) + " of " + std::to_string(n) +
               " problems right and in the form asked." + lines;
    }
    if (!row["notes"].empty())
        for (const auto& note : row["notes"])
            out += "\nnote: " + (note.is_string() ? note.get<std::string>() : dump_json(note));
    return out;
}

std::string gradescope_json(const json& row, const json& problems) {
    json out;
    out["score"] = row["score"];
    out["output"] = gradescope_output(row);
    json tests = json::array();
    if (row["status"] != "graded") {
        tests.push_back({{"name", "submission"},
                         {"score", 0.0},
                         {"max_score", row["max_score"]},
                         {"status", "failed"},
                         {"output", text_of(row["message"])}});
    }
    std::size_t n = 0;
    for (const auto& p : row["problems"]) {
        ++n;
        std::string name = std::to_string(n) + ". " + p["problem"].get<std::string>();
        for (const auto& q : problems)
            if (q["id"] == p["problem"] && q["title"].is_string() &&
                !q["title"].get<std::string>().empty())
                name += ": " + q["title"].get<std::string>();
        tests.push_back({{"name", name},
                         {"score", p["score"]},
                         {"max_score", p["max_score"]},
                         {"status", answer_passes(p) ? "passed" : "failed"},
                         {"output", problem_feedback(p)}});
    }
    out["tests"] = tests;
    return dump_json(out, 2) + "\n";
}

} // namespace chainrule
