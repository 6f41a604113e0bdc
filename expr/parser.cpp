// Over 600 lines, one job: the answer language's grammar, to a syntax tree and a GiNaC value,
// with the checks of closed mode (only the question's names) and the error messages with a
// caret; the tokens are the lexer's (expr/lexer.cpp), the functions the table's.
#include "expr/parser.hpp"
#include "expr/written_decimal.hpp"

#include "expr/printer.hpp"

#include "expr/edit_distance.hpp"
#include "expr/errors.hpp"
#include "expr/function_table.hpp"
#include "expr/functions.hpp"
#include "expr/lexer.hpp"
#include "expr/structure.hpp"
#include "expr/symbols.hpp"
#include "expr/utf8.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <set>

namespace chainrule {

using GiNaC::ex;
using GiNaC::ex_to;
using GiNaC::is_a;
using GiNaC::numeric;

namespace {

// Bits above which an exact number is refused: 10^10^10 must fail fast, not fill memory.
constexpr double max_number_bits = 20000;

// The bits of an exact rational p/q: log2 |p| + log2 q (0 for 1), so that the limit on a
// power b^n (n times this) and the digits shown in its message are about right: 2^10000 has
// 10000 bits and 3011 digits, not the 30000 bits that whole int_lengths would count.
double bit_length(const numeric& n) {
    auto log2_of = [](const numeric& i) {
        double d = abs(i).to_double();
        return std::isfinite(d) && d > 0 ? std::log2(d) : static_cast<double>(i.int_length());
    };
    return log2_of(n.numer()) + log2_of(n.denom());
}

class Parser {
  public:
    Parser(const std::string& input, std::vector<Token> tokens, const ParseOptions& options)
        : input_(input), tokens_(std::move(tokens)), options_(options) {}

    ParseResult run() {
        ExprValue value = comparison();
        if (peek().kind != TokenKind::end) unexpected(peek());
        ParseResult result;
        result.value = std::move(value);
        result.unknown_names.assign(unknown_.begin(), unknown_.end());
        if (options_.keep_syntax && syntax_.size() == 1) result.syntax = std::move(syntax_.front());
        return result;
    }

  private:
    const Token& peek(std::size_t ahead = 0) const {
        std::size_t i = std::min(pos_ + ahead, tokens_.size() - 1);
        return tokens_[i];
    }
    const Token& advance() {
        const Token& token = tokens_[pos_];
        if (pos_ + 1 < tokens_.size()) ++pos_;
        return token;
    }
    bool accept(TokenKind kind) {
        if (peek().kind != kind) return false;
        advance();
        return true;
    }

    [[noreturn]] void fail(const std::string& message, std::size_t column) const {
        throw ParseError(message, input_, column);
    }

    static std::string describe(const Token& token) {
        switch (token.kind) {
        case TokenKind::end:
            return "end of input";
        case TokenKind::number:
            return "number";
        case TokenKind::name:
            return "'" + token.text + "'";
        case TokenKind::superscript:
            return "superscript";
        case TokenKind::derivative:
            return "derivative operator";
        default:
            return "'" + token.text + "'";
        }
    }

    [[noreturn]] void unexpected(const Token& token) const {
        // 3,5: a decimal comma
        if (token.kind == TokenKind::comma && pos_ > 0 &&
            tokens_[pos_ - 1].kind == TokenKind::number && peek(1).kind == TokenKind::number &&
            peek(1).column == token.column + 1 &&
            tokens_[pos_ - 1].text.find("|0") != std::string::npos) {
            std::string whole = tokens_[pos_ - 1].text.substr(0, tokens_[pos_ - 1].text.find('|'));
            std::string part = peek(1).text.substr(0, peek(1).text.find('|'));
            fail("unexpected ',' at column " + std::to_string(token.column) + ": did you mean " +
                     whole + "." + part + "? (the decimal point is '.')",
                 token.column);
        }
        if (token.kind == TokenKind::end)
            fail("unexpected end of input at column " + std::to_string(token.column) +
                     ": an expression is missing",
                 token.column);
        fail("unexpected " + describe(token) + " at column " + std::to_string(token.column),
             token.column);
    }

    void expect(TokenKind kind, const std::string& what, const Token& opener) {
        if (accept(kind)) return;
        const Token& token = peek();
        if (token.kind == TokenKind::end)
            fail("missing " + what + " to close '" + opener.text + "' opened at column " +
                     std::to_string(opener.column),
                 token.column);
        fail("expected " + what + " at column " + std::to_string(token.column) + " (to close '" +
                 opener.text + "' opened at column " + std::to_string(opener.column) + "), found " +
                 describe(token),
             token.column);
    }

    struct DepthGuard {
        Parser& parser;
        DepthGuard(Parser& p, std::size_t column) : parser(p) {
            if (++parser.depth_ > parser.options_.max_depth)
                parser.fail("nesting too deep at column " + std::to_string(column) +
                                " (the limit is " + std::to_string(parser.options_.max_depth) +
                                " levels)",
                            column);
        }
        ~DepthGuard() { --parser.depth_; }
    };

    // --- the answer as typed (ParseOptions::keep_syntax) ---

    std::size_t mark() const { return syntax_.size(); }

    void keep_op(std::vector<char>& ops, char op) const {
        if (options_.keep_syntax) ops.push_back(op);
    }

    void leaf(Syntax::Kind kind, std::string text, const ExprValue& value) {
        if (!options_.keep_syntax) return;
        Syntax node;
        node.kind = kind;
        node.text = std::move(text);
        node.value = value.is_scalar() ? value.scalar() : ex(0);
        syntax_.push_back(std::move(node));
    }

