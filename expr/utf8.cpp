#include "expr/utf8.hpp"

#include "expr/errors.hpp"

#include <cstdio>

namespace chainrule {

std::vector<char32_t> decode_utf8(std::string_view text) {
    std::vector<char32_t> out;
    out.reserve(text.size());
    std::size_t i = 0;
    while (i < text.size()) {
        auto byte = static_cast<unsigned char>(text[i]);
        int length = byte < 0x80 ? 1 : (byte >> 5) == 0x6 ? 2 : (byte >> 4) == 0xE ? 3
                                   : (byte >> 3) == 0x1E ? 4 : 0;
        char32_t cp = length == 1 ? byte : length == 2 ? byte & 0x1F : length == 3 ? byte & 0x0F
                                                                                 : byte & 0x07;
        bool valid = length > 0 && i + length <= text.size();
        for (int k = 1; valid && k < length; ++k) {
            auto next = static_cast<unsigned char>(text[i + k]);
            if ((next >> 6) != 0x2) valid = false;
            cp = (cp << 6) | (next & 0x3F);
        }
        // Reject overlong forms, surrogates and values past U+10FFFF.
        if (valid && ((length == 2 && cp < 0x80) || (length == 3 && cp < 0x800) ||
                      (length == 4 && cp < 0x10000) || cp > 0x10FFFF ||
                      (cp >= 0xD800 && cp <= 0xDFFF)))
            valid = false;
        if (!valid) {
            out.push_back(invalid_utf8_base + byte);
            ++i;
            continue;
        }
        out.push_back(cp);
        i += length;
    }
    return out;
}

std::string encode_utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

std::string code_point_name(char32_t cp) {
    char buffer[16];
    std::snprintf(buffer, sizeof buffer, "U+%04X", static_cast<unsigned>(cp));
    return buffer;
}

bool is_invisible_or_control(char32_t cp) {
    return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) || cp == 0x061C ||
           (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x202A && cp <= 0x202E) ||
           (cp >= 0x2060 && cp <= 0x2069) || cp == 0xFEFF || cp == 0x00AD;
}

std::string printable(const std::string& text) {
    std::string out;
    for (char32_t cp : decode_utf8(text)) {
        if (cp >= invalid_utf8_base) {
            char buffer[16];
            std::snprintf(buffer, sizeof buffer, "<0x%02X>",
                          static_cast<unsigned>(cp - invalid_utf8_base));
            out += buffer;
        } else if (is_invisible_or_control(cp)) {
            out += '<';
            out += code_point_name(cp);
            out += '>';
        } else {
            out += encode_utf8(cp);
        }
    }
    return out;
}

std::string printable_lines(const std::string& text) {
    std::string out;
    std::size_t start = 0;
    while (true) {
        std::size_t end = text.find('\n', start);
        out += printable(text.substr(start, end == std::string::npos ? end : end - start));
        if (end == std::string::npos) break;
        out += "\n";
        start = end + 1;
    }
    return out;
}

ParseError::ParseError(const std::string& message, std::string input, std::size_t column)
    : InputError(message), message_(message), input_(std::move(input)), column_(column) {}

std::string ParseError::with_caret() const {
    // Show at most a window of the input around the spot, one visible character per code point
    // so that the caret lines up.
    constexpr std::size_t half_window = 40;
    auto points = decode_utf8(input_);
    std::size_t spot = column_ == 0 ? 0 : column_ - 1;
    std::size_t begin = spot > half_window ? spot - half_window : 0;
    std::size_t end = std::min(points.size(), spot + half_window);
    std::string line;
    if (begin > 0) line = "…";
    std::size_t caret = begin > 0 ? 1 : 0;
    for (std::size_t i = begin; i < end; ++i) {
        char32_t cp = points[i];
        bool hidden = cp >= invalid_utf8_base || is_invisible_or_control(cp);
        line += hidden ? std::string("?") : encode_utf8(cp);
        if (i < spot) ++caret;
    }
    if (end < points.size()) line += "…";
    std::string out = message_;
    out += "\n  ";
    out += line;
    out += "\n  ";
    out.append(caret, ' ');
    out += '^';
    return out;
}

} // namespace chainrule
