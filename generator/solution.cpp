#include "generator/solution.hpp"
#include "expr/node_kind.hpp"

#include "expr/functions.hpp"
#include "expr/symbols.hpp"
#include "expr/utf8.hpp"
#include "generator/named_solution.hpp"
#include "generator/rules.hpp"

#include <algorithm>
#include <cmath>
#include <optional>
#include <set>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;
using GiNaC::symbol;

namespace {

// --- limits: hostile input must not hang the engine ---

/// Rule lines at most; a derivation still unfinished then has its rest worked out at once.
constexpr std::size_t max_rule_steps = 30;
/// A function larger than this (tree nodes) is differentiated in one line.
constexpr std::size_t max_function_size = 2000;
/// A line larger than this ends the rule-by-rule part.
constexpr std::size_t max_line_size = 6000;
/// Simplification (normal, expand, factor) is tried only on results up to this size.
constexpr std::size_t max_simplify_size = 400;

// --- simplification ---

std::size_t printed_length(const ex& e) {
    return decode_utf8(print(e, Notation::unicode)).size();
}

/// A rough count of the terms that expanding e would make: (a + b)^40 or a product of forty
/// sums in distinct variables must not be expanded.
double expansion_estimate(const ex& e) {
    if (is_kind(e, NodeKind::add)) {
        double total = 0;
        for (std::size_t i = 0; i < e.nops(); ++i)
            total += expansion_estimate(e.op(i));
        return total;
    }
    if (is_kind(e, NodeKind::mul)) {
        double total = 1;
        for (std::size_t i = 0; i < e.nops(); ++i)
            total *= expansion_estimate(e.op(i));
        return total;
    }
    if (is_kind(e, NodeKind::power)) {
        const ex& exponent = e.op(1);
        double base = expansion_estimate(e.op(0));
        if (is_kind(exponent, NodeKind::numeric) && ex_to<numeric>(exponent).is_pos_integer())
            return std::pow(base, std::min(ex_to<numeric>(exponent).to_double(), 400.0));
        return base;
    }
    double total = 1; // a function: its arguments are expanded on their own
    for (std::size_t i = 0; i < e.nops(); ++i)
        total += expansion_estimate(e.op(i));
    return total;
}

/// The most terms an expansion tried by simplest_form may make.
constexpr double max_expansion_terms = 2000;

/// The shortest of the usual forms of e when written out, keeping e's own form unless another
/// is clearly shorter (σ(z)(1 − σ(z)) stays; it is not worth σ(z) − σ(z)²).
ex simplest_form(const ex& e) {
    if (expression_size(e, max_simplify_size) > max_simplify_size ||
        expansion_estimate(e) > max_expansion_terms)
        return e;
    std::vector<ex> candidates;
    try {
        ex normal = e.normal();
        ex expanded = e.expand();
        candidates.push_back(normal);
        candidates.push_back(expanded);
        candidates.push_back(GiNaC::collect_common_factors(expanded));
        if (expansion_estimate(normal) <= max_expansion_terms) {
            candidates.push_back(normal.expand());
            if (expression_size(normal, max_simplify_size) <= max_simplify_size / 2)
                candidates.push_back(GiNaC::factor(normal));
        }
    } catch (const std::exception&) {
        return e; // e.g. a division by zero found on the way
    }
    ex best = e;
    std::size_t best_length = printed_length(e);
    for (std::size_t i = 0; i < candidates.size(); ++i) {
        const ex& candidate = candidates[i];
        // The forms often coincide (a polynomial is its own expansion): print each once.
        bool seen = candidate.is_equal(e);
        for (std::size_t j = 0; j < i && !seen; ++j)
            seen = candidate.is_equal(candidates[j]);
        if (seen) continue;
        std::size_t length = printed_length(candidate);
        // Strictly shorter by a margin, so that equal-looking forms do not flip-flop.
        if (length + 3 <= best_length) {
            best = candidate;
            best_length = length;
        }
    }
    return best;
}

// --- course forms: σ(z)(1 − σ(z)), 1 − tanh(z)², S_i(1 − S_m) ---

struct CourseForm {
    ex expression;
    std::string rule;
    std::string note;
};

/// The terms of e as a list (e itself when it is not a sum).
std::vector<ex> terms_of(const ex& e) {
    std::vector<ex> out;
    if (is_kind(e, NodeKind::add))
        for (std::size_t i = 0; i < e.nops(); ++i)
            out.push_back(e.op(i));
    else
        out.push_back(e);
    return out;
}

/// f as numerator and denominator when it is a quotient (denominator 1 otherwise).
std::pair<ex, ex> split_fraction(const ex& f) {
    ex top = 1, bottom = 1;
    auto take = [&](const ex& factor) {
        if (is_kind(factor, NodeKind::power) && is_kind(factor.op(1), NodeKind::numeric) &&
            ex_to<numeric>(factor.op(1)).is_negative())
            bottom *= GiNaC::pow(factor.op(0), -factor.op(1));
        else
            top *= factor;
    };
    if (is_kind(f, NodeKind::mul))
        for (std::size_t i = 0; i < f.nops(); ++i)
            take(f.op(i));
    else
        take(f);
    return {top, bottom};
}

std::optional<CourseForm> course_form(const ex& f, const symbol& x) {
    auto [top, bottom] = split_fraction(f);
    if (bottom.is_equal(1) || !is_kind(bottom, NodeKind::add)) return std::nullopt;
    std::vector<ex> below = terms_of(bottom);
    for (const auto& term : below) {
        if (!is_call(term, GiNaC::exp_SERIAL::serial)) continue;
        const ex& a = term.op(0);
        // σ(v) = 1/(1 + e^(−v)) = e^v/(e^v + 1)
        ex v;
        bool sigmoid_form = false;
        if (top.is_equal(1) && (bottom - term).is_equal(1)) {
            v = -a;
            sigmoid_form = true;
        } else if (top.is_equal(term) && (bottom - term).is_equal(1)) {
            v = a;
            sigmoid_form = true;
        }
        if (sigmoid_form) {
            ex s = sigmoid(v);
            ex dv = simplest_form(v.diff(x));
            return CourseForm{s * (1 - s) * dv, "rewrite with sigmoid",
                              print(s) + " = " + print(f)};
        }
        // tanh(a) = (e^a − e^(−a))/(e^a + e^(−a))
        if (bottom.is_equal(term + GiNaC::exp(-a)) && top.is_equal(term - GiNaC::exp(-a))) {
            ex t = GiNaC::tanh(a);
            ex da = simplest_form(a.diff(x));
            return CourseForm{(1 - GiNaC::pow(t, 2)) * da, "rewrite with tanh",
                              print(t) + " = " + print(f)};
        }
    }
    // Softmax: S_i = e^(z_i) / Σ_j e^(z_j), the z_j distinct variables.
    if (!is_call(top, GiNaC::exp_SERIAL::serial) || !is_kind(top.op(0), NodeKind::symbol) ||
        below.size() < 2)
        return std::nullopt;
    std::set<ex, GiNaC::ex_is_less> inputs;
    for (const auto& term : below) {
        if (!is_call(term, GiNaC::exp_SERIAL::serial) || !is_kind(term.op(0), NodeKind::symbol))
            return std::nullopt;
        inputs.insert(term.op(0));
    }
    if (inputs.size() != below.size() || !inputs.count(top.op(0)) || !inputs.count(x))
        return std::nullopt;
    ex s_i = f;
    ex s_m = GiNaC::exp(x) / bottom;
    std::string definition = ", with S_i = " + print(f);
    if (top.op(0).is_equal(x))
        return CourseForm{s_i * (1 - s_i), "softmax form S_i(1 - S_i)", "i = m" + definition};
    return CourseForm{-s_i * s_m, "softmax form -S_i S_m",
                      "i != m" + definition + " and S_m = " + print(s_m)};
}

// --- notes ---

std::string held_note(const std::set<std::string>& held, const std::vector<std::string>& order) {
    std::vector<std::string> names;
    for (const auto& name : order)
        if (held.count(name)) names.push_back(name);
    for (const auto& name : held)
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    if (names.empty()) return "";
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
        out += names[i];
    }
    return out + (names.size() == 1 ? " is held constant" : " are held constant");
}

