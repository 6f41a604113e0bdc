// Over 600 lines, one job: whether an answer equals the expected value (numbers first, then a
// proof, then sampling in every region of the piecewise functions) and the verdict's words
// (the counterexample, the kinks, the readings); each part serves only compare_expressions
// and check_answer, and apart they would share the sampling's internal types.
#include "checker/equivalence.hpp"

#include "expr/node_kind.hpp"
#include "expr/readings.hpp"

#include "checker/canonical.hpp"
#include "checker/diagnosis.hpp"
#include "checker/numeric_eval.hpp"
#include "checker/probe.hpp"
#include "checker/sampling.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"
#include "expr/written_decimal.hpp"

#include <algorithm>
#include <cfenv>
#include <cmath>
#include <cstdio>
#include <optional>
#include <set>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

// Sampling budget: points where both sides must agree, and the most points tried.
constexpr std::size_t agreeing_points_base = 10;
constexpr std::size_t max_points = 240;
// Expressions larger than this are not put through normal(): sampling decides.
constexpr std::size_t max_normal_size = 400;

bool is_zero_symbolically(const ex& difference) {
    try {
        if (difference.is_zero()) return true;
        if (is_polynomial(difference)) {
            return cheap_to_expand(difference) && difference.expand().is_zero();
        }
        if (tree_size(difference, max_normal_size) >= max_normal_size ||
            !cheap_to_normalize(difference))
            return false;
        return GiNaC::normal(difference).is_zero();
    } catch (const std::exception&) {
        return false; // e.g. a division by zero met while simplifying: let sampling decide
    }
}

// "x − y = 0" for a boundary w: the positive terms on the left, the negated negative ones on
// the right, so that the note reads "x = y".
std::string boundary_text(const ex& w) {
    ex left = 0, right = 0;
    auto is_negative_term = [](const ex& term) {
        return is_kind(term, NodeKind::numeric)
                   ? ex_to<numeric>(term).is_negative()
                   : is_kind(term, NodeKind::mul) &&
                         is_kind(term.op(term.nops() - 1), NodeKind::numeric) &&
                         ex_to<numeric>(term.op(term.nops() - 1)).is_negative();
    };
    std::size_t terms = is_kind(w, NodeKind::add) ? w.nops() : 1;
    for (std::size_t i = 0; i < terms; ++i) {
        ex term = is_kind(w, NodeKind::add) ? w.op(i) : w;
        if (is_negative_term(term))
            right -= term;
        else
            left += term;
    }
    // "z = 0", not "0 = z" (nor "−z = 0"): the variables on the left.
    if (left.is_zero() || (is_kind(left, NodeKind::numeric) && !is_kind(right, NodeKind::numeric)))
        std::swap(left, right);
    return print(left, Notation::unicode) + " = " + print(right, Notation::unicode);
}

// A boundary that is itself piecewise (the kinks of max(max(x, y), z)) has no one-line
// equation worth showing.
bool has_function(const ex& e) {
    if (is_kind(e, NodeKind::function)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_function(e.op(i))) return true;
    return false;
}

struct Evaluator {
    ex expression;
    std::optional<CompiledExpression> compiled;
};

enum class PointResult { agree, differ, both_undefined, one_undefined };

struct Comparison {
    PointResult result;
    std::optional<numeric> expected_value;
    std::optional<numeric> answer_value;
    bool expected_out_of_range = false;
    bool answer_out_of_range = false;
};

class Sampler {
  public:
    Sampler(const ex& expected, const ex& answer, std::vector<ex> variables,
            std::vector<ex> boundaries)
        : variables_(std::move(variables)) {
        expected_ = {expected, CompiledExpression::compile(expected, variables_)};
        answer_ = {answer, CompiledExpression::compile(answer, variables_)};
        for (const auto& w : boundaries)
            boundaries_.push_back({w, CompiledExpression::compile(w, variables_)});
    }

