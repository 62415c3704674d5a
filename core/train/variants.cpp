#include "core/train/variants.h"

#include <algorithm>

#include "core/common/error.h"
#include "core/train/qat.h"
#include "core/train/train_net.h"

namespace tinysim::train {

namespace {

const Dataset& need(const Dataset* d, const std::string& variant, const char* what) {
  if (!d) throw Error(variant + " needs " + what);
  return *d;
}

QuantizeOptions quant_for(const std::string& variant, const VariantOptions& o) {
  QuantizeOptions q = o.quant;
  if (o.calibration_progress)
    q.progress = [&o, variant](size_t done, size_t total) { o.calibration_progress(variant, done, total); };
  return q;
}

}  // namespace

bool is_float_model(const Model& model) {
  return std::all_of(model.tensors.begin(), model.tensors.end(),
                     [](const Tensor& t) { return t.is_constant() || t.type == DType::Float32; });
}

void require_float_model(const Model& model, const std::string& file, const std::string& fix) {
  for (const Tensor& t : model.tensors)
    if (!t.is_constant() && t.type != DType::Float32)
      throw Error(file, "is not a float model: tensor '" + t.name + "' is " + dtype_name(t.type) + ", not float32", fix);
}

FitOptions default_qat_fit(const FitOptions& train) {
  FitOptions f = train;
  f.epochs = 1;
  f.lr = 2e-4f;
  return f;
}

PruneOptions default_prune(const FitOptions& train) {
  PruneOptions p;
  p.fit = train;
  p.fit.epochs = 2;
  p.fit.lr = train.lr * 0.5f;
  return p;
}

const std::vector<std::string>& variant_kinds() {
  static const std::vector<std::string> v{"int8", "qat_int8", "pruned", "pruned_int8"};
  return v;
}

Model make_variant(const std::string& variant, const Model& float_model, const VariantData& data,
                   const VariantOptions& o) {
  const std::string where = float_model.source.empty() ? "model" : float_model.source;
  require_float_model(float_model, where, "start from the float model");
  if (variant == "int8") return quantize_model(float_model, need(data.calib, variant, "calibration data"), quant_for(variant, o)).take();
  if (variant == "qat_int8") {
    const Dataset& calib = need(data.calib, variant, "calibration data");
    const Dataset& train = need(data.train, variant, "training data");
    TrainNet net(float_model);
    QatState qs = init_qat(net, calib, o.quant.num_samples, o.quant.per_channel_fc);
    Trainer t(net, o.qat);
    t.qat = &qs;
    t.fit(train);
    return quantize_with_ranges(net.model(), qat_ranges(net, qs), o.quant).take();
  }
  if (variant == "pruned" || variant == "pruned_int8") {
    TrainNet net(float_model);
    prune_and_finetune(net, need(data.train, variant, "training data"), o.prune);
    if (variant == "pruned") return net.model();
    return quantize_model(net.model(), need(data.calib, variant, "calibration data"), quant_for(variant, o)).take();
  }
  std::string list;
  for (const std::string& v : variant_kinds()) list += (list.empty() ? "" : ", ") + v;
  throw Error("unknown variant '" + variant + "'", "use " + list);
}

void make_variants(const Model& float_model, const std::vector<std::string>& variants, const VariantData& data,
                   const VariantOptions& options, const std::function<bool(const std::string&, Model)>& done) {
  for (const std::string& v : variants)
    if (!done(v, make_variant(v, float_model, data, options))) return;
}

}  // namespace tinysim::train
