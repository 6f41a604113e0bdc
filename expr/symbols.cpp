#include "expr/symbols.hpp"

#include <map>

namespace chainrule {

const GiNaC::symbol& variable(const std::string& name) {
    // std::map: node-based, so references stay valid as the table grows.
    static std::map<std::string, GiNaC::realsymbol> table;
    auto it = table.find(name);
    if (it == table.end()) it = table.emplace(name, GiNaC::realsymbol(name)).first;
    return it->second;
}

std::string variable_name(const GiNaC::symbol& s) { return s.get_name(); }

} // namespace chainrule
