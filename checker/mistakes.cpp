// The wrong derivatives that known mistakes produce: a differentiator whose rule at one
// node of the function's tree (or at every node of a kind) is replaced by a mistaken one.
#include "checker/mistakes.hpp"
#include "expr/node_kind.hpp"

#include "expr/functions.hpp"
#include "expr/printer.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <unordered_map>

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

using Path = std::vector<std::size_t>;
using DFun = std::function<ex(const ex&)>;

/// The derivative of one node under a mistaken rule.
struct Variant {
    std::string id;
    std::string message;
    ex derivative;
    /// derivative minus the node's right derivative, when the rule knows it as a small
    /// expression (a sum's slips: a term kept, dropped, or with its sign flipped).
    std::optional<ex> change;
};

ex partial(const ex& call, std::size_t i) {
    static const GiNaC::symbol t("diagnosis_argument");
    ex copy = call;
    copy.let_op(i) = t;
    return copy.diff(t).subs(t == call.op(i));
}

bool is_negative_number(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_real() &&
           ex_to<numeric>(e).is_negative();
}

bool has_any_symbol(const ex& e) {
    if (is_kind(e, NodeKind::symbol)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_any_symbol(e.op(i))) return true;
    return false;
}

bool is_indicator(const ex& e) {
    return is_call(e, ind_gt_SERIAL::serial) || is_call(e, ind_ge_SERIAL::serial);
}

struct Softmax {
    ex coefficient;
    std::vector<ex> inputs; // the z_j, in the order of the sum
    std::size_t i = 0;      // the output's own input
    ex sum;
};

std::optional<Softmax> softmax_of(const ex& e) {
    if (!is_kind(e, NodeKind::mul)) return std::nullopt;
    Softmax s;
    s.coefficient = 1;
    ex top;
    bool have_top = false, have_sum = false;
    for (std::size_t k = 0; k < e.nops(); ++k) {
        const ex& op = e.op(k);
        if (is_kind(op, NodeKind::power) && op.op(1).is_equal(-1) &&
            is_kind(op.op(0), NodeKind::add) && !have_sum) {
            s.sum = op.op(0);
            have_sum = true;
        } else if (is_call(op, GiNaC::exp_SERIAL::serial) && !have_top) {
            top = op;
            have_top = true;
        } else if (is_kind(op, NodeKind::numeric)) {
            s.coefficient *= op;
        } else {
            return std::nullopt;
        }
    }
    if (!have_top || !have_sum || s.sum.nops() < 2) return std::nullopt;
    bool found = false;
    for (std::size_t j = 0; j < s.sum.nops(); ++j) {
        const ex& term = s.sum.op(j);
        if (!is_call(term, GiNaC::exp_SERIAL::serial) || !is_kind(term.op(0), NodeKind::symbol))
            return std::nullopt;
        if (term.is_equal(top)) {
            s.i = j;
            found = true;
        }
        s.inputs.push_back(term.op(0));
    }
    if (!found) return std::nullopt;
    return s;
}

/// 1/(1 + e^v) written out: the sigmoid of −v.
std::optional<ex> explicit_sigmoid_argument(const ex& e) {
    if (!is_kind(e, NodeKind::power) || !e.op(1).is_equal(-1) || !is_kind(e.op(0), NodeKind::add) ||
        e.op(0).nops() != 2)
        return std::nullopt;
    const ex& sum = e.op(0);
    for (int k = 0; k < 2; ++k)
        if (sum.op(k).is_equal(1) && is_call(sum.op(1 - k), GiNaC::exp_SERIAL::serial))
            return -sum.op(1 - k).op(0);
    return std::nullopt;
}

/// (e^u − e^(−u))/(e^u + e^(−u)) written out: the tanh of u.
std::optional<ex> explicit_tanh_argument(const ex& e) {
    if (!is_kind(e, NodeKind::mul)) return std::nullopt;
    std::size_t at = e.nops();
    for (std::size_t k = 0; k < e.nops() && at == e.nops(); ++k) {
        const ex& op = e.op(k);
        if (is_kind(op, NodeKind::power) && op.op(1).is_equal(-1) &&
            is_kind(op.op(0), NodeKind::add))
            at = k;
    }
    if (at == e.nops()) return std::nullopt;
    const ex sum = e.op(at).op(0);
    if (sum.nops() != 2 || !is_call(sum.op(0), GiNaC::exp_SERIAL::serial) ||
        !is_call(sum.op(1), GiNaC::exp_SERIAL::serial))
        return std::nullopt;
    ex top = 1;
    for (std::size_t k = 0; k < e.nops(); ++k)
        if (k != at) top *= e.op(k);
    ex p = sum.op(0).op(0), q = sum.op(1).op(0);
    if (!(p + q).expand().is_zero()) return std::nullopt;
    if ((top - (sum.op(0) - sum.op(1))).expand().is_zero()) return p;
    if ((top - (sum.op(1) - sum.op(0))).expand().is_zero()) return q;
    return std::nullopt;
}