    PartVerdict run(PartVerdict verdict) {
        SamplePoints points(variables_.size(), 0x636861696E72756CULL); // "chainrul"
        std::size_t needed = agreeing_points_base + 2 * variables_.size();
        agreeing_ = 0;
        signs_seen_.assign(boundaries_.size(), {});
        for (std::size_t tried = 0; tried < max_points; ++tried) {
            int spread = tried < max_points / 2 ? 1 : tried < 3 * max_points / 4 ? 10 : 100;
            if (agreeing_ == 0 && tried >= 40) spread = tried < 120 ? 10 : 100;
            // Every third point near the origin, where steep functions still vary.
            auto point = tried >= 6 && tried % 3 == 2 ? points.next_narrow() : points.next(spread);
            PartVerdict candidate = verdict;
            if (examine(point, candidate)) {
                // A difference between 9.7e-758 and 9.7e-761 is a proof, but a poor example
                // for a person: look a little further for one with readable values.
                if (readable_ || (fallback_ && tried >= *fallback_tried_ + extra_points))
                    return readable_ ? candidate : *fallback_;
                if (!fallback_) {
                    fallback_ = candidate;
                    fallback_tried_ = tried;
                }
                continue;
            }
            if (fallback_ && tried >= *fallback_tried_ + extra_points) return *fallback_;
            if (agreeing_ >= needed && (regions_covered() || tried >= max_points / 2)) break;
        }
        // A region the random points missed (a kink far from the origin: x = 50): aim at
        // both sides of its boundary.
        for (std::size_t i = 0; i < boundaries_.size(); ++i) {
            if (signs_seen_[i].size() == 2) continue;
            for (const auto& point : points_beside(boundaries_[i].expression))
                if (examine(point, verdict)) return verdict;
        }
        if (fallback_) return *fallback_;
        verdict.samples = agreeing_;
        if (domain_difference_) {
            verdict.outcome = Outcome::incorrect;
            verdict.counterexample = domain_difference_;
            return verdict;
        }
        if (agreeing_ == 0) {
            verdict.outcome = Outcome::invalid;
            verdict.message =
                "could not compare: the expressions are undefined at every point tried";
            return verdict;
        }
        verdict.outcome = Outcome::correct;
        return verdict;
    }

  private:
    static constexpr long double boundary_margin = 1e-6L;
    static constexpr std::size_t extra_points = 30;

    static bool readable(const std::optional<numeric>& value) {
        if (!value) return true;
        if (value->is_zero()) return true;
        numeric magnitude = abs(*value);
        return magnitude >= numeric(1, 1000000) && magnitude <= numeric(1000000000000L);
    }

    bool regions_covered() const {
        return std::all_of(signs_seen_.begin(), signs_seen_.end(),
                           [](const auto& s) { return s.size() == 2; });
    }

    // Compares the two sides at one point; true (with the verdict filled in) when they differ.
    bool examine(const std::vector<numeric>& point, PartVerdict& verdict) {
        std::vector<long double> values;
        for (const auto& v : point)
            values.push_back(static_cast<long double>(v.to_double()));
        std::vector<int> signs;
        if (near_boundary(values, signs)) return false;
        Comparison comparison = compare_at(point, values);
        if (comparison.result == PointResult::differ) {
            readable_ = readable(comparison.expected_value) && readable(comparison.answer_value);
            verdict.outcome = Outcome::incorrect;
            verdict.samples = agreeing_ + 1;
            verdict.counterexample = counterexample(point, comparison, false);
            return true;
        }
        if (comparison.result == PointResult::one_undefined) {
            if (!domain_difference_ && confirmed_domain_difference(point))
                domain_difference_ = counterexample(point, comparison, true);
            return false;
        }
        if (comparison.result == PointResult::both_undefined) return false;
        ++agreeing_;
        for (std::size_t i = 0; i < signs.size(); ++i)
            signs_seen_[i].insert(signs[i]);
        return false;
    }