void collect_symbol_names(const ex& e, std::set<std::string>& out) {
    if (is_kind(e, NodeKind::symbol)) {
        out.insert(ex_to<symbol>(e).get_name());
        return;
    }
    for (std::size_t i = 0; i < e.nops(); ++i)
        collect_symbol_names(e.op(i), out);
}

} // namespace

WorkedSolution solve_derivative(const ex& f, const std::string& variable_name,
                                const std::vector<std::string>& variables, bool course_forms) {
    WorkedSolution solution;
    solution.function = f;
    solution.variable = variable_name;
    const symbol& x = variable(variable_name);

    std::set<std::string> others;
    collect_symbol_names(f, others);
    for (const auto& name : variables)
        others.insert(name);
    others.erase(variable_name);
    solution.partial = !others.empty();

    auto add_step = [&](std::string rule, ex expression, std::string note = "") {
        SolutionStep step;
        step.rule = std::move(rule);
        step.expression = std::move(expression);
        step.note = std::move(note);
        solution.steps.push_back(std::move(step));
    };

    ex current = deriv(f, x);
    add_step("", current);

    if (expression_size(f, max_function_size) > max_function_size) {
        current = evaluate_derivatives(current);
        add_step("differentiate", current, "too large to work out rule by rule");
        solution.result = current;
        return solution;
    }

    std::size_t rule_steps = 0;
    while (has_unevaluated_derivative(current) && rule_steps < max_rule_steps &&
           expression_size(current, max_line_size) <= max_line_size) {
        RuleLog log;
        current = apply_rules_once(current, log);
        ++rule_steps;
        add_step(rule_label(log.rules), current, held_note(log.held, variables));
    }
    if (has_unevaluated_derivative(current)) {
        current = evaluate_derivatives(current);
        add_step("differentiate", current,
                 "the remaining derivatives worked out at once, after " +
                     std::to_string(rule_steps) + " steps");
    }

    ex simplified = simplest_form(current);
    if (!simplified.is_equal(current)) {
        add_step("simplify", simplified);
        current = simplified;
    }
    if (auto slopes = activation_slope_line(f, x)) {
        // α as the question gives it, 0.06 and not 3/50.
        solution.steps.push_back(std::move(*slopes));
        current = solution.steps.back().expression;
    }
    if (!course_forms) {
        solution.result = current;
        return solution;
    }
    if (auto form = course_form(f, x)) {
        if (!form->expression.is_equal(current)) {
            add_step(form->rule, form->expression, form->note);
            current = form->expression;
        } else {
            // Already in that form (−S_i S_m is GiNaC's own): say so on the last line.
            std::string& note = solution.steps.back().note;
            note += (note.empty() ? "" : "; ") + form->rule + ", " + form->note;
        }
    }
    solution.result = current;
    return solution;
}

} // namespace chainrule
