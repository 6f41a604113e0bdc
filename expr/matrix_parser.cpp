#include "expr/matrix_parser.hpp"

#include "expr/char_class.hpp"
#include "expr/lexer.hpp"
#include "expr/utf8.hpp"

#include <map>
#include <optional>

namespace chainrule {

namespace {

using Kind = MatrixNode::Kind;

enum class Tok {
    number,
    name,
    ones, ///< 1_n: `text` is the dimension
    plus,
    minus,
    product,  ///< * @ × ·
    hadamard, ///< ⊙ ∘ .*
    hadamard_divide,
    divide,
    caret,
    elementwise_caret,
    transpose, ///< ' ’ ᵀ ⊤
    superscript,
    lparen,
    rparen,
    comma,
    greater,
    greater_equal,
    less,
    less_equal,
    norm, ///< ‖ or ||
    end,
};

struct Token {
    Tok kind = Tok::end;
    std::string text;
    std::size_t column = 0;
};

bool is_letter(char32_t c) {
    return is_ascii_letter(c) || is_greek_letter(c);
}

// The canonical matrix-language function for a name as typed, or "".
std::string function_of(const std::string& name) {
    static const std::map<std::string, std::string> own = {
        {"diag", "diag"},
        {"eye", "eye"},
        {"ones", "ones"},
        {"zeros", "zeros"},
        {"sum", "sum"},
        {"outer", "outer"},
        {"trace", "trace"},
        {"tr", "trace"},
        {"norm2", "norm2"},
        {"sqnorm", "norm2"},
        {"dot", "dot"},
        {"sigmoid_prime", "sigmoid_prime"},
        {"dsigmoid", "sigmoid_prime"},
        {"relu_prime", "relu_prime"},
        {"tanh_prime", "tanh_prime"},
        {"softmax", "softmax"},
        {"sigma", "sigmoid"},
    };
    if (auto it = own.find(name); it != own.end()) return it->second;
    if (!is_function_name(name)) return "";
    std::string canonical = canonical_function(name);
    return is_elementwise_function(canonical) || canonical == "softmax" ? canonical : "";
}

class MatrixParser {
  public:
    MatrixParser(std::string_view text, const MatrixNames& names) : input_(text), names_(names) {
        if (text.size() > names.max_length)
            throw ParseError(
                "the expression is over " + std::to_string(names.max_length) + " bytes", "", 1);
        code_points_ = decode_utf8(text);
        tokenize();
    }

    MatrixNode parse() {
        if (tokens_.front().kind == Tok::end) fail("the expression is empty", 1);
        MatrixNode node = comparison();
        if (peek().kind != Tok::end) {
            const Token& t = peek();
            if (t.kind == Tok::rparen) fail("')' at column " + at(t) + " closes nothing", t.column);
            fail("unexpected '" + t.text + "' at column " + at(t), t.column);
        }
        return node;
    }

  private:
    [[noreturn]] void fail(const std::string& message, std::size_t column) const {
        throw ParseError(message, std::string(input_), column);
    }
    static std::string at(const Token& t) { return std::to_string(t.column); }

