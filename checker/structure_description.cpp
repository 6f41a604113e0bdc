#include "checker/structure_description.hpp"

#include "checker/equivalence.hpp"
#include "checker/mistake_text.hpp"
#include "checker/probe.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"

#include <algorithm>
#include <set>

namespace chainrule {

using GiNaC::ex;
using GiNaC::is_a;
using GiNaC::numeric;
using namespace mistakes;

namespace {

std::vector<ex> terms_of(const ex& e) {
    std::vector<ex> out;
    if (is_a<GiNaC::add>(e))
        for (std::size_t i = 0; i < e.nops(); ++i)
            out.push_back(e.op(i));
    else
        out.push_back(e);
    return out;
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
        if (hiding_answer())
            return "every " + kind + " of the answer is right, but a " + kind + " is missing";
        return "every " + kind + " of the answer is right, but the derivative has more: the " +
               kind + (left.size() == 1 ? " " : "s ") + list(left) +
               (left.size() == 1 ? " is" : " are") + " missing";
    }
    std::string message = (wrong.size() == 1 ? "the " + kind + " " : "the " + kind + "s ") +
                          list(wrong) + " of the answer " + (wrong.size() == 1 ? "is" : "are") +
                          " not right";
    if (hiding_answer()) return message + "; " + rest; // what belongs there is the answer's
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
            const bool telling = hiding_answer() && !has_symbol(answer);
            if (r && !r->is_zero() && !telling &&
                compare_expressions(expected + *r, answer, variables).outcome == Outcome::correct)
                return "off by a constant: the answer is the derivative " +
                       (hiding_answer() ? std::string() : text(expected) + " ") +
                       (r->is_negative() ? "minus " + text(-*r) : "plus " + text(*r));
            auto ratio = constant_ratio(*a, *e);
            auto q = ratio ? rationalize(*ratio) : std::nullopt;
            if (q && !q->is_zero() && *q != 1 &&
                compare_expressions(*q * expected, answer, variables).outcome == Outcome::correct)
                return "off by a constant factor: the answer is " + factor_text(*q) +
                       (hiding_answer() ? std::string() : ", " + text(expected));
        }
        return compare_parts(expected, answer, probe);
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace chainrule
