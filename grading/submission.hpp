#pragma once
// Submissions: one YAML (or JSON) file per student, and how they are found in folders.
//
//   student: alice
//   spec: "Derivatives for neural networks: the whole course"   # optional: the title
//   answers:
//     polynomial-1: 6x + 5
//     gradient-1: "[9x^2 z, -2y + 2z, 3x^3 + 5 + 2y]"   # or a YAML list: [9x^2 z, ...]
//     chain-power-1:
//       steps:
//         - d/dx((3x + 1)^2)
//         - 2(3x + 1) * 3
//         - 18x + 6
//
// The format is documented in docs/grading.md.
#include "grading/problem_check.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// The format name a submission file may give under `format:`.
inline constexpr const char* submission_format = "chainrule-submission/1";

/// The largest submission file read, by default: 1 MB.
inline constexpr std::size_t default_max_submission_bytes = 1 << 20;

/// One submission file, read. Never throws for a bad file: `error` says what is wrong.
struct Submission {
    std::string path;    ///< as found
    std::string student; ///< "" when it could not be read
    std::string spec;    ///< the spec title it says it answers ("" when not given)
    /// The answers by problem id (sorted). A problem left blank is absent.
    std::map<std::string, SubmittedAnswer> answers;
    /// What makes the file unusable (unreadable, too large, bad YAML, no student id), with
    /// file:line:column where there is one; "" for a usable file.
    std::string error;
    /// Problems that do not stop grading: unknown keys, answers that are not text.
    std::vector<std::string> warnings;
    /// The answers packed into one string (pack_answers) when `answers` has been emptied:
    /// `grade` keeps a whole class's submissions this way, a fraction of the size of the map.
    std::string packed_answers;
    /// The FNV-1a hash of the file's bytes (0 when they could not be read): what identifies
    /// this version of the file, whatever its modification time (a checkout sets new times).
    std::uint64_t content_hash = 0;
};

/// Answers as one string, for unpack_answers.
std::string pack_answers(const std::map<std::string, SubmittedAnswer>& answers);

/// The answers pack_answers packed.
std::map<std::string, SubmittedAnswer> unpack_answers(std::string_view packed);

/// Reads one submission file of at most max_bytes.
Submission load_submission(const std::string& path,
                           std::size_t max_bytes = default_max_submission_bytes);

/// Reads a submission from text; path names it in messages.
Submission parse_submission(const std::string& text, const std::string& path);

/// What the search for submissions found at one path.
struct FoundEntry {
    std::string path; ///< as found (the bytes of the file system's name)
    /// The student the path names, "" when it names none: for a file or folder below a top
    /// folder of a searched folder, that top folder's name (one folder per student, as GitHub
    /// Classroom checks a class out); for a file directly in a searched folder, its name
    /// without the extension (`alice.yaml`). A file named on the command line names no one.
    std::string identity;
    /// Why the entry is not read, "" for a submission file to read: a folder that cannot be
    /// listed (with the system's reason), a symbolic link, a FIFO or another special file.
    std::string skipped;
};

/// The submission files named by `inputs`, and what was passed over: a file is taken as it
/// is; a folder is searched recursively for *.yaml, *.yml and *.json files, skipping hidden
/// files and folders (".git") silently and never following symbolic links. A folder that
/// cannot be listed, a symbolic link (with a submission's extension, or to a folder) and a
/// FIFO, socket or device with a submission's extension are entries with `skipped` set; the
/// search goes on past them. Sorted by path (bytewise), without repeats. Throws InputError for
/// an input that does not exist or a folder given that cannot be listed.
std::vector<FoundEntry> find_submissions(const std::vector<std::string>& inputs,
                                         const std::vector<std::string>& exclude = {});

/// The paths of the submission files find_submissions finds (the skipped entries left out).
std::vector<std::string> find_submission_files(const std::vector<std::string>& inputs,
                                               const std::vector<std::string>& exclude = {});

/// A submission as YAML, blank answers for the given problem ids: what a student fills in.
std::string blank_submission_yaml(const std::string& student, const std::string& spec_title,
                                  const std::vector<std::string>& problem_ids);

} // namespace chainrule
