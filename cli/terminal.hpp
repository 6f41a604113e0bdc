#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
#include <cstdio>
#include <string>

namespace chainrule {

/// Whether to colour what goes to this stream: a terminal, and NO_COLOR not set.
bool use_colour(std::FILE* stream);

/// The width of the terminal this stream goes to, in columns: its window size, else
/// $COLUMNS, else 80.
std::size_t terminal_width(std::FILE* stream);

/// The whole of standard input, at most max_bytes (an InputError past that).
std::string read_standard_input(std::size_t max_bytes);

} // namespace chainrule
