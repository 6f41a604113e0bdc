#pragma once
#include "checker/verdict.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// A counterexample as JSON: {"point": {...}, "expected", "answer", "domain"}, or null.
nlohmann::ordered_json counterexample_to_json(const std::optional<Counterexample>& c);

/// Diagnoses as JSON: [{"id", "message"}, ...].
nlohmann::ordered_json diagnosis_to_json(const std::vector<Diagnosis>& list);

/// A verdict as JSON, in the schema the README documents: verdict, method, message, expected,
/// answer, counterexample, samples, notes, parts (and error_column for invalid input, and
/// form {required, satisfied, reason} when the question requires a form). Keys
/// in a fixed order, so the same verdict always gives the same bytes.
nlohmann::ordered_json verdict_to_json(const Verdict& verdict);

/// "✓ correct", "✗ incorrect" or "! invalid", in its colour when `colour`.
std::string verdict_headline(Outcome outcome, bool colour);

/// One entry of a vector or matrix verdict, on its own indented line: ✓ with its label and
/// value, or ✗ with the entry's message.
std::string entry_line(const PartVerdict& part, bool colour);

/// A verdict for a person: a first line with the verdict, then the expected value, the
/// answer, the counterexample or the wrong entries, and the notes. `colour` adds ANSI colours.
std::string verdict_to_text(const Verdict& verdict, bool colour);

} // namespace chainrule
