#include "grading/result_text.hpp"

#include "expr/ansi.hpp"
#include "expr/errors.hpp"
#include "generator/problem_set.hpp"

namespace chainrule {

namespace {

std::string headline(GradeStatus status, bool on) {
    switch (status) {
    case GradeStatus::correct:
        return paint("✓ correct", "1;32", on);
    case GradeStatus::incorrect:
        return paint("✗ incorrect", "1;31", on);
    case GradeStatus::invalid:
        return paint("! invalid", "1;33", on);
    case GradeStatus::missing:
        return paint("· missing", "1;33", on);
    case GradeStatus::error:
        return paint("! error", "1;31", on);
    }
    return "";
}

std::string mark(Outcome outcome, bool on) {
    return outcome == Outcome::correct ? paint("✓", "32", on) : paint("✗", "31", on);
}

// Lines of a multi-line message, each indented.
std::string indented(const std::string& text, const std::string& indent) {
    std::string out;
    std::string shown = printable_lines(text);
    std::size_t start = 0;
    while (start <= shown.size()) {
        std::size_t end = shown.find('\n', start);
        if (end == std::string::npos) end = shown.size();
        out += indent + shown.substr(start, end - start) + "\n";
        start = end + 1;
    }
    return out;
}

} // namespace

std::string counterexample_text(const Counterexample& c) {
    std::string point;
    for (const auto& [name, value] : c.point) {
        if (!point.empty()) point += ", ";
        point += name + " = " + value;
    }
    const std::string expected =
        c.expected_value.empty() ? "" : "expected " + c.expected_value + ", "; // hidden
    return "differs at " + point + ": " + expected + "the answer gives " + c.answer_value +
           (c.domain ? " (a difference of domain)" : "");
}

std::string problem_result_to_text(const ProblemResult& result, bool colour) {
    bool wrong_form =
        result.status == GradeStatus::correct && result.form && !result.form->satisfied;
    std::string out = (wrong_form ? paint("~ right, but not in the form asked", "1;33", colour)
                                  : headline(result.status, colour)) +
                      "  (" + format_points(result.score) + " / " +
                      format_points(result.max_score) + ")\n";
    if (result.status == GradeStatus::missing) return out + "  " + result.message + "\n";
    if (!result.steps.empty()) {
        for (const auto& step : result.steps) {
            out += "  " + mark(step.outcome, colour) + " " + std::to_string(step.index) + ". " +
                   printable(step.text) + "\n";
            if (step.outcome != Outcome::correct) out += indented(step.message, "       ");
        }
        out += indented(result.message, "  ");
    } else {
        if (result.status == GradeStatus::correct || result.status == GradeStatus::incorrect)
            out += "  your answer: " + result.answer + "\n";
        if (result.parts.size() > 1 && result.status == GradeStatus::incorrect) {
            out += "  " + printable(result.message) + ":\n";
            for (const auto& part : result.parts) {
                out += "    " + mark(part.outcome, colour) + " " +
                       (part.outcome == Outcome::correct ? part.label : printable(part.message)) +
                       "\n";
                for (const auto& d : part.diagnosis)
                    out += "        mistake: " + printable(d.message) + "\n";
            }
            // The instructor's word on the whole answer, once (an entry's own is said above).
            for (const auto& d : result.diagnosis) {
                bool said = false;
                for (const auto& part : result.parts)
                    for (const auto& p : part.diagnosis)
                        said = said || (p.id == d.id && p.message == d.message);
                if (d.id == "authored" && !said) out += "  mistake: " + printable(d.message) + "\n";
            }
            return out;
        } else if (result.status != GradeStatus::correct || wrong_form) {
            out += indented(result.message, "  ");
        }
    }
    for (const auto& d : result.diagnosis)
        out += "  mistake: " + printable(d.message) + "\n";
    return out;
}

} // namespace chainrule
