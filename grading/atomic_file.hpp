#pragma once
// Report files that are either complete or absent.
#include <string>
#include <string_view>

namespace chainrule {

/// A file written through a temporary one (path + ".tmp"), buffered: renamed into place by
/// commit(), removed when dropped before (an error on the way), so that a report is either
/// complete or absent. write(2) rather than a stream, so that the reason (a full disk) reaches
/// the message. Throws InputError naming the file and the reason.
class AtomicFile {
  public:
    explicit AtomicFile(std::string path);
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;
    ~AtomicFile();

    /// Appends text.
    void write(std::string_view text);
    /// Writes what is buffered and renames the file into place.
    void commit();

  private:
    static constexpr std::size_t capacity = 1 << 18;
    void flush();
    void put(const char* p, std::size_t left);
    [[noreturn]] void fail(const std::string& reason);

    std::string path_;
    std::string temporary_;
    int fd_ = -1;
    std::string buffer_;
};

/// Writes text to path through a temporary file renamed into place. Throws InputError.
void write_file_atomically(const std::string& path, const std::string& text);

} // namespace chainrule
