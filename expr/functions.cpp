#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/work_budget.hpp"

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

bool is_real_number(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_real();
}

const numeric& as_number(const ex& e) {
    return ex_to<numeric>(e);
}

// --- sigmoid ---
ex sigmoid_eval(const ex& u) {
    if (u.is_zero()) return GiNaC::numeric(1, 2);
    return sigmoid(u).hold();
}
ex sigmoid_evalf(const ex& u) {
    if (is_kind(u, NodeKind::numeric)) return (1 / (1 + GiNaC::exp(-u))).evalf();
    return sigmoid(u).hold();
}
ex sigmoid_deriv(const ex& u, unsigned) {
    return sigmoid(u) * (1 - sigmoid(u));
}

// --- relu ---
ex relu_eval(const ex& u) {
    if (is_real_number(u)) return as_number(u).is_positive() ? u : ex(0);
    return relu(u).hold();
}
ex relu_deriv(const ex& u, unsigned) {
    return ind_gt(u, 0);
}

// --- leaky relu ---
ex leaky_eval(const ex& u, const ex& alpha) {
    if (is_real_number(u)) return as_number(u).is_positive() ? u : alpha * u;
    return leaky_relu(u, alpha).hold();
}
ex leaky_deriv(const ex& u, const ex& alpha, unsigned param) {
    if (param == 0) return ind_gt(u, 0) + alpha * ind_ge(0, u);
    return u * ind_ge(0, u);
}

// --- elu ---
ex elu_eval(const ex& u, const ex& alpha) {
    if (is_real_number(u)) return as_number(u).is_positive() ? u : alpha * (GiNaC::exp(u) - 1);
    return elu(u, alpha).hold();
}
ex elu_deriv(const ex& u, const ex& alpha, unsigned param) {
    if (param == 0) return ind_gt(u, 0) + alpha * GiNaC::exp(u) * ind_ge(0, u);
    return (GiNaC::exp(u) - 1) * ind_ge(0, u);
}

// --- max / min ---
ex maximum_eval(const ex& a, const ex& b) {
    if (a.is_equal(b)) return a;
    ex d = a - b;
    if (is_real_number(d)) return as_number(d).is_negative() ? b : a;
    return maximum(a, b).hold();
}
ex maximum_deriv(const ex& a, const ex& b, unsigned param) {
    return param == 0 ? ind_ge(a, b) : ind_gt(b, a);
}
ex minimum_eval(const ex& a, const ex& b) {
    if (a.is_equal(b)) return a;
    ex d = a - b;
    if (is_real_number(d)) return as_number(d).is_positive() ? b : a;
    return minimum(a, b).hold();
}
ex minimum_deriv(const ex& a, const ex& b, unsigned param) {
    return param == 0 ? ind_ge(b, a) : ind_gt(a, b);
}

// --- indicators ---
ex ind_gt_eval(const ex& a, const ex& b) {
    ex d = a - b;
    if (is_real_number(d)) return as_number(d).is_positive() ? 1 : 0;
    return ind_gt(a, b).hold();
}
ex ind_ge_eval(const ex& a, const ex& b) {
    ex d = a - b;
    if (is_real_number(d)) return as_number(d).is_negative() ? 0 : 1;
    return ind_ge(a, b).hold();
}
// An indicator is constant on each region, so its derivative is 0 wherever it exists.
ex indicator_deriv(const ex&, const ex&, unsigned) {
    return 0;
}

// --- unevaluated derivative ---
ex deriv_eval(const ex& e, const ex& x) {
    return deriv(e, x).hold();
}
// d/dy (d/dx e): evaluated, with respect to the symbol itself (not by the chain rule over the
// arguments, which would multiply by de/dy once more).
ex deriv_expl_deriv(const ex& e, const ex& x, const GiNaC::symbol& y) {
    if (!is_kind(x, NodeKind::symbol)) return 0;
    return e.diff(ex_to<GiNaC::symbol>(x)).diff(y);
}

} // namespace

REGISTER_FUNCTION(sigmoid,
                  eval_func(sigmoid_eval).evalf_func(sigmoid_evalf).derivative_func(sigmoid_deriv))
REGISTER_FUNCTION(relu, eval_func(relu_eval).derivative_func(relu_deriv))
REGISTER_FUNCTION(leaky_relu, eval_func(leaky_eval).derivative_func(leaky_deriv))
REGISTER_FUNCTION(elu, eval_func(elu_eval).derivative_func(elu_deriv))
REGISTER_FUNCTION(maximum, eval_func(maximum_eval).derivative_func(maximum_deriv))
REGISTER_FUNCTION(minimum, eval_func(minimum_eval).derivative_func(minimum_deriv))
REGISTER_FUNCTION(ind_gt, eval_func(ind_gt_eval).derivative_func(indicator_deriv))
REGISTER_FUNCTION(ind_ge, eval_func(ind_ge_eval).derivative_func(indicator_deriv))
REGISTER_FUNCTION(deriv, eval_func(deriv_eval).expl_derivative_func(deriv_expl_deriv))

bool is_non_smooth_call(const ex& e) {
    return is_call(e, relu_SERIAL::serial) || is_call(e, leaky_relu_SERIAL::serial) ||
           is_call(e, elu_SERIAL::serial) || is_call(e, maximum_SERIAL::serial) ||
           is_call(e, minimum_SERIAL::serial) || is_call(e, ind_gt_SERIAL::serial) ||
           is_call(e, ind_ge_SERIAL::serial) || is_call(e, GiNaC::abs_SERIAL::serial);
}

ex elu_in_indicators(const ex& u, const ex& alpha) {
    return u * ind_gt(u, 0) + alpha * (GiNaC::exp(u) - 1) * ind_ge(0, u);
}

bool has_elu_call(const ex& e) {
    if (is_call(e, elu_SERIAL::serial)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_elu_call(e.op(i))) return true;
    return false;
}

ex elu_calls_in_indicators(const ex& e) {
    if (!has_elu_call(e)) return e;
    struct Writer : GiNaC::map_function {
        ex operator()(const ex& child) override { return elu_calls_in_indicators(child); }
    } writer;
    ex mapped = e.map(writer);
    if (is_call(mapped, elu_SERIAL::serial)) return elu_in_indicators(mapped.op(0), mapped.op(1));
    return mapped;
}

bool has_unevaluated_derivative(const ex& e) {
    if (is_call(e, deriv_SERIAL::serial)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_unevaluated_derivative(e.op(i))) return true;
    return false;
}

ex evaluate_derivatives(const ex& e) {
    if (is_call(e, deriv_SERIAL::serial)) {
        ex inner = evaluate_derivatives(e.op(0));
        if (!is_kind(e.op(1), NodeKind::symbol)) return e;
        return charged_diff(inner, ex_to<GiNaC::symbol>(e.op(1)));
    }
    if (e.nops() == 0 || !has_unevaluated_derivative(e)) return e;
    struct Evaluator : GiNaC::map_function {
        ex operator()(const ex& child) override { return evaluate_derivatives(child); }
    } evaluator;
    return e.map(evaluator);
}

} // namespace chainrule
