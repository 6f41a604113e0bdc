#include "cli/limits.hpp"

#include <csignal>
#include <cstdio>
#include <cstring>
#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

namespace chainrule {

namespace {

volatile sig_atomic_t exit_status_on_limit = 3;

// The message is built before the timer is armed: only write() and _exit() in the handler.
char time_message[160];

void on_time_limit(int) {
    ssize_t ignored = write(STDERR_FILENO, time_message, std::strlen(time_message));
    (void)ignored;
    _exit(exit_status_on_limit);
}

} // namespace

void set_limit_exit_status(int status) {
    exit_status_on_limit = status;
}

void limit_process(double cpu_seconds, std::size_t memory_mb) {
    if (cpu_seconds > 0) {
        std::snprintf(time_message, sizeof time_message,
                      "chainrule: error: time limit exceeded: more than %g s of CPU time "
                      "(--time-limit)\n",
                      cpu_seconds);
        std::signal(SIGPROF, on_time_limit);
        itimerval timer{};
        auto whole = static_cast<long>(cpu_seconds);
        timer.it_value.tv_sec = whole;
        timer.it_value.tv_usec = static_cast<long>((cpu_seconds - double(whole)) * 1e6);
        if (timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0)
            timer.it_value.tv_usec = 1000;
        setitimer(ITIMER_PROF, &timer, nullptr);
    }
#ifdef CHAINRULE_SANITIZED
    (void)memory_mb;
#else
    if (memory_mb > 0) {
        rlimit memory{};
        memory.rlim_cur = memory.rlim_max = static_cast<rlim_t>(memory_mb) * 1024 * 1024;
        setrlimit(RLIMIT_AS, &memory);
    }
#endif
}

} // namespace chainrule
