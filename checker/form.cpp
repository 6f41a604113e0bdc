#include "checker/form.hpp"
#include "checker/canonical.hpp"
#include "expr/node_kind.hpp"

#include "expr/printer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"

#include <set>
#include <utility>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;
using Kind = Syntax::Kind;

namespace {

// The node's value with named values kept as names (S1 stays S1) and everything else as
// typed, multiplied and added by GiNaC: what "a term" and "a factor" mean to a reader.
ex opaque(const Syntax& node) {
    switch (node.kind) {
    case Kind::name: // a constant (e, π) has no variables in its value
        return has_symbol(node.value) ? ex(variable(node.text)) : node.value;
    case Kind::sum: {
        ex total = 0;
        for (std::size_t i = 0; i < node.children.size(); ++i)
            total += node.ops[i] == '-' ? -opaque(node.children[i]) : opaque(node.children[i]);
        return total;
    }
    case Kind::product: {
        ex total = 1;
        for (std::size_t i = 0; i < node.children.size(); ++i)
            total = node.ops[i] == '/' ? total / opaque(node.children[i])
                                       : total * opaque(node.children[i]);
        return total;
    }
    case Kind::negation:
        return -opaque(node.children.front());
    case Kind::power:
        return GiNaC::pow(opaque(node.children[0]), opaque(node.children[1]));
    default:
        return node.value;
    }
}

bool is_constant(const Syntax& node) {
    return !has_symbol(opaque(node));
}

const Syntax& without_minus(const Syntax& node) {
    return node.kind == Kind::negation ? without_minus(node.children.front()) : node;
}

bool is_number(const Syntax& node, int value) {
    return node.kind == Kind::number && node.value.is_equal(ex(value));
}

// The node written out with the structure it was typed with (3x + 2x stays so), in Unicode.
std::string typed(const Syntax& node) {
    auto grouped = [](const Syntax& child) {
        bool compound = child.kind == Kind::sum || child.kind == Kind::negation ||
                        child.kind == Kind::product || child.kind == Kind::power;
        return compound ? "(" + typed(child) + ")" : typed(child);
    };
    auto list = [](const std::vector<Syntax>& items) {
        std::string out;
        for (std::size_t i = 0; i < items.size(); ++i)
            out += (i ? ", " : "") + typed(items[i]);
        return out;
    };
    switch (node.kind) {
    case Kind::number:
        return print(node.value, Notation::unicode);
    case Kind::name:
        return print_name(node.text, Notation::unicode);
    case Kind::sum: {
        std::string out;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const Syntax& child = node.children[i];
            std::string text = child.kind == Kind::sum ? "(" + typed(child) + ")" : typed(child);
            if (i == 0)
                out = node.ops[i] == '-' ? "−" + text : text;
            else
                out += (node.ops[i] == '-' ? " − " : " + ") + text;
        }
        return out;
    }
    case Kind::product: {
        std::string out;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const Syntax& child = node.children[i];
            std::string text = child.kind == Kind::sum || child.kind == Kind::negation ||
                                       (node.ops[i] == '/' && child.kind == Kind::product)
                                   ? "(" + typed(child) + ")"
                                   : typed(child);
            out += (i == 0 ? "" : node.ops[i] == '/' ? "/" : "·") + text;
        }
        return out;
    }
    case Kind::negation:
        return "−" + grouped(node.children.front());
    case Kind::power:
        return grouped(node.children[0]) + "^" + grouped(node.children[1]);
    case Kind::call:
        return print_name(node.text, Notation::unicode) + "(" + list(node.children) + ")";
    case Kind::derivative:
        if (node.text == "diff") return "diff(" + list(node.children) + ")";
        return "d/d" + print_name(node.text, Notation::unicode) + "(" +
               typed(node.children.front()) + ")";
    case Kind::vector:
        return "[" + list(node.children) + "]";
    case Kind::other:
        return print(node.value, Notation::unicode);
    }
    return print(node.value, Notation::unicode);
}

std::string quoted(const ex& e) {
    return "«" + print(e, Notation::unicode) + "»";
}
std::string quoted(const Syntax& node) {
    return "«" + typed(node) + "»";
}

// The exponent of a power as a positive integer ≥ 2, or 0.
long integer_exponent(const Syntax& power) {
    ex e = opaque(power.children[1]);
    if (!is_kind(e, NodeKind::numeric)) return 0;
    const numeric& n = ex_to<numeric>(e);
    if (!n.is_pos_integer() || n < 2) return 0;
    return n.to_long();
}

// --- expanded ---

bool is_open_sum(const Syntax& node) {
    const Syntax& inner = without_minus(node);
    return inner.kind == Kind::sum && !is_constant(inner);
}

