#pragma once
// Variants of a template: a problem for given parameter values, and sequences of distinct,
// non-degenerate variants drawn from a seed.
#include "generator/diagnostic.hpp"
#include "generator/problem.hpp"
#include "generator/random.hpp"
#include "generator/template.hpp"

#include <cstddef>
#include <cstdint>
#include <set>
#include <string>
#include <variant>
#include <vector>

namespace chainrule {

/// Why parameter values give no problem.
struct Rejection {
    enum Kind { constraint, degenerate } kind = constraint;
    std::string reason;
};

/// The problem that the template makes with these parameter values (id and number unset), or
/// why it makes none. Throws TemplateError, at the place in the template, for a text that
/// cannot be read with these values.
std::variant<Problem, Rejection> instantiate(const Template& t, const Assignment& values);

/// What makes two variants the same question.
std::string variant_key(const Problem& problem);

/// "a = 3, n = 2": parameter values for messages.
std::string describe_assignment(const Template& t, const Assignment& values);

/// The number of combinations of parameter values (saturating).
std::uint64_t combination_count(const Template& t);

/// Draws variants of one template from a seed, each different from those before.
class VariantSource {
  public:
    /// Variants of t (which must outlive this) drawn from seed.
    VariantSource(const Template& t, std::uint64_t seed);

    /// The next variant. Throws InputError naming the template when no new, non-degenerate
    /// variant is found within the attempt budget.
    Problem next();

  private:
    const Template& t_;
    Random random_;
    std::set<std::string> keys_;
    std::set<std::string> tried_;
    std::uint64_t combinations_;
};

/// `count` distinct variants of t drawn from seed (ids and numbers unset).
std::vector<Problem> generate_variants(const Template& t, std::uint64_t seed, std::size_t count);

/// What a sweep over a template's parameter values found, for validation.
struct VariantSurvey {
    std::uint64_t combinations = 0; ///< all combinations of parameter values
    std::size_t examined = 0;       ///< combinations looked at (all, or a sample)
    bool exhaustive = false;        ///< every combination was looked at
    std::size_t violating = 0;      ///< broke a constraint
    std::size_t degenerate = 0;
    std::size_t repeated = 0;       ///< gave a problem already given by other values
    std::size_t distinct = 0;       ///< different problems found
    std::string degenerate_example; ///< "a = 0: the derivative is 0"
    std::string repeat_example;     ///< "a = 2, b = 3 and a = 3, b = 2 give the same problem"
    std::vector<Diagnostic> errors; ///< texts that could not be read for some values
};

/// Looks at every combination of parameter values (or `budget` of them drawn at random).
VariantSurvey survey_variants(const Template& t, std::size_t budget = 400);

/// Problems that the first few variants reveal: texts that do not read (with the place in the
/// template), constraints that nothing satisfies, variants that are all degenerate, prose
/// that LaTeX cannot set.
std::vector<Diagnostic> probe_template(const Template& t);

} // namespace chainrule
