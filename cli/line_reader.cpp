#include "cli/line_reader.hpp"

#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <unistd.h>

#include <editline/readline.h>

namespace chainrule {

namespace {

constexpr int history_lines = 1000;

} // namespace

std::string history_path() {
    const char* state = std::getenv("XDG_STATE_HOME");
    if (state != nullptr && state[0] == '/') return std::string(state) + "/chainrule/history";
    const char* home = std::getenv("HOME");
    if (home != nullptr && home[0] != '\0')
        return std::string(home) + "/.local/state/chainrule/history";
    return "";
}

LineReader::LineReader() : interactive_(isatty(STDIN_FILENO) != 0) {
    if (!interactive_) return;
    // libedit reads multibyte characters (σ, ², −) only in a UTF-8 locale: the user's, else
    // C.UTF-8. Only the character type is set, so that numbers print as they always do.
    const char* set = std::setlocale(LC_CTYPE, "");
    if (set == nullptr ||
        (std::strstr(set, "UTF-8") == nullptr && std::strstr(set, "utf8") == nullptr))
        std::setlocale(LC_CTYPE, "C.UTF-8");
    history_ = history_path();
    using_history();
    stifle_history(history_lines);
    if (!history_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(history_).parent_path(), ec);
        if (ec)
            history_.clear(); // no history rather than no session
        else
            read_history(history_.c_str());
    }
}

LineReader::~LineReader() = default;

std::optional<std::string> LineReader::read(const std::string& prompt) {
    if (interactive_) {
        char* raw = readline(prompt.c_str());
        if (raw == nullptr) return std::nullopt;
        std::string line(raw);
        std::free(raw);
        if (line.size() > max_line_bytes) line.resize(max_line_bytes);
        if (!line.empty()) {
            add_history(line.c_str());
            if (!history_.empty()) write_history(history_.c_str());
        }
        return line;
    }
    std::string line;
    bool any = false;
    int c;
    while ((c = std::getchar()) != EOF) {
        any = true;
        if (c == '\n') break;
        if (line.size() < max_line_bytes) line += static_cast<char>(c);
    }
    if (!any) return std::nullopt;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

} // namespace chainrule
