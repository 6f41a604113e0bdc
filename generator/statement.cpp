#include "generator/statement.hpp"

#include "expr/errors.hpp"
#include "expr/function_table.hpp"
#include "expr/parser.hpp"
#include "expr/syntax_printer.hpp"
#include "expr/utf8.hpp"
#include "generator/latex_layout.hpp"
#include "generator/parameter.hpp"
#include "generator/placeholder.hpp"
#include "generator/text_escape.hpp"
#include "generator/text_notation.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule {

namespace {

std::string name_in(const std::string& name, Notation n) {
    return print_name(name, n);
}

std::string names_in(const std::vector<std::string>& names, Notation n) {
    std::string out;
    for (std::size_t i = 0; i < names.size(); ++i) {
        if (i) out += ", ";
        out += name_in(names[i], n);
    }
    return out;
}

std::string call_in(const std::string& f, const std::vector<std::string>& args, Notation n) {
    return name_in(f, n) + "(" + names_in(args, n) + ")";
}

// d/dx or ∂/∂x before a function.
std::string operator_in(const std::string& x, bool partial, Notation n) {
    std::string v = name_in(x, n);
    if (n == Notation::latex)
        return partial ? "\\frac{\\partial}{\\partial " + v + "}" : "\\frac{d}{d" + v + "}";
    if (n == Notation::unicode && partial) return "∂/∂" + v;
    return "d/d" + v;
}

// dy/dx or ∂y/∂x.
std::string fraction_in(const std::string& y, const std::string& x, bool partial, Notation n) {
    std::string top = name_in(y, n), bottom = name_in(x, n);
    if (n == Notation::latex)
        return partial ? "\\frac{\\partial " + top + "}{\\partial " + bottom + "}"
                       : "\\frac{d" + top + "}{d" + bottom + "}";
    if (n == Notation::unicode && partial) return "∂" + top + "/∂" + bottom;
    return "d" + top + "/d" + bottom;
}

std::string row_vector(const std::vector<std::string>& items, Notation n) {
    std::string out = n == Notation::latex ? "\\left[" : "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i];
    }
    return out + (n == Notation::latex ? "\\right]" : "]");
}

std::vector<std::string> math_names(const std::vector<std::string>& names, Notation n) {
    std::vector<std::string> out;
    for (const auto& v : names)
        out.push_back(math(name_in(v, n), n));
    return out;
}

// Mathematics inside a sentence: inline, or, in LaTeX, a formula too wide to sit in a line
// of text set on rows of its own (a display that may break, generator/latex_layout.hpp).
constexpr double inline_width = 200;
constexpr double display_width = 360;

std::string formula_in(const std::string& formula, Notation n) {
    if (n != Notation::latex || latex_width(formula) <= inline_width) return math(formula, n);
    auto rows = break_latex(formula, display_width);
    std::string out = "\\begin{align*}\n";
    for (std::size_t i = 0; i < rows.size(); ++i)
        out += (i == 0 ? "&" : " \\\\\n&\\quad ") + rows[i];
    return out + "\n\\end{align*}\n";
}

std::string given(const Statement& s, Notation n) {
    if (s.chain) {
        std::vector<std::string> parts;
        for (const auto& named : s.named)
            if (named.part)
                parts.push_back(
                    formula_in(name_in(named.name, n) + " = " + show(named.display, n), n));
        return "Let " + join_words(parts) + ".";
    }
    if (s.component || s.ask == AskKind::jacobian) {
        std::string text =
            "Let " + formula_in(name_in(s.vector_name, n) + " = " + show(s.function, n), n);
        bool named_elsewhere =
            std::any_of(s.named.begin(), s.named.end(),
                        [&](const NamedDisplay& d) { return d.name == s.vector_name; });
        if (!s.output_names.empty() && !named_elsewhere)
            text += ", with entries " + join_words(math_names(s.output_names, n));
        return text + ".";
    }
    return "Let " +
           formula_in(call_in(s.function_name, s.variables, n) + " = " + show(s.function, n), n) +
           ".";
}

