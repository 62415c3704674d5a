// The loss gradients the trainer feeds into backward: softmax cross-entropy
// and the distillation mix alpha*T^2*KL + (1-alpha)*CE, against central
// differences (loss computed in double; logits perturbed in float, so the
// tolerance is 1e-3 relative).
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "core/train/trainer.h"

using namespace tinysim::train;

namespace {
void check(bool teacher, float beta, float T, float alpha) {
  const int C = 5, label = 3;
  std::vector<float> z{0.3f, -1.2f, 2.0f, 0.7f, -0.1f}, t{1.5f, 0.2f, -0.4f, 2.2f, 0.0f};
  std::vector<float> dz(C), scratch(C);
  loss_and_grad(z.data(), C, label, teacher ? t.data() : nullptr, beta, T, alpha, dz.data());
  const float eps = 1e-2f;
  for (int c = 0; c < C; ++c) {
    const float keep = z[c];
    z[c] = keep + eps;
    const double lp = loss_and_grad(z.data(), C, label, teacher ? t.data() : nullptr, beta, T, alpha, scratch.data());
    z[c] = keep - eps;
    const double lm = loss_and_grad(z.data(), C, label, teacher ? t.data() : nullptr, beta, T, alpha, scratch.data());
    z[c] = keep;
    const double num = (lp - lm) / (double(keep + eps) - double(keep - eps));
    EXPECT_NEAR(num, dz[c], 1e-3 * std::max(1.0, std::fabs(num))) << "class " << c;
  }
}
}  // namespace

TEST(GradCheckLoss, CrossEntropy) { check(false, 1.0f, 1.0f, 0.0f); }
TEST(GradCheckLoss, CrossEntropyBeta) { check(false, 0.7f, 1.0f, 0.0f); }
TEST(GradCheckLoss, DistillationT4) { check(true, 1.0f, 4.0f, 0.7f); }
TEST(GradCheckLoss, DistillationT2OnlySoft) { check(true, 1.0f, 2.0f, 1.0f); }

TEST(GradCheckLoss, DistillationPullsTowardsTeacher) {
  // Pure soft loss, student == teacher -> zero loss and zero gradient.
  std::vector<float> z{0.5f, -0.5f, 1.0f}, dz(3);
  const double l = loss_and_grad(z.data(), 3, 0, z.data(), 1.0f, 3.0f, 1.0f, dz.data());
  EXPECT_NEAR(l, 0.0, 1e-9);
  for (float g : dz) EXPECT_NEAR(g, 0.0f, 1e-7f);
}
