// Over 600 lines, one job: the answer language's tokens, with the readings of what a student
// types (look-alike letters, LaTeX commands, Greek words, implicit products) that only the
// lexer needs. The character classes are in expr/char_class.hpp.
#include "expr/lexer.hpp"

#include "expr/char_class.hpp"
#include "expr/edit_distance.hpp"
#include "expr/errors.hpp"
#include "expr/function_table.hpp"
#include "expr/utf8.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <optional>
#include <set>

namespace chainrule {

namespace {

const std::map<char32_t, std::string>& greek_letters() {
    static const std::map<char32_t, std::string> letters = {
        {U'α', "alpha"},  {U'β', "beta"},    {U'γ', "gamma"}, {U'δ', "delta"}, {U'ε', "epsilon"},
        {U'ζ', "zeta"},   {U'η', "eta"},     {U'θ', "theta"}, {U'ι', "iota"},  {U'κ', "kappa"},
        {U'λ', "lambda"}, {U'μ', "mu"},      {U'ν', "nu"},    {U'ξ', "xi"},    {U'ρ', "rho"},
        {U'τ', "tau"},    {U'υ', "upsilon"}, {U'φ', "phi"},   {U'χ', "chi"},   {U'ψ', "psi"},
        {U'ω', "omega"},
    };
    return letters;
}

// Letters of other scripts that look like Latin ones: a student who typed one meant the other.
const std::map<char32_t, char>& lookalikes() {
    static const std::map<char32_t, char> letters = {
        {U'а', 'a'}, {U'е', 'e'}, {U'о', 'o'}, {U'р', 'p'}, {U'с', 'c'}, {U'у', 'y'}, {U'х', 'x'},
        {U'і', 'i'}, {U'ј', 'j'}, {U'ѕ', 's'}, {U'А', 'A'}, {U'В', 'B'}, {U'Е', 'E'}, {U'К', 'K'},
        {U'М', 'M'}, {U'Н', 'H'}, {U'О', 'O'}, {U'Р', 'P'}, {U'С', 'C'}, {U'Т', 'T'}, {U'Х', 'X'},
        {U'ο', 'o'}, {U'Ζ', 'Z'}, {U'Α', 'A'}, {U'Β', 'B'}, {U'Ε', 'E'}, {U'Κ', 'K'}, {U'Μ', 'M'},
        {U'Ν', 'N'}, {U'Ο', 'O'}, {U'Ρ', 'P'}, {U'Τ', 'T'}, {U'Χ', 'X'}, {U'ν', 'v'},
    };
    return letters;
}

// A name in open mode that is one variable by itself: a letter, then digits or an underscore
// part (x, z1, w_12, x_i).
bool is_simple_atom(const std::string& name) {
    if (name.empty() || !std::isalpha(static_cast<unsigned char>(name[0]))) return false;
    if (name.size() == 1) return true;
    if (name[1] == '_') return name.size() > 2;
    return std::all_of(name.begin() + 1, name.end(),
                       [](unsigned char c) { return std::isdigit(c); });
}

bool is_greek_word(const std::string& name) {
    for (const auto& [letter, word] : greek_letters())
        if (word == name) return true;
    return false;
}

class Lexer {
  public:
    Lexer(const std::string& input, const std::vector<char32_t>& text, const ParseOptions& options)
        : input_(input), text_(text), options_(options),
          declared_(options.variables.begin(), options.variables.end()) {}

    std::vector<Token> run() {
        while (true) {
            skip_space();
            if (pos_ >= text_.size()) break;
            lex_one();
        }
        tokens_.push_back(Token{TokenKind::end, "end of input", text_.size() + 1});
        return tokens_;
    }

  private:
    [[noreturn]] void fail(const std::string& message, std::size_t index) const {
        throw ParseError(message, input_, index + 1);
    }

    char32_t peek(std::size_t ahead = 0) const {
        return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : 0;
    }

    void skip_space() {
        while (pos_ < text_.size() && is_space(text_[pos_]))
            ++pos_;
    }

    void push(TokenKind kind, std::string text, std::size_t start) {
        Token token;
        token.kind = kind;
        token.text = std::move(text);
        token.column = start + 1;
        tokens_.push_back(std::move(token));
    }

