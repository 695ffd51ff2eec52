#pragma once
// Reading inputs with a size cap, and writing outputs so that a crash or a full disk never
// leaves a half-written file where a complete one used to be.

#include <cstddef>
#include <filesystem>
#include <limits>
#include <string>
#include <string_view>

namespace walletfuzz {

/// Writes `contents` to a temporary file in the same directory, flushes it to disk, then renames
/// it over `path` (atomic on POSIX file systems). Creates missing parent directories.
/// Throws RuntimeFailure naming the path and the system error.
void write_file_atomically(const std::filesystem::path& path, std::string_view contents);

/// Checks, before work whose result must not be lost, that write_file_atomically(path) can
/// succeed later: creates the missing parent directories, then creates and removes a temporary
/// file beside `path`. Throws RuntimeFailure naming the path and the system error (a parent that
/// is a regular file, a read-only directory, `path` itself a directory).
void prepare_output_file(const std::filesystem::path& path);

/// Reads a whole file. Throws InputError naming the file if it cannot be read or is larger
/// than `max_bytes`.
std::string read_file(const std::filesystem::path& path,
                      std::size_t max_bytes = std::numeric_limits<std::size_t>::max());

}  // namespace walletfuzz