/// An expression for a message, in parentheses when it is a sum.
std::string group(const ex& e) {
    std::string out = text(e);
    if (is_kind(e, NodeKind::add)) {
        out.insert(out.begin(), '(');
        out.push_back(')');
    }
    return out;
}

class Rules {
  public:
    Rules(const GiNaC::symbol& x, const std::vector<GiNaC::ex>& others) : x_(x), others_(others) {
        wrt_ = (others_.empty() ? "d/d" : "∂/∂") + text(x_);
    }

    /// The mistaken derivatives of node e (which depends on x), its children differentiated
    /// by d; only those with the given id when `only` is not empty.
    std::vector<Variant> variants(const ex& e, const DFun& d, const std::string& only) const {
        std::vector<Variant> out;
        auto want = [&](const char* id) { return only.empty() || only == id; };
        auto push = [&](const char* id, std::string message, const ex& derivative,
                        std::optional<ex> change = std::nullopt) {
            if (want(id)) out.push_back({id, std::move(message), derivative, std::move(change)});
        };
        if (is_kind(e, NodeKind::add)) {
            sum_variants(e, d, want, push);
        } else if (is_kind(e, NodeKind::mul)) {
            product_variants(e, d, want, push);
        } else if (is_kind(e, NodeKind::power)) {
            power_variants(e, d, want, push);
        } else if (is_kind(e, NodeKind::function)) {
            call_variants(e, d, want, push);
        }
        return out;
    }

