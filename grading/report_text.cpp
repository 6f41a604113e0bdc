#include "grading/report_text.hpp"

#include "expr/errors.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

namespace chainrule {

using json = nlohmann::ordered_json;

std::string report_number(double value) {
    char text[64];
    std::snprintf(text, sizeof text, "%.4f", value);
    std::string out = text;
    if (out.find('.') != std::string::npos) {
        while (out.back() == '0')
            out.pop_back();
        if (out.back() == '.') out.pop_back();
    }
    if (out == "-0") out = "0";
    return out;
}

std::string report_percent(double score, double max_score) {
    if (max_score <= 0) return "0%";
    char text[32];
    std::snprintf(text, sizeof text, "%.1f%%", 100.0 * score / max_score);
    return text;
}

std::string text_of(const json& value) {
    return value.is_string() ? value.get<std::string>() : std::string();
}

std::string first_line(const std::string& text) {
    std::size_t end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

std::string problem_feedback(const json& problem) {
    std::string out = text_of(problem["message"]);
    out += "\nscore: " + report_number(problem["score"].get<double>()) + " / " +
           report_number(problem["max_score"].get<double>());
    if (problem.contains("answer") && problem["answer"].is_string() &&
        !problem["answer"].get<std::string>().empty())
        out += "\nyour answer: " + problem["answer"].get<std::string>();
    const json& c = problem["counterexample"];
    if (c.is_object()) {
        std::string point;
        for (const auto& [name, value] : c["point"].items()) {
            if (!point.empty()) point += ", ";
            point += name;
            point += " = ";
            point += value.get<std::string>();
        }
        const std::string expected = // null where the answer would show
            c["expected"].is_string() ? "expected " + text_of(c["expected"]) + ", " : "";
        out +=
            "\ndiffers at " + point + ": " + expected + "the answer gives " + text_of(c["answer"]);
    }
    for (const auto& d : problem["diagnosis"]) {
        out += "\n- ";
        out += text_of(d["id"]);
        out += ": ";
        out += text_of(d["message"]);
    }
    if (problem["parts"].size() > 1)
        for (const auto& part : problem["parts"])
            if (part["verdict"] != "correct") {
                out += "\n✗ ";
                out += text_of(part["label"]);
                out += ": ";
                out += text_of(part["message"]);
            }
    if (problem["first_wrong_step"].is_number())
        out +=
            "\nfirst wrong step: " + std::to_string(problem["first_wrong_step"].get<std::size_t>());
    return out;
}

std::string row_name(const json& row) {
    return row["student"].is_string() ? row["student"].get<std::string>()
                                      : row["key"].get<std::string>();
}

bool answer_passes(const json& p) {
    if (p["verdict"] != "correct") return false;
    auto form = p.find("form");
    return form == p.end() || !form->is_object() || form->value("satisfied", true);
}

} // namespace chainrule
