// practice at a real terminal (a pseudo-terminal for standard input and output): Ctrl-C drops
// the line being typed, and a second Ctrl-C on an empty line ends the session with its score,
// as Ctrl-D does; a σ typed survives the line editor.
#include "run_binary.hpp"

#include <catch2/catch.hpp>

#include <chrono>
#include <csignal>
#include <pty.h>
#include <string>
#include <sys/wait.h>
#include <termios.h>
#include <thread>
#include <unistd.h>
#include <utility>
#include <vector>

namespace {

struct Terminal {
    int fd = -1;
    pid_t pid = -1;
    std::string seen;

    // Reads what the program writes until `text` has appeared (or a few seconds pass).
    bool wait_for(const std::string& text) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        while (seen.find(text) == std::string::npos && std::chrono::steady_clock::now() < end) {
            fd_set set;
            FD_ZERO(&set);
            FD_SET(fd, &set);
            timeval wait{0, 100000};
            if (select(fd + 1, &set, nullptr, nullptr, &wait) <= 0) continue;
            char buffer[4096];
            ssize_t n = ::read(fd, buffer, sizeof buffer);
            if (n <= 0) break;
            seen.append(buffer, static_cast<std::size_t>(n));
        }
        return seen.find(text) != std::string::npos;
    }
    // Types once the line editor reads keys one by one (the terminal out of canonical mode):
    // keys typed before that are the terminal's, and its Ctrl-C would be the kernel's, a race
    // that a loaded machine loses.
    void type(const std::string& keys) {
        const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
        termios mode{};
        while (tcgetattr(fd, &mode) == 0 && (mode.c_lflag & ICANON) != 0 &&
               std::chrono::steady_clock::now() < end)
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        REQUIRE(::write(fd, keys.data(), keys.size()) == ssize_t(keys.size()));
    }
};

} // namespace

TEST_CASE("practice at a terminal: Ctrl-C clears the line, twice on an empty line ends",
          "[practice][terminal]") {
    Terminal t;
    const std::string home = "/tmp/chainrule-practice-terminal-" + std::to_string(getpid());
    t.pid = forkpty(&t.fd, nullptr, nullptr, nullptr);
    REQUIRE(t.pid >= 0);
    if (t.pid == 0) {
        setenv("NO_COLOR", "1", 1);
        setenv("HOME", home.c_str(), 1);
        unsetenv("XDG_STATE_HOME");
        const std::string binary = chainrule::test::binary_path();
        execl(binary.c_str(), "chainrule", "practice", "--seed", "1", static_cast<char*>(nullptr));
        _exit(127);
    }
    REQUIRE(t.wait_for("Find d/dx f(x).\r\n> "));
    // A line half typed, then Ctrl-C: dropped, not graded, and the session goes on.
    t.type("3x + σ");
    t.type("\x03");
    REQUIRE(t.wait_for("^C\r\n(Ctrl-C again on an empty line, or Ctrl-D, ends the session)\r\n> "));
    CHECK(t.seen.find("invalid") == std::string::npos);
    CHECK(t.seen.find("incorrect") == std::string::npos);
    // A σ typed at the terminal reaches the parser whole.
    t.type("0σ\r");
    REQUIRE(t.wait_for("σ at column 2 needs its argument"));
    // Ctrl-C on the empty line, then again: the session ends and says the score.
    t.seen.clear();
    t.type("\x03");
    REQUIRE(t.wait_for("ends the session)\r\n> "));
    t.seen.clear();
    t.type("\x03");
    REQUIRE(t.wait_for("Topics mastered: 0 of 7"));
    CHECK(t.seen.find("^C\r\n") != std::string::npos);
    CHECK(t.seen.find("Ctrl-C again") == std::string::npos); // ended, not cleared
    int status = 0;
    REQUIRE(waitpid(t.pid, &status, 0) == t.pid);
    CHECK(WIFEXITED(status));
    CHECK(WEXITSTATUS(status) == 0);
    close(t.fd);
    std::string remove = "rm -rf '" + home + "'";
    CHECK(std::system(remove.c_str()) == 0);
}

namespace {

// The text without ANSI escape sequences and carriage returns.
std::string without_escapes(const std::string& text) {
    std::string out;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '[') {
            i += 2;
            while (i < text.size() && !(text[i] >= '@' && text[i] <= '~'))
                ++i;
            continue;
        }
        if (text[i] != '\r') out += text[i];
    }
    return out;
}

