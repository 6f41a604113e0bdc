#include "grading/report_formats.hpp"

#include "expr/errors.hpp"

namespace chainrule {

ReportFormats parse_report_formats(const std::vector<std::string>& values) {
    ReportFormats formats;
    for (const auto& value : values) {
        std::size_t start = 0;
        while (start <= value.size()) {
            std::size_t end = value.find(',', start);
            if (end == std::string::npos) end = value.size();
            std::string name = value.substr(start, end - start);
            if (name == "gradescope")
                formats.gradescope = true;
            else if (name == "canvas")
                formats.canvas = true;
            else if (name == "moodle")
                formats.moodle = true;
            else if (name != "default")
                throw InputError("unknown format '" + printable(name) +
                                 "': use gradescope, canvas or moodle");
            start = end + 1;
        }
    }
    return formats;
}

} // namespace chainrule
