#pragma once
// The example CI workflows (examples/ci/) run offline, job by job, as the CI systems run them:
// each job in a fresh workspace (a copy of the checkout, or an empty folder for a GitHub job
// with no actions/checkout step), its `run:` steps (GitLab: its before_script and script) run
// by bash -e, files passing from job to job only as artifacts, as the workflow declares them.
// What needs the network is replaced by stand-ins on the PATH, which check how they are called:
// - apt-get: `update` does nothing; `install` of a local .deb (an argument with a /) requires
//   the file to exist and to be a stand-in package, and "installs" chainrule (the built
//   binary, on the PATH from then on, in that job only); Debian package names are accepted.
// - curl -o FILE URL: writes a stand-in package to FILE.
// - git clone URL DIR: a checkout of chainrule with the real scripts/package, whose
//   scripts/bootstrap and cpack are stand-ins (cpack writes the package where CPack does).
// - gh: `extension install` does nothing; `classroom clone student-repos --directory DIR`
//   copies the folder $FAKE_CLASSROOM_DOWNLOAD (laid out as gh classroom writes it) to DIR.
// A stand-in package is a file whose first line is stand_in_deb_marker; the real .deb is
// tested by tests/deb_test.sh.
#include "run_binary.hpp"

#include <catch2/catch.hpp>
#include <fnmatch.h>
#include <sys/wait.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace chainrule::test {

inline const std::string stand_in_deb_marker = "chainrule stand-in .deb";

/// Writes a stand-in package at `path` (its folders made).
inline void write_stand_in_deb(const std::filesystem::path& path) {
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path) << stand_in_deb_marker << "\n";
}

class WorkflowRunner {
  public:
    using Env = std::map<std::string, std::string>;
    /// Handles a `uses:` step that is not checkout or an artifact action; its `with:` and
    /// `env:` already have their expressions filled in. Returns false to fail the step.
    using ActionHandler = std::function<bool(const YAML::Node& step, const Env& step_env,
                                             const std::filesystem::path& workspace)>;

