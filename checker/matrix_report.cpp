#include "checker/matrix_report.hpp"

#include "checker/report.hpp"
#include "expr/ansi.hpp"
#include "expr/errors.hpp"
#include "expr/printer.hpp"

#include <nlohmann/json.hpp>

namespace chainrule {

nlohmann::ordered_json matrix_verdict_to_json(const MatrixVerdict& matrix) {
    const Verdict& verdict = matrix.verdict;
    nlohmann::ordered_json out = verdict_to_json(verdict);
    // The key as an expression when the question gave one, else its entries at the
    // smallest size; the answer as read (null when unreadable).
    out["expected"] = matrix.expected_unicode.empty()
                          ? nlohmann::ordered_json(nullptr)
                          : nlohmann::ordered_json(matrix.expected_unicode);
    out["expected_unicode"] = out["expected"];
    out["answer"] = matrix.answer_unicode.empty() ? nlohmann::ordered_json(nullptr)
                                                  : nlohmann::ordered_json(matrix.answer_unicode);
    out["diagnosis"] = diagnosis_to_json(matrix.diagnosis);
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& part : verdict.parts)
        parts.push_back({{"label", part.label},
                         {"verdict", to_string(part.outcome)},
                         {"method", to_string(part.method)},
                         {"expected", print(part.expected, Notation::unicode)},
                         {"answer", print(part.answer, Notation::unicode)},
                         {"counterexample", counterexample_to_json(part.counterexample)},
                         {"message", part.message}});
    out["parts"] = parts;
    out["expected_shape"] = matrix.expected_shape;
    out["answer_shape"] = matrix.answer_shape.empty() ? nlohmann::ordered_json(nullptr)
                                                      : nlohmann::ordered_json(matrix.answer_shape);
    out["size"] = matrix.size;
    out["expected_entries"] = matrix.expected_entries.empty()
                                  ? nlohmann::ordered_json(nullptr)
                                  : nlohmann::ordered_json(matrix.expected_entries);
    return out;
}

std::string matrix_verdict_to_text(const MatrixVerdict& matrix, bool colour) {
    const Verdict& verdict = matrix.verdict;
    std::string out;
    out = verdict_headline(verdict.outcome, colour);
    if (verdict.outcome == Outcome::correct)
        out += verdict.method == Method::symbolic ? " (proved symbolically at every size)"
                                                  : " (agrees at every sample point)";
    out += "\n";
    if (verdict.outcome == Outcome::invalid) return out + printable_lines(verdict.message) + "\n";
    std::string expected =
        !matrix.expected_unicode.empty() ? matrix.expected_unicode
        : !matrix.expected_entries.empty()
            ? matrix.title + " = " + matrix.expected_entries + " at " + matrix.size
            : matrix.title;
    out += "  expected:    " + expected + "  [" + matrix.expected_shape + "]\n";
    out += "  your answer: " +
           (matrix.answer_unicode.empty() ? verdict.answer_text : matrix.answer_unicode) +
           (matrix.answer_shape.empty() ? "" : "  [" + matrix.answer_shape + "]") + "\n";
    out += "  " + printable_lines(verdict.message) + "\n";
    std::size_t wrong = 0;
    for (const auto& part : verdict.parts)
        wrong += part.outcome != Outcome::correct;
    if (verdict.outcome == Outcome::incorrect && wrong > 0 && verdict.parts.size() > 1) {
        out += "  entries at " + matrix.size + ":\n";
        for (const auto& part : verdict.parts)
            out += entry_line(part, colour);
    }
    for (const auto& d : matrix.diagnosis)
        out += "  mistake: " + d.message + "\n";
    for (const auto& note : verdict.notes)
        out += "  note: " + note + "\n";
    return out;
}

} // namespace chainrule
