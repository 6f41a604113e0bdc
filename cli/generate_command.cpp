// `chainrule generate`: a problem set from a spec (for the class or one student), or
// variants of one template, in text, Markdown, LaTeX, JSON or YAML.
#include "cli/commands.hpp"
#include "expr/errors.hpp"
#include "generator/render.hpp"
#include "generator/spec.hpp"
#include "generator/validate.hpp"

#include <CLI/CLI.hpp>
#include <fstream>
#include <iostream>
#include <memory>

namespace chainrule {

namespace {

struct GenerateOptions {
    std::string spec;
    std::string template_path;
    std::size_t count = 1;
    std::string seed;
    std::string student;
    std::string format;
    bool solutions = false;
    std::string output;
    CLI::Option* count_option = nullptr;
    CLI::Option* seed_option = nullptr;
};

CommandResult run_generate(const GenerateOptions& o) {
    if (o.spec.empty() == o.template_path.empty())
        throw InputError("give either a spec (chainrule generate SPEC.yaml) or --template "
                         "T.yaml");
    if (!o.spec.empty() && (o.count_option->count() > 0 || o.seed_option->count() > 0))
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

} // namespace

CommandAction add_generate_command(CLI::App& app) {
    auto o = std::make_shared<GenerateOptions>();
    CLI::App* generate = app.add_subcommand(
        "generate", "Generate a problem set from a spec, or variants of one template");
    generate->add_option("spec", o->spec, "Problem-set spec (YAML), e.g. problem_sets/course.yaml");
    generate->add_option("--template", o->template_path, "One template instead of a spec");
    o->count_option =
        generate->add_option("--count", o->count, "With --template: how many variants (default 1)");
    o->seed_option =
        generate->add_option("--seed", o->seed, "With --template: the seed (default 0)");
    generate->add_option("--student", o->student,
                         "A student's own variant, derived from the seed and this id");
    generate->add_option("--format", o->format,
                         "yaml, json, md, tex or text (default: from -o's extension, else text)");
    generate->add_flag("--solutions", o->solutions, "Add the answers and worked solutions");
    generate->add_option("-o,--output", o->output, "Write to this file instead of the terminal");
    return [o] { return run_generate(*o); };
}

} // namespace chainrule