// Columns of a line: its code points (the practice text's symbols are one column each).
std::size_t columns(const std::string& line) {
    std::size_t n = 0;
    for (unsigned char c : line)
        n += (c & 0xC0) != 0x80;
    return n;
}

std::string without_white_space(const std::string& text) {
    std::string out;
    for (char c : text)
        if (c != ' ' && c != '\n' && c != '\r' && c != '\t') out += c;
    return out;
}

// A short session at a terminal `width` columns wide: a wrong answer, a hint, Ctrl-D.
std::string session_at_width(unsigned short width, bool colour) {
    Terminal t;
    const std::string home = "/tmp/chainrule-practice-width-" + std::to_string(getpid());
    winsize size{};
    size.ws_row = 50;
    size.ws_col = width;
    t.pid = forkpty(&t.fd, nullptr, nullptr, &size);
    REQUIRE(t.pid >= 0);
    if (t.pid == 0) {
        if (colour)
            unsetenv("NO_COLOR");
        else
            setenv("NO_COLOR", "1", 1);
        setenv("TERM", "xterm", 1);
        setenv("HOME", home.c_str(), 1);
        unsetenv("XDG_STATE_HOME");
        unsetenv("COLUMNS");
        const std::string binary = chainrule::test::binary_path();
        execl(binary.c_str(), "chainrule", "practice", "--seed", "1", static_cast<char*>(nullptr));
        _exit(127);
    }
    REQUIRE(t.wait_for("> "));
    t.seen.clear();
    std::string all;
    // Each key typed once its prompt is there (before it, the terminal is not libedit's).
    auto answer = [&](const std::string& keys, const std::string& until) {
        t.type(keys);
        REQUIRE(t.wait_for(until));
        REQUIRE(t.wait_for("\n> "));
        all += t.seen;
        t.seen.clear();
    };
    answer("x^3 + sin(x)\r", "skip.");
    answer("hint\r", "hint: ");
    // Ctrl-C twice on an empty line ends the session with the score (as the first case shows).
    t.type("\x03");
    REQUIRE(t.wait_for("\n> "));
    t.type("\x03");
    REQUIRE(t.wait_for("Topics mastered"));
    t.seen = all + t.seen;
    int status = 0;
    REQUIRE(waitpid(t.pid, &status, 0) == t.pid);
    close(t.fd);
    std::string remove = "rm -rf '" + home + "'";
    CHECK(std::system(remove.c_str()) == 0);
    return t.seen;
}

} // namespace

TEST_CASE("practice at a terminal: text wraps at its width, no word cut, NO_COLOR clean",
          "[practice][terminal]") {
    // The same answers piped: the text unwrapped, to hold the terminal's words to.
    auto piped = chainrule::test::run_binary({"practice", "--seed", "1"}, [] {
        chainrule::test::RunOptions o;
        o.input = "x^3 + sin(x)\nhint\n";
        return o;
    }());
    REQUIRE(piped.status == 0);
    bool any_long = false;
    for (const auto& line : chainrule::test::lines_of(piped.out))
        any_long = any_long || columns(line) > 60;
    REQUIRE(any_long); // else the test would show nothing at 60 columns
    for (unsigned short width : {60, 120})
        for (bool colour : {false, true}) {
            INFO("width " << width << (colour ? ", colour" : ", NO_COLOR"));
            const std::string raw = session_at_width(width, colour);
            CHECK((raw.find('\x1b') != std::string::npos) == colour);
            const std::string text = without_escapes(raw);
            for (const auto& line : chainrule::test::lines_of(text)) {
                INFO(line);
                CHECK(columns(line) <= width);
            }
            // Every word of the feedback, the hint and the score, in order, none cut: the
            // same characters as piped, but for the breaks.
            const std::string at_terminal = without_white_space(text);
            const std::string expected = without_white_space(piped.out);
            for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
                     {"✗incorrect", "skip."}, {"hint:next:", "shown)"}, {"Score:", "of7"}}) {
                std::size_t begin = expected.find(from);
                std::size_t end = expected.find(to, begin);
                REQUIRE(end != std::string::npos);
                const std::string block = expected.substr(begin, end + to.size() - begin);
                INFO(block);
                CHECK(at_terminal.find(block) != std::string::npos);
            }
        }
}
