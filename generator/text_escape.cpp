#include "generator/text_escape.hpp"

#include "expr/errors.hpp"

namespace chainrule {

std::string escape_latex_text(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\':
            out += "\\textbackslash{}";
            break;
        case '{':
            out += "\\{";
            break;
        case '}':
            out += "\\}";
            break;
        case '$':
            out += "\\$";
            break;
        case '&':
            out += "\\&";
            break;
        case '#':
            out += "\\#";
            break;
        case '%':
            out += "\\%";
            break;
        case '_':
            out += "\\_";
            break;
        case '~':
            out += "\\textasciitilde{}";
            break;
        case '^':
            out += "\\textasciicircum{}";
            break;
        case '<':
            out += "$<$";
            break;
        case '>':
            out += "$>$";
            break;
        case '|':
            out += "$|$";
            break;
        case '\n':
        case '\t':
        case '\r':
            out += ' ';
            break;
        default:
            if ((static_cast<unsigned char>(c) < 0x20) || c == 0x7F)
                out += '?';
            else
                out += c;
        }
    }
    return out;
}

std::string escape_markdown(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '\\':
        case '*':
        case '_':
        case '`':
        case '[':
        case ']':
        case '#':
        case '|':
        case '$':
            out += '\\';
            out += c;
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        default:
            out += c;
        }
    }
    return out;
}

std::string escape_markdown_cell(const std::string& text) {
    std::string out = escape_markdown(printable(text));
    for (char& c : out)
        if (c == '\n' || c == '\r') c = ' ';
    return out;
}

} // namespace chainrule