    void lex_one() {
        std::size_t start = pos_;
        char32_t c = text_[pos_];
        if (is_digit(c) || (c == '.' && is_digit(peek(1)))) return lex_number();
        if (try_derivative_operator()) return;
        if (is_ascii_letter(c) || c == '_') return lex_name();
        if (greek_letters().count(c) || c == U'σ' || c == U'π') {
            ++pos_;
            std::string name = c == U'σ' ? "σ" : c == U'π' ? "pi" : greek_letters().at(c);
            return resolve_single(name, start);
        }
        if (superscript_digit(c) || c == U'⁻') return lex_superscript();
        ++pos_;
        switch (c) {
        case '+':
            return push(TokenKind::plus, "+", start);
        case '-':
        case U'−':
        case U'–':
            return push(TokenKind::minus, "-", start);
        case '*':
            if (peek() == '*') {
                ++pos_;
                return push(TokenKind::caret, "**", start);
            }
            return push(TokenKind::star, "*", start);
        case U'·':
        case U'⋅':
        case U'×':
        case U'∗':
            return push(TokenKind::star, "*", start);
        case '/':
        case U'÷':
            return push(TokenKind::slash, "/", start);
        case '^':
            return push(TokenKind::caret, "^", start);
        case '(':
            return push(TokenKind::lparen, "(", start);
        case ')':
            return push(TokenKind::rparen, ")", start);
        case '[':
            return push(TokenKind::lbracket, "[", start);
        case ']':
            return push(TokenKind::rbracket, "]", start);
        case ',':
            return push(TokenKind::comma, ",", start);
        case U'√':
            return push(TokenKind::root, "√", start);
        case '{':
            return push(TokenKind::lbrace, "{", start);
        case '}':
            return push(TokenKind::rbrace, "}", start);
        case '|':
            return push(TokenKind::bar, "|", start);
        case '\\':
            return lex_latex(start);
        case '\'':
        case U'′':
        case U'’':
            fail("a derivative written with a prime at column " + std::to_string(start + 1) +
                     " cannot be checked: write the derivative out, e.g. σ(z)(1 − σ(z))",
                 start);
        case U'≥':
            return push(TokenKind::greater_equal, ">=", start);
        case U'≤':
            return push(TokenKind::less_equal, "<=", start);
        case '>':
            if (peek() == '=') {
                ++pos_;
                return push(TokenKind::greater_equal, ">=", start);
            }
            return push(TokenKind::greater, ">", start);
        case '<':
            if (peek() == '=') {
                ++pos_;
                return push(TokenKind::less_equal, "<=", start);
            }
            return push(TokenKind::less, "<", start);
        case '=':
            if (peek() == '=') ++pos_;
            return push(TokenKind::equal, "=", start);
        default:
            break;
        }
        fail_on_character(c, start);
    }

    [[noreturn]] void fail_on_character(char32_t c, std::size_t at) const {
        if (c >= invalid_utf8_base) {
            char buffer[64];
            std::snprintf(buffer, sizeof buffer, "invalid UTF-8 byte 0x%02X at column %zu",
                          static_cast<unsigned>(c - invalid_utf8_base), at + 1);
            fail(buffer, at);
        }
        if (auto it = lookalikes().find(c); it != lookalikes().end())
            fail("'" + encode_utf8(c) + "' (" + code_point_name(c) + ") at column " +
                     std::to_string(at + 1) + " is not the Latin letter '" +
                     std::string(1, it->second) + "' it looks like: type '" +
                     std::string(1, it->second) + "'",
                 at);
        if (c == 0) fail("NUL character at column " + std::to_string(at + 1), at);
        if (is_invisible_or_control(c))
            fail("invisible or control character " + code_point_name(c) + " at column " +
                     std::to_string(at + 1),
                 at);
        fail("unexpected character '" + encode_utf8(c) + "' (" + code_point_name(c) +
                 ") at column " + std::to_string(at + 1),
             at);
    }

    // LaTeX as copied from the notes: the commands with a plain spelling are read as it.
    void lex_latex(std::size_t start) {
        std::string command;
        while (pos_ < text_.size() && is_ascii_letter(text_[pos_]))
            command += static_cast<char>(text_[pos_++]);
        if (command == "cdot" || command == "times") return push(TokenKind::star, "*", start);
        if (command == "frac") {
            if (try_latex_derivative_operator(start)) return;
            return push(TokenKind::frac, "\\frac", start);
        }
        if (command == "left" || command == "right") return; // \left( is (
        if (command == "pi") return resolve_single("pi", start);
        if (command == "sigma") return resolve_single("σ", start);
        if (is_greek_word(command)) return resolve_single(command, start);
        if (command == "operatorname") {
            // \operatorname{ReLU}: the name in the braces
            if (peek() == '{') {
                std::size_t close = pos_ + 1;
                std::string name;
                while (close < text_.size() && is_name_char(text_[close]))
                    name += static_cast<char>(text_[close++]);
                if (close < text_.size() && text_[close] == '}' && is_function_name(name)) {
                    pos_ = close + 1;
                    return resolve_single(name, start);
                }
            }
        }
        if (is_function_name(command)) return resolve_single(command, start);
        fail("the LaTeX command '\\" + command + "' at column " + std::to_string(start + 1) +
                 " is not read: write it in the plain spelling (e^(x), sqrt(x), (a)/(b), *)",
             start);
    }

