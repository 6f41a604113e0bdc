#pragma once
// Text escaped for the documents the generator and the grader write: the one home of LaTeX
// and Markdown escaping (XML escaping lives in checker/markup.hpp, for the SVG plots).
#include <string>

namespace chainrule {

/// ASCII text made safe for LaTeX text mode: \ { } $ & # % _ ~ ^ written as commands, < > |
/// as math ($<$), other control characters as '?', line breaks and tabs as spaces. Bytes
/// from 0x80 up are left alone (prose() and latex_safe() set or replace them).
std::string escape_latex_text(const std::string& text);

/// Text made safe for Markdown prose: \ * _ ` [ ] # | $ escaped with a backslash, < and >
/// as &lt; and &gt;, so that it shows as typed and starts no markup, link, HTML or math.
std::string escape_markdown(const std::string& text);

/// Text for one cell of a Markdown table: made printable (expr/errors.hpp), escaped as
/// escape_markdown does, on one line (line breaks become spaces).
std::string escape_markdown_cell(const std::string& text);

} // namespace chainrule
