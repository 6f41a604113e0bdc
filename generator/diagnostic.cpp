#include "generator/diagnostic.hpp"

#include "expr/edit_distance.hpp"

#include <algorithm>
#include <cctype>

namespace chainrule {

std::string format_diagnostic(const Diagnostic& diagnostic) {
    std::string out = diagnostic.file;
    if (diagnostic.line > 0) {
        out += ':';
        out += std::to_string(diagnostic.line);
        if (diagnostic.column > 0) {
            out += ':';
            out += std::to_string(diagnostic.column);
        }
    }
    out += ": ";
    if (diagnostic.warning) out += "warning: ";
    return out + diagnostic.message;
}

namespace {

std::string join_diagnostics(const std::vector<Diagnostic>& diagnostics) {
    std::string out;
    for (const auto& d : diagnostics) {
        if (!out.empty()) out += "\n";
        out += format_diagnostic(d);
    }
    return out;
}

std::string lower(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

} // namespace

TemplateError::TemplateError(std::vector<Diagnostic> diagnostics)
    : InputError(join_diagnostics(diagnostics)), diagnostics_(std::move(diagnostics)) {}

TemplateError::TemplateError(Diagnostic diagnostic)
    : TemplateError(std::vector<Diagnostic>{std::move(diagnostic)}) {}

std::string without_column(std::string message) {
    std::size_t at;
    while ((at = message.find(" at column ")) != std::string::npos) {
        std::size_t end = at + 11;
        while (end < message.size() && std::isdigit(static_cast<unsigned char>(message[end])))
            ++end;
        message.erase(at, end - at);
    }
    return message;
}

std::string closest_name(const std::string& name, const std::vector<std::string>& candidates) {
    if (name.size() > 64) return "";
    std::string key = lower(name);
    std::string best;
    std::size_t best_distance =
        std::max<std::size_t>(1, std::min<std::size_t>(3, name.size() / 3)) + 1;
    for (const auto& candidate : candidates) {
        std::size_t distance = edit_distance(key, lower(candidate));
        // A key that contains the candidate or is contained in it ("variable" for
        // "variables") is close whatever its distance.
        if (distance > 0 &&
            (key.find(lower(candidate)) != std::string::npos ||
             lower(candidate).find(key) != std::string::npos) &&
            key.size() >= 3)
            distance = std::min<std::size_t>(distance, 1);
        if (distance < best_distance) {
            best_distance = distance;
            best = candidate;
        }
    }
    return best;
}

} // namespace chainrule
