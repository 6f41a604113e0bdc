// The candidates: the whole wrong derivatives to try for an answer to d/dx f. Whole-answer
// mistakes, the same slip at every place, then one slip at one place (checker/slip_deriver.hpp).
#include "checker/slip_candidates.hpp"

#include "checker/mistake_text.hpp"
#include "checker/slip_deriver.hpp"
#include "expr/node_kind.hpp"

#include <algorithm>
#include <cstdint>
#include <utility>

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::ex_to;

namespace {

// Where the rules of the slips "at every place" can apply in f: a superset of the nodes
// where Rules makes a variant of each. A slip that can happen only once is a one-slip
// candidate already, and the pass that would look for it costs as much as a derivative.
struct RulePlaces {
    std::size_t exponent = 0;    ///< power_exponent_not_lowered
    std::size_t coefficient = 0; ///< power_coefficient_missing
    std::size_t chain = 0;       ///< chain_factor_missing
    std::size_t product = 0;     ///< product_rule_as_product

    std::size_t of(MistakeId id) const {
        if (id == MistakeId::power_exponent_not_lowered) return exponent;
        if (id == MistakeId::power_coefficient_missing) return coefficient;
        if (id == MistakeId::chain_factor_missing) return chain;
        if (id == MistakeId::product_rule_as_product) return product;
        return SIZE_MAX; // a rule this count does not know: always try it
    }
};

// Returns whether e depends on x, counting the places in e into `places`.
bool count_rule_places(const ex& e, const ex& x, RulePlaces& places) {
    if (is_kind(e, NodeKind::symbol)) return e.is_equal(x);
    std::vector<bool> dependent(e.nops());
    std::size_t dependents = 0;
    for (std::size_t i = 0; i < e.nops(); ++i) {
        dependent[i] = count_rule_places(e.op(i), x, places);
        dependents += dependent[i] ? 1 : 0;
    }
    if (dependents == 0) return false;
    if (is_kind(e, NodeKind::add) || is_kind(e, NodeKind::mul)) {
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (e.op(i).is_equal(x)) ++places.exponent;
        if (is_kind(e, NodeKind::mul) && dependents >= 2) ++places.product;
    } else if (is_kind(e, NodeKind::power)) {
        if (!dependent[1]) {
            ++places.exponent;
            ++places.coefficient;
            if (!e.op(0).is_equal(x)) ++places.chain;
        } else if (!e.op(1).is_equal(x)) {
            ++places.chain;
        }
    } else if (is_kind(e, NodeKind::function)) {
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (dependent[i] && !e.op(i).is_equal(x)) {
                ++places.chain;
                break;
            }
    }
    return true;
}

} // namespace

const ex& derivative_of(Candidate& candidate) {
    if (candidate.build) {
        candidate.derivative = candidate.build();
        candidate.build = nullptr;
    }
    return candidate.derivative;
}

