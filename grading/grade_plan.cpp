#include "grading/grade_plan.hpp"

#include "expr/errors.hpp"
#include "generator/spec.hpp"
#include "grading/grade_row.hpp"
#include "grading/identity.hpp"

#include <nlohmann/json.hpp>
#include <set>

namespace chainrule {

using json = nlohmann::ordered_json;

GradePlan plan_rows(ClassFiles& files, const GradeOptions& options, const ProblemSource& source,
                    const std::vector<std::string>& roster_ids, double set_points) {
    // One row per student, and one per file or folder that is not a student's graded
    // submission: the plan, sorted by key.
    GradePlan plan;
    std::set<std::string> named; // the students the rows name
    auto plan_file_row = [&](const std::string& path, const std::string& identity,
                             const std::string& status, const std::string& message,
                             const std::vector<std::string>& notes = {}) {
        std::string key = file_row_key(path);
        std::string student = printable(identity);
        if (!student.empty()) named.insert(student);
        plan[key] = PlannedRow{key,
                               ungraded_row(key, student, printable(path), status,
                                            printable_lines(message), notes, set_points),
                               std::nullopt,
                               {}};
    };
    for (const auto& entry : files.found)
        if (!entry.skipped.empty())
            plan_file_row(entry.path, entry.identity, "skipped",
                          printable(entry.path) + ": " + entry.skipped);
    std::map<std::string, std::vector<std::size_t>> by_student;
    for (std::size_t i = 0; i < files.submissions.size(); ++i) {
        Submission& s = files.submissions[i];
        const FoundEntry& entry = files.entry_of(i);
        if (!s.error.empty()) {
            plan_file_row(entry.path, entry.identity,
                          files.loaded[i].invalid_id ? "invalid_id" : "unreadable", s.error);
            continue;
        }
        // The path's identity against the file's, as --identity says.
        if (!entry.identity.empty() && entry.identity != s.student &&
            options.identity != IdentitySource::file) {
            std::string says = "'" + printable(s.student) + "'";
            std::string path_names = "'" + printable(entry.identity) + "'";
            if (options.identity == IdentitySource::both) {
                plan_file_row(entry.path, entry.identity, "identity_mismatch",
                              s.path + ": the file says student: " + says + ", its path names " +
                                  path_names +
                                  ": not graded (--identity folder or file trusts one of them)",
                              files.loaded[i].notes);
                continue;
            }
            try {
                check_student_id(entry.identity);
                if (entry.identity.rfind("file:", 0) == 0)
                    throw InputError("a student id may not start with 'file:'");
            } catch (const InputError& e) {
                plan_file_row(entry.path, entry.identity, "invalid_id",
                              s.path + ": the student id its path gives: " + e.what());
                continue;
            }
            files.loaded[i].notes.insert(files.loaded[i].notes.begin(),
                                         "the file says student: " + says +
                                             ", graded as the student its path names, " +
                                             path_names + " (--identity folder)");
            s.student = entry.identity;
        }
        by_student[s.student].push_back(i); // files are sorted, so in path order
    }
    std::set<std::string> roster(roster_ids.begin(), roster_ids.end());
    bool has_roster = !options.roster.empty();
    for (const auto& [student, indices] : by_student) {
        named.insert(student);
        if (indices.size() > 1 && options.prefer == Preference::none) {
            // Which file is the student's is the instructor's choice: none is graded.
            std::string list;
            for (std::size_t i : indices)
                list += (list.empty() ? "" : ", ") + files.submissions[i].path;
            for (std::size_t i : indices)
                plan_file_row(files.entry_of(i).path, student, "conflict",
                              files.submissions[i].path + ": one of " +
                                  std::to_string(indices.size()) + " files for the student '" +
                                  printable(student) + "' (" + list +
                                  "): none is graded until one is chosen (--prefer newest|path) "
                                  "or the others are removed",
                              files.loaded[i].notes);
            continue;
        }
        std::size_t winner = indices.back();
        if (options.prefer == Preference::newest)
            for (std::size_t i : indices) // in path order: the later path wins a tie
                if (files.loaded[i].mtime_ns >= files.loaded[winner].mtime_ns) winner = i;
        std::vector<std::string> notes;
        for (std::size_t i : indices)
            if (i != winner)
                notes.push_back("duplicate submission " + files.submissions[i].path +
                                " ignored: of the files of the same student, " +
                                (options.prefer == Preference::newest
                                     ? std::string("the newest (--prefer newest: the latest "
                                                   "modification time), ")
                                     : std::string("the one whose path sorts last (--prefer "
                                                   "path), ")) +
                                files.submissions[winner].path + ", is graded");
        const Submission& s = files.submissions[winner];
        notes.insert(notes.end(), files.loaded[winner].notes.begin(),
                     files.loaded[winner].notes.end());
        if (!source.has_sheet(student)) {
            plan[student] = PlannedRow{student,
                                       ungraded_row(student, student, s.path, "unknown_student",
                                                    source.missing_sheet(student) +
                                                        ": not graded (no problems of theirs to "
                                                        "grade against)",
                                                    notes, set_points),
                                       std::nullopt,
                                       {}};
            continue;
        }
        if (has_roster && !roster.count(student)) {
            plan[student] = PlannedRow{
                student,
                ungraded_row(student, student, s.path, "unknown_student",
                             "the student id '" + printable(student) + "' is not on the roster",
                             notes, set_points),
                std::nullopt,
                {}};
            continue;
        }
        plan[student] = PlannedRow{student, json(), winner, notes};
    }
    // A student named by a row of a file (an unreadable file in their folder, a conflict)
    // has sent something: only those no row names have no submission.
    for (const auto& id : roster)
        if (!plan.count(id) && !named.count(id))
            plan[id] = PlannedRow{
                id,
                ungraded_row(id, id, "", "no_submission", "no submission found", {}, set_points),
                std::nullopt,
                {}};

    return plan;
}

std::vector<PlannedRow*> shard_rows(GradePlan& plan, std::size_t index, std::size_t count) {
    std::vector<PlannedRow*> mine;
    std::size_t position = 0;
    for (auto& [key, planned] : plan) {
        if (position % count == index - 1) mine.push_back(&planned);
        ++position;
    }
    return mine;
}

} // namespace chainrule
