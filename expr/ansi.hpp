#pragma once
// Painting text for a terminal with ANSI SGR codes: the one home of it, for the checker's
// reports and plots, the grader's results, the tutor and the command line. Whether to paint
// (a terminal, NO_COLOR) is the caller's to decide (cli/terminal.hpp, use_colour).
#include <string>

namespace chainrule {

/// text in the given ANSI style ("32" green, "31" red, "1" bold, "2" dim, "1;31" bold red)
/// when `on`, reset after it; text unchanged when not.
inline std::string paint(const std::string& text, const char* code, bool on = true) {
    if (!on) return text;
    return std::string("\033[") + code + "m" + text + "\033[0m";
}

} // namespace chainrule