    // The nodes recorded since `from` become the children of one node.
    void fold(std::size_t from, Syntax::Kind kind, std::string text, std::vector<char> ops,
              const ExprValue& value) {
        if (!options_.keep_syntax) return;
        Syntax node;
        node.kind = kind;
        node.text = std::move(text);
        node.ops = std::move(ops);
        node.value = value.is_scalar() ? value.scalar() : ex(0);
        node.children.assign(
            std::make_move_iterator(syntax_.begin() + static_cast<std::ptrdiff_t>(from)),
            std::make_move_iterator(syntax_.end()));
        syntax_.resize(from);
        syntax_.push_back(std::move(node));
    }

    // --- values: scalars, vectors, matrices ---

    ex scalar_of(const ExprValue& value, std::size_t column, const char* where) const {
        if (!value.is_scalar())
            fail(std::string(where) + " at column " + std::to_string(column) +
                     " needs a single expression, not " + describe_shape(value),
                 column);
        return value.scalar();
    }

    ExprValue combine(const ExprValue& a, const ExprValue& b, char op, std::size_t column) {
        if (a.is_scalar() && b.is_scalar()) {
            switch (op) {
            case '+':
                return ExprValue(a.scalar() + b.scalar());
            case '-':
                return ExprValue(a.scalar() - b.scalar());
            case '*':
                return ExprValue(a.scalar() * b.scalar());
            default:
                return ExprValue(divide(a.scalar(), b.scalar(), column));
            }
        }
        if ((op == '+' || op == '-') && a.shape == b.shape && a.rows == b.rows &&
            a.cols == b.cols) {
            ExprValue out = a;
            for (std::size_t i = 0; i < out.entries.size(); ++i)
                out.entries[i] =
                    op == '+' ? a.entries[i] + b.entries[i] : a.entries[i] - b.entries[i];
            return out;
        }
        if (op == '*' && (a.is_scalar() || b.is_scalar())) {
            const ExprValue& scalar = a.is_scalar() ? a : b;
            ExprValue out = a.is_scalar() ? b : a;
            for (auto& entry : out.entries)
                entry = scalar.scalar() * entry;
            return out;
        }
        if (op == '/' && b.is_scalar()) {
            ExprValue out = a;
            for (auto& entry : out.entries)
                entry = divide(entry, b.scalar(), column);
            return out;
        }
        std::string verb = op == '+'   ? "add"
                           : op == '-' ? "subtract"
                           : op == '*' ? "multiply"
                                       : "divide";
        fail("cannot " + verb + " " + describe_shape(a) + " and " + describe_shape(b) +
                 " at column " + std::to_string(column),
             column);
    }

    ex divide(const ex& a, const ex& b, std::size_t column) const {
        if (b.is_zero()) fail("division by zero at column " + std::to_string(column), column);
        return a / b;
    }

    ex make_power(const ex& base, const ex& exponent, std::size_t column) const {
        // 0^u is 0 where u > 0 and undefined elsewhere; its derivative takes log(0), which
        // GiNaC throws from inside a new object that then leaks (found by fuzz_check).
        if (is_a<numeric>(base) && ex_to<numeric>(base).is_zero() && !is_a<numeric>(exponent))
            fail("0 to the power " + print(exponent) + " at column " + std::to_string(column) +
                     " is undefined where the power is not positive: write 0, or the power",
                 column);
        if (is_a<numeric>(exponent)) {
            const numeric& n = ex_to<numeric>(exponent);
            if (is_a<numeric>(base)) {
                const numeric& b = ex_to<numeric>(base);
                // GiNaC throws for 0^0 from inside a new object, which then leaks (found by
                // fuzz_parse with LeakSanitizer): refuse it here.
                if (b.is_zero() && n.is_zero())
                    fail("0^0 is undefined at column " + std::to_string(column), column);
                if (b.is_zero() && n.is_negative())
                    fail("division by zero at column " + std::to_string(column) +
                             ": 0 to a negative power",
                         column);
                // A fractional power too: GiNaC works out 100^(10^8/3) as an integer power
                // times a root (and throws, leaking, where it overflows).
                if (n.is_rational() && !b.is_zero() && !(abs(b) == 1)) {
                    double bits = bit_length(b) * std::abs(n.to_double());
                    if (!(bits <= max_number_bits)) {
                        const double digits = bits * std::log10(2.0);
                        fail("number too large at column " + std::to_string(column) +
                                 ": the power has " +
                                 (digits < 1e18 ? "about " + std::to_string(std::llround(digits))
                                                : std::string("more than 10^18")) +
                                 " digits",
                             column);
                    }
                }
            } else if (n.is_rational()) {
                // GiNaC takes a sum's common factor out of a power: (x/3 + 1)^n holds (1/3)^n,
                // and a power of such a sum holds the power of that power: (a/3 + b)^621)^81.
                auto too_large = [&](const numeric& factor) {
                    return !(abs(factor) == 1) &&
                           !(bit_length(factor) * std::abs(n.to_double()) <= max_number_bits);
                };
                auto named = [](const numeric& factor) {
                    std::string text = print(ex(factor));
                    return text.size() <= 40 ? "the common factor " + text
                                             : "a common factor of about " +
                                                   std::to_string(std::llround(bit_length(factor) *
                                                                               std::log10(2.0))) +
                                                   " digits";
                };
                if (n.is_integer() && is_a<GiNaC::add>(base) &&
                    too_large(ex_to<numeric>(base.integer_content())))
                    fail("power too large at column " + std::to_string(column) + ": a sum with " +
                             named(ex_to<numeric>(base.integer_content())) + " to the power " +
                             print(ex(n)),
                         column);
                // and a product's coefficient, for a fractional power as well: (100x)^(10^7/3).
                if (is_a<GiNaC::mul>(base)) {
                    ex coefficient = base.op(base.nops() - 1);
                    if (is_a<numeric>(coefficient) && too_large(ex_to<numeric>(coefficient)))
                        fail("power too large at column " + std::to_string(column) +
                                 ": a product with a coefficient to the power " + print(ex(n)),
                             column);
                }
            }
        }
        if (is_a<GiNaC::function>(base) && is_ex_the_function(base, GiNaC::exp) &&
            base.op(0).is_equal(1))
            return GiNaC::exp(exponent);
        ex result;
        try {
            result = GiNaC::pow(base, exponent);
        } catch (const std::exception&) {
            fail("cannot take this power at column " + std::to_string(column), column);
        }
        return real_only(result, column, "(" + print(base) + ")^(" + print(exponent) + ")");
    }

