#include "checker/report.hpp"

#include "expr/ansi.hpp"
#include "expr/errors.hpp"
#include "expr/printer.hpp"

#include <nlohmann/json.hpp>

namespace chainrule {

std::string verdict_headline(Outcome outcome, bool colour) {
    switch (outcome) {
    case Outcome::correct:
        return paint("✓ correct", "1;32", colour);
    case Outcome::incorrect:
        return paint("✗ incorrect", "1;31", colour);
    case Outcome::invalid:
        return paint("! invalid", "1;33", colour);
    }
    return "";
}

std::string entry_line(const PartVerdict& part, bool colour) {
    bool ok = part.outcome == Outcome::correct;
    return "    " + paint(ok ? "✓" : "✗", ok ? "32" : "31", colour) + " " +
           (ok ? part.label + ": " + print(part.expected, Notation::unicode) : part.message) + "\n";
}

nlohmann::ordered_json counterexample_to_json(const std::optional<Counterexample>& c) {
    if (!c) return nullptr;
    nlohmann::ordered_json point = nlohmann::ordered_json::object();
    for (const auto& [name, value] : c->point)
        point[name] = value;
    return {{"point", point},
            {"expected", c->expected_value.empty() ? nlohmann::ordered_json(nullptr)
                                                   : nlohmann::ordered_json(c->expected_value)},
            {"answer", c->answer_value},
            {"domain", c->domain}};
}

nlohmann::ordered_json diagnosis_to_json(const std::vector<Diagnosis>& list) {
    nlohmann::ordered_json out = nlohmann::ordered_json::array();
    for (const auto& d : list) {
        nlohmann::ordered_json entry = {{"id", d.id}, {"message", d.message}};
        // Two slips as one claim, or the instructor's words for the engine's slip: the ids.
        if ((d.id == "two_slips" || d.id == "authored") && !d.slips.empty())
            entry["slips"] = d.slips;
        out.push_back(std::move(entry));
    }
    return out;
}

nlohmann::ordered_json verdict_to_json(const Verdict& verdict) {
    nlohmann::ordered_json out;
    out["verdict"] = to_string(verdict.outcome);
    out["method"] = to_string(verdict.method);
    out["message"] = verdict.message;
    out["expected"] = print(verdict.expected);
    out["expected_unicode"] = print(verdict.expected, Notation::unicode);
    out["answer"] = verdict.answer ? nlohmann::ordered_json(print(*verdict.answer)) : nullptr;
    std::optional<Counterexample> first;
    std::size_t samples = 0;
    for (const auto& part : verdict.parts) {
        if (!first && part.counterexample) first = part.counterexample;
        samples += part.samples;
    }
    out["counterexample"] = counterexample_to_json(first);
    out["samples"] = samples;
    out["notes"] = verdict.notes;
    std::vector<Diagnosis> all;
    for (const auto& part : verdict.parts)
        for (const auto& d : part.diagnosis) {
            Diagnosis labelled = d;
            if (!part.label.empty()) labelled.message = part.label + ": " + d.message;
            all.push_back(labelled);
        }
    out["diagnosis"] = diagnosis_to_json(all);
    nlohmann::ordered_json parts = nlohmann::ordered_json::array();
    for (const auto& part : verdict.parts) {
        parts.push_back({{"label", part.label},
                         {"verdict", to_string(part.outcome)},
                         {"method", to_string(part.method)},
                         {"expected", print(part.expected)},
                         {"answer", print(part.answer)},
                         {"counterexample", counterexample_to_json(part.counterexample)},
                         {"diagnosis", diagnosis_to_json(part.diagnosis)},
                         {"message", part.message}});
    }
    out["parts"] = parts;
    if (verdict.outcome == Outcome::invalid && verdict.error_column > 0)
        out["error_column"] = verdict.error_column;
    if (verdict.form)
        out["form"] = {{"required", to_string(verdict.form->required)},
                       {"satisfied", verdict.form->satisfied},
                       {"reason", verdict.form->reason}};
    return out;
}

std::string verdict_to_text(const Verdict& verdict, bool colour) {
    bool wrong_form = verdict.form && !verdict.form->satisfied;
    std::string out =
        wrong_form
            ? paint("~ equivalent, but not " + std::string(to_string(verdict.form->required)),
                    "1;33", colour)
            : verdict_headline(verdict.outcome, colour);
    if (verdict.outcome == Outcome::correct)
        out += verdict.method == Method::symbolic ? " (proved symbolically)"
                                                  : " (agrees at every sample point)";
    out += "\n";
    if (verdict.outcome == Outcome::invalid) {
        out += printable_lines(verdict.message) + "\n";
        return out;
    }
    out += "  expected:    " + print(verdict.expected, Notation::unicode) + "\n";
    if (verdict.answer) {
        // As typed when it used named values (S1(1 − S1)), which the expansion would hide.
        std::string shown = print(*verdict.answer, Notation::unicode);
        // As typed, too, when its form is what is wrong: the canonical form would hide it.
        if (!verdict.answer_text.empty() &&
            (shown.size() > verdict.answer_text.size() + 20 || wrong_form))
            shown = verdict.answer_text;
        out += "  your answer: " + shown + "\n";
    }
    if (wrong_form) out += "  " + verdict.message + "\n";
    if (verdict.outcome == Outcome::incorrect) {
        if (verdict.parts.size() > 1) {
            out += "  " + verdict.message + ":\n";
            for (const auto& part : verdict.parts) {
                out += entry_line(part, colour);
                for (const auto& d : part.diagnosis)
                    out += "        mistake: " + d.message + "\n";
            }
        } else {
            out += "  " + verdict.message + "\n";
            if (!verdict.parts.empty())
                for (const auto& d : verdict.parts.front().diagnosis)
                    out += "  mistake: " + d.message + "\n";
        }
    }
    for (const auto& note : verdict.notes)
        out += "  note: " + note + "\n";
    return out;
}

} // namespace chainrule
