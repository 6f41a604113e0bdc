#include "generator/parameter.hpp"

#include "expr/parser.hpp"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace chainrule {

ParamValue ParamValue::of(const GiNaC::numeric& number) {
    return ParamValue{true, number, exact_number_text(number)};
}

ParamValue ParamValue::of(const std::string& word) {
    return ParamValue{false, 0, word};
}

std::string exact_number_text(const GiNaC::numeric& value) {
    if (value.is_integer() || !value.is_rational()) {
        std::ostringstream out;
        out << value;
        return out.str();
    }
    GiNaC::numeric denominator = value.denom();
    // A decimal when the denominator is 2^a·5^b, with max(a, b) digits after the point.
    int twos = 0, fives = 0;
    GiNaC::numeric d = denominator;
    while (GiNaC::irem(d, 2).is_zero()) {
        d = d / 2;
        ++twos;
    }
    while (GiNaC::irem(d, 5).is_zero()) {
        d = d / 5;
        ++fives;
    }
    std::ostringstream out;
    if (!(d == 1) || std::max(twos, fives) > 12) {
        out << value.numer() << "/" << denominator;
        return out.str();
    }
    int digits = std::max(twos, fives);
    GiNaC::numeric scaled = GiNaC::abs(value) * GiNaC::numeric(10).power(digits);
    std::ostringstream body;
    body << scaled;
    std::string s = body.str();
    while (s.size() <= static_cast<std::size_t>(digits))
        s.insert(s.begin(), '0');
    s.insert(s.end() - digits, '.');
    return (value.is_negative() ? "-" : "") + s;
}

std::optional<GiNaC::numeric> parse_number(const std::string& text) {
    if (text.empty() || text.size() > 40) return std::nullopt;
    for (unsigned char c : text)
        if (!(std::isdigit(c) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E' ||
              c == '/' || c == ' '))
            return std::nullopt;
    try {
        ParseOptions options = ParseOptions::closed({});
        GiNaC::ex value = parse_scalar(text, options);
        if (!GiNaC::is_a<GiNaC::numeric>(value)) return std::nullopt;
        const auto& n = GiNaC::ex_to<GiNaC::numeric>(value);
        if (!n.is_rational()) return std::nullopt;
        return n;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

} // namespace chainrule
