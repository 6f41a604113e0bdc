#pragma once
#include "checker/matrix_check.hpp"

#include <functional>

namespace chainrule {

/// Whether two entries are equal: proved by GiNaC when the difference is 0 once expanded,
/// else compare_expressions (a proof, or sampling with error-bounded numbers).
PartVerdict compare_matrix_entry(const GiNaC::ex& expected, const GiNaC::ex& answer);

/// "(2,1)" for entry `index` of a matrix, "(2)" of a vector, "" of a 1×1 value (1-based).
std::string entry_label(const MatrixValue& value, bool vector, std::size_t index);

/// Compares an answer whose shape fits with the key at every size of the expectation: the
/// parts are the entries at the smallest size; the verdict's outcome, method and message
/// are filled in.
void compare_matrix_answer(const MatrixExpectation& expectation, const TypedMatrix& answer,
                           MatrixVerdict& out);

/// Whether two values worked out at every size are equal there: `left(k)` and `right(k)`
/// give them (nothing when there is nothing to compare at that size).
bool equal_at_every_size(const MatrixExpectation& expectation,
                         const std::function<std::optional<MatrixValue>(std::size_t)>& left,
                         const std::function<std::optional<MatrixValue>(std::size_t)>& right);

} // namespace chainrule