    // --- tokens ---
    void tokenize() {
        const auto& c = code_points_;
        std::size_t i = 0;
        auto push = [&](Tok kind, std::size_t from, std::size_t to) {
            std::string text;
            for (std::size_t k = from; k < to; ++k)
                text += encode_utf8(c[k]);
            tokens_.push_back({kind, text, from + 1});
            i = to;
        };
        while (i < c.size()) {
            char32_t ch = c[i];
            char32_t next = i + 1 < c.size() ? c[i + 1] : 0;
            if (ch == ' ' || ch == '\t' || ch == 0xA0) {
                ++i;
                continue;
            }
            if (ch >= invalid_utf8_base)
                fail("byte " + code_point_name(ch - invalid_utf8_base) + " at column " +
                         std::to_string(i + 1) + " is not UTF-8",
                     i + 1);
            if (is_digit(ch) || (ch == '.' && is_digit(next))) {
                std::size_t j = i;
                while (j < c.size() && is_digit(c[j]))
                    ++j;
                if (j + 1 < c.size() && c[j] == '.' && is_digit(c[j + 1])) {
                    ++j;
                    while (j < c.size() && is_digit(c[j]))
                        ++j;
                }
                if (j - i > 100)
                    fail("a number of over 100 digits at column " + std::to_string(i + 1), i + 1);
                if (j + 1 < c.size() && c[j] == '_' && is_letter(c[j + 1]) && j == i + 1 &&
                    ch == '1') { // 1_n: the vector of ones
                    std::size_t k = j + 1;
                    while (k < c.size() && (is_letter(c[k]) || is_digit(c[k])))
                        ++k;
                    std::string dim;
                    for (std::size_t q = j + 1; q < k; ++q)
                        dim += encode_utf8(c[q]);
                    tokens_.push_back({Tok::ones, dim, i + 1});
                    i = k;
                    continue;
                }
                push(Tok::number, i, j);
                continue;
            }
            if (is_letter(ch) && ch != U'σ') {
                std::size_t j = i;
                while (j < c.size() && (is_letter(c[j]) || is_digit(c[j]) || c[j] == '_') &&
                       c[j] != U'σ')
                    ++j;
                push(Tok::name, i, j);
                continue;
            }
            if (ch == U'σ') {
                push(Tok::name, i, i + 1);
                continue;
            }
            if (auto s = superscript_digit(ch)) {
                std::size_t j = i;
                while (j < c.size() && superscript_digit(c[j]))
                    ++j;
                std::string digits;
                for (std::size_t k = i; k < j; ++k)
                    digits += char('0' + *superscript_digit(c[k]));
                tokens_.push_back({Tok::superscript, digits, i + 1});
                i = j;
                continue;
            }
            switch (ch) {
            case '+':
                push(Tok::plus, i, i + 1);
                continue;
            case '-':
            case U'−':
                push(Tok::minus, i, i + 1);
                continue;
            case '*':
            case '@':
            case U'×':
            case U'·':
                push(Tok::product, i, i + 1);
                continue;
            case U'⊙':
            case U'∘':
                push(Tok::hadamard, i, i + 1);
                continue;
            case U'⊘':
                push(Tok::hadamard_divide, i, i + 1);
                continue;
            case '/':
                push(Tok::divide, i, i + 1);
                continue;
            case '^':
                push(Tok::caret, i, i + 1);
                continue;
            case '\'':
            case U'’':
            case U'ᵀ':
            case U'⊤':
                push(Tok::transpose, i, i + 1);
                continue;
            case '(':
                push(Tok::lparen, i, i + 1);
                continue;
            case ')':
                push(Tok::rparen, i, i + 1);
                continue;
            case ',':
                push(Tok::comma, i, i + 1);
                continue;
            case U'‖':
                push(Tok::norm, i, i + 1);
                continue;
            case U'≥':
                push(Tok::greater_equal, i, i + 1);
                continue;
            case U'≤':
                push(Tok::less_equal, i, i + 1);
                continue;
            case '|':
                if (next == '|') {
                    push(Tok::norm, i, i + 2);
                    continue;
                }
                break;
            case '>':
                push(next == '=' ? Tok::greater_equal : Tok::greater, i,
                     next == '=' ? i + 2 : i + 1);
                continue;
            case '<':
                push(next == '=' ? Tok::less_equal : Tok::less, i, next == '=' ? i + 2 : i + 1);
                continue;
            case '.':
                if (next == '*') {
                    push(Tok::hadamard, i, i + 2);
                    continue;
                }
                if (next == '/') {
                    push(Tok::hadamard_divide, i, i + 2);
                    continue;
                }
                if (next == '^') {
                    push(Tok::elementwise_caret, i, i + 2);
                    continue;
                }
                break;
            default:
                break;
            }
            std::string shown =
                is_invisible_or_control(ch) ? "<" + code_point_name(ch) + ">" : encode_utf8(ch);
            fail("'" + shown + "' at column " + std::to_string(i + 1) +
                     " is not part of the matrix language",
                 i + 1);
        }
        tokens_.push_back({Tok::end, "", c.size() + 1});
    }

