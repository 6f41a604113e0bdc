#include "checker/canonical.hpp"
#include "expr/node_kind.hpp"

#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/written_decimal.hpp"

#include <algorithm>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

// The one step function of canonical forms, kept distinct from the indicators that answers use.
DECLARE_FUNCTION_1P(canonical_step)
REGISTER_FUNCTION(canonical_step, dummy())

// A total order on expressions that is the same in every run: by their plain text. (GiNaC's
// own compare() orders by hash values that depend on addresses, which change from run to run
// with address-space randomisation, so anything it orders would show in a different order.)
bool printed_less(const ex& a, const ex& b) {
    DecimalsShown exact(0); // the canonical form never depends on how numbers are shown
    std::string pa = print(a), pb = print(b);
    if (pa != pb) return pa < pb;
    return a.compare(b) < 0; // equal text: the order does not show
}

ex step_of(const ex& w) {
    ex negated = -w;
    // Choose one of w, −w, always the same one, so H(x − y) and H(y − x) meet.
    if (printed_less(negated, w)) return 1 - canonical_step(negated);
    return canonical_step(w);
}

ex exp_of(const ex& argument);

struct Canonicalizer : GiNaC::map_function {
    ex operator()(const ex& e) override {
        if (!is_kind(e, NodeKind::function) && e.nops() == 0) return e;
        ex mapped = e.map(*this);
        if (!is_kind(mapped, NodeKind::function)) return mapped;
        const ex& u = mapped.nops() > 0 ? mapped.op(0) : mapped;
        if (is_call(mapped, sigmoid_SERIAL::serial)) return 1 / (1 + exp_of(-u));
        if (is_call(mapped, GiNaC::tanh_SERIAL::serial))
            return (exp_of(u) - exp_of(-u)) / (exp_of(u) + exp_of(-u));
        if (is_call(mapped, GiNaC::sinh_SERIAL::serial)) return (exp_of(u) - exp_of(-u)) / 2;
        if (is_call(mapped, GiNaC::cosh_SERIAL::serial)) return (exp_of(u) + exp_of(-u)) / 2;
        if (is_call(mapped, GiNaC::exp_SERIAL::serial)) return exp_of(u);
        if (is_call(mapped, relu_SERIAL::serial)) return u * step_of(u);
        if (is_call(mapped, leaky_relu_SERIAL::serial)) {
            ex h = step_of(u);
            return u * h + mapped.op(1) * u * (1 - h);
        }
        if (is_call(mapped, maximum_SERIAL::serial)) {
            ex h = step_of(u - mapped.op(1));
            return u * h + mapped.op(1) * (1 - h);
        }
        if (is_call(mapped, minimum_SERIAL::serial)) {
            ex h = step_of(u - mapped.op(1));
            return mapped.op(1) * h + u * (1 - h);
        }
        if (is_call(mapped, ind_gt_SERIAL::serial)) return step_of(u - mapped.op(1));
        if (is_call(mapped, ind_ge_SERIAL::serial)) return 1 - step_of(mapped.op(1) - u);
        if (is_call(mapped, GiNaC::abs_SERIAL::serial)) return u * (2 * step_of(u) - 1);
        return mapped;
    }
};

ex exp_of(const ex& argument) {
    if (is_kind(argument, NodeKind::add)) {
        ex product = 1;
        for (std::size_t i = 0; i < argument.nops(); ++i)
            product *= exp_of(argument.op(i));
        return product;
    }
    if (is_kind(argument, NodeKind::mul)) {
        const ex& last = argument.op(argument.nops() - 1);
        if (is_kind(last, NodeKind::numeric) && ex_to<numeric>(last).is_integer() &&
            abs(ex_to<numeric>(last)) <= 64)
            return GiNaC::pow(GiNaC::exp(argument / last), last);
    }
    if (is_kind(argument, NodeKind::numeric) && ex_to<numeric>(argument).is_integer() &&
        abs(ex_to<numeric>(argument)) <= 64)
        return GiNaC::pow(GiNaC::exp(ex(1)), argument);
    return GiNaC::exp(argument);
}

void collect_boundaries(const ex& e, std::vector<ex>& out) {
    if (is_call(e, canonical_step_SERIAL::serial)) out.push_back(e.op(0));
    for (std::size_t i = 0; i < e.nops(); ++i)
        collect_boundaries(e.op(i), out);
}

} // namespace

ex canonical_form(const ex& e) {
    Canonicalizer canonicalizer;
    return canonicalizer(e);
}

std::vector<ex> region_boundaries(const ex& canonical) {
    std::vector<ex> out;
    collect_boundaries(canonical, out);
    std::sort(out.begin(), out.end(), printed_less);
    out.erase(
        std::unique(out.begin(), out.end(), [](const ex& a, const ex& b) { return a.is_equal(b); }),
        out.end());
    return out;
}

bool has_non_smooth(const ex& e) {
    if (is_non_smooth_call(e)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_non_smooth(e.op(i))) return true;
    return false;
}

