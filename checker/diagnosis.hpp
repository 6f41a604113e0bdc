#pragma once
// Named mistakes: for an incorrect answer to d/dx f, which known misconceptions explain it.
//
// How it works: the wrong derivatives that each known mistake would produce for this very
// function are built (the function's tree is walked; at each sum, term, power, product and
// composition the mistaken rule is applied once, with every other part differentiated
// right; a few whole-answer mistakes and "the same slip everywhere" variants are added), and
// the answer is matched against each of them by equivalence (compare_expressions), after a
// cheap numeric pre-filter. The number of candidates is capped (DiagnosisOptions). The
// candidates of a question are built once and cached (clear_diagnosis_cache), so diagnosing
// the next answer to the same question costs a few numeric evaluations and at most a proof or
// two.
//
// A correct answer never gets a diagnosis: diagnose() checks the answer first and returns
// nothing when it is right (or cannot be compared).
#include "checker/structure_description.hpp"

#include <ginac/ginac.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// One explanation of a wrong answer.
struct Diagnosis {
    /// stable: one of mistake_ids(); "two_slips" for two slips that together explain the
    /// answer; "structure" for the fallback (no slip named)
    std::string id;
    std::string message; ///< plain words, naming the term and the rule (Unicode notation)
    /// The slips claimed: the id itself for one slip, the two slips' ids for "two_slips",
    /// none for "structure".
    std::vector<std::string> slips = {};
};

struct DiagnosisOptions {
    /// The most candidate wrong derivatives built and matched.
    std::size_t max_candidates = 64;
    /// When no named mistake matches, return one Diagnosis with id "structure" describing
    /// the difference (describe_structure); with false, return nothing then.
    bool structural_fallback = true;
    /// The caller has already found the answer incorrect (compare_expressions against the
    /// derivative): the check that diagnose() starts with is skipped. Set it only then, or a
    /// right answer could get a diagnosis.
    bool known_incorrect = false;
    /// A hidden-answer mode (check --set, practice, grade): no message shows the derivative,
    /// nor an expression equal to it or to one of `hidden` (the other entries of the answer);
    /// the clause that would is left out.
    bool hide_answer = false;
    std::vector<GiNaC::ex> hidden = {};
};

/// Empties the per-question cache of diagnose(). The wrong derivatives that known mistakes
/// give for a function (and their values at the probe points) are built on the first
/// diagnosis of an answer to that question and kept for the next ones, at most 256
/// questions; this is for measuring a first diagnosis (bench/diagnosis_bench).
void clear_diagnosis_cache();

/// The ids of the named mistakes, in a fixed order:
/// constant_not_zero, power_exponent_not_lowered, power_coefficient_missing, term_dropped,
/// product_rule_as_product, chain_factor_missing, other_variable_not_constant,
/// wrong_variable, integrated_instead, sign_error, constant_factor, sigmoid_derivative_form,
/// tanh_derivative_form, softmax_index_confusion, indicator_reversed, leaky_slope_dropped.
const std::vector<std::string>& mistake_ids();

/// For an answer to d/dx function (x = `variable`, one of `variables`): the named mistakes
/// that explain it, at most one Diagnosis per id, the most specific first. `constant_factor`
/// is reported only when no other id matches (a missing coefficient n is also a constant
/// factor, and the specific rule is the better explanation). Empty when the answer is
/// correct or cannot be compared; when it is wrong and nothing matches, a single
/// { "structure", describe_structure(...) } unless options.structural_fallback is false.
/// Unevaluated derivatives in the function or the answer are evaluated first.
std::vector<Diagnosis> diagnose(const GiNaC::ex& function, const std::string& variable,
                                const std::vector<std::string>& variables, const GiNaC::ex& answer,
                                const DiagnosisOptions& options = {});

} // namespace chainrule
