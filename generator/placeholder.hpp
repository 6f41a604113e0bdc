#pragma once
// Filling in a template's texts: {name} placeholders and z1..zK ranges of indexed names, with
// a map back to the source so that a problem in the result is reported where it was written.
#include "expr/errors.hpp"

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace chainrule {

/// A problem in a template text at a character of its source (0-based, in characters).
class TextError : public InputError {
  public:
    TextError(const std::string& message, std::size_t offset)
        : InputError(message), offset_(offset) {}
    /// The 0-based character of the source where the problem is.
    std::size_t offset() const { return offset_; }

  private:
    std::size_t offset_;
};

/// A filled-in text and, per character of it, the character of the source it came from.
struct FilledText {
    std::string text;
    std::vector<std::size_t> origin; ///< one per code point of text, 0-based source characters

    /// The source character (0-based) behind a 1-based column of text.
    std::size_t source_offset(std::size_t column) const;
};

/// What a placeholder's content (the text between the braces) becomes; nullopt for a
/// placeholder that names nothing. May throw InputError for content that is wrong.
using Resolver = std::function<std::optional<std::string>(const std::string& content)>;

/// One placeholder in a source text.
struct PlaceholderUse {
    std::string content;
    std::size_t offset = 0; ///< 0-based character of the content (after the '{')
};

/// The placeholders of source, in order. Throws TextError for an unclosed or empty brace.
/// `{{` and `}}` are literal braces.
std::vector<PlaceholderUse> find_placeholders(const std::string& source);

/// What one placeholder becomes: resolve(use.content), with a TextError at the placeholder
/// when it names nothing or the resolver throws.
std::string resolve_placeholder(const PlaceholderUse& use, const Resolver& resolve);

/// source with each {content} replaced by resolve(content). Throws TextError (at the
/// placeholder) when a placeholder names nothing or its resolver throws.
FilledText fill_placeholders(const std::string& source, const Resolver& resolve);

/// The text with each range of indexed names written out: "z1..z3" becomes "z1, z2, z3".
/// Throws TextError for a range whose names differ, that runs backwards or is too long.
FilledText expand_ranges(const FilledText& text);

/// Splits "a, b, c" at the top-level commas (not inside parentheses or brackets), trimmed.
std::vector<std::string> split_top_level(const std::string& text);

} // namespace chainrule
