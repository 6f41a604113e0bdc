#pragma once
#include "checker/matrix_check.hpp"

#include <nlohmann/json_fwd.hpp>

#include <string>

namespace chainrule {

/// A matrix verdict as JSON: the keys of verdict_to_json (verdict, method, message, expected,
/// expected_unicode, answer, counterexample, samples, notes, diagnosis, parts: the entries at
/// the smallest size), then expected_shape, answer_shape and size.
nlohmann::ordered_json matrix_verdict_to_json(const MatrixVerdict& verdict);

/// A matrix verdict for a person: the headline, the expected value and the answer with their
/// shapes, the message, the entries at the smallest size when some are wrong, the named
/// mistakes and the notes.
std::string matrix_verdict_to_text(const MatrixVerdict& verdict, bool colour);

} // namespace chainrule