std::optional<std::string> not_expanded(const Syntax& node) {
    switch (node.kind) {
    case Kind::sum:
        for (const auto& child : node.children)
            if (auto found = not_expanded(child)) return found;
        return std::nullopt;
    case Kind::negation:
        if (is_open_sum(node.children.front()))
            return quoted(node) + " is the negative of a sum: multiply the minus sign out";
        return not_expanded(node.children.front());
    case Kind::product: {
        std::size_t multiplied = 0;
        for (char op : node.ops)
            multiplied += op == '*';
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            if (node.ops[i] != '*') continue;
            if (multiplied >= 2 && is_open_sum(node.children[i]))
                return quoted(node) + " is a product with the sum " + quoted(node.children[i]) +
                       " left to multiply out";
            if (auto found = not_expanded(node.children[i])) return found;
        }
        return std::nullopt;
    }
    case Kind::power: {
        const Syntax& base = without_minus(node.children[0]);
        if (integer_exponent(node) > 0 && !is_constant(base) &&
            (base.kind == Kind::sum || base.kind == Kind::product))
            return quoted(node) + " is a power of a " +
                   (base.kind == Kind::sum ? "sum" : "product") + " left to multiply out";
        return std::nullopt;
    }
    default:
        return std::nullopt;
    }
}

// --- factored ---

// What factor() makes of a sum when it can take something out of it; nothing when it cannot.
std::optional<std::string> factored_further(const ex& sum) {
    try {
        GiNaC::exmap replaced;
        ex polynomial = sum.to_polynomial(replaced);
        // factor() expands first and then works on the degree: (x+1)^3000 (x+2)^3000 + x or
        // (x+1)^1998 + x would take it minutes. An answer that large is not judged on its form.
        if (!cheap_to_expand(polynomial)) return std::nullopt;
        constexpr int max_degree = 32;
        std::set<ex, GiNaC::ex_is_less> symbols;
        collect_symbols(polynomial, symbols);
        for (const auto& s : symbols)
            if (polynomial.degree(s) > max_degree) return std::nullopt;
        ex factored = GiNaC::factor(polynomial);
        bool further = false;
        if (is_kind(factored, NodeKind::mul)) {
            std::size_t non_constant = 0;
            for (std::size_t i = 0; i < factored.nops(); ++i) {
                const ex& f = factored.op(i);
                if (is_kind(f, NodeKind::numeric)) {
                    const numeric& n = ex_to<numeric>(f);
                    further = further || (n.is_integer() && n != 1 && n != -1);
                } else {
                    ++non_constant;
                }
            }
            further = further || non_constant >= 2;
        } else if (is_kind(factored, NodeKind::power)) {
            further = is_kind(factored.op(1), NodeKind::numeric) &&
                      ex_to<numeric>(factored.op(1)).is_integer();
        }
        if (further) return quoted(factored.subs(replaced));
        // factor() leaves a common whole number in place (6x + 6): take it out here.
        numeric content = polynomial.integer_content();
        if (content.is_integer() && content > 1) {
            ex rest = (polynomial / content).expand().subs(replaced);
            return "«" + print(content, Notation::unicode) + "(" + print(rest, Notation::unicode) +
                   ")»";
        }
        return std::nullopt;
    } catch (const std::exception&) {
        return std::nullopt; // factor() cannot take it: nothing to say
    }
}

std::optional<std::string> not_factored(const Syntax& node_in) {
    const Syntax& node = without_minus(node_in);
    switch (node.kind) {
    case Kind::sum: {
        if (is_constant(node)) return std::nullopt;
        ex value = opaque(node);
        if (auto further = factored_further(value))
            return quoted(node) + " can be factored further: " + *further;
        return std::nullopt;
    }
    case Kind::product:
        for (const auto& child : node.children)
            if (auto found = not_factored(child)) return found;
        return std::nullopt;
    case Kind::power:
        return not_factored(node.children[0]);
    default:
        return std::nullopt;
    }
}

// --- simplified ---

// The terms of a sum with their signs, through nested sums and minus signs.
void flatten_sum(const Syntax& node, bool negative,
                 std::vector<std::pair<ex, const Syntax*>>& out) {
    if (node.kind == Kind::sum) {
        for (std::size_t i = 0; i < node.children.size(); ++i)
            flatten_sum(node.children[i], negative != (node.ops[i] == '-'), out);
    } else if (node.kind == Kind::negation) {
        flatten_sum(node.children.front(), !negative, out);
    } else {
        out.push_back({negative ? -opaque(node) : opaque(node), &node});
    }
}

// A term without its number factor: 3x and −2x are both x; a number is 1.
ex without_coefficient(const ex& term) {
    if (is_kind(term, NodeKind::numeric)) return 1;
    if (!is_kind(term, NodeKind::mul)) return term;
    ex rest = 1;
    for (std::size_t i = 0; i < term.nops(); ++i)
        if (!is_kind(term.op(i), NodeKind::numeric)) rest *= term.op(i);
    return rest;
}

