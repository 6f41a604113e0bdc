#include "grading/worker_pool.hpp"

#include "checker/diagnosis.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "grading/grade_row.hpp"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <fcntl.h>
#include <new>
#include <optional>
#include <poll.h>
#include <string_view>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace chainrule {

namespace {

constexpr int memory_exit_code = 42;

using Clock = std::chrono::steady_clock;

bool write_all(int fd, const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    char* p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::read(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

// Message types, worker to parent.
constexpr char message_generated = 'g'; // the problem set is made: answers follow
constexpr char message_failed = 'f';    // no problem set; the body is the reason
constexpr char message_result = 'r';    // one answer graded: ResultHeader, then its JSON text
constexpr char message_done = 'd';      // the submission is done
constexpr char message_ready = 'h';     // the worker has started: jobs may come
constexpr char message_refused = 'x';   // the worker cannot grade; the body is why

// The fixed part of a result's body. Parent and worker are the same program on the same
// machine, so it is copied as it is.
struct ResultHeader {
    std::uint64_t index;
    double milliseconds;
    double score;
    double max_score;
    std::uint64_t verdict; ///< GradeStatus (64 bits: no padding bytes to send)
};

void send_message(int fd, char type, std::string_view head, std::string_view body = {}) {
    std::string frame;
    frame.reserve(5 + head.size() + body.size());
    auto size = static_cast<std::uint32_t>(1 + head.size() + body.size());
    frame.append(reinterpret_cast<const char*>(&size), sizeof size);
    frame += type;
    frame += head;
    frame += body;
    if (!write_all(fd, frame.data(), frame.size())) _exit(0);
}

void arm_timer(double seconds) {
    itimerval timer{};
    auto whole = static_cast<long>(seconds);
    timer.it_value.tv_sec = whole;
    timer.it_value.tv_usec = static_cast<long>((seconds - double(whole)) * 1e6);
    if (timer.it_value.tv_sec == 0 && timer.it_value.tv_usec == 0) timer.it_value.tv_usec = 1000;
    setitimer(ITIMER_PROF, &timer, nullptr);
}

void disarm_timer() {
    itimerval timer{};
    setitimer(ITIMER_PROF, &timer, nullptr);
}

double generation_seconds(const WorkerLimits& limits) {
    return 5 * limits.cpu_seconds + 5;
}

// The student's id and answers of a job, after its two numbers (the grader's index of the
// submission, the first problem to grade): two lengths, then the bytes.
struct JobHead {
    std::uint64_t index;
    std::uint64_t first;
    std::uint64_t student_size;
    std::uint64_t answers_size;
};

// The most a job's text may be: a submission file is at most 1 GB (--max-file-size).
constexpr std::uint64_t max_job_text = std::uint64_t(1) << 31;

// A test-only hook: a worker stops, without using CPU time, before the first answer of this
// student's first problem (not when given the rest of the submission), so that tests can kill
// it from outside as the OOM killer would.
const char* stall_student() {
    static const char* student = std::getenv("CHAINRULE_TEST_STALL_STUDENT");
    return student;
}

} // namespace

[[noreturn]] void refuse_worker(const std::string& reason) {
    send_message(STDOUT_FILENO, message_refused, reason);
    _exit(0);
}

[[noreturn]] void serve_worker(const SheetMaker& sheet_for, const WorkerLimits& limits) {
    const int in_fd = STDIN_FILENO, out_fd = STDOUT_FILENO;
    std::signal(SIGPROF, SIG_DFL);
    std::signal(SIGPIPE, SIG_IGN);
    std::signal(SIGINT, SIG_IGN); // the grader decides when the run stops
    // Every submission starts from the symbol state the worker started with: GiNaC's order of
    // terms, and with it every message, is the same whichever worker grades it.
    const SymbolMark mark = mark_symbols();
#ifndef CHAINRULE_SANITIZED
    rlimit memory{};
    memory.rlim_cur = memory.rlim_max = static_cast<rlim_t>(limits.memory_mb) * 1024 * 1024;
    setrlimit(RLIMIT_AS, &memory);
#else
    // AddressSanitizer reserves terabytes of address space for its shadow memory: under an
    // address-space limit its first allocation fails. Sanitizer builds (for tests only) grade
    // without the memory limit.
#endif
    send_message(out_fd, message_ready, {});
    try {
        for (;;) {
            JobHead head{};
            if (!read_all(in_fd, &head, sizeof head)) _exit(0);
            if (head.student_size > max_job_text || head.answers_size > max_job_text) _exit(3);
            Submission submission;
            submission.student.resize(head.student_size);
            std::string packed(head.answers_size, '\0');
            if (!read_all(in_fd, submission.student.data(), submission.student.size()) ||
                !read_all(in_fd, packed.data(), packed.size()))
                _exit(0);
            submission.answers = unpack_answers(packed);
            packed = std::string();
            rewind_symbols(mark);
            std::optional<ProblemSet> set;
            arm_timer(generation_seconds(limits));
            try {
                set = sheet_for(submission.student);
            } catch (const std::bad_alloc&) {
                throw;
            } catch (const std::exception& e) {
                disarm_timer();
                send_message(out_fd, message_failed,
                             std::string("the problem set could not be generated: ") + e.what());
                continue;
            }
            disarm_timer();
            send_message(out_fd, message_generated, {});
            for (std::size_t i = head.first; i < set->problems.size(); ++i) {
                const Problem& problem = set->problems[i];
                if (i == 0 && stall_student() && submission.student == stall_student())
                    for (;;)
                        pause();
                auto start = Clock::now();
                arm_timer(limits.cpu_seconds);
                ProblemResult result;
                try {
                    result = grade_problem(problem, submission);
                } catch (const std::bad_alloc&) {
                    throw;
                } catch (const std::exception& e) {
                    result = error_result(problem, std::string("the check failed: ") + e.what());
                }
                disarm_timer();
                ProblemOutcome outcome = problem_outcome(result);
                ResultHeader header{
                    i, std::chrono::duration<double, std::milli>(Clock::now() - start).count(),
                    outcome.score, outcome.max_score, static_cast<std::uint64_t>(outcome.verdict)};
                send_message(
                    out_fd, message_result,
                    std::string_view(reinterpret_cast<const char*>(&header), sizeof header),
                    outcome.json);
            }
            set.reset();
            send_message(out_fd, message_done, {});
        }
    } catch (const std::bad_alloc&) {
        _exit(memory_exit_code);
    } catch (...) {
        _exit(3);
    }
}

namespace {

// A submission handed to a worker: its index in `jobs` and the problem it is on (or starts
// at).
struct Given {
    std::size_t job = 0;
    std::size_t next = 0;
};

struct Worker {
    pid_t pid = -1;
    int to = -1;
    int from = -1;
    /// What it was given, in order: the first is the one it is on, the others wait in its
    /// pipe (see max_assigned).
    std::deque<Given> assigned;
    bool generated = false; ///< the first assignment's problem set is made
    bool broken = false;    ///< a job could not be written to it: it is dead or dying
    bool ready = false;     ///< it has started (message_ready)
    std::string outbox;     ///< jobs not yet written to its pipe
    std::size_t outbox_sent = 0;
    Clock::time_point deadline;
    std::string buffer;
    std::string kill_reason;
};

// A worker is given its next submissions before it is done with the one it is on, so that it
// never waits for the grader, and the grader can read its results a few at a time rather
// than waking up for each (each wake-up costs system time, taken from the workers).
constexpr std::size_t max_assigned = 3;
// Submissions are given ahead only while many are left: at the end of the run, one waiting
// behind a slow answer would keep an idle worker from it.
constexpr std::size_t ahead_only_with = 8;
// How long the grader lets results gather while every worker has work waiting.
constexpr auto gather_time = std::chrono::milliseconds(2);

std::string describe_signal(int sig) {
    const char* name = strsignal(sig);
    return std::string(name ? name : "signal") + " (signal " + std::to_string(sig) + ")";
}

std::string format_seconds(double s) {
    char text[32];
    std::snprintf(text, sizeof text, "%g", s);
    return text;
}

} // namespace

void prepare_symbols(const ProblemSet& class_set) {
    for (const auto& problem : class_set.problems) {
        for (const auto& v : problem.variables)
            variable(v);
        for (const auto& v : problem.wrt)
            variable(v);
    }
    static const char* greek[] = {"alpha",  "beta", "gamma", "delta", "epsilon", "eta",  "theta",
                                  "lambda", "mu",   "sigma", "tau",   "phi",     "omega"};
    for (char c = 'a'; c <= 'z'; ++c) {
        variable(std::string(1, c));
        for (int d = 0; d <= 9; ++d)
            variable(std::string(1, c) + std::to_string(d));
    }
    for (const char* g : greek)
        variable(g);
    // Symbols that the checker makes once, on first use, are made here, before the mark that
    // workers return to: one made after it would outlive the rewind.
    try {
        const GiNaC::symbol& x = variable("x");
        const GiNaC::symbol& w = variable("w");
        GiNaC::ex f = sigmoid(w * x) + GiNaC::pow(GiNaC::tanh(x), 2) + maximum(0, w * x);
        diagnose(f, "x", {"w", "x"}, 2 * f.diff(x));
        for (const auto& problem : class_set.problems) {
            ExprValue wrong = problem.expected;
            for (auto& entry : wrong.entries)
                entry = 2 * entry + 1;
            SubmittedAnswer answer;
            answer.answer = print(wrong);
            check_problem(problem, answer);
        }
    } catch (const std::exception&) {
        // A warm-up only.
    }
}

void run_worker_pool(const WorkerCommand& command, const ProblemSet& class_set,
                     const std::vector<Submission>& submissions,
                     const std::vector<std::size_t>& jobs, unsigned worker_count,
                     const WorkerLimits& limits, const PoolEvents& events) {
    std::signal(SIGPIPE, SIG_IGN);
    if (worker_count == 0) worker_count = 1;
    const std::size_t set_size = class_set.problems.size();
    std::deque<std::pair<std::size_t, std::size_t>> queue; // (job, first problem)
    for (std::size_t j = 0; j < jobs.size(); ++j)
        queue.emplace_back(j, 0);
    std::vector<Worker> workers;
    auto answer_wall = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(4 * limits.cpu_seconds + 2));
    auto generation_wall = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(2 * generation_seconds(limits) + 5));

