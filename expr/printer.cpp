// Over 600 lines, one job: printing an expression, in plain text, Unicode and LaTeX, which
// share the order of terms and factors and the signs' placement (deterministic bytes);
// one file per notation would split that shared order three ways.
#include "expr/printer.hpp"

#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/structure.hpp"
#include "expr/utf8.hpp"
#include "expr/written_decimal.hpp"

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>
#include <unordered_map>
#include <vector>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

std::string integer_text(const numeric& v) {
    // Small integers without a stream: printing them is most of what a diagnosis's messages
    // cost.
    static const numeric small(1000000000L);
    if (v.is_integer() && v < small && v > -small) return std::to_string(v.to_long());
    std::ostringstream out;
    out << v;
    return out.str();
}

bool is_negative_number(const ex& e);

enum Precedence { sum_level = 0, product_level = 1, power_level = 3, atom_level = 4 };

const std::map<std::string, std::string>& greek_unicode() {
    static const std::map<std::string, std::string> letters = {
        {"alpha", "α"},  {"beta", "β"},    {"gamma", "γ"}, {"delta", "δ"}, {"epsilon", "ε"},
        {"zeta", "ζ"},   {"eta", "η"},     {"theta", "θ"}, {"iota", "ι"},  {"kappa", "κ"},
        {"lambda", "λ"}, {"mu", "μ"},      {"nu", "ν"},    {"xi", "ξ"},    {"rho", "ρ"},
        {"tau", "τ"},    {"upsilon", "υ"}, {"phi", "φ"},   {"chi", "χ"},   {"psi", "ψ"},
        {"omega", "ω"},
    };
    return letters;
}

