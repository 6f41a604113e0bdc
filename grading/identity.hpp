#pragma once
// Who a submission is from: the identity its path gives (a student's folder, or a file named
// after the student) checked against the `student:` it says, the keys of the rows of files,
// and ids that only look alike. docs/grading.md, "Identities and conflicts", is the manual.
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace chainrule {

/// Which identity a submission is graded under (`grade --identity`).
enum class IdentitySource {
    both,   ///< where the path names a student, the file's `student:` must be the same
    folder, ///< the student the path names (the file's `student:` where the path names none)
    file,   ///< the file's `student:`, whatever the path
};

/// Reads "folder", "file" or "both". Throws InputError.
IdentitySource parse_identity_source(const std::string& text);

/// The option's name of an identity source.
const char* to_string(IdentitySource source);

/// Which of several files for one student is graded (`grade --prefer`).
enum class Preference {
    none,   ///< none: each is a `conflict` row
    newest, ///< the latest modification time (ties: the path that sorts last)
    path,   ///< the path that sorts last (bytewise)
};

/// Reads "newest" or "path". Throws InputError.
Preference parse_preference(const std::string& text);

/// The option's name of a preference ("" for none).
const char* to_string(Preference preference);

/// The key of the row of a file or folder: "file:" and the path, written so that two paths
/// never give one key (the path made printable, as in messages, with '<' written `<U+003C>`
/// too, so that an escape and the same text typed in a file name differ).
std::string file_row_key(const std::string& path);

/// What an id looks like: white space and invisible characters dropped, Latin look-alikes
/// (Cyrillic and Greek letters, full-width forms) taken for the Latin letter, letters in
/// lower case. Two ids with the same skeleton are told apart only by look.
std::string id_skeleton(const std::string& id);

/// The groups of two or more ids that differ only by look (id_skeleton), each sorted
/// bytewise, the groups in bytewise order of their first id.
std::vector<std::vector<std::string>> lookalike_groups(const std::set<std::string>& ids);

/// Whether a row of this status is an identity problem: a row that makes `grade` exit 1
/// unless --allow-conflicts (conflict, identity_mismatch, invalid_id, skipped).
bool is_identity_problem(std::string_view status);

} // namespace chainrule