std::string held_constant(const Statement& s, Notation n) {
    std::vector<std::string> others;
    for (const auto& v : s.variables)
        if (std::find(s.wrt.begin(), s.wrt.end(), v) == s.wrt.end()) others.push_back(v);
    if (others.empty()) return "";
    return ", holding " + join_words(math_names(others, n)) + " constant";
}

std::string find(const Statement& s, Notation n) {
    bool partial = s.variables.size() > 1;
    const std::string& f = s.function_name;
    switch (s.ask) {
    case AskKind::derivative:
    case AskKind::partial: {
        const std::string& x = s.wrt.front();
        std::string what = s.chain || s.component
                               ? fraction_in(f, x, partial, n)
                               : operator_in(x, partial, n) + " " + call_in(f, s.variables, n);
        return "Find " + math(what, n) + held_constant(s, n) + ".";
    }
    case AskKind::partials:
    case AskKind::gradient: {
        std::vector<std::string> entries, each;
        for (const auto& x : s.wrt) {
            entries.push_back(fraction_in(f, x, true, n));
            each.push_back(math(fraction_in(f, x, true, n), n));
        }
        if (s.ask == AskKind::partials)
            return "Find " + join_words(each) + "; answer with the vector " +
                   math(row_vector(entries, n), n) + ".";
        if (!s.chain && !s.component && s.wrt == s.variables) {
            std::string nabla = n == Notation::latex     ? "\\nabla "
                                : n == Notation::unicode ? "∇"
                                                         : "grad ";
            return "Find the gradient " + math(nabla + call_in(f, s.variables, n), n) +
                   ", the vector " + math(row_vector(entries, n), n) + ".";
        }
        return "Find the gradient of " + math(name_in(f, n), n) + " with respect to " +
               join_words(math_names(s.wrt, n)) + ", the vector " +
               math(row_vector(entries, n), n) + ".";
    }
    case AskKind::jacobian: {
        std::string size = std::to_string(s.output_names.size()) +
                           (n == Notation::latex     ? "$\\times$"
                            : n == Notation::unicode ? "×"
                                                     : "x") +
                           std::to_string(s.wrt.size());
        std::string vector = math(name_in(s.vector_name, n), n);
        return "Find the Jacobian matrix of " + vector + " with respect to " +
               join_words(math_names(s.wrt, n)) + ": the " + size +
               " matrix whose entry in row i, column j is the partial derivative of the i-th "
               "entry of " +
               vector + " with respect to the j-th variable.";
    }
    }
    return "";
}

std::string names_sentence(const Statement& s, Notation n) {
    std::vector<std::string> parts_names;
    std::vector<std::string> sentences;
    for (const auto& named : s.named) {
        if (named.part) {
            parts_names.push_back(named.name);
            continue;
        }
        if (named.entry_names.size() == 1 && named.entry_names.front() == named.name)
            sentences.push_back("You may write " + math(name_in(named.name, n), n) + " for " +
                                formula_in(show(named.display, n), n) + ".");
        else
            sentences.push_back("You may write " + join_words(math_names(named.entry_names, n)) +
                                " for the entries of " + formula_in(show(named.display, n), n) +
                                ".");
    }
    std::string out;
    if (!parts_names.empty())
        out += "You may use " + join_words(math_names(parts_names, n)) + " in your answer.";
    for (const auto& sentence : sentences)
        out += (out.empty() ? "" : " ") + sentence;
    return out;
}

// A Leibniz fraction (dL/dz, ∂L/∂a_1) or a prime (σ'(z), tanh'(u)) of a prompt's mathematics,
// which the answer language does not read: read as a placeholder name, written back after.
struct MarkedDerivative {
    std::string placeholder;
    std::string shown;
};

