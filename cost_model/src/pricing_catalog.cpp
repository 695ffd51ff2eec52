#include <algorithm>
#include <cctype>
#include <charconv>
#include <filesystem>

#include "builtin_pricing.hpp"
#include "pricing_parse.hpp"
#include "walletfuzz/core/file_io.hpp"
#include "walletfuzz/cost_model/pricing.hpp"

namespace walletfuzz::cost_model {
namespace {

constexpr std::size_t kMaxPricingFileBytes = 1 << 20;

YAML::Node load_yaml(std::string_view text, const std::string& file) {
  return detail::load_pricing_yaml(text, file);
}

bool is_index(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return std::isdigit(static_cast<unsigned char>(c));
  });
}

/// "meters.requests.tiers[0].usd" -> {"meters", "requests", "tiers", "0", "usd"}.
std::vector<std::string> split_path(std::string_view path) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : path) {
    if (c == '.' || c == '[' || c == ']') {
      if (!current.empty()) parts.push_back(std::move(current));
      current.clear();
    } else {
      current += c;
    }
  }
  if (!current.empty()) parts.push_back(std::move(current));
  return parts;
}

/// Applies one override to a YAML tree and returns the field path in the form the parser uses
/// in its errors ("meters[1].tiers[0].usd"), so an error about the new value can be reported at
/// the override instead of at a line of the pricing file that never held it.
std::string apply_one(YAML::Node root, const std::vector<std::string>& parts,
                      const PriceOverride& override_) {
  auto fail = [&](const std::string& message) -> void {
    Location where = override_.where;
    if (where.field.empty()) where.field = override_.key;
    throw InputError(where, message);
  };
  YAML::Node value;
  try {
    value = YAML::Load(override_.value);
  } catch (const YAML::Exception& e) {
    fail("value '" + override_.value + "' is not valid YAML: " + e.msg);
  }
  if (parts.empty()) fail("names a provider but no field; use <provider>.<field>");

  YAML::Node current = root;
  std::string canonical;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    if (current.IsSequence()) {
      std::size_t index = current.size();
      if (is_index(part)) {
        // An index too large for any list is an error of the override, not an internal one.
        auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), index);
        if (ec != std::errc() || end != part.data() + part.size()) index = current.size();
      } else {
        // A meter (or any list of maps with ids) can be named by its id, which stays stable
        // when meters are added or reordered.
        for (std::size_t k = 0; k < current.size(); ++k) {
          if (current[k].IsMap() && current[k]["id"] && current[k]["id"].Scalar() == part)
            index = k;
        }
      }
      if (index >= current.size()) fail("no element '" + part + "' at " + canonical);
      canonical += "[" + std::to_string(index) + "]";
      if (last) {
        current[index] = value;
        return canonical;
      }
      YAML::Node next = current[index];
      current.reset(next);
    } else if (current.IsMap() || current.IsNull()) {
      canonical += (canonical.empty() ? "" : ".") + part;
      if (last) {
        current[part] = value;
        return canonical;
      }
      if (!current[part]) current[part] = YAML::Node(YAML::NodeType::Map);
      YAML::Node next = current[part];
      current.reset(next);
    } else {
      fail("'" + canonical + "' is a value, not a map or list");
    }
  }
  return canonical;
}

}  // namespace

PricingCatalog PricingCatalog::builtin() {
  PricingCatalog catalog;
  for (const auto& file : detail::builtin_pricing_files()) catalog.add_text(file.text, file.name);
  return catalog;
}

void PricingCatalog::add_text(std::string_view yaml_text, const std::string& file) {
  const YAML::Node root = load_yaml(yaml_text, file);
  PricingSheet sheet = detail::parse_pricing_node(root, file);
  std::string provider = sheet.provider;
  entries_[provider] = Entry{std::string(yaml_text), file, {}, std::move(sheet)};
}

void PricingCatalog::add_file(const std::filesystem::path& path) {
  add_text(read_file(path, kMaxPricingFileBytes), path.string());
}

