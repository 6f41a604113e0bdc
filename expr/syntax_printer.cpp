#include "expr/syntax_printer.hpp"

#include "expr/lexer.hpp"
#include "expr/utf8.hpp"

#include <algorithm>
#include <cctype>
#include <vector>

namespace chainrule {

namespace {

using Kind = Syntax::Kind;

enum Level { sum_level = 0, product_level = 1, negation_level = 2, power_level = 3, atom = 4 };

bool is_number(const Syntax& s, int value) {
    return s.kind == Kind::number && s.value.is_equal(value);
}

// A node with its sign taken out: −(−x) is x, (−4) is 4 with a minus.
struct Signed {
    bool negative = false;
    const Syntax* node = nullptr;
};

Signed strip(const Syntax& s) {
    Signed out{false, &s};
    while (out.node->kind == Kind::negation && out.node->children.size() == 1) {
        out.negative = !out.negative;
        out.node = &out.node->children.front();
    }
    return out;
}

std::string superscript(const std::string& digits) {
    static const char* table[] = {"⁰", "¹", "²", "³", "⁴", "⁵", "⁶", "⁷", "⁸", "⁹"};
    std::string out;
    for (char c : digits)
        out += table[c - '0'];
    return out;
}

bool all_digits(const std::string& s) {
    return !s.empty() &&
           std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

class Writer {
  public:
    explicit Writer(Notation n) : n_(n) {}

    std::string write(const Syntax& s) { return text(s).first; }

  private:
    std::string minus() const { return n_ == Notation::unicode ? "−" : "-"; }
    std::string open() const { return n_ == Notation::latex ? "\\left(" : "("; }
    std::string close() const { return n_ == Notation::latex ? "\\right)" : ")"; }
    std::string wrap(const std::pair<std::string, int>& t, int level) const {
        return t.second < level ? open() + t.first + close() : t.first;
    }

    // The text of a node and how tightly it binds.
    std::pair<std::string, int> text(const Syntax& s) {
        switch (s.kind) {
        case Kind::number:
            return {number(s.text), atom};
        case Kind::derivative:
            return derivative(s);
        case Kind::name:
            return {name(s.text), atom};
        case Kind::sum:
            return sum(s);
        case Kind::product:
            return product(s);
        case Kind::negation: {
            Signed sg = strip(s);
            auto inner = text(*sg.node);
            if (!sg.negative) return inner;
            return {minus() + wrap(inner, product_level), negation_level};
        }
        case Kind::power:
            return power(s);
        case Kind::call:
            return call(s);
        default:
            return {print(s.value, n_), fallback_level(s)};
        }
    }

    // A number token is "digits|scale" (expr/lexer.cpp): digits·10^scale, written as typed.
    std::string number(const std::string& token) const {
        std::size_t bar = token.find('|');
        if (bar == std::string::npos) return token;
        std::string digits = token.substr(0, bar);
        long scale = std::stol(token.substr(bar + 1));
        if (scale >= 0) {
            std::size_t lead = digits.find_first_not_of('0');
            digits = lead == std::string::npos ? "0" : digits.substr(lead);
            if (scale <= 6 || digits == "0")
                return digits +
                       std::string(static_cast<std::size_t>(digits == "0" ? 0 : scale), '0');
            std::string power = std::to_string(scale);
            if (n_ == Notation::plain) return digits + "e" + power;
            if (n_ == Notation::latex) return digits + " \\cdot 10^{" + power + "}";
            return digits + "·10" + superscript(power);
        }
        std::size_t fraction = static_cast<std::size_t>(-scale);
        if (digits.size() <= fraction)
            digits = std::string(fraction + 1 - digits.size(), '0') + digits;
        std::string whole = digits.substr(0, digits.size() - fraction);
        std::size_t lead = whole.find_first_not_of('0');
        whole = lead == std::string::npos ? "0" : whole.substr(lead);
        return whole + "." + digits.substr(digits.size() - fraction);
    }

    std::pair<std::string, int> derivative(const Syntax& s) {
        if (s.children.empty()) return {print(s.value, n_), fallback_level(s)};
        std::string x =
            s.text == "diff" && s.children.size() == 2 ? text(s.children[1]).first : name(s.text);
        std::string inner = text(s.children[0]).first;
        if (n_ == Notation::latex)
            return {"\\frac{d}{d" + x + "}" + open() + inner + close(), atom};
        return {"d/d" + x + open() + inner + close(), atom};
    }

    static int fallback_level(const Syntax& s) {
        return GiNaC::is_a<GiNaC::add>(s.value) ? sum_level : product_level;
    }

    std::string name(const std::string& text) const {
        if (text == "pi" || text == "π")
            return n_ == Notation::latex ? "\\pi" : n_ == Notation::unicode ? "π" : "pi";
        return print_name(text, n_);
    }

    std::pair<std::string, int> sum(const Syntax& s) {
        struct Term {
            bool negative;
            std::string text;
        };
        std::vector<Term> terms;
        for (std::size_t i = 0; i < s.children.size(); ++i) {
            Signed sg = strip(s.children[i]);
            // A term that is 0 (0, 0·ln(y)) goes: a parameter drawn as 0.
            if (s.children.size() > 1 && sg.node->kind != Kind::vector && sg.node->value.is_zero())
                continue;
            bool negative = sg.negative != (i < s.ops.size() && s.ops[i] == '-');
            auto t = text(*sg.node);
            // x + (−8)·y is x − 8y: a term written with a leading minus gives it to the sum.
            const std::string m = minus();
            if (t.second == negation_level && t.first.compare(0, m.size(), m) == 0) {
                t.first.erase(0, m.size());
                t.second = product_level;
                negative = !negative;
            }
            // x − (a + b) keeps its parentheses; x + (a + b) needs none.
            bool parens = t.second == sum_level && negative;
            terms.push_back({negative, parens ? open() + t.first + close() : t.first});
        }
        if (terms.empty()) return {"0", atom};
        std::string out;
        for (std::size_t i = 0; i < terms.size(); ++i) {
            if (i == 0) {
                out += (terms[i].negative ? minus() : "") + terms[i].text;
                continue;
            }
            out += terms[i].negative ? " " + minus() + " " : " + ";
            out += terms[i].text;
        }
        if (terms.size() == 1) return {out, terms[0].negative ? negation_level : atom};
        return {out, sum_level};
    }

    std::string separator(const std::string& before, const std::string& after,
                          const Syntax& next) const {
        if (n_ == Notation::plain) return "*";
        bool digit_next = std::isdigit(static_cast<unsigned char>(after.front()));
        if (n_ == Notation::latex) return digit_next ? " \\cdot " : " ";
        if (digit_next) return "·";
        unsigned char last = static_cast<unsigned char>(before.back());
        bool number_before = std::all_of(before.begin(), before.end(), [](unsigned char c) {
            return std::isdigit(c) || c == '.';
        });
        if (number_before || last == ')' || after.front() == '(') return "";
        const Syntax* base =
            next.kind == Kind::power && !next.children.empty() ? &next.children.front() : &next;
        bool short_next = base->kind == Kind::name && decode_utf8(name(base->text)).size() == 1;
        bool short_before = decode_utf8(before).size() == 1 || (last >= 0x80 && before.size() <= 6);
        return short_next && short_before ? "" : "·";
    }

    std::string join(const std::vector<std::pair<std::string, const Syntax*>>& factors) const {
        std::string out;
        for (std::size_t i = 0; i < factors.size(); ++i) {
            if (i > 0) out += separator(factors[i - 1].first, factors[i].first, *factors[i].second);
            out += factors[i].first;
        }
        return out;
    }

    std::pair<std::string, int> product(const Syntax& s) {
        bool negative = false;
        std::vector<std::pair<std::string, const Syntax*>> top, bottom;
        std::vector<std::string> top_unwrapped;
        std::vector<int> bottom_levels;
        for (std::size_t i = 0; i < s.children.size(); ++i) {
            Signed sg = strip(s.children[i]);
            negative = negative != sg.negative;
            bool divide = i < s.ops.size() && s.ops[i] == '/';
            // 1·x, x/1, (1 − 0)·x: a factor of numbers that is 1.
            if (!(i == 0 && divide) && GiNaC::is_a<GiNaC::numeric>(sg.node->value) &&
                sg.node->value.is_equal(1) && sg.node->kind != Kind::vector)
                continue;
            auto t = text(*sg.node);
            if (divide) {
                bottom.push_back({t.first, sg.node});
                bottom_levels.push_back(t.second);
            } else {
                // A factor that is a product itself reads the same without parentheses.
                top_unwrapped.push_back(t.first);
                top.push_back(
                    {wrap(t, t.second == product_level && !divides(*sg.node) ? product_level
                                                                             : power_level),
                     sg.node});
            }
        }
        std::string sign = negative ? minus() : "";
        int level = negative ? negation_level : product_level;
        if (top.empty() && bottom.empty()) return {sign + "1", negative ? negation_level : atom};
        std::string top_text = top.empty() ? "1" : join(top);
        if (bottom.empty()) {
            if (top.size() == 1 && !negative) return {top_text, text(*top[0].second).second};
            return {sign + top_text, level};
        }
        if (n_ == Notation::latex) {
            if (top.size() == 1) top_text = top_unwrapped.front(); // \frac{a + b}{3}
            std::string bottom_text;
            for (std::size_t i = 0; i < bottom.size(); ++i)
                bottom_text += (i ? " " : "") + (bottom.size() > 1 && bottom_levels[i] == sum_level
                                                     ? open() + bottom[i].first + close()
                                                     : bottom[i].first);
            return {sign + "\\frac{" + top_text + "}{" + bottom_text + "}", level};
        }
        if (top.size() > 1) top_text = open() + top_text + close();
        std::string out = top_text;
        for (std::size_t i = 0; i < bottom.size(); ++i)
            out += "/" +
                   (bottom_levels[i] < atom ? open() + bottom[i].first + close() : bottom[i].first);
        return {sign + out, level};
    }

    static bool divides(const Syntax& s) {
        return s.kind == Kind::product && std::find(s.ops.begin(), s.ops.end(), '/') != s.ops.end();
    }

    std::pair<std::string, int> power(const Syntax& s) {
        if (s.children.size() != 2) return {print(s.value, n_), fallback_level(s)};
        const Syntax& base = s.children[0];
        Signed exponent = strip(s.children[1]);
        auto b = text(base);
        if (!exponent.negative && is_number(*exponent.node, 1)) return b;
        std::string base_text = wrap(b, atom);
        if (base.kind == Kind::number && base.text.find('.') != std::string::npos)
            base_text = open() + base_text + close();
        auto e = text(*exponent.node);
        std::string exponent_text = (exponent.negative ? minus() : "") + e.first;
        if (n_ == Notation::latex) return {base_text + "^{" + exponent_text + "}", power_level};
        if (n_ == Notation::unicode && !exponent.negative && exponent.node->kind == Kind::number &&
            all_digits(e.first))
            return {base_text + superscript(e.first), power_level};
        if (exponent.negative)
            exponent_text = open() + exponent_text + close();
        else
            exponent_text = wrap(e, atom);
        return {base_text + "^" + exponent_text, power_level};
    }

    std::pair<std::string, int> call(const Syntax& s) {
        std::string f = is_function_name(s.text) ? canonical_function(s.text) : s.text;
        bool latex = n_ == Notation::latex, unicode = n_ == Notation::unicode;
        std::vector<std::pair<std::string, int>> args;
        for (const auto& child : s.children)
            args.push_back(text(child));
        if (f == "exp" && args.size() == 1 && n_ != Notation::plain) {
            if (latex) return {"e^{" + args[0].first + "}", power_level};
            return {"e^" + wrap(args[0], atom), power_level};
        }
        if (f == "sqrt" && args.size() == 1) {
            if (latex) return {"\\sqrt{" + args[0].first + "}", atom};
            if (unicode) return {"√" + wrap(args[0], atom), power_level};
        }
        if (f == "abs" && args.size() == 1 && n_ != Notation::plain) {
            if (latex) return {"\\left|" + args[0].first + "\\right|", atom};
            return {"|" + args[0].first + "|", atom};
        }
        static const char* written[] = {"log",  "ln",   "sigmoid", "relu", "leaky_relu", "sin",
                                        "cos",  "tan",  "sinh",    "cosh", "tanh",       "cot",
                                        "sec",  "csc",  "coth",    "sech", "csch",       "asin",
                                        "acos", "atan", "max",     "min",  "elu"};
        if (std::find(std::begin(written), std::end(written), f) == std::end(written))
            return {print(s.value, n_),
                    fallback_level(s)}; // softplus(x), piecewise(...): its value
        std::string shown = f;
        if (f == "asin" || f == "acos" || f == "atan")
            shown = latex ? "\\arc" + f.substr(1) : f;
        else if (f == "log" || f == "ln")
            shown = latex ? "\\ln" : unicode ? "ln" : "log";
        else if (f == "sigmoid")
            shown = latex ? "\\sigma" : unicode ? "σ" : "sigmoid";
        else if (f == "relu")
            shown = latex ? "\\operatorname{ReLU}" : unicode ? "ReLU" : "relu";
        else if (f == "leaky_relu")
            shown = latex ? "\\operatorname{LeakyReLU}" : unicode ? "LeakyReLU" : "leaky_relu";
        else if (f == "elu")
            shown = latex ? "\\operatorname{ELU}" : unicode ? "ELU" : "elu";
        else if (latex) {
            static const char* known[] = {"sin", "cos", "tan", "sinh", "cosh", "tanh",
                                          "cot", "sec", "csc", "coth", "max",  "min"};
            bool is_known = std::find(std::begin(known), std::end(known), f) != std::end(known);
            shown = is_known ? "\\" + f : "\\operatorname{" + f + "}";
        }
        std::string out = shown + open();
        for (std::size_t i = 0; i < args.size(); ++i)
            out += (i ? ", " : "") + args[i].first;
        return {out + close(), atom};
    }

    Notation n_;
};

} // namespace

std::string print_as_written(const Syntax& syntax, Notation notation) {
    return Writer(notation).write(syntax);
}

} // namespace chainrule