bool is_name_byte(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

// The name (a letter, then letters, digits and _) at i; "" when none.
std::string name_at(const std::string& text, std::size_t i) {
    if (i >= text.size() || !std::isalpha(static_cast<unsigned char>(text[i]))) return "";
    std::size_t end = i;
    while (end < text.size() && is_name_byte(text[end]))
        ++end;
    return text.substr(i, end - i);
}

// "d" or "∂" at i: its length (1 or 3) and whether it is ∂; 0 when neither.
std::size_t differential_at(const std::string& text, std::size_t i, bool& partial) {
    static const std::string del = "∂";
    partial = text.compare(i, del.size(), del) == 0;
    if (partial) return del.size();
    return i < text.size() && text[i] == 'd' ? 1 : 0;
}

// Letters only, all of one length, so that none is a part of another: ChainrulemarkAAAA, ...
std::string placeholder_name(std::size_t k) {
    std::string letters(4, 'A');
    for (std::size_t i = 4; i-- > 0; k /= 26)
        letters[i] = static_cast<char>('A' + k % 26);
    return "Chainrulemark" + letters;
}

// side with its Leibniz fractions and primes replaced by placeholders (kept in marks).
std::string mark_derivatives(const std::string& side, Notation n,
                             std::vector<MarkedDerivative>& marks) {
    std::string out;
    for (std::size_t i = 0; i < side.size();) {
        bool starts_word = i == 0 || !is_name_byte(side[i - 1]);
        bool partial = false;
        if (std::size_t d = starts_word ? differential_at(side, i, partial) : 0; d > 0) {
            // d y / d x, the same differential twice, the names whole.
            std::string y = name_at(side, i + d);
            std::size_t j = i + d + y.size();
            while (j < side.size() && side[j] == ' ')
                ++j;
            if (!y.empty() && j < side.size() && side[j] == '/') {
                ++j;
                while (j < side.size() && side[j] == ' ')
                    ++j;
                bool partial_below = false;
                std::size_t d2 = differential_at(side, j, partial_below);
                std::string x = d2 > 0 && partial_below == partial ? name_at(side, j + d2) : "";
                std::size_t end = j + d2 + x.size();
                if (!x.empty() && (end == side.size() || !is_name_byte(side[end]))) {
                    marks.push_back(
                        {placeholder_name(marks.size()), fraction_in(y, x, partial, n)});
                    out += " " + marks.back().placeholder + " ";
                    i = end;
                    continue;
                }
            }
        }
        // f'(u): a function of the language, or σ, with a prime.
        static const std::string sigma = "σ";
        std::string f = starts_word ? name_at(side, i) : "";
        if (f.empty() && side.compare(i, sigma.size(), sigma) == 0) f = sigma;
        std::size_t after = i + f.size();
        if (!f.empty() && (f == sigma || find_function(f)) && side.compare(after, 2, "'(") == 0) {
            int depth = 0;
            std::size_t close = after + 1;
            for (; close < side.size(); ++close) {
                if (side[close] == '(') ++depth;
                if (side[close] == ')' && --depth == 0) break;
            }
            if (close < side.size()) {
                std::string call = f + side.substr(after + 1, close - after);
                try {
                    ParseOptions options;
                    options.keep_syntax = true;
                    ParseResult result = parse_expression(call, options);
                    std::string shown = result.syntax ? print_as_written(*result.syntax, n)
                                                      : print(result.value, n);
                    std::size_t open = shown.find(n == Notation::latex ? "\\left(" : "(");
                    if (open != std::string::npos) {
                        marks.push_back({placeholder_name(marks.size()), shown.insert(open, "'")});
                        out += " " + marks.back().placeholder + " ";
                        i = close + 1;
                        continue;
                    }
                } catch (const InputError&) {
                    // Not a call that reads: left to the reading of the whole side.
                }
            }
        }
        out += side[i];
        ++i;
    }
    return out;
}

// Mathematics of a prompt, $...$: expressions of the answer language (any names), joined by
// = < > <= >= != at the top level, each written as typed in the notation (in $...$ for
// LaTeX). Throws TextError at the opening '$' for text that does not read.
std::string formula(const std::string& source, std::size_t at, Notation n) {
    static const std::vector<std::pair<std::string, const char*>> relations = {
        {"<=", "≤"}, {">=", "≥"}, {"!=", "≠"}, {"≤", "≤"}, {"≥", "≥"},
        {"≠", "≠"},  {"=", "="},  {"<", "<"},  {">", ">"}};
    auto relation_text = [&](const std::string& op) -> std::string {
        std::string unicode;
        for (const auto& [typed, shown] : relations)
            if (typed == op) unicode = shown;
        if (n == Notation::unicode) return unicode;
        if (unicode == "≤") return n == Notation::latex ? "\\leq" : "<=";
        if (unicode == "≥") return n == Notation::latex ? "\\geq" : ">=";
        if (unicode == "≠") return n == Notation::latex ? "\\neq" : "!=";
        return unicode;
    };
    std::vector<std::string> sides, ops;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < source.size(); ++i) {
        char c = source[i];
        if (c == '(' || c == '[') ++depth;
        if (c == ')' || c == ']') --depth;
        if (depth != 0) continue;
        for (const auto& [typed, shown] : relations) {
            if (source.compare(i, typed.size(), typed) != 0) continue;
            sides.push_back(source.substr(start, i - start));
            ops.push_back(typed);
            i += typed.size() - 1;
            start = i + 1;
            break;
        }
    }
    sides.push_back(source.substr(start));
    std::string out;
    for (std::size_t k = 0; k < sides.size(); ++k) {
        ParseOptions options;
        options.keep_syntax = true;
        std::vector<MarkedDerivative> marks;
        std::string marked = mark_derivatives(sides[k], n, marks);
        for (const auto& mark : marks)
            options.lets[mark.placeholder] = GiNaC::symbol(mark.placeholder);
        std::string written;
        try {
            ParseResult result = parse_expression(marked, options);
            written = result.syntax ? print_as_written(*result.syntax, n) : print(result.value, n);
            for (const auto& mark : marks)
                for (std::size_t at = written.find(mark.placeholder); at != std::string::npos;
                     at = written.find(mark.placeholder, at + mark.shown.size()))
                    written.replace(at, mark.placeholder.size(), mark.shown);
        } catch (const InputError& e) {
            std::string side = sides[k];
            side.erase(0, side.find_first_not_of(' '));
            side.erase(side.find_last_not_of(' ') + 1);
            throw TextError("the mathematics $" + printable(source) + "$ does not read: '" +
                                printable(side) + "': " + e.what(),
                            at);
        }
        if (k > 0) out += " " + relation_text(ops[k - 1]) + " ";
        out += written;
    }
    return n == Notation::latex ? "$" + out + "$" : out;
}

