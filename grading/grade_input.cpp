#include "grading/grade_input.hpp"

#include "expr/errors.hpp"
#include "generator/random.hpp"
#include "generator/spec.hpp"
#include "grading/grade_meta.hpp"
#include "grading/grade_row.hpp"

#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>

namespace chainrule {

namespace {

// One submission file read and checked.
// Its notes for the row are taken now, and only the answers it grades are kept, packed: a
// class's submissions are kept until the end, so the grader's memory grows with the number of
// files by what each needs, not by what each holds.
Submission load_one(const std::string& file, std::size_t max_bytes, const ProblemSet& class_set,
                    LoadedFile& loaded) {
    Submission s = load_submission(file, max_bytes);
    s.path = printable(file);
    if (s.error.empty()) {
        try {
            check_student_id(s.student);
            // Rows of files are keyed "file:<path>": a student id of that form could take
            // the place of another file's row.
            if (s.student.rfind("file:", 0) == 0)
                throw InputError("a student id may not start with 'file:'");
        } catch (const InputError& e) {
            s.error = s.path + ": " + e.what();
            s.student.clear();
            loaded.invalid_id = true;
        }
    }
    loaded.notes = submission_notes(s, class_set);
    drop_unknown_answers(s, class_set);
    s.packed_answers = pack_answers(s.answers);
    s.answers.clear();
    s.warnings.clear();
    struct stat info {};
    // The path and the bytes, not the modification time: every CI job that checks out or
    // unpacks the same files gives them new times, and its shard must still merge.
    loaded.version = file;
    if (::stat(file.c_str(), &info) == 0) {
        loaded.version += '|' + std::to_string(info.st_size);
        loaded.mtime_ns = std::int64_t(info.st_mtim.tv_sec) * 1000000000 + info.st_mtim.tv_nsec;
    }
    loaded.version += '|' + hex64(s.content_hash);
    return s;
}

// Reads the submission files on several threads: parsing thousands of YAML files is most of
// what the grader does itself, and it comes before any grading starts. Reading touches
// neither GiNaC (not thread-safe) nor any other shared state. The threads are gone before
// the workers start.
std::vector<Submission> load_submissions(const std::vector<std::string>& files,
                                         std::size_t max_bytes, const ProblemSet& class_set,
                                         unsigned threads, std::vector<LoadedFile>& loaded) {
    std::vector<Submission> submissions(files.size());
    loaded.assign(files.size(), LoadedFile{});
    std::atomic<std::size_t> next{0};
    std::exception_ptr failure;
    std::mutex failure_mutex;
    auto work = [&] {
        try {
            for (std::size_t i = next++; i < files.size(); i = next++)
                submissions[i] = load_one(files[i], max_bytes, class_set, loaded[i]);
        } catch (...) {
            std::lock_guard<std::mutex> lock(failure_mutex);
            if (!failure) failure = std::current_exception();
            next = files.size();
        }
    };
    std::size_t helpers = std::min<std::size_t>(threads, files.size() / 64 + 1);
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < helpers; ++t)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    if (failure) std::rethrow_exception(failure);
    return submissions;
}

} // namespace

ClassFiles read_class_files(const GradeOptions& options, const ProblemSet& class_set,
                            unsigned threads) {
    ClassFiles out;
    std::vector<std::string> exclude{options.spec, options.out};
    if (!options.roster.empty()) exclude.push_back(options.roster);
    if (!options.frozen_set.empty()) exclude.push_back(options.frozen_set);
    out.found = find_submissions(options.inputs, exclude);
    if (!options.identity_prefix.empty())
        for (auto& entry : out.found)
            if (entry.identity.size() > options.identity_prefix.size() &&
                entry.identity.compare(0, options.identity_prefix.size(),
                                       options.identity_prefix) == 0)
                entry.identity.erase(0, options.identity_prefix.size());
    std::vector<std::string> files;
    for (std::size_t i = 0; i < out.found.size(); ++i)
        if (out.found[i].skipped.empty()) {
            files.push_back(out.found[i].path);
            out.entry.push_back(i);
        }
    out.submissions =
        load_submissions(files, options.max_file_bytes, class_set, threads, out.loaded);
    out.inputs_hash = fnv1a64("inputs");
    for (const auto& file : out.loaded)
        out.inputs_hash = mix_seeds(out.inputs_hash, fnv1a64(file.version));
    for (const auto& entry : out.found)
        if (!entry.skipped.empty())
            out.inputs_hash = mix_seeds(out.inputs_hash, fnv1a64("skipped|" + entry.path));
    return out;
}

} // namespace chainrule
