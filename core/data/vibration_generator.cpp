#include "core/data/vibration_generator.h"

#include <cmath>
#include <vector>

#include "core/common/error.h"
#include "core/data/seeded_rng.h"

namespace tinysim {
namespace {

constexpr double kTwoPi = 2.0 * M_PI;

struct Machine {
  double shaft_hz;      // nominal rotation rate
  double bpfo_ratio;    // outer-race defect frequency / shaft rate
  double resonance_hz;  // housing resonance excited by impacts
  double decay_s;       // its ring-down time constant
  double a1, a2, a3;    // baseline 1x/2x/3x amplitudes (g)
  double hum;           // 100 Hz magnetic vibration (g)
  double noise;         // broadband noise (g)
};

Machine make_machine(int id) {
  SeededRng r(SeededRng::mix(0x56494252, static_cast<uint64_t>(id)));
  Machine m;
  m.shaft_hz = r.uniform(20.0, 30.0);
  const int balls = r.integer(7, 12);
  const double d_over_D = r.uniform(0.15, 0.3);
  const double contact = r.uniform(0.0, 0.26);  // rad
  m.bpfo_ratio = balls / 2.0 * (1.0 - d_over_D * std::cos(contact));
  m.resonance_hz = r.uniform(450.0, 850.0);
  m.decay_s = r.uniform(0.001, 0.003);
  m.a1 = r.uniform(0.05, 0.15);
  m.a2 = m.a1 * r.uniform(0.2, 0.5);
  m.a3 = m.a1 * r.uniform(0.05, 0.2);
  m.hum = r.uniform(0.005, 0.03);
  m.noise = r.uniform(0.02, 0.05);
  return m;
}

}  // namespace

Dataset generate_vibration(const VibrationOptions& o) {
  if (o.num_machines <= 0) throw Error("vibration", "num_machines must be positive");
  Dataset d;
  d.name = "vibration";
  d.sample_shape = {1, kVibrationWindow, 1};
  d.num_classes = 3;
  d.class_names = {"normal", "bearing_wear", "imbalance"};
  d.x.resize(o.num_windows * kVibrationWindow);
  d.y.resize(o.num_windows);
  std::vector<Machine> machines;
  for (int i = 0; i < o.num_machines; ++i) machines.push_back(make_machine(o.first_machine + i));

  const double dt = 1.0 / kVibrationSampleRateHz;
  for (size_t w = 0; w < o.num_windows; ++w) {
    const int cls = static_cast<int>(w % 3);
    SeededRng r(SeededRng::mix(o.seed, w, 0x564942));
    const Machine& m = machines[static_cast<size_t>(r.integer(0, o.num_machines - 1))];
    const double f0 = m.shaft_hz * r.uniform(0.97, 1.03);
    const double drift = r.uniform(-0.01, 0.01);  // relative speed change over the window
    const double p1 = r.uniform(0, kTwoPi), p2 = r.uniform(0, kTwoPi), p3 = r.uniform(0, kTwoPi),
                 ph = r.uniform(0, kTwoPi);
    double a1 = m.a1 * r.uniform(0.8, 1.2), a2 = m.a2 * r.uniform(0.8, 1.2);
    if (cls == 2) {  // imbalance
      a1 *= r.uniform(3.0, 8.0);
      a2 *= r.uniform(1.0, 1.5);
    }
    // Bearing defect: impact times from the (speed-varying) BPFO, with slip.
    std::vector<double> impacts;
    std::vector<double> impact_amp;
    const double severity = r.uniform(0.15, 1.0);
    if (cls == 1) {
      const double bpfo = f0 * m.bpfo_ratio;
      double t = -r.uniform(0.0, 1.0 / bpfo);
      // Start before the window so a ring-down from an earlier impact shows.
      while (t < kVibrationWindow * dt) {
        impacts.push_back(t);
        impact_amp.push_back(severity * r.uniform(0.6, 1.0) * 0.8);
        t += (1.0 / bpfo) * (1.0 + r.normal(0.0, 0.015));
      }
    }
    float* out = d.sample(w);
    double phase = 0.0;
    for (int i = 0; i < kVibrationWindow; ++i) {
      const double t = i * dt;
      const double f = f0 * (1.0 + drift * t / (kVibrationWindow * dt));
      phase += kTwoPi * f * dt;
      double v = a1 * std::sin(phase + p1) + a2 * std::sin(2 * phase + p2) + m.a3 * std::sin(3 * phase + p3) +
                 m.hum * std::sin(kTwoPi * 100.0 * t + ph) + r.normal(0.0, m.noise);
      for (size_t k = 0; k < impacts.size(); ++k) {
        const double u = t - impacts[k];
        if (u >= 0.0 && u < 8 * m.decay_s)
          v += impact_amp[k] * std::exp(-u / m.decay_s) * std::sin(kTwoPi * m.resonance_hz * u);
      }
      out[i] = static_cast<float>(v);
    }
    d.y[w] = cls;
  }
  return d;
}

Dataset vibration_split(const std::string& split, size_t n) {
  VibrationOptions o;
  if (split == "train") {
    o.seed = 21; o.first_machine = 0; o.num_machines = 16; o.num_windows = n ? n : 3000;
  } else if (split == "calib") {
    o.seed = 23; o.first_machine = 0; o.num_machines = 16; o.num_windows = n ? n : 300;
  } else if (split == "test") {
    o.seed = 27; o.first_machine = 100; o.num_machines = 6; o.num_windows = n ? n : 900;
  } else {
    throw Error("vibration", "unknown split '" + split + "'", "use train, test or calib");
  }
  return generate_vibration(o);
}

}  // namespace tinysim
