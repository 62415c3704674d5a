// Issue 14: graphs the reader accepted although they are wrong — no inputs
// or outputs, no ops, a zero point outside its type, a scale of 0, an op
// reading its own output or a tensor no op has written yet — are refused by
// check_graph with a one-line error naming the model and the tensor or op.
#include <gtest/gtest.h>

#include "core/common/error.h"
#include "core/model/graph_check.h"

namespace tinysim {
namespace {

Tensor tensor(const std::string& name, DType type = DType::Float32) {
  Tensor t;
  t.name = name;
  t.type = type;
  t.shape = {1, 4};
  return t;
}

// in -> RELU -> mid -> RELU -> out
Model chain() {
  Model m;
  m.source = "chain.tflite";
  m.tensors = {tensor("in"), tensor("mid"), tensor("out")};
  Operator a, b;
  a.type = b.type = OpType::Relu;
  a.inputs = {0};
  a.outputs = {1};
  b.inputs = {1};
  b.outputs = {2};
  m.ops = {a, b};
  m.inputs = {0};
  m.outputs = {2};
  return m;
}

std::string error_of(const Model& m) {
  try {
    check_graph(m);
  } catch (const Error& e) {
    return e.what();
  }
  return "";
}

void expect_refused(const Model& m, const std::string& problem) {
  const std::string e = error_of(m);
  ASSERT_FALSE(e.empty()) << "accepted: " << problem;
  EXPECT_EQ(e.rfind(m.source + ": ", 0), 0u) << e;
  EXPECT_NE(e.find(problem), std::string::npos) << e;
  EXPECT_EQ(e.find('\n'), std::string::npos) << e;
}

TEST(GraphCheck, AValidChainPasses) { EXPECT_EQ(error_of(chain()), ""); }

TEST(GraphCheck, NoInputsNoOutputsNoOps) {
  Model m = chain();
  m.inputs.clear();
  expect_refused(m, "no inputs");
  m = chain();
  m.outputs.clear();
  expect_refused(m, "no outputs");
  m = chain();
  m.ops.clear();
  expect_refused(m, "no ops");
}

TEST(GraphCheck, QuantizationOutOfRange) {
  Model m = chain();
  m.tensors[1].type = DType::Int8;
  m.tensors[1].quant.scale = {0.5f};
  m.tensors[1].quant.zero_point = {1000};
  expect_refused(m, "zero point 1000, outside the int8 range [-128, 127]");
  m.tensors[1].quant.zero_point = {0};
  m.tensors[1].quant.scale = {0.0f};
  expect_refused(m, "quantization scale 0 (a scale must be a positive number");
}

TEST(GraphCheck, CyclesAndReadsBeforeWrites) {
  Model m = chain();
  m.ops[0].inputs = {1};  // reads its own output
  expect_refused(m, "op 0 (RELU) reads its own output tensor 1 ('mid')");
  m = chain();
  std::swap(m.ops[0], m.ops[1]);  // mid is read before it is written
  expect_refused(m, "op 0 (RELU) reads tensor 1 ('mid'), which no earlier op writes");
  m = chain();
  m.outputs = {1, 2};
  m.ops.pop_back();
  expect_refused(m, "model output 1 is tensor 2 ('out'), which no op writes");
}

}  // namespace
}  // namespace tinysim