    // GiNaC evaluates sqrt(-1) to the imaginary unit; the course's values are real.
    static bool has_non_real_number(const ex& e) {
        if (is_a<numeric>(e)) return !ex_to<numeric>(e).is_real();
        if (e.is_equal(GiNaC::I)) return true;
        for (std::size_t i = 0; i < e.nops(); ++i)
            if (has_non_real_number(e.op(i))) return true;
        return false;
    }

    ex real_only(const ex& value, std::size_t column, const std::string& what) const {
        if (has_non_real_number(value))
            fail(what + " at column " + std::to_string(column) +
                     " is not a real number: chainrule's values are real",
                 column);
        return value;
    }

    // --- grammar ---

    ExprValue comparison() {
        std::size_t column = peek().column;
        std::size_t from = mark();
        ExprValue left = additive();
        ex indicator = 1;
        bool any = false;
        while (true) {
            TokenKind kind = peek().kind;
            if (kind != TokenKind::greater && kind != TokenKind::greater_equal &&
                kind != TokenKind::less && kind != TokenKind::less_equal &&
                kind != TokenKind::equal)
                break;
            const Token& op = advance();
            if (kind == TokenKind::equal)
                fail("'=' at column " + std::to_string(op.column) +
                         " is not allowed here: write only the expression, or a condition "
                         "with >, >=, < or <=",
                     op.column);
            ExprValue right = additive();
            ex a = scalar_of(left, column, "a comparison");
            ex b = scalar_of(right, op.column, "a comparison");
            switch (kind) {
            case TokenKind::greater:
                indicator *= ind_gt(a, b);
                break;
            case TokenKind::greater_equal:
                indicator *= ind_ge(a, b);
                break;
            case TokenKind::less:
                indicator *= ind_gt(b, a);
                break;
            default:
                indicator *= ind_ge(b, a);
                break;
            }
            any = true;
            left = right;
        }
        if (any) fold(from, Syntax::Kind::other, "", {}, ExprValue(indicator));
        return any ? ExprValue(indicator) : left;
    }

    ExprValue additive() {
        std::size_t from = mark();
        ExprValue value = term();
        std::vector<char> ops; // the operators, only when the syntax is kept
        keep_op(ops, '+');
        while (peek().kind == TokenKind::plus || peek().kind == TokenKind::minus) {
            const Token& op = advance();
            char symbol = op.kind == TokenKind::plus ? '+' : '-';
            ExprValue right = term();
            value = combine(value, right, symbol, op.column);
            keep_op(ops, symbol);
        }
        if (ops.size() > 1) fold(from, Syntax::Kind::sum, "", std::move(ops), value);
        return value;
    }

    bool starts_factor(TokenKind kind) const {
        return kind == TokenKind::number || kind == TokenKind::name || kind == TokenKind::lparen ||
               kind == TokenKind::lbracket || kind == TokenKind::root ||
               kind == TokenKind::derivative || kind == TokenKind::lbrace ||
               kind == TokenKind::frac || (kind == TokenKind::bar && bars_open_ == 0);
    }

    ExprValue term() {
        std::size_t from = mark();
        ExprValue value = unary();
        std::vector<char> ops;
        keep_op(ops, '*');
        while (true) {
            TokenKind kind = peek().kind;
            if (kind == TokenKind::star || kind == TokenKind::slash) {
                const Token& op = advance();
                char symbol = kind == TokenKind::star ? '*' : '/';
                ExprValue right = unary();
                value = combine(value, right, symbol, op.column);
                keep_op(ops, symbol);
            } else if (starts_factor(kind)) {
                std::size_t column = peek().column;
                ExprValue right = power();
                value = combine(value, right, '*', column);
                keep_op(ops, '*');
            } else {
                break;
            }
        }
        if (ops.size() > 1) fold(from, Syntax::Kind::product, "", std::move(ops), value);
        return value;
    }

    ExprValue unary() {
        if (peek().kind == TokenKind::minus || peek().kind == TokenKind::plus) {
            const Token& op = advance();
            DepthGuard guard(*this, op.column);
            std::size_t from = mark();
            ExprValue value = unary();
            if (op.kind == TokenKind::minus) {
                for (auto& entry : value.entries)
                    entry = -entry;
                fold(from, Syntax::Kind::negation, "", {}, value);
            }
            return value;
        }
        return power();
    }

    ExprValue exponent_operand() {
        if (peek().kind == TokenKind::minus || peek().kind == TokenKind::plus) {
            const Token& op = advance();
            DepthGuard guard(*this, op.column);
            std::size_t from = mark();
            ExprValue value = exponent_operand();
            if (op.kind == TokenKind::minus) {
                for (auto& entry : value.entries)
                    entry = -entry;
                fold(from, Syntax::Kind::negation, "", {}, value);
            }
            return value;
        }
        return power();
    }

    ExprValue power() {
        std::size_t column = peek().column;
        const Token& first = peek();
        std::size_t from = mark();
        ExprValue base = postfix();
        if (peek().kind == TokenKind::caret) {
            const Token& op = advance();
            DepthGuard guard(*this, op.column);
            ExprValue exponent = exponent_operand();
            ex b = scalar_of(base, column, "the base of a power");
            ex e = scalar_of(exponent, op.column, "an exponent");
            ExprValue result(make_power(b, e, op.column));
            fold(from, Syntax::Kind::power, "", {}, result);
            // f^2(z): the square of the named value f, as the notes write 1 − f^2(z).
            if (is_named_value(first)) skip_application(first.text);
            return result;
        }
        return base;
    }

