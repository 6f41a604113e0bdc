#pragma once
// Internal to cli/ (docs/architecture.md), as is all of cli/.
// Lines from standard input: with line editing and history (libedit) when it is a terminal,
// plain lines otherwise.
#include <cstddef>
#include <optional>
#include <string>

namespace chainrule {

/// Reads lines. On a terminal, libedit (loaded then, not linked) edits them and keeps a history in
/// history_path() (loaded at start, saved after every line); Ctrl-C drops the line being typed, and
/// a second Ctrl-C on an empty line ends the input as Ctrl-D does. Elsewhere, lines are read as
/// they come.
class LineReader {
  public:
    /// The longest line taken, in bytes: longer ones are cut (and said to be).
    static constexpr std::size_t max_line_bytes = 64 * 1024;

    LineReader();
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;

    /// Whether standard input is a terminal (line editing on).
    bool interactive() const { return interactive_; }

    /// The next line without its line break, or nothing at the end of input. `prompt` is
    /// shown before it on a terminal.
    std::optional<std::string> read(const std::string& prompt);

  private:
    bool interactive_ = false;
    const void* editline_ = nullptr;  ///< libedit's functions, loaded (null: plain lines)
    bool interrupted_before_ = false; ///< the last line ended with Ctrl-C
    std::string history_;
};

/// Where the practice history is kept: $XDG_STATE_HOME/chainrule/history, else
/// $HOME/.local/state/chainrule/history; "" when neither variable is set.
std::string history_path();

} // namespace chainrule
