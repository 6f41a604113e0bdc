#include "checker/diagnosis.hpp"

#include "checker/canonical.hpp"
#include "checker/equivalence.hpp"
#include "checker/mistakes.hpp"
#include "checker/numeric_eval.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <set>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

const std::vector<std::string>& mistake_ids() {
    static const std::vector<std::string> ids = {"constant_not_zero",
                                                 "power_exponent_not_lowered",
                                                 "power_coefficient_missing",
                                                 "term_dropped",
                                                 "product_rule_as_product",
                                                 "chain_factor_missing",
                                                 "other_variable_not_constant",
                                                 "wrong_variable",
                                                 "integrated_instead",
                                                 "sign_error",
                                                 "constant_factor",
                                                 "sigmoid_derivative_form",
                                                 "tanh_derivative_form",
                                                 "softmax_index_confusion",
                                                 "indicator_reversed",
                                                 "leaky_slope_dropped"};
    return ids;
}

namespace mistakes {

namespace {
// While candidates are built for the cache, their messages name expressions by reference
// (see DeferredTexts): most candidates never match, and printing is most of their cost.
std::vector<ex>* deferred_texts = nullptr;
// While a diagnosis for a hidden-answer mode is written: whether an expression must not be
// shown (it equals the answer, or a whole entry of it). Such an expression is printed between
// \x03 and \x04, and redacted() takes out the clause that holds it.
const std::function<bool(const ex&)>* hidden_check = nullptr;
} // namespace

std::string shown_text(const ex& e) {
    std::string printed = print(e, Notation::unicode);
    if (hidden_check && (*hidden_check)(e)) return "\x03" + printed + "\x04";
    return printed;
}

std::string text(const ex& e) {
    if (deferred_texts) {
        deferred_texts->push_back(e);
        return "\x01" + std::to_string(deferred_texts->size() - 1) + "\x02";
    }
    return shown_text(e);
}

std::string redacted(std::string message) {
    for (std::size_t at = message.find('\x03'); at != std::string::npos;
         at = message.find('\x03')) {
        std::size_t end = message.find('\x04', at);
        if (end == std::string::npos) end = message.size() - 1;
        // Inside a parenthesis: the parenthesis goes ("the term 3x² (6x) is missing").
        int depth = 0;
        std::size_t open = std::string::npos;
        for (std::size_t i = at; i-- > 0;) {
            if (message[i] == ')') ++depth;
            if (message[i] == '(' && depth-- == 0) {
                open = i;
                break;
            }
        }
        std::size_t close = open == std::string::npos ? std::string::npos : message.find(')', end);
        if (open != std::string::npos && close != std::string::npos) {
            if (open > 0 && message[open - 1] == ' ') --open;
            message.erase(open, close + 1 - open);
            continue;
        }
        // Else the clause goes, from the last ": " or ", " before it to the end.
        std::size_t cut = message.rfind(": ", at);
        std::size_t comma = message.rfind(", ", at);
        if (comma != std::string::npos && (cut == std::string::npos || comma > cut)) cut = comma;
        message.erase(cut == std::string::npos ? at : cut);
    }
    return message;
}

namespace {

// Symbols by name: a set ordered by GiNaC's ex_is_less follows hashes that mix in addresses,
// so the coordinates (and the points that messages name) would change from run to run.
void sort_by_name(std::vector<ex>& symbols) {
    auto name = [](const ex& e) {
        return is_a<GiNaC::symbol>(e) ? ex_to<GiNaC::symbol>(e).get_name() : std::string();
    };
    std::stable_sort(symbols.begin(), symbols.end(),
                     [&](const ex& a, const ex& b) { return name(a) < name(b); });
}

} // namespace

Probe::Probe(std::vector<ex> symbols) : symbols_(std::move(symbols)) {
    sort_by_name(symbols_);
    // Generic points: irrational-looking coordinates of both signs, never on a kink such as
    // x = 0 or x = y, so a candidate is rejected only where it really differs.
    for (std::size_t k = 0; k < point_count; ++k)
        points_.push_back(pool_point(k, symbols_.size()));
}

std::vector<long double> Probe::pool_point(std::size_t k, std::size_t dimensions) {
    std::vector<long double> point;
    for (std::size_t j = 0; j < dimensions; ++j) {
        long double t = 0.7548776662L * static_cast<long double>(k + 1) +
                        0.5698402910L * static_cast<long double>(j + 1) +
                        0.1234567L * static_cast<long double>(k * j);
        t -= std::floor(t);
        // Beyond the first points, wider boxes too: max(x, 3)' is 0 on all of [-2.6, 2.6].
        const long double width = k < point_count ? 1 : 1 + 0.5L * static_cast<long double>(k % 4);
        point.push_back(width * (-2.6L + 5.2L * t) + 0.0137L);
    }
    return point;
}

void Probe::focus_on(const ex& e) {
    std::optional<CompiledExpression> compiled;
    try {
        compiled = CompiledExpression::compile(e, symbols_);
    } catch (const std::exception&) {
        return;
    }
    if (!compiled) return;
    // Most points where the derivative is of a size rounding cannot blur, in the pool's
    // order; the others where it is small or 0 (a flat region, such as where an indicator is
    // off), the largest first.
    constexpr std::size_t pool = 16 * point_count, flat_share = 2;
    // Most derivatives are of a fair size at most of the first points: nothing to move then.
    auto healthy_at = [&](const std::vector<long double>& point) {
        const long double v = std::fabs(compiled->evaluate(point));
        return std::isfinite(v) && v >= 1e-3L && v <= 1e6L;
    };
    if (static_cast<std::size_t>(std::count_if(points_.begin(), points_.end(), healthy_at)) >=
        point_count - flat_share)
        return;
    struct Scored {
        long double size;
        std::vector<long double> point;
    };
    std::vector<Scored> healthy, flat;
    for (std::size_t k = 0; k < pool; ++k) {
        auto point = pool_point(k, symbols_.size());
        const long double v = std::fabs(compiled->evaluate(point));
        if (!std::isfinite(v) || v > 1e6L) continue;
        (v >= 1e-3L ? healthy : flat).push_back({v, std::move(point)});
    }
    std::stable_sort(flat.begin(), flat.end(),
                     [](const Scored& a, const Scored& b) { return a.size > b.size; });
    const std::size_t from_flat = std::min(
        flat.size(), std::max(flat_share, point_count - std::min(healthy.size(), point_count)));
    const std::size_t from_healthy = std::min(healthy.size(), point_count - from_flat);
    if (from_healthy + from_flat < point_count) return; // too few defined points: as it was
    std::vector<std::vector<long double>> chosen;
    for (std::size_t i = 0; i < from_healthy; ++i)
        chosen.push_back(std::move(healthy[i].point));
    for (std::size_t i = 0; i < from_flat; ++i)
        chosen.push_back(std::move(flat[i].point));
    points_ = std::move(chosen);
}

std::optional<std::vector<long double>> Probe::values(const ex& e,
                                                      std::vector<long double>* errors) const {
    std::optional<CompiledExpression> compiled;
    try {
        compiled = CompiledExpression::compile(e, symbols_);
    } catch (const std::exception&) {
        return std::nullopt;
    }
    if (!compiled) return std::nullopt;
    std::vector<long double> out;
    if (errors) errors->clear();
    for (const auto& point : points_) {
        if (errors) {
            long double error = 0;
            out.push_back(compiled->evaluate(point, error));
            errors->push_back(error);
        } else {
            out.push_back(compiled->evaluate(point));
        }
    }
    return out;
}

bool Probe::differ_beyond_rounding(const ex& a, const ex& b) const {
    std::optional<CompiledExpression> p, q;
    try {
        p = CompiledExpression::compile(a, symbols_);
        q = p ? CompiledExpression::compile(b, symbols_) : std::nullopt;
    } catch (const std::exception&) {
        return false;
    }
    if (!q) return false;
    for (const auto& point : points_) {
        // The error bounds only where the values differ at all: equal sides never need them.
        long double u = p->evaluate(point), v = q->evaluate(point);
        if (!std::isfinite(u) || !std::isfinite(v) ||
            !(std::fabs(u - v) > 1e-15L * std::max(std::fabs(u), std::fabs(v))))
            continue;
        long double u_error = 0, v_error = 0;
        p->evaluate(point, u_error);
        q->evaluate(point, v_error);
        const long double bound = 8 * (u_error + v_error);
        if (std::isfinite(bound) && std::fabs(u - v) > bound) return true;
    }
    return false;
}

bool close(long double a, long double b, long double tolerance) {
    long double scale = std::max({1.0L, std::fabs(a), std::fabs(b)});
    return std::fabs(a - b) <= tolerance * scale;
}

Agreement agreement(const std::vector<long double>& a, const std::vector<long double>& b) {
    std::size_t compared = 0;
    for (std::size_t k = 0; k < a.size() && k < b.size(); ++k) {
        if (!std::isfinite(a[k]) || !std::isfinite(b[k])) continue;
        if (!close(a[k], b[k], 1e-8L)) return Agreement::differ;
        ++compared;
    }
    return compared == 0 ? Agreement::unknown : Agreement::agree;
}

std::optional<numeric> rationalize(long double value) {
    if (!std::isfinite(value) || std::fabs(value) > 1e6L) return std::nullopt;
    // Continued fraction, denominators up to 10000.
    long double x = value;
    long long h0 = 1, h1 = 0, k0 = 0, k1 = 1;
    for (int i = 0; i < 20; ++i) {
        long double a = std::floor(x);
        long long ai = static_cast<long long>(a);
        long long h2 = ai * h0 + h1, k2 = ai * k0 + k1;
        if (k2 > 10000) break;
        h1 = h0, h0 = h2, k1 = k0, k0 = k2;
        if (std::fabs(static_cast<long double>(h0) / static_cast<long double>(k0) - value) <=
            1e-9L * std::max(1.0L, std::fabs(value)))
            return numeric(h0, k0);
        long double fraction = x - a;
        if (fraction < 1e-15L) break;
        x = 1 / fraction;
    }
    return std::nullopt;
}

std::optional<long double> constant_ratio(const std::vector<long double>& numerator,
                                          const std::vector<long double>& denominator) {
    std::optional<long double> ratio;
    std::size_t seen = 0;
    for (std::size_t k = 0; k < numerator.size() && k < denominator.size(); ++k) {
        if (!std::isfinite(numerator[k]) || !std::isfinite(denominator[k])) continue;
        if (std::fabs(denominator[k]) < 1e-9L) {
            if (std::fabs(numerator[k]) > 1e-9L) return std::nullopt;
            continue;
        }
        long double r = numerator[k] / denominator[k];
        if (ratio && !close(*ratio, r, 1e-9L)) return std::nullopt;
        if (!ratio) ratio = r;
        ++seen;
    }
    if (seen < 2) return std::nullopt;
    return ratio;
}

} // namespace mistakes