    // \frac{d}{dx}, \frac{\partial}{\partial x}: the derivative operator d/dx as LaTeX writes
    // it, never the quotient of the letters d and dx. pos_ is just after "\frac".
    bool try_latex_derivative_operator(std::size_t start) {
        std::size_t i = pos_;
        auto skip = [&] {
            while (i < text_.size() && is_space(text_[i]))
                ++i;
        };
        auto take = [&](char32_t c) {
            skip();
            if (i >= text_.size() || text_[i] != c) return false;
            ++i;
            return true;
        };
        // d, ∂ or \partial; which one, in `partial`
        auto marker = [&](bool& partial) {
            skip();
            if (i < text_.size() && (text_[i] == 'd' || text_[i] == U'∂')) {
                partial = text_[i] == U'∂';
                ++i;
                return true;
            }
            static const std::u32string command = U"\\partial";
            if (i + command.size() <= text_.size() &&
                std::equal(command.begin(), command.end(),
                           text_.begin() + static_cast<std::ptrdiff_t>(i))) {
                partial = true;
                i += command.size();
                return true;
            }
            return false;
        };
        bool top_partial = false, bottom_partial = false;
        if (!take('{') || !marker(top_partial) || !take('}') || !take('{') ||
            !marker(bottom_partial) || top_partial != bottom_partial)
            return false;
        skip();
        std::string name;
        if (i < text_.size() && greek_letters().count(text_[i])) {
            name = greek_letters().at(text_[i++]);
        } else {
            while (i < text_.size() && is_name_char(text_[i]))
                name += static_cast<char>(text_[i++]);
        }
        if (!take('}') || !is_derivative_variable(name)) return false;
        pos_ = i;
        Token token;
        token.kind = TokenKind::derivative;
        token.text = name;
        token.column = start + 1;
        token.power = top_partial ? 1 : 0;
        tokens_.push_back(std::move(token));
        return true;
    }

    // A name that d/d<name> can differentiate in: one variable, not a word.
    bool is_derivative_variable(const std::string& name) const {
        return !name.empty() && is_ascii_letter(static_cast<unsigned char>(name[0])) &&
               (name.size() == 1 || is_simple_atom(name) || declared_.count(name) ||
                is_greek_word(name));
    }

    void lex_number() {
        std::size_t start = pos_;
        std::string digits;
        std::size_t fraction_digits = 0;
        while (is_digit(peek()))
            digits += static_cast<char>(text_[pos_++]);
        if (peek() == '.' && is_digit(peek(1))) {
            ++pos_;
            while (is_digit(peek())) {
                digits += static_cast<char>(text_[pos_++]);
                ++fraction_digits;
            }
        } else if (peek() == '.' && !digits.empty()) {
            ++pos_; // "3." is 3
        }
        // "1.2.3" is a typo, not 1.2 · 0.3.
        if (peek() == '.' && is_digit(peek(1)))
            fail("a second decimal point at column " + std::to_string(pos_ + 1) +
                     " in the number at column " + std::to_string(start + 1),
                 pos_);
        long exponent = 0;
        // An exponent only when digits follow: "2e^x" is 2·e^x, "5.1e-2" is 0.051.
        if ((peek() == 'e' || peek() == 'E') &&
            (is_digit(peek(1)) || ((peek(1) == '-' || peek(1) == '+') && is_digit(peek(2))))) {
            ++pos_;
            bool negative = peek() == '-';
            if (peek() == '-' || peek() == '+') ++pos_;
            std::string exponent_digits;
            while (is_digit(peek()))
                exponent_digits += static_cast<char>(text_[pos_++]);
            if (exponent_digits.size() > 4)
                fail("number too large at column " + std::to_string(start + 1) +
                         ": the exponent has " + std::to_string(exponent_digits.size()) + " digits",
                     start);
            exponent = std::stol(exponent_digits) * (negative ? -1 : 1);
        }
        if (digits.size() > options_.max_digits)
            fail("number too long at column " + std::to_string(start + 1) + ": " +
                     std::to_string(digits.size()) + " digits (the limit is " +
                     std::to_string(options_.max_digits) + ")",
                 start);
        if (std::labs(exponent) > 1000)
            fail("number too large at column " + std::to_string(start + 1) + ": exponent 10^" +
                     std::to_string(exponent) + " (the limit is 10^±1000)",
                 start);
        Token token;
        token.kind = TokenKind::number;
        token.column = start + 1;
        // Encoded as "digits|scale": the parser builds the exact rational digits·10^scale.
        token.text = digits + "|" + std::to_string(exponent - static_cast<long>(fraction_digits));
        tokens_.push_back(std::move(token));
    }

