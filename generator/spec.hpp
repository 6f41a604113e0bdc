#pragma once
// Problem-set specs: which templates, how many problems of each, for how many points, and
// the seed from which every student's own variant is derived.
#include "generator/problem_set.hpp"
#include "generator/template.hpp"
#include "generator/yaml_source.hpp"

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// One line of a spec: a template and how many problems to draw from it.
struct SpecEntry {
    std::string reference;                  ///< as written: an id or a path
    std::shared_ptr<const Template> source; ///< the template, loaded
    std::size_t count = 1;
    std::optional<double> points;      ///< per problem; the template's when absent
    std::optional<AnswerForm> form;    ///< replaces the template's (none: no requirement)
    std::optional<double> form_credit; ///< replaces the template's
    std::optional<double> step_credit; ///< replaces the template's
    std::optional<bool> allow_zero;    ///< replaces the template's
    YAML::Node node;                   ///< where the entry is written
};

/// A loaded spec with its templates.
struct Spec {
    std::shared_ptr<const YamlDocument> document; ///< null for a spec made from one template
    std::string file;
    std::string title;
    std::uint64_t seed = 0;
    std::vector<SpecEntry> entries;
    /// The templates of the entries as they were read, by id.
    std::vector<TemplateStamp> templates;
};

/// The stamps of a spec's templates (the hash of each file's text as it was read), by id.
std::vector<TemplateStamp> stamp_templates(const std::vector<SpecEntry>& entries);

/// The keys a spec may have.
const std::vector<std::string>& spec_keys();

/// The keys an entry of a spec's `problems` may have.
const std::vector<std::string>& spec_entry_keys();

/// Reads a spec and every template it names (an id is found as <template_dir>/<id>.yaml,
/// template_dir defaulting to ../templates beside the spec; a reference with a '/' or a .yaml
/// ending is a path from the spec's folder). Throws TemplateError with every problem found.
Spec load_spec(const std::string& path);

/// A spec of `count` problems from one template file, for `generate --template`.
Spec spec_for_template(const std::string& template_path, std::size_t count, std::uint64_t seed);

/// The seed of a student's variant: derived from the spec's seed and the student id by a
/// stable hash, so that the same student always gets the same problems. Without a student id,
/// the spec's seed.
std::uint64_t student_seed(std::uint64_t spec_seed, const std::string& student);

/// Whether a code point is white space (Unicode's White_Space: the space, tab and line
/// breaks, the no-break and the other typographic spaces).
bool is_white_space(char32_t code_point);

/// Checks a student id: 1 to 128 printable characters (valid UTF-8; no control, invisible,
/// private-use or non-character code points; no white space but the space, and that neither
/// first nor last: not blank). Throws InputError saying which rule the id breaks.
void check_student_id(const std::string& student);

/// The problem set of a spec for a student ("" for the class's own set): each template's
/// variants drawn from their own stream, distinct within the set, with stable ids
/// "<template>-<k>". Throws InputError (at the spec entry when it has a place) when a
/// template cannot give enough distinct variants.
ProblemSet generate_problem_set(const Spec& spec, const std::string& student = "");

/// A seed as written: decimal digits, at most 2^64 - 1. Throws InputError.
std::uint64_t parse_seed(const std::string& text);

} // namespace chainrule