    // Points on both sides of the boundary w = 0, near it and further off: w solved for a
    // variable it is linear in, the others at fixed values. None when w is not linear in any.
    std::vector<std::vector<numeric>> points_beside(const ex& w) const {
        std::vector<std::vector<numeric>> out;
        if (!is_polynomial(w) || !cheap_to_expand(w)) return out;
        const ex expanded = w.expand();
        for (std::size_t j = 0; j < variables_.size() && out.empty(); ++j) {
            if (expanded.degree(variables_[j]) != 1) continue;
            std::vector<numeric> base;
            GiNaC::lst others;
            for (std::size_t k = 0; k < variables_.size(); ++k) {
                base.push_back(numeric(2 * static_cast<long>(k) + 1, 4));
                if (k != j) others.append(variables_[k] == base.back());
            }
            ex slope = expanded.coeff(variables_[j], 1).subs(others);
            ex offset = expanded.coeff(variables_[j], 0).subs(others);
            if (!is_kind(slope, NodeKind::numeric) || !is_kind(offset, NodeKind::numeric) ||
                slope.is_zero())
                continue;
            numeric root = -ex_to<numeric>(offset) / ex_to<numeric>(slope);
            for (const numeric& step :
                 {numeric(3, 8), numeric(-3, 8), numeric(37, 16), numeric(-37, 16)}) {
                std::vector<numeric> point = base;
                point[j] = root + step;
                out.push_back(point);
            }
        }
        return out;
    }

    bool near_boundary(const std::vector<long double>& values, std::vector<int>& signs) const {
        for (const auto& w : boundaries_) {
            long double value = w.compiled ? w.compiled->evaluate(values) : NAN;
            if (!std::isfinite(value)) {
                signs.push_back(0);
                continue;
            }
            if (std::fabs(value) < boundary_margin) return true;
            signs.push_back(value > 0 ? 1 : -1);
        }
        return false;
    }

    Comparison compare_at(const std::vector<numeric>& point,
                          const std::vector<long double>& values) {
        std::feclearexcept(FE_UNDERFLOW);
        long double a = expected_.compiled ? expected_.compiled->evaluate(values) : NAN;
        long double b = answer_.compiled ? answer_.compiled->evaluate(values) : NAN;
        // A value that underflowed to 0 is not 0: (x+1)^(10^9) at x = −7/4 is about
        // 10^(−1.25·10^8). Decide such points with CLN's range.
        const bool underflowed = std::fetestexcept(FE_UNDERFLOW) != 0;
        // Relative agreement only: two tiny values (1e-109 and 2e-109) are not equal just
        // because both are close to zero.
        if (!underflowed && std::isfinite(a) && std::isfinite(b)) {
            const long double gap = std::fabs(a - b), scale = std::max(std::fabs(a), std::fabs(b));
            if (gap <= 1e-17L * scale) return {PointResult::agree, {}, {}};
            // Between that and 1e-11: agreement only within the values' rounding bounds. A
            // difference beyond them is real however small (2^(0.333333333333x) against
            // 2^(x/3) differ by 1e-13 relatively): the 30 digits below decide it.
            if (gap <= 1e-11L * scale) {
                long double a_error = 0, b_error = 0;
                expected_.compiled->evaluate(values, a_error);
                answer_.compiled->evaluate(values, b_error);
                const long double bound = 8 * (a_error + b_error);
                if (!std::isfinite(bound) || gap <= bound) return {PointResult::agree, {}, {}};
            }
        }
        // Out of a long double's range, undefined, or not clearly equal: decide with 30 digits.
        bool a_out_of_range = false, b_out_of_range = false;
        auto precise_a =
            evaluate_precisely(expected_.expression, variables_, point, 30, &a_out_of_range);
        auto precise_b =
            evaluate_precisely(answer_.expression, variables_, point, 30, &b_out_of_range);
        if (!precise_a && !precise_b) return {PointResult::both_undefined, {}, {}};
        // A value beyond CLN's range against an ordinary one: they differ (the answer is a
        // real number there, only too large to compute), not a difference of domain.
        if (a_out_of_range || b_out_of_range)
            return {PointResult::differ, precise_a, precise_b, a_out_of_range, b_out_of_range};
        if (!precise_a || !precise_b) return {PointResult::one_undefined, precise_a, precise_b};
        const numeric tolerance = numeric(1, 1000000000) * numeric(1, 10000000); // 1e-16
        const numeric difference = abs(*precise_a - *precise_b);
        const numeric magnitude = std::max(abs(*precise_a), abs(*precise_b));
        if (difference <= tolerance * magnitude) return {PointResult::agree, precise_a, precise_b};
        if (difference > tolerance * std::max(numeric(1), magnitude))
            return {PointResult::differ, precise_a, precise_b};
        // Small in absolute terms but not relatively: rounding left over from cancellation, or
        // a real difference between small values. Rounding shrinks with more digits; a real
        // difference does not.
        auto finer_a = evaluate_precisely(expected_.expression, variables_, point, 60);
        auto finer_b = evaluate_precisely(answer_.expression, variables_, point, 60);
        if (finer_a && finer_b && abs(*finer_a - *finer_b) < difference * numeric(1, 10000000000L))
            return {PointResult::agree, precise_a, precise_b};
        return {PointResult::differ, precise_a, precise_b};
    }

