#include "cli/terminal.hpp"

#include "expr/errors.hpp"
#include "expr/text_wrap.hpp"

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <sys/ioctl.h>
#include <unistd.h>

namespace chainrule {

bool use_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && no_colour[0] != '\0') return false;
    return isatty(fileno(stream)) != 0;
}

std::size_t terminal_width(std::FILE* stream) {
    winsize size{};
    if (ioctl(fileno(stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
    const char* columns = std::getenv("COLUMNS");
    if (columns != nullptr && columns[0] != '\0') {
        std::size_t value = 0, digits = 0;
        for (const char* c = columns; *c != '\0'; ++c, ++digits) {
            if (*c < '0' || *c > '9' || digits == 5) return 80;
            value = value * 10 + static_cast<std::size_t>(*c - '0');
        }
        if (value > 0) return value;
    }
    return 80;
}

std::string fit_to_terminal(std::FILE* stream, const std::string& text) {
    if (isatty(fileno(stream)) == 0) return text;
    return wrap_text(text, terminal_width(stream));
}

std::string read_standard_input(std::size_t max_bytes) {
    std::string text;
    char buffer[4096];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
        if (text.size() > max_bytes)
            throw InputError("standard input is too long: more than " + std::to_string(max_bytes) +
                             " bytes");
    }
    return text;
}

} // namespace chainrule
