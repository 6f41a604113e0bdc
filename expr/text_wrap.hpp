#pragma once
// Text wrapped to a terminal's width: words are never cut, a line never passes the width
// (unless one word alone is wider), ANSI colour codes take no room, and a code point is one
// column (the answer language's symbols: σ, ², −, ·).
#include <cstddef>
#include <string>
#include <string_view>

namespace chainrule {

/// The columns `text` takes on a terminal: its code points, less its ANSI escape sequences.
std::size_t display_width(std::string_view text);

/// `text` with each line longer than `width` columns broken at spaces; a broken line goes on
/// indented as it started, by two more columns. Lines that fit are unchanged, byte for byte.
std::string wrap_text(std::string_view text, std::size_t width);

} // namespace chainrule
