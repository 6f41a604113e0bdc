#pragma once
// Internal to grading (grade_run.cpp and its parts). The class's files as a grading run finds
// and reads them: the submission files and what was passed over, each file read and checked,
// and what identifies their versions for the journal.
#include "generator/problem_set.hpp"
#include "grading/grade_run.hpp"
#include "grading/submission.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace chainrule {

/// What reading one submission file found, besides the submission.
struct LoadedFile {
    /// What identifies the file's version (path, size, a hash of its bytes) for the journal's
    /// header.
    std::string version;
    std::vector<std::string> notes;
    bool invalid_id = false;   ///< the file was read, its student id refused
    std::int64_t mtime_ns = 0; ///< the modification time, for --prefer newest
};

/// What a run found: every entry, and of the files read, the submissions.
struct ClassFiles {
    /// Every entry found (sorted by path), the passed-over ones with `skipped` set; identities
    /// with options.identity_prefix taken off.
    std::vector<FoundEntry> found;
    /// Of the entries read (not skipped), in order: the index in `found`, the submission (its
    /// answers packed) and what reading it found.
    std::vector<std::size_t> entry;
    std::vector<Submission> submissions;
    std::vector<LoadedFile> loaded;
    /// The versions of the files read and the paths passed over, hashed: a journal of other
    /// inputs is not resumed.
    std::uint64_t inputs_hash = 0;

    const FoundEntry& entry_of(std::size_t file) const { return found[entry[file]]; }
};

/// Finds the submissions options.inputs name (leaving out the spec, the output folder, the
/// roster and the frozen set) and reads them on up to `threads` threads. Throws InputError as
/// find_submissions does.
ClassFiles read_class_files(const GradeOptions& options, const ProblemSet& class_set,
                            unsigned threads);

} // namespace chainrule
