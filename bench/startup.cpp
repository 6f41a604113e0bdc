// Start-up cost: the CPU time (user + system) of a cold `chainrule check` of one answer,
// against a bare program that only links GiNaC and builds one expression
// (bench/startup_bare.cpp), each run as a fresh process, and the ratio of the medians.
// The target (issue 14) is a ratio of at most 1.3.
//
//   build/bench/startup [--runs N]      (default 40 runs of each)
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

// The CPU time in milliseconds of one run of argv, its output discarded.
double cpu_milliseconds(const std::vector<std::string>& args) {
    std::vector<char*> argv;
    for (const auto& a : args)
        argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    pid_t pid = fork();
    if (pid < 0) throw std::runtime_error("fork failed");
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        execv(argv[0], argv.data());
        _exit(127);
    }
    int status = 0;
    rusage usage{};
    if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) > 1)
        throw std::runtime_error(args[0] + " failed");
    auto ms = [](const timeval& t) { return t.tv_sec * 1e3 + t.tv_usec / 1e3; };
    return ms(usage.ru_utime) + ms(usage.ru_stime);
}

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    std::size_t n = values.size();
    return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

} // namespace

int main(int argc, char** argv) {
    int runs = 40;
    for (int i = 1; i < argc; ++i)
        if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) runs = std::atoi(argv[++i]);
    const std::vector<std::string> check = {CHAINRULE_BINARY, "check",    "--function",
                                            "3x^2 + 5x",      "--wrt",    "x",
                                            "--answer",       "6x + 5"};
    const std::vector<std::string> bare = {STARTUP_BARE_BINARY};
    std::vector<double> check_times, bare_times;
    // Interleaved, so that a change of load on the machine weighs on both alike.
    for (int i = 0; i < runs; ++i) {
        bare_times.push_back(cpu_milliseconds(bare));
        check_times.push_back(cpu_milliseconds(check));
    }
    double b = median(bare_times), c = median(check_times);
    std::printf("bare GiNaC program:        median %.1f ms of CPU (%d runs)\n", b, runs);
    std::printf("chainrule check, cold:     median %.1f ms of CPU (%d runs)\n",
                c, runs);
    std::printf("ratio check / bare:        %.2fx (target: at most 1.3x)\n", c / b);
    return 0;
}
