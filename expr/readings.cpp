#include "expr/readings.hpp"

#include <cctype>

namespace chainrule {

namespace {

bool is_digit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }
bool is_letter(char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; }

std::size_t number_end(std::string_view text, std::size_t i) {
    while (i < text.size() && (is_digit(text[i]) || text[i] == '.')) ++i;
    return i;
}

std::size_t name_end(std::string_view text, std::size_t i) {
    while (i < text.size() && (is_letter(text[i]) || is_digit(text[i]) || text[i] == '_')) ++i;
    return i;
}

constexpr std::string_view root = "√";

} // namespace

std::optional<OtherReading> other_reading(std::string_view text) {
    for (std::size_t op = 0; op + 1 < text.size(); ++op) {
        if (text[op] != '^' && text[op] != '/') continue;
        std::size_t start = op + 1;
        if (!is_digit(text[start])) continue;
        std::size_t digits = number_end(text, start);
        std::string number(text.substr(start, digits - start));
        std::string before(text.substr(0, op));
        // the operand the operator applies to: 2e in 3 + 2e^2x is e
        std::size_t operand_start = op;
        while (operand_start > 0 && (is_letter(text[operand_start - 1]) ||
                                     (is_digit(text[operand_start - 1]) && text[op] == '/')))
            --operand_start;
        std::string operand(text.substr(operand_start, op - operand_start));
        if (operand.empty()) continue;
        std::size_t end = digits;
        if (text[op] == '^' && digits < text.size() && text[digits] == '/' &&
            digits + 1 < text.size() && is_digit(text[digits + 1])) {
            // x^1/2: (x^1)/2, or x to the power 1/2
            end = number_end(text, digits + 1);
            std::string power(text.substr(start, end - start));
            return OtherReading{before + "^(" + power + ")" + std::string(text.substr(end)),
                                "read as (" + operand + "^" + number + ")/" +
                                    std::string(text.substr(digits + 1, end - digits - 1)) +
                                    "; for the power " + power + " write " + operand + "^(" +
                                    power + ")"};
        }
        bool rooted = text.substr(digits, root.size()) == root;
        std::size_t factor = rooted ? digits + root.size() : digits;
        if (factor >= text.size() || !is_letter(text[factor])) continue;
        end = name_end(text, factor);
        std::string grouped(text.substr(start, end - start));
        std::string rest(text.substr(end));
        std::string factor_text(text.substr(digits, end - digits));
        if (text[op] == '^')
            return OtherReading{before + "^(" + grouped + ")" + rest,
                                "read as (" + operand + "^" + number + ")·" + factor_text +
                                    "; for the power " + grouped + " write " + operand + "^(" +
                                    grouped + ")"};
        return OtherReading{before + "/(" + grouped + ")" + rest,
                            "read as (" + operand + "/" + number + ")·" + factor_text +
                            "; to divide by " + grouped + " write " + operand + "/(" + grouped +
                            ")"};
    }
    return std::nullopt;
}

} // namespace chainrule
