#pragma once
// Runs the built `chainrule` executable for end-to-end tests: fork and exec with pipes (or a
// pseudo-terminal for standard output), standard input fed from a string, and standard output,
// standard error and the exit status captured. No shell: arguments reach the program exactly as
// given, quotes, spaces, leading minus signs and Unicode included.
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <stdexcept>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace chainrule::test {

/// What a run of the binary produced.
struct RunResult {
    int status = -1; ///< the exit status, or 128 + signal when killed by a signal
    std::string out; ///< standard output
    std::string err; ///< standard error
};

/// How to run it.
struct RunOptions {
    std::string input;            ///< fed to standard input, which is then closed
    std::vector<std::string> env; ///< extra NAME=VALUE entries (NO_COLOR is removed first)
    bool terminal = false;        ///< standard output is a pseudo-terminal, not a pipe
    bool terminal_stderr = false; ///< standard error is a pseudo-terminal, not a pipe
    /// Limits on the child (0: none): CPU seconds (RLIMIT_CPU: past it the child is killed,
    /// status 128 + SIGXCPU or SIGKILL) and address space in MB (RLIMIT_AS). The address-space
    /// limit is not applied in sanitizer builds, whose shadow memory alone is larger.
    unsigned cpu_seconds = 0;
    std::size_t memory_mb = 0;
    /// A folder to run in ("" for the current one).
    std::string directory = "";
    /// A program (its full path) and its arguments to run the binary under, e.g. setpriv with
    /// capabilities dropped: it is given the binary's path and arguments after its own.
    std::vector<std::string> wrapper = {};
};

/// The whole content of a file, as bytes ("" when it cannot be read).
inline std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The lines of a program's output, without their line feeds.
inline std::vector<std::string> lines_of(const std::string& text) {
    std::vector<std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);)
        lines.push_back(line);
    return lines;
}

/// The path of the built binary under test.
inline std::string binary_path() {
    return CHAINRULE_BINARY;
}

