// The variant maker (core/train/variants.h) gives exactly what the hand-written
// sequences it replaced gave (PTQ; prune, fine-tune, PTQ; QAT then the int8
// conversion with the tracked ranges), refuses non-float models with one
// message, and make_variants stops when asked to.
#include <gtest/gtest.h>

#include "core/optimize/quantize.h"
#include "core/train/qat.h"
#include "core/train/recipe.h"
#include "core/train/variants.h"
#include "tests/train/train_test_data.h"

namespace tinysim::train {
namespace {

void expect_same_model(const Model& a, const Model& b) {
  ASSERT_EQ(a.tensors.size(), b.tensors.size());
  for (size_t i = 0; i < a.tensors.size(); ++i) {
    EXPECT_EQ(a.tensors[i].type, b.tensors[i].type) << a.tensors[i].name;
    EXPECT_EQ(a.tensors[i].data, b.tensors[i].data) << a.tensors[i].name;
    EXPECT_EQ(a.tensors[i].quant.scale, b.tensors[i].quant.scale) << a.tensors[i].name;
    EXPECT_EQ(a.tensors[i].quant.zero_point, b.tensors[i].quant.zero_point) << a.tensors[i].name;
  }
}

struct Fixture {
  Model float_model = build_model({8, 8, 1}, test_data::small_cnn(), true, 3, "t");
  Dataset train = test_data::bars(160, 1), calib = test_data::bars(40, 2);
  VariantOptions options() const {
    VariantOptions vo;
    vo.quant.num_samples = 40;
    vo.qat.batch_size = vo.prune.fit.batch_size = 16;
    vo.prune.frequency = 2;
    return vo;
  }
};

TEST(Variants, Int8IsPtq) {
  const Fixture fx;
  expect_same_model(make_variant("int8", fx.float_model, {&fx.calib, nullptr}, fx.options()),
                    quantize_model(fx.float_model, fx.calib, fx.options().quant).take());
}

TEST(Variants, PrunedInt8IsPruneFineTuneThenPtq) {
  const Fixture fx;
  const VariantOptions vo = fx.options();
  TrainNet net(fx.float_model);
  prune_and_finetune(net, fx.train, vo.prune);
  expect_same_model(make_variant("pruned", fx.float_model, {nullptr, &fx.train}, vo), net.model());
  expect_same_model(make_variant("pruned_int8", fx.float_model, {&fx.calib, &fx.train}, vo),
                    quantize_model(net.model(), fx.calib, vo.quant).take());
}

TEST(Variants, QatInt8IsQatThenTheSameConversion) {
  const Fixture fx;
  const VariantOptions vo = fx.options();
  TrainNet net(fx.float_model);
  QatState qs = init_qat(net, fx.calib, vo.quant.num_samples, vo.quant.per_channel_fc);
  Trainer t(net, vo.qat);
  t.qat = &qs;
  t.fit(fx.train);
  expect_same_model(make_variant("qat_int8", fx.float_model, {&fx.calib, &fx.train}, vo),
                    quantize_with_ranges(net.model(), qat_ranges(net, qs), vo.quant).take());
}

TEST(Variants, OneFloatCheckAndClearErrors) {
  const Fixture fx;
  EXPECT_TRUE(is_float_model(fx.float_model));
  const Model q = quantize_model(fx.float_model, fx.calib, fx.options().quant).take();
  EXPECT_FALSE(is_float_model(q));
  try {
    require_float_model(q, "m.tflite", "open the float model");
    FAIL() << "an int8 model passed the float check";
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.rfind("m.tflite: is not a float model: tensor '", 0), 0u) << what;
    EXPECT_NE(what.find("is int8, not float32 (open the float model)"), std::string::npos) << what;
  }
  EXPECT_THROW(make_variant("int8", q, {&fx.calib, nullptr}, fx.options()), Error);
  EXPECT_THROW(make_variant("pruned_int8", fx.float_model, {&fx.calib, nullptr}, fx.options()), Error);
  try {
    make_variant("int4", fx.float_model, {&fx.calib, &fx.train}, fx.options());
    FAIL() << "an unknown variant was made";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("use int8, qat_int8, pruned, pruned_int8"), std::string::npos) << e.what();
  }
}

TEST(Variants, MakeVariantsInOrderAndStopsWhenAsked) {
  const Fixture fx;
  std::vector<std::string> made;
  make_variants(fx.float_model, {"int8", "pruned_int8", "qat_int8"}, {&fx.calib, &fx.train}, fx.options(),
                [&](const std::string& v, Model) {
                  made.push_back(v);
                  return made.size() < 2;
                });
  EXPECT_EQ(made, (std::vector<std::string>{"int8", "pruned_int8"}));
}

TEST(Variants, OneSetOfFineTuningDefaults) {
  // The recipe's defaults are the variant maker's.
  const Recipe r = parse_recipe(nlohmann::json::parse(R"({"use_case": "t", "dataset": "har",
      "train": {"lr": 0.004}, "layers": [{"type": "dense", "units": 3}]})"), "r.json");
  EXPECT_EQ(r.qat.epochs, default_qat_fit().epochs);
  EXPECT_EQ(r.qat.lr, default_qat_fit().lr);
  EXPECT_EQ(r.prune.fit.epochs, default_prune(r.fit).fit.epochs);
  EXPECT_FLOAT_EQ(r.prune.fit.lr, 0.002f);  // half the training lr
  EXPECT_FLOAT_EQ(default_prune().fit.lr, 5e-4f);
  EXPECT_FLOAT_EQ(default_qat_fit().lr, 2e-4f);
}

}  // namespace
}  // namespace tinysim::train
