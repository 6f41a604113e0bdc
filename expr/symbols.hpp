#pragma once
#include <ginac/ginac.h>

#include <cstddef>
#include <string>

namespace chainrule {

/// The one real symbol that stands for a variable name in this process: the same name always
/// gives the same symbol, so expressions parsed at different times can be compared.
const GiNaC::symbol& variable(const std::string& name);

/// The name of a variable symbol.
std::string variable_name(const GiNaC::symbol& s);

/// A point in this process's symbol history: how many variables exist and GiNaC's next symbol
/// serial number. GiNaC orders terms by hashes made from serial numbers, and normal() and
/// friends number their temporary symbols from the same counter, so the printed form of a
/// result can depend on what the process did before. Returning to a mark (rewind_symbols)
/// makes a long-lived grading worker start every submission in the same state.
struct SymbolMark {
    std::size_t variables = 0;
    unsigned next_serial = 0;
};

/// The current point; from now on variable_is_permanent() is false for new names.
SymbolMark mark_symbols();

/// Forgets the variables made since the mark and numbers new symbols from the mark again.
/// Sound only when no symbol made since the mark is still in use (expressions holding one
/// would compare equal to a new symbol given the same number): callers drop everything made
/// since the mark first.
void rewind_symbols(const SymbolMark& mark);

/// Whether the variable of this name existed at the last mark_symbols() (true for every name
/// when there was no mark): only such symbols may be kept across a rewind.
bool variable_is_permanent(const std::string& name);

} // namespace chainrule
