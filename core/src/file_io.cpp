#include "walletfuzz/core/file_io.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace fs = std::filesystem;

namespace {

[[noreturn]] void fail(const fs::path& path, const char* what, int error) {
  throw RuntimeFailure("cannot write " + path.string() + ": " + what + ": " + std::strerror(error));
}

// The temporary name is unique per process and call so concurrent writers of the same file never
// share a temporary; the last rename wins, and each rename installs a complete file.
fs::path temporary_name(const fs::path& path) {
  static thread_local std::mt19937_64 random{std::random_device{}()};
  return path.parent_path() /
         ("." + path.filename().string() + ".tmp." + std::to_string(::getpid()) + "." +
          std::to_string(random() % 1000000000ULL));
}

}  // namespace

void write_file_atomically(const fs::path& path, std::string_view contents) {
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(path, "creating its directory", ec.value());
  }
  fs::path temp = temporary_name(path);
  int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "creating a temporary file", errno);

  const char* data = contents.data();
  std::size_t left = contents.size();
  while (left > 0) {
    ssize_t n = ::write(fd, data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      int error = errno;
      ::close(fd);
      ::unlink(temp.c_str());
      fail(path, "writing", error);
    }
    data += n;
    left -= static_cast<std::size_t>(n);
  }
  if (::fsync(fd) != 0) {
    int error = errno;
    ::close(fd);
    ::unlink(temp.c_str());
    fail(path, "flushing", error);
  }
  ::close(fd);
  if (::rename(temp.c_str(), path.c_str()) != 0) {
    int error = errno;
    ::unlink(temp.c_str());
    fail(path, "renaming the temporary file", error);
  }
}

void prepare_output_file(const fs::path& path) {
  std::error_code ec;
  if (path.has_parent_path()) {
    fs::create_directories(path.parent_path(), ec);
    if (ec) fail(path, "creating its directory", ec.value());
  }
  if (fs::is_directory(path, ec)) fail(path, "checking the path", EISDIR);
  const fs::path probe = temporary_name(path);
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
  if (fd < 0) fail(path, "creating a file in its directory", errno);
  ::close(fd);
  ::unlink(probe.c_str());
}

std::string read_file(const fs::path& path, std::size_t max_bytes) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    throw InputError({path.string()}, "is a directory, expected a file");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw InputError({path.string()}, std::string("cannot open: ") + std::strerror(errno));
  }
  std::string contents;
  char buffer[64 * 1024];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    auto n = static_cast<std::size_t>(in.gcount());
    if (contents.size() + n > max_bytes) {
      throw InputError({path.string()},
                       "larger than the limit of " + std::to_string(max_bytes) + " bytes");
    }
    contents.append(buffer, n);
  }
  if (in.bad()) throw InputError({path.string()}, "read error");
  return contents;
}

}  // namespace walletfuzz
