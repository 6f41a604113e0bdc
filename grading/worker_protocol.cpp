#include "grading/worker_protocol.hpp"

#include <unistd.h>

#include <cerrno>
#include <string>

namespace chainrule::worker_protocol {

bool write_all(int fd, const void* data, std::size_t size) {
    const char* p = static_cast<const char*>(data);
    while (size > 0) {
        ssize_t n = ::write(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool read_all(int fd, void* data, std::size_t size) {
    char* p = static_cast<char*>(data);
    while (size > 0) {
        ssize_t n = ::read(fd, p, size);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

void send_message(int fd, char type, std::string_view head, std::string_view body) {
    std::string frame;
    frame.reserve(5 + head.size() + body.size());
    auto size = static_cast<std::uint32_t>(1 + head.size() + body.size());
    frame.append(reinterpret_cast<const char*>(&size), sizeof size);
    frame += type;
    frame += head;
    frame += body;
    if (!write_all(fd, frame.data(), frame.size())) _exit(0);
}

double generation_seconds(const WorkerLimits& limits) {
    return 5 * limits.cpu_seconds + 5;
}

} // namespace chainrule::worker_protocol
