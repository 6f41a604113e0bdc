#pragma once
// Answers with two natural readings: `2e^2x`, `1/2x`, `x^1/2`, `1/2√x`. The language keeps the
// standard reading (the exponent and the divisor bind tightly); when that reading is wrong
// and the other would be right, the verdict says so.
#include <optional>
#include <string>
#include <string_view>

namespace chainrule {

/// The other natural reading of an answer, written out with parentheses, and the note that
/// explains the difference.
struct OtherReading {
    std::string text; ///< the answer with the other reading's parentheses: 2e^(2x)
    std::string note; ///< "read as 2e²·x; for e to the power 2x write e^(2x)"
};

/// The first spot of text with another natural reading, or nothing.
std::optional<OtherReading> other_reading(std::string_view text);

} // namespace chainrule