    // A worker is this program run again (never a fork of the grader, whose heap holds the
    // class's submissions: a worker's address space, and with it what its memory limit
    // leaves, is the same whatever the other files are).
    std::vector<std::string> arguments{command.program};
    arguments.insert(arguments.end(), command.arguments.begin(), command.arguments.end());
    std::vector<char*> argv;
    for (auto& a : arguments)
        argv.push_back(a.data());
    argv.push_back(nullptr);

    auto spawn = [&]() -> bool {
        int down[2], up[2];
        if (pipe2(down, O_CLOEXEC) != 0) return false;
        if (pipe2(up, O_CLOEXEC) != 0) {
            close(down[0]);
            close(down[1]);
            return false;
        }
        pid_t pid = fork();
        if (pid < 0) {
            close(down[0]);
            close(down[1]);
            close(up[0]);
            close(up[1]);
            return false;
        }
        if (pid == 0) {
            // Standard input and output become the pipes; every other descriptor of the
            // grader is closed on exec.
            int in = fcntl(down[0], F_DUPFD_CLOEXEC, 3);
            int out = fcntl(up[1], F_DUPFD_CLOEXEC, 3);
            if (in < 0 || out < 0 || dup2(in, STDIN_FILENO) < 0 || dup2(out, STDOUT_FILENO) < 0)
                _exit(127);
            execv(argv[0], argv.data());
            _exit(127);
        }
        close(down[0]);
        close(up[1]);
        fcntl(down[1], F_SETFL, O_NONBLOCK);
        Worker w;
        w.pid = pid;
        w.to = down[1];
        w.from = up[0];
        workers.push_back(std::move(w));
        return true;
    };