    /// `root`: an empty folder to work in; `checkout`: the repository the jobs check out.
    WorkflowRunner(const std::filesystem::path& root, const std::filesystem::path& checkout)
        : root_(root), checkout_(checkout) {
        namespace fs = std::filesystem;
        fs::create_directories(tools());
        fs::create_directories(artifacts());
        std::ofstream(root_ / "step-summary.md").close();
        write_tool("apt-get", R"sh(echo "apt-get $*" >>"$STAND_IN_LOG"
[ "${1:-}" = update ] && exit 0
[ "${1:-}" = install ] || { echo "apt-get stand-in: not an install: $*" >&2; exit 100; }
shift
for argument in "$@"; do
    case "$argument" in
    -*) ;;
    */*)
        if [ ! -f "$argument" ]; then echo "E: Unsupported file $argument given on commandline" >&2; exit 100; fi
        if [ "$(head -n 1 "$argument")" != "$STAND_IN_DEB_MARKER" ]; then
            echo "apt-get stand-in: $argument is not a chainrule package" >&2; exit 100
        fi
        mkdir -p "$STAND_IN_INSTALLED"
        ln -sf "$STAND_IN_CHAINRULE" "$STAND_IN_INSTALLED/chainrule" ;;
    chainrule) echo "E: Unable to locate package chainrule" >&2; exit 100 ;;
    esac
done
)sh");
        write_tool("curl", R"sh(echo "curl $*" >>"$STAND_IN_LOG"
out= url=
while [ $# -gt 0 ]; do
    case "$1" in
    -o) out=$2; shift ;;
    -*) ;;
    *) url=$1 ;;
    esac
    shift
done
[ -n "$out" ] && [ -n "$url" ] || { echo "curl stand-in: no -o FILE or no URL" >&2; exit 2; }
mkdir -p "$(dirname "$out")"
printf '%s\n' "$STAND_IN_DEB_MARKER" >"$out"
)sh");
        write_tool("git", R"sh(echo "git $*" >>"$STAND_IN_LOG"
[ "${1:-}" = clone ] || { echo "git stand-in: not a clone: $*" >&2; exit 1; }
dir=${!#}
case "$dir" in /*) echo "git stand-in: clone into $dir, outside the workspace" >&2; exit 1 ;; esac
mkdir -p "$dir/scripts"
cp "$STAND_IN_SOURCE/scripts/package" "$dir/scripts/package"
printf '#!/usr/bin/env bash\nmkdir -p build\n' >"$dir/scripts/bootstrap"
)sh");
        write_tool("cpack", R"sh(echo "cpack $*" >>"$STAND_IN_LOG"
printf '%s\n' "$STAND_IN_DEB_MARKER" >chainrule_0.1.0_amd64.deb
)sh");
        write_tool("gh", R"sh(echo "gh $*" >>"$STAND_IN_LOG"
[ "$1 $2" = "extension install" ] && exit 0
[ "$1 $2 $3" = "classroom clone student-repos" ] || { echo "gh stand-in: $*" >&2; exit 1; }
dir=
while [ $# -gt 0 ]; do [ "$1" = --directory ] && dir=$2; shift; done
[ -n "$dir" ] && cp -r "$FAKE_CLASSROOM_DOWNLOAD" "$dir"
)sh");
    }

    /// Values of the workflow's `${{ ... }}` expressions (without the braces:
    /// "inputs.assignment"); steps' outputs are added as `steps.ID.outputs.NAME`.
    Env expressions;
    /// Variables every step sees (set by the runner itself: GITHUB_*, CI_NODE_*).
    Env env;

    /// The folder of the job that ran last, and all the output of its steps.
    const std::filesystem::path& workspace() const { return workspace_; }
    /// The job summary file ($GITHUB_STEP_SUMMARY), shared by all jobs.
    std::filesystem::path step_summary() const { return root_ / "step-summary.md"; }
    std::string log() const { return slurp(root_ / "job.log"); }
    /// What the stand-ins were asked to do, one call a line, over all jobs.
    std::string tool_calls() const { return slurp(root_ / "stand-ins.log"); }
    /// The name of the step that failed in the job that ran last ("" when none did).
    const std::string& failed_step() const { return failed_step_; }

    /// Runs a job of a GitHub Actions workflow, with `matrix` its matrix values (one instance);
    /// returns the exit status of the step that failed, or 0.
    int run_github_job(const YAML::Node& workflow, const std::string& name, const Env& matrix = {},
                       const ActionHandler& other_action = {}) {
        namespace fs = std::filesystem;
        const YAML::Node job = workflow["jobs"][name];
        REQUIRE(job.IsMap());
        Env exprs = expressions;
        for (const auto& [key, value] : matrix)
            exprs["matrix." + key] = value;
        if (job["strategy"] && job["strategy"]["matrix"]) {
            const YAML::Node m = job["strategy"]["matrix"];
            exprs["strategy.job-total"] = std::to_string(m.begin()->second.size());
        }
        start_job(false);
        Env base = env;
        for (const YAML::Node& level : {workflow["env"], job["env"]})
            for (const auto& entry : level)
                base[entry.first.as<std::string>()] = fill(entry.second.as<std::string>(), exprs);
        base["GITHUB_WORKSPACE"] = workspace_.string();
        base["GITHUB_STEP_SUMMARY"] = step_summary().string();
        for (const auto& step : job["steps"]) {
            failed_step_ = step["name"]   ? step["name"].as<std::string>()
                           : step["uses"] ? step["uses"].as<std::string>()
                                          : "run";
            Env step_env = base;
            for (const auto& entry : step["env"])
                step_env[entry.first.as<std::string>()] =
                    fill(entry.second.as<std::string>(), exprs);
            YAML::Node with(YAML::NodeType::Map);
            for (const auto& entry : step["with"])
                with[entry.first.as<std::string>()] = fill(entry.second.as<std::string>(), exprs);
            int status = 0;
            if (step["run"]) {
                fs::path output = root_ / "github-output";
                std::ofstream(output).close();
                step_env["GITHUB_OUTPUT"] = output.string();
                status = run_script(fill(step["run"].as<std::string>(), exprs), step_env);
                if (status == 0 && step["id"]) {
                    std::istringstream lines(slurp(output));
                    for (std::string line; std::getline(lines, line);)
                        if (auto eq = line.find('='); eq != std::string::npos)
                            exprs["steps." + step["id"].as<std::string>() + ".outputs." +
                                  line.substr(0, eq)] = line.substr(eq + 1);
                }
            } else {
                const std::string uses = step["uses"].as<std::string>();
                if (uses.rfind("actions/checkout@", 0) == 0) {
                    fs::copy(checkout_, workspace_,
                             fs::copy_options::recursive | fs::copy_options::copy_symlinks);
                } else if (uses.rfind("actions/upload-artifact@", 0) == 0) {
                    status = upload(with) ? 0 : 1;
                } else if (uses.rfind("actions/download-artifact@", 0) == 0) {
                    status = download(with) ? 0 : 1;
                } else {
                    INFO("no stand-in for the action " << uses);
                    REQUIRE(other_action);
                    YAML::Node filled = YAML::Clone(step);
                    filled["with"] = with;
                    status = other_action(filled, step_env, workspace_) ? 0 : 1;
                }
            }
            if (status != 0) return status;
        }
        failed_step_.clear();
        return 0;
    }

    /// Runs a job of a GitLab CI pipeline (instance `index` of its `parallel:` count): the
    /// artifacts of the jobs it `needs:`, then its before_script and script in one shell.
    int run_gitlab_job(const YAML::Node& pipeline, const std::string& name, int index = 0) {
        namespace fs = std::filesystem;
        const YAML::Node job = pipeline[name];
        REQUIRE(job.IsMap());
        start_job(true);
        for (const auto& needed : job["needs"]) {
            fs::path from = artifacts() / ("gitlab-" + needed.as<std::string>());
            INFO("no artifacts of " << needed.as<std::string>());
            REQUIRE(fs::is_directory(from));
            for (const auto& instance : fs::directory_iterator(from))
                fs::copy(instance.path(), workspace_,
                         fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        }
        Env job_env = env;
        for (const YAML::Node& level : {pipeline["variables"], job["variables"]})
            for (const auto& entry : level)
                job_env[entry.first.as<std::string>()] = entry.second.as<std::string>();
        if (job["parallel"]) {
            job_env["CI_NODE_INDEX"] = std::to_string(index);
            job_env["CI_NODE_TOTAL"] = job["parallel"].as<std::string>();
        }
        std::string script;
        for (const char* part : {"before_script", "script"})
            for (const auto& line : job[part])
                script += line.as<std::string>() + "\n";
        failed_step_ = name;
        if (int status = run_script(script, job_env); status != 0) return status;
        failed_step_.clear();
        fs::path store = artifacts() / ("gitlab-" + name) / std::to_string(index);
        for (const auto& pattern : job["artifacts"]["paths"])
            for (const fs::path& found : glob(pattern.as<std::string>())) {
                fs::path relative = fs::relative(found, workspace_);
                fs::create_directories((store / relative).parent_path());
                fs::copy(found, store / relative, fs::copy_options::recursive);
            }
        return 0;
    }

  private:
    std::filesystem::path root_;
    std::filesystem::path checkout_;
    std::filesystem::path workspace_;
    std::string failed_step_;
    int jobs_ = 0;

    std::filesystem::path tools() const { return root_ / "stand-ins"; }
    std::filesystem::path installed() const { return root_ / "installed" / std::to_string(jobs_); }
    std::filesystem::path artifacts() const { return root_ / "artifacts"; }

    void write_tool(const std::string& name, const std::string& body) const {
        std::ofstream(tools() / name) << "#!/usr/bin/env bash\nset -eu\n" << body;
        std::filesystem::permissions(tools() / name, std::filesystem::perms::owner_all,
                                     std::filesystem::perm_options::add);
    }

    // A fresh container: an empty workspace at the same path as every job's (as on both CI
    // systems; the reports hold paths), the checkout's copy for GitLab, which always clones
    // the repository; nothing installed; an empty job log.
    void start_job(bool with_checkout) {
        namespace fs = std::filesystem;
        ++jobs_;
        workspace_ = root_ / "workspace";
        fs::remove_all(workspace_);
        if (with_checkout)
            fs::copy(checkout_, workspace_,
                     fs::copy_options::recursive | fs::copy_options::copy_symlinks);
        else
            fs::create_directories(workspace_);
        std::ofstream(root_ / "job.log").close();
    }

    // Fills in ${{ NAME }}; an expression with no value fails the test, named.
    static std::string fill(std::string text, const Env& values) {
        for (std::size_t at = text.find("${{"); at != std::string::npos;
             at = text.find("${{", at)) {
            std::size_t end = text.find("}}", at);
            REQUIRE(end != std::string::npos);
            std::string name = text.substr(at + 3, end - at - 3);
            name.erase(0, name.find_first_not_of(' '));
            name.erase(name.find_last_not_of(' ') + 1);
            auto value = values.find(name);
            INFO("no value for the expression ${{ " << name << " }} in: " << text);
            REQUIRE(value != values.end());
            text.replace(at, end + 2 - at, value->second);
            at += value->second.size();
        }
        return text;
    }

    static std::string quoted(const std::string& text) {
        std::string out = "'";
        for (char c : text)
            out += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return out + "'";
    }

    int run_script(const std::string& script, const Env& variables) const {
        std::ofstream out(root_ / "step.sh");
        for (const auto& [name, value] : variables)
            out << "export " << name << "=" << quoted(value) << "\n";
        out << "export STAND_IN_LOG=" << quoted((root_ / "stand-ins.log").string())
            << " STAND_IN_INSTALLED=" << quoted(installed().string())
            << " STAND_IN_CHAINRULE=" << quoted(CHAINRULE_BINARY)
            << " STAND_IN_SOURCE=" << quoted(CHAINRULE_SOURCE_DIR)
            << " STAND_IN_DEB_MARKER=" << quoted(stand_in_deb_marker) << "\n"
            << "export PATH=" << quoted(installed().string() + ":" + tools().string())
            << ":\"$PATH\"\n"
            << script << "\n";
        out.close();
        std::string command = "cd " + quoted(workspace_.string()) + " && bash -e " +
                              quoted((root_ / "step.sh").string()) + " >>" +
                              quoted((root_ / "job.log").string()) + " 2>&1";
        int status = std::system(command.c_str());
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128;
    }

    // The files a path names, relative to the workspace; a * only in its last part.
    std::vector<std::filesystem::path> glob(const std::string& pattern) const {
        namespace fs = std::filesystem;
        fs::path path = workspace_ / pattern;
        if (path.filename().empty()) path = path.parent_path(); // "shards/"
        std::vector<fs::path> found;
        if (pattern.find('*') == std::string::npos) {
            if (fs::exists(path)) found.push_back(path);
            return found;
        }
        if (!fs::is_directory(path.parent_path())) return found;
        for (const auto& entry : fs::directory_iterator(path.parent_path()))
            if (fnmatch(path.filename().c_str(), entry.path().filename().c_str(), 0) == 0)
                found.push_back(entry.path());
        std::sort(found.begin(), found.end());
        return found;
    }

    // actions/upload-artifact@v4: a folder's content, or the files named, at the artifact's
    // root; hidden files and folders left out (its include-hidden-files: false).
    bool upload(const YAML::Node& with) const {
        namespace fs = std::filesystem;
        fs::path store = artifacts() / with["name"].as<std::string>();
        auto copy_visible = [](const fs::path& from, const fs::path& to) {
            if (from.filename().string().rfind('.', 0) == 0) return;
            fs::create_directories(to.parent_path());
            if (!fs::is_directory(from)) {
                fs::copy_file(from, to, fs::copy_options::overwrite_existing);
                return;
            }
            fs::create_directories(to);
            for (auto it = fs::recursive_directory_iterator(from);
                 it != fs::recursive_directory_iterator(); ++it) {
                if (it->path().filename().string().rfind('.', 0) == 0) {
                    if (it->is_directory()) it.disable_recursion_pending();
                    continue;
                }
                fs::path target = to / fs::relative(it->path(), from);
                if (it->is_directory())
                    fs::create_directories(target);
                else
                    fs::copy_file(it->path(), target, fs::copy_options::overwrite_existing);
            }
        };
        auto found = glob(with["path"].as<std::string>());
        if (found.empty()) {
            std::ofstream(root_ / "job.log", std::ios::app)
                << "upload-artifact: no files found at " << with["path"].as<std::string>() << "\n";
            return !(with["if-no-files-found"] &&
                     with["if-no-files-found"].as<std::string>() == "error");
        }
        if (found.size() == 1 && fs::is_directory(found[0]))
            copy_visible(found[0], store);
        else
            for (const fs::path& file : found)
                copy_visible(file, store / file.filename());
        return true;
    }

    // actions/download-artifact@v4: `name` into `path` (the workspace if none); `pattern`:
    // each artifact it matches into path/<its name>/.
    bool download(const YAML::Node& with) const {
        namespace fs = std::filesystem;
        fs::path into = workspace_ / (with["path"] ? with["path"].as<std::string>() : ".");
        auto copy = [&](const fs::path& from, const fs::path& to) {
            fs::create_directories(to);
            fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::overwrite_existing);
        };
        if (with["name"]) {
            fs::path from = artifacts() / with["name"].as<std::string>();
            if (!fs::is_directory(from)) {
                std::ofstream(root_ / "job.log", std::ios::app)
                    << "download-artifact: no artifact " << with["name"].as<std::string>() << "\n";
                return false;
            }
            copy(from, into);
            return true;
        }
        bool any = false;
        for (const auto& entry : fs::directory_iterator(artifacts()))
            if (fnmatch(with["pattern"].as<std::string>().c_str(), entry.path().filename().c_str(),
                        0) == 0) {
                copy(entry.path(), into / entry.path().filename());
                any = true;
            }
        return any;
    }
};

} // namespace chainrule::test