namespace {

using namespace mistakes;

std::vector<ex> terms_of(const ex& e) {
    std::vector<ex> out;
    if (is_a<GiNaC::add>(e))
        for (std::size_t i = 0; i < e.nops(); ++i)
            out.push_back(e.op(i));
    else
        out.push_back(e);
    return out;
}

std::string factor_text(const numeric& r) {
    std::string out = text(r);
    if (r.is_integer()) return out + " times the derivative (an extra factor of " + out + ")";
    if (r.numer().is_equal(1) || r.numer().is_equal(-1))
        return out + " times the derivative (a factor of " + text(numeric(1) / r) + " is missing)";
    return out + " times the derivative";
}

// Defers the printing of text() into `texts` while it lives.
class DeferredTexts {
  public:
    explicit DeferredTexts(std::vector<ex>& texts) : previous_(deferred_texts) {
        deferred_texts = &texts;
    }
    ~DeferredTexts() { deferred_texts = previous_; }
    DeferredTexts(const DeferredTexts&) = delete;
    DeferredTexts& operator=(const DeferredTexts&) = delete;

  private:
    std::vector<ex>* previous_;
};

// A message built under DeferredTexts, with its expressions printed.
std::string printed_message(const std::string& message, const std::vector<ex>& texts) {
    std::string out;
    for (std::size_t i = 0; i < message.size(); ++i) {
        std::size_t end = message[i] == '\x01' ? message.find('\x02', i) : std::string::npos;
        if (end == std::string::npos) {
            out += message[i];
            continue;
        }
        std::size_t k = std::stoul(message.substr(i + 1, end - i - 1));
        out += k < texts.size() ? shown_text(texts[k]) : "";
        i = end;
    }
    return out;
}

// What diagnosing answers to one question needs, whatever the answer: the candidate wrong
// derivatives with their messages and their values at the probe's points. Built once per
// question and kept (see prepared_for), since a grader checks many answers to one problem.
struct Prepared {
    ex function;
    ex expected;
    std::set<ex, GiNaC::ex_is_less> symbol_set;
    Probe probe;
    std::optional<std::vector<long double>> expected_values;
    std::optional<std::vector<long double>> function_values;
    struct Entry {
        /// Mutable: a one-slip candidate's derivative is built the first time an answer
        /// matches its values (derivative_of).
        mutable Candidate candidate;
        std::optional<std::vector<long double>> values;
        bool equals_expected = false;   ///< agrees with the right derivative at every point
        std::size_t same_as = SIZE_MAX; ///< an earlier entry with the same derivative
    };
    std::vector<Entry> entries;
    std::vector<ex> texts; ///< the expressions the entries' messages name (DeferredTexts)

