// Writing out a worked solution: the lines of a derivation, with its unevaluated derivatives
// written d/dx(u) or ∂/∂x(u) and placed after the factors they multiply (3·d/dx(x²)).
#include "expr/node_kind.hpp"
#include "expr/written_decimal.hpp"
#include "generator/solution.hpp"
#include "generator/text_escape.hpp"

#include "expr/functions.hpp"
#include "expr/structure.hpp"

#include <algorithm>
#include <array>
#include <map>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

bool is_negative_term(const ex& e) {
    numeric c = coefficient_of(e);
    return c.is_real() && c.is_negative();
}

bool is_denominator_factor(const ex& e) {
    return is_kind(e, NodeKind::power) && is_kind(e.op(1), NodeKind::numeric) &&
           ex_to<numeric>(e.op(1)).is_real() && ex_to<numeric>(e.op(1)).is_negative();
}

// e with each d/dx(u) replaced by u: what a term of a derivation came from, so that
// d/dx(5x⁵) + d/dx(4x³) − d/dx(5) keeps the order of 5x⁵ + 4x³ − 5.
ex origin_of(const ex& e) {
    if (is_call(e, deriv_SERIAL::serial)) return origin_of(e.op(0));
    if (e.nops() == 0 || !has_unevaluated_derivative(e)) return e;
    struct Strip : GiNaC::map_function {
        ex operator()(const ex& child) override { return origin_of(child); }
    } strip;
    return e.map(strip);
}

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    if (from.empty() || from == to) return;
    for (std::size_t at = text.find(from); at != std::string::npos;
         at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

class StepWriter {
  public:
    StepWriter(Notation notation, bool partial) : n_(notation), partial_(partial) {}

    std::string write(const ex& e) { return render(e, false, false); }

  private:
    std::string minus() const { return n_ == Notation::unicode ? "−" : "-"; }
    std::string times() const {
        return n_ == Notation::plain ? "*" : n_ == Notation::unicode ? "·" : " \\cdot ";
    }
    std::string parens(const std::string& s) const {
        return n_ == Notation::latex ? "\\left(" + s + "\\right)" : "(" + s + ")";
    }

    std::string operator_for(const ex& x) const {
        std::string name = print(x, n_);
        if (n_ == Notation::latex)
            return partial_ ? "\\frac{\\partial}{\\partial " + name + "}"
                            : "\\frac{d}{d" + name + "}";
        if (n_ == Notation::unicode && partial_) return "∂/∂" + name;
        return "d/d" + name;
    }

    // The printer's text for an expression that may hold derivatives deeper than this
    // writer goes (inside a power or a function): d/dx turned into ∂/∂x where it must be.
    std::string printed(const ex& e) const {
        std::string text = print(e, n_);
        if (!partial_ || n_ == Notation::plain || !has_unevaluated_derivative(e)) return text;
        std::vector<ex> variables;
        collect_derivative_variables(e, variables);
        for (const auto& x : variables) {
            std::string name = print(x, n_);
            if (n_ == Notation::unicode)
                replace_all(text, "d/d" + name + "(", "∂/∂" + name + "(");
            else
                replace_all(text, "\\frac{d}{d" + name + "}",
                            "\\frac{\\partial}{\\partial " + name + "}");
        }
        return text;
    }

    static void collect_derivative_variables(const ex& e, std::vector<ex>& out) {
        if (is_call(e, deriv_SERIAL::serial)) {
            bool seen = std::any_of(out.begin(), out.end(),
                                    [&](const ex& v) { return v.is_equal(e.op(1)); });
            if (!seen) out.push_back(e.op(1));
        }
        for (std::size_t i = 0; i < e.nops(); ++i)
            collect_derivative_variables(e.op(i), out);
    }

    // --- where the minus signs go ---
    //
    // GiNaC keeps its own sign convention: the numerator of a quotient rule may come out as
    // −(N·h' − g'·h). The writer places each sign where the fewest minus signs show: in front,
    // or absorbed into a sum factor (which is then written with its terms negated) or into the
    // plain factors of a product (whose printer may flip one of its own sums).

    static constexpr int impossible = 1 << 20;

    /// A product with derivatives among its factors, split for writing: plain factors above
    /// (with the coefficient's numerator), below (with its denominator), and the factors that
    /// hold derivatives.
    struct Parts {
        numeric coefficient = 1; ///< the numerator of the product's number
        ex plain = 1;            ///< the plain factors above the line, without the number
        ex bottom = 1;
        std::vector<ex> derivatives;
        bool has_top() const { return !coefficient.is_equal(1) || !plain.is_equal(1); }
    };

    // One value can reach the writer as σ(u)(σ(u) − 1)·(a − b) in one run and as
    // σ(u)(1 − σ(u))·(b − a) in another: GiNaC makes each sum factor of a product lead with a
    // positive term in its own order of terms, which follows memory addresses. So the writer
    // turns every sum of derivatives that is a factor to one orientation, the one whose plain
    // text comes first, and counts the sign this takes out (written_negative) before it places
    // the signs.
    static bool turned(const ex& factor) {
        return is_kind(factor, NodeKind::add) && has_unevaluated_derivative(factor) &&
               print(-factor, Notation::plain) < print(factor, Notation::plain);
    }

    /// Whether −sum is the orientation to write: the one that leads with a plus, and of two
    /// such, the one whose text comes first. Decided on text alone, never on GiNaC's form.
    static bool reads_better_turned(const ex& sum) {
        std::string kept = print(sum, Notation::plain), turned_text = print(-sum, Notation::plain);
        bool kept_minus = starts_negative(kept), turned_minus = starts_negative(turned_text);
        if (kept_minus != turned_minus) return kept_minus;
        return turned_text < kept;
    }

    /// Whether factor is ∂/∂v(S) of a sum S that is written the other way round: −S's text
    /// comes first.
    static bool turned_derivative(const ex& factor) {
        return is_call(factor, deriv_SERIAL::serial) && is_kind(factor.op(0), NodeKind::add) &&
               reads_better_turned(factor.op(0));
    }

    /// Whether e is written with a minus sign when its sums of derivatives are turned.
    static bool written_negative(const ex& e) {
        if (is_kind(e, NodeKind::mul) && has_unevaluated_derivative(e)) {
            numeric c = split(e).coefficient; // with every sign split() takes out
            return c.is_real() && c.is_negative();
        }
        return is_negative_term(e);
    }

    static Parts split(const ex& m) {
        Parts parts;
        numeric c = coefficient_of(m);
        // A whole number times a decimal as written goes into the number when their product
        // is whole (−2·0.5 is −1), as the printers write it.
        std::size_t merged = m.nops();
        for (std::size_t i = 0; i < m.nops() && !c.is_equal(1); ++i)
            if (is_written_decimal(m.op(i)) &&
                (c * ex_to<numeric>(exact_decimals(m.op(i)))).is_integer()) {
                c *= ex_to<numeric>(exact_decimals(m.op(i)));
                merged = i;
                break;
            }
        parts.coefficient = c.numer();
        parts.bottom = c.denom();
        for (std::size_t i = 0; i < m.nops(); ++i) {
            const ex& factor = m.op(i);
            if (is_kind(factor, NodeKind::numeric) || i == merged) continue;
            if (turned(factor)) {
                parts.derivatives.push_back(-factor);
                parts.coefficient = -parts.coefficient;
            } else if (turned_derivative(factor)) {
                // ∂/∂w(b − w + 1) or ∂/∂w(w − b − 1): the sum inside in one orientation too.
                parts.derivatives.push_back(deriv(-factor.op(0), factor.op(1)));
                parts.coefficient = -parts.coefficient;
            } else if (has_unevaluated_derivative(factor))
                parts.derivatives.push_back(factor);
            else if (is_denominator_factor(factor))
                parts.bottom *= GiNaC::pow(factor.op(0), -factor.op(1));
            else
                parts.plain *= factor;
        }
        // A sum beside them, 2(b − w + 1)·∂/∂w(b − w + 1), in the same one orientation: GiNaC
        // turns a sum factor of a product by its own order (see turned).
        if (is_kind(parts.plain, NodeKind::add) && reads_better_turned(parts.plain)) {
            parts.plain = -parts.plain;
            parts.coefficient = -parts.coefficient;
        }
        // The derivatives in the order of their text, not GiNaC's (see turned).
        std::vector<std::pair<std::string, ex>> keyed;
        for (const auto& d : parts.derivatives)
            keyed.emplace_back(print(d, Notation::plain), d);
        std::stable_sort(keyed.begin(), keyed.end(),
                         [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < keyed.size(); ++i)
            parts.derivatives[i] = keyed[i].second;
        return parts;
    }

    /// The plain factors above the line with the number (negated: its negative), in the
    /// given notation; "" when there are none. 2(wx + b − t) keeps its parentheses: GiNaC
    /// would multiply the 2 into the sum.
    std::string top_text(const Parts& parts, bool negated, Notation notation) const {
        numeric c = negated ? numeric(-parts.coefficient) : parts.coefficient;
        if (!negated && !parts.has_top()) return "";
        if (is_kind(parts.plain, NodeKind::add) && !c.is_equal(1) && !c.is_equal(-1)) {
            // A sign goes into the sum: 2(wx + b − t), not −2(t − wx − b).
            std::string sum_text = print(negated ? ex(-parts.plain) : parts.plain, notation);
            if (negated) c = parts.coefficient;
            std::string open = notation == Notation::latex ? "\\left(" : "(";
            std::string close = notation == Notation::latex ? "\\right)" : ")";
            std::string glue = notation == Notation::plain   ? "*"
                               : notation == Notation::latex ? " "
                                                             : "";
            return print(c, notation) + glue + open + sum_text + close;
        }
        ex value = c * parts.plain;
        std::string text = print(value, notation);
        if (is_kind(value, NodeKind::add))
            return notation == Notation::latex ? "\\left(" + text + "\\right)" : "(" + text + ")";
        return text;
    }

    // Costs are in half signs: a minus sign written costs 2, one in front of a product 3
    // (a leading minus is harder to read than one between terms), so that a sign is
    // absorbed into a sum only when that saves a sign or a leading minus.
    static constexpr int sign_cost = 2;
    static constexpr int leading_sign_cost = 3;

    static int minus_count(const std::string& plain_text) {
        return sign_cost * static_cast<int>(std::count(plain_text.begin(), plain_text.end(), '-'));
    }
    static bool starts_negative(const std::string& plain_text) {
        return !plain_text.empty() && plain_text.front() == '-';
    }

    /// Which factor of a product takes a minus sign: none (written in front), the plain
    /// factors above the line, or derivative factor k (a sum).
    static constexpr std::size_t in_front = static_cast<std::size_t>(-1);
    static constexpr std::size_t in_top = static_cast<std::size_t>(-2);

    /// The minus signs shown when writing e (negated: −e), a leading one included.
    int cost(const ex& e, bool negated) {
        auto key = memo_.find(e);
        if (key != memo_.end() && key->second[negated] >= 0) return key->second[negated];
        int value = compute_cost(e, negated);
        auto& slot = memo_[e];
        if (key == memo_.end()) slot = {-1, -1};
        slot[negated] = value;
        return value;
    }

    int compute_cost(const ex& e, bool negated) {
        if (!has_unevaluated_derivative(e))
            return minus_count(print(negated ? ex(-e) : e, Notation::plain));
        if (is_kind(e, NodeKind::add)) {
            int total = 0;
            for (std::size_t i = 0; i < e.nops(); ++i) {
                const ex& term = e.op(i);
                bool negative = written_negative(term) != negated;
                ex magnitude = written_negative(term) ? ex(-term) : term;
                total += negative
                             ? std::min(sign_cost + cost(magnitude, false), absorb_cost(magnitude))
                             : cost(magnitude, false);
            }
            return total;
        }
        if (is_kind(e, NodeKind::mul) && written_negative(e)) return cost(-e, !negated);
        if (is_kind(e, NodeKind::mul)) {
            int plain = product_cost(split(e), in_front);
            return negated ? std::min(leading_sign_cost + plain, absorb_cost(e)) : plain;
        }
        return negated ? leading_sign_cost : 0; // d/dx(u), or a power or function holding one
    }

    int product_cost(const Parts& parts, std::size_t sign_at) {
        int total = minus_count(print(parts.bottom, Notation::plain));
        if (sign_at == in_top) {
            if (!parts.has_top()) return impossible;
            std::string text = top_text(parts, true, Notation::plain);
            if (starts_negative(text)) return impossible;
            total += minus_count(text);
        } else {
            total += minus_count(top_text(parts, false, Notation::plain));
        }
        for (std::size_t i = 0; i < parts.derivatives.size(); ++i) {
            if (i == sign_at && !is_kind(parts.derivatives[i], NodeKind::add)) return impossible;
            total += cost(parts.derivatives[i], i == sign_at);
        }
        return total;
    }

    /// Where the sign of −m goes best when m (a positive term) is to be written without a
    /// leading minus, and what that costs; `impossible` when it cannot be.
    std::pair<int, std::size_t> best_absorption(const ex& m) {
        // Turning a sum around (g − h for h − g) costs as much as a sign: it is done only
        // where it saves a leading minus or more than one sign.
        if (!has_unevaluated_derivative(m)) {
            std::string text = print(-m, Notation::plain);
            return {starts_negative(text) ? impossible : minus_count(text) + sign_cost, in_top};
        }
        if (!is_kind(m, NodeKind::mul)) return {impossible, in_front};
        Parts parts = split(m);
        std::pair<int, std::size_t> best{product_cost(parts, in_top), in_top};
        for (std::size_t k = 0; k < parts.derivatives.size(); ++k) {
            int c = product_cost(parts, k);
            if (c < best.first) best = {c, k};
        }
        if (best.first < impossible) best.first += sign_cost;
        return best;
    }

    int absorb_cost(const ex& m) { return best_absorption(m).first; }

    static bool needs_parens_as_factor(const std::string& plain_text, const ex& e) {
        return is_kind(e, NodeKind::add) || starts_negative(plain_text);
    }

    /// e (negated: −e) written out; as_factor: parenthesized where a product needs it.
    std::string render(const ex& e, bool negated, bool as_factor) {
        if (!has_unevaluated_derivative(e)) {
            ex value = negated ? ex(-e) : e;
            std::string text = print(value, n_);
            bool wrap = as_factor && needs_parens_as_factor(print(value, Notation::plain), value);
            return wrap ? parens(text) : text;
        }
        if (is_kind(e, NodeKind::add)) {
            std::string text = sum(e, negated);
            return as_factor ? parens(text) : text;
        }
        if (is_kind(e, NodeKind::mul)) {
            if (written_negative(e)) return render(-e, !negated, as_factor);
            if (!negated) return product(e, in_front);
            auto [absorbed, at] = best_absorption(e);
            if (absorbed < leading_sign_cost + cost(e, false)) return product(e, at);
            std::string text = minus() + product(e, in_front);
            return as_factor ? parens(text) : text;
        }
        std::string text;
        if (is_call(e, deriv_SERIAL::serial)) {
            // An indicator prints in parentheses of its own: d/dx(x > 0), not d/dx((x > 0)).
            const ex& inner = e.op(0);
            bool bracketed = n_ != Notation::latex && (is_call(inner, ind_gt_SERIAL::serial) ||
                                                       is_call(inner, ind_ge_SERIAL::serial));
            std::string inner_text = print(inner, n_);
            text = operator_for(e.op(1)) + (bracketed ? inner_text : parens(inner_text));
        } else {
            text = printed(e);
        }
        if (!negated) return text;
        return as_factor ? parens(minus() + text) : minus() + text;
    }

    std::string sum(const ex& e, bool negated) {
        struct Term {
            bool negative; ///< shown with a minus sign
            double degree;
            std::string key;
            std::string text;
        };
        std::vector<Term> terms;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& term = e.op(i);
            bool negative = written_negative(term) != negated;
            ex magnitude = written_negative(term) ? ex(-term) : term;
            bool absorbed = negative && absorb_cost(magnitude) < sign_cost + cost(magnitude, false);
            ex origin = origin_of(magnitude);
            std::string text =
                absorbed ? absorbed_text(magnitude) : render(magnitude, false, false);
            terms.push_back(
                {negative && !absorbed, term_degree(origin), print(origin, Notation::plain), text});
        }
        std::stable_sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
            if (a.negative != b.negative) return !a.negative;
            if (a.degree != b.degree) return a.degree > b.degree;
            if (a.key != b.key) return a.key < b.key;
            return a.text < b.text; // same origin: product rule terms
        });
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const Term& term = terms[i];
            const std::string& text = term.text;
            // Appended piece by piece: " " + minus() + " " trips GCC 12's -Wrestrict.
            if (i > 0) out += term.negative ? " " : " + ";
            if (term.negative) {
                out += minus();
                if (i > 0) out += " ";
            }
            out += text;
        }
        return out;
    }

    std::string absorbed_text(const ex& m) {
        if (!has_unevaluated_derivative(m)) return print(-m, n_);
        return product(m, best_absorption(m).second);
    }

    // A product with derivatives among its factors, its coefficient positive: the plain
    // factors first, then the derivatives; factors with negative powers below a fraction line.
    // sign_at: where a minus sign is absorbed (in_front: nowhere).
    std::string product(const ex& m, std::size_t sign_at) {
        Parts parts = split(m);
        std::vector<std::string> texts;
        std::string top = top_text(parts, sign_at == in_top, n_);
        if (!top.empty()) texts.push_back(top);
        for (std::size_t i = 0; i < parts.derivatives.size(); ++i)
            texts.push_back(render(parts.derivatives[i], i == sign_at, true));
        std::string top_text;
        for (std::size_t i = 0; i < texts.size(); ++i)
            top_text += (i ? times() : "") + texts[i];
        if (parts.bottom.is_equal(1)) return top_text;
        std::string bottom_text = print(parts.bottom, n_);
        bool single_sum = texts.size() == 1 && !parts.has_top() &&
                          is_kind(parts.derivatives.front(), NodeKind::add);
        if (n_ == Notation::latex) {
            if (single_sum) top_text = sum(parts.derivatives.front(), sign_at == 0);
            return "\\frac{" + top_text + "}{" + bottom_text + "}";
        }
        if (texts.size() > 1) top_text = parens(top_text);
        bool bottom_atomic = !is_kind(parts.bottom, NodeKind::add) &&
                             !is_kind(parts.bottom, NodeKind::mul) &&
                             !(is_kind(parts.bottom, NodeKind::numeric) &&
                               !ex_to<numeric>(parts.bottom).is_integer());
        if (!bottom_atomic) bottom_text = parens(bottom_text);
        return top_text + "/" + bottom_text;
    }

    std::map<ex, std::array<int, 2>, GiNaC::ex_is_less> memo_;
    Notation n_;
    bool partial_;
};

} // namespace

