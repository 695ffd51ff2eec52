// `walletfuzz import`: files written and a summary on stdout; a bad file is one line on stderr
// naming the file and the JSON or YAML path, exit 2; an unknown kind is exit 2 too.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "../cli/cli_runner.hpp"

namespace {

const std::string kSamples = std::string(WALLETFUZZ_SOURCE_DIR) + "/tests/data/import/";
using walletfuzz::testing::run_cli;

TEST(import_command_test, writes_requests_and_functions_yaml) {
  const auto out = std::filesystem::temp_directory_path() / "walletfuzz_import_command";
  std::filesystem::remove_all(out);
  const auto result =
      run_cli({"import", "openapi", kSamples + "petstore-3.0.yaml", "--out", out.string()});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("imported 3 request(s) as 3 function(s)"), std::string::npos)
      << result.out;
  EXPECT_TRUE(std::filesystem::exists(out / "functions.yaml"));
  EXPECT_TRUE(std::filesystem::exists(out / "requests" / "show-pet-by-id.http"));
}

TEST(import_command_test, bad_file_is_one_line_with_exit_code_2) {
  const auto file = std::filesystem::temp_directory_path() / "walletfuzz_import_bad.yaml";
  std::ofstream(file) << "openapi: 3.0.3\npaths:\n  /pets:\n    get:\n      responses: 200\n";
  const auto result = run_cli({"import", "openapi", file.string(), "--out",
                               (std::filesystem::temp_directory_path() / "unused").string()});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.err, "walletfuzz: " + file.string() +
                            ":5:18: paths./pets.get.responses: must be a map of status codes to "
                            "responses\n");
  const auto kind = run_cli({"import", "postman", file.string()});
  EXPECT_EQ(kind.exit_code, 2);
  EXPECT_NE(kind.err.find("'postman' is not an import kind"), std::string::npos);
}

}  // namespace
