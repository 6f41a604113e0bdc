#include "grading/report_gradescope.hpp"

#include "grading/report_json.hpp"
#include "grading/report_text.hpp"

namespace chainrule {

using json = nlohmann::ordered_json;

std::string gradescope_json(const json& row, const json& problems) {
    json out;
    out["score"] = row["score"];
    out["output"] = text_of(row["message"]) +
                    (row["notes"].empty() ? std::string() : "\n" + dump_json(row["notes"]));
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
