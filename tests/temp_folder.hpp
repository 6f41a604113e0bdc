#pragma once
// The one temporary folder of the tests: made fresh and unique (mkdtemp) and removed with all
// its content when it goes out of scope, so also when a REQUIRE fails and the case unwinds.
#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <system_error>

namespace chainrule::test {

class TempFolder {
public:
    /// A new empty folder under the system's temporary folder, named <prefix>-XXXXXX.
    explicit TempFolder(const std::string& prefix = "chainrule-test") {
        std::string pattern =
            (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
        if (mkdtemp(pattern.data()) == nullptr)
            throw std::runtime_error("cannot make a temporary folder " + pattern);
        path_ = pattern;
    }
    ~TempFolder() {
        std::error_code ignored; // a destructor must not throw; a leftover is only litter
        std::filesystem::remove_all(path_, ignored);
    }
    TempFolder(const TempFolder&) = delete;
    TempFolder& operator=(const TempFolder&) = delete;

    /// The folder.
    const std::filesystem::path& path() const { return path_; }
    /// The folder, as a string.
    std::string string() const { return path_.string(); }
    /// A path inside the folder.
    std::filesystem::path operator/(const std::filesystem::path& name) const {
        return path_ / name;
    }

private:
    std::filesystem::path path_;
};

} // namespace chainrule::test