    explicit Prepared(std::vector<ex> symbols) : probe(std::move(symbols)) {}
};

std::shared_ptr<const Prepared> prepare(const ex& function, const ex& expected,
                                        const GiNaC::symbol& x,
                                        std::set<ex, GiNaC::ex_is_less> symbol_set,
                                        std::size_t cap) {
    std::vector<ex> symbols(symbol_set.begin(), symbol_set.end());
    sort_by_name(symbols);
    auto prepared = std::make_shared<Prepared>(symbols);
    prepared->symbol_set = std::move(symbol_set);
    prepared->function = function;
    prepared->expected = expected;
    prepared->probe.focus_on(prepared->expected);
    prepared->expected_values = prepared->probe.values(prepared->expected);
    prepared->function_values = prepared->probe.values(function);
    // The other variables the function has.
    std::vector<ex> others;
    for (const auto& s : symbols)
        if (!s.is_equal(x) && function.has(s)) others.push_back(s);
    try {
        std::vector<Candidate> candidates;
        {
            DeferredTexts deferred(prepared->texts);
            candidates =
                build_candidates(function, x, others, cap, &prepared->probe,
                                 prepared->expected_values ? &*prepared->expected_values : nullptr,
                                 &prepared->expected);
        }
        // In the order of their messages: the candidates come in GiNaC's order of terms, which
        // follows memory addresses, and the first of two mistakes found is reported first.
        {
            std::vector<std::pair<std::string, std::size_t>> keyed;
            for (std::size_t i = 0; i < candidates.size(); ++i)
                keyed.emplace_back(printed_message(candidates[i].message, prepared->texts), i);
            std::stable_sort(keyed.begin(), keyed.end(),
                             [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<Candidate> ordered;
            ordered.reserve(candidates.size());
            for (const auto& [message, i] : keyed)
                ordered.push_back(std::move(candidates[i]));
            candidates = std::move(ordered);
        }
        for (auto& c : candidates) {
            Prepared::Entry entry;
            if (c.values) {
                entry.values = c.values; // not built: nothing to compare it with symbolically
            } else {
                for (std::size_t k = 0; k < prepared->entries.size(); ++k)
                    if (!prepared->entries[k].candidate.build &&
                        prepared->entries[k].candidate.derivative.is_equal(c.derivative)) {
                        entry.same_as = k;
                        break;
                    }
                entry.values = prepared->probe.values(c.derivative);
            }
            entry.equals_expected =
                entry.values && prepared->expected_values &&
                agreement(*entry.values, *prepared->expected_values) == Agreement::agree;
            entry.candidate = std::move(c);
            prepared->entries.push_back(std::move(entry));
        }
    } catch (const std::exception&) {
        // A candidate that GiNaC cannot build: the ones built so far stand.
    }
    return prepared;
}

// The prepared questions of this process, by function, variable, symbols and cap. Bounded:
// emptied when full (a grader works through one problem set, a few dozen questions).
struct PreparedKey {
    ex function;
    std::string variable;
    std::vector<ex> symbols;
    std::size_t cap;
};

struct PreparedKeyLess {
    bool operator()(const PreparedKey& a, const PreparedKey& b) const {
        GiNaC::ex_is_less less;
        if (less(a.function, b.function)) return true;
        if (less(b.function, a.function)) return false;
        if (a.variable != b.variable) return a.variable < b.variable;
        if (a.cap != b.cap) return a.cap < b.cap;
        return std::lexicographical_compare(a.symbols.begin(), a.symbols.end(), b.symbols.begin(),
                                            b.symbols.end(), less);
    }
};

constexpr std::size_t max_prepared = 256;

std::map<PreparedKey, std::shared_ptr<const Prepared>, PreparedKeyLess>& prepared_cache() {
    static std::map<PreparedKey, std::shared_ptr<const Prepared>, PreparedKeyLess> cache;
    return cache;
}

std::shared_ptr<const Prepared> prepared_for(const ex& function, const ex& expected,
                                             const GiNaC::symbol& x,
                                             const std::string& variable_name,
                                             const std::set<ex, GiNaC::ex_is_less>& symbol_set,
                                             std::size_t cap) {
    auto& cache = prepared_cache();
    PreparedKey key{function, variable_name, {symbol_set.begin(), symbol_set.end()}, cap};
    auto it = cache.find(key);
    if (it != cache.end()) return it->second;
    if (cache.size() >= max_prepared) cache.clear();
    auto prepared = prepare(function, expected, x, symbol_set, cap);
    cache.emplace(std::move(key), prepared);
    return prepared;
}

// How likely a slip is as the explanation of an answer that several slips reproduce: the
// rule of a particular function first, then the rules of composition, then slips of a
// whole answer or of one term. Lower is likelier.
int slip_rank(const std::string& id) {
    static const std::vector<std::string> order = {"softmax_index_confusion",
                                                   "sigmoid_derivative_form",
                                                   "tanh_derivative_form",
                                                   "indicator_reversed",
                                                   "leaky_slope_dropped",
                                                   "chain_factor_missing",
                                                   "power_exponent_not_lowered",
                                                   "power_coefficient_missing",
                                                   "product_rule_as_product",
                                                   "integrated_instead",
                                                   "wrong_variable",
                                                   "sign_error",
                                                   "term_dropped",
                                                   "other_variable_not_constant",
                                                   "constant_not_zero",
                                                   "two_slips",
                                                   "constant_factor"};
    auto it = std::find(order.begin(), order.end(), id);
    return static_cast<int>(it - order.begin());
}

// Two slips that together reproduce the answer, proved: two slips at places of the tree
// neither of which holds the other (their changes to the derivative add up), or the sign of
// the whole answer flipped on top of another slip. The likeliest pair, as one diagnosis.
template <class Proved>
std::optional<Diagnosis> two_slips(const Prepared& prepared, const GiNaC::symbol& x,
                                   const std::optional<std::vector<long double>>& answer_values,
                                   Proved& proved) {
    if (!answer_values || !prepared.expected_values) return std::nullopt;
    const auto& right = *prepared.expected_values;
    const auto& entries = prepared.entries;
    struct Pair {
        int rank_low, rank_high;
        std::size_t i, j;
    };
    std::vector<Pair> pairs;
    std::vector<long double> combined(right.size());
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& a = entries[i];
        if (!a.values || a.equals_expected) continue;
        for (std::size_t j = i + 1; j < entries.size(); ++j) {
            const auto& b = entries[j];
            if (!b.values || b.equals_expected) continue;
            const bool sign_a = a.candidate.whole_sign, sign_b = b.candidate.whole_sign;
            if (sign_a || sign_b) {
                if (sign_a && sign_b) continue;
                const auto& other = sign_a ? *b.values : *a.values;
                for (std::size_t k = 0; k < right.size(); ++k)
                    combined[k] = -other[k];
            } else if (disjoint_sites(a.candidate, b.candidate)) {
                for (std::size_t k = 0; k < right.size(); ++k)
                    combined[k] = (*a.values)[k] + (*b.values)[k] - right[k];
            } else {
                continue;
            }
            if (agreement(combined, *answer_values) != Agreement::agree) continue;
            int ra = slip_rank(a.candidate.id), rb = slip_rank(b.candidate.id);
            pairs.push_back({std::min(ra, rb), std::max(ra, rb), i, j});
        }
    }
    std::stable_sort(pairs.begin(), pairs.end(), [](const Pair& p, const Pair& q) {
        return std::pair(p.rank_low, p.rank_high) < std::pair(q.rank_low, q.rank_high);
    });
    std::vector<ex> others;
    for (const auto& s : prepared.symbol_set)
        if (!s.is_equal(x) && prepared.function.has(s)) others.push_back(s);
    std::size_t tried = 0;
    for (const auto& pair : pairs) {
        if (++tried > 8) break; // each is a proof; a real pair is among the first
        Candidate& a = entries[pair.i].candidate;
        Candidate& b = entries[pair.j].candidate;
        ex derivative;
        if (a.whole_sign)
            derivative = -derivative_of(b);
        else if (b.whole_sign)
            derivative = -derivative_of(a);
        else
            derivative = derivative_with_two_slips(prepared.function, x, others, a, b);
        if (!proved(derivative)) continue;
        // The sign of the whole last: it is what is done to the rest.
        const Candidate& first = b.whole_sign ? a : (a.whole_sign ? b : a);
        const Candidate& second = b.whole_sign ? b : (a.whole_sign ? a : b);
        return Diagnosis{"two_slips",
                         "two slips: " + printed_message(first.message, prepared.texts) + "; and " +
                             printed_message(second.message, prepared.texts),
                         {first.id, second.id}};
    }
    return std::nullopt;
}

} // namespace

void clear_diagnosis_cache() {
    prepared_cache().clear();
}

std::vector<Diagnosis> diagnose(const ex& function_in, const std::string& variable_name,
                                const std::vector<std::string>& variables, const ex& answer_in,
                                const DiagnosisOptions& options) {
    std::vector<Diagnosis> out;
    const GiNaC::symbol& x = variable(variable_name);
    ex function, answer, expected;
    try {
        function = evaluate_derivatives(function_in);
        answer = evaluate_derivatives(answer_in);
        expected = function.diff(x);
        if (!options.known_incorrect) {
            PartVerdict verdict = compare_expressions(expected, answer, variables);
            if (verdict.outcome != Outcome::incorrect) return out;
        }
    } catch (const std::exception&) {
        return out;
    }

    // The probe's symbols: the question's, the function's, and any the answer adds.
    std::set<ex, GiNaC::ex_is_less> symbol_set;
    for (const auto& name : variables)
        symbol_set.insert(variable(name));
    symbol_set.insert(x);
    collect_symbols(function, symbol_set);
    collect_symbols(answer, symbol_set);
    std::shared_ptr<const Prepared> prepared;
    try {
        // The problem's work, cached: not the answer's (work_budget.hpp).
        UnchargedWork problem_work;
        prepared =
            prepared_for(function, expected, x, variable_name, symbol_set, options.max_candidates);
    } catch (const std::exception&) {
        return out;
    }
    const Probe& probe = prepared->probe;
    const auto answer_values = probe.values(answer);

    // In a hidden-answer mode, what must not be shown: the derivative and the given entries.
    std::vector<std::pair<ex, std::optional<std::vector<long double>>>> hidden;
    std::function<bool(const ex&)> is_hidden = [&](const ex& e) {
        if (e.is_zero() || is_a<numeric>(e)) {
            for (const auto& [h, values] : hidden)
                if (e.is_equal(h)) return true;
            return false;
        }
        auto values = probe.values(e);
        for (const auto& [h, h_values] : hidden) {
            if (e.is_equal(h)) return true;
            if (values && h_values && agreement(*values, *h_values) == Agreement::agree)
                return true;
        }
        return false;
    };
    struct HiddenGuard {
        const std::function<bool(const ex&)>* previous = hidden_check;
        explicit HiddenGuard(const std::function<bool(const ex&)>* check) { hidden_check = check; }
        ~HiddenGuard() { hidden_check = previous; }
        HiddenGuard(const HiddenGuard&) = delete;
        HiddenGuard& operator=(const HiddenGuard&) = delete;
    };
    if (options.hide_answer) {
        // The answer and its negative: "the derivative is e^z1/Σ" gives −e^z1/Σ away.
        auto hide = [&](const ex& e, std::optional<std::vector<long double>> values) {
            hidden.push_back({e, values});
            if (values)
                for (auto& v : *values)
                    v = -v;
            hidden.push_back({-e, std::move(values)});
        };
        hide(expected, prepared->expected_values);
        for (const auto& h : options.hidden) {
            try {
                ex e = evaluate_derivatives(h);
                hide(e, probe.values(e));
            } catch (const std::exception&) {
            }
        }
    }
    HiddenGuard guard(options.hide_answer ? &is_hidden : nullptr);

    // Numbers first: only a candidate that agrees with the answer at every probe point (and
    // is not the right derivative) is put to the proof.
    auto proved = [&](const ex& derivative) {
        try {
            return compare_expressions(derivative, answer, variables).outcome == Outcome::correct;
        } catch (const std::exception&) {
            return false;
        }
    };
    auto matches = [&](const Prepared::Entry& entry) {
        if (entry.values && answer_values) {
            if (agreement(*entry.values, *answer_values) == Agreement::differ) return false;
            if (entry.equals_expected) return false;
        }
        try {
            return proved(derivative_of(entry.candidate));
        } catch (const std::exception&) {
            return false;
        }
    };
    auto message_of = [&](const Candidate& c) {
        return printed_message(c.message, prepared->texts);
    };

    // A diagnosis is a claim: one slip that reproduces the answer, proved equal to it. Where
    // several do (the same wrong derivative from two slips, as relu(2x − 1) with the chain
    // factor 2 lost or with the −1 kept), the likeliest is named, and only it.
    std::optional<Diagnosis> best;
    auto consider = [&](const std::string& id, const std::string& message) {
        if (!best || slip_rank(id) < slip_rank(best->id)) best = Diagnosis{id, message, {id}};
    };
    try {
        // Entries with the same derivative share one outcome.
        std::vector<int> outcome(prepared->entries.size(), -1);
        for (std::size_t k = 0; k < prepared->entries.size(); ++k) {
            const auto& entry = prepared->entries[k];
            const Candidate& c = entry.candidate;
            if (best && slip_rank(c.id) >= slip_rank(best->id)) continue;
            std::size_t first = entry.same_as == SIZE_MAX ? k : entry.same_as;
            if (outcome[first] < 0) outcome[first] = matches(prepared->entries[first]) ? 1 : 0;
            if (outcome[first] == 1) consider(c.id, message_of(c));
        }

        // An antiderivative: the answer's derivative gives back the function.
        if ((!best || slip_rank("integrated_instead") < slip_rank(best->id)) &&
            !function.is_zero() && answer.has(x)) {
            ex answer_derivative = charged_diff(answer, x);
            auto a = probe.values(answer_derivative);
            const auto& f = prepared->function_values;
            bool plausible = !a || !f || agreement(*a, *f) != Agreement::differ;
            if (plausible && compare_expressions(function, answer_derivative, variables).outcome ==
                                 Outcome::correct)
                consider("integrated_instead",
                         "the answer is an antiderivative of " + text(function) +
                             " (its derivative gives the function back), not the derivative");
        }
        if (!best) best = two_slips(*prepared, x, answer_values, proved);

        // Right up to a constant factor: reported only when no slip explains it.
        if (!best && answer_values) {
            const auto& e = prepared->expected_values;
            auto ratio = e ? constant_ratio(*answer_values, *e) : std::nullopt;
            auto r = ratio ? rationalize(*ratio) : std::nullopt;
            if (r && !r->is_zero() && *r != 1 && *r != -1 && proved(*r * expected))
                best = Diagnosis{"constant_factor",
                                 "right up to a constant factor: the answer is " + factor_text(*r) +
                                     ", " + text(expected),
                                 {"constant_factor"}};
        }
    } catch (const std::exception&) {
        // What was found so far stands.
    }
    if (best) out.push_back(*best);

    if (out.empty() && options.structural_fallback) {
        auto description = describe_structure(expected, answer, variables);
        out.push_back(
            {"structure", description ? *description
                          : options.hide_answer
                              ? "the answer differs from the derivative in a way no known mistake "
                                "explains"
                              : "the answer differs from the derivative " + text(expected) +
                                    " in a way no known mistake explains"});
    }
    for (auto& d : out)
        d.message = redacted(d.message);
    return out;
}

namespace {

bool has_variables(const ex& e) {
    std::set<ex, GiNaC::ex_is_less> symbols;
    collect_symbols(e, symbols);
    return !symbols.empty();
}

// The factors of a product, its number left out; one factor for anything else.
std::vector<ex> factors_of(const ex& e) {
    std::vector<ex> out;
    if (!is_a<GiNaC::mul>(e)) return {e};
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (!is_a<numeric>(e.op(i))) out.push_back(e.op(i));
    return out;
}

// In the order the printers use (by degree, then by text), not GiNaC's, which depends on
// where in memory the parts are: the same answer must get the same message from every build.
void in_print_order(std::vector<ex>& parts) {
    std::vector<std::pair<std::pair<double, std::string>, ex>> keyed;
    for (const auto& t : parts)
        keyed.push_back({{-term_degree(t), print(t)}, t});
    std::stable_sort(keyed.begin(), keyed.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    for (std::size_t i = 0; i < parts.size(); ++i)
        parts[i] = keyed[i].second;
}

// The parts (terms of a sum, or factors of a product) of the answer as the student wrote
// them, held against the parts of the derivative: which of the student's parts are not right,
// and, where one part of each side is left over, what the derivative has in its place. Never
// an expansion, never more than three parts; nothing when no part matches (then there is no
// "rest of the answer" to speak of, and the point where the two differ says more).
std::optional<std::string> compare_parts(const ex& expected, const ex& answer, const Probe& probe) {
    const bool sums = is_a<GiNaC::add>(answer) || is_a<GiNaC::add>(expected);
    const bool products = !sums && (is_a<GiNaC::mul>(answer) || is_a<GiNaC::mul>(expected));
    if (!sums && !products) return std::nullopt;
    std::vector<ex> want = sums ? terms_of(expected) : factors_of(expected);
    std::vector<ex> got = sums ? terms_of(answer) : factors_of(answer);
    if (want.size() > 16 || got.size() > 16) return std::nullopt;
    in_print_order(want);
    in_print_order(got);
    struct Part {
        ex e;
        std::optional<std::vector<long double>> values;
        bool used = false;
    };
    auto make = [&](const std::vector<ex>& list) {
        std::vector<Part> parts;
        for (const auto& t : list)
            parts.push_back({t, probe.values(t)});
        return parts;
    };
    std::vector<Part> W = make(want), G = make(got);
    for (auto& g : G)
        for (auto& w : W)
            if (!w.used &&
                (w.e.is_equal(g.e) ||
                 (w.values && g.values && agreement(*w.values, *g.values) == Agreement::agree))) {
                w.used = g.used = true;
                break;
            }
    std::vector<const Part*> wrong, left;
    for (const auto& g : G)
        if (!g.used) wrong.push_back(&g);
    for (const auto& w : W)
        if (!w.used) left.push_back(&w);
    const std::size_t right = G.size() - wrong.size();
    if (right == 0 || wrong.size() > 3) return std::nullopt;
    const std::string kind = sums ? "term" : "factor";
    auto list = [](const std::vector<const Part*>& parts) {
        std::string out;
        for (std::size_t i = 0; i < parts.size(); ++i)
            out += (i == 0 ? "" : i + 1 == parts.size() ? " and " : ", ") + text(parts[i]->e);
        return out;
    };
    const std::string rest =
        right == 1 ? "the other " + kind + " is right" : "the other " + kind + "s are right";
    if (wrong.empty()) {
        // Every part the student wrote is right: something is missing.
        if (left.empty() || left.size() > 3) return std::nullopt;
        if (hidden_check)
            return "every " + kind + " of the answer is right, but a " + kind + " is missing";
        return "every " + kind + " of the answer is right, but the derivative has more: the " +
               kind + (left.size() == 1 ? " " : "s ") + list(left) +
               (left.size() == 1 ? " is" : " are") + " missing";
    }
    std::string message = (wrong.size() == 1 ? "the " + kind + " " : "the " + kind + "s ") +
                          list(wrong) + " of the answer " + (wrong.size() == 1 ? "is" : "are") +
                          " not right";
    if (hidden_check) return message + "; " + rest; // what belongs there is the answer's
    if (wrong.size() == 1 && left.size() == 1)
        message += ": the derivative has " + text(left.front()->e) + " in its place";
    else if (left.empty() && sums)
        message += (wrong.size() == 1 ? ": the derivative has no such term"
                                      : ": the derivative has no such terms");
    return message + "; " + rest;
}

} // namespace

std::optional<std::string> describe_structure(const ex& expected_in, const ex& answer_in,
                                              const std::vector<std::string>& variables) {
    ex expected = evaluate_derivatives(expected_in);
    ex answer = evaluate_derivatives(answer_in);
    std::set<ex, GiNaC::ex_is_less> symbol_set;
    for (const auto& name : variables)
        symbol_set.insert(variable(name));
    collect_symbols(expected, symbol_set);
    collect_symbols(answer, symbol_set);
    Probe probe(std::vector<ex>(symbol_set.begin(), symbol_set.end()));
    auto e = probe.values(expected);
    auto a = probe.values(answer);
    try {
        if (e && a) {
            if (agreement(*e, *a) == Agreement::agree &&
                compare_expressions(expected, answer, variables).outcome == Outcome::correct)
                return std::nullopt;
            // Off by a constant.
            std::vector<long double> difference;
            for (std::size_t k = 0; k < e->size(); ++k)
                difference.push_back((*a)[k] - (*e)[k]);
            std::vector<long double> ones(difference.size(), 1.0L);
            auto c = constant_ratio(difference, ones);
            auto r = c ? rationalize(*c) : std::nullopt;
            // Hidden, with no variable in the answer, the constant would give the answer away.
            const bool telling = hidden_check && !has_variables(answer);
            if (r && !r->is_zero() && !telling &&
                compare_expressions(expected + *r, answer, variables).outcome == Outcome::correct)
                return "off by a constant: the answer is the derivative " +
                       (hidden_check ? std::string() : text(expected) + " ") +
                       (r->is_negative() ? "minus " + text(-*r) : "plus " + text(*r));
            auto ratio = constant_ratio(*a, *e);
            auto q = ratio ? rationalize(*ratio) : std::nullopt;
            if (q && !q->is_zero() && *q != 1 &&
                compare_expressions(*q * expected, answer, variables).outcome == Outcome::correct)
                return "off by a constant factor: the answer is " + factor_text(*q) +
                       (hidden_check ? std::string() : ", " + text(expected));
        }
        return compare_parts(expected, answer, probe);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace chainrule