    // One side undefined at an isolated point (x = −1 in (x² − 1)/(x + 1)) does not count; a
    // region where it is does. Look at two nearby points.
    bool confirmed_domain_difference(const std::vector<numeric>& point) {
        for (int direction : {1, -1}) {
            std::vector<numeric> nearby;
            for (const auto& v : point)
                nearby.push_back(v + numeric(direction, 1024));
            bool a = evaluate_precisely(expected_.expression, variables_, nearby).has_value();
            bool b = evaluate_precisely(answer_.expression, variables_, nearby).has_value();
            if (a == b) return false;
        }
        return true;
    }

    Counterexample counterexample(const std::vector<numeric>& point, const Comparison& comparison,
                                  bool domain) const {
        Counterexample c;
        for (std::size_t i = 0; i < variables_.size(); ++i)
            c.point.push_back(
                {ex_to<GiNaC::symbol>(variables_[i]).get_name(), format_number(point[i])});
        auto text = [](const std::optional<numeric>& value, bool out_of_range) -> std::string {
            if (value) return format_number(*value);
            return out_of_range ? "out of range" : "undefined";
        };
        c.expected_value = text(comparison.expected_value, comparison.expected_out_of_range);
        c.answer_value = text(comparison.answer_value, comparison.answer_out_of_range);
        // As many digits as it takes for the two values to differ visibly.
        if (comparison.expected_value && comparison.answer_value &&
            c.expected_value == c.answer_value) {
            const double e = comparison.expected_value->to_double();
            const double a = comparison.answer_value->to_double();
            for (int digits = 7; digits <= 17 && std::isfinite(e) && std::isfinite(a); ++digits) {
                char left[64], right[64];
                std::snprintf(left, sizeof left, "%.*g", digits, e);
                std::snprintf(right, sizeof right, "%.*g", digits, a);
                if (std::string(left) != right) {
                    c.expected_value = left;
                    c.answer_value = right;
                    break;
                }
            }
        }
        c.domain = domain;
        return c;
    }

    std::vector<GiNaC::ex> variables_;
    bool readable_ = false;
    std::optional<PartVerdict> fallback_;
    std::optional<std::size_t> fallback_tried_;
    std::size_t agreeing_ = 0;
    std::vector<std::set<int>> signs_seen_;
    std::optional<Counterexample> domain_difference_;
    Evaluator expected_;
    Evaluator answer_;
    std::vector<Evaluator> boundaries_;
};

std::string point_text(const Counterexample& c) {
    std::string out;
    for (std::size_t i = 0; i < c.point.size(); ++i) {
        if (i) out += ", ";
        out += print_name(c.point[i].first, Notation::unicode) + " = " + c.point[i].second;
    }
    return out;
}