    ExprValue postfix() {
        std::size_t column = peek().column;
        const Token& first = peek();
        std::size_t from = mark();
        ExprValue value = primary();
        bool powered = false;
        while (peek().kind == TokenKind::superscript) {
            const Token& sup = advance();
            ex b = scalar_of(value, column, "the base of a power");
            value = ExprValue(make_power(b, sup.power, sup.column));
            leaf(Syntax::Kind::number, std::to_string(sup.power), ExprValue(ex(sup.power)));
            fold(from, Syntax::Kind::power, "", {}, value);
            powered = true;
        }
        if (powered && is_named_value(first)) skip_application(first.text); // f²(z)
        return value;
    }

    static bool is_named_value(const Token& token) {
        return token.kind == TokenKind::name && token.name_kind == NameKind::named_value;
    }

    // The notes write a named value with its variables, f(z)(1 − f(z)) for f = σ(z): a named
    // value followed by a parenthesised list of variables that it uses is that value itself.
    // Anything else in the parentheses (S1(1 − S1)) is a product. Consumes the list; returns
    // whether there was one.
    bool skip_application(const std::string& name) {
        if (peek().kind != TokenKind::lparen) return false;
        std::set<std::string> uses;
        collect_symbols(options_.lets.at(name), uses);
        std::size_t i = 1;
        while (true) {
            const Token& token = peek(i);
            if (token.kind != TokenKind::name ||
                (token.name_kind != NameKind::variable &&
                 token.name_kind != NameKind::unknown_variable) ||
                uses.count(token.text) == 0)
                return false;
            ++i;
            if (peek(i).kind == TokenKind::comma) {
                ++i;
                continue;
            }
            if (peek(i).kind != TokenKind::rparen) return false;
            break;
        }
        for (std::size_t k = 0; k <= i; ++k)
            advance();
        return true;
    }

    ExprValue primary() {
        const Token& token = peek();
        switch (token.kind) {
        case TokenKind::number: {
            advance();
            ExprValue value(number(token));
            leaf(Syntax::Kind::number, token.text, value);
            return value;
        }
        case TokenKind::name:
            return name();
        case TokenKind::lparen: {
            const Token& open = advance();
            DepthGuard guard(*this, open.column);
            ExprValue value = comparison();
            if (peek().kind == TokenKind::comma)
                fail("unexpected ',' at column " + std::to_string(peek().column) +
                         ": use [a, b] for a vector",
                     peek().column);
            expect(TokenKind::rparen, "')'", open);
            return value;
        }
        case TokenKind::lbracket:
            return bracket();
        case TokenKind::lbrace: {
            // {…}: grouping, as LaTeX writes e^{-x} and an indicator 1{x > 0}
            const Token& open = advance();
            DepthGuard guard(*this, open.column);
            ExprValue value = comparison();
            expect(TokenKind::rbrace, "'}'", open);
            return value;
        }
        case TokenKind::bar: {
            const Token& open = advance();
            DepthGuard guard(*this, open.column);
            std::size_t from = mark();
            ++bars_open_;
            ExprValue inner = comparison();
            --bars_open_;
            if (peek().kind != TokenKind::bar)
                fail(peek().kind == TokenKind::end
                         ? "missing '|' to close the '|' opened at column " +
                               std::to_string(open.column)
                         : "expected '|' at column " + std::to_string(peek().column) +
                               " to close the '|' opened at column " + std::to_string(open.column) +
                               ": write abs(...) when bars nest",
                     peek().column);
            advance();
            ExprValue value(GiNaC::abs(scalar_of(inner, open.column, "|…|")));
            fold(from, Syntax::Kind::call, "abs", {}, value);
            return value;
        }
        case TokenKind::frac: {
            const Token& frac = advance();
            DepthGuard guard(*this, frac.column);
            ExprValue top = braced(frac);
            ExprValue bottom = braced(frac);
            return combine(top, bottom, '/', frac.column);
        }
        case TokenKind::root: {
            const Token& root = advance();
            DepthGuard guard(*this, root.column);
            std::size_t from = mark();
            ExprValue operand = postfix();
            ExprValue value(GiNaC::sqrt(scalar_of(operand, root.column, "√")));
            fold(from, Syntax::Kind::call, "sqrt", {}, value);
            return value;
        }
        case TokenKind::derivative:
            return derivative();
        default:
            unexpected(token);
        }
    }

    ExprValue braced(const Token& frac) {
        if (peek().kind != TokenKind::lbrace)
            fail("\\frac at column " + std::to_string(frac.column) +
                     " needs two groups in braces: \\frac{a}{b}, or write (a)/(b)",
                 frac.column);
        const Token& open = advance();
        ExprValue value = comparison();
        expect(TokenKind::rbrace, "'}'", open);
        return value;
    }

    ex number(const Token& token) const {
        auto bar = token.text.find('|');
        std::string digits = token.text.substr(0, bar);
        long scale = std::stol(token.text.substr(bar + 1));
        digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size()));
        numeric mantissa = digits.empty() ? numeric(0) : numeric(digits.c_str());
        numeric ten_power = numeric(10).power(numeric(std::labs(scale)));
        if (scale >= 0) return mantissa * ten_power;
        numeric value = mantissa / ten_power;
        return options_.decimals_as_written ? written_decimal(value) : ex(value);
    }

