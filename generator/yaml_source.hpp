#pragma once
// Reading an instructor's YAML file safely: size, depth and node limits, no aliases, valid
// UTF-8 without control characters, one document; and places in the file for messages.
#include "generator/diagnostic.hpp"

#include <yaml-cpp/yaml.h>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// Limits on what a YAML file may be, so that hostile input fails fast with a message.
struct YamlLimits {
    std::size_t max_bytes = 1 << 20; ///< the largest file read
    std::size_t max_depth = 32;      ///< the deepest nesting of maps and sequences
    std::size_t max_nodes = 200000;  ///< the most scalars, maps and sequences in the document
};

/// What check_yaml_events found: the first problem and where (yaml-cpp's 0-based mark).
struct YamlEventProblem {
    YAML::Mark mark;
    std::string message;
};

/// Reads the events of text without building a tree: one document at most, no aliases (a
/// "billion laughs" file would multiply), nesting and value count within `limits` (not the
/// byte size). Returns the first problem, or nothing. Throws YAML::Exception for text that is
/// not YAML.
std::optional<YamlEventProblem> check_yaml_events(const std::string& text,
                                                  const YamlLimits& limits);

/// A 1-based place in a file; column in characters.
struct Location {
    std::size_t line = 0;
    std::size_t column = 0;
};

/// A parsed YAML document with the text it came from.
class YamlDocument {
  public:
    /// Parses text (named file in messages). Throws TemplateError for anything that is not one
    /// well-formed YAML document within the limits.
    /// `first_line`: the line of the file text starts on (a document of a stream of several).
    YamlDocument(std::string text, std::string file, const YamlLimits& limits = {},
                 std::size_t first_line = 1);

    /// The name of the file in messages.
    const std::string& file() const { return file_; }
    /// The top node.
    const YAML::Node& root() const { return root_; }
    /// The text parsed.
    const std::string& text() const { return text_; }

    /// Where a node starts; for a quoted scalar, where its text starts inside the quotes.
    Location locate(const YAML::Node& node) const;
    /// Where character `offset` (0-based, in characters) of a scalar's text is in the file.
    Location locate_in_scalar(const YAML::Node& node, std::size_t offset) const;

    /// A diagnostic at a node.
    Diagnostic at(const YAML::Node& node, std::string message) const;
    /// A diagnostic at a character of a scalar's text.
    Diagnostic at_offset(const YAML::Node& node, std::size_t offset, std::string message) const;
    /// A diagnostic about the whole file.
    Diagnostic whole(std::string message) const;

  private:
    Location location_of_byte(std::size_t pos) const;
    std::string file_;
    std::string text_;
    YAML::Node root_;
    std::size_t first_line_ = 1;
};

/// Reads a regular file's bytes, up to one past limits.max_bytes. Throws TemplateError (no such
/// file, a folder, not a regular file, too large).
std::string read_limited_file(const std::string& path, const YamlLimits& limits);

/// Reads and parses a file. Throws TemplateError (file too large, unreadable, not YAML, ...).
YamlDocument read_yaml_file(const std::string& path, const YamlLimits& limits = {});

/// Checks the keys of a map: a diagnostic for each unknown key (with a did-you-mean among
/// `allowed`), each duplicate key, and each key of `required` that is missing.
void check_keys(const YamlDocument& doc, const YAML::Node& map,
                const std::vector<std::string>& allowed, const std::vector<std::string>& required,
                const std::string& what, std::vector<Diagnostic>& out);

/// The text of a scalar node; "" for anything else.
std::string scalar_text(const YAML::Node& node);

} // namespace chainrule