    void lex_superscript() {
        std::size_t start = pos_;
        bool negative = false;
        if (peek() == U'⁻') {
            negative = true;
            ++pos_;
        }
        long value = 0;
        std::size_t count = 0;
        while (auto digit = superscript_digit(peek())) {
            if (++count > 6)
                fail("superscript power too long at column " + std::to_string(start + 1) +
                         ": at most 6 digits",
                     start);
            value = value * 10 + *digit;
            ++pos_;
        }
        if (count == 0)
            fail("superscript minus without digits at column " + std::to_string(start + 1), start);
        Token token;
        token.kind = TokenKind::superscript;
        token.column = start + 1;
        token.text = "superscript";
        token.power = negative ? -value : value;
        tokens_.push_back(std::move(token));
    }

    // d/dx, d/dz1, ∂/∂x: recognised before names so that "dx" is not read as d·x.
    bool try_derivative_operator() {
        std::size_t start = pos_;
        char32_t c = peek();
        if (c != 'd' && c != U'∂') return false;
        if (c == 'd' && pos_ > 0 && is_name_char(text_[pos_ - 1])) return false;
        std::size_t i = pos_ + 1;
        auto skip = [&] {
            while (i < text_.size() && is_space(text_[i]))
                ++i;
        };
        skip();
        if (i >= text_.size() || text_[i] != '/') return false;
        ++i;
        skip();
        if (i >= text_.size() || text_[i] != c) return false;
        ++i;
        std::string name;
        if (i < text_.size() && greek_letters().count(text_[i])) {
            name = greek_letters().at(text_[i++]);
        } else {
            while (i < text_.size() && is_name_char(text_[i]))
                name += static_cast<char>(text_[i++]);
        }
        if (!is_derivative_variable(name)) return false;
        pos_ = i;
        Token token;
        token.kind = TokenKind::derivative;
        token.text = name;
        token.column = start + 1;
        token.power = c == U'∂' ? 1 : 0;
        tokens_.push_back(std::move(token));
        return true;
    }

    void lex_name() {
        std::size_t start = pos_;
        std::string name;
        while (pos_ < text_.size() && is_name_char(text_[pos_]))
            name += static_cast<char>(text_[pos_++]);
        resolve_run(name, start);
    }

    bool followed_by_paren() const {
        std::size_t i = pos_;
        while (i < text_.size() && is_space(text_[i]))
            ++i;
        return i < text_.size() && text_[i] == '(';
    }

    bool is_atom(const std::string& name) const {
        if (options_.lets.count(name) || name == "e" || name == "pi") return true;
        if (options_.open) return is_simple_atom(name) || is_greek_word(name);
        return declared_.count(name) > 0;
    }

    // The fewest atoms that spell name, the last of which may be a function when a '(' follows.
    // Dynamic programming with back-pointers over pieces of bounded length: linear in the
    // length of the name, so that a 10,000-letter run is read at once.
    std::optional<std::vector<std::string>> split(const std::string& name, bool call) const {
        return split_with(name, call, [this](const std::string& piece) { return is_atom(piece); });
    }

    // The fewest declared names (variables, named values, e, π) that spell name.
    std::optional<std::vector<std::string>> declared_split(const std::string& name) const {
        return split_with(name, false, [this](const std::string& piece) {
            return declared_.count(piece) > 0 || options_.lets.count(piece) > 0 || piece == "e" ||
                   piece == "pi";
        });
    }