  private:
    template <class Want, class Push>
    void sum_variants(const ex& e, const DFun& d, Want& want, Push& push) const {
        std::vector<ex> dt;
        ex total = 0;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            dt.push_back(e.op(i).has(x_) ? d(e.op(i)) : ex(0));
            total += dt.back();
        }
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& t = e.op(i);
            const std::string term = text(t);
            if (!t.has(x_)) {
                if (!has_any_symbol(t)) {
                    push("constant_not_zero",
                         "the derivative of the constant term " + term +
                             " is 0, but the answer keeps " + term,
                         total + t, t);
                    continue;
                }
                if (!want("other_variable_not_constant")) continue;
                push("other_variable_not_constant",
                     "in " + wrt_ + " the term " + term + " does not depend on " + text(x_) +
                         " (the other variables are constants), so its derivative is 0, but the "
                         "answer keeps " +
                         term,
                     total + t, t);
                for (const auto& v : others_) {
                    if (!t.has(v)) continue;
                    ex dv = t.diff(ex_to<GiNaC::symbol>(v));
                    if (dv.is_zero()) continue;
                    push(
                        "other_variable_not_constant",
                        "in " + wrt_ + ", " + text(v) + " is a constant, so the term " + term +
                            " has derivative 0, but the answer differentiates it with respect to " +
                            text(v) + " (" + text(dv) + ")",
                        total + dv, dv);
                }
                continue;
            }
            if (dt[i].is_zero()) continue;
            push("term_dropped",
                 "the derivative of the term " + term + " (" + text(dt[i]) +
                     ") is missing: the derivative of a sum is the sum of the derivatives of all "
                     "its terms",
                 total - dt[i], -dt[i]);
            push("sign_error",
                 "the term that comes from " + term + " has the wrong sign: its derivative is " +
                     text(dt[i]),
                 total - 2 * dt[i], -2 * dt[i]);
            if (want("other_variable_not_constant")) {
                ex extra = 0;
                std::string names;
                for (const auto& v : others_)
                    if (t.has(v)) {
                        extra += t.diff(ex_to<GiNaC::symbol>(v));
                        names += (names.empty() ? "" : ", ") + text(v);
                    }
                if (!extra.is_zero())
                    push("other_variable_not_constant",
                         "in " + wrt_ + " the other variables (" + names +
                             ") are constants, but in the term " + term +
                             " the answer differentiates them as well",
                         total + extra, extra);
            }
            if (t.is_equal(x_))
                push("power_exponent_not_lowered",
                     "power rule on " + term + " = " + term + "¹: the derivative is 1·" + term +
                         "⁰ = 1, but the answer keeps " + term,
                     total - 1 + x_, x_ - 1);
        }
    }

    template <class Want, class Push>
    void product_variants(const ex& e, const DFun& d, Want& want, Push& push) const {
        ex c = 1;
        std::vector<ex> dep;
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (e.op(i).has(x_))
                dep.push_back(e.op(i));
            else
                c *= e.op(i);
        const std::string node = text(e);
        if (dep.size() == 1 && dep[0].is_equal(x_))
            push("power_exponent_not_lowered",
                 "power rule on " + node + ": the derivative of " + text(x_) + " = " + text(x_) +
                     "¹ is 1·" + text(x_) + "⁰ = 1, but the answer keeps " + text(x_) +
                     " (giving " + node + ")",
                 e);
        if (auto s = softmax_of(e); s && want("softmax_index_confusion"))
            softmax_variants(*s, push);
        if (auto u = explicit_tanh_argument(e); u && want("tanh_derivative_form"))
            tanh_variants(e, *u, d(*u), push);
        if (dep.size() < 2) return;
        if (want("product_rule_as_product")) {
            ex product = c;
            for (const auto& f : dep)
                product *= d(f);
            push("product_rule_as_product",
                 "product rule on " + node +
                     ": the derivative of a product f·g is f'·g + f·g', not f'·g' (the answer "
                     "multiplies the derivatives of the factors)",
                 product);
        }
        // A quotient u/v: numerator factors and denominators (negative powers).
        ex numerator = 1, denominator = 1;
        bool has_numerator = false, has_denominator = false;
        for (const auto& f : dep) {
            if (is_kind(f, NodeKind::power) && is_negative_number(f.op(1))) {
                denominator *= GiNaC::pow(f.op(0), -f.op(1));
                has_denominator = true;
            } else {
                numerator *= f;
                has_numerator = true;
            }
        }
        if (has_numerator && has_denominator) {
            ex du = d(numerator), dv = d(denominator);
            const std::string quotient = "quotient rule on " + group(numerator) + "/" +
                                         group(denominator) + ": (u/v)' = (u'·v − u·v')/v²";
            if (want("product_rule_as_product") && !dv.is_zero())
                push("product_rule_as_product", quotient + ", not u'/v'", c * du / dv);
            push("sign_error", quotient + ", with a minus sign, but the answer adds u'·v + u·v'",
                 c * (du * denominator + numerator * dv) / GiNaC::pow(denominator, 2));
        }
        if (dep.size() == 2 && want("term_dropped")) {
            ex d0 = d(dep[0]), d1 = d(dep[1]);
            const std::string rule = "product rule on " + node +
                                     ": (f·g)' = f'·g + f·g' has two terms, but the answer keeps "
                                     "only ";
            push("term_dropped", rule + text(c * d0 * dep[1]), c * d0 * dep[1]);
            push("term_dropped", rule + text(c * dep[0] * d1), c * dep[0] * d1);
        }
    }

    template <class Push> void softmax_variants(const Softmax& s, Push& push) const {
        std::size_t m = s.inputs.size();
        for (std::size_t j = 0; j < s.inputs.size(); ++j)
            if (s.inputs[j].is_equal(x_)) m = j;
        if (m == s.inputs.size()) return;
        auto S = [&](std::size_t k) { return GiNaC::exp(s.inputs[k]) / s.sum; };
        auto name = [&](std::size_t k) { return "S(" + text(s.inputs[k]) + ")"; };
        const ex c = s.coefficient;
        const std::size_t i = s.i;
        const std::string head = "softmax: the output " + name(i) + " = e^" + text(s.inputs[i]) +
                                 "/Σ differentiated with respect to " + text(x_);
        if (i == m) {
            const std::string rule = head + " is the case i = m, S_i(1 − S_i) = " + name(i) +
                                     "(1 − " + name(i) + "), but the answer uses ";
            push("softmax_index_confusion", rule + "the i ≠ m case −S_i·S_m = −" + name(i) + "²",
                 -c * S(i) * S(i));
            std::size_t shown = 0;
            for (std::size_t k = 0; k < s.inputs.size() && shown < 2; ++k) {
                if (k == i) continue;
                ++shown;
                push("softmax_index_confusion",
                     rule + "−" + name(i) + "·" + name(k) + " (the i ≠ m case)", -c * S(i) * S(k));
                push("softmax_index_confusion",
                     rule + name(i) + "(1 − " + name(k) + ") (the indices mixed)",
                     c * S(i) * (1 - S(k)));
                push("softmax_index_confusion",
                     rule + name(k) + "(1 − " + name(k) + ") (the indices mixed)",
                     c * S(k) * (1 - S(k)));
            }
        } else {
            const std::string rule = head + " is the case i ≠ m, −S_i·S_m = −" + name(i) + "·" +
                                     name(m) + ", but the answer uses ";
            push("softmax_index_confusion",
                 rule + "the i = m case S_i(1 − S_i) = " + name(i) + "(1 − " + name(i) + ")",
                 c * S(i) * (1 - S(i)));
            push("softmax_index_confusion",
                 rule + name(i) + "(1 − " + name(m) + ") (the two cases merged)",
                 c * S(i) * (1 - S(m)));
            push("softmax_index_confusion",
                 rule + name(m) + "(1 − " + name(m) + ") (the i = m case of the other output)",
                 c * S(m) * (1 - S(m)));
            push("softmax_index_confusion", rule + "−" + name(i) + "² (the indices mixed)",
                 -c * S(i) * S(i));
            push("softmax_index_confusion", rule + "−" + name(m) + "² (the indices mixed)",
                 -c * S(m) * S(m));
        }
    }

    template <class Push>
    void sigmoid_variants(const ex& s, const ex& u, const ex& du, Push& push) const {
        const ex sg = sigmoid(u);
        const std::string rule =
            "σ'(u) = σ(u)(1 − σ(u)) for u = " + text(u) + ", but the answer uses ";
        const std::vector<std::pair<ex, std::string>> forms = {
            {s * (1 + s), text(sg * (1 + sg))},
            {1 - s * s, text(1 - sg * sg)},
            {s, text(sg) + " itself"},
            {1 - s,
             text(1 - sg) + " (that is e^(−u)/(1 + e^(−u)): the square of the denominator lost)"},
            {s * s, text(sg * sg)},
            {(1 - s) * (1 - s), text(GiNaC::pow(1 - sg, 2))},
        };
        for (const auto& [form, description] : forms)
            push("sigmoid_derivative_form", rule + description, form * du);
    }

    template <class Push>
    void tanh_variants(const ex&, const ex& u, const ex& du, Push& push) const {
        const ex t = GiNaC::tanh(u);
        const std::string rule =
            "tanh'(u) = 1 − tanh²(u) = sech²(u) for u = " + text(u) + ", but the answer uses ";
        const std::vector<std::pair<ex, std::string>> forms = {
            {1 - t, text(1 - t) + " (the square lost)"},
            {1 + t * t, text(1 + t * t) + " (the wrong sign)"},
            {1 / GiNaC::cosh(u), "sech(" + text(u) + ") (the square lost)"},
            {1 + t, text(1 + t)},
            {GiNaC::pow(1 - t, 2), text(GiNaC::pow(1 - t, 2))},
            {t * (1 - t), text(t * (1 - t)) + " (the form of the sigmoid's derivative)"},
        };
        for (const auto& [form, description] : forms)
            push("tanh_derivative_form", rule + description, form * du);
    }

    template <class Want, class Push>
    void power_variants(const ex& e, const DFun& d, Want& want, Push& push) const {
        const ex b = e.op(0), p = e.op(1);
        const std::string node = text(e);
        if (!p.has(x_)) {
            ex db = d(b);
            if (want("power_exponent_not_lowered"))
                push("power_exponent_not_lowered",
                     "power rule on " + node + ": n·u^(n−1) — the exponent drops by one, to " +
                         text(p - 1) + " — but the answer keeps the exponent " + text(p) + " (" +
                         text(p * e) + ")",
                     p * e * db);
            if (want("power_coefficient_missing"))
                push("power_coefficient_missing",
                     "power rule on " + node + ": n·u^(n−1) — the exponent " + text(p) +
                         " comes down as a factor — but the answer has " +
                         text(GiNaC::pow(b, p - 1)) + " without it",
                     GiNaC::pow(b, p - 1) * db);
            if (!db.is_equal(1) && want("chain_factor_missing"))
                push("chain_factor_missing",
                     "chain rule on " + node + ": the inner derivative of " + text(b) + ", " +
                         text(db) + ", is missing as a factor",
                     p * GiNaC::pow(b, p - 1));
            // (t − σ)² is (σ − t)², and a student who writes the base the other way round makes
            // these two slips with the opposite sign: 2(σ − t)²·σ' is not 2(t − σ)²·(−σ').
            if (is_a<GiNaC::add>(b) && p.info(GiNaC::info_flags::even)) {
                // GiNaC turns (σ − t)² back into (t − σ)², so the power is written by hand.
                const std::string power =
                    print(GiNaC::pow(GiNaC::symbol("u"), p), Notation::unicode).substr(1);
                const std::string written = "(" + text(-b) + ")" + power;
                if (want("power_exponent_not_lowered"))
                    push("power_exponent_not_lowered",
                         "power rule on " + written +
                             ": n·u^(n−1) — the exponent drops by one, to " + text(p - 1) +
                             " — but the answer keeps the exponent " + text(p) + " (" + text(p) +
                             written + ")",
                         -p * e * db);
                if (!db.is_equal(1) && want("chain_factor_missing"))
                    push("chain_factor_missing",
                         "chain rule on " + written + ": the inner derivative of " + text(-b) +
                             ", " + text(-db) + ", is missing as a factor",
                         p * GiNaC::pow(-b, p - 1));
            }
            if (is_negative_number(p))
                push("sign_error",
                     "power rule on " + node + ": the factor " + text(p) +
                         " is negative, but the answer has the opposite sign",
                     -p * GiNaC::pow(b, p - 1) * db);
            if (auto u = explicit_sigmoid_argument(e); u && want("sigmoid_derivative_form"))
                sigmoid_variants(e, *u, d(*u), push);
        } else if (!b.has(x_)) {
            ex dp = d(p);
            if (!dp.is_equal(1))
                push("chain_factor_missing",
                     "chain rule on " + node + ": the inner derivative of the exponent " + text(p) +
                         ", " + text(dp) + ", is missing as a factor",
                     e * GiNaC::log(b));
        }
    }

    template <class Want, class Push>
    void call_variants(const ex& e, const DFun& d, Want& want, Push& push) const {
        const std::string node = text(e);
        if (is_indicator(e) || is_call(e, deriv_SERIAL::serial)) return;
        std::vector<ex> da;
        ex correct = 0, no_chain = 0;
        bool chain = false;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            da.push_back(e.op(i).has(x_) ? d(e.op(i)) : ex(0));
            if (da.back().is_zero()) continue;
            ex pi = partial(e, i);
            correct += pi * da.back();
            no_chain += pi;
            chain = chain || !da.back().is_equal(1);
        }
        if (chain && want("chain_factor_missing")) {
            std::string inner;
            for (std::size_t i = 0; i < e.nops(); ++i)
                if (!da[i].is_zero() && !da[i].is_equal(1)) {
                    inner = "the inner derivative of " + text(e.op(i)) + ", " + text(da[i]);
                    break;
                }
            push("chain_factor_missing",
                 "chain rule on " + node + ": " + inner + ", is missing as a factor", no_chain);
        }
        const ex u = e.op(0);
        const ex du = da[0];
        if (is_call(e, sigmoid_SERIAL::serial) && want("sigmoid_derivative_form")) {
            sigmoid_variants(e, u, du, push);
        } else if (is_call(e, GiNaC::tanh_SERIAL::serial) && want("tanh_derivative_form")) {
            tanh_variants(e, u, du, push);
        } else if (is_call(e, relu_SERIAL::serial)) {
            push("indicator_reversed",
                 "ReLU'(u) is 1 where u > 0 and 0 where u ≤ 0 (u = " + text(u) +
                     "), but the answer has the condition reversed (1 where u ≤ 0)",
                 ind_ge(0, u) * du);
        } else if (is_call(e, leaky_relu_SERIAL::serial) && !e.op(1).has(x_)) {
            const ex a = e.op(1);
            const std::string rule = "Leaky ReLU'(u) is 1 where u > 0 and " + text(a) +
                                     " where u ≤ 0 (u = " + text(u) + "), but the answer ";
            push("indicator_reversed",
                 rule + "has the conditions reversed (" + text(a) + " where u > 0, 1 where u ≤ 0)",
                 (ind_ge(0, u) + a * ind_gt(u, 0)) * du);
            push("leaky_slope_dropped",
                 rule + "loses the slope " + text(a) + " on the negative side", ind_gt(u, 0) * du);
            push("leaky_slope_dropped",
                 rule + "has " + text(a * u) + " instead of the slope " + text(a) +
                     " on the negative side",
                 (ind_gt(u, 0) + a * u * ind_ge(0, u)) * du);
            push("leaky_slope_dropped", rule + "has slope 1 on both sides", du);
            push("leaky_slope_dropped",
                 rule + "has " + text(-a) + " instead of " + text(a) + " on the negative side",
                 (ind_gt(u, 0) - a * ind_ge(0, u)) * du);
        } else if (is_call(e, maximum_SERIAL::serial) || is_call(e, minimum_SERIAL::serial)) {
            const ex a = e.op(0), b = e.op(1);
            const bool is_max = is_call(e, maximum_SERIAL::serial);
            // The reversed conditions: the derivative of the other one of max and min.
            ex reversed = is_max ? ind_ge(b, a) * da[0] + ind_gt(a, b) * da[1]
                                 : ind_ge(a, b) * da[0] + ind_gt(b, a) * da[1];
            push("indicator_reversed",
                 std::string("the derivative of ") + node + " follows " +
                     (is_max ? "the larger" : "the smaller") + " argument (" +
                     (is_max ? text(a) + " where " + text(a) + " ≥ " + text(b)
                             : text(a) + " where " + text(a) + " ≤ " + text(b)) +
                     "), but the answer has the condition reversed",
                 reversed);
            // max(u, αu) is a leaky ReLU written out.
            if (is_max && a.has(x_) && b.has(x_) && want("leaky_slope_dropped")) {
                ex ratio = GiNaC::normal(b / a);
                if (!ratio.has(x_)) {
                    push("leaky_slope_dropped",
                         "the derivative of " + node + " (a leaky ReLU) is " + text(da[0]) +
                             " on one side and " + text(da[1]) +
                             " on the other, but the answer loses the slope " + text(da[1]),
                         ind_ge(a, b) * da[0]);
                }
            }
        } else if (!correct.is_zero() && want("sign_error") && !is_non_smooth_call(e)) {
            push("sign_error",
                 "the derivative of " + node + " is " + text(correct) +
                     ", but the answer has the opposite sign",
                 -correct);
        }
        if (is_call(e, GiNaC::log_SERIAL::serial) && want("softmax_index_confusion"))
            log_softmax_variants(e, push);
    }

    // ln(e^z1 + e^z2 + e^z3), the log-sum-exp of log-softmax z_i − ln Σ e^z_k: its derivative
    // with respect to z_m is S_m = e^z_m/Σ, and S_i (the output's own index) is the slip.
    template <class Push> void log_softmax_variants(const ex& e, Push& push) const {
        const ex& sum = e.op(0);
        if (!is_kind(sum, NodeKind::add)) return;
        std::vector<ex> inputs;
        std::size_t m = sum.nops();
        for (std::size_t k = 0; k < sum.nops(); ++k) {
            if (!is_call(sum.op(k), GiNaC::exp_SERIAL::serial)) return;
            inputs.push_back(sum.op(k).op(0));
            if (inputs.back().is_equal(x_))
                m = k;
            else if (inputs.back().has(x_))
                return;
        }
        if (m == sum.nops()) return;
        const std::string rule = "log-softmax: the derivative of " + text(e) + " with respect to " +
                                 text(x_) + " is S(" + text(x_) +
                                 ") = " + text(GiNaC::exp(x_) / sum) + ", but the answer uses ";
        for (std::size_t k = 0; k < inputs.size(); ++k)
            if (k != m)
                push("softmax_index_confusion",
                     rule + "S(" + text(inputs[k]) + ") (the indices mixed)",
                     GiNaC::exp(inputs[k]) / sum);
    }

    const GiNaC::symbol& x_;
    const std::vector<GiNaC::ex>& others_;
    std::string wrt_;
};

