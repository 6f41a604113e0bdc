// The slip rules: at one node of a function's tree, the derivatives that mistaken rules give
// (a term dropped, the power rule's exponent kept, the chain factor lost, σ' misremembered...),
// with the words that name each slip.
#include "checker/slip_rules.hpp"

#include "checker/mistake_text.hpp"
#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"

#include <utility>

namespace chainrule::mistakes {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

ex partial(const ex& call, std::size_t i) {
    static const GiNaC::symbol t("diagnosis_argument");
    ex copy = call;
    copy.let_op(i) = t;
    return copy.diff(t).subs(t == call.op(i));
}

namespace {

bool is_negative_number(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_real() &&
           ex_to<numeric>(e).is_negative();
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

// The rules themselves, for one call of Rules::variants.
class RuleWriter {
  public:
    RuleWriter(const GiNaC::symbol& x, const std::vector<GiNaC::ex>& others, const std::string& wrt)
        : x_(x), others_(others), wrt_(wrt) {}

    /// The mistaken derivatives of node e (which depends on x), its children differentiated
    /// by d; only those with the given id when `only` holds one.
    std::vector<Variant> variants(const ex& e, const DFun& d,
                                  const std::optional<MistakeId>& only) const {
        std::vector<Variant> out;
        auto want = [&](MistakeId id) { return !only || *only == id; };
        auto push = [&](MistakeId id, std::string message, const ex& derivative,
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
                if (!has_symbol(t)) {
                    push(MistakeId::constant_not_zero,
                         "the derivative of the constant term " + term +
                             " is 0, but the answer keeps " + term,
                         total + t, t);
                    continue;
                }
                if (!want(MistakeId::other_variable_not_constant)) continue;
                push(MistakeId::other_variable_not_constant,
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
                        MistakeId::other_variable_not_constant,
                        "in " + wrt_ + ", " + text(v) + " is a constant, so the term " + term +
                            " has derivative 0, but the answer differentiates it with respect to " +
                            text(v) + " (" + text(dv) + ")",
                        total + dv, dv);
                }
                continue;
            }
            if (dt[i].is_zero()) continue;
            push(MistakeId::term_dropped,
                 "the derivative of the term " + term + " (" + text(dt[i]) +
                     ") is missing: the derivative of a sum is the sum of the derivatives of all "
                     "its terms",
                 total - dt[i], -dt[i]);
            push(MistakeId::sign_error,
                 "the term that comes from " + term + " has the wrong sign: its derivative is " +
                     text(dt[i]),
                 total - 2 * dt[i], -2 * dt[i]);
            if (want(MistakeId::other_variable_not_constant)) {
                ex extra = 0;
                std::string names;
                for (const auto& v : others_)
                    if (t.has(v)) {
                        extra += t.diff(ex_to<GiNaC::symbol>(v));
                        names += (names.empty() ? "" : ", ") + text(v);
                    }
                if (!extra.is_zero())
                    push(MistakeId::other_variable_not_constant,
                         "in " + wrt_ + " the other variables (" + names +
                             ") are constants, but in the term " + term +
                             " the answer differentiates them as well",
                         total + extra, extra);
            }
            if (t.is_equal(x_))
                push(MistakeId::power_exponent_not_lowered,
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
            push(MistakeId::power_exponent_not_lowered,
                 "power rule on " + node + ": the derivative of " + text(x_) + " = " + text(x_) +
                     "¹ is 1·" + text(x_) + "⁰ = 1, but the answer keeps " + text(x_) +
                     " (giving " + node + ")",
                 e);
        if (auto s = softmax_of(e); s && want(MistakeId::softmax_index_confusion))
            softmax_variants(*s, push);
        if (auto u = explicit_tanh_argument(e); u && want(MistakeId::tanh_derivative_form))
            tanh_variants(e, *u, d(*u), push);
        if (dep.size() < 2) return;
        if (want(MistakeId::product_rule_as_product)) {
            ex product = c;
            for (const auto& f : dep)
                product *= d(f);
            push(MistakeId::product_rule_as_product,
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
            if (want(MistakeId::product_rule_as_product) && !dv.is_zero())
                push(MistakeId::product_rule_as_product, quotient + ", not u'/v'", c * du / dv);
            push(MistakeId::sign_error,
                 quotient + ", with a minus sign, but the answer adds u'·v + u·v'",
                 c * (du * denominator + numerator * dv) / GiNaC::pow(denominator, 2));
        }
        if (dep.size() == 2 && want(MistakeId::term_dropped)) {
            ex d0 = d(dep[0]), d1 = d(dep[1]);
            const std::string rule = "product rule on " + node +
                                     ": (f·g)' = f'·g + f·g' has two terms, but the answer keeps "
                                     "only ";
            push(MistakeId::term_dropped, rule + text(c * d0 * dep[1]), c * d0 * dep[1]);
            push(MistakeId::term_dropped, rule + text(c * dep[0] * d1), c * dep[0] * d1);
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
            push(MistakeId::softmax_index_confusion,
                 rule + "the i ≠ m case −S_i·S_m = −" + name(i) + "²", -c * S(i) * S(i));
            std::size_t shown = 0;
            for (std::size_t k = 0; k < s.inputs.size() && shown < 2; ++k) {
                if (k == i) continue;
                ++shown;
                push(MistakeId::softmax_index_confusion,
                     rule + "−" + name(i) + "·" + name(k) + " (the i ≠ m case)", -c * S(i) * S(k));
                push(MistakeId::softmax_index_confusion,
                     rule + name(i) + "(1 − " + name(k) + ") (the indices mixed)",
                     c * S(i) * (1 - S(k)));
                push(MistakeId::softmax_index_confusion,
                     rule + name(k) + "(1 − " + name(k) + ") (the indices mixed)",
                     c * S(k) * (1 - S(k)));
            }
        } else {
            const std::string rule = head + " is the case i ≠ m, −S_i·S_m = −" + name(i) + "·" +
                                     name(m) + ", but the answer uses ";
            push(MistakeId::softmax_index_confusion,
                 rule + "the i = m case S_i(1 − S_i) = " + name(i) + "(1 − " + name(i) + ")",
                 c * S(i) * (1 - S(i)));
            push(MistakeId::softmax_index_confusion,
                 rule + name(i) + "(1 − " + name(m) + ") (the two cases merged)",
                 c * S(i) * (1 - S(m)));
            push(MistakeId::softmax_index_confusion,
                 rule + name(m) + "(1 − " + name(m) + ") (the i = m case of the other output)",
                 c * S(m) * (1 - S(m)));
            push(MistakeId::softmax_index_confusion, rule + "−" + name(i) + "² (the indices mixed)",
                 -c * S(i) * S(i));
            push(MistakeId::softmax_index_confusion, rule + "−" + name(m) + "² (the indices mixed)",
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
            push(MistakeId::sigmoid_derivative_form, rule + description, form * du);
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
            push(MistakeId::tanh_derivative_form, rule + description, form * du);
    }

    template <class Want, class Push>
    void power_variants(const ex& e, const DFun& d, Want& want, Push& push) const {
        const ex b = e.op(0), p = e.op(1);
        const std::string node = text(e);
        if (!p.has(x_)) {
            ex db = d(b);
            if (want(MistakeId::power_exponent_not_lowered))
                push(MistakeId::power_exponent_not_lowered,
                     "power rule on " + node + ": n·u^(n−1) — the exponent drops by one, to " +
                         text(p - 1) + " — but the answer keeps the exponent " + text(p) + " (" +
                         text(p * e) + ")",
                     p * e * db);
            if (want(MistakeId::power_coefficient_missing))
                push(MistakeId::power_coefficient_missing,
                     "power rule on " + node + ": n·u^(n−1) — the exponent " + text(p) +
                         " comes down as a factor — but the answer has " +
                         text(GiNaC::pow(b, p - 1)) + " without it",
                     GiNaC::pow(b, p - 1) * db);
            if (!db.is_equal(1) && want(MistakeId::chain_factor_missing))
                push(MistakeId::chain_factor_missing,
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
                if (want(MistakeId::power_exponent_not_lowered))
                    push(MistakeId::power_exponent_not_lowered,
                         "power rule on " + written +
                             ": n·u^(n−1) — the exponent drops by one, to " + text(p - 1) +
                             " — but the answer keeps the exponent " + text(p) + " (" + text(p) +
                             written + ")",
                         -p * e * db);
                if (!db.is_equal(1) && want(MistakeId::chain_factor_missing))
                    push(MistakeId::chain_factor_missing,
                         "chain rule on " + written + ": the inner derivative of " + text(-b) +
                             ", " + text(-db) + ", is missing as a factor",
                         p * GiNaC::pow(-b, p - 1));
            }
            if (is_negative_number(p))
                push(MistakeId::sign_error,
                     "power rule on " + node + ": the factor " + text(p) +
                         " is negative, but the answer has the opposite sign",
                     -p * GiNaC::pow(b, p - 1) * db);
            if (auto u = explicit_sigmoid_argument(e);
                u && want(MistakeId::sigmoid_derivative_form))
                sigmoid_variants(e, *u, d(*u), push);
        } else if (!b.has(x_)) {
            ex dp = d(p);
            if (!dp.is_equal(1))
                push(MistakeId::chain_factor_missing,
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
        if (chain && want(MistakeId::chain_factor_missing)) {
            std::string inner;
            for (std::size_t i = 0; i < e.nops(); ++i)
                if (!da[i].is_zero() && !da[i].is_equal(1)) {
                    inner = "the inner derivative of " + text(e.op(i)) + ", " + text(da[i]);
                    break;
                }
            push(MistakeId::chain_factor_missing,
                 "chain rule on " + node + ": " + inner + ", is missing as a factor", no_chain);
        }
        const ex u = e.op(0);
        const ex du = da[0];
        if (is_call(e, sigmoid_SERIAL::serial) && want(MistakeId::sigmoid_derivative_form)) {
            sigmoid_variants(e, u, du, push);
        } else if (is_call(e, GiNaC::tanh_SERIAL::serial) &&
                   want(MistakeId::tanh_derivative_form)) {
            tanh_variants(e, u, du, push);
        } else if (is_call(e, relu_SERIAL::serial)) {
            push(MistakeId::indicator_reversed,
                 "ReLU'(u) is 1 where u > 0 and 0 where u ≤ 0 (u = " + text(u) +
                     "), but the answer has the condition reversed (1 where u ≤ 0)",
                 ind_ge(0, u) * du);
        } else if (is_call(e, leaky_relu_SERIAL::serial) && !e.op(1).has(x_)) {
            const ex a = e.op(1);
            const std::string rule = "Leaky ReLU'(u) is 1 where u > 0 and " + text(a) +
                                     " where u ≤ 0 (u = " + text(u) + "), but the answer ";
            push(MistakeId::indicator_reversed,
                 rule + "has the conditions reversed (" + text(a) + " where u > 0, 1 where u ≤ 0)",
                 (ind_ge(0, u) + a * ind_gt(u, 0)) * du);
            push(MistakeId::leaky_slope_dropped,
                 rule + "loses the slope " + text(a) + " on the negative side", ind_gt(u, 0) * du);
            push(MistakeId::leaky_slope_dropped,
                 rule + "has " + text(a * u) + " instead of the slope " + text(a) +
                     " on the negative side",
                 (ind_gt(u, 0) + a * u * ind_ge(0, u)) * du);
            push(MistakeId::leaky_slope_dropped, rule + "has slope 1 on both sides", du);
            push(MistakeId::leaky_slope_dropped,
                 rule + "has " + text(-a) + " instead of " + text(a) + " on the negative side",
                 (ind_gt(u, 0) - a * ind_ge(0, u)) * du);
        } else if (is_call(e, maximum_SERIAL::serial) || is_call(e, minimum_SERIAL::serial)) {
            const ex a = e.op(0), b = e.op(1);
            const bool is_max = is_call(e, maximum_SERIAL::serial);
            // The reversed conditions: the derivative of the other one of max and min.
            ex reversed = is_max ? ind_ge(b, a) * da[0] + ind_gt(a, b) * da[1]
                                 : ind_ge(a, b) * da[0] + ind_gt(b, a) * da[1];
            push(MistakeId::indicator_reversed,
                 std::string("the derivative of ") + node + " follows " +
                     (is_max ? "the larger" : "the smaller") + " argument (" +
                     (is_max ? text(a) + " where " + text(a) + " ≥ " + text(b)
                             : text(a) + " where " + text(a) + " ≤ " + text(b)) +
                     "), but the answer has the condition reversed",
                 reversed);
            // max(u, αu) is a leaky ReLU written out.
            if (is_max && a.has(x_) && b.has(x_) && want(MistakeId::leaky_slope_dropped)) {
                ex ratio = GiNaC::normal(b / a);
                if (!ratio.has(x_)) {
                    push(MistakeId::leaky_slope_dropped,
                         "the derivative of " + node + " (a leaky ReLU) is " + text(da[0]) +
                             " on one side and " + text(da[1]) +
                             " on the other, but the answer loses the slope " + text(da[1]),
                         ind_ge(a, b) * da[0]);
                }
            }
        } else if (!correct.is_zero() && want(MistakeId::sign_error) && !is_non_smooth_call(e)) {
            push(MistakeId::sign_error,
                 "the derivative of " + node + " is " + text(correct) +
                     ", but the answer has the opposite sign",
                 -correct);
        }
        if (is_call(e, GiNaC::log_SERIAL::serial) && want(MistakeId::softmax_index_confusion))
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
                push(MistakeId::softmax_index_confusion,
                     rule + "S(" + text(inputs[k]) + ") (the indices mixed)",
                     GiNaC::exp(inputs[k]) / sum);
    }

    const GiNaC::symbol& x_;
    const std::vector<GiNaC::ex>& others_;
    const std::string& wrt_;
};

} // namespace

Rules::Rules(const GiNaC::symbol& x, const std::vector<GiNaC::ex>& others)
    : x_(x), others_(others) {
    wrt_ = (others_.empty() ? "d/d" : "∂/∂") + text(x_);
}

std::vector<Variant> Rules::variants(const ex& e, const DFun& d,
                                     const std::optional<MistakeId>& only) const {
    return RuleWriter(x_, others_, wrt_).variants(e, d, only);
}

} // namespace chainrule::mistakes