std::string superscript(const std::string& digits) {
    static const char* table[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out;
    for (char c : digits)
        out += c == '-' ? "⁻" : table[c - '0'];
    return out;
}

bool is_negative_number(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_real() &&
           ex_to<numeric>(e).is_negative();
}

// base^exponent as written, not evaluated: GiNaC would make the base lead with a positive term
// in its own order again, (1 − x)³ → −(x − 1)³, undoing what the printers chose.
ex power_as_written(const ex& base, const ex& exponent) {
    if (exponent.is_equal(1)) return base;
    return GiNaC::dynallocate<GiNaC::power>(base, exponent).setflag(GiNaC::status_flags::evaluated);
}

bool is_odd_integer(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_odd();
}

bool is_integer_number(const ex& e) {
    return is_kind(e, NodeKind::numeric) && ex_to<numeric>(e).is_integer();
}

// The plain text of each subexpression, and the sign each is written with, worked out once
// per top-level print: sums and products sort their terms by the text, at every level of
// nesting. The expressions are kept so that no address is reused by another subexpression
// while the cache lives.
struct PlainTexts {
    std::unordered_map<const GiNaC::basic*, std::string> text;
    std::unordered_map<const GiNaC::basic*, bool> leads_negative;
    std::unordered_map<const GiNaC::basic*, std::string> magnitude;
    std::vector<ex> kept;
};

class Printer {
  public:
    Printer(Notation notation, PlainTexts* plain) : n_(notation), plain_(plain) {}

    std::string print(const ex& e, int parent = sum_level) {
        int own = precedence(e);
        std::string body = body_of(e);
        return own < parent ? open() + body + close() : body;
    }

  private:
    std::string plain_key(const ex& e) {
        const GiNaC::basic* node = &ex_to<GiNaC::basic>(e);
        auto found = plain_->text.find(node);
        if (found != plain_->text.end()) return found->second;
        std::string text = Printer(Notation::plain, plain_).print(e);
        plain_->kept.push_back(e);
        plain_->text.emplace(node, text);
        return text;
    }

    std::string open() const { return n_ == Notation::latex ? "\\left(" : "("; }
    std::string close() const { return n_ == Notation::latex ? "\\right)" : ")"; }
    std::string minus() const { return n_ == Notation::unicode ? "−" : "-"; }

    int precedence(const ex& e) {
        if (is_kind(e, NodeKind::add)) return sum_level;
        if (is_kind(e, NodeKind::mul)) return written_negative(e) ? sum_level : product_level;
        if (is_kind(e, NodeKind::numeric)) {
            const numeric& v = ex_to<numeric>(e);
            if (v.is_negative()) return sum_level;
            if (!v.is_integer()) return product_level;
            return atom_level;
        }
        if (is_kind(e, NodeKind::power)) {
            // Only a power that power() writes with a minus in front binds like a sum: not
            // (x − t)³, which it keeps as written when turning it would still leave a minus.
            if (written_negative(e) && !has_negative_term(-e.op(0))) return sum_level;
            const ex& exponent = e.op(1);
            if (is_negative_number(exponent)) return product_level; // written as 1/...
            if (exponent.is_equal(GiNaC::numeric(1, 2))) return atom_level;
            return power_level;
        }
        if (is_call(e, GiNaC::exp_SERIAL::serial) && n_ != Notation::plain) return power_level;
        return atom_level;
    }

    std::string body_of(const ex& e) {
        if (is_kind(e, NodeKind::numeric)) return number(ex_to<numeric>(e));
        if (is_kind(e, NodeKind::symbol)) return print_name(ex_to<GiNaC::symbol>(e).get_name(), n_);
        if (is_kind(e, NodeKind::constant)) {
            if (e.is_equal(GiNaC::Pi))
                return n_ == Notation::plain ? "pi" : n_ == Notation::unicode ? "π" : "\\pi";
            std::ostringstream out;
            out << e;
            return out.str();
        }
        if (is_kind(e, NodeKind::add)) return sum(e);
        if (is_kind(e, NodeKind::mul)) return product(e);
        if (is_kind(e, NodeKind::power)) return power(e);
        if (is_kind(e, NodeKind::function)) return function(e);
        std::ostringstream out;
        out << e;
        return out.str();
    }

    // A non-negative integer. In plain text one that the parser would refuse as too long (more
    // than 100 digits: 2^400·x^400 differentiated) is written in Horner form with 90-digit
    // pieces, ((a*10^90 + b)*10^90 + c), which parses back to the same number.
    std::string integer(const numeric& v) {
        std::string digits = integer_text(v);
        constexpr std::size_t piece = 90;
        if (n_ != Notation::plain || digits.size() <= 100) return digits;
        std::size_t first = digits.size() % piece == 0 ? piece : digits.size() % piece;
        std::string out = digits.substr(0, first);
        for (std::size_t at = first; at < digits.size(); at += piece)
            out = "(" + out + "*10^90 + " + digits.substr(at, piece) + ")";
        return out;
    }

    std::string number(const numeric& v) {
        if (v.is_negative()) return minus() + number(-v);
        if (v.is_integer()) return integer(v);
        if (v.is_rational()) {
            if (n_ == Notation::latex)
                return "\\frac{" + integer_text(v.numer()) + "}{" + integer_text(v.denom()) + "}";
            return integer(v.numer()) + "/" + integer(v.denom());
        }
        std::ostringstream out;
        out << v;
        return out.str();
    }

    std::string sum(const ex& e) {
        struct Term {
            double degree;
            std::string key; // the plain text of the magnitude
            bool negative;
            ex magnitude;
        };
        std::vector<Term> terms;
        terms.reserve(e.nops());
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& term = e.op(i);
            bool negative = written_negative(term);
            terms.push_back(
                {term_degree(term), magnitude_key(term), negative, negative ? ex(-term) : term});
        }
        // By degree, then alphabetically.
        std::sort(terms.begin(), terms.end(), [](const Term& a, const Term& b) {
            if (a.degree != b.degree) return a.degree > b.degree;
            return a.key < b.key;
        });
        // No leading minus when a positive term can lead: 1 − tanh(z)², x − a.
        auto first_positive =
            std::find_if(terms.begin(), terms.end(), [](const Term& t) { return !t.negative; });
        if (first_positive != terms.end())
            std::rotate(terms.begin(), first_positive, first_positive + 1);
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const Term& term = terms[i];
            // In plain text the sort key is the term's text already.
            std::string text = n_ == Notation::plain ? (precedence(term.magnitude) < sum_level + 1
                                                            ? open() + term.key + close()
                                                            : term.key)
                                                     : print(term.magnitude, sum_level + 1);
            if (i == 0)
                out += (term.negative ? minus() : "") + text;
            else
                out += (term.negative ? " " + minus() + " " : std::string(" + ")) + text;
        }
        return out;
    }

    // --- the signs sums are written with ---
    //
    // One value can reach the printers as σ(u)(σ(u) − 1)(a − b) in one run and as
    // σ(u)(1 − σ(u))(b − a) in another: which form a computation ends with follows GiNaC's
    // internal order of terms, and that depends on memory addresses. So the printers decide
    // the signs themselves: a sum that is a factor of a product, or a base raised to an
    // integer power, is written with its leading term (in the printers' order: degree, then
    // text) positive, and the sign this takes out goes to the front of the product, where
    // product() places it. The same value is written the same way whatever form GiNaC chose.

    // Whether the leading term of a sum, in the printers' order, is written with a minus.
    bool leads_negative(const ex& sum) {
        const GiNaC::basic* node = &ex_to<GiNaC::basic>(sum);
        auto found = plain_->leads_negative.find(node);
        if (found != plain_->leads_negative.end()) return found->second;
        std::size_t best = 0;
        double best_degree = 0;
        std::string best_key;
        for (std::size_t i = 0; i < sum.nops(); ++i) {
            double degree = term_degree(sum.op(i));
            std::string key = magnitude_key(sum.op(i));
            if (i == 0 || degree > best_degree || (degree == best_degree && key < best_key)) {
                best = i;
                best_degree = degree;
                best_key = std::move(key);
            }
        }
        bool negative = written_negative(sum.op(best));
        plain_->kept.push_back(sum);
        plain_->leads_negative.emplace(node, negative);
        return negative;
    }

    // A sum raised to an integer power whose sum is to be turned around: (b − a)² for (a − b)².
    bool turned_power(const ex& e) {
        return is_kind(e, NodeKind::power) && is_kind(e.op(0), NodeKind::add) &&
               is_integer_number(e.op(1)) && leads_negative(e.op(0));
    }

    bool turned_sum(const ex& e) { return is_kind(e, NodeKind::add) && leads_negative(e); }

    // Whether e, as a term of a sum, is written with a minus sign in front of it.
    bool written_negative(const ex& e) {
        if (is_kind(e, NodeKind::numeric)) return is_negative_number(e);
        if (is_kind(e, NodeKind::power)) return turned_power(e) && is_odd_integer(e.op(1));
        if (!is_kind(e, NodeKind::mul)) return false;
        bool negative = coefficient_of(e).is_negative();
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& factor = e.op(i);
            if (turned_sum(factor) || (turned_power(factor) && is_odd_integer(factor.op(1))))
                negative = !negative;
        }
        return negative;
    }

    // The plain text of a term written without its sign, worked out once per term.
    std::string magnitude_key(const ex& term) {
        if (!written_negative(term)) return plain_key(term);
        const GiNaC::basic* node = &ex_to<GiNaC::basic>(term);
        auto found = plain_->magnitude.find(node);
        if (found != plain_->magnitude.end()) return found->second;
        std::string text = plain_key(-term);
        plain_->kept.push_back(term);
        plain_->magnitude.emplace(node, text);
        return text;
    }

    bool has_negative_term(const ex& sum) {
        for (std::size_t i = 0; i < sum.nops(); ++i)
            if (written_negative(sum.op(i))) return true;
        return false;
    }

    static bool has_number_term(const ex& sum) {
        for (std::size_t i = 0; i < sum.nops(); ++i)
            if (is_kind(sum.op(i), NodeKind::numeric)) return true;
        return false;
    }

    // Factors sorted: numbers, then powers of variables, then functions, then sums.
    static int factor_rank(const ex& e) {
        if (is_kind(e, NodeKind::numeric)) return 0;
        ex base = is_kind(e, NodeKind::power) ? e.op(0) : e;
        if (is_kind(base, NodeKind::symbol) || is_kind(base, NodeKind::constant)) return 1;
        if (is_kind(base, NodeKind::function)) return 2;
        return 3;
    }

    struct Factor {
        int rank;
        std::string key; // the plain text
        ex factor;
    };

    std::string join_factors(const std::vector<ex>& unsorted) {
        // Each factor's rank and text worked out once, not at every comparison.
        std::vector<Factor> factors;
        factors.reserve(unsorted.size());
        for (const auto& f : unsorted)
            factors.push_back({factor_rank(f), plain_key(f), f});
        std::sort(factors.begin(), factors.end(), [](const Factor& a, const Factor& b) {
            if (a.rank != b.rank) return a.rank < b.rank;
            return a.key < b.key;
        });
        std::string out;
        std::string previous;
        for (const auto& [rank, key, factor] : factors) {
            std::string text =
                n_ == Notation::plain
                    ? (precedence(factor) < product_level + 1 ? open() + key + close() : key)
                    : print(factor, product_level + 1);
            if (!out.empty()) out += separator(previous, text, factor);
            out += text;
            previous = text;
        }
        return out;
    }

    std::string separator(const std::string& before, const std::string& after, const ex& next) {
        if (n_ == Notation::plain) return "*";
        auto last = static_cast<unsigned char>(before.back());
        auto first = static_cast<unsigned char>(after.front());
        bool digit_next = std::isdigit(first);
        if (n_ == Notation::latex) return digit_next ? " \\cdot " : " ";
        if (digit_next) return "·";
        // A number, or a decimal as written (0.5w1, 0.03(z ≤ 0)).
        bool before_is_number = std::all_of(before.begin(), before.end(), [](unsigned char c) {
            return std::isdigit(c) || c == '.';
        });
        if (before_is_number || last == ')' || first == '(') return "";
        // Single-letter variables run together as the notes write them (9x²z, 2yz); longer
        // names get a dot so that z1·z2 cannot be misread.
        ex base = is_kind(next, NodeKind::power) ? next.op(0) : next;
        bool short_name =
            is_kind(base, NodeKind::symbol) &&
            decode_utf8(print_name(ex_to<GiNaC::symbol>(base).get_name(), n_)).size() == 1;
        bool before_short = decode_utf8(before).size() == 1 || (last >= 0x80 && before.size() <= 6);
        return short_name && before_short ? "" : "·";
    }

    std::string product(const ex& e) {
        numeric coefficient = coefficient_of(e);
        bool negative = coefficient.is_negative();
        if (negative) coefficient = -coefficient;
        // Sums turned to lead with a positive term (see leads_negative), their signs taken out.
        std::vector<ex> factors;
        bool merged = false;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& factor = e.op(i);
            if (is_kind(factor, NodeKind::numeric)) continue;
            // A number times a decimal as written is written as their product when that is
            // whole or a decimal that ends: 2·0.5y as y, 4·0.5 as 2, 48·0.044715 as 2.14632,
            // 3·0.03 as 0.09 (the exact value, never rounded). 0.03/7 stays as it is.
            if (!merged && !coefficient.is_equal(1) && is_written_decimal(factor)) {
                numeric product = coefficient * ex_to<numeric>(exact_decimals(factor));
                if (product.is_integer()) {
                    coefficient = product;
                    merged = true;
                    continue;
                }
                ex decimal = written_decimal(product);
                if (is_written_decimal(decimal)) {
                    factors.push_back(decimal);
                    coefficient = 1;
                    merged = true;
                    continue;
                }
            }
            if (turned_sum(factor)) {
                factors.push_back(-factor);
                negative = !negative;
            } else if (turned_power(factor)) {
                factors.push_back(power_as_written(-factor.op(0), factor.op(1)));
                if (is_odd_integer(factor.op(1))) negative = !negative;
            } else {
                factors.push_back(factor);
            }
        }
        return product_text(coefficient, negative, factors);
    }

    // The product of a positive number and factors, with a minus sign when negative.
    std::string product_text(const numeric& coefficient, bool negative,
                             const std::vector<ex>& factors) {
        // −σ(z)(σ(z) − 1) reads better as σ(z)(1 − σ(z)), and −1/(x − 1) as 1/(1 − x): the
        // sign goes into a sum factor (or a sum raised to an odd power) with a minus in it,
        // preferably one with a number (1 − σ(z)), then the first by text.
        std::size_t flip = factors.size();
        if (negative) {
            std::string best;
            bool best_has_number = false;
            for (std::size_t i = 0; i < factors.size(); ++i) {
                bool odd_power = is_kind(factors[i], NodeKind::power) &&
                                 is_kind(factors[i].op(0), NodeKind::add) &&
                                 is_odd_integer(factors[i].op(1));
                const ex& sum = odd_power ? factors[i].op(0) : factors[i];
                if (!is_kind(sum, NodeKind::add) || !has_negative_term(sum)) continue;
                bool number = has_number_term(sum);
                std::string text = plain_key(sum);
                if (flip == factors.size() || (number && !best_has_number) ||
                    (number == best_has_number && text < best)) {
                    flip = i;
                    best = std::move(text);
                    best_has_number = number;
                }
            }
        }
        std::vector<ex> numerator, denominator;
        for (std::size_t i = 0; i < factors.size(); ++i) {
            ex factor = factors[i];
            if (i == flip)
                factor = is_kind(factor, NodeKind::power)
                             ? power_as_written(-factor.op(0), factor.op(1))
                             : ex(-factor);
            if (is_kind(factor, NodeKind::power) && is_negative_number(factor.op(1)))
                denominator.push_back(power_as_written(factor.op(0), -factor.op(1)));
            else
                numerator.push_back(factor);
        }
        if (!coefficient.numer().is_equal(1) || numerator.empty())
            numerator.insert(numerator.begin(), coefficient.numer());
        if (!coefficient.denom().is_equal(1))
            denominator.insert(denominator.begin(), coefficient.denom());
        std::string top = join_factors(numerator);
        std::string sign = negative && flip == factors.size() ? minus() : "";
        if (denominator.empty()) return sign + top;
        return sign + fraction(top, denominator);
    }

    std::string fraction(const std::string& top, const std::vector<ex>& denominator) {
        if (n_ == Notation::latex) {
            std::string bottom = denominator.size() == 1
                                     ? print(denominator.front())
                                     : Printer(n_, plain_).join_factors(denominator);
            return "\\frac{" + top + "}{" + bottom + "}";
        }
        std::string top_text = top;
        std::string bottom;
        if (denominator.size() == 1)
            bottom = print(denominator.front(), power_level);
        else
            bottom = open() + join_factors(denominator) + close();
        // The letter d over a name starting with d would read back as the operator d/dx:
        // d/(dx) reads as the quotient it is.
        bool letter_d =
            !top_text.empty() && top_text.back() == 'd' &&
            (top_text.size() == 1 ||
             !(std::isalnum(static_cast<unsigned char>(top_text[top_text.size() - 2])) ||
               top_text[top_text.size() - 2] == '_'));
        if (letter_d && !bottom.empty() && bottom.front() == 'd')
            bottom = open() + bottom + close();
        return top_text + "/" + bottom;
    }

    std::string power(const ex& e) {
        const ex& base = e.op(0);
        const ex& exponent = e.op(1);
        if (turned_power(e)) {
            // Written as product() writes it: (x − 1)² for (1 − x)²; for an odd power the sign
            // taken out goes back into the sum when it has a minus to take it: 1/(1 − x) as it
            // is, but −(x + 1)³ for (−x − 1)³.
            ex turned = power_as_written(-base, exponent);
            if (!is_odd_integer(exponent)) return print(turned, power_level);
            if (!has_negative_term(turned.op(0))) return minus() + print(turned, product_level);
        }
        if (is_negative_number(exponent)) {
            return fraction("1", {power_as_written(base, -exponent)});
        }
        if (exponent.is_equal(numeric(1, 2))) return root(base);
        std::string base_text = print(base, atom_level);
        if (is_kind(exponent, NodeKind::numeric) && ex_to<numeric>(exponent).is_integer() &&
            (n_ != Notation::plain || integer_text(ex_to<numeric>(exponent)).size() <= 100)) {
            std::string digits = integer_text(ex_to<numeric>(exponent));
            if (n_ == Notation::unicode) return base_text + superscript(digits);
            if (n_ == Notation::latex) return base_text + "^{" + digits + "}";
            return base_text + "^" + digits;
        }
        if (n_ == Notation::latex) return base_text + "^{" + print(exponent) + "}";
        return base_text + "^" + print(exponent, atom_level);
    }

    std::string root(const ex& radicand) {
        if (n_ == Notation::latex) return "\\sqrt{" + print(radicand) + "}";
        if (n_ == Notation::unicode) return "√" + print(radicand, atom_level);
        return "sqrt(" + print(radicand) + ")";
    }

    std::string call(const std::string& name, const std::vector<ex>& args) {
        std::string out = name + open();
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (i) out += ", ";
            out += print(args[i]);
        }
        return out + close();
    }

    std::string comparison(const ex& a, const ex& b, bool strict) {
        // (0 ≥ z) reads better as (z ≤ 0).
        bool flip = is_kind(a, NodeKind::numeric) && !is_kind(b, NodeKind::numeric);
        const ex& left = flip ? b : a;
        const ex& right = flip ? a : b;
        std::string op;
        if (n_ == Notation::plain)
            op = strict ? (flip ? " < " : " > ") : (flip ? " <= " : " >= ");
        else if (n_ == Notation::unicode)
            op = strict ? (flip ? " < " : " > ") : (flip ? " ≤ " : " ≥ ");
        else
            op = strict ? (flip ? " < " : " > ") : (flip ? " \\leq " : " \\geq ");
        std::string body = print(left) + op + print(right);
        if (n_ == Notation::latex) return "\\mathbb{1}\\left(" + body + "\\right)";
        return "(" + body + ")";
    }

    void flatten(const ex& e, unsigned serial, std::vector<ex>& out) {
        if (is_kind(e, NodeKind::function) && ex_to<GiNaC::function>(e).get_serial() == serial) {
            flatten(e.op(0), serial, out);
            flatten(e.op(1), serial, out);
        } else {
            out.push_back(e);
        }
    }

    std::string function(const ex& e) {
        const auto& f = ex_to<GiNaC::function>(e);
        std::vector<ex> args;
        for (std::size_t i = 0; i < e.nops(); ++i)
            args.push_back(e.op(i));
        bool latex = n_ == Notation::latex;
        bool unicode = n_ == Notation::unicode;
        if (is_call(e, GiNaC::exp_SERIAL::serial)) {
            if (args[0].is_equal(1)) return "e";
            if (latex) return "e^{" + print(args[0]) + "}";
            if (unicode) return "e^" + print(args[0], atom_level);
            return call("exp", args);
        }
        if (is_call(e, GiNaC::log_SERIAL::serial))
            return call(latex ? "\\ln" : unicode ? "ln" : "log", args);
        if (is_call(e, GiNaC::abs_SERIAL::serial)) {
            if (latex) return "\\left|" + print(args[0]) + "\\right|";
            if (unicode) return "|" + print(args[0]) + "|";
            return call("abs", args);
        }
        if (is_call(e, sigmoid_SERIAL::serial))
            return call(latex ? "\\sigma" : unicode ? "σ" : "sigmoid", args);
        if (is_call(e, relu_SERIAL::serial))
            return call(latex ? "\\operatorname{ReLU}" : unicode ? "ReLU" : "relu", args);
        if (is_call(e, leaky_relu_SERIAL::serial))
            return call(latex     ? "\\operatorname{LeakyReLU}"
                        : unicode ? "LeakyReLU"
                                  : "leaky_relu",
                        args);
        if (is_call(e, elu_SERIAL::serial))
            return call(latex ? "\\operatorname{ELU}" : unicode ? "ELU" : "elu", args);
        if (is_call(e, maximum_SERIAL::serial) || is_call(e, minimum_SERIAL::serial)) {
            std::vector<ex> flat;
            flatten(e, f.get_serial(), flat);
            bool is_max = is_call(e, maximum_SERIAL::serial);
            return call(latex ? (is_max ? "\\max" : "\\min") : (is_max ? "max" : "min"), flat);
        }
        if (is_call(e, ind_gt_SERIAL::serial)) return comparison(args[0], args[1], true);
        if (is_call(e, ind_ge_SERIAL::serial)) return comparison(args[0], args[1], false);
        if (is_call(e, deriv_SERIAL::serial)) {
            std::string x = print(args[1]);
            if (latex) return "\\frac{d}{d" + x + "}\\left(" + print(args[0]) + "\\right)";
            return "d/d" + x + "(" + print(args[0]) + ")";
        }
        std::string name = f.get_name();
        if (latex) {
            static const char* known[] = {"sin",  "cos", "tan", "sinh", "cosh",
                                          "tanh", "cot", "sec", "csc",  "coth"};
            bool is_known = std::find(std::begin(known), std::end(known), name) != std::end(known);
            if (name == "asin" || name == "acos" || name == "atan")
                return call("\\arc" + name.substr(1), args);
            return call(is_known ? "\\" + name : "\\operatorname{" + name + "}", args);
        }
        return call(name, args);
    }

    Notation n_;
    PlainTexts* plain_ = nullptr;
};

} // namespace