    const Token& peek(std::size_t ahead = 0) const {
        return tokens_[std::min(position_ + ahead, tokens_.size() - 1)];
    }
    Token take() {
        Token t = peek();
        if (position_ < tokens_.size() - 1) ++position_;
        return t;
    }
    void expect(Tok kind, const char* what, const Token& opening) {
        if (peek().kind != kind) {
            const Token& t = peek();
            fail(std::string("expected ") + what + " at column " + at(t) +
                     " to close the one at column " + at(opening) +
                     (t.kind == Tok::end ? ", but the expression ended" : ""),
                 t.column);
        }
        take();
    }

    struct Depth {
        explicit Depth(MatrixParser& p) : parser(p) {
            if (++parser.depth_ > parser.names_.max_depth)
                parser.fail("the expression is nested over " +
                                std::to_string(parser.names_.max_depth) + " levels deep",
                            parser.peek().column);
        }
        ~Depth() { --parser.depth_; }
        MatrixParser& parser;
    };

    static MatrixNode make(Kind kind, std::vector<MatrixNode> children, std::size_t column,
                           std::string text = "") {
        MatrixNode node;
        node.kind = kind;
        node.children = std::move(children);
        node.column = column;
        node.text = std::move(text);
        return node;
    }

    // --- grammar ---
    MatrixNode comparison() {
        MatrixNode left = additive();
        Tok k = peek().kind;
        if (k == Tok::greater || k == Tok::greater_equal || k == Tok::less ||
            k == Tok::less_equal) {
            Token op = take();
            MatrixNode right = additive();
            bool strict = k == Tok::greater || k == Tok::less;
            bool flip = k == Tok::less || k == Tok::less_equal;
            return make(strict ? Kind::greater : Kind::greater_equal,
                        flip ? std::vector<MatrixNode>{right, left}
                             : std::vector<MatrixNode>{left, right},
                        op.column);
        }
        return left;
    }

    MatrixNode additive() {
        Depth depth(*this);
        MatrixNode left = term();
        while (peek().kind == Tok::plus || peek().kind == Tok::minus) {
            Token op = take();
            MatrixNode right = term();
            left =
                make(op.kind == Tok::plus ? Kind::sum : Kind::difference, {left, right}, op.column);
        }
        return left;
    }

    bool starts_operand(const Token& t) const {
        switch (t.kind) {
        case Tok::number:
        case Tok::name:
        case Tok::ones:
        case Tok::lparen:
            return true;
        case Tok::norm:
            return norm_depth_ == 0;
        default:
            return false;
        }
    }

    MatrixNode term() {
        MatrixNode left = unary();
        while (true) {
            const Token& t = peek();
            Kind kind;
            if (t.kind == Tok::product)
                kind = Kind::product;
            else if (t.kind == Tok::hadamard)
                kind = Kind::hadamard;
            else if (t.kind == Tok::hadamard_divide)
                kind = Kind::hadamard_divide;
            else if (t.kind == Tok::divide)
                kind = Kind::divide;
            else if (starts_operand(t))
                kind = Kind::product;
            else
                break;
            std::size_t column = t.column;
            if (!starts_operand(t)) take();
            if (peek().kind == Tok::end)
                fail("the expression ends after '" + t.text + "' at column " + at(t), t.column);
            MatrixNode right = unary();
            left = make(kind, {left, right}, column);
        }
        return left;
    }

    MatrixNode unary() {
        Depth depth(*this);
        if (peek().kind == Tok::minus) {
            Token op = take();
            return make(Kind::negation, {unary()}, op.column);
        }
        if (peek().kind == Tok::plus) {
            take();
            return unary();
        }
        return postfix();
    }

