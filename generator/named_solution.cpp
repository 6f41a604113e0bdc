// Over 600 lines, one job: worked solutions written in a question's named values (the
// values recovered in the earlier names, backpropagation along the parts as a product of local
// gradients each worked once, the named forms σ(1 − σ), S_i(1 − S_i), S_k − y_k), every line
// kept with its value so that it is checked like the rule-by-rule steps.
#include "generator/named_solution.hpp"
#include "expr/written_decimal.hpp"

#include "checker/differentiate.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"
#include "generator/rules.hpp"

#include <algorithm>
#include <array>
#include <functional>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::numeric;

namespace {

constexpr std::size_t plain_at = static_cast<std::size_t>(Notation::plain);
constexpr std::array<Notation, 3> notations = {Notation::plain, Notation::unicode, Notation::latex};

using Texts = std::array<std::string, 3>;

std::string open(Notation n) {
    return n == Notation::latex ? "\\left(" : "(";
}
std::string close(Notation n) {
    return n == Notation::latex ? "\\right)" : ")";
}

// --- the chain of named values ---

/// A named value (a let or a part), or the function when it is not one of them.
struct Node {
    std::string name;
    ex symbol;
    ex value; ///< in the variables
    ex local; ///< in the names before it and the variables
};

/// e with each occurrence of value replaced by name; a sum also inside a larger sum, as a
/// multiple of all its terms ((z2 − 1)² holds z2 = w2·a1 + b2 as w2·a1 + b2 − 1).
ex replace_value(const ex& e, const ex& value, const ex& name) {
    if (e.is_equal(value)) return name;
    if (is_kind(e, NodeKind::add) && is_kind(value, NodeKind::add) && value.nops() < e.nops()) {
        const ex& first = value.op(0);
        numeric first_coefficient = coefficient_of(first);
        ex first_rest = first / first_coefficient;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            numeric c = coefficient_of(e.op(i));
            if (!(e.op(i) / c).is_equal(first_rest)) continue;
            numeric multiple = c / first_coefficient;
            bool all = true;
            for (std::size_t k = 0; k < value.nops() && all; ++k) {
                ex wanted = multiple * value.op(k);
                bool found = false;
                for (std::size_t j = 0; j < e.nops() && !found; ++j)
                    found = e.op(j).is_equal(wanted);
                all = found;
            }
            if (!all) continue;
            ex rest = (e - multiple * value).expand();
            return replace_value(rest, value, name) + multiple * name;
        }
    }
    if (e.nops() == 0) return e;
    struct Replace : GiNaC::map_function {
        const ex& value;
        const ex& name;
        Replace(const ex& v, const ex& n) : value(v), name(n) {}
        ex operator()(const ex& child) override { return replace_value(child, value, name); }
    } replace(value, name);
    return e.map(replace);
}

bool same_value(const ex& a, const ex& b) {
    if (a.is_equal(b)) return true;
    try {
        return (a - b).expand().is_zero() || (a - b).normal().is_zero();
    } catch (const std::exception&) {
        return false;
    }
}

class Chain {
  public:
    Chain(const std::vector<std::pair<std::string, ex>>& lets, const ex& f,
          const std::string& function_name) {
        for (const auto& [name, value] : lets) {
            // A number or a lone variable names nothing worth a step.
            if (is_kind(value, NodeKind::numeric) || is_kind(value, NodeKind::symbol)) continue;
            Node node{name, variable(name), value, abstracted(value)};
            if (!same_value(composed(node.local), value)) node.local = value;
            nodes_.push_back(node);
            substitution_[node.symbol] = value;
        }
        for (std::size_t i = nodes_.size(); i-- > 0;)
            if (nodes_[i].value.is_equal(f)) {
                root_ = i;
                return;
            }
        Node node{function_name, variable(function_name), f, abstracted(f)};
        if (!same_value(composed(node.local), f)) node.local = f;
        nodes_.push_back(node);
        root_ = nodes_.size() - 1;
        function_root_ = true;
    }

    const Node& node(std::size_t i) const { return nodes_[i]; }
    Node& node(std::size_t i) { return nodes_[i]; }
    std::size_t root() const { return root_; }
    std::size_t size() const { return nodes_.size(); }
    bool function_root() const { return function_root_; }