std::string intro_in(const Statement& s, const IntroResolver& parameters, Notation n) {
    auto resolve = [&](const std::string& content, Notation in) -> std::optional<std::string> {
        if (auto value = parameters(content, in)) return value;
        if (content == "f" || content == s.function_name) {
            if (s.chain)
                for (const auto& named : s.named)
                    if (named.name == s.function_name)
                        return formula_in(show(named.display, in), in);
            return formula_in(show(s.function, in), in);
        }
        for (const auto& named : s.named)
            if (named.name == content) return formula_in(show(named.display, in), in);
        if (content == "wrt") return join_words(math_names(s.wrt, in));
        if (content == "variables") return join_words(math_names(s.variables, in));
        return std::nullopt;
    };
    // Literal text becomes prose of the notation; placeholders their values; $...$ is
    // mathematics, whose placeholders are filled as plain text before it is read.
    auto uses = find_placeholders(s.intro);
    std::string out, literal, formula_source;
    auto points = decode_utf8(s.intro);
    std::size_t use = 0;
    std::optional<std::size_t> math_from;
    auto flush = [&] {
        out += prose(literal, n);
        literal.clear();
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        std::string& text = math_from ? formula_source : literal;
        if ((c == '{' || c == '}' || c == '$') && i + 1 < points.size() && points[i + 1] == c) {
            text += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c == '$') {
            if (!math_from) {
                flush();
                math_from = i;
                formula_source.clear();
            } else {
                out += formula(formula_source, *math_from, n);
                math_from.reset();
            }
            continue;
        }
        if (c == '{') {
            std::string value = resolve_placeholder(uses[use++], [&](const std::string& content) {
                return resolve(content, math_from ? Notation::plain : n);
            });
            if (math_from) {
                formula_source += value;
            } else {
                flush();
                out += value;
            }
            while (points[i] != '}')
                ++i;
            continue;
        }
        text += c >= invalid_utf8_base ? std::string("?") : encode_utf8(c);
    }
    if (math_from)
        throw TextError("the '$' that opens mathematics here is not closed (write $$ for a "
                        "dollar sign)",
                        *math_from);
    flush();
    // One paragraph: runs of white space become one space.
    std::string tidy;
    for (char c : out) {
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && (tidy.empty() || tidy.back() == ' ')) continue;
        tidy += c;
    }
    while (!tidy.empty() && tidy.back() == ' ')
        tidy.pop_back();
    return tidy;
}

