#include "walletfuzz/core/error.hpp"

namespace walletfuzz {
namespace {

std::string one_line(const Location& where, const std::string& message, const std::string& hint) {
  std::string text = to_string(where);
  if (!text.empty()) text += ": ";
  text += message;
  if (!hint.empty()) text += " (hint: " + hint + ")";
  // A message is printed as one line; embedded newlines would break `file:line:` parsing by
  // editors and CI annotations.
  for (char& c : text) {
    if (c == '\n' || c == '\r') c = ' ';
  }
  return text;
}

}  // namespace

std::string to_string(const Location& where) {
  std::string text = where.file;
  if (where.line > 0) {
    text += ":" + std::to_string(where.line);
    if (where.column > 0) text += ":" + std::to_string(where.column);
  }
  if (!where.field.empty()) {
    if (!text.empty()) text += ": ";
    text += where.field;
  }
  return text;
}

InputError::InputError(Location where, std::string message, std::string hint)
    : std::runtime_error(one_line(where, message, hint)),
      where_(std::move(where)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

namespace {

std::string join_problems(const std::vector<Problem>& problems) {
  std::string text;
  for (const Problem& problem : problems) {
    if (!text.empty()) text += '\n';
    text += one_line(problem.where, problem.message, problem.hint);
  }
  return text;
}

Problem first_or_empty(const std::vector<Problem>& problems) {
  return problems.empty() ? Problem{} : problems.front();
}

}  // namespace

InputProblems::InputProblems(std::vector<Problem> problems)
    : InputError(first_or_empty(problems).where, first_or_empty(problems).message,
                 first_or_empty(problems).hint),
      problems_(std::move(problems)),
      text_(join_problems(problems_)) {}

}  // namespace walletfuzz
