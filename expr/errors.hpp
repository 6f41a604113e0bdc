#pragma once
#include <stdexcept>
#include <string>

namespace chainrule {

/// Bad input from outside (an answer, a template, a file): the one kind of error that the
/// front end reports to the user and carries on from. The message is in the user's terms.
class InputError : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// An expression that cannot be read: what is wrong and where (1-based column, in characters).
class ParseError : public InputError {
  public:
    /// message: what is wrong; input: the text that was read; column: where (1-based).
    ParseError(const std::string& message, std::string input, std::size_t column);

    /// The 1-based column (in characters, not bytes) where the problem is.
    std::size_t column() const { return column_; }
    /// The message alone, without the input line.
    const std::string& message() const { return message_; }
    /// The input as read.
    const std::string& input() const { return input_; }
    /// The message, then the input line (control characters made visible) and a caret under the
    /// spot.
    std::string with_caret() const;

  private:
    std::string message_;
    std::string input_;
    std::size_t column_;
};

/// Text safe to show on a terminal: control characters, bidirectional overrides and other
/// invisible characters replaced by a visible escape such as <U+202E>; invalid UTF-8 by <0xFF>.
std::string printable(const std::string& text);

/// Like printable, but keeps line breaks: for multi-line messages such as an error with a caret.
std::string printable_lines(const std::string& text);

} // namespace chainrule