class Deriver {
  public:
    Deriver(const Rules& rules, const GiNaC::symbol& x) : rules_(rules), x_(x) {}

    struct Site {
        Path path;
        std::string id, message;
        ex derivative;            ///< of the node at path, under the mistaken rule
        std::optional<ex> change; ///< derivative minus the node's right one, when known
    };

    /// The values at the probe's points of the derivative of f with the one slip of the site,
    /// from the right derivative's values: nothing when a value cannot be worked out.
    std::optional<std::vector<long double>> single_values(const ex& f, const Site& site,
                                                          const Probe& probe,
                                                          const std::vector<long double>& right) {
        std::vector<long double> factor(right.size(), 1.0L);
        ex node = f;
        for (std::size_t i : site.path) {
            auto coefficient = path_factor(node, i, probe);
            if (!coefficient) return std::nullopt;
            for (std::size_t k = 0; k < factor.size(); ++k)
                factor[k] *= (*coefficient)[k];
            node = node.op(i);
        }
        std::vector<long double> out(right.size());
        if (site.change) {
            // The change at the node, small, instead of both whole derivatives of the node.
            auto change = probe.values(*site.change);
            if (!change) return std::nullopt;
            for (std::size_t k = 0; k < out.size(); ++k)
                out[k] = right[k] + factor[k] * (*change)[k];
            return out;
        }
        auto slipped = probe.values(site.derivative);
        auto correct = node_values(node, probe);
        if (!slipped || !correct) return std::nullopt;
        for (std::size_t k = 0; k < out.size(); ++k)
            out[k] = right[k] + factor[k] * ((*slipped)[k] - (*correct)[k]);
        return out;
    }

