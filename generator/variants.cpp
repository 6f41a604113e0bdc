#include "generator/variants.hpp"

#include "expr/symbols.hpp"
#include "expr/utf8.hpp"
#include "generator/text_notation.hpp"

#include <map>
#include <variant>

namespace chainrule {

/// instantiate() is a pure function of the template and the parameter values, and a
/// template has few combinations of values: each is worked out once per process.
struct VariantCache {
    std::map<std::string, std::variant<Problem, Rejection>> made;
};

namespace {

// Enough for every variant of the course's templates; beyond it, variants are made afresh.
constexpr std::size_t max_cached_variants = 2000;

// A variant may be kept when its symbols outlive a rewind of the symbol table (grading
// workers rewind it before each submission).
bool keepable(const std::variant<Problem, Rejection>& result) {
    const Problem* p = std::get_if<Problem>(&result);
    if (!p) return true;
    for (const auto& v : p->variables)
        if (!variable_is_permanent(v)) return false;
    return true;
}

std::variant<Problem, Rejection> instantiate_cached(const Template& t, const Assignment& values,
                                                    const std::string& key) {
    if (!t.variants) t.variants = std::make_shared<VariantCache>();
    auto& made = t.variants->made;
    auto it = made.find(key);
    if (it != made.end()) return it->second;
    auto result = instantiate(t, values);
    if (made.size() < max_cached_variants && keepable(result)) made.emplace(key, result);
    return result;
}

// Attempts at one new variant before giving up.
constexpr std::size_t max_attempts = 400;
// Draws of values already tried before giving up (cheap, so more of them).
constexpr std::size_t max_redraws = 20000;

Assignment draw(const Template& t, Random& random) {
    Assignment values;
    values.reserve(t.parameters.size());
    for (const auto& p : t.parameters)
        values.push_back(p.domain[random.below(p.domain.size())]);
    return values;
}

std::string assignment_key(const Assignment& values) {
    std::string key;
    for (const auto& v : values)
        key += v.text() + '\x1f';
    return key;
}

// The combination with this index (mixed radix, first parameter fastest).
Assignment combination(const Template& t, std::uint64_t index) {
    Assignment values;
    for (const auto& p : t.parameters) {
        values.push_back(p.domain[index % p.domain.size()]);
        index /= p.domain.size();
    }
    return values;
}

} // namespace

std::uint64_t combination_count(const Template& t) {
    std::uint64_t total = 1;
    for (const auto& p : t.parameters) {
        std::uint64_t n = p.domain.size();
        if (n != 0 && total > (std::uint64_t{1} << 62) / n) return std::uint64_t{1} << 62;
        total *= n;
    }
    return total;
}

VariantSource::VariantSource(const Template& t, std::uint64_t seed)
    : t_(t), random_(seed), combinations_(combination_count(t)) {}

Problem VariantSource::next() {
    std::size_t attempts = 0, redraws = 0, violating = 0, degenerate = 0, repeated = 0;
    std::string reason;
    while (attempts < max_attempts && redraws < max_redraws) {
        if (tried_.size() >= combinations_) break;
        Assignment values = draw(t_, random_);
        auto [tried, fresh] = tried_.insert(assignment_key(values));
        if (!fresh) {
            ++redraws;
            continue;
        }
        ++attempts;
        auto result = instantiate_cached(t_, values, *tried);
        if (auto* rejection = std::get_if<Rejection>(&result)) {
            if (rejection->kind == Rejection::constraint)
                ++violating;
            else {
                ++degenerate;
                reason = describe_assignment(t_, values) + ": " + rejection->reason;
            }
            continue;
        }
        Problem& problem = std::get<Problem>(result);
        if (!keys_.insert(variant_key(problem)).second) {
            ++repeated;
            continue;
        }
        return std::move(problem);
    }
    std::string message = "template '" + t_.id + "' (" + t_.file + "): cannot make variant " +
                          std::to_string(keys_.size() + 1) + ": ";
    if (tried_.size() >= combinations_)
        message += "every combination of its parameter values has been used (" +
                   std::to_string(combinations_) + " in all, " + std::to_string(keys_.size()) +
                   " distinct problems)";
    else
        message += "no new variant in " + std::to_string(attempts) + " attempts";
    message += "; of the values tried here, " + std::to_string(violating) +
               " broke a constraint, " + std::to_string(degenerate) + " were degenerate" +
               (reason.empty() ? "" : " (" + reason + ")") + " and " + std::to_string(repeated) +
               " repeated an earlier problem";
    throw InputError(message);
}

std::vector<Problem> generate_variants(const Template& t, std::uint64_t seed, std::size_t count) {
    VariantSource source(t, seed);
    std::vector<Problem> problems;
    problems.reserve(count);
    for (std::size_t i = 0; i < count; ++i)
        problems.push_back(source.next());
    return problems;
}

VariantSurvey survey_variants(const Template& t, std::size_t budget) {
    VariantSurvey survey;
    survey.combinations = combination_count(t);
    survey.exhaustive = survey.combinations <= budget;
    std::map<std::string, std::string> seen; // variant key → the values that gave it
    std::set<std::string> tried;
    Random random(0x5eed);
    std::size_t draws = 0;
    while (survey.examined < budget && draws < budget * 20) {
        Assignment values;
        if (survey.exhaustive) {
            if (survey.examined >= survey.combinations) break;
            values = combination(t, survey.examined);
        } else {
            ++draws;
            values = draw(t, random);
            if (!tried.insert(assignment_key(values)).second) continue;
        }
        ++survey.examined;
        try {
            // Cached: `generate` surveys a template before drawing from it.
            auto result = instantiate_cached(t, values, assignment_key(values));
            if (auto* rejection = std::get_if<Rejection>(&result)) {
                if (rejection->kind == Rejection::constraint) {
                    ++survey.violating;
                } else {
                    ++survey.degenerate;
                    if (survey.degenerate_example.empty())
                        survey.degenerate_example =
                            describe_assignment(t, values) + ": " + rejection->reason;
                }
                continue;
            }
            std::string key = variant_key(std::get<Problem>(result));
            auto [it, fresh] = seen.emplace(key, describe_assignment(t, values));
            if (fresh) {
                ++survey.distinct;
            } else {
                ++survey.repeated;
                if (survey.repeat_example.empty())
                    survey.repeat_example = it->second + " and " + describe_assignment(t, values) +
                                            " give the same problem";
            }
        } catch (const TemplateError& e) {
            if (survey.errors.size() < 5)
                for (auto d : e.diagnostics()) {
                    d.message += " (for " + describe_assignment(t, values) + ")";
                    survey.errors.push_back(d);
                }
        }
    }
    return survey;
}

std::vector<Diagnostic> probe_template(const Template& t) {
    std::vector<Diagnostic> problems;
    // Prose the LaTeX printer cannot set: each character named, at its place.
    auto settable = [&](const std::optional<SourceText>& text, const char* key) {
        if (!text) return;
        if (auto at = unsupported_in_latex(text->text)) {
            char32_t c = decode_utf8(text->text)[*at];
            std::string shown = c >= 0x20 && c != 0x7F && c < invalid_utf8_base
                                    ? "'" + encode_utf8(c) + "' (" + code_point_name(c) + ")"
                                    : code_point_name(c);
            problems.push_back(t.at(*text, *at,
                                    std::string(key) + ": the character " + shown +
                                        " cannot be set in LaTeX; write it out or use a "
                                        "placeholder"));
        }
    };
    settable(t.prompt, "prompt");
    settable(t.form, "form");
    Random random(0x9e3779b97f4a7c15ULL);
    std::size_t violating = 0, degenerate = 0;
    std::string reason;
    std::uint64_t combinations = combination_count(t);
    std::size_t tries = static_cast<std::size_t>(std::min<std::uint64_t>(combinations, 64));
    std::set<std::string> tried;
    for (std::size_t i = 0; i < tries * 4 && tried.size() < tries; ++i) {
        Assignment values = tries == combinations ? combination(t, tried.size()) : draw(t, random);
        if (!tried.insert(assignment_key(values)).second) continue;
        try {
            auto result = instantiate(t, values);
            if (std::holds_alternative<Problem>(result)) return problems;
            const Rejection& rejection = std::get<Rejection>(result);
            if (rejection.kind == Rejection::constraint) {
                ++violating;
            } else {
                ++degenerate;
                if (reason.empty())
                    reason = describe_assignment(t, values) + ": " + rejection.reason;
            }
        } catch (const TemplateError& e) {
            for (const auto& d : e.diagnostics())
                problems.push_back(d);
            return problems;
        }
    }
    const YAML::Node& root = t.document->root();
    if (degenerate == 0)
        problems.push_back(t.at(root["where"] ? root["where"] : root["parameters"],
                                "no values of the parameters satisfy the constraints (" +
                                    std::to_string(violating) + " combinations tried)"));
    else
        problems.push_back(t.at(root["function"] ? root["function"] : root["parts"],
                                "every variant tried is degenerate (" + reason +
                                    "): constrain the parameters, or set allow_zero: true if a "
                                    "zero derivative is intended"));
    return problems;
}

} // namespace chainrule