std::vector<RenderedStep> render_solution_steps(const WorkedSolution& solution, Notation notation) {
    StepWriter writer(notation, solution.partial);
    std::vector<RenderedStep> steps;
    for (std::size_t i = 0; i < solution.steps.size(); ++i) {
        const SolutionStep& step = solution.steps[i];
        const auto which = static_cast<std::size_t>(notation);
        RenderedStep rendered{step.shown[which].empty()
                                  ? writer.write(step.written.value_or(step.expression))
                                  : step.shown[which],
                              ""};
        if (i > 0) {
            if (!step.reason[which].empty()) {
                rendered.reason = step.reason[which]; // written in the notation already
            } else {
                std::string reason = step.rule;
                if (!step.note.empty()) reason += (reason.empty() ? "" : "; ") + step.note;
                rendered.reason =
                    notation == Notation::latex ? escape_latex_text(reason) : std::move(reason);
            }
        }
        steps.push_back(std::move(rendered));
    }
    return steps;
}

std::vector<std::string> render_solution(const WorkedSolution& solution, Notation notation) {
    std::vector<std::string> lines;
    for (const auto& step : render_solution_steps(solution, notation)) {
        if (lines.empty()) {
            lines.push_back(step.body);
            continue;
        }
        std::string line = "= " + step.body;
        if (!step.reason.empty()) {
            if (notation == Notation::latex)
                line += " \\quad \\text{(" + step.reason + ")}";
            else
                line += "   (" + step.reason + ")";
        }
        lines.push_back(line);
    }
    return lines;
}

} // namespace chainrule