    /// The derivative of f with the one slip of the site.
    ex single(const ex& f, const Site& site) {
        return with_slips(f, {{site.path, site.derivative}});
    }

    /// The derivative of f with the slips at the given places (none a prefix of another).
    ex with_slips(const ex& f, std::vector<std::pair<Path, ex>> targets) {
        global_ = false;
        targets_ = std::move(targets);
        Path here;
        return d(f, here);
    }

    ex global(const ex& f, const std::string& id, std::size_t& applied) {
        global_ = true;
        id_ = id;
        applied_ = 0;
        cache_.clear();
        Path here;
        ex result = d(f, here);
        applied = applied_;
        return result;
    }

    void sites(const ex& e, Path& here, std::vector<Site>& out, std::size_t cap) {
        if (!e.has(x_) || out.size() >= cap) return;
        DFun correct = [&](const ex& c) { return correct_diff(c); };
        auto variants = rules_.variants(e, correct, "");
        for (auto& variant : variants)
            out.push_back({here, std::move(variant.id), std::move(variant.message),
                           std::move(variant.derivative), std::move(variant.change)});
        if (!is_kind(e, NodeKind::add) && !is_kind(e, NodeKind::mul) &&
            !is_kind(e, NodeKind::power) && !is_kind(e, NodeKind::function))
            return;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            here.push_back(i);
            sites(e.op(i), here, out, cap);
            here.pop_back();
        }
    }

  private:
    // The right derivative of a subtree of the function, worked out once: every one-slip
    // candidate differs from it on one path only, and takes the rest of the tree as it is.
    // Keyed by node address: the function, and with it every node, outlives the Deriver.
    ex correct_diff(const ex& e) {
        const GiNaC::basic* node = &ex_to<GiNaC::basic>(e);
        auto found = diff_memo_.find(node);
        if (found != diff_memo_.end()) return found->second.second;
        ex result = e.diff(x_);
        diff_memo_.emplace(node, std::make_pair(e, result));
        return result;
    }

    // The factor by which the derivative of child i of e enters e's derivative (structural()
    // below, which is linear in each child's derivative), at the probe's points.
    std::optional<std::vector<long double>> path_factor(const ex& e, std::size_t i,
                                                        const Probe& probe) {
        auto key = std::make_pair(&ex_to<GiNaC::basic>(e), i);
        auto found = factor_memo_.find(key);
        if (found != factor_memo_.end()) return found->second;
        ex factor;
        if (is_kind(e, NodeKind::add)) {
            factor = 1;
        } else if (is_kind(e, NodeKind::mul)) {
            factor = 1;
            for (std::size_t j = 0; j < e.nops(); ++j)
                if (j != i) factor *= e.op(j);
        } else if (is_kind(e, NodeKind::power)) {
            const ex b = e.op(0), p = e.op(1);
            if (i == 0)
                factor = p.has(x_) ? e * p / b : p * GiNaC::pow(b, p - 1);
            else
                factor = e * GiNaC::log(b);
        } else if (is_kind(e, NodeKind::function)) {
            factor = partial(e, i);
        } else {
            return std::nullopt;
        }
        auto values = probe.values(factor);
        kept_.push_back(e);
        factor_memo_.emplace(key, values);
        return values;
    }

    std::optional<std::vector<long double>> node_values(const ex& e, const Probe& probe) {
        const GiNaC::basic* node = &ex_to<GiNaC::basic>(e);
        auto found = value_memo_.find(node);
        if (found != value_memo_.end()) return found->second;
        auto values = probe.values(correct_diff(e));
        kept_.push_back(e);
        value_memo_.emplace(node, values);
        return values;
    }

    ex d(const ex& e, Path& here) {
        if (!e.has(x_)) return 0;
        if (!global_) {
            bool prefix = false;
            for (const auto& [path, derivative] : targets_) {
                if (here.size() > path.size() ||
                    !std::equal(here.begin(), here.end(), path.begin()))
                    continue;
                if (here.size() == path.size()) return derivative;
                prefix = true;
            }
            if (!prefix) return correct_diff(e);
        } else {
            if (auto it = cache_.find(e); it != cache_.end()) return it->second;
            DFun mistaken = [&](const ex& c) {
                Path none;
                return d(c, none);
            };
            auto variants = rules_.variants(e, mistaken, id_);
            if (!variants.empty()) {
                ++applied_;
                cache_[e] = variants.front().derivative;
                return variants.front().derivative;
            }
        }
        ex result = structural(e, here);
        if (global_) cache_[e] = result;
        return result;
    }

    ex child(const ex& e, std::size_t i, Path& here) {
        here.push_back(i);
        ex result = d(e.op(i), here);
        here.pop_back();
        return result;
    }

    ex structural(const ex& e, Path& here) {
        if (e.is_equal(x_)) return 1;
        if (is_kind(e, NodeKind::add)) {
            ex sum = 0;
            for (std::size_t i = 0; i < e.nops(); ++i)
                sum += child(e, i, here);
            return sum;
        }
        if (is_kind(e, NodeKind::mul)) {
            ex sum = 0;
            for (std::size_t i = 0; i < e.nops(); ++i) {
                if (!e.op(i).has(x_)) continue;
                ex term = child(e, i, here);
                for (std::size_t j = 0; j < e.nops(); ++j)
                    if (j != i) term *= e.op(j);
                sum += term;
            }
            return sum;
        }
        if (is_kind(e, NodeKind::power)) {
            const ex b = e.op(0), p = e.op(1);
            if (!p.has(x_)) return p * GiNaC::pow(b, p - 1) * child(e, 0, here);
            if (!b.has(x_)) return e * GiNaC::log(b) * child(e, 1, here);
            return e * (child(e, 1, here) * GiNaC::log(b) + p * child(e, 0, here) / b);
        }
        if (is_kind(e, NodeKind::function)) {
            ex sum = 0;
            for (std::size_t i = 0; i < e.nops(); ++i)
                if (e.op(i).has(x_)) sum += partial(e, i) * child(e, i, here);
            return sum;
        }
        return e.diff(x_);
    }

    const Rules& rules_;
    const GiNaC::symbol& x_;
    bool global_ = false;
    std::vector<std::pair<Path, ex>> targets_;
    std::unordered_map<const GiNaC::basic*, std::pair<ex, ex>> diff_memo_;
    std::map<std::pair<const GiNaC::basic*, std::size_t>, std::optional<std::vector<long double>>>
        factor_memo_;
    std::unordered_map<const GiNaC::basic*, std::optional<std::vector<long double>>> value_memo_;
    std::vector<ex> kept_; ///< the nodes the memos name, kept alive
    std::string id_;
    std::size_t applied_ = 0;
    std::map<ex, ex, GiNaC::ex_is_less> cache_;
};