    /// e with every name replaced by its value in the variables.
    ex composed(const ex& e) const { return e.subs(substitution_); }

    /// The node named by a symbol, or npos.
    std::size_t find(const ex& symbol) const {
        for (std::size_t i = 0; i < nodes_.size(); ++i)
            if (nodes_[i].symbol.is_equal(symbol)) return i;
        return npos;
    }

    /// The paths from the root down to x, each the nodes passed (the root first, x not
    /// included); stops counting at 2.
    std::vector<std::vector<std::size_t>> paths(const GiNaC::symbol& x) const {
        std::vector<std::vector<std::size_t>> out;
        std::vector<std::size_t> path;
        std::function<void(std::size_t)> walk = [&](std::size_t i) {
            if (out.size() > 1) return;
            path.push_back(i);
            const ex& local = nodes_[i].local;
            if (local.has(x)) out.push_back(path);
            std::set<ex, GiNaC::ex_is_less> symbols;
            collect_symbols(local, symbols);
            for (const auto& s : symbols) {
                std::size_t k = find(s);
                if (k != npos && k != i) walk(k);
            }
            path.pop_back();
        };
        walk(root_);
        return out;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  private:
    /// value written with the names known so far, the latest first.
    ex abstracted(const ex& value) const {
        ex out = value;
        for (std::size_t i = nodes_.size(); i-- > 0;)
            out = replace_value(out, nodes_[i].value, nodes_[i].symbol);
        return out;
    }

    std::vector<Node> nodes_;
    GiNaC::exmap substitution_;
    std::size_t root_ = 0;
    bool function_root_ = false;
};

// --- local gradients ---

/// ∂p/∂c, with p's local expression, in the names where it has a name of its own.
struct LocalGradient {
    ex named; ///< in names and variables
    ex value; ///< in the variables
    std::string rule;
    Texts form;  ///< the rule as written, "softmax, i = m: S_i(1 − S_i)" ("" for none)
    Texts shown; ///< named as written, when not by written(): −2y(1 − y) ("" for none)
};

/// i-th softmax entry e^(z_i)/Σ_j e^(z_j) as the pair (z_i, Σ); false for anything else.
bool softmax_entry(const ex& e, ex& input, ex& sum) {
    if (!is_kind(e, NodeKind::mul) || e.nops() != 2) return false;
    for (int k = 0; k < 2; ++k) {
        const ex& top = e.op(k);
        const ex& bottom = e.op(1 - k);
        if (!is_call(top, GiNaC::exp_SERIAL::serial) || !is_kind(top.op(0), NodeKind::symbol))
            continue;
        if (!is_kind(bottom, NodeKind::power) || !bottom.op(1).is_equal(-1) ||
            !is_kind(bottom.op(0), NodeKind::add))
            continue;
        const ex& s = bottom.op(0);
        bool found = false;
        for (std::size_t i = 0; i < s.nops(); ++i) {
            if (!is_call(s.op(i), GiNaC::exp_SERIAL::serial) ||
                !is_kind(s.op(i).op(0), NodeKind::symbol))
                return false;
            found = found || s.op(i).is_equal(top);
        }
        if (!found) return false;
        input = top.op(0);
        sum = s;
        return true;
    }
    return false;
}

/// The rule that d/dx(u) calls for first, as the notes name a local gradient's rule ("chain
/// rule, power rule" for (z2 − 1)²); past a constant multiple, the rule after it too.
std::string rules_used(const ex& u, const GiNaC::symbol& x) {
    RuleLog log;
    ex current = apply_rules_once(deriv(u, x), log);
    if (log.rules == std::vector<std::string>{"constant multiple rule"} &&
        has_unevaluated_derivative(current))
        apply_rules_once(current, log);
    return rule_label(log.rules);
}

LocalGradient local_gradient(const Chain& chain, std::size_t p, const ex& c) {
    const Node& node = chain.node(p);
    const auto& x = ex_to<GiNaC::symbol>(c);
    LocalGradient g;
    ex raw = node.local.diff(x);
    g.value = chain.composed(raw);
    g.rule = rules_used(node.local, x);
    ex input, sum;
    if (softmax_entry(node.local, input, sum)) {
        if (input.is_equal(c)) {
            g.named = node.symbol * (1 - node.symbol);
            g.rule = "softmax, i = m";
            g.form = {"softmax, i = m: S_i(1 - S_i)", "softmax, i = m: S_i(1 − S_i)",
                      "softmax, $i = m$: $S_i(1 - S_i)$"};
        } else {
            ex other = GiNaC::exp(c) * GiNaC::pow(sum, -1);
            for (std::size_t j = 0; j < chain.size(); ++j)
                if (chain.node(j).local.is_equal(other)) {
                    g.named = -node.symbol * chain.node(j).symbol;
                    g.rule = "softmax, i ≠ m";
                    g.form = {"softmax, i != m: -S_i S_m", "softmax, i ≠ m: −S_i·S_m",
                              "softmax, $i \\neq m$: $-S_i S_m$"};
                    break;
                }
        }
        if (!g.named.is_zero() && same_value(chain.composed(g.named), g.value)) return g;
        g.rule = rules_used(node.local, x);
        g.form = {};
    }
    // σ(u)(1 − σ(u)) as y(1 − y), 1 − tanh(u)² as 1 − y², e^u as y.
    g.named = is_kind(node.local, NodeKind::function) ? raw.subs(node.local == node.symbol) : raw;
    // The activation's derivative, then the inner slope: −2y(1 − y), as the notes write it,
    // not 2y(y − 1). Written from the printer's text of each, never GiNaC's order.
    if (is_kind(node.local, NodeKind::function) && node.local.nops() == 1) {
        const ex& a = node.local.op(0);
        ex inner = a.diff(x);
        if (!is_kind(inner, NodeKind::numeric) || inner.is_zero()) return g;
        GiNaC::realsymbol s("chainrule_argument");
        ex outer = GiNaC::function(ex_to<GiNaC::function>(node.local).get_serial(), s).diff(s);
        outer = outer.subs(s == a).subs(node.local == node.symbol);
        if (!same_value(chain.composed(outer * inner), g.value)) return g;
        numeric slope = ex_to<numeric>(inner);
        for (std::size_t i = 0; i < 3; ++i) {
            Notation n = notations[i];
            std::string text = print(outer, n);
            if (is_kind(outer, NodeKind::add) && !slope.is_equal(1) && !slope.is_equal(-1))
                text = open(n) + text + close(n);
            if (!slope.is_equal(1) && !slope.is_equal(-1)) {
                std::string glue = n == Notation::plain ? "*" : n == Notation::latex ? " " : "";
                text = print(GiNaC::abs(slope), n) + glue + text;
            }
            if (slope.is_negative()) {
                bool wrap = is_kind(outer, NodeKind::add) && slope.is_equal(-1);
                text = (n == Notation::unicode ? "−" : "-") +
                       (wrap ? open(n) + text + close(n) : text);
            }
            g.shown[i] = text;
        }
    }
    return g;
}

// --- writing ---

std::string times(Notation n) {
    return n == Notation::plain ? "*" : n == Notation::unicode ? " · " : " \\cdot ";
}

/// ∂p/∂c (dp/dc when the question is not about partial derivatives).
std::string partial_text(const std::string& p, const std::string& c, bool partial, Notation n) {
    std::string top = print_name(p, n), bottom = print_name(c, n);
    if (n == Notation::latex)
        return partial ? "\\frac{\\partial " + top + "}{\\partial " + bottom + "}"
                       : "\\frac{d" + top + "}{d" + bottom + "}";
    if (n == Notation::unicode && partial) return "∂" + top + "/∂" + bottom;
    return "d" + top + "/d" + bottom;
}

std::string delta_text(Notation n) {
    return n == Notation::plain ? "delta" : n == Notation::unicode ? "δ" : "\\delta";
}

/// The number that every term of a sum is a multiple of (2 for 2z2 − 2), negative when every
/// term is; 1 for anything but a sum.
numeric common_factor(const ex& e) {
    if (!is_kind(e, NodeKind::add)) return 1;
    numeric top = 0, bottom = 1;
    bool all_negative = true;
    for (std::size_t i = 0; i < e.nops(); ++i) {
        numeric c = coefficient_of(e.op(i));
        if (!c.is_rational()) return 1;
        top = GiNaC::gcd(top, c.numer());
        bottom = GiNaC::lcm(bottom, c.denom());
        all_negative = all_negative && c.is_negative();
    }
    if (top.is_zero()) return 1;
    numeric out = top / bottom;
    return all_negative ? numeric(-out) : out;
}

/// e written in n; a sum of multiples of one number with the number outside: 2(z2 − 1).
/// wrap: the text as a factor needs parentheses.
std::string written(const ex& e, Notation n, bool& wrap) {
    numeric c = common_factor(e);
    if (!c.is_equal(1) && !c.is_equal(-1)) {
        std::string glue = n == Notation::plain ? "*" : n == Notation::latex ? " " : "";
        wrap = c.is_negative();
        return print(c, n) + glue + open(n) + print((e / c).expand(), n) + close(n);
    }
    std::string text = print(e, n);
    std::string plain = print(e, Notation::plain);
    wrap = is_kind(e, NodeKind::add) || (!plain.empty() && plain.front() == '-');
    return text;
}

std::string written(const ex& e, Notation n) {
    bool wrap = false;
    return written(e, n, wrap);
}

std::string gradient_text(const LocalGradient& g, Notation n) {
    std::string shown = g.shown[static_cast<std::size_t>(n)];
    return shown.empty() ? written(g.named, n) : shown;
}

/// One factor of a line: a local gradient still to work out, δ, or an expression.
struct Factor {
    enum Kind { pending, delta, value } kind = pending;
    std::string top, bottom; ///< pending: ∂top/∂bottom
    ex expression;
    Texts shown{}; ///< the expression as written, when not by written() ("" for none)
};

std::string product_text(const std::vector<Factor>& factors, bool partial, Notation n) {
    std::string out;
    for (std::size_t i = 0; i < factors.size(); ++i) {
        const Factor& f = factors[i];
        std::string text;
        if (f.kind == Factor::pending) {
            text = partial_text(f.top, f.bottom, partial, n);
        } else if (f.kind == Factor::delta) {
            text = delta_text(n);
        } else if (!f.shown[static_cast<std::size_t>(n)].empty()) {
            text = f.shown[static_cast<std::size_t>(n)];
            bool negative = text.rfind("-", 0) == 0 || text.rfind("−", 0) == 0;
            if (negative && i > 0) text = open(n) + text + close(n);
        } else {
            bool wrap = false;
            text = written(f.expression, n, wrap);
            if (wrap && (i > 0 || is_kind(f.expression, NodeKind::add)))
                text = open(n) + text + close(n);
        }
        out += (i ? times(n) : "") + text;
    }
    return out;
}

/// Text-mode LaTeX for a reason: mathematics in $...$.
std::string math(const std::string& latex) {
    return "$" + latex + "$";
}

std::string arrow(Notation n) {
    return n == Notation::plain ? " <- " : n == Notation::unicode ? " ← " : " \\leftarrow ";
}

} // namespace