// " (they differ in the 8th significant digit)" when the values had to be shown with more
// digits than usual to differ: where the difference is, is then the point.
std::string differing_digit_text(const Counterexample& c) {
    const std::string& a = c.expected_value;
    const std::string& b = c.answer_value;
    if (a.find('e') != std::string::npos || b.find('e') != std::string::npos) return "";
    int significant = 0;
    bool started = false;
    for (std::size_t i = 0; i < a.size() && i < b.size(); ++i) {
        const bool digit = a[i] >= '0' && a[i] <= '9';
        if (digit && (a[i] != '0' || started)) {
            started = true;
            ++significant;
        }
        if (a[i] != b[i]) {
            if (!digit || significant < 7) return "";
            const int n = significant;
            const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th"
                                 : n % 10 == 1                    ? "st"
                                 : n % 10 == 2                    ? "nd"
                                 : n % 10 == 3                    ? "rd"
                                                                  : "th";
            return " (they differ in the " + std::to_string(n) + suffix + " significant digit)";
        }
    }
    return "";
}

void describe(PartVerdict& verdict) {
    if (!verdict.message.empty()) return;
    const std::string where = verdict.label.empty() ? "" : verdict.label + ": ";
    if (verdict.outcome == Outcome::correct) {
        verdict.message = where + "correct";
        return;
    }
    if (verdict.outcome != Outcome::incorrect) return;
    if (!verdict.counterexample) {
        verdict.message = where + "not equal to the expected expression";
        return;
    }
    const Counterexample& c = *verdict.counterexample;
    if (c.domain) {
        bool answer_undefined = c.answer_value == "undefined";
        std::string which = answer_undefined
                                ? "answer is undefined but the expected value is " +
                                      (c.expected_value.empty() ? "defined" : c.expected_value)
                                : "expected value is undefined but the answer is " + c.answer_value;
        verdict.message = c.point.empty() // a constant: no point and no region
                              ? where + "the domain differs: the " + which
                              : where + "the domain differs: at " + point_text(c) + " the " +
                                    which + ", and so on a whole region around it";
        return;
    }
    // A constant has no point to show: "differs: expected 0.333333, the answer gives 0.33".
    auto value = [](const std::string& text) {
        return text == "out of range" ? "a value out of range (too large or too small to compute)"
                                      : text;
    };
    if (c.expected_value.empty()) { // hidden: the value would be the answer
        verdict.message = where + "differs" + (c.point.empty() ? "" : " at " + point_text(c)) +
                          ": the answer gives " + value(c.answer_value) +
                          ", not the value of the derivative" + (c.point.empty() ? "" : " there");
        return;
    }
    verdict.message = where + "differs" + (c.point.empty() ? "" : " at " + point_text(c)) +
                      ": expected " + value(c.expected_value) + ", the answer gives " +
                      value(c.answer_value) + differing_digit_text(c);
}

} // namespace

bool hide_constant_expected(PartVerdict& verdict) {
    if (verdict.outcome != Outcome::incorrect || !verdict.counterexample ||
        verdict.counterexample->expected_value.empty())
        return false;
    std::set<ex, GiNaC::ex_is_less> symbols;
    collect_symbols(verdict.expected, symbols);
    if (!symbols.empty()) return false;
    verdict.counterexample->expected_value.clear();
    verdict.message.clear();
    describe(verdict);
    return true;
}

bool clearly_different(const ex& a, const ex& b) {
    // The diagnosis's probe: generic points, no coordinate on a kink such as x = 0 or x = y.
    std::set<ex, GiNaC::ex_is_less> symbols;
    collect_symbols(a, symbols);
    collect_symbols(b, symbols);
    // Different beyond anything rounding could do: (e^(50x) + 1)² − e^(100x) − 2e^(50x) is 1,
    // though its long-double value at x = 2.5 is nowhere near.
    return mistakes::Probe(std::vector<ex>(symbols.begin(), symbols.end()))
        .differ_beyond_rounding(a, b);
}

