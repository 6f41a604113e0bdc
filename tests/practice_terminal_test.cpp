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
#include <thread>
#include <unistd.h>

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
    void type(const std::string& keys) {
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
    REQUIRE(t.wait_for("^C (Ctrl-C again on an empty line, or Ctrl-D, ends the session)\r\n> "));
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
