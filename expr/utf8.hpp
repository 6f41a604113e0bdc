#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// Code points above this mark a byte that is not valid UTF-8: the byte is the value minus it.
inline constexpr char32_t invalid_utf8_base = 0x110000;

/// The code points of text; a byte that is not part of valid UTF-8 becomes
/// invalid_utf8_base + byte, so that callers can report it where it stands.
std::vector<char32_t> decode_utf8(std::string_view text);

/// The UTF-8 bytes of one code point.
std::string encode_utf8(char32_t code_point);

/// "U+202E": how a code point is named in messages.
std::string code_point_name(char32_t code_point);

/// True for code points that must never reach a terminal raw: C0 and C1 controls, DEL,
/// bidirectional overrides and isolates, zero-width characters and the byte-order mark.
bool is_invisible_or_control(char32_t code_point);

} // namespace chainrule
