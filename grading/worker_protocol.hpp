#pragma once
// Internal to grading: how the grader and its worker processes talk (worker_pool.cpp is the
// grader's side, worker_process.cpp the worker's). Both are the same program on the same
// machine, so the fixed parts of messages are copied as they are.
//
// The grader sends a job as a JobHead and the student's id and packed answers; the worker
// answers with length-prefixed messages (a 4-byte length, a type byte, then the body).
#include "grading/worker_pool.hpp"

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chainrule::worker_protocol {

/// The exit status of a worker whose memory ran out (std::bad_alloc).
constexpr int memory_exit_code = 42;

using Clock = std::chrono::steady_clock;

/// Writes (reads) all `size` bytes, retrying after signals. False when the pipe ends.
bool write_all(int fd, const void* data, std::size_t size);
bool read_all(int fd, void* data, std::size_t size);

/// Message types, worker to grader.
constexpr char message_generated = 'g'; // the problem set is made: answers follow
constexpr char message_failed = 'f';    // no problem set; the body is the reason
constexpr char message_result = 'r';    // one answer graded: ResultHeader, then its JSON text
constexpr char message_done = 'd';      // the submission is done
constexpr char message_ready = 'h';     // the worker has started: jobs may come
constexpr char message_refused = 'x';   // the worker cannot grade; the body is why

/// The fixed part of a result's body.
struct ResultHeader {
    std::uint64_t index;
    double milliseconds;
    double score;
    double max_score;
    std::uint64_t verdict; ///< GradeStatus (64 bits: no padding bytes to send)
};

/// Sends one message; a worker whose grader has gone exits.
void send_message(int fd, char type, std::string_view head, std::string_view body = {});

/// The CPU seconds a worker has to make a student's problem set.
double generation_seconds(const WorkerLimits& limits);

/// A job: the grader's index of the submission, the first problem to grade, and the sizes of
/// the student's id and of the packed answers that follow.
struct JobHead {
    std::uint64_t index;
    std::uint64_t first;
    std::uint64_t student_size;
    std::uint64_t answers_size;
};

/// The most a job's text may be: a submission file is at most 1 GB (--max-file-size).
constexpr std::uint64_t max_job_text = std::uint64_t(1) << 31;

} // namespace chainrule::worker_protocol
