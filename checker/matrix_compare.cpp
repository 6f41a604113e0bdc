#include "checker/matrix_compare.hpp"

#include "checker/equivalence.hpp"
#include "checker/numeric_eval.hpp"
#include "checker/sampling.hpp"
#include "expr/node_kind.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"

#include <algorithm>
#include <cmath>
#include <set>

namespace chainrule {

using GiNaC::ex;

namespace {

// Expressions larger than this are not expanded for a proof: compare_expressions decides.
constexpr std::size_t max_expand_size = 600;
// Points where two entries must agree, within their rounding error bounds, to pass by
// sampling without compare_expressions.
constexpr std::size_t agreeing_points = 12;

bool quickly_zero(const ex& difference) {
    if (difference.is_zero()) return true;
    if (tree_size(difference, max_expand_size) > max_expand_size) return false;
    try {
        return difference.expand().is_zero();
    } catch (const std::exception&) {
        return false;
    }
}

// Whether two entries agree at a dozen sample points within their rounding error bounds:
// true when they do everywhere, false when they differ beyond the bounds somewhere, nothing
// when the numbers cannot tell (a function the compiler lacks, an undefined value).
std::optional<bool> agree_by_numbers(const ex& a, const ex& b) {
    std::set<ex, GiNaC::ex_is_less> symbols;
    collect_symbols(a, symbols);
    collect_symbols(b, symbols);
    std::vector<ex> variables(symbols.begin(), symbols.end());
    // By name: the same points in every run, whatever order GiNaC keeps its symbols in.
    std::sort(variables.begin(), variables.end(), [](const ex& x, const ex& y) {
        return GiNaC::ex_to<GiNaC::symbol>(x).get_name() <
               GiNaC::ex_to<GiNaC::symbol>(y).get_name();
    });
    auto compiled_a = CompiledExpression::compile(a, variables);
    auto compiled_b = CompiledExpression::compile(b, variables);
    if (!compiled_a || !compiled_b) return std::nullopt;
    SamplePoints points(variables.size(), 0x6D6174726978ULL); // "matrix"
    std::vector<long double> point(variables.size());
    for (std::size_t n = 0; n < agreeing_points; ++n) {
        auto p = points.next();
        for (std::size_t i = 0; i < p.size(); ++i)
            point[i] = p[i].to_double();
        long double error_a = 0, error_b = 0;
        long double value_a = compiled_a->evaluate(point, error_a);
        long double value_b = compiled_b->evaluate(point, error_b);
        if (!std::isfinite(value_a) || !std::isfinite(value_b) || !std::isfinite(error_a) ||
            !std::isfinite(error_b))
            return std::nullopt;
        if (std::fabs(value_a - value_b) > error_a + error_b) return false;
    }
    return true;
}

std::string entry_text(const MatrixValue& value, std::size_t index) {
    return print(value.entries[index], Notation::unicode);
}

} // namespace

PartVerdict compare_matrix_entry(const ex& expected, const ex& answer) {
    if (quickly_zero(expected - answer)) {
        PartVerdict verdict;
        verdict.outcome = Outcome::correct;
        verdict.method = Method::symbolic;
        verdict.expected = expected;
        verdict.answer = answer;
        return verdict;
    }
    // Sampling with error-bounded numbers decides an agreement; a disagreement (or numbers
    // that cannot tell) goes to compare_expressions, which proves or finds the counterexample
    // and knows the kinks of the non-smooth functions.
    if (agree_by_numbers(expected, answer) == true) {
        PartVerdict verdict;
        verdict.outcome = Outcome::correct;
        verdict.method = Method::sampling;
        verdict.samples = agreeing_points;
        verdict.expected = expected;
        verdict.answer = answer;
        return verdict;
    }
    return compare_expressions(expected, answer, {});
}

std::string entry_label(const MatrixValue& value, bool vector, std::size_t index) {
    if (value.entries.size() == 1) return "";
    std::size_t row = index / value.cols + 1;
    std::size_t col = index % value.cols + 1;
    if (vector) return "(" + std::to_string(row) + ")";
    return "(" + std::to_string(row) + "," + std::to_string(col) + ")";
}

namespace {

// An entry proved equal with the lets as their own symbols needs nothing more; else the two
// are compared worked out.
PartVerdict entry_verdict(const MatrixExpectation& expectation, const MatrixValue& key,
                          const MatrixValue& given, const MatrixValue& given_shown, std::size_t k,
                          std::size_t i) {
    if (expectation.proved_through_lets(given_shown, k, i)) {
        PartVerdict verdict;
        verdict.outcome = Outcome::correct;
        verdict.method = Method::symbolic;
        verdict.expected = key.entries[i];
        verdict.answer = given.entries[i];
        return verdict;
    }
    return compare_matrix_entry(key.entries[i], given.entries[i]);
}

} // namespace

void compare_matrix_answer(const MatrixExpectation& expectation, const TypedMatrix& answer,
                           MatrixVerdict& out) {
    Verdict& verdict = out.verdict;
    bool vector = !expectation.expected_shape().scalar && expectation.expected_shape().cols == "1";
    bool all_symbolic = true;
    std::size_t entries_compared = 0;
    std::optional<std::string> larger_failure;
    for (std::size_t k = 0; k < expectation.sizes().size(); ++k) {
        const MatrixValue& key = expectation.key(k);
        MatrixValue given = expectation.at_size(answer, k, false);
        if (k == 0) {
            const MatrixValue& key_shown = expectation.key_display(0);
            MatrixValue given_shown = expectation.at_size(answer, 0, true);
            verdict.expected = ExprValue::matrix(key_shown.rows, key_shown.cols, key_shown.entries);
            verdict.answer =
                ExprValue::matrix(given_shown.rows, given_shown.cols, given_shown.entries);
            out.expected_entries = print(verdict.expected, Notation::unicode);
            std::size_t wrong = 0;
            std::string first;
            for (std::size_t i = 0; i < key.entries.size(); ++i) {
                PartVerdict part = entry_verdict(expectation, key, given, given_shown, k, i);
                ++entries_compared;
                part.label = entry_label(key, vector, i);
                std::string where = part.label.empty() ? "" : part.label + ": ";
                part.expected = key_shown.entries[i];
                part.answer = given_shown.entries[i];
                if (part.method != Method::symbolic) all_symbolic = false;
                if (part.outcome == Outcome::correct) {
                    part.message = where + "correct";
                } else {
                    part.message = where + "expected " + entry_text(key_shown, i) +
                                   ", your answer " + entry_text(given_shown, i);
                    if (wrong++ == 0) first = part.message;
                }
                verdict.parts.push_back(std::move(part));
            }
            if (wrong > 0) {
                std::size_t first_index = 0;
                while (verdict.parts[first_index].outcome == Outcome::correct)
                    ++first_index;
                const std::string& first_label = verdict.parts[first_index].label;
                out.hidden_message =
                    key.entries.size() == 1
                        ? "wrong at " + out.size
                        : std::to_string(wrong) + " of " + std::to_string(key.entries.size()) +
                              " entries are wrong at " + out.size + "; the first is " + first_label;
                verdict.outcome = Outcome::incorrect;
                verdict.method = all_symbolic ? Method::symbolic : Method::sampling;
                verdict.message =
                    key.entries.size() == 1
                        ? "at " + out.size + ": " + first
                        : std::to_string(wrong) + " of " + std::to_string(key.entries.size()) +
                              " entries are wrong at " + out.size + "; the first, " + first;
                return;
            }
            continue;
        }
        MatrixValue given_shown = expectation.at_size(answer, k, true);
        for (std::size_t i = 0; i < key.entries.size(); ++i) {
            PartVerdict part = entry_verdict(expectation, key, given, given_shown, k, i);
            ++entries_compared;
            if (part.method != Method::symbolic) all_symbolic = false;
            if (part.outcome != Outcome::correct) {
                const MatrixValue& key_shown = expectation.key_display(k);
                std::string label = entry_label(key, vector, i);
                out.hidden_message = "right at " + out.size + " but not at " +
                                     expectation.size_text(k) +
                                     (label.empty() ? "" : " (entry " + label + ")");
                larger_failure =
                    "right at " + out.size + " but not at " + expectation.size_text(k) + ": " +
                    (label.empty() ? "" : label + ": ") + "expected " + entry_text(key_shown, i) +
                    ", your answer " + entry_text(given_shown, i);
                break;
            }
        }
        if (larger_failure) break;
    }
    verdict.method = all_symbolic ? Method::symbolic : Method::sampling;
    if (larger_failure) {
        verdict.outcome = Outcome::incorrect;
        verdict.message = *larger_failure;
        return;
    }
    verdict.outcome = Outcome::correct;
    std::string sizes;
    for (std::size_t k = 0; k < expectation.sizes().size(); ++k)
        sizes += (k ? "; " : "") + expectation.size_text(k);
    verdict.message = "every entry agrees at " + std::to_string(expectation.sizes().size()) +
                      " sizes (" + sizes + ")";
}

bool equal_at_every_size(const MatrixExpectation& expectation,
                         const std::function<std::optional<MatrixValue>(std::size_t)>& left,
                         const std::function<std::optional<MatrixValue>(std::size_t)>& right) {
    for (std::size_t k = 0; k < expectation.sizes().size(); ++k) {
        std::optional<MatrixValue> a, b;
        try {
            a = left(k);
            b = right(k);
        } catch (const std::exception&) {
            return false;
        }
        if (!a || !b || a->rows != b->rows || a->cols != b->cols) return false;
        // Cheap screens first: a clear difference anywhere settles it.
        for (std::size_t i = 0; i < a->entries.size(); ++i)
            if (!quickly_zero(a->entries[i] - b->entries[i]) &&
                clearly_different(a->entries[i], b->entries[i]))
                return false;
        for (std::size_t i = 0; i < a->entries.size(); ++i)
            if (compare_matrix_entry(b->entries[i], a->entries[i]).outcome != Outcome::correct)
                return false;
    }
    return true;
}

} // namespace chainrule