std::optional<std::string> not_simplified(const Syntax& node) {
    switch (node.kind) {
    case Kind::derivative:
        return quoted(node) + " is a derivative left unevaluated";
    case Kind::sum: {
        std::vector<std::pair<ex, const Syntax*>> terms;
        flatten_sum(node, false, terms);
        for (const auto& [term, syntax] : terms)
            if (is_number(without_minus(*syntax), 0)) return quoted(node) + " has a term 0";
        for (std::size_t i = 0; i < terms.size(); ++i)
            for (std::size_t j = i + 1; j < terms.size(); ++j)
                if (without_coefficient(terms[i].first)
                        .is_equal(without_coefficient(terms[j].first)))
                    return quoted(*terms[i].second) + " and " + quoted(*terms[j].second) +
                           " are like terms: collect them";
        break;
    }
    case Kind::negation:
        if (node.children.front().kind == Kind::negation)
            return quoted(node) + " has two minus signs";
        break;
    case Kind::product: {
        std::size_t numbers = 0;
        for (std::size_t i = 0; i < node.children.size(); ++i) {
            const Syntax& child = node.children[i];
            if (is_number(child, 1)) return quoted(node) + " has a factor 1";
            if (is_number(child, 0)) return quoted(node) + " has a factor 0";
            if (node.ops[i] == '*' && child.kind == Kind::number) ++numbers;
        }
        if (numbers >= 2) return quoted(node) + " has numbers left to multiply";
        for (std::size_t i = 0; i < node.children.size(); ++i)
            for (std::size_t j = i + 1; j < node.children.size(); ++j)
                if (node.ops[i] == '*' && node.ops[j] == '*' && !is_constant(node.children[i]) &&
                    opaque(node.children[i]).is_equal(opaque(node.children[j])))
                    return quoted(node) + " has the factor " + quoted(node.children[i]) +
                           " twice: write it as a power";
        break;
    }
    case Kind::power:
        if (is_number(node.children[1], 1))
            return quoted(node) + " is a power with exponent 1: write " + quoted(node.children[0]);
        if (is_number(node.children[1], 0))
            return quoted(node) + " is a power with exponent 0: write 1";
        break;
    default:
        break;
    }
    for (const auto& child : node.children)
        if (auto found = not_simplified(child)) return found;
    return std::nullopt;
}

std::optional<std::string> violation(const Syntax& node, AnswerForm form) {
    switch (form) {
    case AnswerForm::none:
        return std::nullopt;
    case AnswerForm::simplified:
        return not_simplified(node);
    case AnswerForm::expanded:
        return not_expanded(node);
    case AnswerForm::factored:
        return not_factored(node);
    }
    return std::nullopt;
}

// The first entry of a vector or matrix (rows are vectors) not in the form, with its number.
std::optional<std::string> first_violation(const Syntax& node, AnswerForm form,
                                           const std::string& label) {
    if (node.kind != Kind::vector) {
        auto found = violation(node, form);
        if (found && !label.empty()) return "entry " + label + ": " + *found;
        return found;
    }
    for (std::size_t i = 0; i < node.children.size(); ++i) {
        std::string entry = label.empty()
                                ? "[" + std::to_string(i + 1)
                                : label.substr(0, label.size() - 1) + "," + std::to_string(i + 1);
        if (auto found = first_violation(node.children[i], form, entry + "]")) return found;
    }
    return std::nullopt;
}

} // namespace

const char* to_string(AnswerForm form) {
    switch (form) {
    case AnswerForm::none:
        return "";
    case AnswerForm::simplified:
        return "simplified";
    case AnswerForm::expanded:
        return "expanded";
    case AnswerForm::factored:
        return "factored";
    }
    return "";
}

bool parse_answer_form(const std::string& text, AnswerForm& out) {
    for (AnswerForm form : {AnswerForm::simplified, AnswerForm::expanded, AnswerForm::factored})
        if (text == to_string(form)) {
            out = form;
            return true;
        }
    return false;
}

const std::vector<std::string>& answer_form_names() {
    static const std::vector<std::string> names = {"simplified", "expanded", "factored"};
    return names;
}

FormVerdict check_form(const Syntax& answer, AnswerForm form) {
    FormVerdict verdict;
    verdict.required = form;
    if (auto found = first_violation(answer, form, "")) {
        verdict.satisfied = false;
        verdict.reason = *found;
    }
    return verdict;
}

std::string form_message(const FormVerdict& verdict) {
    std::string message =
        "equivalent, but the answer must be " + std::string(to_string(verdict.required));
    if (!verdict.reason.empty()) message += ": " + verdict.reason;
    return message;
}

} // namespace chainrule
