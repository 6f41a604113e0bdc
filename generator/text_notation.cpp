#include "generator/text_notation.hpp"

#include "expr/utf8.hpp"
#include "generator/text_escape.hpp"

#include <algorithm>
#include <map>

namespace chainrule {

namespace {

struct Spelling {
    const char* plain;
    const char* latex;
};

const std::map<char32_t, Spelling>& symbols() {
    static const std::map<char32_t, Spelling> table = {
        {U'α', {"alpha", "$\\alpha$"}},
        {U'β', {"beta", "$\\beta$"}},
        {U'γ', {"gamma", "$\\gamma$"}},
        {U'δ', {"delta", "$\\delta$"}},
        {U'ε', {"epsilon", "$\\epsilon$"}},
        {U'η', {"eta", "$\\eta$"}},
        {U'θ', {"theta", "$\\theta$"}},
        {U'λ', {"lambda", "$\\lambda$"}},
        {U'μ', {"mu", "$\\mu$"}},
        {U'π', {"pi", "$\\pi$"}},
        {U'σ', {"sigma", "$\\sigma$"}},
        {U'τ', {"tau", "$\\tau$"}},
        {U'φ', {"phi", "$\\phi$"}},
        {U'ω', {"omega", "$\\omega$"}},
        {U'Σ', {"Sum", "$\\Sigma$"}},
        {U'Δ', {"Delta", "$\\Delta$"}},
        {U'∂', {"d", "$\\partial$"}},
        {U'∇', {"grad", "$\\nabla$"}},
        {U'·', {"*", "$\\cdot$"}},
        {U'×', {"x", "$\\times$"}},
        {U'−', {"-", "$-$"}},
        {U'≤', {"<=", "$\\leq$"}},
        {U'≥', {">=", "$\\geq$"}},
        {U'≠', {"!=", "$\\neq$"}},
        {U'→', {"->", "$\\to$"}},
        {U'²', {"^2", "$^2$"}},
        {U'³', {"^3", "$^3$"}},
        {U'…', {"...", "\\ldots{}"}},
        {U'–', {"-", "--"}},
        {U'—', {"--", "---"}},
        {U'‘', {"'", "`"}},
        {U'’', {"'", "'"}},
        {U'“', {"\"", "``"}},
        {U'”', {"\"", "''"}},
        {U'∈', {"in", "$\\in$"}},
        {U'√', {"sqrt", "$\\surd$"}},
    };
    return table;
}

// Letters that pdflatex's default UTF-8 input sets without extra packages.
bool latin1_letter(char32_t c) {
    return c >= 0xC0 && c <= 0xFF && c != 0xD7 && c != 0xF7;
}

} // namespace

std::string prose(const std::string& text, Notation notation) {
    if (notation == Notation::unicode) return text;
    std::string out;
    for (char32_t c : decode_utf8(text)) {
        if (c < 0x80) {
            char ch = static_cast<char>(c);
            if (notation == Notation::latex) {
                out += escape_latex_text(std::string(1, ch));
            } else {
                out += ch;
            }
            continue;
        }
        auto it = symbols().find(c);
        if (it != symbols().end()) {
            out += notation == Notation::plain ? it->second.plain : it->second.latex;
            continue;
        }
        if (notation == Notation::latex)
            out += latin1_letter(c) ? encode_utf8(c) : "?";
        else
            out += c >= invalid_utf8_base ? "?" : encode_utf8(c);
    }
    return out;
}

std::string latex_safe(const std::string& source) {
    bool ascii = std::all_of(source.begin(), source.end(),
                             [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (ascii) return source;
    std::string out;
    for (char32_t c : decode_utf8(source)) {
        if (c < 0x80) {
            out += static_cast<char>(c);
            continue;
        }
        auto it = symbols().find(c);
        if (it == symbols().end()) {
            out += latin1_letter(c) ? encode_utf8(c) : "?";
            continue;
        }
        std::string spelled = it->second.latex;
        if (spelled.size() >= 2 && spelled.front() == '$' && spelled.back() == '$')
            out += "\\ensuremath{" + spelled.substr(1, spelled.size() - 2) + "}";
        else
            out += spelled;
    }
    return out;
}

std::optional<std::size_t> unsupported_in_latex(const std::string& text) {
    auto points = decode_utf8(text);
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t c = points[i];
        if (c < 0x80) {
            if ((c < 0x20 && c != '\n' && c != '\t' && c != '\r') || c == 0x7F) return i;
            continue;
        }
        if (symbols().count(c) || latin1_letter(c)) continue;
        return i;
    }
    return std::nullopt;
}

std::string number_in(const std::string& number, Notation notation) {
    if (notation == Notation::unicode && !number.empty() && number[0] == '-')
        return "−" + number.substr(1);
    return number;
}

std::string math(const std::string& formula, Notation notation) {
    return notation == Notation::latex ? "$" + formula + "$" : formula;
}

std::string join_words(const std::vector<std::string>& items, const std::string& last) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? last : ", ";
        out += items[i];
    }
    return out;
}

} // namespace chainrule
