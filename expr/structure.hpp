#pragma once
// What an expression is made of, for code that inspects answers and solutions: its symbols,
// the numeric coefficient of a term, its size. The one home of these helpers (printers, checker,
// generator).
#include <ginac/ginac.h>

#include <cstddef>
#include <set>
#include <string>

namespace chainrule {

/// Adds the symbols of e to out, each once (in GiNaC's canonical order of expressions).
void collect_symbols(const GiNaC::ex& e, std::set<GiNaC::ex, GiNaC::ex_is_less>& out);

/// Adds the names of the symbols of e to out, each once.
void collect_symbols(const GiNaC::ex& e, std::set<std::string>& out);

/// Whether e has a symbol anywhere in it (a variable or a named value; not π or e).
bool has_symbol(const GiNaC::ex& e);

/// The numeric coefficient of a term: the number itself for a number, a product's numeric
/// factor (GiNaC keeps it last), else 1. The coefficient of -3x is -3, of x/2 is 1/2.
GiNaC::numeric coefficient_of(const GiNaC::ex& e);

/// The number of nodes of e's tree, counted until it passes `limit` (then a number above it,
/// found without walking the rest): whether an expression is small enough to simplify.
std::size_t tree_size(const GiNaC::ex& e, std::size_t limit);

} // namespace chainrule
