#include "cli/terminal.hpp"

#include "expr/errors.hpp"

#include <cstdlib>
#include <iostream>
#include <iterator>
#include <unistd.h>

namespace chainrule {

bool use_colour(std::FILE* stream) {
    const char* no_colour = std::getenv("NO_COLOR");
    if (no_colour != nullptr && no_colour[0] != '\0') return false;
    return isatty(fileno(stream)) != 0;
}

std::string colour(const std::string& text, const char* code, bool on) {
    if (!on) return text;
    return std::string("\033[") + code + "m" + text + "\033[0m";
}

std::string read_standard_input(std::size_t max_bytes) {
    std::string text;
    char buffer[4096];
    while (std::cin.read(buffer, sizeof buffer) || std::cin.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(std::cin.gcount()));
        if (text.size() > max_bytes)
            throw InputError("standard input is too long: more than " +
                             std::to_string(max_bytes) + " bytes");
    }
    return text;
}

} // namespace chainrule
