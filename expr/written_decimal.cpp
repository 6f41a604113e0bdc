#include "expr/written_decimal.hpp"

#include <algorithm>
#include <cctype>
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

int written_decimal_places(const ex& e) {
    if (GiNaC::is_a<GiNaC::constant>(e)) {
        const Table& t = table();
        auto found = t.values.find(e);
        return found == t.values.end()
                   ? 0
                   : decimal_places(exact_decimal(GiNaC::ex_to<numeric>(found->second)));
    }
    int most = 0;
    for (std::size_t i = 0; i < e.nops(); ++i)
        most = std::max(most, written_decimal_places(e.op(i)));
    return most;
}

ex exact_decimals(const ex& e) {
    const Table& t = table();
    if (t.values.empty() || !has_written_decimal(e)) return e;
    return e.subs(t.values, GiNaC::subs_options::no_pattern);
}

namespace {
int shown_places = 0;
} // namespace

ex as_written_decimals(const ex& e, int places) {
    if (GiNaC::is_a<numeric>(e)) {
        const numeric& n = GiNaC::ex_to<numeric>(e);
        if (!n.is_rational() || n.is_integer()) return e;
        if (!(n * GiNaC::pow(numeric(10), numeric(places))).is_integer()) return e;
        return written_decimal(n);
    }
    if (GiNaC::is_a<GiNaC::power>(e))
        return GiNaC::pow(as_written_decimals(e.op(0), places), e.op(1));
    if (e.nops() == 0) return e;
    struct Mapper : GiNaC::map_function {
        int places;
        explicit Mapper(int p) : places(p) {}
        ex operator()(const ex& child) override { return as_written_decimals(child, places); }
    } mapper(places);
    return e.map(mapper);
}

DecimalsShown::DecimalsShown(int places) : previous_(shown_places) {
    shown_places = places;
}

DecimalsShown::~DecimalsShown() {
    shown_places = previous_;
}

int DecimalsShown::places() {
    return shown_places;
}

int decimal_places(std::string_view text) {
    int most = 0;
    for (std::size_t i = 0; i + 1 < text.size(); ++i) {
        if (text[i] != '.' || !std::isdigit(static_cast<unsigned char>(text[i + 1]))) continue;
        int places = 0;
        while (i + 1 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]))) {
            ++places;
            ++i;
        }
        most = std::max(most, places);
    }
    return most;
}

} // namespace chainrule