    ExprValue bracket() {
        const Token& open = advance();
        DepthGuard guard(*this, open.column);
        std::size_t from = mark();
        std::vector<ExprValue> items;
        if (peek().kind == TokenKind::rbracket)
            fail("empty brackets at column " + std::to_string(open.column), open.column);
        do {
            items.push_back(comparison());
        } while (accept(TokenKind::comma));
        expect(TokenKind::rbracket, "']'", open);
        bool all_scalar = std::all_of(items.begin(), items.end(),
                                      [](const ExprValue& v) { return v.is_scalar(); });
        if (all_scalar) {
            if (items.size() == 1) return items.front(); // [3x^2 + 5x]: brackets as grouping
            std::vector<ex> entries;
            for (auto& item : items)
                entries.push_back(item.scalar());
            ExprValue value = ExprValue::vector(std::move(entries));
            fold(from, Syntax::Kind::vector, "", {}, value);
            return value;
        }
        // A matrix: every item a vector of the same length (a row).
        std::size_t cols = 0;
        std::vector<ex> entries;
        for (std::size_t r = 0; r < items.size(); ++r) {
            const auto& row = items[r];
            if (row.shape != Shape::vector || (r > 0 && row.rows != cols))
                fail("matrix rows at column " + std::to_string(open.column) +
                         " must all be vectors of the same length (row " + std::to_string(r + 1) +
                         " is " + describe_shape(row) + ")",
                     open.column);
            cols = row.rows;
            entries.insert(entries.end(), row.entries.begin(), row.entries.end());
        }
        ExprValue value = ExprValue::matrix(items.size(), cols, std::move(entries));
        fold(from, Syntax::Kind::vector, "", {}, value);
        return value;
    }

    ExprValue derivative() {
        const Token& op = advance();
        const GiNaC::symbol& x = variable(op.text);
        note_variable(op.text);
        if (peek().kind != TokenKind::lparen && peek().kind != TokenKind::lbracket)
            fail("write the expression to differentiate in parentheses after " +
                     std::string(op.power ? "∂/∂" : "d/d") + op.text + " at column " +
                     std::to_string(op.column),
                 op.column);
        std::size_t from = mark();
        ExprValue inner = primary();
        for (auto& entry : inner.entries)
            entry = deriv(entry, x);
        fold(from, Syntax::Kind::derivative, op.text, {}, inner);
        return inner;
    }

    // --- names the question does not have (ParseOptions::answer) ---

    bool known(const std::string& name) const {
        return options_.lets.count(name) > 0 || name == "e" || name == "pi" ||
               std::find(options_.variables.begin(), options_.variables.end(), name) !=
                   options_.variables.end();
    }

    // The name as functions applied to the question's names: `sinx` is sin(x), `2sinxcosx`
    // 2sin(x)cos(x). Empty when it does not spell that way.
    std::string as_calls(const std::string& name, bool need_call) const {
        if (name.empty()) return " ";
        if (name.size() > 40) return "";
        for (std::size_t f = std::min<std::size_t>(name.size() - 1, 12); f >= 2; --f) {
            std::string function = name.substr(0, f);
            if (!is_function_name(function)) continue;
            for (std::size_t a = 1; f + a <= name.size(); ++a) {
                std::string argument = name.substr(f, a);
                if (!known(argument)) continue;
                std::string rest = as_calls(name.substr(f + a), false);
                if (!rest.empty())
                    return function + "(" + argument + ")" + (rest == " " ? "" : rest);
            }
        }
        if (need_call) return "";
        for (std::size_t a = 1; a <= name.size(); ++a) {
            std::string atom = name.substr(0, a);
            if (!known(atom)) continue;
            std::string rest = as_calls(name.substr(a), false);
            if (!rest.empty()) return atom + (rest == " " ? "" : rest);
        }
        return "";
    }

    // The input with the token's text replaced: the whole answer as it was probably meant.
    std::string rewritten(const Token& token, const std::string& replacement) const {
        std::vector<char32_t> points = decode_utf8(input_);
        std::string out;
        std::size_t begin = token.column - 1, end = begin + token.text.size();
        for (std::size_t i = 0; i < points.size(); ++i) {
            if (i == begin) out += replacement;
            if (i >= begin && i < end) continue;
            out += encode_utf8(points[i]);
        }
        // "2x dx" without dx: no space left dangling
        while (!out.empty() && out.back() == ' ')
            out.pop_back();
        return out;
    }