void PricingCatalog::add_directory(const std::filesystem::path& dir) {
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& item : std::filesystem::directory_iterator(dir, ec)) {
    if (item.path().extension() == ".yaml" || item.path().extension() == ".yml") {
      files.push_back(item.path());
    }
  }
  if (ec)
    throw InputError({dir.string(), 0, 0, ""}, "cannot list pricing directory: " + ec.message());
  std::sort(files.begin(), files.end());
  for (const auto& file : files) add_file(file);
}

void PricingCatalog::apply_overrides(std::span<const PriceOverride> overrides) {
  // Work on copies so that a bad override leaves the catalog as it was.
  auto updated = entries_;
  std::vector<std::string> touched;
  for (const PriceOverride& o : overrides) {
    const std::string provider = o.key.substr(0, o.key.find('.'));
    auto it = updated.find(provider);
    if (it == updated.end()) {
      std::string known;
      for (const auto& [name, entry] : updated) known += (known.empty() ? "" : ", ") + name;
      Location where = o.where;
      if (where.field.empty()) where.field = o.key;
      throw InputError(where, "unknown provider '" + provider + "' in pricing override",
                       "known: " + known);
    }
    it->second.overrides.push_back(o);
    if (std::find(touched.begin(), touched.end(), provider) == touched.end()) {
      touched.push_back(provider);
    }
  }
  for (const std::string& provider : touched) {
    Entry& entry = updated.at(provider);
    YAML::Node root = load_yaml(entry.text, entry.file);
    std::vector<std::pair<std::string, const PriceOverride*>> applied;
    for (const PriceOverride& o : entry.overrides) {
      const auto dot = o.key.find('.');
      const auto parts = split_path(dot == std::string::npos ? "" : o.key.substr(dot + 1));
      applied.emplace_back(apply_one(root, parts, o), &o);
    }
    try {
      entry.sheet = detail::parse_pricing_node(root, entry.file);
    } catch (const InputError& e) {
      // Blame the most specific override that covers the failing field; otherwise the error is
      // in the file itself (or between fields), and the file's location stays.
      const PriceOverride* blamed = nullptr;
      std::size_t best = 0;
      for (const auto& [path, o] : applied) {
        const std::string& field = e.where().field;
        auto within = [](const std::string& inner, const std::string& outer) {
          return inner.rfind(outer, 0) == 0 &&
                 (inner.size() == outer.size() || inner[outer.size()] == '.' ||
                  inner[outer.size()] == '[');
        };
        // The field is the override's, inside it, or a key the override created on its way
        // ("nothing" of "aws-lambda.nothing.here").
        const bool covers = within(field, path) || within(path, field);
        if (covers && path.size() >= best) {
          best = path.size();
          blamed = o;
        }
      }
      if (!blamed) throw;
      Location where = blamed->where;
      where.field = where.field.empty() ? blamed->key : where.field + " " + blamed->key;
      throw InputError(where, e.message() + " (pricing override '" + blamed->value + "')",
                       e.hint());
    }
  }
  entries_ = std::move(updated);
}

const PricingSheet* PricingCatalog::find(std::string_view provider) const {
  auto it = entries_.find(provider);
  return it == entries_.end() ? nullptr : &it->second.sheet;
}

const PricingSheet& PricingCatalog::sheet(std::string_view provider, const Location& where) const {
  if (const PricingSheet* found = find(provider)) return *found;
  std::string known;
  for (const auto& [name, entry] : entries_) known += (known.empty() ? "" : ", ") + name;
  throw InputError(where, "unknown provider '" + std::string(provider) + "'", "known: " + known);
}

std::vector<std::string> PricingCatalog::providers(std::string_view kind) const {
  std::vector<std::string> out;
  for (const auto& [name, entry] : entries_) {
    if (entry.sheet.kind == kind) out.push_back(name);
  }
  return out;
}

}  // namespace walletfuzz::cost_model
