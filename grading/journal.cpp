#include "grading/journal.hpp"

#include "expr/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace chainrule {

namespace {

constexpr std::string_view row_prefix = "{\"row\":";
constexpr std::string_view times_infix = ",\"times\":";

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

// A row line as read back: false when it is not one (a torn or foreign line).
bool read_row_line(const std::string& line, std::uint64_t line_offset, std::string& key,
                   JournalRow& out) {
    nlohmann::ordered_json entry;
    try {
        entry = nlohmann::ordered_json::parse(line);
        if (!entry.is_object() || !entry.contains("row")) return false;
        const auto& row = entry["row"];
        if (!row.is_object() || !row.contains("key") || !row["key"].is_string()) return false;
        key = row["key"].get<std::string>();
        out.facts = row_facts(row);
        out.times = entry.value("times", nlohmann::ordered_json::object())
                        .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        // This program writes `{"row":ROW,"times":TIMES}`: then ROW is read from the file
        // when the reports need it. Any other layout is kept as text.
        std::string suffix = std::string(times_infix) + out.times + "}";
        if (entry.size() == 2 && line.size() > row_prefix.size() + suffix.size() &&
            line.compare(0, row_prefix.size(), row_prefix) == 0 &&
            line.compare(line.size() - suffix.size(), suffix.size(), suffix) == 0) {
            out.offset = line_offset + row_prefix.size();
            out.length = line.size() - row_prefix.size() - suffix.size();
            out.text.clear();
        } else {
            out.text = row.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
    } catch (const nlohmann::json::exception&) {
        return false;
    }
    return true;
}

// A header without the run's time and memory limits: they are a safety net that no verdict
// depends on (the checker's budget of work decides), so a run may be resumed with others, to
// regrade with more time the answers a limit stopped.
nlohmann::ordered_json without_limits(nlohmann::ordered_json header) {
    if (header.is_object() && header.contains("meta") && header["meta"].is_object() &&
        header["meta"].contains("options") && header["meta"]["options"].is_object()) {
        header["meta"]["options"].erase("time_limit_s");
        header["meta"]["options"].erase("memory_limit_mb");
    }
    return header;
}

} // namespace

JournalContents read_journal(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError("cannot read " + path);
    JournalContents contents;
    std::uint64_t pos = 0;
    bool first = true;
    std::string line;
    while (std::getline(in, line)) {
        if (in.eof()) break; // a line cut short: no newline after it
        if (first) {
            nlohmann::ordered_json entry;
            try {
                entry = nlohmann::ordered_json::parse(line);
            } catch (const nlohmann::json::exception&) {
                break; // a torn header
            }
            if (!entry.is_object() || entry.value("journal", "") != journal_format ||
                !entry.contains("header"))
                throw InputError(path + ": not a chainrule grading journal");
            contents.header = entry["header"];
            first = false;
        } else {
            std::string key;
            JournalRow row;
            if (!read_row_line(line, pos, key, row)) break; // a torn write: dropped from here
            contents.rows.insert_or_assign(std::move(key), std::move(row));
        }
        pos += line.size() + 1;
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
            if (without_limits(done_.header).dump() != without_limits(header).dump())
                throw InputError(path + " is the journal of a different run (spec, options, "
                                        "inputs or shard differ): run again without --resume");
            std::filesystem::resize_file(path, done_.good_length);
            fresh = false;
        } else {
            done_ = JournalContents{};
        }
    }
    fd_ = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | (fresh ? O_TRUNC : 0),
                 0644);
    if (fd_ < 0) throw InputError("cannot write " + path + ": " + std::strerror(errno));
    if (fresh) {
        nlohmann::ordered_json first{{"journal", journal_format}, {"header", header}};
        write_whole(fd_, first.dump() + "\n", path_);
    }
}

Journal::~Journal() {
    if (fd_ >= 0) ::close(fd_);
}

std::uint64_t Journal::append(std::string_view row, std::string_view times) {
    std::string line;
    line.reserve(row_prefix.size() + row.size() + times_infix.size() + times.size() + 2);
    line += row_prefix;
    line += row;
    line += times_infix;
    line += times;
    line += "}\n";
    // On a full disk the line may be written in part: cut it off again, so that the journal
    // keeps only whole rows (and the error says why).
    off_t before = ::lseek(fd_, 0, SEEK_END);
    if (before < 0) throw InputError("cannot write " + path_ + ": " + std::strerror(errno));
    try {
        write_whole(fd_, line, path_);
    } catch (const InputError&) {
        if (::ftruncate(fd_, before) != 0) {
        }
        throw;
    }
    return static_cast<std::uint64_t>(before) + row_prefix.size();
}

} // namespace chainrule
