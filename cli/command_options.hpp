#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// The options of each subcommand, as the command line gave them. They are plain values: the
// command line (cli/command_line.cpp, the one source that reads CLI11) fills them in, and the
// commands read them without knowing CLI11.
#include "cli/plot_output.hpp"
#include "grading/grade_run.hpp"

#include <cstddef>
#include <string>
#include <vector>

namespace chainrule {

/// `chainrule check`.
struct CheckOptions {
    std::string function;
    std::string expected;
    std::string wrt;
    std::string vars;
    std::vector<std::string> lets;
    std::vector<std::string> shapes;
    std::vector<std::string> constraints;
    std::string answer;
    bool answer_given = false; ///< --answer was given (an empty answer is an answer)
    std::string steps;
    bool hint = false;
    bool json = false;
    PlotOptions plot;
    std::string set;
    std::string student;
    std::string problem;
    std::string submission;
    std::string classroom_result;
    bool markdown = false;
    std::string form;
    double time_limit = 10;
    std::size_t memory_limit = 2048;
};

/// `chainrule generate`.
struct GenerateOptions {
    std::string spec;
    std::string template_path;
    std::size_t count = 1;
    bool count_given = false; ///< --count was given (refused with a spec)
    std::string seed;
    bool seed_given = false; ///< --seed was given (refused with a spec)
    std::string student;
    std::string format;
    bool solutions = false;
    std::string output;
};

/// `chainrule validate`.
struct ValidateOptions {
    std::vector<std::string> paths;
    bool quiet = false;
};

/// `chainrule grade`.
struct GradeCommandOptions {
    GradeOptions grade;
    std::string shard;
    std::vector<std::string> formats;
    double fail_under = -1;
    bool fail_under_given = false; ///< --fail-under was given
    std::size_t max_file_kb = 1024;
    std::string identity = "both";
    std::string prefer;
    bool allow_conflicts = false;
};

/// `chainrule merge`.
struct MergeOptions {
    std::vector<std::string> dirs;
    std::string out;
    double fail_under = -1;
    bool fail_under_given = false; ///< --fail-under was given
    std::vector<std::string> formats;
    bool allow_conflicts = false;
};

/// `chainrule answer`.
struct AnswerOptions {
    std::string spec;
    std::string student;
    std::string format;
    std::string output;
    std::string submission = "submission.yaml";
    bool force = false;
};

/// `chainrule practice`.
struct PracticeCommandOptions {
    std::string set;
    std::string topic;
    int difficulty = 0;
    std::string seed;
    std::string student;
};

/// `chainrule freeze`.
struct FreezeOptions {
    std::string spec;
    std::string roster;
    std::string output;
};

} // namespace chainrule
