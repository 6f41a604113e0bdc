// `chainrule generate`: a problem set from a spec (for the class or one student), or
// variants of one template, in text, Markdown, LaTeX, JSON or YAML.
#include "cli/command_options.hpp"
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/validate.hpp"

#include <fstream>
#include <iostream>
#include <memory>

namespace chainrule {

CommandResult run_generate_command(const GenerateOptions& o) {
    if (o.spec.empty() == o.template_path.empty())
        throw InputError("give either a spec (chainrule generate SPEC.yaml) or --template "
                         "T.yaml");
    if (!o.spec.empty() && (o.count_given || o.seed_given))
        throw InputError("--count and --seed go with --template; a spec has its own seed (use "
                         "--student for a student's variant)");
    if (o.count < 1 || o.count > 1000) throw InputError("--count must be from 1 to 1000");
    Format format = Format::text;
    if (!o.format.empty()) {
        if (!parse_format(o.format, format))
            throw InputError("unknown format '" + printable(o.format) +
                             "': use yaml, json, md, tex or text");
    } else if (!o.output.empty()) {
        format_for_path(o.output, format); // text when the extension says nothing
    }
    Spec spec = o.spec.empty() ? spec_for_template(o.template_path, o.count,
                                                   o.seed.empty() ? 0 : parse_seed(o.seed))
                               : load_spec(o.spec);
    // What validate refuses, generate refuses too.
    if (auto errors = check_spec_templates(spec); !errors.empty())
        throw TemplateError(std::move(errors));
    ProblemSet set = generate_problem_set(spec, o.student);
    RenderOptions options;
    options.solutions = o.solutions;
    std::string text = render(set, format, options);
    if (o.output.empty() || o.output == "-") {
        std::cout << text;
        std::cout.flush();
        return CommandResult::success;
    }
    std::ofstream out(o.output, std::ios::binary);
    if (!out) throw InputError("cannot write " + o.output);
    out << text;
    out.close();
    if (!out) throw InputError("cannot write " + o.output);
    return CommandResult::success;
}

} // namespace chainrule