    MatrixNode postfix() {
        MatrixNode node = primary();
        while (true) {
            const Token& t = peek();
            if (t.kind == Tok::transpose) {
                take();
                node = make(Kind::transpose, {node}, t.column);
            } else if (t.kind == Tok::superscript) {
                Token s = take();
                node = make(Kind::power, {node, number_node(s.text, s.column)}, s.column);
            } else if (t.kind == Tok::caret || t.kind == Tok::elementwise_caret) {
                Token op = take();
                if (op.kind == Tok::caret && peek().kind == Tok::name &&
                    (peek().text == "T" || peek().text == "⊤") && !names_.matrices.count("T") &&
                    !names_.lets.count("T")) {
                    take();
                    node = make(Kind::transpose, {node}, op.column);
                    continue;
                }
                if (op.kind == Tok::caret && peek().kind == Tok::transpose) {
                    take();
                    node = make(Kind::transpose, {node}, op.column);
                    continue;
                }
                MatrixNode exponent = exponent_operand(op);
                node = make(op.kind == Tok::caret ? Kind::power : Kind::elementwise_power,
                            {node, exponent}, op.column);
            } else {
                break;
            }
        }
        return node;
    }

    MatrixNode exponent_operand(const Token& op) {
        if (peek().kind == Tok::minus) {
            Token minus = take();
            return make(Kind::negation, {exponent_operand(op)}, minus.column);
        }
        if (peek().kind == Tok::number) {
            Token n = take();
            return number_node(n.text, n.column);
        }
        if (peek().kind == Tok::lparen) {
            Token open = take();
            Depth depth(*this);
            MatrixNode inner = additive();
            expect(Tok::rparen, "')'", open);
            return inner;
        }
        fail("expected an exponent after '^' at column " + at(op) +
                 " (a number, or T for the transpose)",
             peek().column);
    }

    MatrixNode number_node(const std::string& text, std::size_t column) const {
        MatrixNode node;
        node.kind = Kind::number;
        node.column = column;
        std::size_t dot = text.find('.');
        if (dot == std::string::npos) {
            node.number = GiNaC::numeric(text.c_str());
        } else {
            std::string digits = text.substr(0, dot) + text.substr(dot + 1);
            std::string denominator = "1" + std::string(text.size() - dot - 1, '0');
            node.number = GiNaC::numeric(digits.c_str()) / GiNaC::numeric(denominator.c_str());
        }
        node.text = text;
        return node;
    }

    MatrixNode primary() {
        Depth depth(*this);
        const Token& t = peek();
        switch (t.kind) {
        case Tok::number: {
            Token n = take();
            return number_node(n.text, n.column);
        }
        case Tok::ones: {
            Token o = take();
            if (!names_.dimensions.count(o.text))
                fail("1_" + o.text + " at column " + at(o) + ": '" + o.text +
                         "' is not a dimension of the question",
                     o.column);
            MatrixNode dim = make(Kind::dimension, {}, o.column + 2, o.text);
            return make(Kind::call, {dim}, o.column, "ones");
        }
        case Tok::lparen: {
            Token open = take();
            MatrixNode inner = comparison();
            expect(Tok::rparen, "')'", open);
            return inner;
        }
        case Tok::norm: {
            Token open = take();
            ++norm_depth_;
            MatrixNode inner = additive();
            --norm_depth_;
            expect(Tok::norm, "'‖'", open);
            bool squared = false;
            if (peek().kind == Tok::superscript && peek().text == "2") {
                take();
                squared = true;
            } else if (peek().kind == Tok::caret && peek(1).kind == Tok::number &&
                       peek(1).text == "2") {
                take();
                take();
                squared = true;
            }
            if (!squared)
                fail("‖…‖ at column " + at(open) +
                         " must be squared: the language has ‖v‖² (norm2(v)), not the norm itself",
                     open.column);
            return make(Kind::call, {inner}, open.column, "norm2");
        }
        case Tok::name:
            return name();
        case Tok::end:
            fail("the expression ends where a value was expected", t.column);
        default:
            fail("unexpected '" + t.text + "' at column " + at(t), t.column);
        }
    }

