#include "grading/journal.hpp"

#include "expr/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

namespace chainrule {

namespace {

void write_whole(int fd, const std::string& text, const std::string& path) {
    const char* p = text.data();
    std::size_t left = text.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

} // namespace

JournalContents read_journal(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    JournalContents contents;
    std::size_t pos = 0;
    bool first = true;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string::npos) break; // a line cut short
        std::string line = text.substr(pos, end - pos);
        nlohmann::ordered_json entry;
        try {
            entry = nlohmann::ordered_json::parse(line);
        } catch (const nlohmann::json::exception&) {
            break; // a torn write: everything from here is dropped
        }
        if (first) {
            if (!entry.is_object() || entry.value("journal", "") != journal_format ||
                !entry.contains("header"))
                throw InputError(path + ": not a chainrule grading journal");
            contents.header = entry["header"];
            first = false;
        } else {
            if (!entry.is_object() || !entry.contains("row") || !entry["row"].contains("key")) break;
            std::string key = entry["row"]["key"];
            if (!contents.rows.count(key)) {
                contents.rows[key] = entry["row"];
                contents.times[key] = entry.value("times", nlohmann::ordered_json::object());
            }
        }
        pos = end + 1;
        contents.good_length = pos;
    }
    if (first) throw InputError(path + ": the journal has no header");
    return contents;
}

Journal::Journal(const std::string& path, const nlohmann::ordered_json& header, bool resume)
    : path_(path) {
    bool fresh = true;
    if (resume && std::filesystem::exists(path)) {
        bool readable = true;
        try {
            done_ = read_journal(path);
        } catch (const InputError&) {
            readable = false; // killed before the header was whole: start again
        }
        if (readable) {
            if (done_.header.dump() != header.dump())
                throw InputError(path + " is the journal of a different run (spec, options, "
                                        "inputs or shard differ): run again without --resume");
            std::filesystem::resize_file(path, done_.good_length);
            fresh = false;
        } else {
            done_ = JournalContents{};
        }
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (fresh ? O_TRUNC : 0), 0644);
    if (fd_ < 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
    if (fresh) {
        nlohmann::ordered_json first{{"journal", journal_format}, {"header", header}};
        write_whole(fd_, first.dump() + "\n", path_);
    }
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_);
}

void Journal::append(const nlohmann::ordered_json& row, const nlohmann::ordered_json& times) {
    nlohmann::ordered_json entry{{"row", row}, {"times", times}};
    // On a full disk the line may be written in part: cut it off again, so that the journal
    // keeps only whole rows (and the error says why).
    off_t before = ::lseek(fd_, 0, SEEK_END);
    try {
        write_whole(fd_, entry.dump() + "\n", path_);
    } catch (const InputError&) {
        if (before >= 0 && ::ftruncate(fd_, before) != 0) {
        }
        throw;
    }
}

} // namespace chainrule