std::optional<ex> derivative_wrt_named_value(const ex& f, const std::string& part,
                                             const std::vector<std::pair<std::string, ex>>& lets) {
    Chain chain(lets, f, "chainrule_function");
    std::size_t p = chain.find(variable(part));
    if (p == Chain::npos || p == chain.root()) return std::nullopt;
    const ex& symbol = chain.node(p).symbol;
    // The names that depend on the part, each written out in its local form, the latest first:
    // what is left depends on the part only where it shows.
    std::vector<bool> depends(chain.size(), false);
    depends[p] = true;
    for (std::size_t i = p + 1; i < chain.size(); ++i)
        for (std::size_t j = p; j < i && !depends[i]; ++j)
            depends[i] = depends[j] && chain.node(i).local.has(chain.node(j).symbol);
    ex g = chain.node(chain.root()).local;
    for (std::size_t i = chain.size(); i-- > p + 1;)
        if (depends[i] && i != chain.root())
            g = g.subs(chain.node(i).symbol == chain.node(i).local);
    return chain.composed(g.diff(ex_to<GiNaC::symbol>(symbol)));
}

ExprValue differentiate_with_named_values(const ExprValue& f, const std::vector<std::string>& wrt,
                                          const std::vector<std::pair<std::string, ex>>& lets) {
    bool named = std::any_of(wrt.begin(), wrt.end(), [&](const std::string& w) {
        return std::any_of(lets.begin(), lets.end(),
                           [&](const auto& let) { return let.first == w; });
    });
    if (!named) return differentiate(DerivativeRequest{f, wrt});
    std::vector<ex> entries;
    for (const auto& entry : f.entries)
        for (const auto& w : wrt) {
            bool is_let = std::any_of(lets.begin(), lets.end(),
                                      [&](const auto& let) { return let.first == w; });
            if (!is_let) {
                entries.push_back(entry.diff(variable(w)));
                continue;
            }
            auto d = derivative_wrt_named_value(entry, w, lets);
            if (!d)
                throw InputError("'" + w +
                                 "' is the function itself or a plain number or "
                                 "variable: there is nothing to differentiate with respect to");
            entries.push_back(*d);
        }
    if (f.is_scalar() && wrt.size() == 1) return ExprValue(entries.front());
    if (f.is_scalar() || wrt.size() == 1) return ExprValue::vector(std::move(entries));
    return ExprValue::matrix(f.rows, wrt.size(), std::move(entries));
}