namespace {

PartVerdict compare_unbudgeted(const ex& expected_in, const ex& answer_in,
                               const std::vector<std::string>& variable_names) {
    PartVerdict verdict;
    ex expected =
        has_unevaluated_derivative(expected_in) ? evaluate_derivatives(expected_in) : expected_in;
    ex answer = has_unevaluated_derivative(answer_in) ? evaluate_derivatives(answer_in) : answer_in;
    verdict.expected = expected;
    verdict.answer = answer;

    ex difference = expected - answer;
    bool non_smooth = has_non_smooth(expected) || has_non_smooth(answer);
    // Numbers before a dear proof: values that differ at a generic point beyond their rounding
    // error bounds are a proof that the two differ, and sampling will say where.
    const bool polynomial = is_polynomial(difference);
    const bool proof_hopeless = !difference.is_zero() && clearly_different(expected, answer);
    // The difference with the course's functions written as exponentials: worked out only
    // when the plain difference is not proved zero (most proofs need no rewriting).
    ex canonical_difference = difference;
    bool rewrite_smooth = !non_smooth && !proof_hopeless && !polynomial;
    std::vector<ex> boundaries;
    try {
        if (non_smooth) {
            ex canonical_expected = canonical_form(expected);
            ex canonical_answer = canonical_form(answer);
            canonical_difference = canonical_expected - canonical_answer;
            // The kinks of both sides (a sum of the two would lose those that cancel).
            boundaries = region_boundaries(canonical_expected);
            for (const auto& w : region_boundaries(canonical_answer))
                if (std::none_of(boundaries.begin(), boundaries.end(),
                                 [&](const ex& b) { return b.is_equal(w); }))
                    boundaries.push_back(w);
            // In an order that is the same in every run (GiNaC's own depends on addresses),
            // and whatever way numbers are shown (DecimalsShown).
            DecimalsShown exact(0);
            std::stable_sort(boundaries.begin(), boundaries.end(),
                             [](const ex& a, const ex& b) { return print(a) < print(b); });
        }
    } catch (const std::exception&) {
        canonical_difference = difference;
    }

    auto proved_zero = [&] {
        if (proof_hopeless) return false;
        if (is_zero_symbolically(difference)) return true;
        if (rewrite_smooth) {
            try {
                canonical_difference = canonical_form(difference);
            } catch (const std::exception&) {
                return false;
            }
        }
        return !canonical_difference.is_equal(difference) &&
               is_zero_symbolically(canonical_difference);
    };
    if (proved_zero()) {
        verdict.outcome = Outcome::correct;
        verdict.method = Method::symbolic;
    } else {
        // A polynomial is proved unequal by its expansion (which is_zero_symbolically made) or
        // by the numbers.
        const bool expandable = polynomial && cheap_to_expand(difference);
        const bool proved_unequal = polynomial && (proof_hopeless || expandable);
        std::set<std::string> names(variable_names.begin(), variable_names.end());
        collect_symbols(expected, names);
        collect_symbols(answer, names);
        std::vector<GiNaC::ex> symbols;
        // The question's variables first, in its order, then any others by name.
        for (const auto& name : variable_names)
            symbols.push_back(variable(name));
        for (const auto& name : names)
            if (std::find(variable_names.begin(), variable_names.end(), name) ==
                variable_names.end())
                symbols.push_back(variable(name));
        verdict.method = Method::sampling;
        verdict = Sampler(expected, answer, symbols, boundaries).run(verdict);
        if (proved_unequal) {
            // A polynomial that expands to something other than 0 is not 0, whatever the
            // sample points said about a difference too small to see.
            verdict.method = Method::symbolic;
            if (verdict.outcome != Outcome::incorrect) {
                verdict.outcome = Outcome::incorrect;
                verdict.counterexample.reset();
                verdict.message =
                    expandable ? "not equal: the difference from the expected expression is " +
                                     print(difference.expand(), Notation::unicode)
                               : "not equal to the expected expression";
            }
        }
    }
    if (verdict.outcome == Outcome::correct && non_smooth && !boundaries.empty()) {
        std::string kinks;
        std::size_t shown = 0;
        bool more = false;
        for (const auto& boundary : boundaries) {
            if (shown == 4 || has_function(boundary)) {
                more = true;
                continue;
            }
            kinks += (shown++ ? ", " : "") + boundary_text(boundary);
        }
        if (more && !kinks.empty()) kinks += ", …";
        verdict.notes.push_back("equal almost everywhere: on the kinks and boundaries" +
                                (kinks.empty() ? std::string() : " (" + kinks + ")") +
                                " any convention is accepted");
    }
    describe(verdict);
    return verdict;
}

std::string with_thousands(std::uint64_t n) {
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
        out += digits[i];
    }
    return out;
}

} // namespace

