#include "generator/rules.hpp"
#include "expr/node_kind.hpp"

#include "expr/functions.hpp"
#include "expr/structure.hpp"

#include <algorithm>
#include <map>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;
using GiNaC::symbol;

namespace {

bool is_negative_real(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_real() &&
           ex_to<numeric>(e).is_negative();
}

// A factor written below the fraction line: a power with a negative number as exponent.
bool is_denominator_factor(const ex& e) {
    return is_kind(e, NodeKind::power) && is_negative_real(e.op(1));
}

ex product_of(const std::vector<ex>& factors, std::size_t skip = static_cast<std::size_t>(-1)) {
    ex result = 1;
    for (std::size_t i = 0; i < factors.size(); ++i)
        if (i != skip) result *= factors[i];
    return result;
}

// How the course names the derivative of a function.
std::string derivative_name(const ex& call) {
    if (is_call(call, GiNaC::exp_SERIAL::serial)) return "derivative of exp";
    if (is_call(call, GiNaC::log_SERIAL::serial)) return "derivative of ln";
    if (is_call(call, sigmoid_SERIAL::serial)) return "derivative of sigmoid";
    if (is_call(call, relu_SERIAL::serial)) return "derivative of ReLU";
    if (is_call(call, leaky_relu_SERIAL::serial)) return "derivative of leaky ReLU";
    if (is_call(call, elu_SERIAL::serial)) return "derivative of ELU";
    if (is_call(call, maximum_SERIAL::serial)) return "derivative of max";
    if (is_call(call, minimum_SERIAL::serial)) return "derivative of min";
    if (is_call(call, ind_gt_SERIAL::serial) || is_call(call, ind_ge_SERIAL::serial))
        return "derivative of a step";
    return "derivative of " + ex_to<GiNaC::function>(call).get_name();
}

// d/dx of an argument a: 1 when a is x itself (no chain rule needed), else deriv(a, x).
ex inner_derivative(const ex& a, const symbol& x, bool& chained) {
    if (a.is_equal(x)) return 1;
    chained = true;
    return deriv(a, x);
}

RuleApplication made(ex replacement, std::vector<std::string> rules) {
    RuleApplication r;
    r.replacement = std::move(replacement);
    r.rules = std::move(rules);
    return r;
}

RuleApplication sum_rule(const ex& u, const symbol& x) {
    ex result = 0;
    for (std::size_t i = 0; i < u.nops(); ++i) {
        const ex& term = u.op(i);
        // − d/dx(y²) rather than + d/dx(−y²), as the notes write it.
        if (coefficient_of(term).is_negative())
            result -= deriv(-term, x);
        else
            result += deriv(term, x);
    }
    return made(result, {"sum rule"});
}

RuleApplication quotient_rule(const ex& numerator, const ex& denominator, const symbol& x) {
    ex top = deriv(numerator, x) * denominator - numerator * deriv(denominator, x);
    return made(top * GiNaC::pow(denominator, -2), {"quotient rule"});
}

RuleApplication product_rule(const ex& u, const symbol& x) {
    // Over a denominator that depends on x, only numbers come out: e^(z1)/Σ e^(zj) is worked
    // with the quotient rule, e^(z1) in the numerator, as the notes work softmax.
    bool quotient = false;
    for (std::size_t i = 0; i < u.nops(); ++i)
        quotient = quotient || (is_denominator_factor(u.op(i)) && u.op(i).has(x));
    ex constant = 1;
    std::vector<ex> varying;
    for (std::size_t i = 0; i < u.nops(); ++i) {
        const ex& factor = u.op(i);
        bool number = is_kind(factor, NodeKind::numeric) || is_kind(factor, NodeKind::constant);
        if (factor.has(x) || (quotient && !number))
            varying.push_back(factor);
        else
            constant *= factor;
    }
    if (coefficient_of(constant).is_negative()) {
        // GiNaC may keep (e^z − e^(−z))/(…) as −(e^(−z) − e^z)/(…), or x(t − wx) as
        // −x(wx − t): give the sign back to the sum rather than pull out a −1 that the
        // question does not show.
        auto negative_terms = [](const ex& sum) {
            int count = 0;
            for (std::size_t i = 0; i < sum.nops(); ++i)
                count += coefficient_of(sum.op(i)).is_negative() ? 1 : 0;
            return count;
        };
        for (auto& factor : varying) {
            // Not −(x + 1)(x + 2) into (−x − 1)(x + 2): only where the sign reads as well.
            if (is_kind(factor, NodeKind::add) &&
                negative_terms(-factor) <= negative_terms(factor)) {
                factor = -factor;
                constant = -constant;
                break;
            }
        }
    }
    if (!constant.is_equal(1)) {
        RuleApplication r =
            made(constant * deriv(product_of(varying), x), {"constant multiple rule"});
        collect_symbols(constant, r.held);
        return r;
    }
    std::vector<ex> above, below;
    for (const auto& factor : varying) {
        if (is_denominator_factor(factor))
            below.push_back(GiNaC::pow(factor.op(0), -factor.op(1)));
        else
            above.push_back(factor);
    }
    if (!above.empty() && !below.empty())
        return quotient_rule(product_of(above), product_of(below), x);
    ex result = 0;
    for (std::size_t i = 0; i < varying.size(); ++i)
        result += product_of(varying, i) * deriv(varying[i], x);
    return made(result, {"product rule"});
}

RuleApplication power_rule(const ex& u, const symbol& x) {
    const ex& base = u.op(0);
    const ex& exponent = u.op(1);
    if (!exponent.has(x)) {
        if (base.is_equal(x)) return made(exponent * GiNaC::pow(x, exponent - 1), {"power rule"});
        // 1/(1 + e^(−z)): the notes use the quotient rule, with g = 1.
        if (exponent.is_equal(-1) && is_kind(base, NodeKind::add)) return quotient_rule(1, base, x);
        // Multiplied in this order so that GiNaC keeps n(u)^(n−1) as a factor instead of
        // distributing n over the sum u.
        ex outer = GiNaC::pow(base, exponent - 1) * deriv(base, x);
        return made(exponent * outer, {"chain rule", "power rule"});
    }
    if (!base.has(x)) {
        // a^v = e^(v ln a)
        bool chained = false;
        ex inner = inner_derivative(exponent, x, chained);
        std::vector<std::string> rules;
        if (chained) rules.push_back("chain rule");
        rules.push_back("exponential rule");
        return made(u * GiNaC::log(base) * inner, rules);
    }
    // u^v with both depending on x: d(u^v) = u^v (v' ln u + v u'/u)
    ex result = u * (deriv(exponent, x) * GiNaC::log(base) +
                     exponent * deriv(base, x) * GiNaC::pow(base, -1));
    return made(result, {"logarithmic differentiation"});
}

// max, min, ReLU, leaky ReLU and ELU, in the indicator forms of the notes.
RuleApplication non_smooth_rule(const ex& u, const symbol& x) {
    bool chained = false;
    ex result = 0;
    if (is_call(u, maximum_SERIAL::serial) || is_call(u, minimum_SERIAL::serial)) {
        bool is_max = is_call(u, maximum_SERIAL::serial);
        const ex& a = u.op(0);
        const ex& b = u.op(1);
        // max: 1(a ≥ b) a' + 1(b > a) b'; min: 1(b ≥ a) a' + 1(a > b) b'
        if (a.has(x))
            result += (is_max ? ind_ge(a, b) : ind_ge(b, a)) * inner_derivative(a, x, chained);
        if (b.has(x))
            result += (is_max ? ind_gt(b, a) : ind_gt(a, b)) * inner_derivative(b, x, chained);
    } else if (is_call(u, relu_SERIAL::serial)) {
        result = ind_gt(u.op(0), 0) * inner_derivative(u.op(0), x, chained);
    } else if (is_call(u, elu_SERIAL::serial)) { // ELU: 1 for z > 0, αe^z for z ≤ 0
        const ex& z = u.op(0);
        const ex& alpha = u.op(1);
        result =
            (ind_gt(z, 0) + alpha * GiNaC::exp(z) * ind_ge(0, z)) * inner_derivative(z, x, chained);
    } else { // leaky ReLU with a constant slope
        const ex& z = u.op(0);
        const ex& alpha = u.op(1);
        result = (ind_gt(z, 0) + alpha * ind_ge(0, z)) * inner_derivative(z, x, chained);
    }
    std::vector<std::string> rules;
    if (chained) rules.push_back("chain rule");
    rules.push_back(derivative_name(u));
    return made(result, rules);
}

RuleApplication function_rule(const ex& u, const symbol& x) {
    if (is_call(u, deriv_SERIAL::serial)) {
        // A derivative inside the function: work it out first.
        return made(deriv(evaluate_derivatives(u), x), {"inner derivative worked out"});
    }
    if (is_call(u, ind_gt_SERIAL::serial) || is_call(u, ind_ge_SERIAL::serial))
        return made(0, {derivative_name(u)}); // constant on each side of the jump
    if (is_call(u, maximum_SERIAL::serial) || is_call(u, minimum_SERIAL::serial) ||
        is_call(u, relu_SERIAL::serial) ||
        ((is_call(u, leaky_relu_SERIAL::serial) || is_call(u, elu_SERIAL::serial)) &&
         !u.op(1).has(x)))
        return non_smooth_rule(u, x);
    if (u.nops() == 1) {
        // g'(a) from GiNaC's derivative of g at a fresh symbol: e^a, 1/a, σ(a)(1 − σ(a)),
        // 1 − tanh(a)², cos(a), ...
        const ex& a = u.op(0);
        GiNaC::realsymbol s("chainrule_argument");
        ex outer = GiNaC::function(ex_to<GiNaC::function>(u).get_serial(), s).diff(s);
        outer = outer.subs(s == a);
        bool chained = false;
        ex inner = inner_derivative(a, x, chained);
        std::vector<std::string> rules;
        if (chained) rules.push_back("chain rule");
        rules.push_back(derivative_name(u));
        return made(outer * inner, rules);
    }
    return made(u.diff(x), {"differentiate"});
}

// Where each rule goes in a label that names several: the order in which one reads them off
// a line, structural rules first.
int rule_rank(const std::string& rule) {
    static const std::map<std::string, int> ranks = {
        {"inner derivative worked out", 0},
        {"sum rule", 1},
        {"constant multiple rule", 2},
        {"product rule", 3},
        {"quotient rule", 4},
        {"chain rule", 5},
        {"power rule", 6},
        {"exponential rule", 7},
        {"logarithmic differentiation", 8},
        {"constant rule", 20},
        {"differentiate", 30},
    };
    auto it = ranks.find(rule);
    return it == ranks.end() ? 10 : it->second; // "derivative of ..." between
}

} // namespace

