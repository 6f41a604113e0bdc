#include "cli/line_reader.hpp"

#include "cli/terminal.hpp"

#include <dlfcn.h>

#include <cerrno>
#include <clocale>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <sys/select.h>
#include <type_traits>
#include <unistd.h>

#include <editline/readline.h>

namespace chainrule {

namespace {

constexpr int history_lines = 1000;

// Ctrl-C while a line is typed: the handler only notes it; read() returns nothing from
// readline() then (the read was interrupted), and decides what it means.
volatile std::sig_atomic_t interrupted = 0;
// Keys typed since the prompt: a Ctrl-C with none clears nothing and counts toward ending.
int keys_typed = 0;

void note_interrupt(int) {
    interrupted = 1;
}

// One byte of input. SIGINT is blocked outside this wait and let through only inside it
// (pselect), so a Ctrl-C that comes while libedit redraws the line is not lost until the
// next key: it ends the wait at once.
int read_byte() {
    for (;;) {
        if (interrupted != 0) return -1;
        sigset_t open_to_interrupt;
        sigprocmask(SIG_SETMASK, nullptr, &open_to_interrupt);
        sigdelset(&open_to_interrupt, SIGINT);
        fd_set input;
        FD_ZERO(&input);
        FD_SET(STDIN_FILENO, &input);
        const int ready =
            pselect(STDIN_FILENO + 1, &input, nullptr, nullptr, nullptr, &open_to_interrupt);
        if (ready < 0) {
            if (errno == EINTR) continue; // the top of the loop looks at the flag
            return -1;
        }
        unsigned char c = 0;
        const ssize_t n = ::read(STDIN_FILENO, &c, 1);
        if (n == 1) return c;
        if (n < 0 && errno == EINTR) continue;
        return -1;
    }
}

// libedit's key reader, replaced to count keys. libedit takes what it returns as one wide
// character, so a UTF-8 sequence (σ, ², −) is decoded here into its code point.
int read_key(FILE*) {
    const int lead = read_byte();
    if (lead < 0) return EOF;
    ++keys_typed;
    const int more = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : lead >= 0xC0 ? 1 : 0;
    int code = more == 3 ? lead & 0x07 : more == 2 ? lead & 0x0F : more == 1 ? lead & 0x1F : lead;
    for (int i = 0; i < more; ++i) {
        const int next = read_byte();
        if (next < 0) return EOF;
        code = (code << 6) | (next & 0x3F);
    }
    return code;
}

// libedit, loaded when a session at a terminal starts rather than linked: every other
// command (a cold `check` above all) starts without loading it and the three libraries it
// needs (libtinfo, libbsd, libmd), a tenth of chainrule's start-up.
struct Editline {
    decltype(&::readline) readline = nullptr;
    decltype(&::using_history) using_history = nullptr;
    decltype(&::stifle_history) stifle_history = nullptr;
    decltype(&::read_history) read_history = nullptr;
    decltype(&::write_history) write_history = nullptr;
    decltype(&::add_history) add_history = nullptr;
    decltype(&::rl_catch_signals) rl_catch_signals = nullptr;
    decltype(&::rl_getc_function) rl_getc_function = nullptr;
};

// The library's functions, or null with the reason in `why` when it cannot be loaded.
const Editline* load_editline(std::string& why) {
    static std::string failure;
    static const Editline* loaded = []() -> const Editline* {
        void* library = dlopen("libedit.so.2", RTLD_NOW | RTLD_LOCAL);
        if (library == nullptr) {
            const char* error = dlerror();
            failure = error != nullptr ? error : "libedit.so.2 not found";
            return nullptr;
        }
        static Editline e;
        bool all = true;
        auto find = [&](auto& pointer, const char* name) {
            pointer =
                reinterpret_cast<std::remove_reference_t<decltype(pointer)>>(dlsym(library, name));
            all = all && pointer != nullptr;
        };
        find(e.readline, "readline");
        find(e.using_history, "using_history");
        find(e.stifle_history, "stifle_history");
        find(e.read_history, "read_history");
        find(e.write_history, "write_history");
        find(e.add_history, "add_history");
        find(e.rl_catch_signals, "rl_catch_signals");
        find(e.rl_getc_function, "rl_getc_function");
        if (!all) {
            failure = "libedit.so.2 lacks a function chainrule uses";
            return nullptr;
        }
        return &e;
    }();
    why = failure;
    return loaded;
}

struct sigaction previous_interrupt_action {};
sigset_t previous_mask;

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
    std::string why;
    editline_ = load_editline(why);
    if (editline_ == nullptr) {
        std::fprintf(stderr, "chainrule: no line editing or history (%s)\n", why.c_str());
        return;
    }
    const Editline& el = *static_cast<const Editline*>(editline_);
    history_ = history_path();
    // Before libedit starts (using_history starts it): its own signal handlers off, our key
    // reader on, and Ctrl-C noted rather than fatal (no SA_RESTART: the read is interrupted).
    *el.rl_catch_signals = 0;
    *el.rl_getc_function = read_key;
    struct sigaction action {};
    action.sa_handler = note_interrupt;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0;
    sigaction(SIGINT, &action, &previous_interrupt_action);
    sigset_t interrupt;
    sigemptyset(&interrupt);
    sigaddset(&interrupt, SIGINT);
    sigprocmask(SIG_BLOCK, &interrupt, &previous_mask);
    el.using_history();
    el.stifle_history(history_lines);
    if (!history_.empty()) {
        std::error_code ec;
        std::filesystem::create_directories(std::filesystem::path(history_).parent_path(), ec);
        if (ec)
            history_.clear(); // no history rather than no session
        else
            el.read_history(history_.c_str());
    }
}

LineReader::~LineReader() {
    if (editline_ == nullptr) return;
    sigprocmask(SIG_SETMASK, &previous_mask, nullptr);
    sigaction(SIGINT, &previous_interrupt_action, nullptr);
}

std::optional<std::string> LineReader::read(const std::string& prompt) {
    if (editline_ != nullptr) {
        const Editline& el = *static_cast<const Editline*>(editline_);
        char* raw = nullptr;
        for (;;) {
            interrupted = 0;
            keys_typed = 0;
            raw = el.readline(prompt.c_str());
            if (interrupted == 0) break;
            // Ctrl-C: the line typed is dropped; on an empty line right after another Ctrl-C,
            // the session ends, as Ctrl-D ends it.
            std::free(raw);
            raw = nullptr;
            const bool ends = keys_typed == 0 && interrupted_before_;
            interrupted_before_ = true;
            // On a line of its own, wrapped at the terminal's width: the cursor was after
            // what had been typed.
            std::fputs("^C\n", stdout);
            if (!ends)
                std::fputs(
                    fit_to_terminal(
                        stdout, "(Ctrl-C again on an empty line, or Ctrl-D, ends the session)\n")
                        .c_str(),
                    stdout);
            std::fflush(stdout);
            if (ends) return std::nullopt;
        }
        interrupted_before_ = false;
        if (raw == nullptr) return std::nullopt;
        std::string line(raw);
        std::free(raw);
        if (line.size() > max_line_bytes) line.resize(max_line_bytes);
        if (!line.empty()) {
            el.add_history(line.c_str());
            if (!history_.empty()) el.write_history(history_.c_str());
        }
        return line;
    }
    if (interactive_) { // a terminal without libedit
        std::fputs(prompt.c_str(), stdout);
        std::fflush(stdout);
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