// Where the rules of the slips "at every place" can apply in f: a superset of the nodes
// where Rules makes a variant of each. A slip that can happen only once is a one-slip
// candidate already, and the pass that would look for it costs as much as a derivative.
struct RulePlaces {
    std::size_t exponent = 0;    ///< power_exponent_not_lowered
    std::size_t coefficient = 0; ///< power_coefficient_missing
    std::size_t chain = 0;       ///< chain_factor_missing
    std::size_t product = 0;     ///< product_rule_as_product

    std::size_t of(const std::string& id) const {
        if (id == "power_exponent_not_lowered") return exponent;
        if (id == "power_coefficient_missing") return coefficient;
        if (id == "chain_factor_missing") return chain;
        if (id == "product_rule_as_product") return product;
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
    auto push = [&](const std::string& id, const std::string& message, const ex& derivative) {
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
            push("constant_not_zero",
                 "the derivative of the constant " + text(f) + " is 0, but the answer keeps " +
                     text(f),
                 f);
        else
            push("other_variable_not_constant",
                 "in " + wrt + " the other variables are constants, so " + text(f) +
                     " has derivative 0, but the answer keeps it",
                 f);
    }
    if (f.is_equal(x))
        push("power_exponent_not_lowered",
             "power rule on " + text(x) + " = " + text(x) + "¹: the derivative is 1·" + text(x) +
                 "⁰ = 1, but the answer keeps " + text(x),
             x);
    push("sign_error", "the answer has the opposite sign: the derivative is " + text(D), -D);
    if (!out.empty()) out.back().whole_sign = true;
    for (std::size_t k = 0; k < others.size(); ++k)
        push("wrong_variable",
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
        push("other_variable_not_constant",
             "in " + wrt + " the other variables (" + names +
                 ") are constants, but the answer differentiates with respect to them as well",
             total);
    }

    Rules rules(x, others);
    Deriver deriver(rules, x);

    // The same slip at every place it can happen.
    const std::vector<std::pair<std::string, std::string>> everywhere = {
        {"power_exponent_not_lowered",
         "power rule, at every power: n·x^(n−1) — the exponent drops by one — but the answer "
         "keeps the exponents (n·xⁿ)"},
        {"power_coefficient_missing",
         "power rule, at every power: n·x^(n−1) — the exponent n comes down as a factor — but "
         "the answer leaves the factors out"},
        {"chain_factor_missing",
         "chain rule: the inner derivatives of the compositions are missing as factors"},
        {"product_rule_as_product",
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
