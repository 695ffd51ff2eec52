#include "walletfuzz/cli/app.hpp"

int main(int argc, char** argv) { return walletfuzz::cli::run(argc, argv); }
