#include "generator/latex_layout.hpp"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace chainrule {

namespace {

bool starts_with(const std::string& s, std::size_t at, const std::string& prefix) {
    return s.compare(at, prefix.size(), prefix) == 0;
}

// The index just past the brace group that opens at `open` (s[open] == '{'); s.size() when
// it does not close.
std::size_t group_end(const std::string& s, std::size_t open) {
    int depth = 0;
    for (std::size_t i = open; i < s.size(); ++i) {
        if (s[i] == '\\') {
            ++i; // \{ and \} are characters, not braces
            continue;
        }
        if (s[i] == '{') ++depth;
        if (s[i] == '}' && --depth == 0) return i + 1;
    }
    return s.size();
}

// A command's name at s[at] == '\\': letters, or one other character.
std::string command_at(const std::string& s, std::size_t at) {
    std::size_t i = at + 1;
    while (i < s.size() && std::isalpha(static_cast<unsigned char>(s[i])))
        ++i;
    if (i == at + 1 && i < s.size()) ++i;
    return s.substr(at + 1, i - at - 1);
}

// The length of the delimiter after \left, \right, \biggl...: one character or a command.
std::size_t delimiter_length(const std::string& s, std::size_t at) {
    if (at >= s.size()) return 0;
    if (s[at] == '\\') return 1 + command_at(s, at).size();
    return 1;
}

bool is_sizing(const std::string& name) {
    static const char* names[] = {"left", "right", "bigl",  "bigr",  "Bigl",
                                  "Bigr", "biggl", "biggr", "Biggl", "Biggr"};
    return std::find(std::begin(names), std::end(names), name) != std::end(names);
}

std::size_t count_characters(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

struct Scanner {
    const std::string& s;

    // The width of s[from, to).
    double width(std::size_t from, std::size_t to) const {
        double total = 0;
        bool after_space = true;
        std::size_t i = from;
        while (i < to) {
            char c = s[i];
            if (c == '\\') {
                std::string name = command_at(s, i);
                i += 1 + name.size();
                total += command(name, i, to);
                after_space = false;
                continue;
            }
            if (c == '^' || c == '_') {
                ++i;
                std::size_t end = i < to && s[i] == '{' ? group_end(s, i) : i + 1;
                total += 0.7 * width(i, std::min(end, to));
                i = end;
                after_space = false;
                continue;
            }
            if (c == '{') {
                std::size_t end = std::min(group_end(s, i), to);
                total += width(i + 1, end > i + 1 ? end - 1 : end);
                i = end;
                after_space = false;
                continue;
            }
            if (c == ' ') {
                after_space = true;
                ++i;
                continue;
            }
            if (c == '+' || c == '-')
                total += after_space ? 13 : 8.5;
            else if (c == '=' || c == '<' || c == '>')
                total += 15;
            else if (c == '(' || c == ')' || c == '[' || c == ']' || c == '|')
                total += 4.5;
            else if (c == ',')
                total += 5;
            else if (c == '&' || c == '}')
                total += 0;
            else if (std::isdigit(static_cast<unsigned char>(c)))
                total += 5.5;
            else
                total += 6.2;
            after_space = false;
            ++i;
        }
        return total;
    }

    // The width of a command whose name ended at i (moved past its arguments).
    double command(const std::string& name, std::size_t& i, std::size_t to) const {
        auto group = [&](double& w, bool text) {
            while (i < to && s[i] == ' ')
                ++i;
            if (i >= to || s[i] != '{') return;
            std::size_t end = std::min(group_end(s, i), to);
            w = text ? 5.6 * static_cast<double>(count_characters(s.substr(i + 1, end - i - 2)))
                     : width(i + 1, end - 1);
            i = end;
        };
        if (name == "frac" || name == "dfrac" || name == "tfrac") {
            double top = 0, bottom = 0;
            group(top, false);
            group(bottom, false);
            return std::max(top, bottom) + 3;
        }
        if (name == "sqrt") {
            double inside = 0;
            group(inside, false);
            return inside + 10;
        }
        if (is_sizing(name)) {
            i += delimiter_length(s, i);
            return 5.5;
        }
        if (name == "text" || name == "textbf" || name == "emph" || name == "mathrm" ||
            name == "operatorname") {
            double w = 0;
            group(w, true);
            return w + 2;
        }
        if (name == "mathbb") {
            double w = 0;
            group(w, true);
            return w + 1;
        }
        if (name == "begin") {
            double w = 0;
            std::string env;
            if (i < to && s[i] == '{') {
                std::size_t end = group_end(s, i);
                env = s.substr(i + 1, end - i - 2);
                i = end;
            }
            std::string close = "\\end{" + env + "}";
            std::size_t end = s.find(close, i);
            if (end == std::string::npos || end > to) end = to;
            w = matrix(i, end);
            i = std::min(end + close.size(), to);
            return w;
        }
        if (name == "cdot" || name == "times") return 9;
        if (name == "quad") return 11;
        if (name == "qquad") return 22;
        if (name == "," || name == ":" || name == ";" || name == "!") return 3;
        if (name == " ") return 4;
        if (name == "leq" || name == "geq" || name == "neq" || name == "to" || name == "in")
            return 15;
        static const char* functions[] = {"ln",     "log",    "exp",  "sin", "cos", "tan",
                                          "sinh",   "cosh",   "tanh", "max", "min", "arcsin",
                                          "arccos", "arctan", "cot",  "sec", "csc", "coth"};
        if (std::find(std::begin(functions), std::end(functions), name) != std::end(functions))
            return 5.6 * static_cast<double>(name.size()) + 2;
        return 7; // \sigma, \partial, \alpha, \nabla, \{, ...
    }

    // An environment's rows (\\) and columns (&): the widest entry of each column, with a
    // quad between columns and brackets around.
    double matrix(std::size_t from, std::size_t to) const {
        std::vector<double> columns;
        std::size_t column = 0, start = from;
        int depth = 0;
        auto cell = [&](std::size_t end) {
            if (columns.size() <= column) columns.resize(column + 1, 0);
            columns[column] = std::max(columns[column], width(start, end));
        };
        for (std::size_t i = from; i < to; ++i) {
            if (s[i] == '{') ++depth;
            if (s[i] == '}') --depth;
            if (depth != 0) continue;
            if (s[i] == '&') {
                cell(i);
                ++column;
                start = i + 1;
            } else if (starts_with(s, i, "\\\\")) {
                cell(i);
                column = 0;
                start = i + 2;
                ++i;
            } else if (s[i] == '\\') {
                ++i;
            }
        }
        cell(to);
        double total = 14;
        for (double w : columns)
            total += w + 12;
        return total;
    }
};

// The top-level terms of a sum: split before each " + " and " - " outside braces and brackets.
// Every term after the first starts with its operator ("+ x").
std::vector<std::string> terms_of(const std::string& s) {
    std::vector<std::string> terms;
    int depth = 0;
    std::size_t start = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        char c = s[i];
        if (c == '\\') {
            std::string name = command_at(s, i);
            if (name == "left" || name == "biggl" || name == "Bigl" || name == "bigl") ++depth;
            if (name == "right" || name == "biggr" || name == "Bigr" || name == "bigr") --depth;
            i += name.size();
            if (is_sizing(name)) i += delimiter_length(s, i + 1);
            continue;
        }
        if (c == '{') ++depth;
        if (c == '}') --depth;
        if (depth == 0 && i > start && (starts_with(s, i, " + ") || starts_with(s, i, " - "))) {
            terms.push_back(s.substr(start, i - start));
            start = i + 1;
        }
    }
    terms.push_back(s.substr(start));
    return terms;
}

std::vector<std::string> pieces(const std::string& s, double max_width, bool force);

// A term too wide for a row, opened up: a quotient whose numerator is a sum, or the widest
// bracket at its top level that holds a sum. Empty when it cannot be.
std::vector<std::string> open_term(const std::string& term, double max_width) {
    Scanner scan{term};
    std::size_t body = 0;
    if (starts_with(term, 0, "+ ") || starts_with(term, 0, "- ")) body = 2;
    if (starts_with(term, body, "-")) ++body;
    std::string lead = term.substr(0, body);
    if (starts_with(term, body, "\\frac{")) {
        std::size_t top = body + 5;
        std::size_t top_end = group_end(term, top);
        if (top_end < term.size() && term[top_end] == '{') {
            std::size_t bottom_end = group_end(term, top_end);
            std::string numerator = term.substr(top + 1, top_end - top - 2);
            std::string denominator = term.substr(top_end + 1, bottom_end - top_end - 2);
            if (terms_of(numerator).size() > 1) {
                auto inner = pieces(numerator, max_width, true);
                inner.front() = lead + "\\frac{1}{" + denominator + "} \\biggl(" + inner.front();
                inner.back() += "\\biggr)" + term.substr(bottom_end);
                return inner;
            }
        }
    }
    // The widest \left( ... \right) at the top level whose content is a sum.
    std::size_t best_open = 0, best_close = 0;
    double best_width = -1;
    int depth = 0;
    std::size_t open = 0;
    bool opened = false;
    for (std::size_t i = 0; i < term.size(); ++i) {
        if (term[i] == '{') ++depth;
        if (term[i] == '}') --depth;
        if (term[i] != '\\') continue;
        std::string name = command_at(term, i);
        if (name == "left") {
            if (depth == 0 && starts_with(term, i, "\\left(")) {
                open = i;
                opened = true;
            }
            ++depth;
        } else if (name == "right") {
            --depth;
            if (depth == 0 && starts_with(term, i, "\\right)") && opened) {
                opened = false;
                std::string content = term.substr(open + 6, i - open - 6);
                double w = scan.width(open + 6, i);
                if (terms_of(content).size() > 1 && w > best_width) {
                    best_width = w;
                    best_open = open;
                    best_close = i;
                }
            }
        }
        i += name.size();
    }
    if (best_width < 0) return {};
    std::string content = term.substr(best_open + 6, best_close - best_open - 6);
    auto inner = pieces(content, max_width, true);
    inner.front() = term.substr(0, best_open) + "\\biggl(" + inner.front();
    inner.back() += "\\biggr)" + term.substr(best_close + 7);
    return inner;
}

// s cut where it may be, each piece no wider than max_width where possible; force: cut at
// the top-level terms even when s as a whole fits.
std::vector<std::string> pieces(const std::string& s, double max_width, bool force) {
    Scanner scan{s};
    if (!force && scan.width(0, s.size()) <= max_width) return {s};
    auto terms = terms_of(s);
    if (terms.size() > 1) {
        std::vector<std::string> out;
        for (const auto& term : terms) {
            auto inner = pieces(term, max_width, false);
            out.insert(out.end(), inner.begin(), inner.end());
        }
        return out;
    }
    if (Scanner{s}.width(0, s.size()) <= max_width) return {s};
    auto opened = open_term(s, max_width);
    if (opened.empty()) return {s};
    return opened;
}

} // namespace

double latex_width(const std::string& math) {
    return Scanner{math}.width(0, math.size());
}

std::vector<std::string> break_latex(const std::string& math, double max_width) {
    std::vector<std::string> rows;
    for (const auto& piece : pieces(math, max_width, false)) {
        if (!rows.empty() && latex_width(rows.back() + " " + piece) <= max_width)
            rows.back() += " " + piece;
        else
            rows.push_back(piece);
    }
    return rows;
}

} // namespace chainrule
