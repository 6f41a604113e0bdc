#include "grading/atomic_file.hpp"

#include "expr/errors.hpp"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <unistd.h>

namespace chainrule {

AtomicFile::AtomicFile(std::string path) : path_(std::move(path)), temporary_(path_ + ".tmp") {
    fd_ = ::open(temporary_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd_ < 0) throw InputError("cannot write " + path_ + ": " + std::strerror(errno));
    buffer_.reserve(capacity);
}

AtomicFile::~AtomicFile() {
    if (fd_ >= 0) {
        ::close(fd_);
        ::unlink(temporary_.c_str());
    }
}

void AtomicFile::write(std::string_view text) {
    if (buffer_.size() + text.size() > capacity) flush();
    if (text.size() >= capacity)
        put(text.data(), text.size());
    else
        buffer_ += text;
}

void AtomicFile::commit() {
    flush();
    int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail(std::strerror(errno));
    std::error_code ec;
    std::filesystem::rename(temporary_, path_, ec);
    if (ec) fail(ec.message());
}

void AtomicFile::flush() {
    put(buffer_.data(), buffer_.size());
    buffer_.clear();
}

void AtomicFile::put(const char* p, std::size_t left) {
    while (left > 0) {
        ssize_t n = ::write(fd_, p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) fail(n < 0 ? std::strerror(errno) : "nothing written");
        p += n;
        left -= static_cast<std::size_t>(n);
    }
}

void AtomicFile::fail(const std::string& reason) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    ::unlink(temporary_.c_str());
    throw InputError("cannot write " + path_ + ": " + reason);
}

void write_file_atomically(const std::string& path, const std::string& text) {
    AtomicFile file(path);
    file.write(text);
    file.commit();
}

} // namespace chainrule