std::vector<Candidate> build_candidates(const ex& f, const GiNaC::symbol& x,
                                        const std::vector<GiNaC::ex>& others, std::size_t cap,
                                        const Probe* probe,
                                        const std::vector<long double>* expected_values,
                                        const ex* derivative) {
    std::vector<Candidate> out;
    auto push = [&](MistakeId id, const std::string& message, const ex& derivative) {
        if (out.size() < cap) out.push_back({id, message, derivative, std::nullopt, nullptr});
    };
    const ex D = derivative ? *derivative : f.diff(x);
    std::vector<ex> by_other; // f's derivative with respect to each other variable
    for (const auto& v : others)
        by_other.push_back(f.diff(ex_to<GiNaC::symbol>(v)));
    const std::string wrt = (others.empty() ? "d/d" : "∂/∂") + text(x);

    // Whole-answer mistakes.
    if (!f.has(x)) {
        bool constant = true;
        for (const auto& v : others)
            constant = constant && !f.has(v);
        if (constant)
            push(MistakeId::constant_not_zero,
                 "the derivative of the constant " + text(f) + " is 0, but the answer keeps " +
                     text(f),
                 f);
        else
            push(MistakeId::other_variable_not_constant,
                 "in " + wrt + " the other variables are constants, so " + text(f) +
                     " has derivative 0, but the answer keeps it",
                 f);
    }
    if (f.is_equal(x))
        push(MistakeId::power_exponent_not_lowered,
             "power rule on " + text(x) + " = " + text(x) + "¹: the derivative is 1·" + text(x) +
                 "⁰ = 1, but the answer keeps " + text(x),
             x);
    push(MistakeId::sign_error, "the answer has the opposite sign: the derivative is " + text(D),
         -D);
    if (!out.empty()) out.back().whole_sign = true;
    for (std::size_t k = 0; k < others.size(); ++k)
        push(MistakeId::wrong_variable,
             "the answer is the derivative with respect to " + text(others[k]) + " (" +
                 text(by_other[k]) + "), but the question asks for " + wrt,
             by_other[k]);
    if (!others.empty()) {
        ex total = D;
        std::string names;
        for (std::size_t k = 0; k < others.size(); ++k)
            if (f.has(others[k])) {
                total += by_other[k];
                names += (names.empty() ? "" : ", ") + text(others[k]);
            }
        push(MistakeId::other_variable_not_constant,
             "in " + wrt + " the other variables (" + names +
                 ") are constants, but the answer differentiates with respect to them as well",
             total);
    }

    Rules rules(x, others);
    Deriver deriver(rules, x);

    // The same slip at every place it can happen.
    const std::vector<std::pair<MistakeId, std::string>> everywhere = {
        {MistakeId::power_exponent_not_lowered,
         "power rule, at every power: n·x^(n−1) — the exponent drops by one — but the answer "
         "keeps the exponents (n·xⁿ)"},
        {MistakeId::power_coefficient_missing,
         "power rule, at every power: n·x^(n−1) — the exponent n comes down as a factor — but "
         "the answer leaves the factors out"},
        {MistakeId::chain_factor_missing,
         "chain rule: the inner derivatives of the compositions are missing as factors"},
        {MistakeId::product_rule_as_product,
         "product rule: (f·g)' = f'·g + f·g', but the answer multiplies the derivatives of the "
         "factors, everywhere"},
    };
    RulePlaces places;
    count_rule_places(f, x, places);
    for (const auto& [id, message] : everywhere) {
        if (places.of(id) < 2) continue;
        std::size_t applied = 0;
        ex candidate = deriver.global(f, id, applied);
        if (applied >= 2) push(id, message, candidate);
    }

    // One slip at one place.
    std::vector<Deriver::Site> sites;
    Path here;
    deriver.sites(f, here, sites, cap);
    for (const auto& site : sites) {
        if (out.size() >= cap) break;
        if (probe && expected_values) {
            if (auto values = deriver.single_values(f, site, *probe, *expected_values)) {
                Candidate lazy{site.id, site.message, ex(), std::move(values), nullptr};
                // x kept as an ex: a copy of the symbol itself would be cut down from the
                // realsymbol it is to a plain symbol, which GiNaC takes for another variable.
                lazy.build = [f, x_held = ex(x), others, site] {
                    const auto& x = ex_to<GiNaC::symbol>(x_held);
                    Rules rules(x, others);
                    Deriver deriver(rules, x);
                    return deriver.single(f, site);
                };
                lazy.at_site = true;
                lazy.path = site.path;
                lazy.site_derivative = site.derivative;
                out.push_back(std::move(lazy));
                continue;
            }
        }
        const std::size_t before = out.size();
        push(site.id, site.message, deriver.single(f, site));
        if (out.size() > before) {
            out.back().at_site = true;
            out.back().path = site.path;
            out.back().site_derivative = site.derivative;
        }
    }
    return out;
}

bool disjoint_sites(const Candidate& a, const Candidate& b) {
    if (!a.at_site || !b.at_site) return false;
    const auto n = std::min(a.path.size(), b.path.size());
    return !std::equal(a.path.begin(), a.path.begin() + static_cast<std::ptrdiff_t>(n),
                       b.path.begin());
}

ex derivative_with_two_slips(const ex& f, const GiNaC::symbol& x, const std::vector<ex>& others,
                             const Candidate& a, const Candidate& b) {
    Rules rules(x, others);
    Deriver deriver(rules, x);
    return deriver.with_slips(f, {{a.path, a.site_derivative}, {b.path, b.site_derivative}});
}

} // namespace chainrule::mistakes