RuleApplication apply_rule(const ex& u, const symbol& x) {
    if (!u.has(x)) {
        RuleApplication r = made(0, {"constant rule"});
        collect_symbols(u, r.held);
        return r;
    }
    if (u.is_equal(x)) return made(1, {"power rule"});
    if (is_kind(u, NodeKind::add)) return sum_rule(u, x);
    if (is_kind(u, NodeKind::mul)) return product_rule(u, x);
    if (is_kind(u, NodeKind::power)) return power_rule(u, x);
    if (is_kind(u, NodeKind::function)) return function_rule(u, x);
    return made(u.diff(x), {"differentiate"});
}

void RuleLog::add(const RuleApplication& application) {
    for (const auto& rule : application.rules)
        if (std::find(rules.begin(), rules.end(), rule) == rules.end()) rules.push_back(rule);
    held.insert(application.held.begin(), application.held.end());
}

ex apply_rules_once(const ex& e, RuleLog& log) {
    if (is_call(e, deriv_SERIAL::serial)) {
        if (!is_kind(e.op(1), NodeKind::symbol)) {
            RuleApplication r = made(evaluate_derivatives(e), {"differentiate"});
            log.add(r);
            return r.replacement;
        }
        RuleApplication r = apply_rule(e.op(0), ex_to<symbol>(e.op(1)));
        log.add(r);
        return r.replacement;
    }
    if (e.nops() == 0 || !has_unevaluated_derivative(e)) return e;
    struct Rewriter : GiNaC::map_function {
        RuleLog& log;
        explicit Rewriter(RuleLog& l) : log(l) {}
        ex operator()(const ex& child) override { return apply_rules_once(child, log); }
    } rewriter(log);
    return e.map(rewriter);
}

std::string rule_label(const std::vector<std::string>& rules) {
    std::vector<std::string> sorted = rules;
    std::stable_sort(sorted.begin(), sorted.end(), [](const std::string& a, const std::string& b) {
        int ra = rule_rank(a), rb = rule_rank(b);
        if (ra != rb) return ra < rb;
        return ra == 10 && a < b;
    });
    std::string out;
    for (const auto& rule : sorted) {
        if (!out.empty()) out += ", ";
        out += rule;
    }
    return out;
}

std::size_t expression_size(const ex& e, std::size_t limit) {
    std::size_t count = 1;
    for (std::size_t i = 0; i < e.nops() && count <= limit; ++i)
        count += expression_size(e.op(i), limit - count + 1);
    return count;
}

} // namespace chainrule