// For a question at a point: where, and what kind of number is accepted.
std::string at_sentence(const Statement& s, Notation n) {
    if (s.at.empty()) return "";
    std::vector<std::string> values;
    for (const auto& [name, value] : s.at) {
        values.push_back(
            math(name_in(name, n) + " = " + number_in(exact_number_text(value), n), n));
    }
    std::string accepted;
    switch (s.tolerance.kind) {
    case Tolerance::Kind::significant:
        accepted = "a decimal to " + s.tolerance.describe();
        break;
    case Tolerance::Kind::relative:
        accepted = "a decimal with " + s.tolerance.describe();
        break;
    case Tolerance::Kind::absolute:
        accepted = "a decimal with " + s.tolerance.describe();
        break;
    }
    bool one = s.ask == AskKind::derivative || s.ask == AskKind::partial;
    return std::string(one ? "Give its value" : "Give their values") + " at " + join_words(values) +
           ": " + (one ? "a number" : "numbers") + ", written exactly or as " + accepted + ".";
}

std::string statement_in(const Statement& s, const IntroResolver& parameters, Notation n) {
    std::string out = intro_in(s, parameters, n);
    for (const std::string& sentence :
         {given(s, n), find(s, n), at_sentence(s, n), names_sentence(s, n)}) {
        if (sentence.empty()) continue;
        if (!out.empty()) out += " ";
        out += sentence;
    }
    // A displayed formula takes the punctuation that follows it: "...\right).\end{align*}".
    const std::string end = "\n\\end{align*}\n";
    for (std::size_t at = out.find(end); at != std::string::npos; at = out.find(end, at + 1)) {
        std::size_t after = at + end.size();
        if (after < out.size() && (out[after] == '.' || out[after] == ',')) {
            char mark = out[after];
            out.erase(after, 1);
            out.insert(at, 1, mark);
        }
    }
    return out;
}

} // namespace

std::string show(const Display& display, Notation notation) {
    if (display.call.empty())
        return display.written ? print_as_written(*display.written, notation)
                               : print(display.value, notation);
    std::string name = display.call;
    if (notation == Notation::latex) {
        name = "\\operatorname{" + escape_latex_text(name) + "}";
    }
    std::string out = name + (notation == Notation::latex ? "\\left(" : "(");
    for (std::size_t i = 0; i < display.arguments.size(); ++i) {
        if (i) out += ", ";
        out += print(display.arguments[i], notation);
    }
    return out + (notation == Notation::latex ? "\\right)" : ")");
}

Prompt render_prompt(const Statement& statement, const IntroResolver& parameters) {
    Prompt prompt;
    prompt.plain = statement_in(statement, parameters, Notation::plain);
    prompt.unicode = statement_in(statement, parameters, Notation::unicode);
    prompt.latex = statement_in(statement, parameters, Notation::latex);
    return prompt;
}

} // namespace chainrule