std::string too_costly_message(std::uint64_t units) {
    return "too costly to check: comparing it with the expected expression takes more than " +
           with_thousands(units) +
           " units of work (the checker's budget, counted the same on every machine); write it "
           "in a simpler form";
}

PartVerdict compare_expressions(const ex& expected, const ex& answer,
                                const std::vector<std::string>& variable_names) {
    return within_budget(
        comparison_work_budget,
        [&] { return compare_unbudgeted(expected, answer, variable_names); },
        [&](std::uint64_t units) {
            // Refused, not wrong: whether it is right is not known.
            PartVerdict verdict;
            verdict.outcome = Outcome::invalid;
            verdict.method = Method::none;
            verdict.expected = expected;
            verdict.answer = answer;
            verdict.message = too_costly_message(units);
            return verdict;
        });
}

std::vector<std::string> variables_of(const ExprValue& value) {
    std::set<std::string> names;
    for (const auto& entry : value.entries)
        collect_symbols(entry, names);
    return {names.begin(), names.end()};
}

namespace {

// For an answer compare_expressions has just found incorrect.
DiagnosisOptions known_incorrect() {
    DiagnosisOptions options;
    options.known_incorrect = true;
    return options;
}

} // namespace

Verdict check_answer(const Expectation& expectation, const ParseResult& parsed) {
    Verdict verdict;
    verdict.expected = expectation.expected;
    verdict.answer = parsed.value;
    const ExprValue& expected = expectation.expected;
    const ExprValue& answer = parsed.value;

    if (!parsed.unknown_names.empty()) {
        std::string names;
        for (std::size_t i = 0; i < parsed.unknown_names.size(); ++i)
            names += (i ? ", " : "") + std::string("'") + parsed.unknown_names[i] + "'";
        std::string known;
        for (std::size_t i = 0; i < expectation.variables.size(); ++i)
            known += (i ? ", " : "") + expectation.variables[i];
        // Unreadable, not wrong: the student gets to say what was meant.
        verdict.outcome = Outcome::invalid;
        verdict.method = Method::none;
        verdict.message =
            "the answer uses " + names + ", which " +
            (parsed.unknown_names.size() == 1 ? "is not a variable" : "are not variables") +
            " of this question" + (known.empty() ? "" : " (its variables: " + known + ")");
        return verdict;
    }
    if (expected.shape != answer.shape || expected.rows != answer.rows ||
        expected.cols != answer.cols) {
        verdict.outcome = Outcome::incorrect;
        verdict.method = Method::none;
        verdict.message = "expected " + describe_shape(expected) + ", but the answer is " +
                          describe_shape(answer);
        if (expected.shape == Shape::vector && !expectation.labels.empty()) {
            std::string labels;
            for (std::size_t i = 0; i < expectation.labels.size(); ++i)
                labels += (i ? ", " : "") + expectation.labels[i];
            verdict.message += " (one entry for each of " + labels + ")";
        }
        return verdict;
    }
    bool all_correct = true, all_symbolic = true, any_undecided = false;
    for (std::size_t i = 0; i < expected.entries.size(); ++i) {
        PartVerdict part;
        std::string label = i < expectation.labels.size() && !expectation.labels[i].empty()
                                ? expectation.labels[i]
                                : entry_label(expected, i);
        part = compare_expressions(expected.entries[i], answer.entries[i], expectation.variables);
        if (part.outcome == Outcome::incorrect && !expectation.wrt.empty() &&
            i / expectation.wrt.size() < expectation.function.entries.size())
            part.diagnosis = within_budget(
                diagnosis_work_budget,
                [&] {
                    return diagnose(expectation.function.entries[i / expectation.wrt.size()],
                                    expectation.wrt[i % expectation.wrt.size()],
                                    expectation.variables, answer.entries[i], known_incorrect());
                },
                [&](std::uint64_t units) {
                    // The verdict stands (it was decided within its own budget); only the
                    // search for the mistake stopped, and nothing is claimed about it.
                    const std::string note =
                        "no mistake is named: looking for one in this answer takes more than " +
                        with_thousands(units) + " units of work (the checker's budget)";
                    if (std::find(verdict.notes.begin(), verdict.notes.end(), note) ==
                        verdict.notes.end())
                        verdict.notes.push_back(note);
                    return std::vector<Diagnosis>{};
                });
        if (!label.empty() && part.message.rfind(label, 0) != 0) {
            part.label = label;
            part.message = label + ": " + part.message;
        }
        part.label = label;
        all_correct = all_correct && part.outcome == Outcome::correct;
        all_symbolic = all_symbolic && part.method == Method::symbolic;
        any_undecided = any_undecided || part.outcome == Outcome::invalid;
        for (const auto& note : part.notes)
            if (std::find(verdict.notes.begin(), verdict.notes.end(), note) == verdict.notes.end())
                verdict.notes.push_back(note);
        verdict.parts.push_back(std::move(part));
    }
    verdict.method = all_symbolic ? Method::symbolic : Method::sampling;
    if (all_correct) {
        verdict.outcome = Outcome::correct;
        verdict.message = "correct";
        if (expectation.form != AnswerForm::none && parsed.syntax) {
            verdict.form = check_form(*parsed.syntax, expectation.form);
            if (!verdict.form->satisfied) verdict.message = form_message(*verdict.form);
        }
    } else if (any_undecided && expected.is_scalar()) {
        verdict.outcome = Outcome::invalid;
        verdict.message = verdict.parts.front().message;
    } else {
        verdict.outcome = Outcome::incorrect;
        if (expected.is_scalar()) {
            verdict.message = verdict.parts.front().message;
        } else {
            std::size_t wrong = 0;
            for (const auto& part : verdict.parts)
                wrong += part.outcome != Outcome::correct;
            verdict.message = std::to_string(wrong) + " of " +
                              std::to_string(verdict.parts.size()) + " entries are wrong";
        }
    }
    return verdict;
}

