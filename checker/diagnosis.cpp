#include "checker/diagnosis.hpp"

#include "checker/canonical.hpp"
#include "checker/equivalence.hpp"
#include "checker/mistake_id.hpp"
#include "checker/mistake_text.hpp"
#include "checker/numeric_eval.hpp"
#include "checker/probe.hpp"
#include "checker/slip_candidates.hpp"
#include "checker/structure_description.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"
#include "expr/work_budget.hpp"

#include <algorithm>
#include <array>
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
    // The named slips: every name of the table but the two ids that name no single slip.
    static const std::vector<std::string> ids = [] {
        std::vector<std::string> names;
        for (MistakeId id : all_mistake_ids)
            if (id != MistakeId::two_slips && id != MistakeId::structure)
                names.emplace_back(mistake_name(id));
        return names;
    }();
    return ids;
}

namespace {

using namespace mistakes;

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
            // Printed only as far as the comparisons need: most messages are never shown.
            std::vector<std::size_t> order(candidates.size());
            for (std::size_t i = 0; i < order.size(); ++i)
                order[i] = i;
            DeferredOrder messages(prepared->texts);
            std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
                return messages.less(candidates[a].message, candidates[b].message);
            });
            std::vector<Candidate> ordered;
            ordered.reserve(candidates.size());
            for (std::size_t i : order)
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
int slip_rank(MistakeId id) {
    static constexpr std::array order = {
        MistakeId::softmax_index_confusion,
        MistakeId::sigmoid_derivative_form,
        MistakeId::tanh_derivative_form,
        MistakeId::indicator_reversed,
        MistakeId::leaky_slope_dropped,
        MistakeId::chain_factor_missing,
        MistakeId::power_exponent_not_lowered,
        MistakeId::power_coefficient_missing,
        MistakeId::product_rule_as_product,
        MistakeId::integrated_instead,
        MistakeId::wrong_variable,
        MistakeId::sign_error,
        MistakeId::term_dropped,
        MistakeId::other_variable_not_constant,
        MistakeId::constant_not_zero,
        MistakeId::two_slips,
        MistakeId::constant_factor,
    };
    return static_cast<int>(std::find(order.begin(), order.end(), id) - order.begin());
}

// A diagnosis that names the slip `id`.
Diagnosis named(MistakeId id, std::string message, std::vector<std::string> slips) {
    return Diagnosis{std::string(mistake_name(id)), std::move(message), std::move(slips)};
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
        return named(MistakeId::two_slips,
                     "two slips: " + printed_message(first.message, prepared.texts) + "; and " +
                         printed_message(second.message, prepared.texts),
                     {std::string(mistake_name(first.id)), std::string(mistake_name(second.id))});
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
    HiddenTexts guard(options.hide_answer ? &is_hidden : nullptr);

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
    std::optional<MistakeId> best_id; // best's id
    auto consider = [&](MistakeId id, const std::string& message) {
        if (!best_id || slip_rank(id) < slip_rank(*best_id)) {
            best = named(id, message, {std::string(mistake_name(id))});
            best_id = id;
        }
    };
    try {
        // Entries with the same derivative share one outcome.
        std::vector<int> outcome(prepared->entries.size(), -1);
        for (std::size_t k = 0; k < prepared->entries.size(); ++k) {
            const auto& entry = prepared->entries[k];
            const Candidate& c = entry.candidate;
            if (best_id && slip_rank(c.id) >= slip_rank(*best_id)) continue;
            std::size_t first = entry.same_as == SIZE_MAX ? k : entry.same_as;
            if (outcome[first] < 0) outcome[first] = matches(prepared->entries[first]) ? 1 : 0;
            if (outcome[first] == 1) consider(c.id, message_of(c));
        }

        // An antiderivative: the answer's derivative gives back the function.
        if ((!best_id || slip_rank(MistakeId::integrated_instead) < slip_rank(*best_id)) &&
            !function.is_zero() && answer.has(x)) {
            ex answer_derivative = charged_diff(answer, x);
            auto a = probe.values(answer_derivative);
            const auto& f = prepared->function_values;
            bool plausible = !a || !f || agreement(*a, *f) != Agreement::differ;
            if (plausible && compare_expressions(function, answer_derivative, variables).outcome ==
                                 Outcome::correct)
                consider(MistakeId::integrated_instead,
                         "the answer is an antiderivative of " + text(function) +
                             " (its derivative gives the function back), not the derivative");
        }
        if (!best) {
            best = two_slips(*prepared, x, answer_values, proved);
            if (best) best_id = MistakeId::two_slips;
        }

        // Right up to a constant factor: reported only when no slip explains it.
        if (!best && answer_values) {
            const auto& e = prepared->expected_values;
            auto ratio = e ? constant_ratio(*answer_values, *e) : std::nullopt;
            auto r = ratio ? rationalize(*ratio) : std::nullopt;
            if (r && !r->is_zero() && *r != 1 && *r != -1 && proved(*r * expected))
                best = named(MistakeId::constant_factor,
                             "right up to a constant factor: the answer is " + factor_text(*r) +
                                 ", " + text(expected),
                             {std::string(mistake_name(MistakeId::constant_factor))});
        }
    } catch (const std::exception&) {
        // What was found so far stands.
    }
    if (best) out.push_back(*best);

    if (out.empty() && options.structural_fallback) {
        auto description = describe_structure(expected, answer, variables);
        out.push_back({std::string(mistake_name(MistakeId::structure)),
                       description ? *description
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

} // namespace chainrule
