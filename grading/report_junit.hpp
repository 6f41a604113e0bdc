#pragma once
// junit.xml: a <testsuite> per row, a <testcase> per problem.
#include <nlohmann/json_fwd.hpp>

#include <cstddef>
#include <string>

namespace chainrule {

struct ReportTotals;

/// Text for XML 1.0, whatever it holds: & < > " ' escaped; control characters (other than line
/// feed), invalid UTF-8 and Unicode noncharacters (U+FFFE, U+FFFF, U+FDD0..U+FDEF, ...)
/// replaced by their names, "<U+FFFE>" (escaped as &lt;U+FFFE&gt;).
std::string xml_escape(const std::string& text);

/// junit.xml's declaration and opening <testsuites> with the run's counts.
std::string junit_head(const ReportTotals& totals);
/// A row's <testsuite>: a test case per problem (a pass only when right and in its form), or
/// one test case `submission` for a row not graded.
std::string junit_suite(const nlohmann::ordered_json& row);
/// What closes junit.xml.
std::string junit_tail();

} // namespace chainrule
