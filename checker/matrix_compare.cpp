#include "checker/matrix_compare.hpp"

#include "checker/equivalence.hpp"
#include "expr/printer.hpp"

namespace chainrule {

using GiNaC::ex;

namespace {

// Expressions larger than this are not expanded for a proof: compare_expressions decides.
constexpr std::size_t max_expand_size = 600;

std::size_t tree_size(const ex& e, std::size_t limit) {
    std::size_t size = 1;
    for (std::size_t i = 0; i < e.nops() && size <= limit; ++i)
        size += tree_size(e.op(i), limit - size);
    return size;
}

bool quickly_zero(const ex& difference) {
    if (difference.is_zero()) return true;
    if (tree_size(difference, max_expand_size) > max_expand_size) return false;
    try {
        return difference.expand().is_zero();
    } catch (const std::exception&) {
        return false;
    }
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
    return compare_expressions(expected, answer, {});
}

std::string entry_label(const MatrixValue& value, bool vector, std::size_t index) {
    if (value.entries.size() == 1) return "";
    std::size_t row = index / value.cols + 1;
    std::size_t col = index % value.cols + 1;
    if (vector) return "(" + std::to_string(row) + ")";
    return "(" + std::to_string(row) + "," + std::to_string(col) + ")";
}

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
            MatrixValue key_shown = expectation.key_display(0);
            MatrixValue given_shown = expectation.at_size(answer, 0, true);
            verdict.expected = ExprValue::matrix(key_shown.rows, key_shown.cols, key_shown.entries);
            verdict.answer =
                ExprValue::matrix(given_shown.rows, given_shown.cols, given_shown.entries);
            out.expected_entries = print(verdict.expected, Notation::unicode);
            std::size_t wrong = 0;
            std::string first;
            for (std::size_t i = 0; i < key.entries.size(); ++i) {
                PartVerdict part = compare_matrix_entry(key.entries[i], given.entries[i]);
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
        for (std::size_t i = 0; i < key.entries.size(); ++i) {
            PartVerdict part = compare_matrix_entry(key.entries[i], given.entries[i]);
            ++entries_compared;
            if (part.method != Method::symbolic) all_symbolic = false;
            if (part.outcome != Outcome::correct) {
                MatrixValue key_shown = expectation.key_display(k);
                MatrixValue given_shown = expectation.at_size(answer, k, true);
                std::string label = entry_label(key, vector, i);
                larger_failure = "right at " + out.size + " but not at " +
                                 expectation.size_text(k) + ": " +
                                 (label.empty() ? "" : label + ": ") + "expected " +
                                 entry_text(key_shown, i) + ", your answer " +
                                 entry_text(given_shown, i);
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