std::optional<SolutionStep> activation_slope_line(const ex& f, const GiNaC::symbol& x) {
    bool is_leaky = is_call(f, leaky_relu_SERIAL::serial);
    if (!is_leaky && !is_call(f, elu_SERIAL::serial)) return std::nullopt;
    const ex& u = f.op(0);
    const ex& alpha_value = f.op(1);
    std::string alpha;
    if (is_written_decimal(alpha_value))
        alpha = print(alpha_value); // its digits, as the question gives them
    else if (is_kind(alpha_value, NodeKind::numeric))
        alpha = exact_decimal(ex_to<numeric>(alpha_value));
    // ELU's α is often 1: its slope for u ≤ 0 is then e^u.
    bool alpha_one = !is_leaky && alpha_value.is_equal(1);
    if ((alpha.empty() && !alpha_one) || !u.has(x)) return std::nullopt;
    ex inner = u.diff(x);
    // Leaky ReLU's slope for u ≤ 0 is α, ELU's αe^u.
    ex other = is_leaky ? ex(1) : GiNaC::exp(u);
    SolutionStep step;
    step.rule = is_leaky ? "leaky ReLU slopes" : "ELU slopes";
    step.final_form = true;
    step.expression = inner * (ind_gt(u, 0) + alpha_value * other * ind_ge(0, u));
    for (std::size_t i = 0; i < 3; ++i) {
        Notation n = notations[i];
        std::string glue = n == Notation::plain ? "*" : n == Notation::latex ? " " : "";
        // α, then e^u, then the indicator, as the notes write it (the printer would order them).
        std::string negative_side = print(ind_ge(0, u), n);
        if (!is_leaky) negative_side = print(other, n) + glue + negative_side;
        if (!alpha_one) negative_side = alpha + glue + negative_side;
        std::string slopes = print(ind_gt(u, 0), n) + " + " + negative_side;
        std::string text;
        if (inner.is_equal(1)) {
            text = slopes;
        } else {
            bool wrap = false;
            std::string factor = written(inner, n, wrap);
            if (wrap) factor = open(n) + factor + close(n);
            text = factor + glue + open(n) + slopes + close(n);
        }
        step.shown[i] = text;
        std::string a = n == Notation::plain ? "alpha" : n == Notation::unicode ? "α" : "\\alpha";
        std::string e_u = n == Notation::plain     ? "*exp(u)"
                          : n == Notation::unicode ? "e^u"
                                                   : " e^u";
        std::string what = a + " = " + (alpha_one ? "1" : alpha);
        if (is_leaky)
            step.reason[i] = "slope 1 for positive inputs and " +
                             (n == Notation::latex ? math(what) : what) + " for the others";
        else
            step.reason[i] = "slope 1 for positive inputs and " +
                             (n == Notation::latex ? math(a + e_u) : a + e_u) +
                             " for the others, " + (n == Notation::latex ? math(what) : what);
    }
    return step;
}

