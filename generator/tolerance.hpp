#pragma once
// How close a number answer must be to the value asked for (`at:` questions), and the
// judgement of one number against the exact value.
#include <ginac/ginac.h>

#include <optional>
#include <string>

namespace chainrule {

/// A tolerance: `significant: 3` (the default), `relative: 0.01` or `absolute: 0.001`.
struct Tolerance {
    enum class Kind { significant, relative, absolute };
    Kind kind = Kind::significant;
    GiNaC::numeric amount = 3; ///< figures, a share of the value, or a distance

    /// "3 significant figures", "a relative error of 0.01", "an error of 0.001".
    std::string describe() const;
    /// The YAML/JSON form: "significant 3", "relative 0.01", "absolute 0.001".
    std::string text() const;
    /// The tolerance a text() writes; nothing for any other text.
    static std::optional<Tolerance> parse(const std::string& text);
};

/// The verdict on one number.
struct NumberJudgement {
    bool within = false;
    std::string message; ///< says how close, without giving the value away when it is wrong
};

/// Judges `answer` (an expression with no variables: 0.235, sigmoid(0.5)*(1 - sigmoid(0.5)))
/// against the exact `expected`. An answer that is not a real number is not within.
NumberJudgement judge_number(const GiNaC::ex& expected, const GiNaC::ex& answer,
                             const Tolerance& tolerance);

/// A number for people: up to `digits` significant figures ("0.2350037", "12", "-3.5e-07").
std::string decimal_text(const GiNaC::ex& value, int digits = 7);

} // namespace chainrule
