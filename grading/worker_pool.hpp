#pragma once
// Grading in worker processes. GiNaC is not thread-safe, and a hostile answer must not take
// the run down with it: each submission is graded by a forked worker, each answer under a
// CPU-time limit (a profiling timer: SIGPROF ends the worker) and the worker under an
// address-space limit (RLIMIT_AS). A worker that dies (limit, crash) is replaced; the answer
// it was checking is marked `error` with the reason, and the rest of that submission goes to
// the next worker.
//
// Workers talk to the parent over pipes: the parent sends a job as two 64-bit numbers (the
// submission's index, the first problem to grade); the worker answers with length-prefixed
// messages (a 4-byte length, a type byte, then the body). A result's body carries its score
// and verdict in binary and its JSON text as the row will hold it: the parent joins the texts
// into the row without parsing them.
#include "generator/problem_set.hpp"
#include "generator/problem_source.hpp"
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

/// Grades submissions[jobs[i]] for each i on `workers` worker processes. `set_size` is the
/// number of problems of every student's set; `class_set` gives ids and points for error
/// results. Returns when every job is done.
void run_worker_pool(const ProblemSource& source, const ProblemSet& class_set,
                     const std::vector<Submission>& submissions,
                     const std::vector<std::size_t>& jobs, unsigned workers,
                     const WorkerLimits& limits, const PoolEvents& events);

/// Creates the variables a spec's problems use (and common names) in this process, so that
/// every worker forked from it gives them the same GiNaC serial numbers, and expressions are
/// ordered alike in every worker: results do not depend on which worker graded what.
void prepare_symbols(const ProblemSet& class_set);

} // namespace chainrule
