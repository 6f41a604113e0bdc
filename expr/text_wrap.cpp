#include "expr/text_wrap.hpp"

#include <vector>

namespace chainrule {

namespace {

// The length in bytes of the ANSI escape sequence at text[i] (ESC [ ... final byte), or 0.
std::size_t escape_length(std::string_view text, std::size_t i) {
    if (text[i] != '\033' || i + 1 >= text.size() || text[i + 1] != '[') return 0;
    std::size_t j = i + 2;
    while (j < text.size() && !(text[j] >= 0x40 && text[j] <= 0x7E))
        ++j;
    return j < text.size() ? j + 1 - i : text.size() - i;
}

std::string wrap_line(std::string_view line, std::size_t width) {
    if (display_width(line) <= width) return std::string(line);
    std::size_t indent = 0;
    while (indent < line.size() && line[indent] == ' ')
        ++indent;
    const std::string continuation(indent + 2 < width / 2 ? indent + 2 : 0, ' ');
    std::vector<std::string_view> words;
    for (std::size_t at = indent; at < line.size();) {
        std::size_t end = line.find(' ', at);
        if (end == std::string_view::npos) end = line.size();
        if (end > at) words.push_back(line.substr(at, end - at));
        at = end + 1;
    }
    std::string out(line.substr(0, indent));
    std::size_t column = indent;
    bool line_empty = true;
    for (std::string_view word : words) {
        const std::size_t w = display_width(word);
        if (!line_empty && column + 1 + w > width) {
            out += "\n" + continuation;
            column = continuation.size();
            line_empty = true;
        }
        if (!line_empty) {
            out += ' ';
            ++column;
        }
        out += word;
        column += w;
        line_empty = false;
    }
    return out;
}

} // namespace

std::size_t display_width(std::string_view text) {
    std::size_t columns = 0;
    for (std::size_t i = 0; i < text.size();) {
        if (std::size_t skip = escape_length(text, i)) {
            i += skip;
            continue;
        }
        // A UTF-8 continuation byte is part of the code point before it.
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++columns;
        ++i;
    }
    return columns;
}

std::string wrap_text(std::string_view text, std::size_t width) {
    std::string out;
    for (std::size_t at = 0; at <= text.size();) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) {
            out += wrap_line(text.substr(at), width);
            break;
        }
        out += wrap_line(text.substr(at, end - at), width);
        out += '\n';
        at = end + 1;
    }
    return out;
}

} // namespace chainrule
