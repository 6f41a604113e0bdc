// The grader's side of grading in processes: the pool of worker processes, the jobs handed
// out to them, their results read without blocking, and a worker that dies replaced
// (worker_protocol.hpp).
#include "grading/worker_pool.hpp"

#include "expr/errors.hpp"
#include "grading/grade_row.hpp"
#include "grading/worker_protocol.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <string_view>
#include <thread>

namespace chainrule {

using namespace worker_protocol;

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

// The pool of one run_worker_pool call: the queue of work, the workers, and what each was
// given. One worker is spawned at a time, as work needs it, up to worker_count.
class WorkerPool {
  public:
    WorkerPool(const WorkerCommand& command, const ProblemSet& class_set,
               const std::vector<Submission>& submissions, const std::vector<std::size_t>& jobs,
               unsigned worker_count, const WorkerLimits& limits, const PoolEvents& events)
        : command_(command), class_set_(class_set), submissions_(submissions), jobs_(jobs),
          worker_count_(worker_count == 0 ? 1 : worker_count), limits_(limits), events_(events),
          answer_wall_(std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(4 * limits.cpu_seconds + 2))),
          generation_wall_(std::chrono::duration_cast<Clock::duration>(
              std::chrono::duration<double>(2 * generation_seconds(limits) + 5))) {
        for (std::size_t j = 0; j < jobs.size(); ++j)
            queue_.emplace_back(j, 0);
        // A worker is this program run again (never a fork of the grader, whose heap holds
        // the class's submissions: a worker's address space, and with it what its memory
        // limit leaves, is the same whatever the other files are).
        arguments_.push_back(command.program);
        arguments_.insert(arguments_.end(), command.arguments.begin(), command.arguments.end());
        for (auto& a : arguments_)
            argv_.push_back(a.data());
        argv_.push_back(nullptr);
    }

    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    /// Runs every job to its end, then lets the workers go.
    void run() {
        std::vector<pollfd> fds;
        for (;;) {
            hand_out();
            bool any_busy = false;
            for (const auto& w : workers_)
                any_busy = any_busy || !w.assigned.empty() || w.broken;
            if (!any_busy && queue_.empty()) break;
            if (workers_.empty()) throw std::runtime_error("cannot start worker processes");

            fds.clear();
            for (const auto& w : workers_)
                fds.push_back({w.from, POLLIN, 0});
            for (const auto& w : workers_)
                if (!w.outbox.empty()) fds.push_back({w.to, POLLOUT, 0});
            int ready = poll(fds.data(), fds.size(), 100);
            if (ready < 0 && errno != EINTR) throw std::runtime_error("poll failed");
            for (auto& w : workers_)
                flush(w);
            std::vector<std::size_t> dead;
            for (std::size_t k = 0; k < workers_.size(); ++k) {
                Worker& w = workers_[k];
                if (fds[k].revents != 0 && !read_results(w)) {
                    dead.push_back(k);
                    continue;
                }
                enforce_deadline(w);
            }
            for (auto it = dead.rbegin(); it != dead.rend(); ++it)
                bury(*it);
            // Every worker has work waiting: let results gather rather than wake for each.
            bool gather =
                ready > 0 && dead.empty() && queue_.size() >= ahead_only_with * worker_count_;
            for (const auto& w : workers_)
                gather = gather && !w.broken && w.assigned.size() >= 2;
            if (gather) std::this_thread::sleep_for(gather_time);
        }
        for (auto& w : workers_)
            close(w.to);
        for (auto& w : workers_) {
            int status = 0;
            while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
            }
            close(w.from);
        }
    }

  private:
    // Hands out work: to an idle worker, else to a new one, else ahead to the worker with the
    // least.
    void hand_out() {
        while (!queue_.empty()) {
            Worker* least = nullptr;
            for (auto& w : workers_)
                if (!w.broken && (!least || w.assigned.size() < least->assigned.size())) least = &w;
            if (!least || !least->assigned.empty()) {
                if (workers_.size() < worker_count_ && spawn()) continue;
                if (!least || least->assigned.size() >= max_assigned ||
                    queue_.size() < ahead_only_with * worker_count_)
                    break;
            }
            auto [job, first] = queue_.front();
            queue_.pop_front();
            const Submission& submission = submissions_.at(jobs_[job]);
            JobHead head{jobs_[job], first, submission.student.size(),
                         submission.packed_answers.size()};
            least->outbox.append(reinterpret_cast<const char*>(&head), sizeof head);
            least->outbox += submission.student;
            least->outbox += submission.packed_answers;
            flush(*least);
            least->assigned.push_back({job, first});
            if (least->assigned.size() == 1) start_next(*least);
        }
    }

    bool spawn() {
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
            execv(argv_[0], argv_.data());
            _exit(127);
        }
        close(down[0]);
        close(up[1]);
        fcntl(down[1], F_SETFL, O_NONBLOCK);
        Worker w;
        w.pid = pid;
        w.to = down[1];
        w.from = up[0];
        workers_.push_back(std::move(w));
        return true;
    }

    // Writes what the worker's pipe takes of its jobs; the rest waits for the next turn, so
    // that a worker that does not read (stopped, or grading a long submission) never blocks
    // the grader.
    static void flush(Worker& w) {
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
    }

    // The worker starts on its next assignment, if it has one.
    void start_next(Worker& w) const {
        w.generated = false;
        w.kill_reason.clear();
        w.deadline = Clock::now() + generation_wall_;
    }

    void finish_job(Worker& w) {
        std::size_t job = w.assigned.front().job;
        w.assigned.pop_front();
        if (!w.assigned.empty()) start_next(w);
        events_.on_done(jobs_[job]);
    }

    // Reads what the worker sent and handles each whole message. False when its pipe ended
    // (it died).
    bool read_results(Worker& w) {
        char chunk[65536];
        ssize_t n = ::read(w.from, chunk, sizeof chunk);
        if (n < 0 && (errno == EINTR || errno == EAGAIN)) return true;
        if (n <= 0) return false;
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
        return true;
    }

    void handle(Worker& w, char type, std::string_view body) {
        if (type == message_ready) {
            w.ready = true;
            return;
        }
        if (type == message_refused) throw InputError(std::string(body));
        if (w.assigned.empty()) throw std::runtime_error("a worker answered without a job");
        Given& on = w.assigned.front();
        if (type == message_generated) {
            w.generated = true;
            w.deadline = Clock::now() + answer_wall_;
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
            events_.on_result(jobs_[on.job], i, std::move(outcome), header.milliseconds);
            on.next = i + 1;
            w.deadline = Clock::now() + answer_wall_;
        } else if (type == message_failed) {
            events_.on_failed(jobs_[on.job], std::string(body));
            finish_job(w);
        } else if (type == message_done) {
            finish_job(w);
        }
    }

    // A worker with no result in its wall-clock time (stopped, or stuck outside the CPU
    // timer's reach) is killed; bury() then says why.
    void enforce_deadline(Worker& w) const {
        if (w.assigned.empty() || Clock::now() <= w.deadline || !w.kill_reason.empty()) return;
        w.kill_reason = "time limit exceeded: no result within " +
                        format_seconds(std::chrono::duration<double>(w.generated ? answer_wall_
                                                                                 : generation_wall_)
                                           .count()) +
                        " s of wall-clock time";
        kill(w.pid, SIGKILL);
    }

    // Why a worker that ended did: what the answer it was on is marked with.
    std::string death_reason(const Worker& w, int status) const {
        if (!w.kill_reason.empty()) return w.kill_reason;
        if (WIFSIGNALED(status) && (WTERMSIG(status) == SIGPROF || WTERMSIG(status) == SIGXCPU))
            return "time limit exceeded: more than " + format_seconds(limits_.cpu_seconds) +
                   " s of CPU time";
        if (WIFEXITED(status) && WEXITSTATUS(status) == memory_exit_code)
            return "memory limit exceeded: more than " + std::to_string(limits_.memory_mb) + " MB";
        if (WIFSIGNALED(status)) return "the checker crashed: " + describe_signal(WTERMSIG(status));
        return "the checker stopped unexpectedly (exit status " +
               std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + ")";
    }

    // A worker died (or was killed): the answer it was on fails with the reason, the rest of
    // its submission and the submissions waiting for it go back to the queue.
    void bury(std::size_t index) {
        Worker& w = workers_[index];
        int status = 0;
        while (waitpid(w.pid, &status, 0) < 0 && errno == EINTR) {
        }
        close(w.to);
        close(w.from);
        // One that never started will not start the next time either (no program to run,
        // no memory for it): the run stops, saying why.
        if (!w.ready)
            throw std::runtime_error("cannot start a worker process (" + command_.program + "): " +
                                     (WIFEXITED(status)
                                          ? "exit status " + std::to_string(WEXITSTATUS(status))
                                      : WIFSIGNALED(status) ? describe_signal(WTERMSIG(status))
                                                            : std::string("it stopped")));
        const std::size_t set_size = class_set_.problems.size();
        std::vector<std::pair<std::size_t, std::size_t>> back;
        if (!w.assigned.empty()) {
            const Given on = w.assigned.front();
            std::string reason = death_reason(w, status);
            if (!w.generated) {
                events_.on_failed(jobs_[on.job],
                                  "the problem set could not be generated: " + reason);
                events_.on_done(jobs_[on.job]);
            } else if (on.next >= set_size) {
                events_.on_done(jobs_[on.job]); // died after its last result
            } else {
                const Problem& problem = class_set_.problems.at(on.next);
                events_.on_result(jobs_[on.job], on.next,
                                  problem_outcome(error_result(problem, reason)), 0);
                if (on.next + 1 < set_size)
                    back.emplace_back(on.job, on.next + 1);
                else
                    events_.on_done(jobs_[on.job]);
            }
            // Not started: given to the next worker as they are.
            for (std::size_t k = 1; k < w.assigned.size(); ++k)
                back.emplace_back(w.assigned[k].job, w.assigned[k].next);
        }
        for (auto it = back.rbegin(); it != back.rend(); ++it)
            queue_.push_front(*it);
        workers_.erase(workers_.begin() + static_cast<std::ptrdiff_t>(index));
    }

    const WorkerCommand& command_;
    const ProblemSet& class_set_;
    const std::vector<Submission>& submissions_;
    const std::vector<std::size_t>& jobs_;
    const unsigned worker_count_;
    const WorkerLimits& limits_;
    const PoolEvents& events_;
    const Clock::duration answer_wall_;
    const Clock::duration generation_wall_;
    std::vector<std::string> arguments_;
    std::vector<char*> argv_;
    std::deque<std::pair<std::size_t, std::size_t>> queue_; // (job, first problem)
    std::vector<Worker> workers_;
};

} // namespace

void run_worker_pool(const WorkerCommand& command, const ProblemSet& class_set,
                     const std::vector<Submission>& submissions,
                     const std::vector<std::size_t>& jobs, unsigned worker_count,
                     const WorkerLimits& limits, const PoolEvents& events) {
    std::signal(SIGPIPE, SIG_IGN);
    WorkerPool(command, class_set, submissions, jobs, worker_count, limits, events).run();
}

} // namespace chainrule
