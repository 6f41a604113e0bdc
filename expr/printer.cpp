#include "expr/printer.hpp"

#include "expr/functions.hpp"
#include "expr/node_kind.hpp"
#include "expr/structure.hpp"
#include "expr/utf8.hpp"

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

bool has_negative_term(const ex& sum) {
    for (std::size_t i = 0; i < sum.nops(); ++i)
        if (coefficient_of(sum.op(i)).is_negative()) return true;
    return false;
}

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

// The plain text of each subexpression, worked out once per top-level print: sums and
// products sort their terms by it, at every level of nesting. The expressions are kept so
// that no address is reused by another subexpression while the cache lives.
struct PlainTexts {
    std::unordered_map<const GiNaC::basic*, std::string> text;
    std::vector<ex> kept;
};

class Printer {
  public:
    explicit Printer(Notation notation) : n_(notation) {}
    Printer(Notation notation, PlainTexts* plain) : n_(notation), plain_(plain) {}

    std::string print(const ex& e, int parent = sum_level) {
        int own = precedence(e);
        std::string body = body_of(e);
        return own < parent ? open() + body + close() : body;
    }

  private:
    std::string plain_key(const ex& e) {
        // Printing in plain text asks for each subexpression's text once: nothing to cache.
        if (!plain_) return Printer(Notation::plain).print(e);
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

    int precedence(const ex& e) const {
        if (is_kind(e, NodeKind::add)) return sum_level;
        if (is_kind(e, NodeKind::mul))
            return coefficient_of(e).is_negative() ? sum_level : product_level;
        if (is_kind(e, NodeKind::numeric)) {
            const numeric& v = ex_to<numeric>(e);
            if (v.is_negative()) return sum_level;
            if (!v.is_integer()) return product_level;
            return atom_level;
        }
        if (is_kind(e, NodeKind::power)) {
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
        std::vector<std::pair<std::pair<double, std::string>, ex>> terms;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            ex term = e.op(i);
            bool negative = coefficient_of(term).is_negative();
            // By degree, then alphabetically.
            std::string key = plain_key(negative ? ex(-term) : term);
            terms.push_back({{-term_degree(term), key}, term});
        }
        std::sort(terms.begin(), terms.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        // No leading minus when a positive term can lead: 1 − tanh(z)², x − a.
        auto first_positive = std::find_if(terms.begin(), terms.end(), [](const auto& t) {
            return !coefficient_of(t.second).is_negative();
        });
        if (first_positive != terms.end())
            std::rotate(terms.begin(), first_positive, first_positive + 1);
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            const ex& term = terms[i].second;
            bool negative = coefficient_of(term).is_negative();
            ex magnitude = negative ? ex(-term) : term;
            // In plain text the sort key is the term's text already.
            std::string text = n_ == Notation::plain
                                   ? (precedence(magnitude) < sum_level + 1
                                          ? open() + terms[i].first.second + close()
                                          : terms[i].first.second)
                                   : print(magnitude, sum_level + 1);
            if (i == 0)
                out += (negative ? minus() : "") + text;
            else
                out += (negative ? " " + minus() + " " : std::string(" + ")) + text;
        }
        return out;
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
        unsigned char last = before.back();
        unsigned char first = after.front();
        bool digit_next = std::isdigit(first);
        if (n_ == Notation::latex) return digit_next ? " \\cdot " : " ";
        if (digit_next) return "·";
        bool before_is_number = std::all_of(before.begin(), before.end(),
                                            [](unsigned char c) { return std::isdigit(c); });
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
        bool flip_sum = false;
        ex flip_target;
        if (coefficient.is_negative()) {
            // −σ(z)(σ(z) − 1) reads better as σ(z)(1 − σ(z)): move the sign into a sum factor.
            // The sum to flip: the first by its printed text, not by GiNaC's internal order,
            // which may differ from run to run.
            std::string best;
            for (std::size_t i = 0; i < e.nops(); ++i)
                if (is_kind(e.op(i), NodeKind::add) && has_negative_term(e.op(i))) {
                    std::string text = plain_key(e.op(i));
                    if (!flip_sum || text < best) {
                        best = text;
                        flip_target = e.op(i);
                    }
                    flip_sum = true;
                }
            if (!flip_sum) return minus() + print(-e, product_level);
            coefficient = -coefficient;
        }
        std::vector<ex> numerator, denominator;
        for (std::size_t i = 0; i < e.nops(); ++i) {
            const ex& factor = e.op(i);
            if (is_kind(factor, NodeKind::numeric)) continue;
            if (is_kind(factor, NodeKind::power) && is_negative_number(factor.op(1)))
                denominator.push_back(GiNaC::pow(factor.op(0), -factor.op(1)));
            else if (flip_sum && is_kind(factor, NodeKind::add)) {
                numerator.push_back(-factor);
                flip_sum = false;
            } else
                numerator.push_back(factor);
        }
        if (!coefficient.numer().is_equal(1) || numerator.empty())
            numerator.insert(numerator.begin(), coefficient.numer());
        if (!coefficient.denom().is_equal(1))
            denominator.insert(denominator.begin(), coefficient.denom());
        std::string top = join_factors(numerator);
        if (denominator.empty()) return top;
        return fraction(top, denominator);
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
        return top_text + "/" + bottom;
    }

    std::string power(const ex& e) {
        const ex& base = e.op(0);
        const ex& exponent = e.op(1);
        if (is_negative_number(exponent)) {
            return fraction("1", {GiNaC::pow(base, -exponent)});
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
    if (notation == Notation::plain) return Printer(notation).print(e);
    PlainTexts plain;
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