std::optional<WorkedSolution> solve_in_named_values(const Problem& problem, const ex& f,
                                                    const std::string& function_name,
                                                    const std::string& variable_name) {
    if (problem.lets.empty()) return std::nullopt;
    // The function's name must name nothing else: it stands for the function in the lines.
    if (std::find(problem.variables.begin(), problem.variables.end(), function_name) !=
        problem.variables.end())
        return std::nullopt;
    const GiNaC::symbol& x = variable(variable_name);
    Chain chain(problem.lets, f, function_name);
    auto paths = chain.paths(x);
    if (paths.size() != 1) return std::nullopt;
    const std::vector<std::size_t>& path = paths.front();
    // The function itself, not built from the named values: nothing to name.
    if (path.size() == 1 && chain.function_root()) return std::nullopt;
    bool partial = problem.variables.size() > 1;
    bool of_variable = std::find(problem.variables.begin(), problem.variables.end(),
                                 variable_name) != problem.variables.end();

    // The edges from the root down: ∂root/∂n1, ∂n1/∂n2, ..., ∂nk/∂x.
    struct Edge {
        std::string top, bottom;
        LocalGradient gradient;
        ex pending; ///< the local gradient still to work out, in the variables
    };
    std::vector<Edge> edges;
    for (std::size_t k = 0; k < path.size(); ++k) {
        const Node& node = chain.node(path[k]);
        ex below = k + 1 < path.size() ? chain.node(path[k + 1]).symbol : ex(x);
        std::string below_name = k + 1 < path.size() ? chain.node(path[k + 1]).name : variable_name;
        LocalGradient gradient = local_gradient(chain, path[k], below);
        // Unevaluated, so that each line differs from the next (hints find their place by the
        // line): d/dw1(2w1 + b1) for a variable; d/da1(v·a1) = v for a part, v its value.
        ex pending = below_name == variable_name && of_variable
                         ? ex(deriv(node.value, below))
                         : ex(deriv(gradient.value * below, below));
        edges.push_back({node.name, below_name, gradient, pending});
    }
    // Every named gradient is checked against the true one.
    for (const auto& e : edges)
        if (!same_value(chain.composed(e.gradient.named), e.gradient.value)) return std::nullopt;

    WorkedSolution solution;
    solution.function = f;
    solution.variable = variable_name;
    solution.partial = partial;
    ex named_result = 1;
    for (const auto& e : edges)
        named_result *= e.gradient.named;
    ex result = chain.composed(named_result);
    const std::string& root_name = chain.node(chain.root()).name;

    if (edges.size() == 1 && !of_variable) {
        // ∂L/∂z2 of a part: one local gradient.
        const Edge& e = edges.front();
        Texts first, shown, reason;
        for (std::size_t i = 0; i < 3; ++i) {
            first[i] = partial_text(e.top, e.bottom, partial, notations[i]);
            shown[i] = gradient_text(e.gradient, notations[i]);
            reason[i] = e.gradient.form[i].empty() ? e.gradient.rule : e.gradient.form[i];
        }
        SolutionStep head;
        head.expression = e.pending;
        head.shown = first;
        solution.steps.push_back(head);
        SolutionStep step;
        step.rule = e.gradient.rule;
        step.expression = result;
        step.shown = shown;
        step.reason = reason;
        solution.steps.push_back(step);
        solution.result = result;
        solution.named_result = named_result;
        return solution;
    }
    if (edges.size() == 1) {
        // One step from a named value to the variable (y = σ(−2z), S3 = e^z3/Σ): the rule-by-rule
        // derivation, then the result in the names.
        const Edge& e = edges.front();
        if (!e.gradient.named.has(chain.node(path.front()).symbol)) return std::nullopt;
        solution = solve_derivative(f, variable_name, problem.variables, false);
        SolutionStep step;
        step.rule = e.gradient.form[0].empty()            ? "rewrite in terms of " + root_name
                    : e.gradient.rule == "softmax, i = m" ? "softmax form S_i(1 - S_i)"
                                                          : "softmax form -S_i S_m";
        step.expression = result;
        for (std::size_t i = 0; i < 3; ++i) {
            Notation n = notations[i];
            step.shown[i] = gradient_text(e.gradient, n);
            std::string name = print_name(root_name, n);
            std::string value = print(chain.node(path.front()).value, n);
            if (!e.gradient.form[i].empty()) {
                step.reason[i] = e.gradient.form[i];
            } else if (n == Notation::latex) {
                step.reason[i] = "in terms of " + math(name + " = " + value);
            } else {
                step.reason[i] = "in terms of " + name + " = " + value;
            }
        }
        solution.steps.push_back(std::move(step));
        solution.result = result;
        solution.named_result = e.gradient.named;
        return solution;
    }

    // Backpropagation: the chain rule along the path, then each local gradient, upstream
    // first; the first is named δ when it is a sum, as the notes name the error signal.
    auto add_step = [&](std::string rule, ex expression, Texts shown, Texts reason) {
        SolutionStep step;
        step.rule = std::move(rule);
        step.expression = std::move(expression);
        step.note = "";
        step.shown = std::move(shown);
        step.reason = std::move(reason);
        solution.steps.push_back(std::move(step));
    };
    std::vector<Factor> factors;
    for (const auto& e : edges)
        factors.push_back({Factor::pending, e.top, e.bottom, ex(), {}});
    Texts first;
    for (std::size_t i = 0; i < 3; ++i)
        first[i] = partial_text(root_name, variable_name, partial, notations[i]);
    // With respect to a part, d/da1 of f in the variables is 0: the line is its value.
    add_step("", of_variable ? ex(GiNaC::function(deriv_SERIAL::serial, f, x)) : result, first, {});
    auto line_value = [&](std::size_t known) {
        ex value = 1;
        for (std::size_t k = 0; k < edges.size(); ++k)
            value *= k < known ? edges[k].gradient.value : edges[k].pending;
        return value;
    };
    Texts chain_text, chain_reason;
    for (std::size_t i = 0; i < 3; ++i) {
        Notation n = notations[i];
        chain_text[i] = product_text(factors, partial, n);
        std::string route = print_name(root_name, n);
        for (const auto& e : edges)
            route += arrow(n) + print_name(e.bottom, n);
        chain_reason[i] = "chain rule: " + (n == Notation::latex ? math(route) : route);
    }
    add_step("chain rule", line_value(0), chain_text, chain_reason);

    bool delta = is_kind(edges.front().gradient.named, NodeKind::add);
    for (std::size_t k = 0; k < edges.size(); ++k) {
        const Edge& e = edges[k];
        bool named = delta && k == 0;
        factors[k] = named ? Factor{Factor::delta, "", "", ex(), {}}
                           : Factor{Factor::value, "", "", e.gradient.named, e.gradient.shown};
        Texts shown, reason;
        for (std::size_t i = 0; i < 3; ++i) {
            Notation n = notations[i];
            shown[i] = product_text(factors, partial, n);
            std::string what = partial_text(e.top, e.bottom, partial, n);
            if (named) what = delta_text(n) + " = " + what + " = " + gradient_text(e.gradient, n);
            if (n == Notation::latex) what = math(what);
            std::string rule = e.gradient.rule;
            if (!e.gradient.form[i].empty()) rule = e.gradient.form[i];
            reason[i] = what + ": " + rule;
        }
        add_step(e.gradient.rule, line_value(k + 1), shown, reason);
    }
    // −ln(S_k) through softmax: the notes' S_m − y_m, y the one-hot target.
    std::string cross_entropy_class;
    if (edges.size() == 2 && !edges[1].gradient.form[0].empty() &&
        edges[0].gradient.named.is_equal(-1 / chain.node(path[1]).symbol)) {
        const std::string& entry = edges[0].bottom;
        std::size_t digits = entry.find_last_not_of("0123456789");
        if (digits != std::string::npos && digits + 1 < entry.size())
            cross_entropy_class = entry.substr(digits + 1);
    }
    Texts last, last_reason;
    for (std::size_t i = 0; i < 3; ++i) {
        Notation n = notations[i];
        last[i] = written(named_result, n);
        if (delta) {
            std::string what = delta_text(n) + " = " + gradient_text(edges.front().gradient, n);
            last_reason[i] = "with " + (n == Notation::latex ? math(what) : what);
        } else if (!cross_entropy_class.empty()) {
            std::string rule = n == Notation::unicode ? "S_m − y_m" : "S_m - y_m";
            if (n == Notation::latex) rule = math(rule);
            last_reason[i] = rule + ", the target y one-hot on class " + cross_entropy_class;
        } else {
            last_reason[i] = "simplify";
        }
    }
    if (last[plain_at] != solution.steps.back().shown[plain_at])
        add_step("simplify", result, last, last_reason);
    solution.result = result;
    solution.named_result = named_result;
    return solution;
}

} // namespace chainrule