    // Writes what the worker's pipe takes of its jobs; the rest waits for the next turn, so
    // that a worker that does not read (stopped, or grading a long submission) never blocks
    // the grader.
    auto flush = [&](Worker& w) {
        while (w.outbox_sent < w.outbox.size() && !w.broken) {
            ssize_t n =
                ::write(w.to, w.outbox.data() + w.outbox_sent, w.outbox.size() - w.outbox_sent);
            if (n < 0 && errno == EINTR) continue;
            if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
            if (n <= 0) {
                w.broken = true; // it died: seen when its results pipe ends
                break;
            }
            w.outbox_sent += static_cast<std::size_t>(n);
        }
        if (w.outbox_sent == w.outbox.size() || w.broken) {
            w.outbox.clear();
            w.outbox_sent = 0;
        }
    };

    // The worker starts on its next assignment, if it has one.
    auto start_next = [&](Worker& w) {
        w.generated = false;
        w.kill_reason.clear();
        w.deadline = Clock::now() + generation_wall;
    };

    auto finish_job = [&](Worker& w) {
        std::size_t job = w.assigned.front().job;
        w.assigned.pop_front();
        if (!w.assigned.empty()) start_next(w);
        events.on_done(jobs[job]);
    };

    // A worker died (or was killed): the answer it was on fails with the reason, the rest of
    // its submission and the submissions waiting for it go back to the queue.
    auto bury = [&](std::size_t index) {
        Worker& w = workers[index];
        int status = 0;
        while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
        }
        close(w.to);
        close(w.from);
        // One that never started will not start the next time either (no program to run,
        // no memory for it): the run stops, saying why.
        if (!w.ready)
            throw std::runtime_error("cannot start a worker process (" + command.program + "): " +
                                     (WIFEXITED(status)
                                          ? "exit status " + std::to_string(WEXITSTATUS(status))
                                      : WIFSIGNALED(status) ? describe_signal(WTERMSIG(status))
                                                            : std::string("it stopped")));
        std::vector<std::pair<std::size_t, std::size_t>> back;
        if (!w.assigned.empty()) {
            const Given on = w.assigned.front();
            std::string reason;
            if (!w.kill_reason.empty())
                reason = w.kill_reason;
            else if (WIFSIGNALED(status) &&
                     (WTERMSIG(status) == SIGPROF || WTERMSIG(status) == SIGXCPU))
                reason = "time limit exceeded: more than " + format_seconds(limits.cpu_seconds) +
                         " s of CPU time";
            else if (WIFEXITED(status) && WEXITSTATUS(status) == memory_exit_code)
                reason =
                    "memory limit exceeded: more than " + std::to_string(limits.memory_mb) + " MB";
            else if (WIFSIGNALED(status))
                reason = "the checker crashed: " + describe_signal(WTERMSIG(status));
            else
                reason = "the checker stopped unexpectedly (exit status " +
                         std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
            if (!w.generated) {
                events.on_failed(jobs[on.job], "the problem set could not be generated: " + reason);
                events.on_done(jobs[on.job]);
            } else if (on.next >= set_size) {
                events.on_done(jobs[on.job]); // died after its last result
            } else {
                const Problem& problem = class_set.problems.at(on.next);
                events.on_result(jobs[on.job], on.next,
                                 problem_outcome(error_result(problem, reason)), 0);
                if (on.next + 1 < set_size)
                    back.emplace_back(on.job, on.next + 1);
                else
                    events.on_done(jobs[on.job]);
            }
            // Not started: given to the next worker as they are.
            for (std::size_t k = 1; k < w.assigned.size(); ++k)
                back.emplace_back(w.assigned[k].job, w.assigned[k].next);
        }
        for (auto it = back.rbegin(); it != back.rend(); ++it)
            queue.push_front(*it);
        workers.erase(workers.begin() + static_cast<std::ptrdiff_t>(index));
    };

    auto handle = [&](Worker& w, char type, std::string_view body) {
        if (type == message_ready) {
            w.ready = true;
            return;
        }
        if (type == message_refused) throw InputError(std::string(body));
        if (w.assigned.empty()) throw std::runtime_error("a worker answered without a job");
        Given& on = w.assigned.front();
        if (type == message_generated) {
            w.generated = true;
            w.deadline = Clock::now() + answer_wall;
        } else if (type == message_result) {
            ResultHeader header{};
            if (body.size() < sizeof header) throw std::runtime_error("a worker's result is cut");
            std::memcpy(&header, body.data(), sizeof header);
            ProblemOutcome outcome;
            outcome.json.assign(body.substr(sizeof header));
            outcome.verdict = static_cast<GradeStatus>(header.verdict);
            outcome.score = header.score;
            outcome.max_score = header.max_score;
            auto i = static_cast<std::size_t>(header.index);
            events.on_result(jobs[on.job], i, std::move(outcome), header.milliseconds);
            on.next = i + 1;
            w.deadline = Clock::now() + answer_wall;
        } else if (type == message_failed) {
            events.on_failed(jobs[on.job], std::string(body));
            finish_job(w);
        } else if (type == message_done) {
            finish_job(w);
        }
    };

    std::vector<pollfd> fds;
    for (;;) {
        // Hand out work: to an idle worker, else to a new one, else ahead to the worker with
        // the least.
        while (!queue.empty()) {
            Worker* least = nullptr;
            for (auto& w : workers)
                if (!w.broken && (!least || w.assigned.size() < least->assigned.size())) least = &w;
            if (!least || !least->assigned.empty()) {
                if (workers.size() < worker_count && spawn()) continue;
                if (!least || least->assigned.size() >= max_assigned ||
                    queue.size() < ahead_only_with * worker_count)
                    break;
            }
            auto [job, first] = queue.front();
            queue.pop_front();
            const Submission& submission = submissions.at(jobs[job]);
            JobHead head{jobs[job], first, submission.student.size(),
                         submission.packed_answers.size()};
            least->outbox.append(reinterpret_cast<const char*>(&head), sizeof head);
            least->outbox += submission.student;
            least->outbox += submission.packed_answers;
            flush(*least);
            least->assigned.push_back({job, first});
            if (least->assigned.size() == 1) start_next(*least);
        }
        bool any_busy = false;
        for (const auto& w : workers)
            any_busy = any_busy || !w.assigned.empty() || w.broken;
        if (!any_busy && queue.empty()) break;
        if (workers.empty()) throw std::runtime_error("cannot start worker processes");

        fds.clear();
        for (const auto& w : workers)
            fds.push_back({w.from, POLLIN, 0});
        for (const auto& w : workers)
            if (!w.outbox.empty()) fds.push_back({w.to, POLLOUT, 0});
        int ready = poll(fds.data(), fds.size(), 100);
        if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
        for (auto& w : workers)
            flush(w);
        std::vector<std::size_t> dead;
        for (std::size_t k = 0; k < workers.size(); ++k) {
            Worker& w = workers[k];
            if (fds[k].revents != 0) {
                char chunk[65536];
                ssize_t n = ::read(w.from, chunk, sizeof chunk);
                if (n > 0) {
                    w.buffer.append(chunk, static_cast<std::size_t>(n));
                    std::size_t used = 0;
                    for (;;) {
                        std::uint32_t size = 0;
                        if (w.buffer.size() - used < sizeof size) break;
                        std::memcpy(&size, w.buffer.data() + used, sizeof size);
                        if (size == 0) throw std::runtime_error("a worker's message is empty");
                        if (w.buffer.size() - used - sizeof size < size) break;
                        std::string_view message(w.buffer.data() + used + sizeof size, size);
                        used += sizeof size + size;
                        handle(w, message[0], message.substr(1));
                    }
                    w.buffer.erase(0, used);
                } else if (n == 0 || (errno != EINTR && errno != EAGAIN)) {
                    dead.push_back(k);
                    continue;
                }
            }
            if (!w.assigned.empty() && Clock::now() > w.deadline && w.kill_reason.empty()) {
                w.kill_reason = "time limit exceeded: no result within " +
                                format_seconds(std::chrono::duration<double>(
                                                   w.generated ? answer_wall : generation_wall)
                                                   .count()) +
                                " s of wall-clock time";
                kill(w.pid, SIGKILL);
            }
        }
        for (auto it = dead.rbegin(); it != dead.rend(); ++it)
            bury(*it);
        // Every worker has work waiting: let results gather rather than wake for each.
        bool gather = ready > 0 && dead.empty() && queue.size() >= ahead_only_with * worker_count;
        for (const auto& w : workers)
            gather = gather && !w.broken && w.assigned.size() >= 2;
        if (gather) std::this_thread::sleep_for(gather_time);
    }
    for (auto& w : workers)
        close(w.to);
    for (auto& w : workers) {
        int status = 0;
        while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
        }
        close(w.from);
    }
}

} // namespace chainrule
