#pragma once
#include <ginac/ginac.h>

#include <string>

namespace chainrule {

/// The one real symbol that stands for a variable name in this process: the same name always
/// gives the same symbol, so expressions parsed at different times can be compared.
const GiNaC::symbol& variable(const std::string& name);

/// The name of a variable symbol.
std::string variable_name(const GiNaC::symbol& s);

} // namespace chainrule