namespace {

// 2e^2x read as 2e²·x, wrong, where e^(2x) would be right: the verdict stands, with a note.
void note_other_reading(const Expectation& expectation, std::string_view answer_text,
                        const ParseOptions& options, Verdict& verdict) {
    if (verdict.outcome != Outcome::incorrect) return;
    auto other = other_reading(answer_text);
    if (!other) return;
    try {
        if (check_answer(expectation, parse_expression(other->text, options)).outcome ==
            Outcome::correct)
            verdict.notes.push_back(other->note);
    } catch (const ParseError&) {
    }
}

} // namespace

Verdict check_text(const Expectation& expectation, std::string_view answer_text) {
    ParseOptions options = ParseOptions::for_answer(expectation.variables, expectation.lets);
    options.keep_syntax = expectation.form != AnswerForm::none;
    try {
        Verdict verdict = check_answer(expectation, parse_expression(answer_text, options));
        verdict.answer_text = printable(std::string(answer_text));
        note_other_reading(expectation, answer_text, options, verdict);
        return verdict;
    } catch (const ParseError& error) {
        Verdict verdict;
        verdict.outcome = Outcome::invalid;
        verdict.method = Method::none;
        verdict.expected = expectation.expected;
        verdict.message = error.with_caret();
        verdict.error_column = error.column();
        return verdict;
    }
}

} // namespace chainrule