double term_degree(const ex& e) {
    if (is_kind(e, NodeKind::symbol)) return 1;
    if (is_kind(e, NodeKind::power)) {
        if (is_kind(e.op(1), NodeKind::numeric) && ex_to<numeric>(e.op(1)).is_real())
            return term_degree(e.op(0)) * ex_to<numeric>(e.op(1)).to_double();
        return 1;
    }
    if (is_kind(e, NodeKind::mul)) {
        double total = 0;
        for (std::size_t i = 0; i < e.nops(); ++i)
            total += term_degree(e.op(i));
        return total;
    }
    if (is_kind(e, NodeKind::add)) {
        double best = 0;
        for (std::size_t i = 0; i < e.nops(); ++i)
            best = std::max(best, term_degree(e.op(i)));
        return best;
    }
    if (is_kind(e, NodeKind::numeric) || is_kind(e, NodeKind::constant)) return 0;
    return 0.5; // a function of the variables: after powers, before constants
}

std::string print_name(const std::string& name, Notation notation) {
    if (notation == Notation::plain) return name;
    auto greek = greek_unicode().find(name);
    if (notation == Notation::unicode) return greek != greek_unicode().end() ? greek->second : name;
    if (greek != greek_unicode().end()) return "\\" + name;
    // z1 → z_{1}, w_12 → w_{12}
    std::size_t split = name.find('_');
    if (split != std::string::npos && split + 1 < name.size())
        return name.substr(0, split) + "_{" + name.substr(split + 1) + "}";
    std::size_t digits = name.find_first_of("0123456789");
    if (digits != std::string::npos && digits > 0)
        return name.substr(0, digits) + "_{" + name.substr(digits) + "}";
    return name;
}