    template <typename IsAtom>
    std::optional<std::vector<std::string>> split_with(const std::string& name, bool call,
                                                       IsAtom is_atom) const {
        std::size_t longest = 64;
        for (const auto& declared : declared_)
            longest = std::max(longest, declared.size());
        for (const auto& [let, value] : options_.lets)
            longest = std::max(longest, let.size());
        constexpr std::size_t none = static_cast<std::size_t>(-1);
        std::size_t n = name.size();
        std::vector<std::size_t> count(n + 1, none), from(n + 1, none);
        count[0] = 0;
        for (std::size_t i = 0; i < n; ++i) {
            if (count[i] == none) continue;
            for (std::size_t j = i + 1; j <= n && j - i <= longest; ++j) {
                std::string piece = name.substr(i, j - i);
                bool ok = is_atom(piece) ||
                          (call && j == n && is_function_name(piece) && piece.size() > 1);
                if (!ok) continue;
                if (count[j] == none || count[i] + 1 < count[j]) {
                    count[j] = count[i] + 1;
                    from[j] = i;
                }
            }
        }
        if (count[n] == none) return std::nullopt;
        std::vector<std::string> parts;
        for (std::size_t j = n; j > 0; j = from[j])
            parts.push_back(name.substr(from[j], j - from[j]));
        std::reverse(parts.begin(), parts.end());
        return parts;
    }

    void resolve_run(const std::string& name, std::size_t start) {
        bool call = followed_by_paren();
        if (options_.lets.count(name) || (!options_.open && declared_.count(name)) || name == "e" ||
            name == "pi" || is_function_name(name))
            return resolve_single(name, start);
        if (options_.open && (is_simple_atom(name) || is_greek_word(name)))
            return resolve_single(name, start);
        if (name == "if" || name == "else") fail_python_conditional(start);
        // S_1 for the question's S1: the notes write the subscript.
        if (!options_.open && name.find('_') != std::string::npos) {
            std::string joined = name;
            joined.erase(std::remove(joined.begin(), joined.end(), '_'), joined.end());
            if (options_.lets.count(joined) || declared_.count(joined)) {
                resolve_single(joined, start);
                return;
            }
        }
        std::string suggestion = call ? suggest_function(name) : std::string();
        auto parts = split(name, call);
        // With declared variables, x·sin(x) is what "xsin(x)" spells, whatever it looks like.
        bool split_call =
            !options_.open && call && parts && parts->size() > 1 && is_function_name(parts->back());
        // Without declared variables (an instructor's --function or --expected), a word is
        // never a product of letters: `softplus` must not become s·o·f·t·p·l·u·s.
        if (!options_.open && (suggestion.empty() || split_call) && parts && parts->size() > 1) {
            std::size_t offset = start;
            for (const auto& part : *parts) {
                resolve_single(part, offset);
                offset += part.size();
            }
            return;
        }
        if (call) {
            std::string message =
                "unknown function '" + name + "' at column " + std::to_string(start + 1);
            message += suggestion.empty() ? ": the functions are listed by chainrule check --help"
                                          : ": did you mean " + suggestion + "?";
            fail(message, start);
        }
        if (options_.open) return read_open_word(name, parts, start);
        // An instructor's template or spec (closed, not a student's answer, whose names the
        // parser explains; with variables, not a parameter's arithmetic): a word close to a
        // function or a declared name is an error that says which; any other stays an unknown
        // name, which the caller reports with the question's variables.
        if (!options_.answer && !options_.variables.empty() && name.size() > 1) {
            if (std::string meant = word_suggestion(name); !meant.empty())
                fail("'" + name + "' at column " + std::to_string(start + 1) +
                         " is not a known name: " + meant,
                     start);
        }
        resolve_single(name, start);
    }

    // In open mode (an instructor's --function or --expected without --vars), a word is one
    // name or an error: a run such as `yz` is a product only of names declared (the --wrt
    // variables, named values), never of letters the lexer guessed. Reads a declared run as
    // its product; fails with the likely reading otherwise.
    void read_open_word(const std::string& name,
                        const std::optional<std::vector<std::string>>& parts, std::size_t start) {
        if (auto names = declared_split(name); names && names->size() > 1) {
            std::size_t offset = start;
            for (const auto& part : *names) {
                resolve_single(part, offset);
                offset += part.size();
            }
            return;
        }
        std::string head =
            "'" + name + "' at column " + std::to_string(start + 1) + " is not a known name: ";
        if (std::string meant = word_suggestion(name); !meant.empty()) fail(head + meant, start);
        if (parts && parts->size() > 1) {
            std::string product;
            for (const auto& part : *parts)
                product += (product.empty() ? "" : "*") + part;
            fail(head + "write " + product +
                     " for a product, or declare the names as variables (--vars)",
                 start);
        }
        fail(head + "declare it as a variable (--vars)", start);
    }