    MatrixNode name() {
        Token t = take();
        if (names_.matrices.count(t.text) || names_.lets.count(t.text))
            return make(Kind::name, {}, t.column, t.text);
        if (names_.dimensions.count(t.text)) return make(Kind::dimension, {}, t.column, t.text);
        if (t.text == "I") return make(Kind::identity, {}, t.column);
        std::string function = function_of(t.text);
        if (!function.empty()) {
            if (peek().kind == Tok::transpose && peek(1).kind == Tok::lparen) {
                take(); // σ'(z): the derivative, entry by entry
                if (function == "sigmoid" || function == "tanh" || function == "relu")
                    function += "_prime";
                else
                    fail(t.text + "' at column " + at(t) +
                             ": only σ', tanh' and ReLU' are named derivatives",
                         t.column);
            }
            if (peek().kind != Tok::lparen)
                fail("function '" + t.text + "' at column " + at(t) +
                         " needs its argument in parentheses: " + t.text + "(...)",
                     t.column);
            Token open = take();
            std::vector<MatrixNode> args;
            if (peek().kind != Tok::rparen) {
                args.push_back(comparison());
                while (peek().kind == Tok::comma) {
                    take();
                    args.push_back(comparison());
                }
            }
            expect(Tok::rparen, "')'", open);
            return make(Kind::call, std::move(args), t.column, function);
        }
        // A run of declared names without spaces: Wx is W x.
        if (auto pieces = split(t.text)) {
            std::size_t column = t.column;
            std::optional<MatrixNode> product;
            for (const auto& piece : *pieces) {
                MatrixNode factor = names_.dimensions.count(piece)
                                        ? make(Kind::dimension, {}, column, piece)
                                    : piece == "I" ? make(Kind::identity, {}, column)
                                                   : make(Kind::name, {}, column, piece);
                product = product ? make(Kind::product, {*product, factor}, column) : factor;
                column += decode_utf8(piece).size();
            }
            return *product;
        }
        throw UnknownMatrixName("'" + t.text + "' at column " + at(t) +
                                    " is not a name of the question" + declared_names(),
                                std::string(input_), t.column, t.text);
    }

    std::string declared_names() const {
        std::string list;
        for (const auto& n : names_.matrices)
            list += (list.empty() ? "" : ", ") + n;
        for (const auto& n : names_.lets)
            list += (list.empty() ? "" : ", ") + n;
        return list.empty() ? "" : " (it has " + list + ")";
    }

    bool known_piece(const std::string& s) const {
        return names_.matrices.count(s) || names_.lets.count(s) || names_.dimensions.count(s) ||
               s == "I";
    }

    std::optional<std::vector<std::string>> split(const std::string& text) const {
        std::vector<char32_t> cps = decode_utf8(text);
        std::size_t n = cps.size();
        if (n > 64) return std::nullopt;
        // best[i]: a split of the first i code points, preferring long pieces.
        std::vector<std::optional<std::vector<std::string>>> best(n + 1);
        best[0] = std::vector<std::string>{};
        for (std::size_t i = 0; i < n; ++i) {
            if (!best[i]) continue;
            std::string piece;
            for (std::size_t j = i; j < n; ++j) {
                piece += encode_utf8(cps[j]);
                if (!known_piece(piece)) continue;
                auto candidate = *best[i];
                candidate.push_back(piece);
                if (!best[j + 1] || candidate.size() < best[j + 1]->size()) best[j + 1] = candidate;
            }
        }
        if (!best[n] || best[n]->size() < 2) return std::nullopt;
        return best[n];
    }

    std::string_view input_;
    const MatrixNames& names_;
    std::vector<char32_t> code_points_;
    std::vector<Token> tokens_;
    std::size_t position_ = 0;
    std::size_t depth_ = 0;
    int norm_depth_ = 0;
};

} // namespace

MatrixNode parse_matrix_expression(std::string_view text, const MatrixNames& names) {
    return MatrixParser(text, names).parse();
}

} // namespace chainrule
