#include "core/model/op_schema.h"

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>

#include "core/common/error.h"

namespace tinysim {
namespace {

using Key = std::pair<int32_t, std::string>;

// Function-local so registrations from other translation units' static
// initialisers find it constructed.
std::map<Key, std::unique_ptr<OpSchema>>& table() {
  static std::map<Key, std::unique_ptr<OpSchema>> t;
  return t;
}

Key key_of(OpType type, const std::string& custom) {
  return {static_cast<int32_t>(type), type == OpType::Custom ? custom : std::string()};
}

}  // namespace

void OptionsReader::require(bool ok, const std::string& what) const {
  if (!ok)
    throw Error(model_.source, label_ + " has invalid options: " + what,
                "the file is damaged; re-export the model with the TFLite converter");
}

Activation OptionsReader::activation(tflite::ActivationFunctionType a) const {
  const auto v = static_cast<int>(a);
  // NONE, RELU, RELU_N1_TO_1, RELU6, TANH, SIGN_BIT: the IR's order
  require(v >= 0 && v <= 5, "unknown fused activation");
  return static_cast<Activation>(v);
}

Padding OptionsReader::padding(tflite::Padding p) const {
  require(p == tflite::Padding::SAME || p == tflite::Padding::VALID, "unknown padding");
  return p == tflite::Padding::SAME ? Padding::Same : Padding::Valid;
}

void register_op_schema(const OpSchema& schema) {
  auto& t = table();
  const Key k = key_of(schema.type, schema.custom_name);
  if (t.count(k)) {
    std::fprintf(stderr, "tinysim: op %s registered twice\n", op_name(schema.type));
    std::abort();
  }
  t.emplace(k, std::make_unique<OpSchema>(schema));
}

const OpSchema* find_op_schema(OpType type, const std::string& custom_name) {
  const auto& t = table();
  auto it = t.find(key_of(type, custom_name));
  return it == t.end() ? nullptr : it->second.get();
}

const OpSchema* find_op_schema(const Operator& op) { return find_op_schema(op.type, op.custom_code); }

std::vector<const OpSchema*> all_op_schemas() {
  std::vector<const OpSchema*> out;
  for (const auto& [k, s] : table()) out.push_back(s.get());
  return out;
}

int64_t no_macs(const Model&, const Operator&) { return 0; }
int version_1(const Model&, const Operator&) { return 1; }

}  // namespace tinysim