    // "did you mean ...?" for a word that is no name: a function's name misspelt or without
    // its parentheses (softpuls, sinx), a near miss of a declared name (w11 for w1); "" when
    // nothing is close.
    std::string word_suggestion(const std::string& name) const {
        // sinx: a function, then its argument, a name of the question (or, in open mode, one
        // variable)
        auto argument = [&](const std::string& rest) {
            return declared_.count(rest) > 0 || options_.lets.count(rest) > 0 ||
                   (options_.open && is_simple_atom(rest) && rest != "e"); // sine: sin
        };
        std::string function;
        for (std::size_t length = std::min<std::size_t>(name.size() - 1, 12); length >= 2; --length)
            if (is_function_name(name.substr(0, length)) && argument(name.substr(length))) {
                function = name.substr(0, length) + "(" + name.substr(length) + ")";
                break;
            }
        if (function.empty()) function = suggest_function(name);
        if (!function.empty())
            return "did you mean " + function + "? (a function's argument goes in parentheses)";
        for (const auto& candidate : declared_)
            if (candidate.size() > 1 && name.size() > 1 && edit_distance(candidate, name) == 1)
                return "did you mean " + candidate + "?";
        return "";
    }

    // `a if c else b` (Python): refused, with the piecewise that says the same.
    [[noreturn]] void fail_python_conditional(std::size_t at) const {
        std::string message = "a Python-style conditional ('if' at column " +
                              std::to_string(at + 1) + ") is not read";
        std::size_t if_at = find_word("if"), else_at = find_word("else");
        if (if_at < else_at && else_at < text_.size()) {
            std::string a = trimmed(0, if_at), c = trimmed(if_at + 2, else_at),
                        b = trimmed(else_at + 4, text_.size());
            if (!a.empty() && !b.empty() && !c.empty())
                fail(message + ": write piecewise(" + c + ", " + a + ", " + b + ")", at);
        }
        fail(message + ": write piecewise(condition, value, otherwise)", at);
    }

    std::size_t find_word(const std::string& word) const {
        for (std::size_t i = 0; i + word.size() <= text_.size(); ++i) {
            bool match = true;
            for (std::size_t k = 0; k < word.size() && match; ++k)
                match = text_[i + k] == static_cast<char32_t>(word[k]);
            if (!match) continue;
            bool before = i > 0 && is_name_char(text_[i - 1]);
            bool after = i + word.size() < text_.size() && is_name_char(text_[i + word.size()]);
            if (!before && !after) return i;
        }
        return text_.size();
    }

    std::string encode_points(std::size_t from, std::size_t to) const {
        std::string out;
        for (std::size_t i = from; i < to && i < text_.size(); ++i)
            out += encode_utf8(text_[i]);
        return out;
    }

    std::string trimmed(std::size_t from, std::size_t to) const {
        while (from < to && is_space(text_[from]))
            ++from;
        while (to > from && is_space(text_[to - 1]))
            --to;
        return encode_points(from, to);
    }

    void resolve_single(const std::string& name, std::size_t start) {
        Token token;
        token.kind = TokenKind::name;
        token.text = name;
        token.column = start + 1;
        if (options_.lets.count(name))
            token.name_kind = NameKind::named_value;
        else if (!options_.open && declared_.count(name))
            token.name_kind = NameKind::variable;
        else if (name == "e" || name == "pi")
            token.name_kind = NameKind::constant;
        else if (is_function_name(name)) {
            token.name_kind = NameKind::function;
            token.text = canonical_function(name);
        } else
            token.name_kind = options_.open ? NameKind::variable : NameKind::unknown_variable;
        tokens_.push_back(std::move(token));
    }

    const std::string& input_;
    const std::vector<char32_t>& text_;
    const ParseOptions& options_;
    std::set<std::string> declared_;
    std::size_t pos_ = 0;
    std::vector<Token> tokens_;
};

} // namespace

bool is_function_name(const std::string& name) {
    return find_function(name) != nullptr;
}

std::string canonical_function(const std::string& name) {
    const FunctionRow* row = find_function(name);
    return row ? std::string(row->name) : name;
}

std::vector<Token> tokenize(const std::string& input, const std::vector<char32_t>& text,
                            const ParseOptions& options) {
    return Lexer(input, text, options).run();
}

} // namespace chainrule
