#pragma once
// Grading in worker processes. GiNaC is not thread-safe, and a hostile answer must not take
// the run down with it: each submission is graded by a worker process, each answer under a
// CPU-time limit (a profiling timer: SIGPROF ends the worker) and the worker under an
// address-space limit (RLIMIT_AS). These limits are a safety net: what makes an answer too
// costly is the checker's budget of work (expr/work_budget.hpp), the same on every machine. A
// worker that dies (limit, crash, a kill from outside) is replaced; the answer it was checking
// is marked `error` with the reason (not a verdict: `grade --resume --regrade-errors` grades
// it again), and the rest of that submission goes to the next worker.
//
// A worker is this program run again (WorkerCommand: /proc/self/exe and a hidden command),
// never a fork of the grader: it starts with a small address space of its own, whatever the
// grader has read, so that no other student's files change what its memory limit leaves.
//
// Workers talk to the grader over pipes, their standard input and output. A worker first
// says it is ready (or why it cannot grade). The grader sends a job as four 64-bit numbers
// (the submission's index, the first problem to grade, the sizes of the student's id and of
// the packed answers) and those bytes; the worker answers with length-prefixed messages (a
// 4-byte length, a type byte, then the body). A result's body carries its score and verdict
// in binary and its JSON text as the row will hold it: the grader joins the texts into the
// row without parsing them.
#include "generator/problem_set.hpp"
#include "grading/grade_row.hpp"
#include "grading/submission.hpp"

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace chainrule {

/// The limits each answer is checked under.
struct WorkerLimits {
    double cpu_seconds = 2;      ///< CPU time per answer
    std::size_t memory_mb = 512; ///< address space per worker process
};

/// What the pool reports, in the parent, as results come.
struct PoolEvents {
    /// Problem `index` of submission `job` is graded (or failed: an `error` result).
    std::function<void(std::size_t job, std::size_t index, ProblemOutcome result,
                       double milliseconds)>
        on_result;
    /// The submission could not be graded at all (its problem set could not be generated).
    std::function<void(std::size_t job, const std::string& reason)> on_failed;
    /// Every problem of the submission has a result (after on_result for each), or on_failed.
    std::function<void(std::size_t job)> on_done;
};

/// How to start a worker process: the program (/proc/self/exe) and its arguments, which make
/// it call serve_worker.
struct WorkerCommand {
    std::string program = "/proc/self/exe";
    std::vector<std::string> arguments;
};

/// Grades submissions[jobs[i]] for each i on `workers` worker processes started with
/// `command`. `class_set` gives the number of problems of every student's set, and ids and
/// points for error results. Returns when every job is done. Throws InputError when a worker
/// refuses to grade (refuse_worker), std::runtime_error when none can be started.
void run_worker_pool(const WorkerCommand& command, const ProblemSet& class_set,
                     const std::vector<Submission>& submissions,
                     const std::vector<std::size_t>& jobs, unsigned workers,
                     const WorkerLimits& limits, const PoolEvents& events);

/// A student's problems, as a worker makes them.
using SheetMaker = std::function<ProblemSet(const std::string& student)>;

/// The life of a worker process that run_worker_pool started: says it is ready, then grades
/// the jobs read from standard input, writing results to standard output, until the input
/// ends. The symbols made so far (prepare_symbols) are where every submission starts from.
[[noreturn]] void serve_worker(const SheetMaker& sheet_for, const WorkerLimits& limits);

/// Tells the grader that this worker cannot grade, and why (the grader stops with the reason
/// as an InputError), and exits.
[[noreturn]] void refuse_worker(const std::string& reason);

/// Creates the variables a spec's problems use (and common names) in this process, so that
/// every worker gives them the same GiNaC serial numbers, and expressions are ordered alike
/// in every worker: results do not depend on which worker graded what.
void prepare_symbols(const ProblemSet& class_set);

} // namespace chainrule
