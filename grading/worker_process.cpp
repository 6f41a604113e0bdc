// The worker's side of grading in processes: a worker process reads jobs from the grader,
// makes each student's problem set, grades each answer under a CPU-time limit and its whole
// life under an address-space limit, and sends the results back (worker_protocol.hpp).
#include "checker/diagnosis.hpp"
#include "expr/errors.hpp"
#include "expr/functions.hpp"
#include "expr/printer.hpp"
#include "expr/symbols.hpp"
#include "grading/grade_row.hpp"
#include "grading/worker_pool.hpp"
#include "grading/worker_protocol.hpp"

#include <sys/resource.h>
#include <sys/time.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <new>
#include <optional>
#include <string_view>

namespace chainrule {

using namespace worker_protocol;

namespace {

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

} // namespace chainrule
