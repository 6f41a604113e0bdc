#pragma once
#include "checker/diagnosis.hpp"
#include "checker/equivalence.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// The verdict on one line of a derivation.
struct StepVerdict {
    std::size_t index = 0; ///< 1-based
    Outcome outcome = Outcome::invalid;
    std::string text;    ///< the step as typed (control characters made visible)
    std::string message; ///< for a person
    /// For the first wrong step: the part of the previous step that was worked out wrongly
    /// (Unicode), what it became, and the named mistakes that explain it.
    std::string changed_from;
    std::string changed_to;
    std::vector<Diagnosis> diagnosis;
};

/// The work (expr/work_budget.hpp) a whole derivation may take, its steps' comparisons and
/// diagnoses together: past it, the derivation is invalid, "too costly to check", the same on
/// every machine.
inline constexpr std::uint64_t derivation_work_budget = 10000000;

/// The verdict on a whole derivation.
struct DerivationVerdict {
    Outcome outcome = Outcome::invalid; ///< correct only when every step is right and finished
    std::vector<StepVerdict> steps;
    std::optional<std::size_t> first_wrong_step; ///< 1-based
    bool unfinished = false; ///< every step right, but the last holds an unevaluated derivative
    std::string message;
    Verdict final_verdict; ///< the last step checked as an answer
    /// For partial credit: the share of the derivation's steps that are right before the first
    /// wrong one (or, unfinished, before the missing end). Only steps that say something new
    /// count: a step equal to an earlier one, or that restates the question d/dx(f), counts
    /// neither above nor below the line; the missing end of an unfinished derivation counts
    /// one step. 0 when a step cannot be read; 1 for a right, finished derivation.
    double right_share = 0;
};

/// The steps of a derivation as typed: one per line, and a line holding a chain of equalities
/// (`d/dx(3x^2) = 6x`) gives one step per side; blank lines are skipped. At most max_steps
/// (an InputError past that).
std::vector<std::string> split_steps(const std::string& text, std::size_t max_steps = 200);

/// Checks each step against the expectation (a derivative of `function` with respect to
/// `variable`), names the first wrong one with the term that went wrong and the mistake
/// that explains it, and reports a right but unfinished derivation as such. A step that
/// cannot be read makes the derivation invalid: no later step is called the first wrong one.
/// `hide_answer`: the diagnoses never show the derivative (DiagnosisOptions::hide_answer).
DerivationVerdict check_derivation(const Expectation& expectation, const GiNaC::ex& function,
                                   const std::string& variable,
                                   const std::vector<std::string>& steps, bool hide_answer = false);

} // namespace chainrule
