#include "generator/statement.hpp"

#include "expr/utf8.hpp"
#include "generator/parameter.hpp"
#include "generator/placeholder.hpp"
#include "generator/text_notation.hpp"

#include <algorithm>

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

std::string given(const Statement& s, Notation n) {
    if (s.chain) {
        std::vector<std::string> parts;
        for (const auto& named : s.named)
            if (named.part)
                parts.push_back(math(name_in(named.name, n) + " = " + show(named.display, n), n));
        return "Let " + join_words(parts) + ".";
    }
    if (s.component || s.ask == AskKind::jacobian) {
        std::string text =
            "Let " + math(name_in(s.vector_name, n) + " = " + show(s.function, n), n);
        bool named_elsewhere =
            std::any_of(s.named.begin(), s.named.end(),
                        [&](const NamedDisplay& d) { return d.name == s.vector_name; });
        if (!s.output_names.empty() && !named_elsewhere)
            text += ", with entries " + join_words(math_names(s.output_names, n));
        return text + ".";
    }
    return "Let " +
           math(call_in(s.function_name, s.variables, n) + " = " + show(s.function, n), n) + ".";
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
                                math(show(named.display, n), n) + ".");
        else
            sentences.push_back("You may write " + join_words(math_names(named.entry_names, n)) +
                                " for the entries of " + math(show(named.display, n), n) + ".");
    }
    std::string out;
    if (!parts_names.empty())
        out += "You may use " + join_words(math_names(parts_names, n)) + " in your answer.";
    for (const auto& sentence : sentences)
        out += (out.empty() ? "" : " ") + sentence;
    return out;
}

std::string intro_in(const Statement& s, const IntroResolver& parameters, Notation n) {
    auto resolve = [&](const std::string& content) -> std::optional<std::string> {
        if (auto value = parameters(content, n)) return value;
        if (content == "f" || content == s.function_name) {
            if (s.chain)
                for (const auto& named : s.named)
                    if (named.name == s.function_name) return math(show(named.display, n), n);
            return math(show(s.function, n), n);
        }
        for (const auto& named : s.named)
            if (named.name == content) return math(show(named.display, n), n);
        if (content == "wrt") return join_words(math_names(s.wrt, n));
        if (content == "variables") return join_words(math_names(s.variables, n));
        return std::nullopt;
    };
    // Literal text becomes prose of the notation; placeholders their values.
    auto uses = find_placeholders(s.intro);
    std::string out, literal;
    auto points = decode_utf8(s.intro);
    std::size_t use = 0;
    auto flush = [&] {
        out += prose(literal, n);
        literal.clear();
    };
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        if ((c == '{' || c == '}') && i + 1 < points.size() && points[i + 1] == c) {
            literal += static_cast<char>(c);
            ++i;
            continue;
        }
        if (c == '{') {
            std::string value = resolve_placeholder(uses[use++], resolve);
            flush();
            out += value;
            while (points[i] != '}')
                ++i;
            continue;
        }
        literal += c >= invalid_utf8_base ? std::string("?") : encode_utf8(c);
    }
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
        std::string number = exact_number_text(value);
        if (n == Notation::unicode && !number.empty() && number[0] == '-')
            number = "−" + number.substr(1);
        values.push_back(math(name_in(name, n) + " = " + number, n));
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
    return std::string(one ? "Give its value" : "Give their values") + " at " +
           join_words(values) + ": " + (one ? "a number" : "numbers") +
           ", written exactly or as " + accepted + ".";
}

std::string statement_in(const Statement& s, const IntroResolver& parameters, Notation n) {
    std::string out = intro_in(s, parameters, n);
    for (const std::string& sentence :
         {given(s, n), find(s, n), at_sentence(s, n), names_sentence(s, n)}) {
        if (sentence.empty()) continue;
        if (!out.empty()) out += " ";
        out += sentence;
    }
    return out;
}

} // namespace

std::string show(const Display& display, Notation notation) {
    if (display.call.empty()) return print(display.value, notation);
    std::string name = display.call;
    if (notation == Notation::latex) {
        std::string escaped;
        for (char c : name)
            escaped += c == '_' ? std::string("\\_") : std::string(1, c);
        name = "\\operatorname{" + escaped + "}";
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
