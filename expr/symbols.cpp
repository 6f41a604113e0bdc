#include "expr/symbols.hpp"

#include <limits>
#include <map>
#include <vector>

// GiNaC keeps the next serial number of a symbol in a private static member; returning to a
// mark needs to set it. Its mangled name is part of libginac's ABI (GiNaC 1.8).
extern unsigned ginac_symbol_next_serial __asm__("_ZN5GiNaC6symbol11next_serialE");

namespace chainrule {

namespace {

struct Table {
    // std::map: node-based, so references stay valid as the table grows.
    struct Entry {
        GiNaC::realsymbol symbol;
        std::size_t index; // in order
    };
    std::map<std::string, Entry> symbols;
    std::vector<std::string> order; // names in the order they were made
    std::size_t permanent = std::numeric_limits<std::size_t>::max();
};

Table& table() {
    static Table t;
    return t;
}

} // namespace

const GiNaC::symbol& variable(const std::string& name) {
    Table& t = table();
    auto it = t.symbols.find(name);
    if (it == t.symbols.end()) {
        it = t.symbols.emplace(name, Table::Entry{GiNaC::realsymbol(name), t.order.size()}).first;
        t.order.push_back(name);
    }
    return it->second.symbol;
}

std::string variable_name(const GiNaC::symbol& s) {
    return s.get_name();
}

SymbolMark mark_symbols() {
    Table& t = table();
    t.permanent = t.order.size();
    return {t.order.size(), ginac_symbol_next_serial};
}

void rewind_symbols(const SymbolMark& mark) {
    Table& t = table();
    while (t.order.size() > mark.variables) {
        t.symbols.erase(t.order.back());
        t.order.pop_back();
    }
    ginac_symbol_next_serial = mark.next_serial;
}

bool variable_is_permanent(const std::string& name) {
    const Table& t = table();
    if (t.permanent == std::numeric_limits<std::size_t>::max()) return true; // never marked
    auto it = t.symbols.find(name);
    return it != t.symbols.end() && it->second.index < t.permanent;
}

} // namespace chainrule