inline RunResult run_binary(const std::vector<std::string>& args, const RunOptions& options = {}) {
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (pipe(in_pipe) != 0) throw std::runtime_error("pipe failed");
    std::string err_slave_name;
    if (options.terminal_stderr) {
        err_pipe[0] = posix_openpt(O_RDWR | O_NOCTTY);
        if (err_pipe[0] < 0 || grantpt(err_pipe[0]) != 0 || unlockpt(err_pipe[0]) != 0)
            throw std::runtime_error("no pseudo-terminal");
        err_slave_name = ptsname(err_pipe[0]);
        err_pipe[1] = -1;
    } else if (pipe(err_pipe) != 0) {
        throw std::runtime_error("pipe failed");
    }
    int out_read = -1, out_write = -1;
    std::string slave_name;
    if (options.terminal) {
        out_read = posix_openpt(O_RDWR | O_NOCTTY);
        if (out_read < 0 || grantpt(out_read) != 0 || unlockpt(out_read) != 0)
            throw std::runtime_error("no pseudo-terminal");
        slave_name = ptsname(out_read);
    } else {
        if (pipe(out_pipe) != 0) throw std::runtime_error("pipe failed");
        out_read = out_pipe[0];
        out_write = out_pipe[1];
    }

    // Everything the child needs is built before fork: only async-signal-safe calls after it.
    std::string path = binary_path();
    std::vector<std::string> arg_storage = options.wrapper;
    arg_storage.push_back(path);
    if (!options.wrapper.empty()) path = options.wrapper.front();
    arg_storage.insert(arg_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : arg_storage)
        argv.push_back(a.data());
    argv.push_back(nullptr);
    std::vector<std::string> env_storage;
    for (char** e = environ; *e != nullptr; ++e)
        if (std::strncmp(*e, "NO_COLOR=", 9) != 0) env_storage.emplace_back(*e);
    env_storage.insert(env_storage.end(), options.env.begin(), options.env.end());
    std::vector<char*> envp;
    for (auto& e : env_storage)
        envp.push_back(e.data());
    envp.push_back(nullptr);

    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        if (options.terminal) {
            setsid();
            int slave = open(slave_name.c_str(), O_RDWR);
            if (slave < 0) _exit(126);
            dup2(slave, STDOUT_FILENO);
            close(slave);
            close(out_read);
        } else {
            dup2(out_write, STDOUT_FILENO);
            close(out_read);
            close(out_write);
        }
        if (options.cpu_seconds > 0) {
            rlimit cpu{options.cpu_seconds, options.cpu_seconds + 1};
            setrlimit(RLIMIT_CPU, &cpu);
        }
#ifndef CHAINRULE_SANITIZED
        if (options.memory_mb > 0) {
            rlimit memory{};
            memory.rlim_cur = memory.rlim_max = static_cast<rlim_t>(options.memory_mb) << 20;
            setrlimit(RLIMIT_AS, &memory);
        }
#endif
        if (!options.directory.empty() && chdir(options.directory.c_str()) != 0) _exit(126);
        dup2(in_pipe[0], STDIN_FILENO);
        if (options.terminal_stderr) {
            int slave = open(err_slave_name.c_str(), O_RDWR | O_NOCTTY);
            if (slave < 0) _exit(126);
            dup2(slave, STDERR_FILENO);
            close(slave);
        } else {
            dup2(err_pipe[1], STDERR_FILENO);
            close(err_pipe[1]);
        }
        close(in_pipe[0]);
        close(in_pipe[1]);
        close(err_pipe[0]);
        execve(path.c_str(), argv.data(), envp.data());
        _exit(127);
    }
    close(in_pipe[0]);
    if (err_pipe[1] >= 0) close(err_pipe[1]);
    if (out_write >= 0) close(out_write);

    // Feed standard input and drain both outputs together, so that no pipe fills and blocks.
    std::signal(SIGPIPE, SIG_IGN);
    RunResult result;
    std::size_t written = 0;
    int in_fd = in_pipe[1];
    if (options.input.empty()) {
        close(in_fd);
        in_fd = -1;
    }
    bool out_open = true, err_open = true;
    char buffer[4096];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out_read, POLLIN, 0});
        if (err_open) fds.push_back({err_pipe[0], POLLIN, 0});
        if (in_fd >= 0) fds.push_back({in_fd, POLLOUT, 0});
        // A child silent for ten minutes has hung (ctest's timeout usually comes first). A
        // shorter wait broke slow but working runs: a sanitizer build of `generate` validates
        // every template before it prints, over 20 s on a loaded machine, and closing its
        // pipe then killed it with SIGPIPE.
        if (poll(fds.data(), fds.size(), 600000) <= 0) break;
        for (const auto& p : fds) {
            if (p.revents == 0) continue;
            if (p.fd == in_fd) {
                ssize_t n =
                    write(in_fd, options.input.data() + written, options.input.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n < 0 || written == options.input.size()) {
                    close(in_fd);
                    in_fd = -1;
                }
                continue;
            }
            ssize_t n = read(p.fd, buffer, sizeof buffer);
            if (n > 0) {
                (p.fd == out_read ? result.out : result.err)
                    .append(buffer, static_cast<std::size_t>(n));
            } else if (n == 0 || errno != EINTR) {
                // End of file; on a pseudo-terminal, EIO once the child has closed its side.
                (p.fd == out_read ? out_open : err_open) = false;
            }
        }
    }
    if (in_fd >= 0) close(in_fd);
    close(out_read);
    close(err_pipe[0]);
    int status = 0;
    waitpid(pid, &status, 0);
    result.status = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return result;
}

/// Shorthand: `chainrule check ARGS...`.
inline RunResult run_check(std::vector<std::string> args, const RunOptions& options = {}) {
    args.insert(args.begin(), "check");
    return run_binary(args, options);
}

} // namespace chainrule::test
