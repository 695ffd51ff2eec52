// Renders report.html in headless Chromium (Debian's `chromium`, installed by bootstrap.sh) and
// checks what a reader would see: a screenshot that is not blank, with the charts' colours in
// it, and no console errors (a blocked fetch, a CSP violation or a script error would log one).
// Skipped only when chromium is not installed.
#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <set>

#include "png_image.hpp"
#include "report_test_support.hpp"
#include "walletfuzz/reports/report.hpp"

namespace walletfuzz::reports {
namespace {
namespace fs = std::filesystem;

std::string find_chromium() {
  for (const char* candidate : {"/usr/bin/chromium", "/usr/bin/chromium-browser"}) {
    if (fs::exists(candidate)) return candidate;
  }
  return {};
}

struct Rendered {
  int exit_status = -1;
  std::string log;
  std::string png;
};

// No network: the page is a local file, its CSP forbids fetches, and the flags switch off
// Chromium's own background traffic. `timeout` bounds a hung browser.
Rendered render(const std::string& chromium, const fs::path& html, const fs::path& work) {
  fs::path shot = work / "shot.png", log = work / "chromium.log";
  std::string command = "timeout 90 " + chromium +
                        " --headless=new --no-sandbox --disable-gpu --disable-background-networking"
                        " --disable-component-update --disable-sync --no-first-run"
                        " --disable-features=MediaRouter,OptimizationHints --enable-logging=stderr"
                        " --user-data-dir='" +
                        (work / "profile").string() + "' --window-size=1000,2400 --screenshot='" +
                        shot.string() + "' 'file://" + html.string() + "' > '" + log.string() +
                        "' 2>&1";
  Rendered rendered;
  rendered.exit_status = std::system(command.c_str());
  rendered.log = testing::slurp(log);
  if (fs::exists(shot)) rendered.png = testing::slurp(shot);
  return rendered;
}

// Console messages, CSP refusals and uncaught errors as Chromium logs them to stderr.
std::vector<std::string> console_problems(const std::string& log) {
  std::vector<std::string> problems;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    std::string line = log.substr(start, end - start);
    if (line.find(":CONSOLE") != std::string::npos ||
        line.find("Refused to") != std::string::npos ||
        line.find("Uncaught") != std::string::npos) {
      problems.push_back(line);
    }
    start = end + 1;
  }
  return problems;
}

class html_render_test : public ::testing::Test {
 protected:
  void SetUp() override {
    chromium_ = find_chromium();
    if (chromium_.empty())
      GTEST_SKIP() << "chromium is not installed (scripts/bootstrap.sh installs it)";
  }
  std::string chromium_;
  testing::TempDir tmp_;
};

TEST_F(html_render_test, report_renders_with_charts_and_without_console_errors) {
  fs::path run_dir = tmp_.copy_run("run-1");
  ReportOptions options;
  options.gates.max_amplification = 20000;
  options.use_history = false;
  render_reports(run_dir, options);

  Rendered rendered = render(chromium_, run_dir / "report.html", tmp_.path());
  ASSERT_EQ(rendered.exit_status, 0) << rendered.log;
  EXPECT_EQ(console_problems(rendered.log), std::vector<std::string>{}) << rendered.log;

  std::string error;
  auto image = testing::decode_png(rendered.png, error);
  ASSERT_TRUE(image) << error;
  ASSERT_EQ(image->width, 1000u);
  std::size_t alert = 0, neutral = 0, dark = 0;
  std::set<std::uint32_t> colours;
  for (const testing::Rgb& pixel : image->pixels) {
    if (pixel.near({0xc0, 0x39, 0x2b}, 12)) ++alert;           // attack-class bars, spend line
    if (pixel.near({0x5b, 0x7f, 0xa6}, 12)) ++neutral;         // baseline bars
    if (pixel.r < 80 && pixel.g < 80 && pixel.b < 80) ++dark;  // text
    colours.insert((std::uint32_t(pixel.r) << 16) | (pixel.g << 8) | pixel.b);
  }
  EXPECT_GT(dark, 5000u) << "text is drawn";
  EXPECT_GT(alert, 2000u) << "the charts' alert-coloured bars are drawn";
  EXPECT_GT(neutral, 300u) << "the charts' baseline bars are drawn";
  EXPECT_GT(colours.size(), 50u);
}

// The harness itself must be able to fail: a page that tries a network fetch (blocked by the
// same CSP) and a blank page are both caught.
TEST_F(html_render_test, the_checks_catch_a_blocked_fetch_and_a_blank_page) {
  fs::path page = tmp_.path() / "bad.html";
  testing::spit(page,
                "<!DOCTYPE html><html><head><meta http-equiv=\"Content-Security-Policy\" "
                "content=\"default-src 'none'\"></head><body style=\"background:#fff\">"
                "<img src=\"http://127.0.0.1:9/x.png\"></body></html>");
  Rendered rendered = render(chromium_, page, tmp_.path());
  ASSERT_EQ(rendered.exit_status, 0) << rendered.log;
  EXPECT_FALSE(console_problems(rendered.log).empty()) << rendered.log;
  std::string error;
  auto image = testing::decode_png(rendered.png, error);
  ASSERT_TRUE(image) << error;
  std::size_t dark = 0;
  for (const testing::Rgb& pixel : image->pixels)
    dark += pixel.r < 80 && pixel.g < 80 && pixel.b < 80;
  EXPECT_LT(dark, 100u) << "a blank page has no text";
}

}  // namespace
}  // namespace walletfuzz::reports
