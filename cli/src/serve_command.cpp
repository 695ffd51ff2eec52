#include "command.hpp"

#include <iostream>

#include "walletfuzz/core/error.hpp"

namespace walletfuzz::cli {

// Placeholder wiring until the sample app's runtime lands (issue 2, sample_app/serve).
void add_serve_command(CLI::App& root, CommandRunner& chosen) {
  auto* sub = root.add_subcommand("serve", "Serve the bundled sample app on loopback");
  auto port = std::make_shared<int>(8080);
  sub->add_option("--port", *port, "TCP port on 127.0.0.1")->check(CLI::Range(0, 65535));
  sub->callback([&chosen, port] {
    chosen = [port] {
      throw RuntimeFailure("serve: the sample app runtime is not built yet");
      return 0;
    };
  });
}

}  // namespace walletfuzz::cli