    [[noreturn]] void fail_unknown_name(const Token& token) const {
        const std::string& name = token.text;
        std::string head = "'" + name + "' at column " + std::to_string(token.column) +
                           " is not a name of this question: ";
        auto fail_with = [&](const std::string& advice) { fail(head + advice, token.column); };
        bool short_input = input_.size() <= 80;
        auto meant = [&](const std::string& replacement) {
            return short_input ? rewritten(token, replacement) : replacement;
        };
        // dx, dz: the differential of an integral or a derivative
        if (name.size() > 1 && name[0] == 'd' && known(name.substr(1)))
            fail_with(
                "write only the expression, without " + name +
                (short_input && rewritten(token, "").find_first_not_of(' ') != std::string::npos
                     ? " (" + rewritten(token, "") + ")"
                     : ""));
        // sinx, lnx, sinxcosx: functions without their parentheses
        if (std::string calls = as_calls(name, false); calls.find('(') != std::string::npos)
            fail_with("did you mean " + meant(calls) +
                      "? (a function's argument goes in "
                      "parentheses)");
        // x2: x squared, or x times 2
        std::size_t digits = name.find_first_of("0123456789");
        if (digits != std::string::npos && digits > 0 &&
            name.find_first_not_of("0123456789", digits) == std::string::npos &&
            known(name.substr(0, digits))) {
            std::string base = name.substr(0, digits), power = name.substr(digits);
            fail_with("did you mean " + meant(base + "^" + power) + " (" + base + " to the power " +
                      power + ") or " + meant(base + "*" + power) + "?");
        }
        // X for x: names are case-sensitive
        for (const auto& variable : options_.variables) {
            std::string a = variable, b = name;
            for (auto* text : {&a, &b})
                std::transform(text->begin(), text->end(), text->begin(),
                               [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (a == b)
                fail_with("did you mean " + meant(variable) + "? (names are case-sensitive)");
        }
        // x1 for the question's x_1, and near misses
        std::vector<std::string> names = options_.variables;
        for (const auto& [let, value] : options_.lets)
            names.push_back(let);
        for (const auto& candidate : names) {
            std::string plain = candidate;
            plain.erase(std::remove(plain.begin(), plain.end(), '_'), plain.end());
            if (plain == name ||
                (name.size() > 1 && candidate.size() > 1 && edit_distance(name, candidate) == 1))
                fail_with("did you mean " + meant(candidate) + "?");
        }
        std::string list;
        for (const auto& variable : options_.variables)
            list += (list.empty() ? "" : ", ") + variable;
        std::string lets;
        for (const auto& [let, value] : options_.lets)
            lets += (lets.empty() ? "" : ", ") + let;
        fail(head + (list.empty() ? "this question has no variables"
                                  : "its variables are " + list +
                                        (lets.empty() ? "" : "; its named values " + lets)),
             token.column);
    }

    void note_variable(const std::string& name) {
        if (!options_.open && std::find(options_.variables.begin(), options_.variables.end(),
                                        name) == options_.variables.end())
            unknown_.insert(name);
    }

    ExprValue name() {
        const Token& token = advance();
        switch (token.name_kind) {
        case NameKind::named_value: {
            ExprValue value(options_.lets.at(token.text));
            skip_application(token.text); // f(z) for f
            leaf(Syntax::Kind::name, token.text, value);
            return value;
        }
        case NameKind::constant: {
            ExprValue value(token.text == "e" ? GiNaC::exp(ex(1)) : ex(GiNaC::Pi));
            leaf(Syntax::Kind::name, token.text, value);
            return value;
        }
        case NameKind::unknown_variable:
            if (options_.answer) fail_unknown_name(token);
            unknown_.insert(token.text);
            leaf(Syntax::Kind::name, token.text, ExprValue(variable(token.text)));
            return ExprValue(variable(token.text));
        case NameKind::variable:
            leaf(Syntax::Kind::name, token.text, ExprValue(variable(token.text)));
            return ExprValue(variable(token.text));
        case NameKind::function:
            return function_power(token);
        }
        unexpected(token);
    }

    // tanh^2(z), tanh²(z), σ²(z): a power written on a function's name applies to its value,
    // as the notes write 1 − f²(z). sin^-1(x) is not guessed at.
    ExprValue function_power(const Token& function) {
        std::optional<long> exponent;
        const Token* at = nullptr;
        if (peek().kind == TokenKind::superscript) {
            at = &peek();
            exponent = peek().power;
            advance();
        } else if (peek().kind == TokenKind::caret &&
                   (peek(1).kind == TokenKind::number ||
                    (peek(1).kind == TokenKind::minus && peek(2).kind == TokenKind::number)) &&
                   function.text != "exp") {
            at = &peek();
            bool negative = peek(1).kind == TokenKind::minus;
            const Token& digits = peek(negative ? 2 : 1);
            if (digits.text.find('|') == std::string::npos ||
                digits.text.substr(digits.text.find('|')) != "|0" || digits.text.size() > 8)
                return call(function);
            exponent =
                std::stol(digits.text.substr(0, digits.text.find('|'))) * (negative ? -1 : 1);
            advance();
            advance();
            if (negative) advance();
        }
        if (!exponent) return call(function);
        // sin^2 x: the power of sin(x), as textbooks write it; refused like sin x, with the
        // parentheses shown where the power goes.
        if (*exponent >= 0 && peek().kind != TokenKind::lparen &&
            peek().kind != TokenKind::lbrace) {
            std::string name = function.text == "sigmoid" ? "σ" : function.text;
            std::string argument = bare_argument();
            fail("function '" + name + "' at column " + std::to_string(function.column) +
                     " needs its argument in parentheses: write " + name + "(" + argument + ")^" +
                     std::to_string(*exponent),
                 function.column);
        }
        if (*exponent < 0)
            fail(function.text + "^" + std::to_string(*exponent) + " at column " +
                     std::to_string(function.column) +
                     " is not read: for the inverse function write a" + function.text +
                     "(...) where there is one, for a power write (" + function.text + "(...))^" +
                     std::to_string(*exponent),
                 function.column);
        std::size_t from = mark();
        ExprValue value = call(function);
        ExprValue result(make_power(scalar_of(value, function.column, "the base of a power"),
                                    ex(*exponent), at->column));
        leaf(Syntax::Kind::number, std::to_string(*exponent), ExprValue(ex(*exponent)));
        fold(from, Syntax::Kind::power, "", {}, result);
        return result;
    }

    std::vector<ExprValue> arguments(const Token& function) {
        if (peek().kind != TokenKind::lparen && peek().kind != TokenKind::lbrace) {
            std::string name = function.text == "sigmoid" ? "σ" : function.text;
            // sin x: shown with the parentheses it needs, never read as a product of letters
            std::string argument = bare_argument();
            if (function.text == "sigmoid" && argument == "...")
                fail("σ at column " + std::to_string(function.column) +
                         " needs its argument: write σ(z), or give σ as a named value",
                     function.column);
            fail("function '" + name + "' at column " + std::to_string(function.column) +
                     " needs its argument in parentheses: write " + name + "(" + argument + ")",
                 function.column);
        }
        bool brace = peek().kind == TokenKind::lbrace; // \sqrt{x}
        const Token& open = advance();
        DepthGuard guard(*this, open.column);
        std::vector<ExprValue> args;
        if (peek().kind != TokenKind::rparen) {
            do {
                args.push_back(comparison());
            } while (accept(TokenKind::comma));
        }
        if (brace)
            expect(TokenKind::rbrace, "'}'", open);
        else
            expect(TokenKind::rparen, "')'", open);
        return args;
    }

    // The argument of a function written without parentheses, when it is one name or number
    // that plainly ends there (sin x, sin x cos x, sin x + 1); "..." otherwise (sin x^2,
    // sin x y: more than one reading).
    std::string bare_argument() const {
        const Token& next = peek();
        if ((next.kind != TokenKind::name || next.name_kind == NameKind::function) &&
            next.kind != TokenKind::number)
            return "...";
        const Token& after = peek(1);
        bool ends = after.kind == TokenKind::end || after.kind == TokenKind::plus ||
                    after.kind == TokenKind::minus || after.kind == TokenKind::rparen ||
                    after.kind == TokenKind::star || after.kind == TokenKind::slash ||
                    (after.kind == TokenKind::name && after.name_kind == NameKind::function);
        return ends ? text_of(next) : "...";
    }

    // A name or number token as the user wrote it.
    static std::string text_of(const Token& token) {
        if (token.kind != TokenKind::number) return token.text;
        std::string digits = token.text.substr(0, token.text.find('|'));
        long scale = std::stol(token.text.substr(token.text.find('|') + 1));
        if (scale >= 0) return digits + std::string(static_cast<std::size_t>(scale), '0');
        auto point = static_cast<std::size_t>(-scale);
        if (digits.size() <= point) digits.insert(0, point - digits.size() + 1, '0');
        return digits.substr(0, digits.size() - point) + "." + digits.substr(digits.size() - point);
    }

    static std::string arity_text(const FunctionRow& row) {
        static const char* const counts[] = {"no arguments", "one argument", "two arguments"};
        if (row.min_args == 1 && row.max_args == 1) return "one argument";
        if (row.name == "max" || row.name == "min") return "one or more arguments";
        std::string count = row.min_args == row.max_args && row.min_args < 3
                                ? counts[row.min_args]
                                : std::to_string(row.min_args) + " to " +
                                      std::to_string(row.max_args) + " arguments";
        return count + ": " + std::string(row.usage);
    }

    void arity(const Token& function, const std::vector<ExprValue>& args, std::size_t least,
               std::size_t most, const std::string& usage) const {
        if (args.size() >= least && args.size() <= most) return;
        fail("function '" + function.text + "' at column " + std::to_string(function.column) +
                 " takes " + usage + ", not " + std::to_string(args.size()),
             function.column);
    }

    ExprValue call(const Token& function) {
        std::size_t from = mark();
        std::vector<ExprValue> args = arguments(function);
        ExprValue value = call_value(function, args);
        fold(from, function.text == "diff" ? Syntax::Kind::derivative : Syntax::Kind::call,
             function.text, {}, value);
        return value;
    }

    ExprValue call_value(const Token& function, const std::vector<ExprValue>& args) {
        const std::string& f = function.text;
        std::size_t at = function.column;
        auto arg = [&](std::size_t i) { return scalar_of(args[i], at, ("'" + f + "'").c_str()); };
        const FunctionRow* row = find_function(f);
        if (row && row->build_values) return row->build_values(args, CallSite{f, at, input_});
        if (row) arity(function, args, row->min_args, row->max_args, arity_text(*row));
        if (row && row->build) {
            std::vector<ex> values;
            for (std::size_t i = 0; i < args.size(); ++i)
                values.push_back(arg(i));
            // f(arguments) as the messages show it; printed only for a message
            auto call_text = [&] {
                std::string shown;
                for (const auto& v : values)
                    shown += (shown.empty() ? "" : ", ") + print(v);
                return f + "(" + shown + ")";
            };
            if (row->guard)
                if (std::string refused = row->guard(values); !refused.empty())
                    fail(call_text() + " at column " + std::to_string(at) + refused, at);
            ex value;
            try {
                value = options_.decimals_as_written && row->build_as_written
                            ? row->build_as_written(values)
                            : row->build(values);
            } catch (const std::exception&) {
                // A pole GiNaC met that the guards did not foresee: still the user's input,
                // never an internal error.
                fail(row->guard ? call_text() + " at column " + std::to_string(at) + " is undefined"
                                : f + " at column " + std::to_string(at) + " is undefined here",
                     at);
            }
            if (has_non_real_number(value)) real_only(value, at, call_text());
            return ExprValue(value);
        }
        fail("function '" + f + "' at column " + std::to_string(at) + " is not available", at);
    }

    const std::string& input_;
    std::vector<Token> tokens_;
    const ParseOptions& options_;
    std::size_t pos_ = 0;
    std::size_t depth_ = 0;
    std::size_t bars_open_ = 0; ///< |…| being read: a '|' closes rather than opens
    std::set<std::string> unknown_;
    std::vector<Syntax> syntax_; ///< the answer as typed, being built (keep_syntax)
};

// Full-width digits, letters and operators (a Japanese or Chinese keyboard) are the ASCII
// ones; subscript digits after a name are its digits (S₁ is S1); 𝟙 is the indicator's 1.
// One code point for one, so that columns stay those of the input.
void normalise(std::vector<char32_t>& points) {
    for (std::size_t i = 0; i < points.size(); ++i) {
        char32_t& c = points[i];
        if (c >= 0xFF01 && c <= 0xFF5E && c != 0xFF3C)
            c = c - 0xFF01 + 0x21;
        else if (c == 0x3000)
            c = ' ';
        else if (c == U'𝟙')
            c = '1';
        else if (c >= U'₀' && c <= U'₉' && i > 0) {
            char32_t before = points[i - 1];
            if ((before >= 'a' && before <= 'z') || (before >= 'A' && before <= 'Z') ||
                (before >= '0' && before <= '9') || before == '_')
                c = '0' + (c - U'₀');
        }
    }
}

bool is_letter_or_digit(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The variable a left side `f'(x)`, `σ'(z)`, `dy/dx`, `∂L/∂w`, `d/dx f` names, or "" when it
// is none of these.
std::string differentiated_variable(const std::vector<char32_t>& left) {
    std::string flat;
    for (char32_t c : left)
        if (c != ' ' && c != '\t') flat += encode_utf8(c);
    // \frac{dy}{dx} and \frac{\partial L}{\partial w} as LaTeX writes them: dy/dx, ∂L/∂w
    for (auto at = flat.find("\\partial"); at != std::string::npos; at = flat.find("\\partial"))
        flat.replace(at, 8, "∂");
    if (flat.rfind("\\frac{", 0) == 0) {
        auto middle = flat.find("}{");
        auto end = middle == std::string::npos ? middle : flat.find('}', middle + 2);
        if (end != std::string::npos && end + 1 == flat.size())
            flat = flat.substr(6, middle - 6) + "/" + flat.substr(middle + 2, end - middle - 2);
    }
    auto after_last = [&](const std::string& marker) -> std::string {
        auto at = flat.rfind(marker);
        if (at == std::string::npos) return "";
        std::string rest = flat.substr(at + marker.size());
        std::string name;
        for (char c : rest) {
            if (!is_letter_or_digit(static_cast<unsigned char>(c))) break;
            name += c;
        }
        return name;
    };
    for (const char* prime : {"'", "′", "’"}) {
        auto at = flat.find(prime);
        if (at == std::string::npos || at == 0) continue;
        std::string rest = flat.substr(at + std::string(prime).size());
        if (rest.empty()) return "?"; // y' =: the variable is the question's
        if (rest.front() == '(' && rest.back() == ')') return rest.substr(1, rest.size() - 2);
        return "";
    }
    if (flat.rfind("∂", 0) == 0 && flat.find("/∂") != std::string::npos) return after_last("/∂");
    if (flat.rfind("d", 0) == 0 && flat.find("/d") != std::string::npos) return after_last("/d");
    return "";
}

// An answer written as `f'(x) = ...`, `dy/dx = ...` or `= ...`: the left side is dropped
// (blanked, so that columns stay) when it names a derivative in a variable of the question.
void drop_left_side(const std::string& input, std::vector<char32_t>& points,
                    const ParseOptions& options) {
    std::size_t equals = points.size();
    for (std::size_t i = 0; i < points.size(); ++i) {
        if (points[i] != '=') continue;
        bool comparison =
            (i > 0 && (points[i - 1] == '<' || points[i - 1] == '>' || points[i - 1] == '=')) ||
            (i + 1 < points.size() && points[i + 1] == '=');
        if (!comparison) equals = i;
        break;
    }
    if (equals == points.size()) return;
    std::vector<char32_t> left(points.begin(),
                               points.begin() + static_cast<std::ptrdiff_t>(equals));
    bool empty = std::all_of(left.begin(), left.end(), [](char32_t c) { return c == ' '; });
    if (!empty) {
        std::string variable = differentiated_variable(left);
        bool known = variable == "?" ||
                     std::find(options.variables.begin(), options.variables.end(), variable) !=
                         options.variables.end();
        if (variable.empty() || !known) {
            std::string shown;
            for (char32_t c : left)
                shown += encode_utf8(c);
            while (!shown.empty() && shown.back() == ' ')
                shown.pop_back();
            throw ParseError(
                "'" + shown + " =' before the answer does not name the derivative " + "asked" +
                    (variable.empty() ? std::string()
                                      : " (" + variable + " is not a variable of this question)") +
                    ": write only the expression",
                input, 1);
        }
    }
    for (std::size_t i = 0; i <= equals; ++i)
        points[i] = ' ';
    if (std::all_of(points.begin(), points.end(), [](char32_t c) { return c == ' '; }))
        throw ParseError("the answer is missing after '='", input, equals + 1);
}

} // namespace

ParseResult parse_expression(std::string_view text, const ParseOptions& options) {
    std::string input(text);
    if (input.size() > options.max_length)
        throw ParseError("input too long: " + std::to_string(input.size()) +
                             " bytes (the limit is " + std::to_string(options.max_length) + ")",
                         input.substr(0, 80), 1);
    auto points = decode_utf8(input);
    if (std::all_of(points.begin(), points.end(), [](char32_t c) {
            // the lexer's white space, no-break spaces included
            return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == 0xA0 || c == 0x202F;
        }))
        throw ParseError(points.empty() ? "empty answer" : "the answer is only white space", input,
                         1);
    normalise(points);
    if (options.answer) drop_left_side(input, points, options);
    auto tokens = tokenize(input, points, options);
    return Parser(input, std::move(tokens), options).run();
}

ex parse_scalar(std::string_view text, const ParseOptions& options) {
    ParseResult result = parse_expression(text, options);
    if (!result.value.is_scalar())
        throw ParseError("expected a single expression, not " + describe_shape(result.value),
                         std::string(text), 1);
    return result.value.scalar();
}

const std::vector<std::string>& function_names() {
    static const std::vector<std::string> names = [] {
        std::vector<std::string> out;
        for (const auto& row : function_table()) {
            out.emplace_back(row.name);
            for (const auto& alias : row.aliases)
                if (alias.size() > 1 && alias != "σ") out.emplace_back(alias);
        }
        std::sort(out.begin(), out.end());
        return out;
    }();
    return names;
}

ParseOptions ParseOptions::closed(std::vector<std::string> variables,
                                  std::map<std::string, GiNaC::ex> lets) {
    ParseOptions options;
    options.open = false;
    options.variables = std::move(variables);
    options.lets = std::move(lets);
    return options;
}

ParseOptions ParseOptions::for_answer(std::vector<std::string> variables,
                                      std::map<std::string, GiNaC::ex> lets) {
    ParseOptions options = closed(std::move(variables), std::move(lets));
    options.answer = true;
    return options;
}

} // namespace chainrule
