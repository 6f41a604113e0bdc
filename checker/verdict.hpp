#pragma once
#include "checker/diagnosis.hpp"
#include "checker/form.hpp"
#include "expr/value.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace chainrule {

/// The verdict on an answer: a value, never an exception.
enum class Outcome { correct, incorrect, invalid };

/// How a verdict was reached.
enum class Method {
    symbolic, ///< proved: the difference simplifies to 0 (or, for incorrect, a polynomial that
              ///< is not 0)
    sampling, ///< the two agree (or not) at sample points in every region of the variables
    none,     ///< not compared: the answer could not be read, or its shape is wrong
};

/// "correct", "incorrect", "invalid".
const char* to_string(Outcome outcome);
/// "symbolic", "sampling", "none".
const char* to_string(Method method);

/// A point where the answer and the expected value differ.
struct Counterexample {
    /// The variables and their values at the point, in the question's order ("x", "1.5").
    std::vector<std::pair<std::string, std::string>> point;
    /// the expected value there ("undefined" where it is not); empty where it is hidden
    /// (hide_constant_expected)
    std::string expected_value;
    std::string answer_value; ///< the answer's value there ("undefined" where it is not)
    /// True when the difference is one of domain: one side is undefined over a region where
    /// the other is defined.
    bool domain = false;
};

/// The verdict on one expression: a whole scalar answer, or one entry of a vector or matrix.
struct PartVerdict {
    std::string label; ///< "" for a scalar; "∂/∂y" or "[2]" or "[1,3]" for an entry
    Outcome outcome = Outcome::invalid;
    Method method = Method::none;
    std::size_t samples = 0; ///< points compared, when the method is sampling
    GiNaC::ex expected;
    GiNaC::ex answer;
    std::optional<Counterexample> counterexample;
    std::string message;            ///< one sentence for a person
    std::vector<std::string> notes; ///< e.g. the kink convention that was accepted
    /// For an incorrect entry of a derivative question: the mistakes that explain it.
    std::vector<Diagnosis> diagnosis;
};

/// The verdict on a whole answer.
struct Verdict {
    Outcome outcome = Outcome::invalid;
    Method method = Method::none;
    std::string message; ///< for a person; for invalid input, the error with a caret
    ExprValue expected;
    std::optional<ExprValue> answer;
    std::string answer_text;        ///< the answer as typed (control characters made visible)
    std::vector<PartVerdict> parts; ///< one per entry (one for a scalar)
    std::vector<std::string> notes;
    /// For invalid input: the 1-based column of the problem in the answer, 0 if none.
    std::size_t error_column = 0;
    /// For a correct answer to a question that requires a form: whether it is in that form.
    /// The outcome stays correct either way; the message says when the form is wrong.
    std::optional<FormVerdict> form;
};

} // namespace chainrule