std::string print(const ex& e, Notation notation) {
    PlainTexts plain;
    if (int places = DecimalsShown::places(); places > 0)
        return Printer(notation, &plain).print(as_written_decimals(e, places));
    return Printer(notation, &plain).print(e);
}

std::string print(const ExprValue& value, Notation notation) {
    if (value.is_scalar()) return print(value.scalar(), notation);
    if (notation == Notation::latex) {
        std::string out = "\\begin{bmatrix}";
        for (std::size_t r = 0; r < value.rows; ++r) {
            if (r) out += " \\\\ ";
            for (std::size_t c = 0; c < value.cols; ++c) {
                if (c) out += " & ";
                out += print(value.at(r, c), notation);
            }
        }
        return out + "\\end{bmatrix}";
    }
    auto row_text = [&](std::size_t r) {
        std::string out = "[";
        for (std::size_t c = 0; c < value.cols; ++c) {
            if (c) out += ", ";
            out += print(value.at(r, c), notation);
        }
        return out + "]";
    };
    if (value.shape == Shape::vector) {
        std::string out = "[";
        for (std::size_t r = 0; r < value.rows; ++r) {
            if (r) out += ", ";
            out += print(value.entries[r], notation);
        }
        return out + "]";
    }
    std::string out = "[";
    for (std::size_t r = 0; r < value.rows; ++r) {
        if (r) out += ", ";
        out += row_text(r);
    }
    return out + "]";
}

} // namespace chainrule
