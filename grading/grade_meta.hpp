#pragma once
// Internal to grading (grade_run.cpp and its parts). What a grading run records about itself,
// and what it checks before it reads or writes anything: the hash of the spec (or frozen set)
// it grades, its templates against those of the run in --out and of a frozen set, and
// report.json's meta.
#include "generator/problem_source.hpp"
#include "grading/grade_run.hpp"

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace chainrule {

/// 16 hexadecimal digits.
std::string hex64(std::uint64_t value);

/// A file's bytes. Throws InputError when it cannot be read.
std::string read_file_bytes(const std::string& path);

/// The spec's file and every template it uses, hashed: meta.spec.hash.
std::string spec_hash(const Spec& spec);

/// What meta.spec.hash records for a source: spec_hash, or a frozen set's bytes hashed.
std::string source_hash(const ProblemSource& source);

/// The spec's templates against those of the run whose journal is at `journal_path`:
/// grading with changed templates changes grades (the same seed draws other variants), so it
/// is refused (InputError) unless options.allow_changed_templates, and always under
/// --resume. Returns the changed templates (allowed). Nothing for a frozen set.
std::vector<std::string> check_templates(const ProblemSource& source, const GradeOptions& options,
                                         const std::filesystem::path& journal_path);

/// The spec against the sheets frozen from it (options.frozen_set): another seed is refused,
/// changed templates unless allowed. Returns the changed templates (allowed).
std::vector<std::string> check_frozen_set(const ProblemSource& source, const GradeOptions& options);

/// report.json's meta: the chainrule, what was graded (spec or frozen set, hashes,
/// templates), what changed, and the options that decide grades.
nlohmann::ordered_json run_meta(const ProblemSource& source, const GradeOptions& options,
                                const std::vector<std::string>& changed,
                                const std::vector<std::string>& changed_since_frozen);

} // namespace chainrule
