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

/// text wrapped to the width of the terminal the stream goes to (expr/text_wrap.hpp: no word
/// cut, colour codes take no room); unchanged when the stream is not a terminal.
std::string fit_to_terminal(std::FILE* stream, const std::string& text);

/// The whole of standard input, at most max_bytes (an InputError past that).
std::string read_standard_input(std::size_t max_bytes);

} // namespace chainrule