namespace {

// An upper estimate of the number of terms e expands to, capped at `cap`.
double expanded_terms(const ex& e, double cap) {
    if (is_kind(e, NodeKind::add)) {
        double total = 0;
        for (std::size_t i = 0; i < e.nops() && total <= cap; ++i)
            total += expanded_terms(e.op(i), cap);
        return std::min(total, cap + 1);
    }
    if (is_kind(e, NodeKind::mul)) {
        double product = 1;
        for (std::size_t i = 0; i < e.nops() && product <= cap; ++i)
            product *= expanded_terms(e.op(i), cap);
        return std::min(product, cap + 1);
    }
    if (is_kind(e, NodeKind::power) && is_kind(e.op(1), NodeKind::numeric)) {
        const numeric& n = ex_to<numeric>(e.op(1));
        // normal() and expand() put integers in for symbols and functions (the heuristic gcd):
        // ln(x² + 1)^(20010^200) becomes an integer to that power, whatever the base's size.
        constexpr long max_exponent = 10000;
        if (!n.is_rational() || abs(n.numer()) > max_exponent || n.denom() > max_exponent)
            return cap + 1;
        double base = expanded_terms(e.op(0), cap);
        if (base <= 1) return 1;
        if (!n.is_integer() || n.is_negative()) return base;
        // (t terms)^k has at most C(t + k − 1, k) terms.
        double k = n.to_double(), terms = 1;
        for (double i = 1; i <= k && terms <= cap; ++i)
            terms = terms * (base + i - 1) / i;
        return std::min(terms, cap + 1);
    }
    // expand() works inside a symbolic exponent too: (x+1)^((x+1)^(10^9)) expands its
    // exponent's power (found by the CI fuzz stage: an allocation of 16 GB).
    if (is_kind(e, NodeKind::power) &&
        (expanded_terms(e.op(0), cap) > cap || expanded_terms(e.op(1), cap) > cap))
        return cap + 1;
    return 1;
}

// Whether every argument of every function in e expands to at most `cap` terms: normal() and
// expand() work inside function arguments too, where a function counts as one term of the
// whole, so relu((x+1)^(10^9) - 5) must be refused as well.
bool arguments_cheap(const ex& e, double cap) {
    if (is_kind(e, NodeKind::function))
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (expanded_terms(e.op(i), cap) > cap) return false;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (!arguments_cheap(e.op(i), cap)) return false;
    return true;
}

} // namespace

bool cheap_to_expand(const ex& e) {
    constexpr double max_terms = 2000;
    return expanded_terms(e, max_terms) <= max_terms && arguments_cheap(e, max_terms);
}

namespace {

// Each distinct argument once: a softmax derivative holds exp(z1) a dozen times.
void collect_exp_arguments(const ex& e, std::vector<ex>& out) {
    if (is_call(e, GiNaC::exp_SERIAL::serial) &&
        std::none_of(out.begin(), out.end(), [&](const ex& a) { return a.is_equal(e.op(0)); }))
        out.push_back(e.op(0));
    for (std::size_t i = 0; i < e.nops(); ++i)
        collect_exp_arguments(e.op(i), out);
}

} // namespace

bool cheap_to_normalize(const ex& e) {
    if (!cheap_to_expand(e)) return false;
    // The largest power of a common exponential that normal() may form (e^(x/6) for e^(x/2)
    // and e^(x/3)); 64 is the bound exp_of uses for exp(k·u) = exp(u)^k.
    constexpr long max_degree = 64;
    std::vector<ex> arguments;
    collect_exp_arguments(e, arguments);
    std::vector<bool> grouped(arguments.size(), false);
    for (std::size_t i = 0; i < arguments.size(); ++i) {
        if (grouped[i] || arguments[i].is_zero()) continue;
        // The exponentials whose arguments are rational multiples q·a of this one, a = a_i:
        // with L the least common denominator of the q and g the gcd of the q·L, normal()
        // writes each one as a power q·L/g of exp(a·g/L).
        std::vector<numeric> factors;
        for (std::size_t j = i; j < arguments.size(); ++j) {
            ex ratio = arguments[j] / arguments[i];
            if (!is_a<numeric>(ratio) || !ex_to<numeric>(ratio).is_rational()) continue;
            grouped[j] = true;
            factors.push_back(ex_to<numeric>(ratio));
        }
        numeric denominator = 1;
        for (const auto& q : factors)
            denominator = GiNaC::lcm(denominator, q.denom());
        numeric common = 0;
        for (const auto& q : factors)
            common = GiNaC::gcd(common, q * denominator);
        for (const auto& q : factors)
            if (abs(q * denominator / common) > max_degree) return false;
    }
    return true;
}

bool is_polynomial(const ex& e) {
    if (is_kind(e, NodeKind::symbol)) return true;
    if (is_kind(e, NodeKind::numeric)) return ex_to<numeric>(e).is_rational();
    if (is_kind(e, NodeKind::add) || is_kind(e, NodeKind::mul)) {
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (!is_polynomial(e.op(i))) return false;
        return true;
    }
    if (is_kind(e, NodeKind::power))
        return is_kind(e.op(1), NodeKind::numeric) && ex_to<numeric>(e.op(1)).is_pos_integer() &&
               is_polynomial(e.op(0));
    return false;
}

} // namespace chainrule
