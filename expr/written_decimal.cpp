#include "expr/written_decimal.hpp"

#include <algorithm>
#include <map>
#include <sstream>

namespace chainrule {

using GiNaC::ex;
using GiNaC::numeric;

namespace {

/// The most distinct decimals kept as constants: templates use a handful; a hostile problem
/// set cannot grow the table without bound (further decimals stay plain rationals).
constexpr std::size_t max_written_decimals = 10000;

struct Table {
    std::map<std::string, GiNaC::constant> by_name;
    GiNaC::exmap values; // constant → its exact value
};

Table& table() {
    static Table t;
    return t;
}

} // namespace

std::string exact_decimal(const numeric& n) {
    if (!n.is_rational() || n.is_integer()) return "";
    numeric bottom = n.denom();
    int twos = 0, fives = 0;
    while (GiNaC::mod(bottom, 2).is_zero()) {
        bottom = bottom / 2;
        ++twos;
    }
    while (GiNaC::mod(bottom, 5).is_zero()) {
        bottom = bottom / 5;
        ++fives;
    }
    if (!bottom.is_equal(1) || std::max(twos, fives) > 12) return "";
    int places = std::max(twos, fives);
    numeric scaled = GiNaC::abs(n) * GiNaC::pow(numeric(10), numeric(places));
    std::string digits = [&] {
        std::ostringstream out;
        out << scaled;
        return out.str();
    }();
    while (static_cast<int>(digits.size()) <= places)
        digits = "0" + digits;
    std::string text = digits.substr(0, digits.size() - static_cast<std::size_t>(places)) + "." +
                       digits.substr(digits.size() - static_cast<std::size_t>(places));
    return (n.is_negative() ? "-" : "") + text;
}

ex written_decimal(const numeric& value) {
    numeric magnitude = GiNaC::abs(value);
    std::string name = exact_decimal(magnitude);
    if (name.empty()) return value;
    Table& t = table();
    auto found = t.by_name.find(name);
    if (found == t.by_name.end()) {
        if (t.by_name.size() >= max_written_decimals) return value;
        GiNaC::constant c(name, magnitude, name, GiNaC::domain::positive);
        found = t.by_name.emplace(name, c).first;
        t.values[found->second] = magnitude;
    }
    ex c = found->second;
    return value.is_negative() ? ex(-c) : c;
}

bool is_written_decimal(const ex& e) {
    if (!GiNaC::is_a<GiNaC::constant>(e)) return false;
    const Table& t = table();
    return t.values.find(e) != t.values.end();
}

bool has_written_decimal(const ex& e) {
    if (is_written_decimal(e)) return true;
    for (std::size_t i = 0; i < e.nops(); ++i)
        if (has_written_decimal(e.op(i))) return true;
    return false;
}

ex exact_decimals(const ex& e) {
    const Table& t = table();
    if (t.values.empty() || !has_written_decimal(e)) return e;
    return e.subs(t.values, GiNaC::subs_options::no_pattern);
}

} // namespace chainrule
